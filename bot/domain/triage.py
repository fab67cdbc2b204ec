"""Triage rules: how urgent a one-step report is when the reporter did not say."""

from __future__ import annotations

import re

from bot.domain.reports import Severity

# Erring towards safety: a responder can lower the severity in one click, a missed harm cannot be undone.
_SAFETY = re.compile(
    r"\b(?:patient\s+safety|unsafe|danger(?:ous)?|harm(?:ed)?|near\s+miss|wrong\s+(?:patient|dose|drug|"
    r"record|chart|blood|allerg\w*)|missed\s+(?:\S+\s+){0,3}doses?|overdose|allerg(?:y|ic)\s+(?:missing|not\s+shown)|"
    r"datix|never\s+event|cardiac\s+arrest|crash\s+call|cpr)\b",
    re.IGNORECASE,
)
_BLOCKING = re.compile(
    r"\b(?:can(?:'|no)?t|cannot|unable|won'?t|doesn'?t\s+work|not\s+working|down|outage|broken|"
    r"locked\s+out|logs?\s+(?:me\s+)?out|blocked|stuck|crash(?:es|ed|ing)?|froze|freez(?:es|ing)|"
    r"no\s+access|error)\b",
    re.IGNORECASE,
)
_MINOR = re.compile(r"\b(?:typo|spelling|cosmetic|colou?r|font|wording|nice\s+to\s+have|suggestion)\b", re.I)


def infer_severity(text: str) -> Severity:
    """The severity a one-step report gets when none was chosen."""
    if _SAFETY.search(text):
        return Severity.PATIENT_SAFETY
    if _BLOCKING.search(text):
        return Severity.BLOCKS_WORK
    if _MINOR.search(text):
        return Severity.MINOR
    return Severity.SLOWS_DOWN
