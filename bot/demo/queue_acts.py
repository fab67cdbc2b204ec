"""The demo's second part: the rapid-response team works the queue while the SLA clock runs for a day."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.demo.stage import START, Demo
from bot.jobs.tick import tick

AISHA, BEN, DEV, ELLA = "U0AISHA01", "U0BEN0002", "U0DEV0004", "U0ELLA005"


def at(d: Demo, hours: float = 0, minutes: float = 0) -> datetime:
    """An instant counted from the demo's Monday 08:50 start, and the clock set to it."""
    instant = START + timedelta(hours=hours, minutes=minutes)
    d.clock.set(instant)
    return instant


async def run_tick(d: Demo, when: datetime) -> None:
    d.say.act("pilotbot", f"ticks at {when:%a %H:%M} UTC (`pilotbot tick --at {when.isoformat()}`)")
    result = await tick(d.world.services, when)
    d.say.note(f"SLA duties carried out: {result.queued['sla']}")
    d.say.show_new()


async def takes_patient_safety(d: Demo) -> None:
    at(d, minutes=6)
    d.say.chapter("08:56: the team takes the patient-safety report within its 15 minutes")
    d.say.act(DEV, "(rapid-response) taps Take on R-1")
    await d.timed(lambda: d.world.take(DEV, 1))
    at(d, minutes=20)
    d.say.act(DEV, "shares a workaround with Aisha, and in #ward-7 for everyone")
    await d.timed(
        lambda: d.world.card_form(
            DEV,
            1,
            "workaround",
            share_with_ward=True,
            team_workaround=(
                "Use the spare scanner in the ward office: it is on the old firmware and stays logged in."
            ),
        )
    )
    d.say.note("A workaround is a real answer: R-1's clock has stopped, with 3 h 30 min to spare.")


async def asks_for_information(d: Demo) -> None:
    at(d, minutes=25)
    d.say.chapter("09:15: need info: the team asks, Ben answers in the thread, the answer lands on the card")
    question = "Is it every CD, or only for patients transferred in from ED?"
    d.say.act(DEV, f"asks about R-2: “{question}”")
    await d.timed(lambda: d.world.card_form(DEV, 2, "need_info", question=question))
    asked = next(m for m in reversed(d.world.slack.dms(BEN)) if "more information" in m["text"])
    at(d, minutes=40)
    d.say.act(BEN, "replies in that thread: “only the ones transferred from ED, every time”")
    await d.timed(
        lambda: d.world.driver.direct_message(
            BEN, "only the ones transferred from ED, every time", thread_ts=asked["ts"]
        )
    )


async def joins_a_duplicate(d: Demo) -> None:
    at(d, minutes=45)
    d.say.chapter("09:35: the same problem from another ward: joined, and the count rises")
    carla = d.user("carla")
    d.say.act(carla, "types in #ward-9:  /report scanner logged me out three times during the drug round")
    await d.timed(
        lambda: d.world.driver.command(
            carla, "scanner logged me out three times during the drug round", channel="C0WARD009"
        )
    )
    d.say.act(DEV, "marks R-7 as a duplicate of R-1")
    await d.timed(lambda: d.world.card_form(DEV, 7, "merge", into="R-1"))


async def quiet_work(d: Demo) -> None:
    at(d, minutes=50)
    d.say.chapter("09:40: the rest of the morning's queue (shown in brief)")
    friday = date(2026, 11, 20)
    await d.world.take(DEV, 3)
    await d.world.card_form(
        DEV, 3, "plan", expected_fix=friday, note="New chargers arrive Thursday; we swap them Friday."
    )
    await d.world.card_form(
        DEV, 2, "plan", expected_fix=friday, note="A fix for transferred patients is in Friday's release."
    )
    await d.world.take(DEV, 5)
    await d.world.card_form(
        DEV,
        5,
        "resolve",
        resolution="The label printer profile was reset; wristbands print again.",
        summary="Wristband printer on Ward 7 fixed",
    )
    await d.world.card_form(
        DEV, 6, "plan", expected_fix=date(2026, 11, 27), note="The layout change for tablets is in the next release."
    )
    d.say.skip_seen()
    d.say.note("Dev gives dated plans for R-2, R-3 and R-6 and resolves R-5; each reporter is told in plain words.")
    d.say.note("R-4 (the vanishing discharge-letter button) is left with nobody. Watch its clock.")


async def a_day_passes(d: Demo) -> None:
    d.say.chapter("A day on the SLA clock: R-4 is re-pinged, reminded, escalated, then gets a dated plan")
    await run_tick(d, at(d, hours=1))
    at(d, hours=1, minutes=15)
    d.say.act(DEV, "sees the re-ping and takes R-4")
    await d.timed(lambda: d.world.take(DEV, 4))
    await run_tick(d, at(d, hours=12))
    await run_tick(d, at(d, hours=18))
    at(d, hours=19)
    d.say.act(DEV, "gives a dated plan for R-4 (Tuesday 03:50, with five hours to spare)")
    await d.timed(
        lambda: d.world.card_form(
            DEV,
            4,
            "plan",
            expected_fix=date(2026, 11, 19),
            note="The supplier has a fix; it goes live Thursday morning.",
        )
    )
    await run_tick(d, at(d, hours=24))
    d.say.note("Nothing more for R-4: the plan stopped its clock, so there is no breach.")


async def resolved(d: Demo) -> None:
    at(d, hours=72, minutes=10)
    d.say.chapter("Thursday 09:00: R-4 is fixed, and Ben hears it first")
    d.say.act(DEV, "resolves R-4 with a note for Ben and a line for “you said, we did”")
    await d.timed(
        lambda: d.world.card_form(
            DEV,
            4,
            "resolve",
            summary="Discharge letter button stays after saving",
            resolution="The supplier's fix is live: the button stays after you save.",
        )
    )


async def known_issue_and_figures(d: Demo) -> None:
    at(d, hours=72, minutes=20)
    d.say.chapter("The lead publishes a known issue and reads the queue's figures")
    d.say.act(ELLA, "(pilot lead) publishes R-1 as a known issue for the weekly bulletin")
    await d.timed(
        lambda: d.world.card_form(
            ELLA,
            1,
            "known_issue",
            title="Scanners log staff out every 2 minutes",
            cause="The new firmware's idle timeout is set to 2 minutes.",
            team_workaround="Use the spare scanner in the ward office.",
            expected_fix=date(2026, 11, 24),
        )
    )
    d.say.act(ELLA, "opens pilotbot's Home tab")
    await d.timed(lambda: d.world.driver.open_home(ELLA))


ACTS = [
    takes_patient_safety,
    asks_for_information,
    joins_a_duplicate,
    quiet_work,
    a_day_passes,
    resolved,
    known_issue_and_figures,
]
