"""The weekly bulletin and the project-team digest through the doors users use: `tick` at their instants (twice,
two workers, after downtime, across the clock changes and ISO week 53), signed clicks for the decision."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import PilotConfig, parse_config
from bot.container import build_services
from bot.db.models import AuditRow, DecisionRow, Person, WeeklyPostRow
from bot.db.session import make_engine
from bot.ids import Action, Callback
from bot.jobs.tick import tick
from bot.standin.world import World
from tests.e2e.queue_helpers import AISHA, DEV, ELLA, FRAN, file, form, take

DATA = Path(__file__).parent.parent / "data"
UPDATES, PROJECT = "C0UPDATE1", "C0PROJ001"
GATES = """
[[gates]]
name = "Answers in time"
metric = "sla_compliance"
min = 0.8
[[gates]]
name = "No open patient-safety reports"
metric = "open_patient_safety"
max = 0
"""
SAFETY = "the wrong patient's chart opened from the scanner"
ROUTINE = "the printer on the nurses' station jams"
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 09:00 in London (GMT): the bulletin about 2026-W47


def pilot(*, project: bool = False, gates: bool = True) -> PilotConfig:
    text = (DATA / "pilot.toml").read_text(encoding="utf-8")
    if project:
        text = text.replace('escalation = "C0ESCAL01"', f'escalation = "C0ESCAL01"\nproject = "{PROJECT}"')
    return parse_config(text + (GATES if gates else ""), path="pilot.toml", base=DATA)


@pytest.fixture
async def weekly(db_url: str, clock: FixedClock, roster_csv: str) -> AsyncIterator[World]:
    async with World(db_url, pilot(), clock, roster_csv=roster_csv) as world:
        await world.import_roster()
        world.slack.calls.clear()
        yield world


async def at(world: World, instant: datetime) -> dict[str, int]:
    world.clock.set(instant)
    result = await tick(world.services, instant)
    return result.queued


def bulletins(world: World) -> list[dict[str, Any]]:
    return [m for m in world.slack.messages(UPDATES) if "Pilot bulletin" in m.get("text", "")]


def text_of(message: dict[str, Any]) -> str:
    return json.dumps(message.get("blocks", []), ensure_ascii=False)


def audits(world: World, action: str) -> list[AuditRow]:
    with Session(world.services.engine) as session:
        return list(session.exec(select(AuditRow).where(AuditRow.action == action).order_by(col(AuditRow.id))))


async def a_week_of_work(world: World) -> tuple[int, int]:
    """Monday 16 Nov: a routine report given a dated plan, and a patient-safety report given a workaround in time
    but not resolved, so it is still open."""
    routine = await file(world, ROUTINE)
    safety = await file(world, SAFETY)
    await take(world, DEV, routine)
    await form(world, DEV, routine, "plan", note="New printer on Friday.", expected_fix=date(2026, 11, 27))
    await take(world, DEV, safety)
    await form(world, DEV, safety, "workaround", team_workaround="Scan the wristband twice and check the name.")
    return routine, safety


def digests(world: World, lead: str = ELLA) -> list[dict[str, Any]]:
    return [m for m in world.slack.dms(lead) if "Project digest" in m.get("text", "")]


# --- the bulletin ---------------------------------------------------------------------------------------


async def test_the_bulletin_is_posted_once_at_its_instant_with_its_chart(weekly: World) -> None:
    routine, _ = await a_week_of_work(weekly)
    assert (await at(weekly, MONDAY - timedelta(minutes=1)))["bulletin"] == 0
    queued = await at(weekly, MONDAY)
    assert queued["bulletin"] == 2  # the post and its chart
    assert (await at(weekly, MONDAY))["bulletin"] == 0  # the same instant again
    assert (await at(weekly, MONDAY + timedelta(days=2)))["bulletin"] == 0  # later in the week
    (post,) = bulletins(weekly)
    said = text_of(post)
    assert "week 47 (16–22 Nov 2026)" in said
    assert f"R-{routine} 🗓️ planned: fix planned (fix expected Fri 27 Nov)" in said
    assert "1 patient safety" in said and "Posted late" not in said
    assert "*Champions*: 1 of 2 wards have a champion for every 20 staff; looking for champions on Ward 9" in said
    assert "*Adoption*" not in said  # no usage data imported yet
    (chart,) = [m for m in weekly.slack.messages(UPDATES) if m.get("subtype") == "file_share"]
    assert chart["thread_ts"] == post["ts"]  # in the bulletin's thread
    (shared,) = chart["files"]
    assert shared["alt_txt"].startswith("Bar chart of the share of report answers given in time each week: W47")
    assert weekly.slack.files[shared["id"]]["content"][:8] == b"\x89PNG\r\n\x1a\n"
    assert [a.entity_id for a in audits(weekly, "bulletin.posted")] == ["bulletin/2026-W47"]


async def test_a_bulletin_missed_while_nothing_ran_is_posted_once_late_and_says_its_week(weekly: World) -> None:
    await a_week_of_work(weekly)
    wednesday = MONDAY + timedelta(days=2, hours=5)
    assert (await at(weekly, wednesday))["bulletin"] == 2
    assert (await at(weekly, wednesday + timedelta(hours=1)))["bulletin"] == 0
    (post,) = bulletins(weekly)
    assert "Posted late" in text_of(post) and "It covers week 2026-W47" in text_of(post)
    with Session(weekly.services.engine) as session:
        row = session.get(WeeklyPostRow, ("bulletin", "2026-W47"))
    assert row is not None and row.late and row.scheduled_at == MONDAY


async def test_two_workers_at_once_post_one_bulletin(weekly: World, db_url: str) -> None:
    await a_week_of_work(weekly)
    other_engine = make_engine(db_url)
    other = build_services(weekly.settings, config=weekly.services.config, clock=weekly.clock, engine=other_engine)
    weekly.clock.set(MONDAY)
    try:
        counts = await asyncio.gather(
            asyncio.to_thread(weekly.services.bulletin.run, MONDAY),
            asyncio.to_thread(other.bulletin.run, MONDAY),
            asyncio.to_thread(weekly.services.bulletin.run, MONDAY),
        )
        await asyncio.gather(weekly.services.deliverer.drain(), other.deliverer.drain())
    finally:
        await other.deliverer.close()
        other_engine.dispose()
    assert sorted(counts) == [0, 0, 2]
    assert len(bulletins(weekly)) == 1


@pytest.mark.parametrize(
    ("posted", "week"),
    [
        (datetime(2026, 3, 30, 8, 0, tzinfo=UTC), "2026-W13"),  # 09:00 BST, the Monday after the clocks go forward
        (datetime(2026, 10, 26, 9, 0, tzinfo=UTC), "2026-W43"),  # 09:00 GMT, the Monday after they go back
        (datetime(2027, 1, 4, 9, 0, tzinfo=UTC), "2026-W53"),  # ISO week 53 of 2026
    ],
)
async def test_clock_changes_and_week_53_neither_double_nor_drop_a_bulletin(
    weekly: World, posted: datetime, week: str
) -> None:
    start = posted - timedelta(days=6)  # the Tuesday before: the week before that is before the pilot began
    with Session(weekly.services.engine) as session:
        for person in session.exec(select(Person)):
            person.created_at = start
            session.add(person)
        session.commit()
    fired = []
    # A tick every six hours for the week, and every hour from the day and a half before the post (the clocks
    # change at 01:00 UTC on the Sunday) to the end of the week: across the clock change or the new year.
    close = (posted - start) // timedelta(hours=1) - 36
    for hour in sorted(set(range(0, close, 6)) | set(range(close, 24 * 7))):
        instant = start + timedelta(hours=hour)
        if (await at(weekly, instant))["bulletin"]:
            fired.append(instant)
    assert fired == [posted]
    with Session(weekly.services.engine) as session:
        assert [r.week for r in session.exec(select(WeeklyPostRow).where(WeeklyPostRow.kind == "bulletin"))] == [week]


async def test_no_bulletin_about_a_week_before_the_pilot_began(weekly: World) -> None:
    # The roster came in on Monday 16 Nov at 08:50: the bulletin due at 09:00 that day is about 2026-W46.
    assert (await at(weekly, weekly.clock.now() + timedelta(hours=1)))["bulletin"] == 0
    assert bulletins(weekly) == []


async def test_a_long_bulletin_stays_within_slacks_limits(weekly: World) -> None:
    for i in range(45):  # ~4,500 characters of "you said, we did": more than one section holds
        report = await file(weekly, f"{ROUTINE} number {i}")
        await form(weekly, DEV, report, "resolve", resolution="done", summary=f"Printer {i} fixed: {'x' * 60}")
    await at(weekly, MONDAY)
    (post,) = bulletins(weekly)
    sections = [b["text"]["text"] for b in post["blocks"] if b["type"] == "section" and b.get("text")]
    assert len(post["blocks"]) <= 50 and all(len(t) <= 3000 for t in sections)
    assert len([t for t in sections if "Printer" in t]) >= 2  # split between lines, never inside one
    assert all(f"Printer {i} fixed" in text_of(post) for i in range(45))


async def test_only_masked_words_reach_the_bulletin(weekly: World) -> None:
    report = await file(weekly, "Mrs Patel in bed 3 got the wrong label, MRN RX1234567")
    await form(weekly, DEV, report, "resolve", resolution="relabelled", summary="Label fixed for Mrs Patel, RX1234567")
    await at(weekly, MONDAY)
    said = " ".join(text_of(m) for m in weekly.slack.messages(UPDATES))
    assert "Patel" not in said and "RX1234567" not in said
    assert "Label fixed for" in said


# --- the digest and the gates ---------------------------------------------------------------------------


async def test_the_digest_goes_to_each_lead_with_a_no_go_and_the_evidence(weekly: World) -> None:
    _, safety = await a_week_of_work(weekly)
    digest_at = MONDAY - timedelta(hours=1)  # 08:00
    assert (await at(weekly, digest_at))["digest"] == 1
    assert (await at(weekly, digest_at))["digest"] == 0
    (dm,) = digests(weekly)  # to the only lead, as the pilot file has no [channels] project
    said = text_of(dm)
    assert "Go/no-go: NO-GO" in said and f"still open: R-{safety}" in said
    assert "Reach" in said and "Ward 7 Acute Medicine" in said
    with Session(weekly.services.engine) as session:
        (row,) = session.exec(select(DecisionRow)).all()
    assert (row.week, row.kind, row.decision) == ("2026-W47", "evaluated", "NO-GO")
    assert [a.detail["failing"] for a in audits(weekly, "gates.evaluated")] == [["No open patient-safety reports"]]


async def test_the_digest_goes_to_the_project_channel_when_there_is_one(
    db_url: str, clock: FixedClock, roster_csv: str
) -> None:
    async with World(db_url, pilot(project=True), clock, roster_csv=roster_csv) as world:
        await world.import_roster()
        await a_week_of_work(world)
        await at(world, MONDAY - timedelta(hours=1))
        assert len(world.slack.messages(PROJECT)) == 1
        assert digests(world) == []


async def test_resolving_the_patient_safety_report_turns_no_go_to_go(weekly: World) -> None:
    _, safety = await a_week_of_work(weekly)
    decision = weekly.services.digest.gates(MONDAY)
    assert [r.status.value for r in decision.results] == ["PASS", "FAIL"] and decision.verdict.value == "NO-GO"
    weekly.clock.set(MONDAY + timedelta(hours=1))
    await take(weekly, DEV, safety)
    await form(weekly, DEV, safety, "resolve", resolution="scanner re-paired", summary="Scanner checks the patient")
    assert weekly.services.digest.gates(MONDAY + timedelta(hours=2)).verdict.value == "GO"


async def press_record(world: World, user: str, dm: dict[str, Any]) -> None:
    """`user` taps "Record decision" on the digest in Ella's DM."""
    block = next(b for b in dm["blocks"] if b["type"] == "actions")
    (element,) = [e for e in block["elements"] if e["action_id"] == Action.DECISION_RECORD.value]
    action = {"action_id": element["action_id"], "value": element["value"], "block_id": block["block_id"]}
    await world.driver.click(user, action, channel=world.slack.dm_channel(ELLA), message=dm)
    await world.settle()


async def test_a_lead_records_the_committees_decision_in_two_taps(weekly: World) -> None:
    await a_week_of_work(weekly)
    await at(weekly, MONDAY - timedelta(hours=1))
    (dm,) = digests(weekly)
    await press_record(weekly, ELLA, dm)
    view = weekly.slack.calls_to("views.open")[-1].response["view"]
    assert view["callback_id"] == Callback.DECISION_FORM.value
    values = {
        "decision": {"decision": {"type": "static_select", "selected_option": {"value": "GO"}}},
        "note": {"note": {"type": "plain_text_input", "value": "Go for ward 9 once Mr Jones in bed 4 is discharged"}},
    }
    response = await weekly.driver.submit(ELLA, view, values)
    await weekly.settle()
    assert response.status_code == 200
    with Session(weekly.services.engine) as session:
        recorded = session.exec(select(DecisionRow).where(DecisionRow.kind == "recorded")).one()
    assert (recorded.week, recorded.decision, recorded.by) == ("2026-W47", "GO", ELLA)
    assert recorded.note is not None and "Jones" not in recorded.note  # the note is masked like any free text
    assert [a.detail["decision"] for a in audits(weekly, "gates.decision_recorded")] == ["GO"]
    preview = weekly.services.digest.preview(None, MONDAY + timedelta(days=7))
    assert "Last decision recorded: *GO*" in preview or "Last decision recorded: GO" in preview


async def test_only_a_lead_or_an_admin_may_record_a_decision(weekly: World) -> None:
    await a_week_of_work(weekly)
    await at(weekly, MONDAY - timedelta(hours=1))
    (dm,) = digests(weekly)
    opened = len(weekly.slack.calls_to("views.open"))
    await press_record(weekly, AISHA, dm)
    assert len(weekly.slack.calls_to("views.open")) == opened
    told = [r for _, r in weekly.slack.responses] + weekly.slack.dms(AISHA)
    assert any("Only a project lead or an admin" in json.dumps(t) for t in told)
    # A clinician submitting the lead's form (a forged submission) is refused and audited too.
    await press_record(weekly, ELLA, dm)
    view = weekly.slack.calls_to("views.open")[-1].response["view"]
    values = {"decision": {"decision": {"type": "static_select", "selected_option": {"value": "GO"}}}}
    await weekly.driver.submit(AISHA, view, values)
    await weekly.settle()
    with Session(weekly.services.engine) as session:
        assert session.exec(select(DecisionRow).where(DecisionRow.kind == "recorded")).all() == []
    assert len(audits(weekly, "gates.refused")) == 1
    assert weekly.services.digest.may_record(FRAN)  # an admin may
