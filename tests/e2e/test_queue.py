"""The 24-hour queue, end to end: card actions by the team, what the reporter hears, and who may do what."""

from __future__ import annotations

import json
from datetime import date, timedelta

from bot.ids import Action
from bot.standin.world import World
from tests.e2e.queue_helpers import (
    AISHA,
    BEN,
    DEV,
    ELLA,
    ESCALATION,
    RAPID,
    WARD7,
    audit,
    card_text,
    click,
    dm_texts,
    file,
    form,
    row,
    take,
    thread,
)

FIX = date(2026, 11, 20)


async def test_take_updates_the_card_in_place_and_tells_the_reporter(world: World) -> None:
    report = await file(world)
    assert "Take" in card_text(world, report) and "no owner yet" in card_text(world, report)
    await take(world, DEV, report)
    assert row(world, report).status == "taken" and row(world, report).owner == DEV
    text = card_text(world, report)
    assert "Being worked on" in text and f"owner <@{DEV}>" in text and '"Take"' not in text
    assert len([m for m in world.slack.messages(RAPID) if not m.get("thread_ts")]) == 1  # updated, not reposted
    assert thread(world, report) == [f"<@{DEV}> took it."]
    assert dm_texts(world, AISHA)[-1].startswith(f"R-{report}: <@{DEV}> from the rapid-response team has taken it")
    assert audit(world)[-1] == (DEV, "report.take")


async def test_a_second_take_is_refused_privately_and_changes_nothing(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    world.slack.add_user("U0SAM0009", "Sam")
    before = len(world.slack.calls_to("chat.update"))
    await take(world, DEV, report)
    assert len(world.slack.calls_to("chat.update")) == before
    refusal = [c.args for c in world.slack.calls if c.method == "response_url"][-1]
    assert "has already taken it" in json.dumps(refusal) or "being worked on" in json.dumps(refusal)
    assert audit(world)[-1] == (DEV, "report.refused")


async def test_a_non_responder_clicking_resolve_changes_nothing(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    before = (row(world, report).status, len(world.slack.calls_to("chat.update")))
    await click(world, BEN, report, f"{Action.CARD_FORM.value}:resolve", f"{report}:resolve")
    assert world.slack.calls_to("views.open") == []  # no form for someone who may not use it
    refusal = [c for c in world.slack.calls if c.method == "response_url" and c.owner == BEN][-1]
    assert "Only the rapid-response team can do that" in json.dumps(refusal.args)
    # A forged submission of the resolve form (anyone who sees a button can click it) is refused too.
    await form(world, DEV, report, "need_info", question="which scanner?")
    resolve_view = dict(world.slack.calls_to("views.open")[-1].response["view"])
    resolve_view["private_metadata"] = json.dumps({"report": report, "move": "resolve"})
    from bot.slack.forms import queue_form_values

    await world.driver.submit(BEN, resolve_view, queue_form_values(resolution="done", summary="done"))
    await world.settle()
    assert row(world, report).status == "waiting" and row(world, report).resolution is None
    assert audit(world)[-1] == (BEN, "report.refused")
    assert before[0] == "taken"


async def test_need_info_asks_by_dm_and_the_reply_in_its_thread_lands_on_the_card(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    await form(world, DEV, report, "need_info", question="Which scanner, the one by the nurses' station?")
    assert row(world, report).status == "waiting"
    assert "Waiting on reporter" in card_text(world, report) and "answer due" in card_text(world, report)
    question = next(m for m in world.slack.dms(AISHA) if "needs a little more information" in m["text"])
    assert "Answer" in json.dumps(question["blocks"])
    channel = world.slack.dm_channel(AISHA)
    world.slack.channels[channel].messages.append(
        {
            "type": "message",
            "user": AISHA,
            "text": "yes, mrs patel by the station, bed 4 side",
            "ts": world.slack.next_ts(),
            "thread_ts": question["ts"],
        }
    )
    reply = world.slack.messages(channel)[-1]
    await world.driver.event(
        {
            "type": "message",
            "channel": channel,
            "user": AISHA,
            "text": reply["text"],
            "ts": reply["ts"],
            "thread_ts": question["ts"],
            "channel_type": "im",
        }
    )
    await world.settle()
    assert row(world, report).status == "taken"
    assert "The reporter answered" in thread(world, report)[-1] and "[BED]" in thread(world, report)[-1]
    assert "bed 4" not in json.dumps([c.args for c in world.slack.calls])
    assert f"passed to <@{DEV}>" in dm_texts(world, AISHA)[-1]
    assert world.slack.calls_to("views.open")[-1].owner == DEV  # no offer to file the answer as a new report
    assert not any("File this as a report" in t for t in dm_texts(world, AISHA))


async def test_the_answer_button_opens_a_form_that_answers_the_team(world: World) -> None:
    report = await file(world)
    await form(world, DEV, report, "need_info", question="which ward?")
    question = next(m for m in world.slack.dms(AISHA) if "needs a little more information" in m["text"])
    await world.driver.click(
        AISHA,
        {"action_id": Action.ANSWER.value, "value": str(report), "block_id": "a"},
        channel=world.slack.dm_channel(AISHA),
        message=question,
    )
    await world.settle()
    view = world.slack.calls_to("views.open")[-1].response["view"]
    from bot.slack.forms import queue_form_values

    await world.driver.submit(AISHA, view, queue_form_values(answer="ward 7, every morning"))
    await world.settle()
    assert row(world, report).status == "taken"
    assert "ward 7, every morning" in thread(world, report)[-1]


async def test_a_dated_plan_stops_the_clock_and_the_reporter_hears_the_date(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    await form(world, DEV, report, "plan", note="New firmware goes on all scanners.", expected_fix=FIX)
    stored = row(world, report)
    assert (stored.status, stored.expected_fix, stored.answered_at) == ("planned", FIX, world.clock.now())
    assert "Plan: fix expected* Fri 20 Nov" in card_text(world, report)
    told = dm_texts(world, AISHA)[-1]
    assert "there's a plan. The fix is expected by Fri 20 Nov" in told
    assert "Still a problem" in json.dumps(world.slack.dms(AISHA)[-1]["blocks"])


async def test_a_plan_in_the_past_is_refused_beside_the_field(world: World) -> None:
    report = await file(world)
    response = await form(world, DEV, report, "plan", note="soon", expected_fix=date(2026, 11, 1))
    assert response.json() == {"response_action": "errors", "errors": {"expected_fix": "Pick today or a later date."}}
    assert row(world, report).status == "new"


async def test_a_workaround_goes_to_the_reporter_and_optionally_the_ward(world: World) -> None:
    report = await file(world)
    await form(
        world, DEV, report, "workaround", team_workaround="Use the spare scanner in the office.", share_with_ward=True
    )
    assert row(world, report).status == "workaround" and row(world, report).owner == DEV
    assert "here's a workaround" in dm_texts(world, AISHA)[-1]
    ward_post = world.slack.messages(WARD7)[-1]
    assert "Use the spare scanner in the office." in ward_post["text"] + json.dumps(ward_post["blocks"])


async def test_resolve_then_still_broken_reopens_with_a_fresh_clock(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    await form(
        world,
        DEV,
        report,
        "resolve",
        resolution="Timeout raised to 30 minutes.",
        summary="Scanners no longer log you out mid-round",
    )
    stored = row(world, report)
    assert (stored.status, stored.public_summary) == ("resolved", "Scanners no longer log you out mid-round")
    assert "is fixed" in dm_texts(world, AISHA)[-1]
    assert '"actions"' not in card_text(world, report) or "card_take" not in card_text(world, report)
    world.clock.advance(timedelta(days=2))
    fixed = world.slack.dms(AISHA)[-1]
    await world.driver.click(
        AISHA,
        {"action_id": Action.STILL_BROKEN.value, "value": str(report), "block_id": "s"},
        channel=world.slack.dm_channel(AISHA),
        message=fixed,
    )
    await world.settle()
    reopened = row(world, report)
    assert (reopened.status, reopened.cycle, reopened.owner) == ("taken", 2, DEV)
    assert reopened.clock_started_at == world.clock.now() and reopened.answered_at is None
    assert "is open again" in dm_texts(world, AISHA)[-1]
    assert "still a problem" in dm_texts(world, DEV)[-1]


async def test_someone_else_cannot_reopen(world: World) -> None:
    report = await file(world)
    await form(world, DEV, report, "resolve", resolution="done", summary="done")
    await world.driver.click(BEN, {"action_id": Action.STILL_BROKEN.value, "value": str(report), "block_id": "s"})
    await world.settle()
    assert row(world, report).status == "resolved"
    assert audit(world)[-1] == (BEN, "report.refused")


async def test_a_duplicate_joins_the_original_whose_me_too_rises(world: World) -> None:
    original = await file(world, "scanner logs out every 2 minutes")
    duplicate = await file(world, "the scanner keeps logging me out", user=BEN)
    await form(world, DEV, duplicate, "merge", into=f"R-{original}")
    assert row(world, duplicate).status == "duplicate" and row(world, duplicate).duplicate_of == original
    assert row(world, original).me_too == 1
    assert "👥 1 more reported this" in card_text(world, original)
    assert f"same problem as R-{original}" in dm_texts(world, BEN)[-1]
    await form(world, DEV, original, "resolve", resolution="fixed firmware", summary="Scanner fixed")
    assert "is fixed" in dm_texts(world, BEN)[-1]  # the duplicate's reporter follows the original


async def test_merging_into_a_duplicate_joins_its_root_and_self_merges_are_refused(world: World) -> None:
    first = await file(world, "problem one")

    second = await file(world, "problem two")
    third = await file(world, "problem three")
    await form(world, DEV, second, "merge", into=f"R-{first}")
    await form(world, DEV, third, "merge", into=f"R-{second}")
    assert row(world, third).duplicate_of == first and row(world, first).me_too == 2
    fourth = await file(world, "problem four")
    await form(world, DEV, fourth, "merge", into=f"R-{fourth}")
    assert row(world, fourth).status == "new"
    assert audit(world)[-1] == (DEV, "report.refused")


async def test_only_a_lead_can_reassign(world: World) -> None:
    report = await file(world)
    await take(world, DEV, report)
    await click(world, DEV, report, Action.CARD_MORE.value, "")  # no option: nothing happens
    before = len(world.slack.calls_to("views.open"))
    await world.driver.click(
        DEV,
        {
            "type": "overflow",
            "action_id": Action.CARD_MORE.value,
            "block_id": "x",
            "selected_option": {"value": f"{report}:reassign", "text": {"type": "plain_text", "text": "r"}},
        },
    )
    await world.settle()
    assert len(world.slack.calls_to("views.open")) == before
    world.slack.add_user("U0SAM0009", "Sam")
    await form(world, ELLA, report, "reassign", owner="U0SAM0009")
    assert row(world, report).owner == "U0SAM0009"
    assert "is now with <@U0SAM0009>" in dm_texts(world, AISHA)[-1]


async def test_patient_safety_goes_to_the_escalation_channel_at_once(world: World) -> None:
    report = await file(world, "the wrong patient's allergies showed on the chart")
    assert row(world, report).severity == "patient_safety"
    alert = world.slack.messages(ESCALATION)[-1]
    assert f"Patient-safety report R-{report}" in alert["text"]
    assert "taken within 15 minutes, answered within 4 hours" in json.dumps(alert["blocks"])


async def test_raising_severity_to_patient_safety_alerts_once(world: World) -> None:
    report = await file(world, "the obs chart is slow")
    assert world.slack.messages(ESCALATION) == []
    await form(world, DEV, report, "set_severity", new_severity="patient_safety")
    await form(world, DEV, report, "set_severity", new_severity="blocks_work")
    await form(world, DEV, report, "set_severity", new_severity="patient_safety")
    assert len(world.slack.messages(ESCALATION)) == 1


async def test_a_report_is_published_as_a_known_issue(world: World) -> None:
    report = await file(world)
    await form(
        world,
        DEV,
        report,
        "known_issue",
        title="Scanners log out every 2 minutes",
        cause="A timeout set too low in the last update",
        team_workaround="Use the spare scanner",
        expected_fix=FIX,
    )
    issues = world.services.known_issues.list()
    assert [(i.title, i.cause, i.expected_fix, i.report_id) for i in issues] == [
        ("Scanners log out every 2 minutes", "A timeout set too low in the last update", FIX, report)
    ]
    assert "known issue K-1" in card_text(world, report)
    await form(world, DEV, report, "resolve", resolution="done", summary="Scanner timeout fixed")
    assert world.services.known_issues.list() == []
    assert world.services.known_issues.list(status="fixed")[0].status == "fixed"


async def test_app_home_shows_each_role_what_it_needs(world: World) -> None:
    mine = await file(world, "printer jams")
    unowned = await file(world, "obs tablet slow", user=BEN)
    await take(world, DEV, mine)
    for user in (AISHA, DEV, ELLA):
        await world.driver.open_home(user)
    await world.settle()
    aisha, dev, ella = (json.dumps(world.slack.homes[u]) for u in (AISHA, DEV, ELLA))
    assert "Your reports" in aisha and "Nobody has these yet" not in aisha and "being worked on" in aisha
    assert "Nobody has these yet" in dev and f"R-{unowned}" in dev and "Yours" in dev
    assert "The pilot's queue" in ella and "Answered within target" in ella
    assert "The pilot's queue" not in dev
