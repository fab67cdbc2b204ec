"""Nothing acknowledged is lost: a database that blinks or stays down, malformed payloads, a crashed sender.

Each test looks at what the person and the channels see, and at what is stored.
"""

from __future__ import annotations

import json
from datetime import timedelta

from sqlmodel import Session, col, select

from bot.db.models import OutboxRow, ReportRow
from bot.ids import Action
from bot.outbox import METADATA_TYPE
from bot.standin.world import World
from tests.faults import outage
from tests.fuzz import fuzzed, send_fuzzed

AISHA, DEV = "U0AISHA01", "U0DEV0004"
WARD7 = "C0WARD007"


def reports(world: World) -> list[ReportRow]:
    with Session(world.services.engine) as session:
        return list(session.exec(select(ReportRow)))


def said(world: World) -> str:
    """Everything Slack was asked to show anyone, as one string."""
    parts = [json.dumps(c.args) for c in world.slack.calls] + [json.dumps(b) for _, b in world.slack.responses]
    return "\n".join(parts)


async def test_a_report_survives_a_blink_of_the_database(world: World) -> None:
    with outage(world.services.engine, statements=3) as blip:
        response = await world.driver.command(AISHA, "the scanner logs me out", channel=WARD7)
    await world.settle()
    assert blip.refused == 3
    assert response.status_code == 200 and response.text in ("", "null")  # answered only once it was stored
    assert len(reports(world)) == 1
    assert "Filed as R-1" in said(world)
    assert "Not filed" not in said(world) and "nothing was lost" not in said(world)


async def test_when_the_database_stays_down_the_reporter_is_told_plainly_and_can_send_again(world: World) -> None:
    text = "the scanner logs me out, Mrs Patel in bay 3 missed her dose"
    with outage(world.services.engine):
        response = await world.driver.command(AISHA, text, channel=WARD7)
        await world.services.tracker.idle()
    assert response.status_code == 200
    answer = response.json()
    assert answer["response_type"] == "ephemeral"
    assert "Not filed" in answer["text"] and "nothing was lost" not in json.dumps(answer)
    assert text in json.dumps(answer["blocks"])  # their own words, back to them alone
    button = answer["blocks"][-1]["elements"][0]
    assert button["action_id"] == Action.RESEND_REPORT.value and button["value"] == text
    assert reports(world) == []
    with Session(world.services.engine) as session:  # nothing of it, masked or not, was queued either
        assert session.exec(select(OutboxRow)).all() == []

    await world.driver.click(AISHA, button, channel=WARD7, message={"ts": "1.0", "text": "", "blocks": []})
    await world.settle()
    [report] = reports(world)
    assert "Patel" not in report.text and "[NAME]" in report.text
    assert "Filed as R-1" in said(world)


async def test_a_form_stays_open_with_its_words_when_the_database_is_down(world: World) -> None:
    from bot.slack.forms import report_form_values

    await world.driver.command(AISHA, "", channel=WARD7)
    await world.settle()
    view = world.slack.calls_to("views.open")[-1].response["view"]
    values = report_form_values("the printer eats wristbands", "ward-7")
    with outage(world.services.engine):
        response = await world.driver.submit(AISHA, view, values)
        await world.services.tracker.idle()
    body = response.json()
    assert body["response_action"] == "errors" and "Not filed yet" in json.dumps(body["errors"])
    assert reports(world) == []
    response = await world.driver.submit(AISHA, view, values)  # the same form, sent again: filed once
    await world.settle()
    assert len(reports(world)) == 1


async def test_a_card_action_the_database_would_not_take_is_told_as_not_done(world: World) -> None:
    await world.driver.command(AISHA, "printer jammed", channel=WARD7)
    await world.settle()
    card_before = world.card(1)
    with outage(world.services.engine):
        await world.driver.click(
            DEV,
            {"action_id": Action.CARD_TAKE.value, "value": "1", "block_id": "card:1"},
            channel=world.config.channels.rapid_response,
            message=card_before,
        )
        await world.services.tracker.idle()
    assert "didn't go through" in said(world) and "nothing changed" in said(world)
    await world.settle()
    assert world.card(1) == card_before
    [report] = reports(world)
    assert report.owner is None


async def test_events_are_refused_for_redelivery_right_after_a_database_failure(world: World) -> None:
    ts = world.slack.post_as_user(WARD7, AISHA, "the scanner is broken again")
    world.services.db_health.failed(world.services.clock.monotonic())
    response = await world.driver.reaction(DEV, WARD7, ts, event_id="Ev1")
    assert response.status_code == 503  # Slack will deliver it again; nothing of it is stored yet
    await world.settle()
    assert reports(world) == []
    world.services.db_health.recovered()
    response = await world.driver.reaction(DEV, WARD7, ts, event_id="Ev1")  # Slack's redelivery
    assert response.status_code == 200
    await world.settle()
    assert len(reports(world)) == 1


# --- malformed payloads -----------------------------------------------------------------------------------


async def test_a_block_action_without_ids_and_a_view_that_is_a_string_get_200_and_store_nothing(
    world: World,
) -> None:
    action = world.driver.block_action_payload(AISHA, {"type": "button"}, channel=WARD7)
    action["actions"] = [{"type": "button"}]
    submission = world.driver.view_submission_payload(AISHA, {"id": "V1", "callback_id": "report_form"}, {})
    submission["view"] = "not a view"
    for payload in (action, submission):
        response = await world.driver.send_interaction(payload)
        assert response.status_code == 200
    await world.settle()
    assert reports(world) == [] and world.slack.calls == []


async def test_a_command_without_a_user_is_refused_before_anything_is_stored(world: World) -> None:
    fields = world.driver.command_fields(AISHA, "printer broken", channel=WARD7)
    fields["user_id"] = ""
    response = await world.driver.send_form(fields)
    assert response.status_code == 200
    await world.settle()
    assert reports(world) == []
    with Session(world.services.engine) as session:
        assert session.exec(select(OutboxRow)).all() == []


async def test_a_seeded_sample_of_fuzzed_payloads_never_gets_a_5xx(world: World) -> None:
    statuses: dict[int, int] = {}
    for kind, payload in fuzzed(seed=20261201, n=300):
        response = await send_fuzzed(world.driver, kind, payload)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    await world.settle()
    assert all(status < 500 for status in statuses), statuses
    assert (await world.driver.command(AISHA, "still up", channel=WARD7)).status_code == 200


# --- delivery under faults --------------------------------------------------------------------------------


async def test_an_outcome_the_database_will_not_take_is_kept_and_never_sent_twice(world: World) -> None:
    await world.driver.command(AISHA, "printer jammed", channel=WARD7)
    await world.services.tracker.idle()
    deliverer = world.services.deliverer
    _, rows, _ = deliverer._claim_due()
    assert rows
    for row in rows:
        outcome = await deliverer._attempt(row)  # Slack takes it...
        with outage(world.services.engine):  # ...and the database will not take the outcome
            deliverer._record_one(row.id, outcome)
    posted = len(world.slack.calls_to("chat.postMessage"))
    assert deliverer._unrecorded
    await world.settle()  # the kept outcomes are recorded first; nothing is sent again
    assert not deliverer._unrecorded
    assert len(world.slack.calls_to("chat.postMessage")) == posted
    with Session(world.services.engine) as session:
        assert {
            r.status for r in session.exec(select(OutboxRow).where(col(OutboxRow.id).in_([r.id for r in rows])))
        } == {"sent"}


async def test_a_post_whose_sender_died_in_flight_is_found_in_slack_not_posted_again(world: World) -> None:
    await world.driver.command(AISHA, "printer jammed", channel=WARD7)
    await world.services.tracker.idle()
    deliverer = world.services.deliverer
    _, rows, _ = deliverer._claim_due()  # a sender claims the card and the confirmation...
    card = next(r for r in rows if r.method == "chat.postMessage")
    await deliverer._attempt(card)  # ...Slack takes the card, and the sender dies before writing it down
    posts = len(world.slack.calls_to("chat.postMessage"))
    message = world.slack.messages(world.config.channels.rapid_response)[-1]
    assert message["metadata"] == {"event_type": METADATA_TYPE, "event_payload": {"outbox_id": card.id}}
    world.clock.advance(timedelta(seconds=30))  # the dead sender's lease runs out
    await world.settle()
    assert len(world.slack.calls_to("chat.postMessage")) == posts  # found in the channel's history instead
    assert deliverer.lookups >= 1
    assert len([m for m in world.slack.messages(world.config.channels.rapid_response) if not m.get("thread_ts")]) == 1
    with Session(world.services.engine) as session:
        row = session.get(OutboxRow, card.id)
        assert row is not None and row.status == "sent"
        assert row.result == {"channel": world.config.channels.rapid_response, "ts": message["ts"]}
