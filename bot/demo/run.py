"""`pilotbot demo`: a simulated pilot, end to end, offline: signed requests into the real app, its Web API
calls answered by the in-process Slack stand-in, a SQLite file, and a printout of what everyone sees."""

from __future__ import annotations

import json
from importlib import resources

from bot.clock import FixedClock
from bot.config import parse_config
from bot.db.models import AuditRow
from bot.demo import champion_acts, queue_acts, survey_acts, weekly_acts
from bot.demo.narrator import Narrator
from bot.demo.stage import AISHA, BEN, OUTPUT, START, ZED, Demo
from bot.domain.reports import Severity
from bot.ids import Action, Callback
from bot.slack.forms import report_form_values
from bot.standin.world import World


async def one_step_report(d: Demo) -> None:
    d.say.chapter("A nurse reports a problem in one step")
    text = "the scanner logs me out every 2 min, Mrs Patel in bay 3 bed 2 missed her 10:00 dose because of it"
    d.say.act(AISHA, f"types in #ward-7:  /report {text}")
    await d.timed(lambda: d.world.driver.command(AISHA, text, channel="C0WARD007"))


async def guarded_report(d: Demo) -> None:
    d.say.chapter("The identifier guard, on the way wards really write")
    text = (
        "mavis okafor in room 812 cant be scanned, her SSN 219-09-9999 shows on the wristband screen. "
        "Dr Osei the registrar says its the new label template"
    )
    d.say.act(BEN, f"types in #ward-7:  /report {text}")
    d.say.note("an untitled name in lower case, a US room and a US social security number; a registrar named by role")
    await d.timed(lambda: d.world.driver.command(BEN, text, channel="C0WARD007"))
    scan = d.world.services.guard.scan(text)
    d.say.block(
        "what an information-governance officer sees with `pilotbot phi scan --explain`",
        [f"{f.kind.value:<5} {text[f.start : f.end]!r}: {f.why}" for f in scan.findings]
        + [f"kept  {text[k.start : k.end]!r}: {k.why}" for k in scan.kept],
    )


async def form_report(d: Demo) -> None:
    d.say.chapter("/report alone opens a short form, ward already filled in")
    d.say.act(BEN, "types /report in #ward-7")
    await d.timed(lambda: d.world.driver.command(BEN, "", channel="C0WARD007"))
    d.say.act(BEN, "fills in what happened, picks 'Blocks my work', adds the system and his workaround, sends")
    values = report_form_values(
        "Can't sign for controlled drugs on the eMAR, the second signature box is greyed out",
        "ward-7",
        Severity.BLOCKS_WORK,
        system="eMAR > CD register",
        workaround="paper CD book, then re-entering at the end of the shift",
    )
    await d.timed(lambda: d.world.driver.submit(BEN, d.last_view(BEN), values))


async def unknown_ward(d: Demo) -> None:
    d.say.chapter("Someone the roster doesn't know: the ward is asked once, in one tap")
    d.say.act(
        ZED,
        "(a bank nurse, not on the roster) types in #pilot-updates, not a ward channel:"
        "  /report the obs tablet won't charge",
    )
    await d.timed(lambda: d.world.driver.command(ZED, "the obs tablet won't charge", channel="C0UPDATE1"))
    report_id = max(r.id for r in d.world.services.intake.my_reports(ZED))
    d.say.act(ZED, "picks 'Ward 9 Surgery' from the list")
    await d.timed(
        lambda: d.world.driver.click(
            ZED,
            {
                "type": "static_select",
                "action_id": Action.SET_WARD.value,
                "block_id": f"ward:{report_id}",
                "selected_option": {"value": "ward-9", "text": {"type": "plain_text", "text": "Ward 9 Surgery"}},
            },
        )
    )


async def shortcut_report(d: Demo) -> None:
    d.say.chapter("A message in a ward channel, reported with the message shortcut")
    carla = d.user("carla")
    ts = d.world.slack.post_as_user(
        "C0WARD009",
        carla,
        "anyone else find the discharge letter button vanishes after you save the TTO? third time today",
    )
    d.say.act(
        carla,
        "posted in #ward-9: “anyone else find the discharge letter button vanishes after you save "
        "the TTO? third time today”",
    )
    d.say.note(f"{d.names(carla)} was on the roster by email only; pilotbot found her Slack ID by email at import.")
    d.say.act(BEN, "uses “Report this as an issue” on it")
    message = next(m for m in d.world.slack.messages("C0WARD009") if m["ts"] == ts)
    await d.timed(lambda: d.world.driver.shortcut(BEN, Callback.REPORT_MESSAGE.value, "C0WARD009", message))
    d.say.act(BEN, "sees Ward 9 chosen (the message's ward), adds the screen, and sends")
    values = report_form_values(message["text"], "ward-9", Severity.SLOWS_DOWN, system="Discharge > TTO")
    await d.timed(lambda: d.world.driver.submit(BEN, d.last_view(BEN), values))


async def reaction_report(d: Demo) -> None:
    d.say.chapter("A :ticket: reaction files a colleague's message on her behalf")
    ts = d.world.slack.post_as_user(
        "C0WARD007", AISHA, "printer on the nurses' station prints the wristbands blank again, had to handwrite two"
    )
    d.say.act(
        AISHA,
        "posted in #ward-7: “printer on the nurses' station prints the wristbands blank again, had to handwrite two”",
    )
    d.say.act(BEN, "adds :ticket: to it")
    await d.timed(lambda: d.world.driver.reaction(BEN, "C0WARD007", ts))


async def dm_report(d: Demo) -> None:
    d.say.chapter("A direct message to the bot: it offers to file it, one tap")
    d.say.act(AISHA, "DMs pilotbot: “the new obs chart hides the NEWS2 total below the fold on the tablets”")
    await d.timed(
        lambda: d.world.driver.direct_message(
            AISHA, "the new obs chart hides the NEWS2 total below the fold on the tablets"
        )
    )
    offer = next(m for m in reversed(d.world.slack.dms(AISHA)) if m.get("bot_id"))
    draft = next(b["elements"][0]["value"] for b in offer["blocks"] if b.get("block_id", "").startswith("offer:"))
    d.say.act(AISHA, "taps “Slows me down”")
    await d.timed(
        lambda: d.world.driver.click(
            AISHA,
            {
                "action_id": f"{Action.OFFER_FILE.value}:{Severity.SLOWS_DOWN.value}",
                "value": draft,
                "block_id": f"offer:{draft}",
            },
            channel=d.world.slack.dm_channel(AISHA),
            message=offer,
        )
    )


async def retries_and_forgeries(d: Demo) -> None:
    d.say.chapter("Slack retries, forgeries and a rate limit: nothing twice, nothing lost")
    event = {
        "type": "message",
        "channel": d.world.slack.dm_channel(BEN),
        "user": BEN,
        "channel_type": "im",
        "text": "the bed board shows yesterday's discharges as still here",
        "ts": d.world.slack.next_ts(),
    }
    body = d.world.driver.event_body(event, event_id="Ev0DEMO0001")
    for attempt in (None, 1, 2):
        response = await d.world.driver.event(event, body=body, retry=attempt)
        d.say.note(
            f"delivery {'1' if attempt is None else f'retry {attempt}'} of event Ev0DEMO0001: HTTP "
            f"{response.status_code}"
        )
    d.world.slack.fail("chat.postMessage", status=429, retry_after=1)
    d.say.note("Slack will answer the next post with 429 Retry-After: 1 (as it does when we go too fast)")
    await d.world.settle()
    d.say.show_new()
    offers = [
        m
        for m in d.world.slack.dms(BEN)
        if any(b.get("block_id", "").startswith("offer:") for b in m.get("blocks") or [])
    ]
    d.say.note(f"{len(offers)} offer in Ben's DM for three deliveries of the same event, delivered after the 429.")
    forged = await d.world.driver.send_form(
        {"command": "/report", "text": "hello", "user_id": BEN}, signature="v0=" + "0" * 64
    )
    d.say.note(f"a request with a forged signature: HTTP {forged.status_code}, nothing stored, nothing sent")
    d.say.skip_seen()


async def app_home(d: Demo) -> None:
    d.say.chapter("Every reporter sees their own reports in App Home")
    d.say.act(AISHA, "opens pilotbot's Home tab")
    await d.timed(lambda: d.world.driver.open_home(AISHA))


async def audit_log(d: Demo) -> None:
    d.say.chapter("The audit log (ids and actions only, never report text), hash-chained")
    rows: list[AuditRow] = d.world.services.ops.audit_tail(limit=12)
    for row in rows:
        detail = {k: v for k, v in row.detail.items() if v not in (None, [], "")}
        d.say.print(
            f"    #{row.id:<3} {row.at:%H:%M:%S} {d.names(row.actor):<13} {row.action:<20} "
            f"{row.entity_type} {row.entity_id:<5} {json.dumps(detail)[:60]}"
        )
    checked, broken = d.world.services.ops.verify_audit()
    d.say.note(
        f"`pilotbot audit verify`: {checked} entries, "
        + ("chain intact" if broken is None else f"broken at #{broken.seq}")
    )


ACTS = [
    one_step_report,
    form_report,
    unknown_ward,
    shortcut_report,
    reaction_report,
    dm_report,
    retries_and_forgeries,
    app_home,
    *queue_acts.ACTS,
    *champion_acts.ACTS_THURSDAY,
    *survey_acts.ACTS[:2],  # Thursday 14:00: the pulse goes out and staff answer
    *champion_acts.ACTS_FRIDAY,
    *survey_acts.ACTS[2:],  # Friday's reminder, Sunday's results, the loop closed
    *weekly_acts.ACTS,
    guarded_report,
    audit_log,
]


async def run_demo() -> int:
    OUTPUT.mkdir(exist_ok=True)
    database = OUTPUT / "pilotbot-demo.db"
    for stale in OUTPUT.glob("pilotbot-demo.db*"):
        stale.unlink()
    package = resources.files("bot.demo")
    config = parse_config(package.joinpath("pilot.toml").read_text(encoding="utf-8"), path="demo pilot.toml")
    roster = package.joinpath("roster.csv").read_text(encoding="utf-8")
    clock = FixedClock(START)
    async with World(f"sqlite:///{database}", config, clock, roster_csv=roster) as world:
        world.slack.add_user(ZED, "Zed Quinn")
        demo = Demo(world, Narrator(world.slack, lambda i: demo.names(i)), clock)
        demo.say.print(f"pilotbot demo: {config.pilot.name} (simulated; no Slack account, no network)")
        demo.say.print(f"  database: {database} (SQLite)   Slack: in-process stand-in at {world.slack.base_url}")
        demo.say.print(f"  app: {world.app_url}/slack/events, every request signed as Slack signs it")
        await world.import_roster()
        demo.say.skip_seen()
        demo.say.note(
            "roster imported: 6 people on 2 wards (Aisha and Ben on Ward 7, Carla on Ward 9, Dev responds,"
            " Ella leads, Fran admins)"
        )
        for act in ACTS:
            await act(demo)
    demo.say.print()
    demo.say.print(f"Done. The database is at {database}; run the demo again to start afresh.")
    return 0
