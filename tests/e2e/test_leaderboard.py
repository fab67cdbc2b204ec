"""The Monday leaderboard through the scheduler's tick: once per ISO week whatever the workers do, late after
downtime, fair by construction (per head, small wards unranked, nobody's own use), across week 53 and the clock
changes."""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.clock import FixedClock
from bot.config import PilotConfig, parse_config
from bot.container import build_services
from bot.db.models import AuditRow, WeeklyPostRow
from bot.db.session import make_engine
from bot.domain.weeks import IsoWeek
from bot.jobs.tick import tick
from bot.standin.world import World

DATA = Path(__file__).parent.parent / "data"
UPDATES = "C0UPDATE1"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 0 9 * * MON in London (GMT): the board about 2026-W47
W46, W47 = IsoWeek(2026, 46), IsoWeek(2026, 47)
ROSTERED = datetime(2026, 11, 9, 10, 0, tzinfo=UTC)  # in W46, after its Monday's board: W45 has no board

# ward-7: Aisha, Ben and six nurses (8 staff); ward-9: Carla and six nurses (7); ward-3: three (too few to rank)
SEVENS = [f"U0SEVEN{i:02d}" for i in range(6)]
NINES = [f"U0NINE0{i:02d}" for i in range(6)]
THREES = [f"U0THREE{i:02d}" for i in range(3)]
GAMER = SEVENS[0]


def extra_roster() -> str:
    wards = (("ward-7", SEVENS), ("ward-9", NINES), ("ward-3", THREES))
    return "".join(f"{p},,Staff {p[-4:]},{ward},clinician\n" for ward, people in wards for p in people)


def pilot() -> PilotConfig:
    text = (DATA / "pilot.toml").read_text(encoding="utf-8")
    text = text.replace("[phi]", '[[wards]]\nid = "ward-3"\nname = "Ward 3 Day Unit"\n\n[phi]', 1)
    return parse_config(text, path="pilot.toml", base=DATA)


WorldMaker = Callable[[datetime], AbstractAsyncContextManager[World]]


@pytest.fixture
def make_world(db_url: str, roster_csv: str) -> WorldMaker:
    """A pilot whose roster is imported at `start` (so everyone counts from that week)."""

    @asynccontextmanager
    async def make(start: datetime) -> AsyncIterator[World]:
        async with World(db_url, pilot(), FixedClock(start), roster_csv=roster_csv + extra_roster()) as world:
            await world.import_roster()
            world.slack.calls.clear()
            yield world

    return make


def feed(world: World, rows: list[tuple[date, str, int]], at: datetime) -> None:
    """Imports usage rows as the piloted system would send them, with the clock at `at`."""
    world.clock.set(at)  # type: ignore[attr-defined]
    body = "date,slack_id,email,events\n" + "".join(f"{d.isoformat()},{who},,{n}\n" for d, who, n in rows)
    result = world.services.usage.import_lines(io.StringIO(body, newline=""), partial=False, actor="test")
    assert not result.rejected, result.rejected


def week_of_use(monday: date, people: list[str], events: int, days: int = 3) -> list[tuple[date, str, int]]:
    return [(monday + timedelta(days=d), who, events) for who in people for d in range(days)]


def usual_week(week: IsoWeek) -> list[tuple[date, str, int]]:
    """ward-7: one person clicking all day; ward-9: 2 of 7 in W46, then 4 of 7; ward-3: all three."""
    rows = week_of_use(week.monday, [GAMER], 5_000, days=7)
    rows += week_of_use(week.monday, SEVENS[1:], 0)  # sent, but no use: not active
    rows += week_of_use(week.monday, THREES, 9)
    return rows + week_of_use(week.monday, NINES[: 2 if week == W46 else 4], 4, days=2)


def usual_fortnight() -> list[tuple[date, str, int]]:
    return usual_week(W46) + usual_week(W47)


async def run_tick(world: World, at: datetime) -> int:
    """Messages the leaderboard job queued: 2 for a board (the post and its chart), 1 for NO DATA, 0 for none."""
    world.clock.set(at)  # type: ignore[attr-defined]
    return (await tick(world.services, at)).queued["leaderboard"]


def boards(world: World) -> list[dict[str, Any]]:
    return [m for m in world.slack.messages(UPDATES) if "leaderboard" in m.get("text", "").lower()]


def charts(world: World) -> list[dict[str, Any]]:
    return [m for m in world.slack.messages(UPDATES) if m.get("files")]


def words(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


def posts(world: World) -> list[WeeklyPostRow]:
    with Session(world.services.engine) as session:
        return list(session.exec(select(WeeklyPostRow).where(WeeklyPostRow.kind == "leaderboard")))


async def test_posted_once_at_the_monday_instant_and_never_again(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_week(W46), MONDAY - timedelta(days=7, hours=2))
        assert await run_tick(world, MONDAY - timedelta(days=7)) == 2  # last Monday's, about W46
        feed(world, usual_week(W47), MONDAY - timedelta(hours=2))
        assert await run_tick(world, MONDAY - timedelta(minutes=1)) == 0
        assert await run_tick(world, MONDAY) == 2
        assert await run_tick(world, MONDAY + timedelta(minutes=1)) == 0
        other = build_services(
            world.settings, config=world.config, clock=world.clock, engine=make_engine(world.database_url)
        )  # a second worker, with its own engine, on the same database
        try:
            assert (await tick(other, MONDAY + timedelta(minutes=2))).queued["leaderboard"] == 0
        finally:
            await other.deliverer.close()
            other.engine.dispose()
        assert ["week 2026-W46" in words(b) for b in boards(world)] == [True, False]
        assert "week 2026-W47" in words(boards(world)[1])
        assert [(p.week, p.late) for p in posts(world)] == [("2026-W46", False), ("2026-W47", False)]
        with Session(world.services.engine) as session:
            audits = session.exec(select(AuditRow).where(AuditRow.action == "leaderboard.posted")).all()
        assert [a.entity_id for a in audits] == ["leaderboard/2026-W46", "leaderboard/2026-W47"]
        assert audits[1].detail == {"week": "2026-W47", "ranked": 2, "unranked": 1, "no_data": False, "late": False}
        assert len(charts(world)) == 2


async def test_two_workers_racing_post_it_once(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_fortnight(), MONDAY - timedelta(hours=2))
        world.clock.set(MONDAY)  # type: ignore[attr-defined]
        workers = [
            build_services(
                world.settings, config=world.config, clock=world.clock, engine=make_engine(world.database_url)
            )
            for _ in range(2)
        ]
        try:
            queued = await asyncio.gather(*(asyncio.to_thread(w.leaderboard.run, MONDAY) for w in workers))
        finally:
            for w in workers:
                await w.deliverer.close()
                w.engine.dispose()
        assert sorted(queued) == [0, 2]
        await world.settle()
        assert (len(boards(world)), len(charts(world))) == (1, 1)


async def test_after_downtime_it_is_posted_once_late_and_says_which_week(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_fortnight(), MONDAY - timedelta(hours=2))
        back = MONDAY + timedelta(days=2, hours=5)  # the scheduler was down from Monday morning to Wednesday
        assert await run_tick(world, back) == 2
        assert await run_tick(world, back + timedelta(minutes=1)) == 0
        [board] = boards(world)
        assert "Posted late" in words(board)
        assert "covers week 2026-W47" in words(board)
        assert [(p.week, p.late) for p in posts(world)] == [("2026-W47", True)]


async def test_the_volume_gamer_does_not_lead_and_a_small_ward_is_not_ranked(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_fortnight(), MONDAY - timedelta(hours=2))
        await run_tick(world, MONDAY)
        [board] = boards(world)
        lines = [b["text"]["text"] for b in board["blocks"] if b["type"] == "section"]
        ranking = next(line for line in lines if line.startswith("*1.*"))
        assert ranking.splitlines() == [
            "*1.* Ward 9 Surgery: *57%* (4 of 7 staff) ▲ 29 pts",
            "*2.* Ward 7 Acute Medicine: *13%* (1 of 8 staff) no change",  # 35,000 clicks count as one person
        ]
        assert any("Most improved:* Ward 9 Surgery, up 29 points" in line for line in lines)
        unranked = next(
            e["text"]
            for b in board["blocks"]
            if b["type"] == "context"
            for e in b["elements"]
            if "Not ranked" in e["text"]
        )
        assert unranked.endswith(": Ward 3 Day Unit")  # listed, with no figures
        text = words(board) + board["text"]
        assert not any(n in text for n in ("5000", "5,000", "35000", "35,000"))  # never a count of events
        assert not any(p in text for p in [*SEVENS, *NINES, *THREES, "Staff", "Aisha", "Ben", "Carla"])  # nobody


async def test_the_preview_prints_what_is_posted(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_fortnight(), MONDAY - timedelta(hours=2))
        preview = world.services.leaderboard.preview(None, MONDAY + timedelta(hours=1))
        assert preview.splitlines()[0] == "📊 ADOPTION LEADERBOARD: WEEK 47"
        assert "*1.* Ward 9 Surgery: *57%* (4 of 7 staff) ▲ 29 pts" in preview.splitlines()
        assert "*1.* Ward 3" not in preview
        assert "Ward 9 Surgery: *29%*" in world.services.leaderboard.preview(W46, MONDAY)
        assert boards(world) == []  # a preview posts nothing


async def test_before_any_usage_the_board_says_no_data(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        assert await run_tick(world, MONDAY) == 1
        [board] = boards(world)
        assert "*NO DATA* for week 2026-W47" in words(board)
        assert "NO DATA" in world.services.leaderboard.preview(W47, MONDAY)


async def test_week_53_of_2026_is_a_week_like_any_other(make_world: WorldMaker) -> None:
    new_year_monday = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)  # London is on GMT
    w53 = IsoWeek(2026, 53)
    async with make_world(datetime(2026, 12, 21, 10, 0, tzinfo=UTC)) as world:
        rows = [(date(2026, 12, 31), who, 3) for who in NINES[:3]] + [(date(2027, 1, 3), NINES[3], 1)]
        rows += [(date(2027, 1, 2), who, 2) for who in SEVENS[:4]] + [(date(2026, 12, 27), SEVENS[5], 1)]  # W52
        feed(world, rows, new_year_monday - timedelta(hours=3))
        assert await run_tick(world, new_year_monday) == 2
        [board] = boards(world)
        assert "week 2026-W53" in words(board)
        assert "Mon 28 Dec 2026 – Sun 3 Jan 2027" in words(board)
        assert "*1.* Ward 9 Surgery: *57%* (4 of 7 staff)" in words(board)
        assert "Ward 7 Acute Medicine: *50%* (4 of 8 staff)" in words(board)
        assert [p.week for p in posts(world)] == [w53.label]


async def test_when_the_clocks_go_forward_it_posts_at_nine_local(make_world: WorldMaker) -> None:
    bst_monday = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 09:00 BST, the day after the clocks went forward
    async with make_world(datetime(2027, 3, 22, 10, 0, tzinfo=UTC)) as world:  # in W12: W11 has no board
        sunday = date(2027, 3, 28)  # the 23-hour Sunday still belongs to 2027-W12
        feed(world, [(sunday, who, 1) for who in NINES[:5]], bst_monday - timedelta(hours=1))
        assert await run_tick(world, bst_monday - timedelta(minutes=1)) == 0
        assert await run_tick(world, bst_monday) == 2
        [board] = boards(world)
        assert "week 2027-W12" in words(board)
        assert "Ward 9 Surgery: *71%* (5 of 7 staff)" in words(board)


async def test_when_the_clocks_go_back_the_week_before_is_169_hours_and_posts_at_nine(make_world: WorldMaker) -> None:
    gmt_monday = datetime(2026, 10, 26, 9, 0, tzinfo=UTC)  # 09:00 GMT; the week before ended with a 25-hour Sunday
    async with make_world(datetime(2026, 10, 19, 10, 0, tzinfo=UTC)) as world:  # in W43: W42 has no board
        feed(world, [(date(2026, 10, 25), who, 1) for who in SEVENS], gmt_monday - timedelta(hours=1))
        assert await run_tick(world, gmt_monday - timedelta(hours=1)) == 0  # 08:00 UTC is 08:00 GMT now, not 09:00
        assert await run_tick(world, gmt_monday) == 2
        [board] = boards(world)
        assert "week 2026-W43" in words(board)
        assert "Ward 7 Acute Medicine: *75%* (6 of 8 staff)" in words(board)


async def test_the_chart_goes_in_the_posts_thread_with_alt_text_and_no_small_ward(make_world: WorldMaker) -> None:
    async with make_world(ROSTERED) as world:
        feed(world, usual_fortnight(), MONDAY - timedelta(hours=2))
        await run_tick(world, MONDAY)
        [board], [chart] = boards(world), charts(world)
        assert chart["thread_ts"] == board["ts"]
        [file] = chart["files"]
        assert world.slack.files[file["id"]]["content"].startswith(b"\x89PNG")
        assert file["alt_txt"].endswith("in week 2026-W47: Ward 9 Surgery 57%, Ward 7 Acute Medicine 13%.")
        assert "Ward 3" not in file["alt_txt"]
