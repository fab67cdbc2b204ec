"""Working the queue: every card action and reporter reply, checked, applied, audited and told, in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import OutboxRow, ReportRow
from bot.domain.phi import Guard
from bot.domain.queue import Move, QueueState, Refusal, Status, Step, apply, state_of
from bot.domain.reports import Report, Severity
from bot.domain.roles import Permission, can
from bot.domain.sla import Figures, figures
from bot.render import copy, notices
from bot.render.reports import note
from bot.services import cards, send
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.uow import Transactional, UnitOfWork

TEAM_MOVES = frozenset(
    {Move.TAKE, Move.NEED_INFO, Move.PLAN, Move.WORKAROUND, Move.RESOLVE, Move.MERGE, Move.SET_SEVERITY}
)
TOLD = frozenset({Move.TAKE, Move.REASSIGN, Move.PLAN, Move.WORKAROUND, Move.RESOLVE, Move.REOPEN})


@dataclass(frozen=True)
class Act:
    """One thing someone did to a report: a card action, or the reporter's answer or "still a problem"."""

    report_id: int
    move: Move
    actor: str
    text: str = ""  # the question, plan note, workaround, resolution, answer or reopen reason
    summary: str = ""  # RESOLVE: the one line for "you said, we did"
    owner: str | None = None
    expected_fix: date | None = None
    into: int | None = None
    severity: Severity | None = None
    share_with_ward: bool = False


@dataclass
class QueueService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    guard: Guard
    on_queued: Callable[[], None] | None = None

    # --- the door -------------------------------------------------------------------------------------

    def act(self, act: Act, *, reply: ReplyTo, delivery: str | None = None) -> Report | None:
        """Carries out `act`, or tells the person privately why not (and audits the refusal)."""
        act = self._masked(act)
        try:
            with self._uow(delivery) as uow:
                if delivery:
                    uow.claim(delivery, f"queue.{act.move.value}")
                report = self._carry_out(uow, act)
                uow.commit()
                return report
        except Refused as refusal:
            self._refuse(act, refusal.message, reply=reply, delivery=delivery)
            return None

    def _masked(self, act: Act) -> Act:
        """Responders' words go through the identifier guard too: they are stored and sent on."""
        text, summary = self.guard.scan(act.text).masked, self.guard.scan(act.summary).masked
        return Act(
            act.report_id,
            act.move,
            act.actor,
            text.strip(),
            summary.strip(),
            act.owner,
            act.expected_fix,
            act.into,
            act.severity,
            act.share_with_ward,
        )

    def _refuse(self, act: Act, reason: str, *, reply: ReplyTo, delivery: str | None) -> None:
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "queue.refused")
            uow.audit(
                actor=act.actor,
                action="report.refused",
                entity_type="report",
                entity_id=act.report_id,
                move=act.move.value,
                reason=reason[:120],
            )
            uow.send(send.reply(f"refused:{uow.correlation_id}", reply, note(reason), purpose="refusal"))
            uow.commit()

    # --- deciding -------------------------------------------------------------------------------------

    def _carry_out(self, uow: UnitOfWork, act: Act) -> Report:
        row = repo.report_row(uow.session, report_id=act.report_id)
        if row is None:
            raise Refused(copy.NO_SUCH_REPORT.format(ref=f"R-{act.report_id}"))
        before = repo.to_report(row)
        self._permit(uow, act, before)
        original = self._merge_target(uow, act, before) if act.move is Move.MERGE else None
        step = Step(
            act.move,
            act.actor,
            owner=act.owner,
            expected_fix=act.expected_fix,
            into=original.id if original else None,
            severity=act.severity,
        )
        after = apply(state_of(before), step, uow.now)
        if isinstance(after, Refusal):
            raise Refused(copy.refused(after.why, after.status, after.owner))
        report = self._store(uow, row, after, act)
        uow.audit(
            actor=act.actor,
            action=f"report.{act.move.value}",
            entity_type="report",
            entity_id=report.id,
            status=report.status,
            owner=report.owner,
            cycle=report.cycle,
            **self._detail(act),
        )
        self._tell(uow, act, before, report, original)
        return report

    def _permit(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        person = repo.get_person(uow.session, slack_id=act.actor)
        role = person.role if person else None
        if act.move in TEAM_MOVES and not can(role, Permission.WORK_QUEUE):
            raise Refused(copy.REFUSED_ROLE)
        if act.move is Move.REASSIGN and not can(role, Permission.REASSIGN):
            raise Refused(copy.REFUSED_LEAD)
        if act.move in (Move.REOPEN, Move.INFO_RECEIVED):
            audience = {report.reporter, *repo.followers(uow.session, report_id=report.id)}
            if act.actor not in audience and not can(role, Permission.WORK_QUEUE):
                raise Refused(copy.REFUSED_REOPEN)

    def _merge_target(self, uow: UnitOfWork, act: Act, report: Report) -> Report:
        """The report this one duplicates, followed to the root of any earlier merge."""
        target = repo.get_report(uow.session, report_id=act.into) if act.into else None
        seen = {report.id}
        while target is not None and target.duplicate_of is not None and target.id not in seen:
            seen.add(target.id)
            target = repo.get_report(uow.session, report_id=target.duplicate_of)
        if target is None:
            raise Refused(copy.NO_SUCH_REPORT.format(ref=f"R-{act.into}") if act.into else copy.BAD_REF)
        if target.id == report.id:
            raise Refused(copy.MERGE_SELF)
        return target

    def _store(self, uow: UnitOfWork, row: ReportRow, state: QueueState, act: Act) -> Report:
        repo.save_state(uow.session, row=row, state=state, now=uow.now)
        if act.move is Move.PLAN:
            row.plan_note = act.text or None
        elif act.move is Move.WORKAROUND:
            row.team_workaround = act.text
        elif act.move is Move.RESOLVE:
            row.resolution, row.public_summary = act.text, act.summary[:200] or None
        uow.session.flush()
        return repo.to_report(row)

    @staticmethod
    def _detail(act: Act) -> dict[str, object]:
        """What the audit keeps: ids, dates and flags, never the words."""
        detail: dict[str, object] = {}
        if act.owner:
            detail["new_owner"] = act.owner
        if act.expected_fix:
            detail["expected_fix"] = act.expected_fix.isoformat()
        if act.into:
            detail["into"] = act.into
        if act.severity:
            detail["severity"] = act.severity.value
        if act.text:
            detail["chars"] = len(act.text)
        return detail

    # --- telling --------------------------------------------------------------------------------------

    def _audience(self, uow: UnitOfWork, report: Report, actor: str | None) -> list[str]:
        """The reporter and followers, without whoever acted (they know what they did)."""
        people = [report.reporter, *repo.followers(uow.session, report_id=report.id)]
        return [p for p in dict.fromkeys(people) if p != actor]

    def _tell(self, uow: UnitOfWork, act: Act, before: Report, report: Report, original: Report | None) -> None:
        key = uow.correlation_id
        cards.refresh(uow, self.config, report)
        into = original.ref if original else ""
        cards.note(
            uow, self.config, report, key, notices.timeline(act.move, report, actor=act.actor, text=act.text, into=into)
        )
        if act.move in TOLD:
            hours = self.config.sla.policy().for_severity(report.severity).address.total_seconds() / 3600
            message = notices.told(act.move, report, text=act.text, hours=hours)
            # Whoever reopened it gets the confirmation too: "open again, answered within 24 hours".
            for person in self._audience(uow, report, None if act.move is Move.REOPEN else act.actor):
                uow.send(send.to_person(f"told:{report.id}:{key}:{person}", person, message, purpose="reporter_update"))
        extra = {
            Move.NEED_INFO: self._ask,
            Move.INFO_RECEIVED: self._thank,
            Move.WORKAROUND: self._share_with_ward,
            Move.RESOLVE: self._close_known_issue,
            Move.REOPEN: self._tell_owner,
            Move.SET_SEVERITY: self._escalate_if_patient_safety,
        }.get(act.move)
        if extra is not None:
            extra(uow, act, report)
        if act.move is Move.MERGE and original is not None:
            self._merge(uow, act, report, original)

    def _ask(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        """The question goes to the reporter only; their reply in its thread comes back to the card."""
        row = repo.report_row(uow.session, report_id=report.id)
        assert row is not None
        row.question_outbox_id = uow.send(
            send.to_person(
                f"ask:{report.id}:{uow.correlation_id}",
                report.reporter,
                notices.told(Move.NEED_INFO, report, text=act.text),
                purpose="reporter_update",
            )
        )

    def _thank(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        uow.send(
            send.to_person(
                f"thanks:{report.id}:{uow.correlation_id}", act.actor, notices.thanks(report), purpose="reporter_update"
            )
        )

    def _share_with_ward(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        ward = self.config.ward(report.ward_id)
        if act.share_with_ward and ward is not None and ward.channel:
            uow.send(
                send.to_channel(
                    f"ward-workaround:{report.id}:{uow.correlation_id}",
                    ward.channel,
                    notices.ward_workaround(report, act.text),
                    purpose="ward_news",
                )
            )

    def _close_known_issue(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        for issue in repo.known_issues(uow.session, status="open"):
            if issue.id == report.known_issue_id:
                issue.status, issue.fixed_at, issue.updated_at = "fixed", uow.now, uow.now
                uow.session.add(issue)
                uow.audit(actor=act.actor, action="known_issue.fixed", entity_type="known_issue", entity_id=issue.id)

    def _tell_owner(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        if report.owner and report.owner != act.actor:
            uow.send(
                send.to_person(
                    f"reopened:{report.id}:{uow.correlation_id}",
                    report.owner,
                    notices.timeline(Move.REOPEN, report, actor=act.actor, text=act.text),
                    purpose="team_update",
                )
            )

    def _escalate_if_patient_safety(self, uow: UnitOfWork, act: Act, report: Report) -> None:
        if report.severity is Severity.PATIENT_SAFETY:
            alert = notices.patient_safety_alert(
                report, cards.wards(self.config), self.config.sla.policy(), self.config.channels.rapid_response
            )
            uow.send(
                send.to_channel(
                    f"report:{report.id}:patient-safety", self.config.channels.escalation, alert, purpose="escalation"
                )
            )

    def _merge(self, uow: UnitOfWork, act: Act, duplicate: Report, original: Report) -> None:
        """The original's me-too count rises; the duplicate's people follow the original from now on."""
        row = repo.report_row(uow.session, report_id=original.id)
        assert row is not None
        row.me_too += 1 + duplicate.me_too
        for person in [duplicate.reporter, *repo.followers(uow.session, report_id=duplicate.id)]:
            if person != original.reporter:
                repo.add_follower(uow.session, report_id=original.id, slack_id=person, now=uow.now)
        uow.session.flush()
        merged = repo.to_report(row)
        cards.refresh(uow, self.config, merged)
        cards.note(uow, self.config, merged, f"me-too:{duplicate.id}", notices.me_too(duplicate))
        message = notices.told(Move.MERGE, duplicate, into=original.ref)
        for person in self._audience(uow, duplicate, act.actor):
            uow.send(send.to_person(f"merged:{duplicate.id}:{person}", person, message, purpose="reporter_update"))

    # --- the reporter's side --------------------------------------------------------------------------

    def answer_in_thread(self, *, slack_id: str, thread_ts: str, text: str, delivery: str) -> Report | None:
        """A reply in the thread of the team's question: routed to that report, else None (not an answer)."""
        with self._uow() as uow:
            waiting = [
                r for r in repo.reports_in(uow.session, statuses=frozenset({Status.WAITING})) if r.reporter == slack_id
            ]
            match = next((r for r in waiting if self._asked_in(uow, r.id) == thread_ts), None)
        if match is None:
            return None
        act = Act(match.id, Move.INFO_RECEIVED, slack_id, text=text)
        return self.act(act, reply=ReplyTo(slack_id), delivery=delivery)

    def _asked_in(self, uow: UnitOfWork, report_id: int) -> str | None:
        row = repo.report_row(uow.session, report_id=report_id)
        question = uow.session.get(OutboxRow, row.question_outbox_id) if row and row.question_outbox_id else None
        return str((question.result or {}).get("ts")) if question and question.status == "sent" else None

    def figures(self, now: datetime | None = None) -> Figures:
        """Time to first response, time to a real answer, SLA compliance, open reports by severity and age."""
        return queue_figures(self.engine, self.clock, self.config, now)

    def report(self, report_id: int) -> Report | None:
        with self._uow() as uow:
            return repo.get_report(uow.session, report_id=report_id)

    def role_can(self, slack_id: str, permission: Permission) -> bool:
        with self._uow() as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            return can(person.role if person else None, permission)


def queue_figures(engine: Engine, clock: Clock, config: PilotConfig, now: datetime | None = None) -> Figures:
    with UnitOfWork(engine, clock) as uow:
        states = [state_of(r) for r in repo.all_reports(uow.session)]
        return figures(config.sla.policy(), states, now or uow.now)
