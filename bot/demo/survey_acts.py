"""The demo's third part: the weekly pulse goes out, staff answer in one tap each, results come back."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from bot.demo.stage import Demo
from bot.ids import Action
from bot.jobs.tick import tick
from bot.render.text import render_message
from bot.slack.forms import queue_form_values

AISHA, ELLA = "U0AISHA01", "U0ELLA005"
THURSDAY = datetime.fromisoformat("2026-11-19T14:00:00+00:00")
NURSES = [(f"U0SIM{i:04d}", f"Nurse {i + 1}", "ward-7" if i % 2 == 0 else "ward-9") for i in range(16)]
BLOCKERS = [
    "the scanner logs me out mid round",
    "printer queue on ward 9 jams",
    "scanner logs out again",
    "handover screen too slow",
    "printer queue jams every morning",
]


def _dm(d: Demo, user: str) -> dict[str, Any]:
    return next(
        m
        for m in reversed(d.world.slack.dms(user))
        if any(b.get("block_id", "").startswith("sq:") for b in m.get("blocks") or [])
    )


async def _tap(d: Demo, user: str, question: str, value: str, run: int = 1) -> object:
    message = _dm(d, user)
    channel = d.world.slack.dm_channel(user)
    return await d.world.driver.click(
        user,
        {
            "action_id": f"{Action.SURVEY_TAP.value}:{value}",
            "value": f"{run}:{question}",
            "block_id": f"sq:{run}:{question}",
        },
        channel=channel,
        message=message,
        container={"type": "message", "channel_id": channel, "message_ts": message["ts"]},
    )


async def _write(d: Demo, user: str, text: str, run: int = 1) -> object:
    message = _dm(d, user)
    channel = d.world.slack.dm_channel(user)
    await d.world.driver.click(
        user,
        {"action_id": Action.SURVEY_TEXT.value, "value": f"{run}:blocker", "block_id": f"sq:{run}:blocker"},
        channel=channel,
        message=message,
        container={"type": "message", "channel_id": channel, "message_ts": message["ts"]},
    )
    await d.world.settle()
    view = d.world.slack.calls_to("views.open")[-1].response["view"]
    return await d.world.driver.submit(user, view, queue_form_values(answer=text))


async def _tick(d: Demo, when: datetime) -> dict[str, int]:
    d.clock.set(when)
    d.say.act("pilotbot", f"ticks at {when:%a %H:%M} UTC")
    return (await tick(d.world.services, when)).queued


async def pulse_goes_out(d: Demo) -> None:
    d.say.chapter("Thursday 14:00: the weekly pulse goes out by DM, one tap per question")
    roster = "slack_id,email,name,ward,role\n" + "".join(f"{u},,{n},{w},clinician\n" for u, n, w in NURSES)
    for user, name, _ in NURSES:
        d.world.slack.add_user(user, name)
    await d.world.services.people.import_roster(roster, partial=False, actor="demo")
    d.say.note(f"{len(NURSES)} more staff join the roster for this part, so answers can be anonymous (5 or more).")
    await _tick(d, THURSDAY)
    d.say.skip_seen()
    invited = len(
        [c for c in d.world.slack.calls_to("chat.postMessage") if c.args.get("text", "").startswith("Weekly")]
    )
    d.say.note(f"{invited} people got the survey in their DM with pilotbot, through the outbox.")
    d.say.block("Aisha Khan sees, in her DM with pilotbot:", render_message(_dm(d, AISHA), d.names))
    d.say.act(AISHA, "taps “Agree”, then changes her mind to “Neutral”; the message updates in place")
    await d.timed(lambda: _tap(d, AISHA, "helped", "4"))
    await d.timed(lambda: _tap(d, AISHA, "helped", "3"))


async def staff_answer(d: Demo) -> None:
    d.say.chapter("Thursday afternoon: staff answer; one writes a blocker with a bed number in it")
    rng = random.Random(4)
    for i, (user, _, _) in enumerate(NURSES[:13]):
        await _tap(d, user, "helped", str(rng.choice([2, 3, 4, 4, 5])))
        await _tap(d, user, "time", str(rng.choice([1, 2, 2, 3])))
        await _tap(d, user, "confidence", str(rng.choice([3, 4, 4, 5])))
        if i < len(BLOCKERS):
            await _write(d, user, BLOCKERS[i])
    await d.world.settle()
    d.say.skip_seen()
    d.say.note("13 more staff answer, a tap per question; five write their biggest blocker.")
    d.say.act(NURSES[13][0], "writes: “the obs tablet in bed 4 freezes”")
    await d.timed(lambda: _write(d, NURSES[13][0], "the obs tablet in bed 4 freezes"))


async def reminder_and_results(d: Demo) -> None:
    d.say.chapter("A day later one reminder, to those who haven't answered; Sunday the results")
    queued = await _tick(d, THURSDAY + timedelta(hours=24))
    reminded = [
        c.args["channel"]
        for c in d.world.slack.calls_to("chat.postMessage")
        if c.args.get("text", "").startswith("Reminder:")
    ]
    d.say.skip_seen()
    d.say.note(
        f"{queued['surveys']} reminder round: {len(reminded)} people who had not answered anything got one "
        "gentle reminder; nobody who answered was nagged."
    )
    await _tick(d, THURSDAY + timedelta(hours=72))
    d.say.show_new()
    d.say.note("The run's key is destroyed as it closes: from now on no response can be tied to a person.")


async def loop_closed(d: Demo) -> None:
    d.say.chapter("The lead closes the loop with everyone who answered")
    posted = d.world.slack.messages(d.world.config.channels.updates)[-1]
    d.say.act(ELLA, "taps “Close the loop” and writes what was heard and what is being done")
    await d.world.driver.click(
        ELLA,
        {"action_id": Action.CLOSE_LOOP.value, "value": "1", "block_id": "loop:1"},
        channel=d.world.config.channels.updates,
        message=posted,
    )
    await d.world.settle()
    d.say.skip_seen()
    view = d.world.slack.calls_to("views.open")[-1].response["view"]
    await d.world.driver.submit(
        ELLA,
        view,
        queue_form_values(
            heard="Scanners logging you out, and the printer queue jamming, were the biggest blockers.",
            doing="The scanner timeout fix is live on Tuesday (known issue K-1); IT replaces the ward 9 print server "
            "this week.",
        ),
    )
    await d.world.settle()
    told = [c for c in d.world.slack.calls_to("chat.postMessage") if c.args.get("text", "").startswith("What we heard")]

    d.say.skip_seen()
    d.say.note(f"{len(told)} people who answered got it by DM (and only they did).")
    d.say.block(f"{d.names(NURSES[0][0])} sees:", render_message(told[0].args, d.names))


ACTS = [pulse_goes_out, staff_answer, reminder_and_results, loop_closed]
