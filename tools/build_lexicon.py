"""Builds the identifier guard's lexicon (bot/domain/lexicon/words.txt.gz and obscure.bin).

Run by hand when a source changes; the output is committed, so nothing is fetched at run time:

    pip install 'faker==40.63.0' && apt-get install scowl    # the sources, at the versions recorded
    python tools/build_lexicon.py --census names-0.3.0/names # the 'names' sdist's US Census 1990 files

words.txt.gz is sections, each a `#name` line and then one lower-case word per line: `#given` (given names),
`#surname` (surnames), and `#en10` ... `#en70`, ordinary lower-case English words by the SCOWL size they first
appear at (10 = among the most common English words ... 70 = uncommon). Names keep their accents, with a folded
copy where it differs ('muñoz', 'munoz'). Sections load with one split each, so start-up stays small.
Obscure English (SCOWL 80 and 95, "sternal") is only ever asked "is this English?", so obscure.bin keeps it as
sorted 64-bit hashes, 8 bytes a word. Sources and licences: bot/domain/lexicon/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import pkgutil
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from bot.domain.lexicon import word_hash

OUT = Path(__file__).resolve().parent.parent / "bot" / "domain" / "lexicon" / "words.txt.gz"
SCOWL = Path("/usr/share/dict/scowl")
SCOWL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
# Obscure English ("sternal", "haematuria") is only ever asked "is this English?": kept as sorted 64-bit hashes.
OBSCURE_LEVELS = (80, 95)
OBSCURE_OUT = OUT.parent / "obscure.bin"
SCOWL_VARIANTS = ("english", "american", "british", "canadian", "australian", "british_z")

# Cyrillic and Greek as a UK or US clerk would type them (BGN/PCGN-like, simplified).
_TRANSLIT = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ",
        "a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g".split(),
        strict=True,
    )
)
_TRANSLIT.update(
    zip(
        "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
        "a v g d e z i th i k l m n x o p r s s t y f ch ps o a e i i o y o i y i y".split(),
        strict=True,
    )
)
_WORD = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")


def fold(word: str) -> str:
    """The word without accents: 'muñoz' -> 'munoz'."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def latin(word: str) -> str | None:
    """The word in Latin letters (transliterated from Cyrillic or Greek), or None for other scripts."""
    out = []
    for c in word.lower():
        if c in _TRANSLIT:
            out.append(_TRANSLIT[c].replace("-", ""))
        elif c.isalpha() and not unicodedata.name(c, "").startswith("LATIN"):
            return None
        else:
            out.append(c)
    text = "".join(out)
    return text if text and _WORD.match(text) else None


def faker_names() -> tuple[set[str], set[str]]:
    """Given names and surnames from every Faker locale's person provider."""
    import faker.providers.person as person

    given: set[str] = set()
    surnames: set[str] = set()
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        for attr in dir(provider):
            if not attr.startswith(("first_name", "last_name")):
                continue
            value = getattr(provider, attr)
            if not isinstance(value, dict | list | tuple):
                continue
            target = given if attr.startswith("first") else surnames
            for name in value:
                for part in str(name).replace(".", " ").split():
                    word = latin(part)
                    if word and len(word) > 1:
                        target.add(word)
    return given, surnames


def census_names(folder: Path) -> tuple[set[str], set[str]]:
    """US Census 1990 given names and surnames (public domain), as shipped in the 'names' sdist."""

    def read(name: str) -> set[str]:
        return {line.split()[0].lower() for line in (folder / name).read_text().splitlines() if line.strip()}

    return read("dist.male.first") | read("dist.female.first"), read("dist.all.last")


def english_levels() -> dict[str, int]:
    """Lower-case English words (SCOWL, sizes 10-70) and the smallest size each appears at."""
    levels: dict[str, int] = {}
    for level in SCOWL_LEVELS:
        for variant in SCOWL_VARIANTS:
            path = SCOWL / f"{variant}-words.{level}"
            if not path.exists():
                continue
            for raw in path.read_text(encoding="latin-1").splitlines():
                word = raw.strip()
                if word.endswith("'s"):
                    word = word[:-2]
                if word and word == word.lower() and _WORD.match(word):
                    levels.setdefault(word, level)
    return levels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--census", type=Path, required=True, help="folder with dist.all.last and dist.*.first")
    args = parser.parse_args()
    given, surnames = faker_names()
    census_given, census_surnames = census_names(args.census)
    given |= census_given
    surnames |= census_surnames
    english = english_levels()
    sections: dict[str, set[str]] = defaultdict(set)
    for words, section in ((given, "given"), (surnames, "surname")):
        for word in words:
            sections[section] |= {word, fold(word)}
    obscure: set[str] = set()
    for word, level in english.items():
        (obscure if level in OBSCURE_LEVELS else sections[f"en{level}"]).add(word)
    OBSCURE_OUT.write_bytes(b"".join(h.to_bytes(8, "little") for h in sorted(word_hash(w) for w in obscure)))
    lines = []
    for section in ("given", "surname", *(f"en{level}" for level in SCOWL_LEVELS if level not in OBSCURE_LEVELS)):
        lines.append(f"#{section}")
        lines.extend(sorted(sections[section]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    summary = ", ".join(f"{name} {len(words):,}" for name, words in sections.items())
    print(f"{OUT}: {summary}; {OUT.stat().st_size:,} bytes")
    print(
        f"{OBSCURE_OUT}: {len(obscure):,} obscure English words (SCOWL 80, 95) as hashes;"
        f" {OBSCURE_OUT.stat().st_size:,} bytes"
    )


if __name__ == "__main__":
    main()
