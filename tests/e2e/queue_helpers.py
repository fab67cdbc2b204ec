"""Working the queue through the Slack stand-in, the way the team's clicks arrive."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlmodel import Session, col, select

from bot.db.models import AuditRow, ReportRow
from bot.slack.forms import queue_form_values
from bot.slack.ids import Action
from bot.standin.world import World

AISHA, BEN, CARLA_EMAIL, DEV, ELLA, FRAN = "U0AISHA01", "U0BEN0002", "carla", "U0DEV0004", "U0ELLA005", "U0FRAN006"
RAPID, ESCALATION, WARD7, WARD9 = "C0RAPID01", "C0ESCAL01", "C0WARD007", "C0WARD009"


async def file(
    world: World, text: str = "the scanner logs me out every 2 min", user: str = AISHA, channel: str = WARD7
) -> int:
    await world.driver.command(user, text, channel=channel)
    await world.settle()
    with Session(world.services.engine) as session:
        row = session.exec(select(ReportRow).order_by(col(ReportRow.id).desc())).first()
    assert row is not None and row.id is not None
    return row.id


def row(world: World, report_id: int) -> ReportRow:
    with Session(world.services.engine) as session:
        found = session.get(ReportRow, report_id)
    assert found is not None
    return found


def card(world: World, report_id: int) -> dict[str, Any]:
    """The card as the channel shows it now (after any updates in place)."""
    return next(
        m
        for m in world.slack.messages(RAPID)
        if not m.get("thread_ts") and m["blocks"][0]["text"]["text"].startswith(f"R-{report_id} ")
    )


def thread(world: World, report_id: int) -> list[str]:
    ts = card(world, report_id)["ts"]
    return [m["blocks"][0]["text"]["text"] for m in world.slack.messages(RAPID) if m.get("thread_ts") == ts]


def card_text(world: World, report_id: int) -> str:
    return json.dumps(card(world, report_id)["blocks"], ensure_ascii=False)


async def click(world: World, user: str, report_id: int, action_id: str, value: str) -> httpx.Response:
    response = await world.driver.click(
        user,
        {"action_id": action_id, "value": value, "block_id": f"card:{report_id}"},
        channel=RAPID,
        message=card(world, report_id),
    )
    await world.settle()
    return response


async def take(world: World, user: str, report_id: int) -> None:
    await click(world, user, report_id, Action.CARD_TAKE.value, str(report_id))


async def form(world: World, user: str, report_id: int, move: str, **values: Any) -> httpx.Response:
    """Clicks the card button for `move`, then submits the form it opened with `values`."""
    opened = len(world.slack.calls_to("views.open"))
    if move in ("merge", "reassign", "set_severity", "known_issue"):
        await world.driver.click(
            user,
            {
                "type": "overflow",
                "action_id": Action.CARD_MORE.value,
                "block_id": f"card:{report_id}",
                "selected_option": {"value": f"{report_id}:{move}", "text": {"type": "plain_text", "text": move}},
            },
            channel=RAPID,
            message=card(world, report_id),
        )
    else:
        await world.driver.click(
            user,
            {
                "action_id": f"{Action.CARD_FORM.value}:{move}",
                "value": f"{report_id}:{move}",
                "block_id": f"card:{report_id}",
            },
            channel=RAPID,
            message=card(world, report_id),
        )
    await world.settle()
    calls = world.slack.calls_to("views.open")
    assert len(calls) == opened + 1, "no form opened"
    response = await world.driver.submit(user, calls[-1].response["view"], queue_form_values(**values))
    await world.settle()
    return response


def audit(world: World) -> list[tuple[str, str]]:
    with Session(world.services.engine) as session:
        return [(a.actor, a.action) for a in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]


def dm_texts(world: World, user: str) -> list[str]:
    return [m["text"] for m in world.slack.dms(user) if m.get("bot_id")]
