"""Filing reports: guard the text, decide ward and severity, store, audit, and queue the card and the reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.phi import Guard
from bot.domain.reports import (
    MAX_REPORT_CHARS,
    Draft,
    DraftProblem,
    Report,
    Severity,
    check_text,
    normalise,
)
from bot.domain.triage import infer_severity
from bot.render import copy, notices
from bot.render import reports as render
from bot.services import cards, send
from bot.services.send import ReplyTo
from bot.services.uow import Transactional, UnitOfWork


class Refused(Exception):
    """The request cannot be carried out; `message` says why, in words for the person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Filed:
    report: Report
    existing: bool = False  # the message was filed before; nothing new was stored


@dataclass
class IntakeService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    guard: Guard
    on_queued: Callable[[], None] | None = None

    @property
    def wards(self) -> dict[str, str]:
        return cards.wards(self.config)

    # --- filing ---------------------------------------------------------------------------------------

    def file(self, draft: Draft, *, reply: ReplyTo, delivery: str | None = None) -> Filed:
        """Files a report in one transaction: claim the delivery, guard, store, audit, queue card and replies.

        `reply` is the person who acted; when they filed someone else's message (a :ticket: reaction) the
        author hears by DM and the person who acted gets a short private note.
        """
        problem = check_text(draft.text)
        if problem is DraftProblem.EMPTY:
            raise Refused(copy.EMPTY_REPORT)
        if problem is DraftProblem.TOO_LONG:
            raise Refused(copy.TOO_LONG.format(chars=len(draft.text), limit=MAX_REPORT_CHARS))
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, draft.source.value)
            if draft.source_key and (earlier := repo.report_by_source(uow.session, source_key=draft.source_key)):
                uow.send(
                    send.reply(
                        f"report:{earlier.id}:again:{uow.correlation_id}",
                        reply,
                        render.note(copy.ALREADY_FILED.format(ref=earlier.ref)),
                        purpose="reporter_notice",
                    )
                )
                uow.commit()
                return Filed(earlier, existing=True)
            report, ask_ward = self.store(uow, draft, reply.channel)
            self.queue_card(uow, report)
            self.announce(uow, report, ask_ward, reply)
            uow.commit()
            return Filed(report)

    def store(self, uow: UnitOfWork, draft: Draft, channel: str | None) -> tuple[Report, bool]:
        """Guards, decides ward and severity, stores and audits; returns the report and whether to ask the ward."""
        text = self.guard.scan(normalise(draft.text))
        system = self.guard.scan(draft.system.strip()) if draft.system and draft.system.strip() else None
        workaround = (
            self.guard.scan(normalise(draft.workaround)) if draft.workaround and draft.workaround.strip() else None
        )
        kinds = dict.fromkeys(
            [*text.found, *(system.found if system else ()), *(workaround.found if workaround else ())]
        )
        person = repo.get_person(uow.session, slack_id=draft.reporter)
        ward_id = self._ward(draft.ward_id, person.ward_id if person else None, channel)
        severity = draft.severity or infer_severity(text.masked)
        report = repo.add_report(
            uow.session,
            report={
                "reporter": draft.reporter,
                "filed_by": draft.filed_by,
                "source": draft.source.value,
                "severity": severity.value,
                "ward_id": ward_id,
                "text": text.masked,
                "system": system.masked[:500] if system else None,
                "workaround": workaround.masked if workaround else None,
                "permalink": draft.permalink,
                "masked": ",".join(k.value for k in kinds),
                "source_key": draft.source_key,
            },
            now=uow.now,
        )
        uow.audit(
            actor=draft.filed_by,
            action="report.filed",
            entity_type="report",
            entity_id=report.id,
            source=draft.source.value,
            severity=severity.value,
            ward=ward_id,
            chars=len(text.masked),
            masked=[k.value for k in kinds],
            on_behalf_of=draft.reporter if draft.filed_by != draft.reporter else None,
        )
        return report, ward_id is None

    def _ward(self, chosen: str | None, roster: str | None, channel: str | None) -> str | None:
        """The form's choice, else the roster's, else the ward whose channel this came from."""
        for candidate in (chosen, roster):
            if candidate and self.config.ward(candidate):
                return candidate
        ward = self.config.ward_for_channel(channel)
        return ward.id if ward else None

    def announce(
        self, uow: UnitOfWork, report: Report, ask_ward: bool, reply: ReplyTo, *, replace: bool = False
    ) -> None:
        """The private confirmation: to the reporter where they acted, or by DM with a note to whoever filed it."""
        on_behalf = report.filed_by != report.reporter
        confirmation = render.filed_private(
            report, wards=self.wards, ask_ward=ask_ward, filed_in=reply.channel if on_behalf else None
        )
        key = f"report:{report.id}:filed"
        if not on_behalf:
            uow.send(send.reply(key, reply, confirmation, purpose="reporter_notice", replace=replace))
            return
        uow.send(send.to_person(key, report.reporter, confirmation, purpose="reporter_notice"))
        note = render.note(copy.REACTION_REACTOR.format(author=report.reporter, ref=report.ref))
        uow.send(send.reply(f"{key}:by", reply, note, purpose="reporter_notice"))

    def queue_card(self, uow: UnitOfWork, report: Report) -> None:
        """Posts the card; a patient-safety report also goes to the escalation channel at once."""
        cards.post(uow, self.config, report)
        self.alert_if_patient_safety(uow, report)

    def alert_if_patient_safety(self, uow: UnitOfWork, report: Report) -> None:
        if report.severity is not Severity.PATIENT_SAFETY:
            return
        alert = notices.patient_safety_alert(
            report, self.wards, self.config.sla.policy(), self.config.channels.rapid_response
        )
        uow.send(
            send.to_channel(
                f"report:{report.id}:patient-safety", self.config.channels.escalation, alert, purpose="escalation"
            )
        )

    # --- corrections by the reporter ------------------------------------------------------------------

    def set_ward(
        self, report_id: int, ward_id: str, *, actor: str, reply: ReplyTo, delivery: str | None, actor_name: str = ""
    ) -> Report:
        ward = self.config.ward(ward_id)
        if ward is None:
            raise Refused(copy.NOT_A_WARD)
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "set_ward")
            report = self._own_report(uow, report_id, actor)
            row = repo.report_row(uow.session, report_id=report_id)
            assert row is not None
            row.ward_id, row.updated_at = ward.id, uow.now
            uow.session.add(row)
            repo.remember_ward(uow.session, slack_id=actor, ward_id=ward.id, name=actor_name or actor, now=uow.now)
            uow.audit(actor=actor, action="report.ward_set", entity_type="report", entity_id=report_id, ward=ward.id)
            report = replace(report, ward_id=ward.id)
            cards.refresh(uow, self.config, report)
            uow.send(
                send.reply(
                    f"report:{report_id}:ward-set:{uow.correlation_id}",
                    reply,
                    render.note(copy.WARD_SET.format(ref=report.ref, ward=ward.name)),
                    purpose="reporter_notice",
                    replace=True,
                )
            )
            uow.commit()
            return report

    def set_severity(
        self, report_id: int, severity: Severity, *, actor: str, reply: ReplyTo, delivery: str | None
    ) -> Report:
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "set_severity")
            report = self._own_report(uow, report_id, actor)
            row = repo.report_row(uow.session, report_id=report_id)
            assert row is not None
            if row.severity != severity.value:
                row.severity, row.updated_at = severity.value, uow.now
                uow.session.add(row)
                uow.audit(
                    actor=actor,
                    action="report.severity_set",
                    entity_type="report",
                    entity_id=report_id,
                    before=report.severity.value,
                    after=severity.value,
                )
                report = replace(report, severity=severity)
                cards.refresh(uow, self.config, report)
                self.alert_if_patient_safety(uow, report)
            uow.send(
                send.reply(
                    f"report:{report_id}:severity-set:{uow.correlation_id}",
                    reply,
                    render.note(copy.SEVERITY_SET.format(ref=report.ref, severity=copy.SEVERITY_PLAIN[severity])),
                    purpose="reporter_notice",
                )
            )
            uow.commit()
            return report

    def _own_report(self, uow: UnitOfWork, report_id: int, actor: str) -> Report:
        report = repo.get_report(uow.session, report_id=report_id)
        if report is None or actor not in (report.reporter, report.filed_by):
            raise Refused("Only the person who reported it can change that.")
        return report

    def person_ward(self, slack_id: str) -> str | None:
        with self._uow() as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            return person.ward_id if person else None

    def my_reports(self, slack_id: str) -> list[Report]:
        with self._uow() as uow:
            return repo.reports_by_reporter(uow.session, reporter=slack_id)
