"""Issue reports from wards: severities, sources, references and what a filed report looks like."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

# Slack caps a message at 40,000 characters; nothing a person can send us is longer than that.
MAX_REPORT_CHARS = 40_000
# What a form field can hold (Block Kit plain_text_input max_length).
FORM_FIELD_CHARS = 3_000
MAX_DETAIL_CHARS = 500


class Severity(StrEnum):
    PATIENT_SAFETY = "patient_safety"
    BLOCKS_WORK = "blocks_work"
    SLOWS_DOWN = "slows_down"
    MINOR = "minor"

    @property
    def rank(self) -> int:
        """0 is the most urgent."""
        return list(Severity).index(self)


class Source(StrEnum):
    COMMAND = "command"
    FORM = "form"
    SHORTCUT = "shortcut"
    REACTION = "reaction"
    DM = "dm"


@dataclass(frozen=True)
class Draft:
    """What someone asked us to file, before the identifier guard has seen it."""

    text: str
    reporter: str
    filed_by: str
    source: Source
    severity: Severity | None = None
    ward_id: str | None = None
    system: str | None = None
    workaround: str | None = None
    permalink: str | None = None
    source_key: str | None = None  # "channel:ts" of a Slack message filed as a report, for dedupe


@dataclass(frozen=True)
class Report:
    id: int
    reporter: str
    filed_by: str
    source: Source
    severity: Severity
    ward_id: str | None
    text: str
    system: str | None
    workaround: str | None
    permalink: str | None
    masked: tuple[str, ...]
    status: str
    created_at: datetime
    # The queue's side of it (issue 3).
    owner: str | None = None
    clock_started_at: datetime | None = None
    cycle: int = 1
    first_response_at: datetime | None = None
    answered_at: datetime | None = None
    expected_fix: date | None = None
    duplicate_of: int | None = None
    me_too: int = 0
    plan_note: str | None = None
    team_workaround: str | None = None
    resolution: str | None = None
    public_summary: str | None = None
    known_issue_id: int | None = None

    @property
    def ref(self) -> str:
        return ref(self.id)


class DraftProblem(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"


def ref(report_id: int) -> str:
    """The reference a reporter quotes: R-42."""
    return f"R-{report_id}"


_REF = re.compile(r"^\s*R-?(\d{1,9})\s*$", re.IGNORECASE)


def parse_ref(text: str, *, bare: bool = False) -> int | None:
    """42 for 'R-42', 'r42' or ' R-42 ' (and '42' when `bare`); None for anything else."""
    m = _REF.match(text)
    if m:
        return int(m.group(1))
    digits = text.strip()
    return int(digits) if bare and digits.isdigit() and len(digits) <= 9 else None


def check_text(text: str) -> DraftProblem | None:
    """Why a report text cannot be filed, or None when it can."""
    if not text.strip():
        return DraftProblem.EMPTY
    if len(text) > MAX_REPORT_CHARS:
        return DraftProblem.TOO_LONG
    return None


def normalise(text: str) -> str:
    """Trims and collapses runs of blank lines; keeps every word."""
    text = text.replace("\r\n", "\n").strip()
    return re.sub(r"\n{3,}", "\n\n", text)


def excerpt(text: str, limit: int) -> tuple[str, bool]:
    """The first `limit` characters, cut at a word, and whether anything was left out."""
    if len(text) <= limit:
        return text, False
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…", True


def headline(text: str, limit: int = 80) -> str:
    """A one-line title for a report: its first line, shortened."""
    first = text.strip().splitlines()[0] if text.strip() else ""
    return excerpt(first, limit)[0]
