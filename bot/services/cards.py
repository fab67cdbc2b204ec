"""A report's card in the rapid-response channel: posted once, then updated in place, with a timeline thread."""

from __future__ import annotations

from typing import Any

from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.reports import Report
from bot.domain.sla import Duty
from bot.render import queue as render
from bot.services import send
from bot.services.uow import UnitOfWork


def wards(config: PilotConfig) -> dict[str, str]:
    return {w.id: w.name for w in config.wards}


def stage(uow: UnitOfWork, report: Report) -> Duty | None:
    """The furthest SLA duty already carried out in this cycle (shown on the card)."""
    fired = repo.fired_duties(uow.session, report_id=report.id, cycle=report.cycle)
    return next((d for d in reversed(Duty) if d.value in fired), None)


def post(uow: UnitOfWork, config: PilotConfig, report: Report) -> None:
    """Posts the card and remembers its outbox row, so later updates and thread notes can find it."""
    row = repo.report_row(uow.session, report_id=report.id)
    assert row is not None
    message = render.card(report, wards(config), config.sla.policy())
    row.card_outbox_id = uow.send(
        send.to_channel(f"report:{report.id}:card", config.channels.rapid_response, message, purpose="report_card")
    )
    uow.session.add(row)


def refresh(uow: UnitOfWork, config: PilotConfig, report: Report) -> None:
    """Rewrites the card in place with the report as it is now; only the newest pending rewrite is sent."""
    row = repo.report_row(uow.session, report_id=report.id)
    if row is None or row.card_outbox_id is None:
        return
    message = render.card(report, wards(config), config.sla.policy(), stage(uow, report))
    uow.send(
        send.update(
            f"report:{report.id}:card:{uow.correlation_id}",
            row.card_outbox_id,
            message,
            purpose="report_card",
            coalesce=f"card:{report.id}",
        )
    )


def note(
    uow: UnitOfWork, config: PilotConfig, report: Report, key: str, message: dict[str, Any], *, broadcast: bool = False
) -> None:
    """A line in the card's thread (the team's timeline of the report)."""
    row = repo.report_row(uow.session, report_id=report.id)
    if row is None or row.card_outbox_id is None:
        return
    uow.send(
        send.to_channel(
            f"report:{report.id}:note:{key}",
            config.channels.rapid_response,
            message,
            purpose="card_note",
            thread_of=row.card_outbox_id,
            broadcast=broadcast,
        )
    )
