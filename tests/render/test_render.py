"""Everything we render passes the stand-in's Block Kit checks, however long or odd the report."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.domain.home import DeadLetter, HomeData, KnownIssue
from bot.domain.reports import Report, Severity, Source
from bot.domain.roster import Role
from bot.domain.sla import Duty, Figures, Policy, Targets
from bot.render import queue
from bot.render import reports as render
from bot.render.home import home
from bot.standin.blockkit import check_blocks, check_view

WARDS = {"ward-7": "Ward 7 Acute Medicine", "ward-9": "Ward 9 Surgery"}


def _report(text: str, **kw: object) -> Report:
    fields: dict[str, object] = dict(
        id=42,
        reporter="U0AISHA01",
        filed_by="U0AISHA01",
        source=Source.COMMAND,
        severity=Severity.BLOCKS_WORK,
        ward_id="ward-7",
        text=text,
        system=None,
        workaround=None,
        permalink=None,
        masked=(),
        status="new",
        created_at=datetime(2026, 11, 16, 9, tzinfo=UTC),
    )
    fields.update(kw)
    return Report(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("length", [1, 2_999, 3_001, 10_000, 40_000])
def test_cards_and_confirmations_stay_within_limits(length: int) -> None:
    report = _report(
        "x" * length,
        workaround="w" * 3_000,
        system="s" * 500,
        masked=("NAME", "BED"),
        permalink="https://pilot.slack.com/archives/C1/p1",
        filed_by="U0BEN0002",
        source=Source.REACTION,
    )
    for status in ("new", "taken", "planned", "resolved", "duplicate"):
        moved = replace(
            report,
            status=status,
            owner="U0DEV0004",
            expected_fix=date(2026, 11, 20),
            plan_note="p" * 3000,
            team_workaround="w" * 3000,
            resolution="r" * 3000,
            duplicate_of=3,
            me_too=4,
            known_issue_id=2,
        )
        assert check_blocks(queue.card(moved, WARDS, POLICY, Duty.ESCALATE)["blocks"]) == []
    for message in (queue.card(report, WARDS, POLICY), render.filed_private(report, wards=WARDS, ask_ward=True)):
        assert check_blocks(message["blocks"]) == []
        assert len(message["text"]) <= 3_000


def test_user_text_cannot_mention_everyone_or_fake_a_link() -> None:
    card = queue.card(_report("<!channel> see <https://evil.example|the fix>"), WARDS, POLICY)
    body = str(card["blocks"])
    assert "<!channel>" not in body and "<https://evil" not in body
    assert "&lt;!channel&gt;" in body


def test_the_form_and_the_offer_stay_within_limits() -> None:
    view = render.form(
        wards=WARDS,
        ward_id="ward-7",
        text="t" * 5_000,
        attached_chars=5_000,
        metadata={"source": "shortcut", "channel": "C0WARD007", "ts": "1.2", "draft": 9},
    )
    assert check_view(view) == []
    offer = render.offer(7, "o" * 40_000, [])
    assert check_blocks(offer["blocks"]) == []


POLICY = Policy(dict.fromkeys(Severity, Targets(timedelta(hours=1), timedelta(hours=24))))


@pytest.mark.parametrize("role", [None, Role.CHAMPION, Role.RESPONDER, Role.LEAD, Role.ADMIN])
def test_a_full_home_stays_within_limits_for_every_role(role: Role | None) -> None:
    many = [_report("r" * 700, id=i, owner="U0DEV0004") for i in range(1, 11)]
    issues = [KnownIssue(i, i, "t" * 150, "c" * 2000, "w" * 800, None, "open") for i in range(10)]
    stats = Figures(dict.fromkeys(Severity, 3), {"under 4h": 1}, timedelta(minutes=20), timedelta(hours=5), 0.9, 10, 2)
    data = HomeData(
        datetime(2026, 11, 16, 12, tzinfo=UTC),
        role,
        many,
        issues,
        many,
        many,
        many,
        many,
        stats,
        [DeadLetter(i, "report_card", "chat.postMessage", "channel_not_found") for i in range(10)],
    )
    view = home(data, POLICY, WARDS)
    assert check_view(view) == []
    assert len(view["blocks"]) <= 100
