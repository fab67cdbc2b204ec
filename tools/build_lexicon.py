"""Builds the identifier guard's lexicon (bot/domain/lexicon/common.txt and names.bin).

Run by hand when a source changes; the output is committed, so nothing is fetched at run time:

    pip install 'faker==40.63.0' && apt-get install scowl    # the sources, at the versions recorded
    python tools/build_lexicon.py --census names-0.3.0/names # the 'names' sdist's US Census 1990 files

common.txt holds the English a typist slips on, one line per SCOWL size (10 = among the most common English words
... 55): the size's name (`en10`), then its lower-case words, space-separated. names.bin holds every other word
the guard only asks "is this in it?" about, as sorted 64-bit hashes followed by one flags byte per hash (which
lists hold the word: given name, surname, SCOWL 60, 70, or 80/95): given names and surnames keep their accents,
with a folded copy where it differs ('muñoz', 'munoz'). Loading is one split per line and one copy of the hashes,
so start-up stays small. Sources and licences: bot/domain/lexicon/PROVENANCE.md.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from bot.domain.lexicon import COMMON_LEVELS, EN60, EN70, GIVEN, RARE, SURNAME, word_hash

OUT = Path(__file__).resolve().parent.parent / "bot" / "domain" / "lexicon" / "common.txt"
SCOWL = Path("/usr/share/dict/scowl")
SCOWL_LEVELS = (10, 20, 35, 40, 50, 55, 60, 70, 80, 95)
OBSCURE_LEVELS = (80, 95)
NAMES_OUT = OUT.parent / "names.bin"
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
    flags: dict[int, int] = defaultdict(int)
    for words, flag in ((sections["given"], GIVEN), (sections["surname"], SURNAME)):
        for word in words:
            flags[word_hash(word)] |= flag
    common: dict[int, set[str]] = defaultdict(set)
    for word, level in english.items():
        if level in COMMON_LEVELS:
            common[level].add(word)
        else:
            flags[word_hash(word)] |= {60: EN60, 70: EN70}.get(level, RARE)
    write_table(NAMES_OUT, flags)
    OUT.write_text("".join(" ".join([f"en{level}", *sorted(common[level])]) + "\n" for level in COMMON_LEVELS))
    summary = ", ".join(f"{name} {len(words):,}" for name, words in sections.items())
    print(f"{OUT}: {sum(map(len, common.values())):,} common English words; {OUT.stat().st_size:,} bytes")
    print(f"{NAMES_OUT}: {len(flags):,} hashed words ({summary}, uncommon and rare English)")


def write_table(path: Path, flags: dict[int, int] | set[int]) -> None:
    """Sorted 64-bit hashes, little-endian, then (for a dict) one flags byte per hash: what lexicon.read_table reads."""
    hashes = sorted(flags)
    tail = bytes(flags[h] for h in hashes) if isinstance(flags, dict) else b""
    path.write_bytes(b"".join(h.to_bytes(8, "little") for h in hashes) + tail)


if __name__ == "__main__":
    main()
