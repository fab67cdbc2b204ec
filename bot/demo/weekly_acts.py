"""The demo's Monday: the project-team digest says NO-GO with its evidence, the patient-safety report is resolved and
the gates turn to GO, the lead records the decision, and the weekly bulletin goes to #pilot-updates with its chart."""

from __future__ import annotations

from datetime import datetime

from bot.demo.stage import OUTPUT, Demo
from bot.ids import Action
from bot.jobs.tick import tick
from bot.render.digest import gate_line

DEV, ELLA = "U0DEV0004", "U0ELLA005"
DIGEST = datetime.fromisoformat("2026-11-23T08:00:00+00:00")  # Monday 08:00 in London
BULLETIN = datetime.fromisoformat("2026-11-23T09:00:00+00:00")


async def _tick(d: Demo, when: datetime) -> None:
    d.clock.set(when)
    d.say.act("pilotbot", f"ticks at {when:%a %H:%M} UTC (`pilotbot tick --at {when.isoformat()}`)")
    await tick(d.world.services, when)
    d.say.show_new()


def _gates(d: Demo) -> None:
    decision = d.world.services.digest.gates(d.clock.now())
    lines = [gate_line(r) for r in decision.results] + [f"decision: {decision.verdict.value}"]
    d.say.block("`pilotbot gates` prints (exit 0 for GO, 3 for NO-GO)", lines)


async def digest_no_go(d: Demo) -> None:
    d.say.chapter("Monday 08:00: the project-team digest, RE-AIM and the go/no-go gates, to the lead")
    d.say.note("The pilot file has no [channels] project, so each lead gets it by DM.")
    await _tick(d, DIGEST)
    _gates(d)


async def gates_turn_to_go(d: Demo) -> None:
    d.say.chapter("08:30: the patient-safety report is resolved, and the gates turn to GO")
    d.clock.set(DIGEST.replace(minute=30))
    d.say.act(DEV, "resolves R-1 with the public line “Scanners on the new firmware stay logged in”")
    await d.timed(
        lambda: d.world.card_form(
            DEV,
            1,
            "resolve",
            resolution="New scanner firmware rolled out to ward 7; sessions last the whole shift.",
            summary="Scanners on the new firmware stay logged in",
        )
    )
    _gates(d)
    dm = next(m for m in reversed(d.world.slack.dms(ELLA)) if "Project digest" in m.get("text", ""))
    block = next(b for b in dm["blocks"] if b["type"] == "actions")
    d.say.act(ELLA, "taps “Record decision” on the digest")
    action = {"action_id": Action.DECISION_RECORD.value, "value": "2026-W47", "block_id": block["block_id"]}
    await d.timed(lambda: d.world.driver.click(ELLA, action, channel=d.world.slack.dm_channel(ELLA), message=dm))
    d.say.act(ELLA, "picks GO and notes the committee's condition, and records it")
    values = {
        "decision": {"decision": {"type": "static_select", "selected_option": {"value": "GO"}}},
        "note": {"note": {"type": "plain_text_input", "value": "GO for ward 9 on 7 Dec; review scanner logs weekly"}},
    }
    await d.timed(lambda: d.world.driver.submit(ELLA, d.last_view(ELLA), values))


async def bulletin(d: Demo) -> None:
    d.say.chapter("Monday 09:00: the weekly bulletin in #pilot-updates, “you said, we did”, with its chart")
    await _tick(d, BULLETIN)
    preview = d.world.services.bulletin.preview(None, BULLETIN, png=OUTPUT)
    written = [line for line in preview.splitlines() if line.startswith("(written to")]
    d.say.note(f"The chart, as uploaded into the bulletin's thread: {written[-1][12:-1] if written else 'none'}")


ACTS = [digest_no_go, gates_turn_to_go, bulletin]
