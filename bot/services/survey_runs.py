"""Survey runs on the clock: opened at each scheduled instant (once), one reminder, closed with results.

When a run closes, who answered is noted on the invitation (for closing the loop), the results go to
#updates with every anonymity rule applied, and the run's key is destroyed.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select

from bot.clock import Clock
from bot.config import PilotConfig, SurveySchedule
from bot.db.models import Person, SurveyInviteRow, SurveyResponseRow, SurveyRunRow
from bot.domain.instruments import Instrument
from bot.domain.surveys import Response, out_of_quiet_hours, summarize, summary_to_dict, within_budget
from bot.render import surveys as render
from bot.services import cards, send
from bot.services.cron import latest_fire
from bot.services.surveys import voter
from bot.services.uow import Transactional, UnitOfWork

log = logging.getLogger("pilotbot.surveys")
BUDGET_WINDOW = timedelta(days=7)  # the prompt budget counts invitations and reminders in the last week


@dataclass
class SurveyRunService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """Everything due at `now`: open scheduled runs, send reminders, close runs. Idempotent."""
        return self.open_due(now) + self.remind_due(now) + self.close_due(now)

    def open_due(self, now: datetime) -> int:
        opened = 0
        for schedule in self.config.surveys:
            fire = latest_fire(schedule.schedule, self.config.zone, now)
            if fire is None or now >= fire + timedelta(hours=schedule.close_after_hours):
                continue
            try:
                opened += self._open(schedule, fire, now)
            except IntegrityError:
                log.info("another worker opened this run")
        return opened

    def _open(self, schedule: SurveySchedule, fire: datetime, now: datetime) -> int:
        instrument = self.config.instrument_for(schedule)
        key = f"{instrument.id}@{fire.isoformat()}"
        with self._uow() as uow:
            if uow.session.exec(select(SurveyRunRow).where(SurveyRunRow.run_key == key)).first() is not None:
                return 0
            run = SurveyRunRow(
                run_key=key,
                survey_id=instrument.id,
                instrument=instrument.model_dump(mode="json"),
                scheduled_at=fire,
                remind_at=fire + timedelta(hours=schedule.remind_after_hours),
                closes_at=fire + timedelta(hours=schedule.close_after_hours),
                secret=secrets.token_hex(32),
            )
            uow.session.add(run)
            uow.session.flush()
            assert run.id is not None
            send_at = self._awake(now)
            message = render.survey(run.id, instrument, {}, closes_at=run.closes_at)
            counts = self._invite(uow, run.id, self._audience(uow, schedule), message, send_at)
            uow.audit(
                actor="pilotbot",
                action="survey.opened",
                entity_type="survey_run",
                entity_id=run.id,
                survey=instrument.id,
                scheduled_at=fire.isoformat(),
                **counts,
            )
            uow.commit()
            return 1

    def _audience(self, uow: UnitOfWork, schedule: SurveySchedule) -> list[Person]:
        people = uow.session.exec(select(Person).where(col(Person.slack_id).is_not(None))).all()
        if schedule.audience == "all":
            return list(people)
        wards = {a for a in schedule.audience if not a.startswith("role:")}
        roles = {a.removeprefix("role:") for a in schedule.audience if a.startswith("role:")}
        return [p for p in people if p.ward_id in wards or p.role in roles]

    def _awake(self, now: datetime) -> datetime:
        start, end = self.config.pulse.quiet
        return out_of_quiet_hours(now, self.config.zone, start, end)

    def _recent_prompts(self, uow: UnitOfWork, now: datetime) -> Counter[str]:
        since = now - BUDGET_WINDOW
        counts: Counter[str] = Counter()
        for column in (SurveyInviteRow.invited_at, SurveyInviteRow.reminded_at):
            rows = uow.session.exec(
                select(SurveyInviteRow.slack_id, func.count())
                .where(col(column) >= since)
                .group_by(SurveyInviteRow.slack_id)
            ).all()
            counts.update({slack_id: n for slack_id, n in rows})
        return counts

    def _invite(
        self, uow: UnitOfWork, run_id: int, people: list[Person], message: dict[str, Any], send_at: datetime
    ) -> dict[str, int]:
        budget, recent = self.config.pulse.prompts_per_week, self._recent_prompts(uow, uow.now)
        invited = skipped = 0
        for person in people:
            assert person.slack_id is not None
            over = not within_budget(recent[person.slack_id], budget)
            uow.session.add(
                SurveyInviteRow(
                    run_id=run_id,
                    slack_id=person.slack_id,
                    ward_id=person.ward_id,
                    role=person.role,
                    invited_at=None if over else send_at,
                    skipped="budget" if over else None,
                )
            )
            if over:
                skipped += 1
                continue
            invited += 1
            uow.send(
                send.to_person(
                    f"survey:{run_id}:{person.slack_id}", person.slack_id, message, purpose="survey", not_before=send_at
                )
            )
        return {"invited": invited, "over_budget": skipped}

    def remind_due(self, now: datetime) -> int:
        """One reminder per run, to invited people who have not answered anything, within their budget."""
        reminded = 0
        with self._uow() as uow:
            due = uow.session.exec(
                select(SurveyRunRow.id).where(
                    SurveyRunRow.status == "open",
                    col(SurveyRunRow.remind_at) <= now,
                    col(SurveyRunRow.reminders_sent_at).is_(None),
                    col(SurveyRunRow.closes_at) > now,
                )
            ).all()
        for run_id in due:
            with self._uow() as uow:
                run = uow.session.get(SurveyRunRow, run_id)
                if run is None or run.reminders_sent_at is not None or run.secret is None:
                    continue
                reminded += self._remind(uow, run)
                uow.commit()
        return reminded

    def _remind(self, uow: UnitOfWork, run: SurveyRunRow) -> int:
        assert run.id is not None and run.secret is not None
        instrument = Instrument.model_validate(run.instrument)
        answered = set(uow.session.exec(select(SurveyResponseRow.voter).where(SurveyResponseRow.run_id == run.id)))
        budget, recent = self.config.pulse.prompts_per_week, self._recent_prompts(uow, uow.now)
        send_at, sent = self._awake(uow.now), 0
        message = render.survey(run.id, instrument, {}, closes_at=run.closes_at, reminder=True)
        invites = uow.session.exec(
            select(SurveyInviteRow).where(
                SurveyInviteRow.run_id == run.id, col(SurveyInviteRow.invited_at).is_not(None)
            )
        ).all()
        for invite in invites:
            if voter(run.secret, invite.slack_id) in answered or not within_budget(recent[invite.slack_id], budget):
                continue
            invite.reminded_at = send_at
            uow.session.add(invite)
            uow.send(
                send.to_person(
                    f"survey-reminder:{run.id}:{invite.slack_id}",
                    invite.slack_id,
                    message,
                    purpose="survey",
                    not_before=send_at,
                )
            )
            sent += 1
        run.reminders_sent_at = uow.now
        uow.session.add(run)
        uow.audit(actor="pilotbot", action="survey.reminded", entity_type="survey_run", entity_id=run.id, sent=sent)
        return 1

    def close_due(self, now: datetime) -> int:
        with self._uow() as uow:
            due = uow.session.exec(
                select(SurveyRunRow.id).where(SurveyRunRow.status == "open", col(SurveyRunRow.closes_at) <= now)
            ).all()
        closed = 0
        for run_id in due:
            with self._uow() as uow:
                run = uow.session.get(SurveyRunRow, run_id)
                if run is None or run.status != "open":
                    continue
                self._close(uow, run)
                uow.commit()
                closed += 1
        return closed

    def _close(self, uow: UnitOfWork, run: SurveyRunRow) -> None:
        """Results to #updates; who answered noted for the loop; then the key is destroyed."""
        assert run.id is not None and run.secret is not None
        instrument = Instrument.model_validate(run.instrument)
        responses = uow.session.exec(select(SurveyResponseRow).where(SurveyResponseRow.run_id == run.id)).all()
        voters = {r.voter for r in responses if r.answers}
        invites = uow.session.exec(select(SurveyInviteRow).where(SurveyInviteRow.run_id == run.id)).all()
        for invite in invites:
            invite.answered = voter(run.secret, invite.slack_id) in voters
            uow.session.add(invite)
        invited = Counter(i.ward_id or "unknown" for i in invites if i.invited_at is not None)
        previous = uow.session.exec(
            select(SurveyRunRow.headline)
            .where(
                SurveyRunRow.survey_id == run.survey_id,
                SurveyRunRow.status == "closed",
                col(SurveyRunRow.headline).is_not(None),
            )
            .order_by(col(SurveyRunRow.scheduled_at).desc())
        ).first()
        summary = summarize(instrument, [Response(r.answers, r.ward_id, r.role) for r in responses], invited, previous)
        run.summary, run.headline = summary_to_dict(summary), summary.headline_value
        run.secret, run.status, run.closed_at = None, "closed", uow.now
        uow.session.add(run)
        uow.send(
            send.to_channel(
                f"survey-results:{run.id}",
                self.config.channels.updates,
                render.results(run.id, summary, cards.wards(self.config), closed_at=uow.now),
                purpose="survey_results",
            )
        )
        uow.audit(
            actor="pilotbot",
            action="survey.closed",
            entity_type="survey_run",
            entity_id=run.id,
            responded=summary.responded,
            invited=summary.invited,
            key_destroyed=True,
        )
