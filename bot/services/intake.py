"""Filing reports: guard the text, decide ward and severity, store, audit, and queue the card and the reply."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import DraftRow
from bot.domain.phi import Guard, Kind
from bot.domain.reports import (
    MAX_REPORT_CHARS,
    Draft,
    DraftProblem,
    Report,
    Severity,
    Source,
    check_text,
    normalise,
)
from bot.domain.triage import infer_severity
from bot.render import copy
from bot.render import reports as render
from bot.services import send
from bot.services.send import ReplyTo
from bot.services.uow import UnitOfWork

DM_GATHER = timedelta(minutes=10)  # DMs this close together are one report


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
class IntakeService:
    engine: Engine
    clock: Clock
    config: PilotConfig
    guard: Guard
    on_queued: Callable[[], None] | None = None

    def _uow(self, correlation_id: str | None = None) -> UnitOfWork:
        return UnitOfWork(self.engine, self.clock, correlation_id=correlation_id, on_commit=self.on_queued)

    @property
    def wards(self) -> dict[str, str]:
        return {w.id: w.name for w in self.config.wards}

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
            report, ask_ward = self._store(uow, draft, reply.channel)
            self._queue_card(uow, report)
            on_behalf = report.filed_by != report.reporter
            confirmation = render.filed_private(
                report, wards=self.wards, ask_ward=ask_ward, filed_in=reply.channel if on_behalf else None
            )
            key = f"report:{report.id}:filed"
            if on_behalf:
                uow.send(send.to_person(key, report.reporter, confirmation, purpose="reporter_notice"))
                uow.send(
                    send.reply(
                        f"{key}:by",
                        reply,
                        render.note(copy.REACTION_REACTOR.format(author=report.reporter, ref=report.ref)),
                        purpose="reporter_notice",
                    )
                )
            else:
                uow.send(send.reply(key, reply, confirmation, purpose="reporter_notice"))
            uow.commit()
            return Filed(report)

    def _store(self, uow: UnitOfWork, draft: Draft, channel: str | None) -> tuple[Report, bool]:
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

    def _queue_card(self, uow: UnitOfWork, report: Report) -> None:
        row = repo.report_row(uow.session, report_id=report.id)
        assert row is not None
        row.card_outbox_id = uow.send(
            send.to_channel(
                f"report:{report.id}:card",
                self.config.channels.rapid_response,
                render.card(report, self.wards),
                purpose="report_card",
            )
        )
        uow.session.add(row)

    def _update_card(self, uow: UnitOfWork, report: Report, reason: str) -> None:
        row = repo.report_row(uow.session, report_id=report.id)
        if row is None or row.card_outbox_id is None:
            return
        uow.send(
            send.update(
                f"report:{report.id}:card:{reason}:{uow.correlation_id}",
                row.card_outbox_id,
                render.card(report, self.wards),
                purpose="report_card",
                coalesce=f"card:{report.id}",
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
            self._update_card(uow, report, "ward")
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
                self._update_card(uow, report, "severity")
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

    # --- direct messages: offer, then file on one tap -------------------------------------------------

    def offer(self, *, slack_id: str, channel: str, text: str, delivery: str) -> int:
        """Replies to a DM with an offer to file it; messages within ten minutes join the same offer."""
        scan = self.guard.scan(normalise(text))
        with self._uow(delivery) as uow:
            uow.claim(delivery, "dm")
            draft = repo.open_draft(uow.session, slack_id=slack_id, since=uow.now - DM_GATHER)
            if draft is None:
                draft = DraftRow(
                    slack_id=slack_id,
                    text=scan.masked,
                    masked=",".join(scan.found),
                    source="dm",
                    created_at=uow.now,
                    updated_at=uow.now,
                )
            else:
                draft.text = f"{draft.text}\n{scan.masked}"[:40_000]
                draft.masked = ",".join(dict.fromkeys([*filter(None, draft.masked.split(",")), *scan.found]))
                draft.updated_at = uow.now
            uow.session.add(draft)
            uow.session.flush()
            assert draft.id is not None
            kinds = [Kind(k) for k in draft.masked.split(",") if k]
            message = render.offer(draft.id, draft.text, kinds)
            if draft.offer_outbox_id is None:
                draft.offer_outbox_id = uow.send(
                    send.to_channel(f"draft:{draft.id}:offer", channel, message, purpose="dm_offer")
                )
            else:
                uow.send(
                    send.update(
                        f"draft:{draft.id}:offer:{uow.correlation_id}",
                        draft.offer_outbox_id,
                        message,
                        purpose="dm_offer",
                        coalesce=f"offer:{draft.id}",
                    )
                )
            uow.session.add(draft)
            uow.audit(
                actor=slack_id,
                action="draft.offered",
                entity_type="draft",
                entity_id=draft.id,
                chars=len(draft.text),
                masked=kinds,
            )
            uow.commit()
            return draft.id

    def file_draft(
        self,
        draft_id: int,
        *,
        actor: str,
        severity: Severity | None,
        reply: ReplyTo,
        delivery: str | None,
        ward_id: str | None = None,
        system: str | None = None,
        workaround: str | None = None,
        extra: str | None = None,
        permalink: str | None = None,
    ) -> Filed:
        """Files what was offered; the offer message turns into the confirmation."""
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "draft_file")
            draft = uow.session.get(DraftRow, draft_id)
            if draft is None or draft.slack_id != actor:
                raise Refused(copy.OFFER_GONE)
            if draft.status == "filed" and draft.report_id is not None:
                report = repo.get_report(uow.session, report_id=draft.report_id)
                assert report is not None
                return Filed(report, existing=True)
            if draft.status != "open":
                raise Refused(copy.OFFER_GONE)
            text = draft.text if not extra or extra.strip() in draft.text else f"{draft.text}\n\n{extra}"
            source = Source(draft.source)
            report, ask_ward = self._store(
                uow,
                Draft(
                    text=text,
                    reporter=actor,
                    filed_by=actor,
                    source=source,
                    severity=severity,
                    ward_id=ward_id,
                    system=system,
                    workaround=workaround,
                    permalink=permalink or draft.permalink,
                    source_key=draft.source_key,
                ),
                reply.channel,
            )
            draft.status, draft.report_id, draft.updated_at = "filed", report.id, uow.now
            uow.session.add(draft)
            self._queue_card(uow, report)
            confirmation = render.filed_private(report, wards=self.wards, ask_ward=ask_ward)
            uow.send(
                send.reply(
                    f"report:{report.id}:filed",
                    reply,
                    confirmation,
                    purpose="reporter_notice",
                    replace=source is Source.DM,
                )
            )
            uow.commit()
            return Filed(report)

    def dismiss_draft(self, draft_id: int, *, actor: str, reply: ReplyTo, delivery: str | None) -> None:
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "draft_dismiss")
            draft = uow.session.get(DraftRow, draft_id)
            if draft is None or draft.slack_id != actor or draft.status != "open":
                raise Refused(copy.OFFER_GONE)
            draft.status, draft.updated_at = "dismissed", uow.now
            uow.session.add(draft)
            uow.audit(actor=actor, action="draft.dismissed", entity_type="draft", entity_id=draft_id)
            uow.send(
                send.reply(
                    f"draft:{draft_id}:dismissed",
                    reply,
                    render.note(copy.OFFER_DISMISSED),
                    purpose="reporter_notice",
                    replace=True,
                )
            )
            uow.commit()

    def stash(self, *, slack_id: str, text: str, source: Source, source_key: str | None) -> tuple[int, str]:
        """Keeps a long message (masked) for a form that cannot hold it all; returns (draft id, masked text)."""
        scan = self.guard.scan(normalise(text))
        with self._uow() as uow:
            draft = DraftRow(
                slack_id=slack_id,
                text=scan.masked,
                masked=",".join(scan.found),
                source=source.value,
                source_key=source_key,
                created_at=uow.now,
                updated_at=uow.now,
            )
            uow.session.add(draft)
            uow.session.flush()
            assert draft.id is not None
            uow.audit(
                actor=slack_id, action="draft.stashed", entity_type="draft", entity_id=draft.id, chars=len(scan.masked)
            )
            uow.commit()
            return draft.id, scan.masked

    def draft_text(self, draft_id: int, *, actor: str) -> str:
        with self._uow() as uow:
            draft = uow.session.get(DraftRow, draft_id)
            if draft is None or draft.slack_id != actor or draft.status != "open":
                raise Refused(copy.OFFER_GONE)
            return draft.text

    def person_ward(self, slack_id: str) -> str | None:
        with self._uow() as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            return person.ward_id if person else None

    def my_reports(self, slack_id: str) -> list[Report]:
        with self._uow() as uow:
            return repo.reports_by_reporter(uow.session, reporter=slack_id)
