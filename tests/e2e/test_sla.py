"""The SLA clock through `tick`: each duty at its instant, once; late after downtime; across clock changes
and ISO week 53; with two workers; and only under the lease holder."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.container import build_services
from bot.db.models import AuditRow, DutyRow
from bot.db.session import make_engine
from bot.jobs.tick import tick
from bot.services.leader import TERM, Leadership
from bot.standin.world import World
from tests.e2e.queue_helpers import AISHA, DEV, ELLA, ESCALATION, RAPID, file, form, take

SAFETY = "the wrong patient's chart opened from the scanner"
ROUTINE = "the printer on the nurses' station jams"


async def run_tick(world: World, at: datetime) -> int:
    world.clock.set(at)
    result = await tick(world.services, at)
    return result.queued["sla"]


def duties(world: World) -> list[tuple[str, datetime, datetime]]:
    with Session(world.services.engine) as session:
        rows = session.exec(select(DutyRow).order_by(DutyRow.due_at)).all()
    return [(r.duty, r.due_at, r.fired_at) for r in rows]


def queue_notes(world: World) -> list[str]:
    return [m["blocks"][0]["text"]["text"] for m in world.slack.messages(RAPID) if m.get("thread_ts")]


def escalations(world: World) -> list[str]:
    return [m["text"] for m in world.slack.messages(ESCALATION)]


async def test_each_duty_at_its_instant_and_once(world: World) -> None:
    t0 = world.clock.now()
    report = await file(world, ROUTINE)
    assert await run_tick(world, t0 + timedelta(minutes=59)) == 0
    assert await run_tick(world, t0 + timedelta(minutes=60)) == 1
    assert "has waited 60 minutes with no owner" in queue_notes(world)[-1]
    assert world.slack.calls_to("chat.postMessage")[-1].args["reply_broadcast"] is True
    assert await run_tick(world, t0 + timedelta(minutes=60)) == 0  # the same instant again: nothing new
    assert await run_tick(world, t0 + timedelta(hours=11, minutes=59)) == 0
    assert await run_tick(world, t0 + timedelta(hours=12)) == 1
    assert "Half the time is gone" in queue_notes(world)[-1]
    await take(world, DEV, report)
    assert await run_tick(world, t0 + timedelta(hours=18)) == 1
    ella = [m["text"] for m in world.slack.dms(ELLA)]
    assert any(f"R-{report}" in t and "no answer yet" in t for t in ella)
    assert "no answer yet" in escalations(world)[-1] and f"Owner: <@{DEV}>" in escalations(world)[-1]
    assert await run_tick(world, t0 + timedelta(hours=24)) == 1
    assert "missed its 24-hour promise" in escalations(world)[-1]
    assert [d for d, _, _ in duties(world)] == ["acknowledge", "remind", "escalate", "breach"]
    assert all(due == fired for _, due, fired in duties(world))
    assert "🔴 promise missed" in json.dumps(world.slack.messages(RAPID)[0]["blocks"], ensure_ascii=False)


async def test_the_owner_is_reminded_by_dm(world: World) -> None:
    t0 = world.clock.now()
    report = await file(world, ROUTINE)
    await take(world, DEV, report)
    await run_tick(world, t0 + timedelta(hours=12))
    assert "needs a real answer by" in world.slack.dms(DEV)[-1]["text"]
    assert not any("Half the time" in n for n in queue_notes(world))


async def test_a_dated_plan_stops_the_clock(world: World) -> None:
    t0 = world.clock.now()
    report = await file(world, ROUTINE)
    await take(world, DEV, report)
    await form(world, DEV, report, "plan", note="new printer Friday", expected_fix=t0.date() + timedelta(days=4))
    assert await run_tick(world, t0 + timedelta(hours=30)) == 0
    assert escalations(world) == []


async def test_patient_safety_runs_on_15_minutes_and_4_hours(world: World) -> None:
    t0 = world.clock.now()
    await file(world, SAFETY)
    assert await run_tick(world, t0 + timedelta(minutes=14)) == 0
    assert await run_tick(world, t0 + timedelta(minutes=15)) == 1
    assert await run_tick(world, t0 + timedelta(hours=2)) == 1
    assert await run_tick(world, t0 + timedelta(hours=3)) == 1
    assert await run_tick(world, t0 + timedelta(hours=4)) == 1
    assert "missed its 4-hour promise" in escalations(world)[-1]


async def test_duties_missed_while_nothing_ran_run_once_late(world: World) -> None:
    t0 = world.clock.now()
    await file(world, ROUTINE)
    assert await run_tick(world, t0 + timedelta(hours=30)) == 4
    assert await run_tick(world, t0 + timedelta(hours=31)) == 0
    with Session(world.services.engine) as session:
        late = [a.detail["late_seconds"] for a in session.exec(select(AuditRow)) if a.action.startswith("sla.")]
    assert late == [29 * 3600, 18 * 3600, 12 * 3600, 6 * 3600]


@pytest.mark.parametrize(
    "filed",
    [
        datetime(2026, 3, 28, 22, 0, tzinfo=UTC),  # Europe/London springs forward at 01:00 UTC on 29 March
        datetime(2026, 10, 24, 23, 30, tzinfo=UTC),  # and falls back at 01:00 UTC on 25 October
        datetime(2026, 12, 31, 20, 0, tzinfo=UTC),  # ISO week 53 of 2026, into 2027
    ],
)
async def test_clock_changes_and_week_53_neither_double_nor_drop_a_duty(world: World, filed: datetime) -> None:
    if filed.month == 12:
        assert filed.isocalendar()[:2] == (2026, 53)
    world.clock.set(filed)
    await file(world, ROUTINE)
    fired = []
    for step in range(0, 26 * 60 + 1, 15):  # a tick every quarter hour for 26 hours, across the change
        if await run_tick(world, filed + timedelta(minutes=step)):
            fired.append(step)
    assert fired == [60, 12 * 60, 18 * 60, 24 * 60]
    assert [(d, due - filed) for d, due, _ in duties(world)] == [
        ("acknowledge", timedelta(hours=1)),
        ("remind", timedelta(hours=12)),
        ("escalate", timedelta(hours=18)),
        ("breach", timedelta(hours=24)),
    ]
    assert len(escalations(world)) == 2


async def test_two_workers_at_once_send_each_reminder_once(world: World, db_url: str) -> None:
    t0 = world.clock.now()
    for i in range(5):
        await file(world, f"{ROUTINE} {i}")
    other_engine = make_engine(db_url)
    other = build_services(world.settings, config=world.services.config, clock=world.clock, engine=other_engine)
    try:
        at = t0 + timedelta(hours=30)
        counts = await asyncio.gather(
            asyncio.to_thread(world.services.sla.run, at),
            asyncio.to_thread(other.sla.run, at),
            asyncio.to_thread(world.services.sla.run, at),
        )
        await asyncio.gather(world.services.deliverer.drain(), other.deliverer.drain())
    finally:
        await other.deliverer.close()
        other_engine.dispose()
    assert sum(counts) == 20
    breaches = [t for t in escalations(world) if "missed its" in t]
    assert len(breaches) == 5 and len(set(breaches)) == 5
    assert len(duties(world)) == 20


async def test_only_the_lease_holder_leads_until_it_lapses(world: World) -> None:
    first = Leadership(world.services.engine, world.clock, holder="worker-a")
    second = Leadership(world.services.engine, world.clock, holder="worker-b")
    assert first.lead() and not second.lead()
    world.clock.advance(TERM - timedelta(seconds=1))
    assert first.lead() and not second.lead()  # renewed
    world.clock.advance(TERM + timedelta(seconds=1))
    assert second.lead() and not first.lead()  # worker-a stopped renewing: worker-b took over


async def test_tick_without_reports_is_quiet(world: World) -> None:
    assert await run_tick(world, world.clock.now() + timedelta(days=3)) == 0
    assert world.slack.calls == []


async def test_the_worker_scheduler_runs_what_is_due(world: World, caplog: pytest.LogCaptureFixture) -> None:
    from bot import runtime
    from tests.e2e.test_runtime import eventually

    t0 = world.clock.now()
    await file(world, ROUTINE)
    world.clock.set(t0 + timedelta(hours=2))
    stop = asyncio.Event()
    worker = asyncio.create_task(runtime.worker(world.services, stop=stop))
    try:
        await eventually(lambda: any("no owner" in n for n in queue_notes(world)), "the scheduler's first tick")
    finally:
        stop.set()
        await worker
    # stopping lets the tick under way finish: none of its jobs is cancelled with a transaction open
    assert not [r for r in caplog.records if r.name.startswith("apscheduler") and r.levelno >= logging.ERROR]
    assert [d for d, _, _ in duties(world)] == ["acknowledge"]
    assert AISHA not in [c.args.get("channel") for c in world.slack.calls_to("chat.postMessage")]
