"""The identifier guard's lexicon: given names and surnames of many cultures, and how common a word is in English.

Built by tools/build_lexicon.py from Faker's person lists (86 locales, MIT), the US Census 1990 name files
(public domain) and SCOWL's English word lists (permissive), and a gazetteer of towns and countries from GeoNames
(CC BY 4.0, built by tools/build_places.py); see PROVENANCE.md. Shipped in the package and
read once: nothing is downloaded at run time.
"""

from __future__ import annotations

import gzip
import hashlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache
from importlib import resources

# SCOWL sizes: 10 is among the most common words of English, 70 an uncommon one; OBSCURE (80 and 95) rare ones.
LEVELS = (10, 20, 35, 40, 50, 55, 60, 70)
OBSCURE = 80


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (the obscure-English list is stored as these)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: there is one per process
class Lexicon:
    given: frozenset[str]
    surname: frozenset[str]
    english: tuple[frozenset[str], ...]  # one set per size in LEVELS
    obscure: array  # type: ignore[type-arg]  # sorted hashes of SCOWL 80 and 95 words
    places: frozenset[str] = frozenset()  # towns, cities, countries, US states (GeoNames), lower case

    def level(self, word: str) -> int | None:
        """The SCOWL size at which a lower-case word is ordinary English (OBSCURE for rare words), or None."""
        for level, words in zip(LEVELS, self.english, strict=True):
            if word in words:
                return level
        h = word_hash(word)
        i = bisect_left(self.obscure, h)
        return OBSCURE if i < len(self.obscure) and self.obscure[i] == h else None


@cache
def load() -> Lexicon:
    """The shipped lexicon, read once per process."""
    folder = resources.files(__package__)
    sections: dict[str, list[str]] = {}
    for chunk in gzip.decompress(folder.joinpath("words.txt.gz").read_bytes()).decode("utf-8").split("\n#"):
        name, _, body = chunk.lstrip("#").partition("\n")
        sections[name] = body.split()
    english = tuple(frozenset(sections[f"en{level}"]) for level in LEVELS)
    obscure = array("Q")
    obscure.frombytes(folder.joinpath("obscure.bin").read_bytes())
    places = frozenset(gzip.decompress(folder.joinpath("places.txt.gz").read_bytes()).decode("utf-8").split("\n"))
    return Lexicon(frozenset(sections["given"]), frozenset(sections["surname"]), english, obscure, places - {""})
