"""The demo's champion network: Ben holds office hours (scheduled in one form, announced, joined in one tap, a
reminder, "who came?" in one step), a nurse on a ward without a champion asks /champion, and the directory."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.demo.stage import Demo
from bot.ids import Action
from bot.jobs.tick import tick
from bot.render.text import render_message
from bot.slack.listeners.office_hours import came_values, office_form_values

AISHA, BEN = "U0AISHA01", "U0BEN0002"
WARD7 = "C0WARD007"
SCHEDULED = datetime.fromisoformat("2026-11-19T10:00:00+00:00")  # Thursday
SESSION = datetime.fromisoformat("2026-11-20T12:00:00+00:00")  # Friday noon, 30 minutes


def _announcement(d: Demo) -> dict[str, Any]:
    return next(m for m in reversed(d.world.slack.messages(WARD7)) if '"office_post:' in json.dumps(m.get("blocks")))


async def _tick(d: Demo, when: datetime) -> None:
    d.clock.set(when)
    d.say.act("pilotbot", f"ticks at {when:%a %H:%M} UTC (`pilotbot tick --at {when.isoformat()}`)")
    await tick(d.world.services, when)
    await d.world.settle()
    d.say.show_new()


async def office_hours_scheduled(d: Demo) -> None:
    d.say.chapter("Thursday 10:00: Ben, Ward 7's champion, schedules office hours in one form")
    d.clock.set(SCHEDULED)
    d.say.act(BEN, "types /officehours in #ward-7")
    await d.timed(lambda: d.world.driver.command(BEN, "", command="/officehours", channel=WARD7))
    d.say.act(BEN, "picks Friday 12:00 for 30 minutes in the Ward 7 seminar room, and schedules it")
    values = office_form_values(day="2026-11-20", start="12:00", minutes="30", where="Ward 7 seminar room")
    await d.timed(lambda: d.world.driver.submit(BEN, d.last_view(BEN), values))
    d.say.act(AISHA, "taps “I'll come” on the announcement")
    post = _announcement(d)
    action = {"action_id": Action.OFFICE_COMING.value, "value": "1", "block_id": "office:1"}
    await d.timed(lambda: d.world.driver.click(AISHA, action, channel=WARD7, message=post))


async def office_hours_held(d: Demo) -> None:
    d.say.chapter("Friday: a reminder to those coming, and afterwards “who came?” to Ben, recorded in one step")
    await _tick(d, SESSION.replace(hour=11, minute=45))
    await _tick(d, SESSION.replace(minute=30))
    asked = next(m for m in reversed(d.world.slack.dms(BEN)) if "Who came?" in json.dumps(m.get("blocks")))
    d.say.act(BEN, "taps the button, types 4 and saves")
    action = {"action_id": Action.OFFICE_ATTENDANCE.value, "value": "1", "block_id": "office:1"}
    channel = d.world.slack.dm_channel(BEN)
    await d.timed(lambda: d.world.driver.click(BEN, action, channel=channel, message={**asked, "channel": channel}))
    await d.timed(lambda: d.world.driver.submit(BEN, d.last_view(BEN), came_values("4")))
    d.say.note("`pilotbot export champions --csv FILE` lists every session with who came, for CME and stipends.")


async def who_is_my_champion(d: Demo) -> None:
    d.say.chapter("A nurse on a ward with no champion asks /champion; the directory shows the gap")
    carla = d.user("carla")
    d.say.act(carla, "types /champion in #ward-9")
    response = await d.world.driver.command(carla, "", command="/champion", channel="C0WARD009")
    d.say.note(f"Slack got the answer in the acknowledgement itself (HTTP {response.status_code}), seen only by her.")
    d.say.block(f"{d.names(carla)} sees, privately:", render_message(response.json(), d.names))
    d.say.block("`pilotbot champions` prints", d.world.services.champions.directory_text().splitlines())


ACTS_THURSDAY = [office_hours_scheduled]
ACTS_FRIDAY = [office_hours_held, who_is_my_champion]
