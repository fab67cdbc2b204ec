from __future__ import annotations

import pytest

from bot.domain.reports import (
    MAX_REPORT_CHARS,
    DraftProblem,
    Severity,
    check_text,
    excerpt,
    headline,
    normalise,
    parse_ref,
    ref,
)
from bot.domain.triage import infer_severity


def test_ref_round_trips() -> None:
    assert ref(42) == "R-42"
    assert parse_ref("R-42") == 42
    assert parse_ref(" r42 ") == 42
    assert parse_ref("42") is None
    assert parse_ref("R-") is None


def test_text_checks() -> None:
    assert check_text("   \n ") is DraftProblem.EMPTY
    assert check_text("x" * (MAX_REPORT_CHARS + 1)) is DraftProblem.TOO_LONG
    assert check_text("x" * 10_000) is None


def test_normalise_keeps_every_word() -> None:
    assert normalise("  a\r\n\n\n\n b  ") == "a\n\n b"


def test_excerpt_cuts_at_a_word_and_says_so() -> None:
    text = "word " * 1000
    cut, more = excerpt(text, 100)
    assert more and len(cut) <= 100 and cut.endswith("…") and not cut[:-1].endswith(" ")
    assert excerpt("short", 100) == ("short", False)
    assert headline("first line\nsecond") == "first line"


@pytest.mark.parametrize(
    ("text", "severity"),
    [
        ("gave the wrong dose because the chart showed 10 units", Severity.PATIENT_SAFETY),
        ("she missed her 10:00 dose because of it", Severity.PATIENT_SAFETY),
        ("the scanner logs me out every 2 min", Severity.BLOCKS_WORK),
        ("can't sign the CD register", Severity.BLOCKS_WORK),
        ("typo on the discharge letter", Severity.MINOR),
        ("takes 14 clicks to record obs", Severity.SLOWS_DOWN),
    ],
)
def test_one_step_reports_get_a_severity(text: str, severity: Severity) -> None:
    assert infer_severity(text) is severity


def test_severity_rank_puts_patient_safety_first() -> None:
    assert sorted(Severity, key=lambda s: s.rank)[0] is Severity.PATIENT_SAFETY
