"""Pulse survey answers: one tap each, kept under a keyed hash; the results; closing the loop.

Anonymity: a response is found by HMAC(run key, Slack ID). The key lives only while the run is open; when it
closes, who answered is recorded on the invitation (for closing the loop), the key is destroyed, and nothing
links a response to a person any more. Responses carry no timestamps and random ids.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import SurveyInviteRow, SurveyResponseRow, SurveyRunRow
from bot.domain.instruments import Instrument, Kind
from bot.domain.phi import Guard
from bot.domain.phi import Kind as PhiKind
from bot.domain.roles import Permission, can
from bot.domain.surveys import Summary, summary_from_dict
from bot.render import copy
from bot.render import surveys as render
from bot.render.reports import note
from bot.services import send
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.uow import Transactional, UnitOfWork


def voter(secret: str, slack_id: str) -> str:
    """The keyed hash a response is filed under; without the key it cannot be tied back to anyone."""
    return hmac.new(bytes.fromhex(secret), slack_id.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Answered:
    """What a person's survey message shows after their answer, and what the guard took out of it."""

    run_id: int
    instrument: Instrument
    answers: dict[str, Any]
    closes_at: datetime
    masked: tuple[PhiKind, ...] = ()


@dataclass
class SurveyService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    guard: Guard
    on_queued: Callable[[], None] | None = None

    # --- answers --------------------------------------------------------------------------------------

    def answer(
        self, run_id: int, question_id: str, value: Any, *, slack_id: str, delivery: str | None
    ) -> Answered | None:
        """Keeps one answer (a later tap replaces it); returns what the person's survey message should show.

        Nothing about the answer is queued in the outbox: that table would then tie a person's DM to their
        choices. Showing the choice is a display refresh the listener makes directly; the answer is stored.
        """
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "survey.answer")
            run, instrument, invite = self._open_run_for(uow, run_id, slack_id)
            question = instrument.question(question_id)
            if question is None or not question.accepts(value):
                return None
            masked: tuple[PhiKind, ...] = ()
            if question.kind is Kind.TEXT:
                scan = self.guard.scan(str(value).strip())
                value, masked = scan.masked, scan.found
            answers = self._store(uow, run, instrument, invite, {question_id: value})
            uow.audit(
                actor="anonymous" if instrument.anonymous else slack_id,
                action="survey.answered",
                entity_type="survey_run",
                entity_id=run_id,
            )
            uow.commit()
            return Answered(run_id, instrument, answers, run.closes_at, masked)

    def _open_run_for(
        self, uow: UnitOfWork, run_id: int, slack_id: str
    ) -> tuple[SurveyRunRow, Instrument, SurveyInviteRow]:
        run = uow.session.get(SurveyRunRow, run_id)
        if run is None or run.status != "open" or run.secret is None:
            raise Refused(copy.SURVEY_CLOSED)
        invite = uow.session.get(SurveyInviteRow, (run_id, slack_id))
        if invite is None or invite.invited_at is None:
            raise Refused(copy.SURVEY_NOT_INVITED)
        return run, Instrument.model_validate(run.instrument), invite

    def _store(
        self,
        uow: UnitOfWork,
        run: SurveyRunRow,
        instrument: Instrument,
        invite: SurveyInviteRow,
        update: dict[str, Any],
    ) -> dict[str, Any]:
        assert run.secret is not None
        hashed = voter(run.secret, invite.slack_id)
        row = uow.session.exec(
            select(SurveyResponseRow).where(SurveyResponseRow.run_id == run.id, SurveyResponseRow.voter == hashed)
        ).first()
        if row is None:
            row = SurveyResponseRow(
                id=uuid.uuid4().hex,
                run_id=run.id or 0,
                voter=hashed,
                ward_id=invite.ward_id,
                role=invite.role,
                slack_id=None if instrument.anonymous else invite.slack_id,
            )
        row.answers = {**row.answers, **update}
        uow.session.add(row)
        return dict(row.answers)

    def current_text(self, run_id: int, question_id: str, slack_id: str) -> tuple[Any, str | None]:
        """(the question, this person's answer to it) for the small text form; Refused when closed."""
        with self._uow() as uow:
            run, instrument, _ = self._open_run_for(uow, run_id, slack_id)
            assert run.secret is not None
            row = uow.session.exec(
                select(SurveyResponseRow).where(
                    SurveyResponseRow.run_id == run_id, SurveyResponseRow.voter == voter(run.secret, slack_id)
                )
            ).first()
            return instrument.question(question_id), (row.answers.get(question_id) if row else None)

    # --- after the run --------------------------------------------------------------------------------

    def close_loop(
        self, run_id: int, *, actor: str, heard: str, doing: str, reply: ReplyTo, delivery: str | None
    ) -> int:
        """Tells everyone who answered what was heard and what is being done. Leads only, once, after closing."""
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "survey.close_loop")
            person = repo.get_person(uow.session, slack_id=actor)
            run = uow.session.get(SurveyRunRow, run_id)
            if not can(person.role if person else None, Permission.CLOSE_LOOP):
                raise Refused(copy.LOOP_ONLY_LEADS)
            if run is None or run.status != "closed":
                raise Refused(copy.SURVEY_CLOSED if run is None else copy.LOOP_STILL_OPEN)

            if run.loop_closed_at is not None:
                raise Refused(copy.LOOP_ALREADY)
            heard, doing = self.guard.scan(heard).masked, self.guard.scan(doing).masked
            message = render.loop(Instrument.model_validate(run.instrument).title, heard, doing)
            people = uow.session.exec(
                select(SurveyInviteRow.slack_id).where(
                    SurveyInviteRow.run_id == run_id, col(SurveyInviteRow.answered).is_(True)
                )
            ).all()
            for slack_id in people:
                uow.send(send.to_person(f"survey-loop:{run_id}:{slack_id}", slack_id, message, purpose="survey_loop"))
            run.loop_closed_at = uow.now
            uow.session.add(run)
            uow.audit(
                actor=actor,
                action="survey.loop_closed",
                entity_type="survey_run",
                entity_id=run_id,
                recipients=len(people),
            )
            uow.send(
                send.reply(
                    f"survey-loop-sent:{run_id}", reply, note(copy.LOOP_SENT.format(n=len(people))), purpose="notice"
                )
            )
            uow.commit()
            return len(people)

    def results(self, run_id: int) -> tuple[Summary, datetime] | None:
        """A closed run's results, exactly as posted (anonymity rules applied); None if none yet."""
        with Session(self.engine) as session:
            run = session.get(SurveyRunRow, run_id)
        if run is None or run.summary is None or run.closed_at is None:
            return None
        return summary_from_dict(run.summary), run.closed_at

    def run_title(self, run_id: int) -> str | None:
        with Session(self.engine) as session:
            run = session.get(SurveyRunRow, run_id)
        return Instrument.model_validate(run.instrument).title if run else None
