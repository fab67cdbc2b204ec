"""The identifier guard's lexicon: given names and surnames of many cultures, and how common a word is in English.

Built by tools/build_lexicon.py from Faker's person lists (86 locales, MIT), the US Census 1990 name files
(public domain) and SCOWL's English word lists (permissive), and a gazetteer of towns and countries from GeoNames
(CC BY 4.0, built by tools/build_places.py); see PROVENANCE.md. Shipped in the package and
read once: nothing is downloaded at run time.

Start-up is kept small by what is stored how. The common English a typist slips on (SCOWL 10 to 55) is words, in
common.txt, because the slip check asks hundreds of one-letter neighbours of a word. Everything that is only ever
asked "is this word in it?" (given names, surnames, uncommon and rare English, places) is sorted 64-bit hashes,
read with one copy into an array: names.bin holds each hash with a byte of flags saying which lists hold the word,
places.bin the gazetteer's hashes.
"""

from __future__ import annotations

import hashlib
from array import array
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

# SCOWL sizes: 10 is among the most common words of English, 70 an uncommon one; OBSCURE (80 and 95) rare ones.
LEVELS = (10, 20, 35, 40, 50, 55, 60, 70)
OBSCURE = 80
COMMON_LEVELS = LEVELS[:6]  # stored as words, in common.txt
# The flags byte of names.bin: which lists hold the word.
GIVEN, SURNAME, EN60, EN70, RARE = 1, 2, 4, 8, 16
FOLDER = Path(__file__).resolve().parent


def word_hash(word: str) -> int:
    """A stable 64-bit hash of a word (names.bin and places.bin store words as these)."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")


class HashedWords:
    """A word list stored as sorted 64-bit hashes, asked only whether a word is in it."""

    def __init__(self, hashes: array, flags: bytes = b"") -> None:  # type: ignore[type-arg]
        self._hashes = hashes
        self._flags = flags
        self.flags = lru_cache(maxsize=200_000)(self._lookup)

    def _lookup(self, word: str) -> int:
        """The word's flags byte (1 for a plain list), or 0 when the list does not hold it."""
        h = word_hash(word)
        i = bisect_left(self._hashes, h)
        if i == len(self._hashes) or self._hashes[i] != h:
            return 0
        return self._flags[i] if self._flags else 1

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.flags(word))

    def __len__(self) -> int:
        return len(self._hashes)


@dataclass(frozen=True)
class Flagged:
    """The words of a names.bin table that carry one flag: `"grace" in lexicon.given`."""

    table: HashedWords
    flag: int

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(self.table.flags(word) & self.flag)


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: there is one per process
class Lexicon:
    common: tuple[frozenset[str], ...]  # one set of words per size in COMMON_LEVELS
    names: HashedWords  # given names, surnames, SCOWL 60, 70 and 80/95, flagged
    places: HashedWords = field(default_factory=lambda: HashedWords(array("Q")))  # towns, countries, US states

    @property
    def given(self) -> Flagged:
        return Flagged(self.names, GIVEN)

    @property
    def surname(self) -> Flagged:
        return Flagged(self.names, SURNAME)

    def level(self, word: str) -> int | None:
        """The SCOWL size at which a lower-case word is ordinary English (OBSCURE for rare words), or None."""
        for level, words in zip(COMMON_LEVELS, self.common, strict=True):
            if word in words:
                return level
        flags = self.names.flags(word)
        if flags & EN60:
            return 60
        if flags & EN70:
            return 70
        return OBSCURE if flags & RARE else None


def read_table(path: Path, *, flagged: bool) -> HashedWords:
    """A names.bin (hashes, then one flags byte per hash) or places.bin (hashes only)."""
    raw = path.read_bytes()
    n = len(raw) // 9 if flagged else len(raw) // 8
    hashes = array("Q")
    hashes.frombytes(raw[: n * 8])
    return HashedWords(hashes, raw[n * 8 :] if flagged else b"")


@cache
def load() -> Lexicon:
    """The shipped lexicon, read once per process."""
    common: dict[str, frozenset[str]] = {}
    with (FOLDER / "common.txt").open(encoding="utf-8") as lines:
        for line in lines:
            name, _, body = line.partition(" ")
            common[name] = frozenset(body.split())
    return Lexicon(
        tuple(common[f"en{level}"] for level in COMMON_LEVELS),
        read_table(FOLDER / "names.bin", flagged=True),
        read_table(FOLDER / "places.bin", flagged=False),
    )
