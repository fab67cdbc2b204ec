"""Drafts: what someone said in a DM (offered for filing, one tap) or a message too long for the form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from bot.clock import Clock
from bot.db import repositories as repo
from bot.db.models import DraftRow
from bot.domain.phi import Guard, Kind
from bot.domain.reports import Draft, Severity, Source, normalise
from bot.render import copy
from bot.render import reports as render
from bot.services import send
from bot.services.intake import Filed, IntakeService, Refused
from bot.services.send import ReplyTo
from bot.services.uow import Transactional

DM_GATHER = timedelta(minutes=10)  # DMs this close together are one report


@dataclass
class DraftService(Transactional):
    engine: Engine
    clock: Clock
    guard: Guard
    intake: IntakeService
    on_queued: Callable[[], None] | None = None

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
            report, ask_ward = self.intake.store(
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
            self.intake.queue_card(uow, report)
            self.intake.announce(uow, report, ask_ward, reply, replace=source is Source.DM)
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
