"""Working the queue through the Slack stand-in, the way the team's clicks arrive."""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlmodel import Session, col, select

from bot.db.models import AuditRow, ReportRow
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
    return world.card(report_id)


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
    await world.take(user, report_id)


async def form(world: World, user: str, report_id: int, move: str, **values: Any) -> httpx.Response:
    """Clicks the card button for `move`, then submits the form it opened with `values`."""
    response = await world.card_form(user, report_id, move, **values)
    assert response is not None, "no form opened"
    return response


def audit(world: World) -> list[tuple[str, str]]:
    with Session(world.services.engine) as session:
        return [(a.actor, a.action) for a in session.exec(select(AuditRow).order_by(col(AuditRow.id)))]


def dm_texts(world: World, user: str) -> list[str]:
    return [m["text"] for m in world.slack.dms(user) if m.get("bot_id")]
