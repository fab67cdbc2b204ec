"""The SLA clock at work: at each tick, carry out every duty that is due and not yet done, once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.queue import CLOCK_RUNNING, state_of
from bot.domain.reports import Report
from bot.domain.roster import Role
from bot.domain.sla import Due, Duty, due
from bot.render import notices
from bot.services import cards, send
from bot.services.uow import UnitOfWork

log = logging.getLogger("pilotbot.sla")


@dataclass
class SlaService:
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """Every duty due at `now` across the queue; returns how many were carried out. Idempotent."""
        with UnitOfWork(self.engine, self.clock) as uow:
            reports = repo.reports_in(uow.session, statuses=CLOCK_RUNNING)
        return sum(self._report(report, now) for report in reports)

    def _report(self, report: Report, now: datetime) -> int:
        policy = self.config.sla.policy()
        try:
            with UnitOfWork(self.engine, self.clock, on_commit=self.on_queued) as uow:
                fired = repo.fired_duties(uow.session, report_id=report.id, cycle=report.cycle)
                duties = due(policy, state_of(report), now, [Duty(d) for d in fired])
                for item in duties:
                    repo.record_duty(
                        uow.session,
                        report_id=report.id,
                        cycle=item.cycle,
                        duty=item.duty.value,
                        due_at=item.at,
                        now=uow.now,
                    )
                    uow.audit(
                        actor="pilotbot",
                        action=f"sla.{item.duty.value}",
                        entity_type="report",
                        entity_id=report.id,
                        cycle=item.cycle,
                        due_at=item.at.isoformat(),
                        late_seconds=int((now - item.at).total_seconds()),
                    )
                    self._send(uow, report, item)
                if duties:
                    cards.refresh(uow, self.config, report)
                uow.commit()
                return len(duties)
        except IntegrityError:
            log.info("another worker carried out the duties of report %s", report.id)
            return 0

    def _send(self, uow: UnitOfWork, report: Report, item: Due) -> None:
        policy, wards = self.config.sla.policy(), cards.wards(self.config)
        key = f"sla:{report.id}:{item.cycle}:{item.duty.value}"
        escalation = self.config.channels.escalation
        if item.duty is Duty.ACKNOWLEDGE:
            cards.note(uow, self.config, report, key, notices.sla(item.duty, report, wards, policy), broadcast=True)
        elif item.duty is Duty.REMIND and report.owner:
            uow.send(
                send.to_person(
                    f"{key}:{report.owner}",
                    report.owner,
                    notices.sla(item.duty, report, wards, policy, to_owner=True),
                    purpose="sla",
                )
            )
        elif item.duty is Duty.REMIND:
            cards.note(uow, self.config, report, key, notices.sla(item.duty, report, wards, policy), broadcast=True)
        elif item.duty is Duty.ESCALATE:
            message = notices.sla(item.duty, report, wards, policy)
            for lead in repo.people_with_role(uow.session, role=Role.LEAD):
                if lead.slack_id:
                    uow.send(send.to_person(f"{key}:{lead.slack_id}", lead.slack_id, message, purpose="sla"))
            uow.send(send.to_channel(f"{key}:channel", escalation, message, purpose="sla"))
        else:
            message = notices.sla(item.duty, report, wards, policy)
            uow.send(send.to_channel(f"{key}:channel", escalation, message, purpose="sla"))
            cards.note(uow, self.config, report, key, message)
