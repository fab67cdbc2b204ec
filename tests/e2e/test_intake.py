"""Intake, end to end: signed requests into the real app, its Web API calls answered by the Slack stand-in."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from sqlmodel import Session, col, select

from bot.db.models import AuditRow, ReportRow
from bot.domain.reports import Severity
from bot.ids import Action, Callback
from bot.slack.forms import report_form_values
from bot.standin.world import World

AISHA, BEN, DEV, FRAN = "U0AISHA01", "U0BEN0002", "U0DEV0004", "U0FRAN006"
ZED = "U0ZED0007"  # not on the roster
RAPID, WARD7, WARD9, UPDATES = "C0RAPID01", "C0WARD007", "C0WARD009", "C0UPDATE1"


def reports(world: World) -> list[ReportRow]:
    with Session(world.services.engine) as session:
        return list(session.exec(select(ReportRow).order_by(col(ReportRow.id))))


def audit_actions(world: World) -> list[str]:
    with Session(world.services.engine) as session:
        return [a.action for a in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]


def everything_sent(world: World) -> str:
    return json.dumps([c.args for c in world.slack.calls])


def cards(world: World) -> list[dict[str, Any]]:
    return [m for m in world.slack.messages(RAPID) if not m.get("thread_ts")]


def replies_to(world: World, user: str) -> list[dict[str, Any]]:
    return [c.args for c in world.slack.calls if c.method == "response_url" and c.owner == user]


def last_view(world: World, user: str) -> dict[str, Any]:
    call = next(c for c in reversed(world.slack.calls) if c.method == "views.open" and c.owner == user)
    return call.response["view"]  # type: ignore[no-any-return]


# --- /report in one step -----------------------------------------------------------------------------


async def test_report_in_one_step_is_acked_filed_carded_and_confirmed_privately(world: World) -> None:
    response = await world.driver.command(AISHA, "the scanner logs me out every 2 min", channel=WARD7)
    assert response.status_code == 200 and response.text == ""
    await world.settle()
    (report,) = reports(world)
    assert (report.reporter, report.ward_id, report.source, report.severity) == (
        AISHA,
        "ward-7",
        "command",
        "blocks_work",
    )
    (card,) = cards(world)
    assert card["blocks"][0]["text"]["text"].startswith(f"R-{report.id} ·")
    assert "the scanner logs me out every 2 min" in json.dumps(card["blocks"])
    (confirmation,) = replies_to(world, AISHA)
    assert confirmation["response_type"] == "ephemeral"
    assert confirmation["text"] == f"Filed as R-{report.id}"
    assert audit_actions(world)[-1] == "report.filed"


async def test_identifiers_are_masked_before_storing_and_never_echoed(world: World) -> None:
    text = "Mrs Patel MRN 4412789 in bay 3 bed 2, DOB 12/03/1954, daughter on 07700 900123: wrong dose shown"
    await world.driver.command(AISHA, text, channel=WARD7)
    await world.settle()
    (report,) = reports(world)
    assert report.text == "Mrs [NAME] MRN [MRN] in [BED], DOB [DOB], daughter on [PHONE]: wrong dose shown"
    assert report.masked == "NAME,MRN,BED,DOB,PHONE" and report.severity == "patient_safety"
    sent = everything_sent(world)
    for identifier in ("Patel", "4412789", "bay 3", "1954", "07700"):
        assert identifier not in sent
    (confirmation,) = replies_to(world, AISHA)
    assert "a name, a hospital number, a bed, bay or room number, a date of birth and a phone number" in json.dumps(
        confirmation["blocks"]
    )


async def test_a_10000_character_report_is_kept_whole_and_the_reporter_told(world: World) -> None:
    text = ("the drug chart froze again and I had to restart. " * 250)[:9_999] + "!"
    await world.driver.command(AISHA, text, channel=WARD7)
    await world.settle()
    (report,) = reports(world)
    assert report.text == text.strip()
    assert "10,000 characters" in json.dumps(replies_to(world, AISHA)[0]["blocks"])
    assert "Continues: 10,000 characters" in json.dumps(cards(world)[0]["blocks"])


async def test_a_report_over_the_limit_is_refused_clearly_and_nothing_stored(world: World) -> None:
    response = await world.driver.command(AISHA, "x" * 40_001, channel=WARD7)
    assert response.status_code == 200
    assert "Nothing was filed" in response.json()["text"]
    await world.settle()
    assert reports(world) == []


@pytest.mark.parametrize("text", ["help", "?"])
async def test_help_explains_both_ways_of_reporting(world: World, text: str) -> None:
    response = await world.driver.command(AISHA, text)
    assert "/report" in response.json()["text"] and "form" in response.json()["text"]


# --- the ward ----------------------------------------------------------------------------------------


async def test_the_ward_comes_from_the_roster_then_the_channel(world: World) -> None:
    world.slack.add_user(ZED, "Zed Quinn")
    await world.driver.command(AISHA, "printer jams", channel=WARD9)
    await world.driver.command(ZED, "printer jams", channel=WARD9)
    await world.settle()
    assert [r.ward_id for r in reports(world)] == ["ward-7", "ward-9"]


async def test_an_unknown_ward_is_asked_once_and_remembered(world: World) -> None:
    world.slack.add_user(ZED, "Zed Quinn")
    await world.driver.command(ZED, "the obs tablet won't charge", channel=UPDATES)
    await world.settle()
    (report,) = reports(world)
    assert report.ward_id is None
    (confirmation,) = replies_to(world, ZED)
    ward_block = next(b for b in confirmation["blocks"] if b.get("block_id") == f"ward:{report.id}")
    await world.driver.click(
        ZED,
        {
            "type": "static_select",
            "action_id": ward_block["accessory"]["action_id"],
            "block_id": ward_block["block_id"],
            "selected_option": {"value": "ward-9", "text": {"type": "plain_text", "text": "9"}},
        },
    )
    await world.settle()
    assert reports(world)[0].ward_id == "ward-9"
    (update,) = world.slack.calls_to("chat.update")
    assert "Ward 9 Surgery" in json.dumps(update.args["blocks"])
    assert replies_to(world, ZED)[-1]["replace_original"] is True
    await world.driver.command(ZED, "and the charger is missing", channel=UPDATES)
    await world.settle()
    assert reports(world)[1].ward_id == "ward-9"
    assert not any(b.get("block_id", "").startswith("ward:") for b in replies_to(world, ZED)[-1]["blocks"])


# --- /report alone: the form -------------------------------------------------------------------------


async def test_report_alone_opens_the_form_with_the_ward_prefilled(world: World) -> None:
    response = await world.driver.command(BEN, "", channel=WARD7)
    assert response.status_code == 200
    await world.settle()
    view = last_view(world, BEN)
    ward = next(b for b in view["blocks"] if b["block_id"] == "ward")
    assert ward["element"]["initial_option"]["value"] == "ward-7"
    severity = next(b for b in view["blocks"] if b["block_id"] == "severity")
    assert [o["value"] for o in severity["element"]["options"]] == [s.value for s in Severity]
    values = report_form_values(
        "CD register second signature greyed out",
        "ward-7",
        Severity.BLOCKS_WORK,
        system="eMAR",
        workaround="paper CD book",
    )
    response = await world.driver.submit(BEN, view, values)
    assert response.status_code == 200
    await world.settle()
    (report,) = reports(world)
    assert (report.source, report.severity, report.system, report.workaround) == (
        "form",
        "blocks_work",
        "eMAR",
        "paper CD book",
    )
    assert world.slack.dms(BEN)[-1]["text"] == f"Filed as R-{report.id}"


async def test_form_errors_appear_beside_the_fields_and_nothing_is_stored(world: World) -> None:
    await world.driver.command(BEN, "", channel=WARD7)
    await world.settle()
    response = await world.driver.submit(BEN, last_view(world, BEN), report_form_values("   ", None))
    assert response.status_code == 200
    body = response.json()
    assert body["response_action"] == "errors" and set(body["errors"]) == {"what", "ward"}
    await world.settle()
    assert reports(world) == []


# --- message shortcut --------------------------------------------------------------------------------


async def test_the_shortcut_opens_the_form_with_the_message_and_files_its_permalink(world: World) -> None:
    ts = world.slack.post_as_user(WARD9, AISHA, "discharge letter button vanishes after saving the TTO")
    message = next(m for m in world.slack.messages(WARD9) if m["ts"] == ts)
    await world.driver.shortcut(BEN, Callback.REPORT_MESSAGE.value, WARD9, message)
    await world.settle()
    view = last_view(world, BEN)
    what = next(b for b in view["blocks"] if b["block_id"] == "what")
    assert what["element"]["initial_value"] == message["text"]
    ward = next(b for b in view["blocks"] if b["block_id"] == "ward")
    assert ward["element"]["initial_option"]["value"] == "ward-9"  # the message's ward, not Ben's own
    await world.driver.submit(BEN, view, report_form_values(message["text"], "ward-9"))
    await world.settle()
    (report,) = reports(world)
    assert report.permalink == f"https://pilot.slack.com/archives/{WARD9}/p{ts.replace('.', '')}"
    assert report.source == "shortcut"
    link = cards(world)[0]["blocks"][-1]["elements"][0]
    assert link["url"] == report.permalink


async def test_a_long_message_reported_with_the_shortcut_is_kept_whole(world: World) -> None:
    long_text = "the whole ward lost the obs chart at 3am. " * 200
    ts = world.slack.post_as_user(WARD7, AISHA, long_text)
    message = next(m for m in world.slack.messages(WARD7) if m["ts"] == ts)
    await world.driver.shortcut(BEN, Callback.REPORT_MESSAGE.value, WARD7, message)
    await world.settle()
    view = last_view(world, BEN)
    prefilled = next(b for b in view["blocks"] if b.get("block_id") == "what")["element"]["initial_value"]
    assert len(prefilled) == 3000
    await world.driver.submit(BEN, view, report_form_values(prefilled, "ward-7"))
    await world.settle()
    (report,) = reports(world)
    assert report.text == long_text.strip()


# --- :ticket: reaction -------------------------------------------------------------------------------


async def test_a_ticket_reaction_files_the_message_for_its_author_and_tells_both(world: World) -> None:
    ts = world.slack.post_as_user(WARD7, AISHA, "wristband printer prints blank again")
    response = await world.driver.reaction(BEN, WARD7, ts)
    assert response.status_code == 200
    await world.settle()
    (report,) = reports(world)
    assert (report.reporter, report.filed_by, report.source) == (AISHA, BEN, "reaction")
    assert report.text == "wristband printer prints blank again"
    author_dm = world.slack.dms(AISHA)[-1]
    assert f"<@{BEN}> filed your message in <#{WARD7}>" in json.dumps(author_dm["blocks"])
    (ephemeral,) = world.slack.ephemerals
    assert ephemeral["user"] == BEN and ephemeral["channel"] == WARD7
    assert f"Filed <@{AISHA}>'s message as R-{report.id}" in ephemeral["text"]


async def test_a_second_ticket_on_the_same_message_files_nothing_new(world: World) -> None:
    ts = world.slack.post_as_user(WARD7, AISHA, "wristband printer prints blank again")
    await world.driver.reaction(BEN, WARD7, ts)
    await world.settle()
    await world.driver.reaction(DEV, WARD7, ts)
    await world.settle()
    assert len(reports(world)) == 1
    assert "already filed as R-1" in world.slack.ephemerals[-1]["text"]
    assert world.slack.ephemerals[-1]["user"] == DEV


@pytest.mark.parametrize(("channel", "emoji"), [(UPDATES, "ticket"), (WARD7, "thumbsup")])
async def test_other_reactions_and_other_channels_file_nothing(world: World, channel: str, emoji: str) -> None:
    ts = world.slack.post_as_user(channel, AISHA, "nice work everyone")
    await world.driver.reaction(BEN, channel, ts, name=emoji)
    await world.settle()
    assert reports(world) == [] and world.slack.calls_to("chat.postMessage") == []


async def test_a_ticket_on_the_bots_own_message_is_explained(world: World) -> None:
    await world.driver.command(AISHA, "printer", channel=WARD7)
    await world.settle()
    world.slack.channels[WARD7].messages.append(
        {"type": "message", "bot_id": "B0PILOTBOT", "text": "card", "ts": world.slack.next_ts()}
    )
    await world.driver.reaction(BEN, WARD7, world.slack.messages(WARD7)[-1]["ts"])
    await world.settle()
    assert len(reports(world)) == 1
    assert "pilotbot's own messages" in world.slack.ephemerals[-1]["text"]


# --- direct messages ---------------------------------------------------------------------------------


def _offer(world: World, user: str) -> dict[str, Any]:
    return next(
        m
        for m in reversed(world.slack.dms(user))
        if any(b.get("block_id", "").startswith("offer:") for b in m.get("blocks") or [])
    )


async def test_a_dm_gets_an_offer_and_one_tap_files_it(world: World) -> None:
    await world.driver.direct_message(AISHA, "NEWS2 total hidden below the fold")
    await world.settle()
    assert reports(world) == []
    offer = _offer(world, AISHA)
    draft = offer["blocks"][-3]["elements"][0]["value"]
    await world.driver.click(
        AISHA,
        {"action_id": f"{Action.OFFER_FILE.value}:slows_down", "value": draft},
        channel=world.slack.dm_channel(AISHA),
        message=offer,
    )
    await world.settle()
    (report,) = reports(world)
    assert (report.source, report.severity, report.text) == ("dm", "slows_down", "NEWS2 total hidden below the fold")
    assert replies_to(world, AISHA)[-1]["replace_original"] is True
    assert len(cards(world)) == 1


async def test_messages_in_quick_succession_join_one_offer(world: World) -> None:
    for text in ("the scanner", "logs me out", "every 2 minutes"):
        await world.driver.direct_message(AISHA, text)
        await world.settle()
    offers = [m for m in world.slack.dms(AISHA) if m.get("bot_id")]
    assert len(offers) == 1
    assert offers[0]["blocks"][1]["text"]["text"] == ">the scanner\n>logs me out\n>every 2 minutes"


async def test_not_now_files_nothing_and_a_later_tap_is_refused(world: World) -> None:
    await world.driver.direct_message(AISHA, "just venting")
    await world.settle()
    offer = _offer(world, AISHA)
    draft = offer["blocks"][-3]["elements"][0]["value"]
    await world.driver.click(
        AISHA,
        {"action_id": Action.OFFER_DISMISS.value, "value": draft},
        channel=world.slack.dm_channel(AISHA),
        message=offer,
    )
    await world.settle()
    await world.driver.click(
        AISHA,
        {"action_id": f"{Action.OFFER_FILE.value}:minor", "value": draft},
        channel=world.slack.dm_channel(AISHA),
        message=offer,
    )
    await world.settle()
    assert reports(world) == []
    assert "expired" in json.dumps(replies_to(world, AISHA)[-1])


# --- the reporter's corrections ----------------------------------------------------------------------


async def test_the_reporter_changes_severity_in_one_tap_and_the_card_follows(world: World) -> None:
    await world.driver.command(AISHA, "obs chart slow", channel=WARD7)
    await world.settle()
    report = reports(world)[0]
    await world.driver.click(
        AISHA,
        {
            "type": "static_select",
            "action_id": Action.SET_SEVERITY.value,
            "block_id": f"severity:{report.id}",
            "selected_option": {"value": "patient_safety", "text": {"type": "plain_text", "text": "x"}},
        },
    )
    await world.settle()
    assert reports(world)[0].severity == "patient_safety"
    assert "Patient safety" in world.slack.calls_to("chat.update")[-1].args["blocks"][0]["text"]["text"]
    assert audit_actions(world)[-1] == "report.severity_set"


async def test_nobody_else_can_change_someone_elses_report(world: World) -> None:
    await world.driver.command(AISHA, "obs chart slow", channel=WARD7)
    await world.settle()
    report = reports(world)[0]
    await world.driver.click(
        BEN,
        {
            "type": "static_select",
            "action_id": Action.SET_SEVERITY.value,
            "block_id": f"severity:{report.id}",
            "selected_option": {"value": "minor", "text": {"type": "plain_text", "text": "x"}},
        },
    )
    await world.settle()
    assert reports(world)[0].severity == report.severity
    assert world.slack.calls_to("chat.update") == []
    assert "Only the person who reported it" in json.dumps(replies_to(world, BEN)[-1])


# --- App Home ----------------------------------------------------------------------------------------


async def test_app_home_lists_my_reports(world: World) -> None:
    await world.driver.command(AISHA, "first problem", channel=WARD7)
    await world.driver.command(AISHA, "second problem", channel=WARD7)
    await world.settle()
    await world.driver.open_home(AISHA)
    await world.settle()
    home = json.dumps(world.slack.homes[AISHA])
    assert home.index("R-2") < home.index("R-1")
    assert "waiting for the team" in home


# --- what never reaches the logs ---------------------------------------------------------------------


async def test_no_report_text_or_token_reaches_the_logs(world: World, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    world.slack.fail("chat.postMessage", error="channel_not_found")
    await world.driver.command(AISHA, "zebracrossing-7731 printer broken", channel=WARD7)
    await world.settle()
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("pilotbot"))
    assert "dead letter" in logged
    assert "zebracrossing" not in logged and world.slack.token not in logged


# --- the roster, by email --------------------------------------------------------------------------


async def test_roster_emails_are_matched_to_slack_ids_at_import(world: World) -> None:
    carla = next(u for u in world.slack.users.values() if u.email == "carla.diaz@stelsewhere.example")
    person = world.services.people.person(carla.id)
    assert person is not None and person.ward_id == "ward-9"


async def test_someone_on_the_roster_by_email_only_is_linked_when_they_first_report(world: World) -> None:
    world.slack.add_user("U0GINA008", "Gina Roe", "gina.roe@stelsewhere.example")
    csv = "slack_id,email,name,ward,role\n,gina.roe@stelsewhere.example,Gina Roe,ward-9,clinician\n"
    await world.services.people.import_roster(csv, partial=False, actor="test")  # no Slack lookup at import
    assert world.services.people.person("U0GINA008") is None
    await world.driver.command("U0GINA008", "the TTO screen froze", channel=UPDATES)
    await world.settle()
    assert reports(world)[0].ward_id == "ward-9"  # from her roster entry, linked via users.info
    assert world.services.people.person("U0GINA008") is not None
    assert audit_actions(world)[-2:] == ["person.linked", "report.filed"]
