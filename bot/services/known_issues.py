"""Known issues: a report (or a merged group) published with cause, workaround and expected fix date."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import KnownIssueRow
from bot.domain.home import KnownIssue
from bot.domain.phi import Guard
from bot.domain.reports import Report
from bot.domain.roles import Permission, can
from bot.domain.roster import Role
from bot.render import copy, notices
from bot.render.reports import note
from bot.services import cards, send
from bot.services.send import ReplyTo
from bot.services.uow import UnitOfWork


@dataclass
class KnownIssueService:
    engine: Engine
    clock: Clock
    config: PilotConfig
    guard: Guard
    on_queued: Callable[[], None] | None = None

    def publish(
        self,
        report_id: int,
        *,
        actor: str,
        title: str,
        cause: str,
        workaround: str | None,
        expected_fix: date | None,
        reply: ReplyTo,
        delivery: str | None,
    ) -> KnownIssue | None:
        """Publishes the report's group (its root, if it was merged) as a known issue."""
        with UnitOfWork(self.engine, self.clock, correlation_id=delivery, on_commit=self.on_queued) as uow:
            if delivery:
                uow.claim(delivery, "known_issue")
            person = repo.get_person(uow.session, slack_id=actor)
            report = repo.get_report(uow.session, report_id=report_id)
            reason = self._refusal(person.role if person else None, report)
            if reason:
                uow.audit(
                    actor=actor,
                    action="report.refused",
                    entity_type="report",
                    entity_id=report_id,
                    move="known_issue",
                    reason=reason[:120],
                )
                uow.send(send.reply(f"refused:{uow.correlation_id}", reply, note(reason), purpose="refusal"))
                uow.commit()
                return None
            assert report is not None
            while report.duplicate_of is not None:
                root = repo.get_report(uow.session, report_id=report.duplicate_of)
                if root is None:
                    break
                report = root
            row = repo.add_known_issue(
                uow.session,
                fields={
                    "report_id": report.id,
                    "title": self.guard.scan(title).masked[:150],
                    "cause": self.guard.scan(cause).masked,
                    "workaround": self.guard.scan(workaround).masked if workaround else None,
                    "expected_fix": expected_fix,
                    "created_by": actor,
                },
                now=uow.now,
            )
            report_row = repo.report_row(uow.session, report_id=report.id)
            assert report_row is not None and row.id is not None
            report_row.known_issue_id = row.id
            uow.session.add(report_row)
            uow.session.flush()
            report = repo.to_report(report_row)
            uow.audit(
                actor=actor,
                action="known_issue.published",
                entity_type="known_issue",
                entity_id=row.id,
                report=report.id,
                expected_fix=expected_fix.isoformat() if expected_fix else None,
            )
            cards.refresh(uow, self.config, report)
            cards.note(
                uow,
                self.config,
                report,
                f"known-issue:{row.id}",
                notices.known_issue(report, actor=actor, issue_id=row.id, title=row.title),
            )
            uow.commit()
            return to_known_issue(row)

    @staticmethod
    def _refusal(role: Role | None, report: Report | None) -> str | None:
        if not can(role, Permission.PUBLISH_KNOWN_ISSUE):
            return copy.REFUSED_ROLE
        if report is None:
            return copy.BAD_REF
        return None

    def list(self, *, status: str | None = "open") -> list[KnownIssue]:
        """For the weekly bulletin: what is known, why, what to do meanwhile, and when it will be fixed."""
        with UnitOfWork(self.engine, self.clock) as uow:
            return [to_known_issue(r) for r in repo.known_issues(uow.session, status=status)]


def to_known_issue(row: KnownIssueRow) -> KnownIssue:
    assert row.id is not None
    return KnownIssue(row.id, row.report_id, row.title, row.cause, row.workaround, row.expected_fix, row.status)
