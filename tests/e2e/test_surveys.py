"""Pulse surveys end to end: scheduled by tick, answered by tapping in the DM, reminded, closed, reported,
and anonymous in the database itself."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, col, select

from bot.clock import FixedClock
from bot.config import PilotConfig, parse_config
from bot.db.models import AuditRow, OutboxRow, SurveyInviteRow, SurveyResponseRow, SurveyRunRow
from bot.ids import Action
from bot.jobs.tick import tick
from bot.standin.world import World

DATA = Path(__file__).parent.parent / "data"
THURSDAY = datetime(2026, 11, 19, 14, 0, tzinfo=UTC)  # the pulse's scheduled instant (0 14 * * THU, London = UTC)
ELLA, AISHA, DEV = "U0ELLA005", "U0AISHA01", "U0DEV0004"
NURSES = [f"U0NURSE{i:02d}" for i in range(14)]  # ward-7: the even ones, ward-9: the odd ones


def extra_roster() -> str:
    return "".join(f"{n},,Nurse {i},{'ward-7' if i % 2 == 0 else 'ward-9'},clinician\n" for i, n in enumerate(NURSES))


def pilot(**changes: str) -> PilotConfig:
    text_ = (DATA / "pilot.toml").read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text_
        text_ = text_.replace(old, new)
    return parse_config(text_, path="pilot.toml", base=DATA)


WorldMaker = Callable[..., AbstractAsyncContextManager[World]]


@pytest.fixture
def make_world(db_url: str, roster_csv: str) -> WorldMaker:
    @asynccontextmanager
    async def make(
        config: PilotConfig | None = None, at: datetime = THURSDAY - timedelta(hours=1)
    ) -> AsyncIterator[World]:
        async with World(db_url, config or pilot(), FixedClock(at), roster_csv=roster_csv + extra_roster()) as world:
            await world.import_roster()
            world.slack.calls.clear()
            yield world

    return make


async def run_tick(world: World, at: datetime) -> dict[str, int]:
    world.clock.set(at)  # type: ignore[attr-defined]
    return (await tick(world.services, at)).queued


def survey_dm(world: World, user: str) -> dict[str, Any]:
    return next(
        m
        for m in reversed(world.slack.dms(user))
        if any(b.get("block_id", "").startswith("sq:") for b in m.get("blocks") or [])
    )


async def tap(world: World, user: str, question: str, value: str, run: int = 1) -> None:
    await world.driver.click(
        user,
        {
            "action_id": f"{Action.SURVEY_TAP.value}:{value}",
            "value": f"{run}:{question}",
            "block_id": f"sq:{run}:{question}",
        },
        channel=world.slack.dm_channel(user),
        message=survey_dm(world, user),
        container={
            "type": "message",
            "channel_id": world.slack.dm_channel(user),
            "message_ts": survey_dm(world, user)["ts"],
            "is_ephemeral": False,
        },
    )
    await world.settle()


def responses(world: World) -> list[SurveyResponseRow]:
    with Session(world.services.engine) as session:
        return list(session.exec(select(SurveyResponseRow)))


def invites(world: World) -> dict[str, SurveyInviteRow]:
    with Session(world.services.engine) as session:
        return {i.slack_id: i for i in session.exec(select(SurveyInviteRow))}


def run_row(world: World, run_id: int = 1) -> SurveyRunRow:
    with Session(world.services.engine) as session:
        found = session.get(SurveyRunRow, run_id)
    assert found is not None
    return found


def chosen(message: dict[str, Any], question: str) -> list[str]:
    block = next(b for b in message["blocks"] if b.get("block_id", "").endswith(f":{question}"))
    return [e["text"]["text"] for e in block["elements"] if e.get("style") == "primary"]


async def test_a_scheduled_run_goes_out_once_per_scheduled_instant(make_world: WorldMaker) -> None:
    async with make_world() as world:
        assert (await run_tick(world, THURSDAY - timedelta(minutes=1)))["surveys"] == 0
        assert (await run_tick(world, THURSDAY))["surveys"] == 1
        people = [p for p in invites(world).values() if p.invited_at is not None]
        assert len(people) == 6 + len(NURSES)  # everyone on the roster with a Slack ID: audience "all"
        assert all(survey_dm(world, p.slack_id)["text"].startswith("Weekly pulse") for p in people)
        sent = len(world.slack.calls_to("chat.postMessage"))
        assert (await run_tick(world, THURSDAY))["surveys"] == 0  # the same instant again
        assert (await run_tick(world, THURSDAY + timedelta(minutes=5)))["surveys"] == 0
        assert len(world.slack.calls_to("chat.postMessage")) == sent
        with Session(world.services.engine) as session:
            assert [r.run_key for r in session.exec(select(SurveyRunRow))] == ["weekly-pulse@2026-11-19T14:00:00+00:00"]


async def test_a_tap_shows_the_choice_in_place_and_a_second_tap_changes_it(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        await tap(world, AISHA, "helped", "4")
        assert chosen(survey_dm(world, AISHA), "helped") == ["✓ Agree"]
        assert world.slack.calls_to("chat.update")[-1].args["ts"] == survey_dm(world, AISHA)["ts"]
        await tap(world, AISHA, "helped", "2")
        await tap(world, AISHA, "time", "0")
        assert chosen(survey_dm(world, AISHA), "helped") == ["✓ Disagree"]
        (response,) = responses(world)
        assert response.answers == {"helped": "2", "time": "0"}
        assert "2 of 4 answered" in json.dumps(survey_dm(world, AISHA)["blocks"])


async def test_text_answers_use_a_small_form_and_are_masked(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        message = survey_dm(world, AISHA)
        await world.driver.click(
            AISHA,
            {"action_id": Action.SURVEY_TEXT.value, "value": "1:blocker", "block_id": "sq:1:blocker"},
            channel=world.slack.dm_channel(AISHA),
            message=message,
            container={"type": "message", "message_ts": message["ts"], "channel_id": world.slack.dm_channel(AISHA)},
        )
        await world.settle()
        view = world.slack.calls_to("views.open")[-1].response["view"]
        from bot.slack.forms import queue_form_values

        await world.driver.submit(AISHA, view, queue_form_values(answer="she fell in bed 4 and the app logged me out"))
        await world.settle()
        assert responses(world)[0].answers == {"blocker": "she fell in [BED] and the app logged me out"}
        assert "We removed a bed, bay or room number" in world.slack.dms(AISHA)[-1]["text"]
        shown = json.dumps(survey_dm(world, AISHA)["blocks"])
        assert "Your answer: she fell in [BED] and the app logged me out" in shown


async def test_one_reminder_goes_only_to_people_who_have_not_answered(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for nurse in NURSES[:5]:
            await tap(world, nurse, "helped", "5")
        assert (await run_tick(world, THURSDAY + timedelta(hours=23, minutes=59)))["surveys"] == 0
        await run_tick(world, THURSDAY + timedelta(hours=24))
        reminded = {
            c.args["channel"]
            for c in world.slack.calls_to("chat.postMessage")
            if c.args.get("text", "").startswith("Reminder:")
        }
        assert reminded == set(invites(world)) - set(NURSES[:5])
        await run_tick(world, THURSDAY + timedelta(hours=30))
        assert len(
            [c for c in world.slack.calls_to("chat.postMessage") if c.args.get("text", "").startswith("Reminder:")]
        ) == len(reminded)


async def test_quiet_hours_defer_the_send_rather_than_drop_it(make_world: WorldMaker) -> None:
    late = THURSDAY.replace(hour=23)
    async with make_world(pilot(**{'schedule = "0 14 * * THU"': 'schedule = "0 23 * * THU"'})) as world:
        await run_tick(world, late)
        assert world.slack.calls_to("chat.postMessage") == []
        with Session(world.services.engine) as session:
            held = session.exec(select(OutboxRow).where(OutboxRow.purpose == "survey")).all()
        assert {r.next_attempt_at for r in held} == {datetime(2026, 11, 20, 7, 0, tzinfo=UTC)}
        await run_tick(world, datetime(2026, 11, 20, 6, 59, tzinfo=UTC))
        assert world.slack.calls_to("chat.postMessage") == []
        await run_tick(world, datetime(2026, 11, 20, 7, 0, tzinfo=UTC))
        assert len(world.slack.calls_to("chat.postMessage")) == len(held)


async def test_the_prompt_budget_stops_nagging(make_world: WorldMaker) -> None:
    config = pilot(
        **{
            '[[surveys]]\nfile = "surveys/sus.toml"': "[pulse]\nprompts_per_week = 1\n\n[[surveys]]\nfile = "
            '"surveys/sus.toml"',
            'schedule = "0 10 1 * *"': 'schedule = "0 16 * * THU"',
            'audience = ["ward-7", "role:champion"]': 'audience = "all"',
        }
    )
    async with make_world(config) as world:
        await run_tick(world, THURSDAY)
        assert (await run_tick(world, THURSDAY + timedelta(hours=2)))["surveys"] == 1
        with Session(world.services.engine) as session:
            second = session.exec(select(SurveyInviteRow).where(SurveyInviteRow.run_id == 2)).all()
        assert second and all(i.skipped == "budget" and i.invited_at is None for i in second)
        assert not any("usable" in c.args.get("text", "") for c in world.slack.calls_to("chat.postMessage"))
        await run_tick(world, THURSDAY + timedelta(hours=24))  # the pulse's reminder: over budget too
        assert not any(c.args.get("text", "").startswith("Reminder:") for c in world.slack.calls_to("chat.postMessage"))


async def test_only_invited_people_may_answer_and_only_while_open(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        world.slack.add_user("U0STRANGER", "Stranger")
        stranger_dm = world.slack.dm_channel("U0STRANGER")
        world.slack.channels[stranger_dm].messages.append(survey_dm(world, AISHA))
        await tap(world, "U0STRANGER", "helped", "1")
        assert responses(world) == []
        assert "wasn't sent to you" in json.dumps(world.slack.calls[-1].args)
        await run_tick(world, THURSDAY + timedelta(hours=72))
        await tap(world, AISHA, "helped", "5")
        assert responses(world) == []
        assert "has closed" in json.dumps(world.slack.calls[-1].args)


async def test_anonymity_holds_in_the_database(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for nurse in NURSES[:6]:
            await tap(world, nurse, "helped", "4")
        stored = responses(world)
        assert all(r.slack_id is None and r.voter not in NURSES for r in stored)
        columns = {c["name"] for c in inspect(world.services.engine).get_columns("survey_response")}
        assert columns == {"id", "run_id", "voter", "slack_id", "ward_id", "role", "answers"}  # no times
        assert sorted(r.id for r in stored) != [r.id for r in stored] or len({len(r.id) for r in stored}) == 1
        with Session(world.services.engine) as session:
            answered = [a for a in session.exec(select(AuditRow)) if a.action == "survey.answered"]
            outbox = session.exec(select(OutboxRow)).all()
        # The outbox must not tie a person's DM to their choices: the in-place update is never stored.
        assert not any("✓" in json.dumps(r.payload, ensure_ascii=False) for r in outbox)
        assert not any(r.method == "chat.update" and r.purpose == "survey" for r in outbox)

        assert {a.actor for a in answered} == {"anonymous"} and all(a.detail == {} for a in answered)
        assert run_row(world).secret is not None
        await run_tick(world, THURSDAY + timedelta(hours=72))
        assert run_row(world).secret is None  # the key is gone: no hash can be recomputed from a name
        assert {s for s, i in invites(world).items() if i.answered} == set(NURSES[:6])
        with world.services.engine.connect() as conn:
            secrets = conn.execute(text("SELECT secret FROM survey_run")).scalars().all()
        assert secrets == [None]


async def test_results_are_posted_with_small_groups_and_the_subtraction_remainder_hidden(
    make_world: WorldMaker,
) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for i, nurse in enumerate(NURSES[:14]):  # 7 on each ward
            await tap(world, nurse, "helped", "5" if i % 2 == 0 else "2")
        await tap(world, DEV, "helped", "1")  # responders have no ward: a group of 1
        await run_tick(world, THURSDAY + timedelta(hours=72))
        posted = world.slack.messages("C0UPDATE1")[-1]
        body = json.dumps(posted["blocks"], ensure_ascii=False)
        assert "15 of 20 answered" in body
        by_ward = next(
            f["text"]
            for b in posted["blocks"]
            if b.get("fields")
            for f in b["fields"]
            if f["text"].startswith("*By ward*")
        )
        assert "no ward: not shown" in by_ward
        # Hiding 'no ward' alone would give it away as total minus the wards, so one ward (the smallest,
        # ties by name) is hidden with it and only the other is shown.
        assert "Ward 7 Acute Medicine: not shown" in by_ward
        assert "Ward 9 Surgery: 2.0" in by_ward

        assert "DEV" not in body and "U0NURSE" not in body


async def test_the_loop_is_closed_with_everyone_who_answered_and_only_them(make_world: WorldMaker) -> None:
    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for nurse in NURSES[:5]:
            await tap(world, nurse, "helped", "4")
        await run_tick(world, THURSDAY + timedelta(hours=72))
        posted = world.slack.messages("C0UPDATE1")[-1]
        action = {"action_id": Action.CLOSE_LOOP.value, "value": "1", "block_id": "loop:1"}
        await world.driver.click(AISHA, action, channel="C0UPDATE1", message=posted)
        await world.settle()
        assert world.slack.calls_to("views.open") == []
        await world.driver.click(ELLA, action, channel="C0UPDATE1", message=posted)
        await world.settle()
        view = world.slack.calls_to("views.open")[-1].response["view"]
        from bot.slack.forms import queue_form_values

        await world.driver.submit(
            ELLA,
            view,
            queue_form_values(heard="Logins are slow at shift change.", doing="A second login server from Monday."),
        )
        await world.settle()
        told = {
            c.args["channel"]
            for c in world.slack.calls_to("chat.postMessage")
            if "Here is what we heard" in json.dumps(c.args.get("blocks"))
        }
        assert told == set(NURSES[:5])
        assert run_row(world).loop_closed_at is not None


async def test_survey_results_on_the_command_line(
    make_world: WorldMaker, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.__main__ import main

    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for nurse in NURSES[:6]:
            await tap(world, nurse, "helped", "4")
        await run_tick(world, THURSDAY + timedelta(hours=72))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    assert main(["survey", "results", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("RESULTS: WEEKLY PULSE") and "6 of 20 answered" in out and "Close the loop" not in out
    assert main(["survey", "results", "9"]) == 1
    assert "no survey run 9" in capsys.readouterr().err
    with Session(world.services.engine) as session:
        assert session.exec(select(SurveyRunRow).where(col(SurveyRunRow.status) == "closed")).one()


async def test_the_responses_export_keeps_the_anonymity_rules(
    make_world: WorldMaker,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    import csv

    from bot.__main__ import main

    async with make_world() as world:
        await run_tick(world, THURSDAY)
        for nurse in NURSES[:7]:  # ward-7: 4 answers, ward-9: 3 answers
            await tap(world, nurse, "helped", "4")
        await tap(world, DEV, "helped", "2")
        await run_tick(world, THURSDAY + timedelta(hours=72))
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    target = tmp_path / "responses.csv"
    assert main(["export", "responses", "--csv", str(target)]) == 0
    assert "exported 8 response(s)" in capsys.readouterr().out
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert {r["person"] for r in rows} == {""}  # anonymous: nobody named
    assert {r["ward"] for r in rows} == {"not shown"}  # every ward group is under five
    assert {r["role"] for r in rows} == {"not shown"}  # responder (1) and clinicians (7): hidden together
    assert sorted(r["helped"] for r in rows) == ["2"] + ["4"] * 7


async def test_a_sus_run_fits_one_dm_and_is_scored_with_its_adjective(make_world: WorldMaker) -> None:
    first = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # 0 10 1 * *: the first of the month, 10:00 London
    async with make_world(at=first - timedelta(hours=1)) as world:
        assert (await run_tick(world, first))["surveys"] == 1
        ward7 = [n for i, n in enumerate(NURSES) if i % 2 == 0]
        assert {i.slack_id for i in invites(world).values()} >= set(ward7)  # audience: ward-7 and champions
        assert len(survey_dm(world, ward7[0])["blocks"]) <= 50
        for nurse in ward7[:5]:
            for number, value in enumerate((4, 2, 4, 1, 5, 2, 4, 2, 4, 1), start=1):
                await tap(world, nurse, f"sus{number}", str(value), run=1)
        await run_tick(world, first + timedelta(hours=120))
        posted = json.dumps(world.slack.messages("C0UPDATE1")[-1]["blocks"], ensure_ascii=False)
        assert "SUS 82.5: Excellent* (grade A). The published average is 68." in posted


async def test_a_named_multi_choice_survey_keeps_the_person_and_every_ticked_box(make_world: WorldMaker) -> None:
    config = pilot(
        **{
            'file = "surveys/sus.toml"': 'file = "surveys/training-needs.toml"',
            'schedule = "0 10 1 * *"': 'schedule = "0 15 * * THU"',
        }
    )
    async with make_world(config) as world:
        await run_tick(world, THURSDAY.replace(hour=15))
        run = next(r.run_id for r in invites(world).values() if r.slack_id == NURSES[0])
        message = survey_dm(world, NURSES[0])
        block = next(b for b in message["blocks"] if b.get("block_id") == f"sq:{run}:topics")
        assert block["elements"][0]["type"] == "checkboxes"
        await world.driver.click(
            NURSES[0],
            {
                "type": "checkboxes",
                "action_id": Action.SURVEY_MULTI.value,
                "block_id": f"sq:{run}:topics",
                "selected_options": [{"value": "0"}, {"value": "3"}],
            },
            channel=world.slack.dm_channel(NURSES[0]),
            message=message,
            container={"type": "message", "channel_id": world.slack.dm_channel(NURSES[0]), "message_ts": message["ts"]},
        )
        await world.settle()
        (response,) = [r for r in responses(world) if r.run_id == run]
        assert response.answers == {"topics": ["0", "3"]} and response.slack_id == NURSES[0]
