"""Clinical terminology codes, which name a condition or a procedure and no person: a SNOMED CT concept identifier
("procedure 34068001 Heart valve replacement", "Prediabetes 15777000") is six to eighteen digits whose last digit is
a Verhoeff check digit and whose two before it say what kind of component it is. Pure."""

from __future__ import annotations

import re

# The Verhoeff scheme's tables: the dihedral group D5's multiplication, and the permutation applied per position.
_D = tuple(
    tuple(int(c) for c in row)
    for row in (
        "0123456789",
        "1234067895",
        "2340178956",
        "3401289567",
        "4012395678",
        "5987604321",
        "6598710432",
        "7659821043",
        "8765932104",
        "9876543210",
    )
)
_P = tuple(
    tuple(int(c) for c in row)
    for row in (
        "0123456789",
        "1576283094",
        "5803796142",
        "8916043527",
        "9453126870",
        "4286573901",
        "2793806415",
        "7046913258",
    )
)
# SNOMED CT partition identifiers: concept, description, relationship, in the core (0x) or an extension (1x).
_PARTITIONS = frozenset({"00", "01", "02", "10", "11", "12"})
# Words that put a number among terminology, not records.
_TERMINOLOGY = re.compile(
    r"\b(?:snomed|sct|concept|code|codes|coded|coding|procedure|finding|disorder|diagnosis|diagnoses|problem\s+list"
    r"|picklist|pick\s+list|encounter\s+type|observable|substance|clinical\s+term|term)\b",
    re.IGNORECASE,
)

_RECORD_LABEL = re.compile(
    r"\b(?:mrn|nhs|hosp(?:ital)?|pas|unit|acct|account|fin|csn|ssn|id|no|number|num|band|wristband|pt|patient|record)"
    r"\.?\s*(?:no\.?|number|#)?\s*[:#=]?\s*$",
    re.IGNORECASE,
)


def verhoeff(digits: str) -> bool:
    """The number's last digit is its Verhoeff check digit."""
    check = 0
    for i, d in enumerate(reversed(digits)):
        check = _D[check][_P[i % 8][int(d)]]
    return check == 0


def snomed_code(text: str, start: int, end: int) -> bool:
    """text[start:end] is a SNOMED CT identifier among terminology words: its shape, its check digit and its
    partition, with a terminology word within a few words before or after it."""
    digits = text[start:end]
    if not (digits.isdigit() and 6 <= len(digits) <= 18) or digits[0] == "0":
        return False
    if digits[-3:-1] not in _PARTITIONS or not verhoeff(digits):
        return False
    if _RECORD_LABEL.search(text, max(0, start - 20), start):
        return False  # "MRN 34068001 on the procedure list": a label says whose it is
    return bool(_TERMINOLOGY.search(text, max(0, start - 60), min(len(text), end + 40)))
