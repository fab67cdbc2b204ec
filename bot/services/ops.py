"""Operating the bot: dead letters told to admins, the audit check, and the figures on /metrics."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import AuditRow, OutboxRow
from bot.domain.audit import Break, Entry, verify
from bot.domain.roster import Role
from bot.domain.sla import Figures
from bot.outbox import enqueue
from bot.render import copy
from bot.render.reports import note
from bot.services import send
from bot.services.queue import queue_figures
from bot.services.uow import append_audit


@dataclass
class OpsService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def on_dead_letter(self, session: Session, row: OutboxRow, now: datetime) -> None:
        """Tells every admin about a message that could not be delivered, in the transaction that gave up."""
        append_audit(
            session,
            now,
            f"outbox-{row.id}",
            [
                {
                    "actor": "pilotbot",
                    "action": "outbox.dead_letter",
                    "entity_type": "outbox",
                    "entity_id": str(row.id),
                    "detail": {"purpose": row.purpose, "method": row.method, "error": row.last_error},
                }
            ],
        )
        if row.purpose == "admin_notice":
            return  # never notify about a notice: counted on /metrics instead
        target = str(row.payload.get("channel") or row.payload.get("url", "a response URL"))[:40]
        text = copy.DEAD_LETTER.format(
            purpose=row.purpose, method=row.method, target=target, error=row.last_error, id=row.id
        )
        admins = [p.slack_id for p in repo.people_with_role(session, role=Role.ADMIN) if p.slack_id]
        for admin in admins:
            enqueue(session, send.to_person(f"dead:{row.id}:{admin}", admin, note(text), purpose="admin_notice"), now)
        if not admins and target != self.config.channels.escalation:
            enqueue(
                session,
                send.to_channel(
                    f"dead:{row.id}:escalation", self.config.channels.escalation, note(text), purpose="admin_notice"
                ),
                now,
            )

    def verify_audit(self) -> tuple[int, Break | None]:
        """(entries checked, first break or None)."""
        with Session(self.engine) as session:
            rows = session.exec(select(AuditRow).order_by(col(AuditRow.id))).all()
        entries = [
            Entry(
                r.id or 0,
                r.at,
                r.actor,
                r.action,
                r.entity_type,
                r.entity_id,
                r.correlation_id,
                r.detail,
                r.prev_hash,
                r.hash,
            )
            for r in rows
        ]
        return len(entries), verify(entries)

    def audit_tail(self, limit: int = 50) -> list[AuditRow]:
        with Session(self.engine) as session:
            rows = session.exec(select(AuditRow).order_by(col(AuditRow.id).desc()).limit(limit)).all()
        return list(reversed(rows))

    def gauges(self) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
        """Current figures from the database, as metric name -> labels -> value."""
        with Session(self.engine) as session:
            outbox = repo.outbox_counts(session)
            reports = repo.count_reports(session)
        queue = queue_figures(self.engine, self.clock, self.config)
        return {
            "pilotbot_outbox_messages": {(("status", s),): float(n) for s, n in sorted(outbox.items())},
            "pilotbot_outbox_dead": {(): float(outbox.get("dead", 0))},
            "pilotbot_reports": {(("severity", s),): float(n) for s, n in sorted(reports.items())},
            **queue_gauges(queue),
        }


def queue_gauges(queue: Figures) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    def seconds(value: timedelta | None) -> float:
        return value.total_seconds() if value is not None else float("nan")

    return {
        "pilotbot_queue_open": {(("severity", s.value),): float(n) for s, n in queue.open_by_severity.items()},
        "pilotbot_queue_open_by_age": {(("age", a),): float(n) for a, n in queue.open_by_age.items()},
        "pilotbot_queue_breaching_soon": {(): float(queue.breaching_soon)},
        "pilotbot_sla_compliance_ratio": {(): queue.compliance if queue.compliance is not None else float("nan")},
        "pilotbot_sla_decided": {(): float(queue.decided)},
        "pilotbot_first_response_median_seconds": {(): seconds(queue.first_response_median)},
        "pilotbot_answer_median_seconds": {(): seconds(queue.address_median)},
    }
