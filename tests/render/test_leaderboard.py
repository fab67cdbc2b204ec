"""The leaderboard as people read it: ties share a rank, small wards have no figures, 50 wards fit one message."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from bot.domain.adoption import WardWeek
from bot.domain.leaderboard import leaderboard
from bot.domain.weeks import IsoWeek
from bot.render import leaderboard as render
from bot.render.blocks import MESSAGE_BLOCKS, SECTION_TEXT

WEEK = IsoWeek(2026, 47)


def ww(ward: str, rostered: int, active: int, week: IsoWeek = WEEK, days: float | None = 2.0) -> WardWeek:
    return WardWeek(ward, week, rostered, active, active / rostered if rostered else None, days, active * 1000)


def sections(message: dict[str, object]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]  # type: ignore[attr-defined]


def test_ties_share_a_rank_and_are_marked_joint() -> None:
    board = leaderboard([ww("a", 10, 5), ww("b", 20, 10), ww("c", 10, 2)], WEEK, min_group=5)
    lines = sections(render.leaderboard(board, {"a": "Ward A"}, min_group=5))[0].splitlines()
    assert [line.split(":")[0] for line in lines] == ["*=1.* Ward A", "*=1.* b", "*3.* c"]
    assert render.leaderboard(board, {}, min_group=5)["text"].endswith("a and b share the lead with 50%.")


def test_depth_is_shown_only_for_a_group_big_enough_and_events_never() -> None:
    board = leaderboard([ww("a", 10, 6, days=3.5), ww("b", 10, 4)], WEEK, min_group=5)
    text = json.dumps(render.leaderboard(board, {}, min_group=5))
    assert "typical user: 3.5 active day(s)" in text
    assert text.count("typical user") == 1
    assert "6000" not in text and "4000" not in text


def test_fifty_wards_fit_one_message_within_slacks_limits() -> None:
    rows = [ww(f"ward-{n:02d}", 20 + n, n % 20) for n in range(50)] + [ww("tiny", 3, 3)]
    board = leaderboard(rows, WEEK, min_group=5)
    names = {f"ward-{n:02d}": f"Ward {n} with a rather long name for a ward" for n in range(50)}
    message = render.leaderboard(board, names, min_group=5, late_due=datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert len(message["blocks"]) < MESSAGE_BLOCKS
    assert all(len(s) <= SECTION_TEXT for s in sections(message))
    assert sum(len(s.splitlines()) for s in sections(message) if s.startswith("*")) >= 50
    assert "Posted late" in json.dumps(message)


def test_a_week_without_usage_says_no_data() -> None:
    message = render.no_data(WEEK)
    assert "*NO DATA* for week 2026-W47" in json.dumps(message)
    assert message["text"] == "Adoption leaderboard for week 2026-W47: NO DATA yet."


def test_the_weeks_span_names_both_years_across_new_year() -> None:
    assert render.span(IsoWeek(2026, 53)) == "Mon 28 Dec 2026 – Sun 3 Jan 2027"
    assert render.span(WEEK) == "Mon 16 Nov – Sun 22 Nov 2026"


def test_the_chart_draws_no_week_a_ward_was_too_small_to_rank() -> None:
    last = WEEK.previous()
    rows = [ww("a", 10, 5), ww("a", 4, 4, last), ww("small", 3, 3), ww("small", 3, 3, last)]
    board = leaderboard(rows, WEEK, min_group=5)
    labels, series = render.chart(board, {"a": "Ward A"}, [last, WEEK], rows, 5)
    assert labels == ["W46", "W47"]
    assert series == {"Ward A": [None, 0.5]}
