"""Office hours and /champion end to end, through signed Slack requests: scheduled in one form, announced in the
ward's channel, joined (and left) with "I'll come", reminded once, cancelled, and attended; refusals audited."""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import PilotConfig
from bot.db.models import AuditRow, OfficeRsvpRow, OfficeSessionRow
from bot.ids import Action
from bot.jobs.tick import tick
from bot.slack.listeners.office_hours import office_form_values
from bot.standin.world import World

AISHA, BEN, DEV, ELLA = "U0AISHA01", "U0BEN0002", "U0DEV0004", "U0ELLA005"
CARLA = "U0X" + hashlib.sha256(b"carla.diaz@stelsewhere.example").hexdigest()[:7].upper()  # linked by email
WARD7, WARD9 = "C0WARD007", "C0WARD009"
TUESDAY_2PM = datetime(2026, 11, 17, 14, 0, tzinfo=UTC)  # London is on GMT in November

WorldMaker = Callable[..., AbstractAsyncContextManager[World]]


@pytest.fixture
def make_world(db_url: str, config: PilotConfig, roster_csv: str) -> WorldMaker:
    """A pilot whose clock starts at `at` (the `world` fixture's starts on Monday 16 November 2026)."""

    @asynccontextmanager
    async def make(at: datetime) -> AsyncIterator[World]:
        async with World(db_url, config, FixedClock(at), roster_csv=roster_csv) as world:
            await world.import_roster()
            world.slack.calls.clear()
            yield world

    return make


async def open_form(world: World, user: str, channel: str = WARD7) -> dict[str, Any] | None:
    """Types /officehours; the form it opened, or None."""
    opened = len(world.slack.calls_to("views.open"))
    await world.driver.command(user, "", command="/officehours", channel=channel)
    await world.settle()
    forms = world.slack.calls_to("views.open")
    return forms[-1].response["view"] if len(forms) > opened else None


async def schedule(world: World, user: str = BEN, channel: str = WARD7, **values: Any) -> httpx.Response:
    view = await open_form(world, user, channel)
    assert view is not None, "no form opened"
    response = await world.driver.submit(user, view, office_form_values(**values))
    await world.settle()
    return response


def sessions(world: World) -> list[OfficeSessionRow]:
    with Session(world.services.engine) as db:
        return list(db.exec(select(OfficeSessionRow).order_by(col(OfficeSessionRow.start))))


def coming(world: World, session_id: int = 1) -> set[str]:
    with Session(world.services.engine) as db:
        return {r.slack_id for r in db.exec(select(OfficeRsvpRow).where(OfficeRsvpRow.session_id == session_id))}


def audits(world: World, action: str) -> list[AuditRow]:
    with Session(world.services.engine) as db:
        return list(db.exec(select(AuditRow).where(AuditRow.action == action)))


def announcement(world: World, session_id: int = 1, channel: str = WARD7) -> dict[str, Any]:
    """The session's post in the ward channel, as it reads now (updated in place)."""
    found = [m for m in world.slack.messages(channel) if f'"office_post:{session_id}"' in json.dumps(m.get("blocks"))]
    assert len(found) == 1, f"{len(found)} announcements of session {session_id}"
    return found[0]


def button_text(message: dict[str, Any]) -> str | None:
    for block in message["blocks"]:
        for element in block.get("elements") or []:
            if element.get("action_id") == Action.OFFICE_COMING:
                return str(element["text"]["text"])
    return None


def replies(world: World, user: str) -> list[str]:
    """What the person was told privately where they acted (response_url), newest last."""
    return [json.dumps(c.args["blocks"]) for c in world.slack.calls_to("response_url") if c.owner == user]


def dm_texts(world: World, user: str) -> list[str]:
    return [json.dumps(m.get("blocks") or m["text"], ensure_ascii=False) for m in world.slack.dms(user)]


async def click(
    world: World, user: str, action: Action, session_id: int = 1, message: dict[str, Any] | None = None
) -> httpx.Response:
    """Clicks a button carrying the session id: on the announcement unless another message is given."""
    shown = message or announcement(world, session_id)
    channel = shown.get("channel") or WARD7
    response = await world.driver.click(
        user,
        {"action_id": action.value, "value": str(session_id), "block_id": f"office:{session_id}"},
        channel=channel,
        message=shown,
    )
    await world.settle()
    return response


async def run_tick(world: World, at: datetime) -> int:
    world.clock.set(at)  # type: ignore[attr-defined]
    return (await tick(world.services, at)).queued["office_hours"]


# --- scheduling ------------------------------------------------------------------------------------------------


async def test_a_champion_schedules_in_one_form_and_it_is_announced_in_the_ward_channel(world: World) -> None:
    view = await open_form(world, BEN)
    assert view is not None
    ward = next(b for b in view["blocks"] if b.get("block_id") == "ward")
    assert ward["element"]["initial_option"]["value"] == "ward-7"  # prefilled from the roster
    assert [o["value"] for o in ward["element"]["options"]] == ["ward-7"]  # a champion holds them on their ward
    assert (await world.driver.submit(BEN, view, office_form_values())).status_code == 200
    await world.settle()
    (row,) = sessions(world)
    assert (row.champion, row.ward_id, row.start, row.minutes, row.place) == (
        BEN,
        "ward-7",
        TUESDAY_2PM,
        30,
        "Seminar room 2",
    )
    post = announcement(world)
    assert "Office hours with Ben Okafor" in json.dumps(post["blocks"])
    assert "Tue 17 Nov, 14:00–14:30 GMT" in json.dumps(post["blocks"], ensure_ascii=False)
    assert button_text(post) == "I'll come (0 coming)"
    assert any("Scheduled" in t and "Cancel" in t for t in dm_texts(world, BEN))
    assert [a.actor for a in audits(world, "office.scheduled")] == [BEN]


async def test_form_errors_appear_beside_the_fields_and_nothing_is_stored(world: World) -> None:
    view = await open_form(world, BEN)
    assert view is not None
    response = await world.driver.submit(BEN, view, office_form_values(day="2026-11-15", where="  "))
    assert response.json()["response_action"] == "errors"
    assert set(response.json()["errors"]) == {"day", "where"}
    response = await world.driver.submit(BEN, view, office_form_values(start=None, minutes=None))
    assert set(response.json()["errors"]) == {"start", "minutes"}
    response = await world.driver.submit(BEN, view, office_form_values(ward="ward-9", where=""))  # not Ben's ward
    assert set(response.json()["errors"]) == {"ward", "where"}
    assert response.json()["errors"]["ward"].startswith("You're a champion on Ward 7 Acute Medicine")
    await world.settle()
    assert sessions(world) == []
    assert world.slack.messages(WARD7) == [] and world.slack.messages(WARD9) == []


async def test_a_lead_may_schedule_on_any_ward(world: World) -> None:
    assert (await schedule(world, ELLA, channel=WARD9, ward="ward-9", where="Ward 9 office")).status_code == 200
    (row,) = sessions(world)
    assert (row.champion, row.ward_id) == (ELLA, "ward-9")
    assert button_text(announcement(world, channel=WARD9)) == "I'll come (0 coming)"


async def test_a_clinician_is_told_why_not_and_the_refusal_is_audited(world: World) -> None:
    assert await open_form(world, AISHA) is None
    assert any("Only champions, leads and admins" in r and "clinician" in r for r in replies(world, AISHA))
    (refusal,) = audits(world, "office.refused")
    assert (refusal.actor, refusal.detail["act"]) == (AISHA, "schedule")
    # A forged submission (the form was never opened for her) is refused the same way, and stores nothing.
    view = await open_form(world, BEN)
    assert view is not None
    await world.driver.submit(AISHA, view, office_form_values())
    await world.settle()
    assert sessions(world) == []
    assert [a.actor for a in audits(world, "office.refused")] == [AISHA, AISHA]


# --- coming --------------------------------------------------------------------------------------------------


async def test_ill_come_counts_each_person_once_and_a_second_click_takes_them_off(world: World) -> None:
    await schedule(world)
    await click(world, AISHA, Action.OFFICE_COMING)
    assert button_text(announcement(world)) == "I'll come (1 coming)"
    await click(world, CARLA, Action.OFFICE_COMING)  # ward 9: anyone may come, whatever their ward
    assert button_text(announcement(world)) == "I'll come (2 coming)"
    assert "1 person" not in json.dumps(announcement(world)["blocks"]) and "2 people are coming" in json.dumps(
        announcement(world)["blocks"]
    )
    await click(world, AISHA, Action.OFFICE_COMING)  # changed her mind
    assert coming(world) == {CARLA} and button_text(announcement(world)) == "I'll come (1 coming)"
    assert "off the list" in replies(world, AISHA)[-1]
    await click(world, AISHA, Action.OFFICE_COMING)  # and back again
    assert coming(world) == {AISHA, CARLA} and button_text(announcement(world)) == "I'll come (2 coming)"
    assert "remind you 15 minutes before" in replies(world, AISHA)[-1]
    assert len(world.slack.messages(WARD7)) == 1  # one announcement, rewritten in place


async def test_the_same_click_delivered_twice_counts_once(world: World) -> None:
    await schedule(world)
    payload = world.driver.block_action_payload(
        AISHA,
        {"action_id": Action.OFFICE_COMING.value, "value": "1", "block_id": "office:1"},
        channel=WARD7,
        message=announcement(world),
    )
    await world.driver.send_interaction(payload)
    await world.driver.send_interaction(payload)  # Slack's retry of the same delivery
    await world.settle()
    assert coming(world) == {AISHA} and button_text(announcement(world)) == "I'll come (1 coming)"


# --- reminders, cancelling, attendance ----------------------------------------------------------------------


async def test_those_coming_are_reminded_once_each_15_minutes_before(world: World) -> None:
    await schedule(world)
    await click(world, AISHA, Action.OFFICE_COMING)
    await click(world, DEV, Action.OFFICE_COMING)
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=16)) == 0
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=15)) == 2
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=15)) == 0  # the same instant again
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=10)) == 0
    await click(world, CARLA, Action.OFFICE_COMING)  # late: reminded at the next tick
    await click(world, AISHA, Action.OFFICE_COMING)  # off, and on again: still one reminder
    await click(world, AISHA, Action.OFFICE_COMING)
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=5)) == 1
    assert await run_tick(world, TUESDAY_2PM + timedelta(minutes=1)) == 0
    for person in (AISHA, DEV, CARLA):
        assert sum("Office hours with Ben Okafor soon" in t for t in dm_texts(world, person)) == 1


async def test_the_champion_cancels_and_everyone_coming_is_told(world: World) -> None:
    await schedule(world)
    await click(world, AISHA, Action.OFFICE_COMING)
    await click(world, CARLA, Action.OFFICE_COMING)
    await click(world, AISHA, Action.OFFICE_CANCEL)  # not hers to cancel
    assert sessions(world)[0].cancelled_at is None
    assert "Only the champion holding this session" in replies(world, AISHA)[-1]
    assert audits(world, "office.refused")[0].detail["act"] == "cancel"
    confirmation = world.slack.dms(BEN)[-1]
    await click(world, BEN, Action.OFFICE_CANCEL, message={**confirmation, "channel": world.slack.dm_channel(BEN)})
    assert sessions(world)[0].cancelled_at is not None
    for person in (AISHA, CARLA):
        assert any("are cancelled" in t for t in dm_texts(world, person))
    post = announcement(world)
    assert button_text(post) is None and "Cancelled" in json.dumps(post["blocks"])
    assert "We told the 2 people coming" in replies(world, BEN)[-1]
    await click(world, DEV, Action.OFFICE_COMING)
    assert "was cancelled" in replies(world, DEV)[-1] and coming(world) == {AISHA, CARLA}
    assert await run_tick(world, TUESDAY_2PM - timedelta(minutes=15)) == 0  # no reminders for a cancelled one


async def test_after_the_end_the_champion_is_asked_once_and_records_who_came(world: World) -> None:
    await schedule(world)
    await click(world, AISHA, Action.OFFICE_COMING)
    await click(world, CARLA, Action.OFFICE_COMING)
    assert await run_tick(world, TUESDAY_2PM + timedelta(minutes=29)) == 0  # not over yet
    assert await run_tick(world, TUESDAY_2PM + timedelta(minutes=30)) == 1
    assert await run_tick(world, TUESDAY_2PM + timedelta(hours=2)) == 0  # asked once
    asked = world.slack.dms(BEN)[-1]
    assert "Who came?" in json.dumps(asked["blocks"]) and "2 said they would" in json.dumps(asked["blocks"])
    opened = len(world.slack.calls_to("views.open"))
    await click(world, AISHA, Action.OFFICE_ATTENDANCE, message={**asked, "channel": world.slack.dm_channel(BEN)})
    assert len(world.slack.calls_to("views.open")) == opened  # not hers to record
    await click(world, BEN, Action.OFFICE_ATTENDANCE, message={**asked, "channel": world.slack.dm_channel(BEN)})
    form = world.slack.calls_to("views.open")[-1].response["view"]
    assert form["blocks"][1]["element"]["initial_value"] == "2"  # prefilled with how many said they would
    bad = await world.driver.submit(BEN, form, {"came": {"came": {"type": "number_input", "value": "lots"}}})
    assert set(bad.json()["errors"]) == {"came"}
    await world.driver.submit(BEN, form, {"came": {"came": {"type": "number_input", "value": "3"}}})
    await world.settle()
    assert sessions(world)[0].attended == 3
    assert "3* came" in json.dumps(world.slack.dms(BEN)[-1]["blocks"])  # the DM, rewritten in place
    assert world.slack.dms(BEN)[-1]["ts"] == asked["ts"]
    assert audits(world, "office.attended")[0].detail == {"came": 3}


# --- reading -------------------------------------------------------------------------------------------------


async def test_officehours_list_shows_the_next_7_days_privately(world: World) -> None:
    await schedule(world)
    await schedule(world, day="2026-11-24", where="Ward 7 day room")  # eight days on: not this week
    await click(world, AISHA, Action.OFFICE_COMING)
    response = await world.driver.command(AISHA, "list", command="/officehours", channel=WARD9)
    body = response.json()
    assert body["response_type"] == "ephemeral"
    shown = json.dumps(body["blocks"], ensure_ascii=False)
    assert "Tue 17 Nov, 14:00–14:30 GMT" in shown and "you're coming" in shown
    assert "Ward 7 day room" not in shown
    response = await world.driver.command(AISHA, "what", command="/officehours", channel=WARD9)
    assert "`/officehours list`" in response.json()["text"]


async def test_champion_tells_each_person_their_ward_champions_and_the_next_office_hours(world: World) -> None:
    await schedule(world)
    body = (await world.driver.command(AISHA, "", command="/champion", channel=WARD7)).json()
    shown = json.dumps(body["blocks"], ensure_ascii=False)
    assert body["response_type"] == "ephemeral"
    assert f"<@{BEN}>" in shown and "Ward 7 Acute Medicine" in shown and "Tue 17 Nov, 14:00" in shown
    shown = json.dumps((await world.driver.command(CARLA, "", command="/champion", channel=WARD9)).json()["blocks"])
    assert "Ward 9 Surgery has no champion yet" in shown and "none on your ward yet" in shown
    assert "Seminar room 2" in shown  # ward 7's session: anyone may come
    shown = json.dumps((await world.driver.command(DEV, "", command="/champion", channel="C0RAPID01")).json())
    assert "every ward" in shown and "Ward 9 Surgery*: no champion yet" in shown


async def test_weekly_repeats_keep_the_wall_clock_across_the_october_clock_change(make_world: WorldMaker) -> None:
    async with make_world(datetime(2026, 10, 12, 9, 0, tzinfo=UTC)) as world:
        await schedule(world, day="2026-10-19", start="09:00", repeat="2", where="Seminar room 2")
        starts = [s.start for s in sessions(world)]
        assert starts == [  # 09:00 in London each Monday: BST, then GMT after Sunday 25 October
            datetime(2026, 10, 19, 8, 0, tzinfo=UTC),
            datetime(2026, 10, 26, 9, 0, tzinfo=UTC),
            datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
        ]
        assert len({s.series for s in sessions(world)}) == 1
        assert len(world.slack.messages(WARD7)) == 1  # the first now; each later one a week before it
        assert "Mon 19 Oct, 09:00–09:30 BST" in json.dumps(announcement(world, 1)["blocks"], ensure_ascii=False)
        await run_tick(world, datetime(2026, 10, 19, 8, 59, tzinfo=UTC))
        assert len(world.slack.messages(WARD7)) == 1
        await run_tick(world, datetime(2026, 10, 19, 9, 0, tzinfo=UTC))  # a week before the second
        assert len(world.slack.messages(WARD7)) == 2
        assert "Mon 26 Oct, 09:00–09:30 GMT" in json.dumps(announcement(world, 2)["blocks"], ensure_ascii=False)
        await click(world, AISHA, Action.OFFICE_COMING, 2)
        assert await run_tick(world, datetime(2026, 10, 26, 8, 45, tzinfo=UTC)) == 1  # 15 minutes before 09:00 GMT
        assert "Mon 26 Oct, 09:00–09:30 GMT" in dm_texts(world, AISHA)[-1]
