"""Champions' office hours: scheduled in one form, announced, joined, reminded, cancelled and recorded.

Every change is one unit of work with its audit entry and the messages it causes. The job (`run`) is idempotent:
an announcement is posted once (announce_outbox_id), each reminder once (reminded_at, claimed by a conditional
UPDATE in the transaction that queues the DM), and the champion is asked "who came?" once (attendance_asked_at).
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Update, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session as Db
from sqlmodel import col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import OfficeRsvpRow, OfficeSessionRow, OutboxRow
from bot.domain.office_hours import (
    Session,
    SessionForm,
    ended,
    may_schedule,
    reminders_due,
    rsvp_open,
    schedule,
    toggle_rsvp,
)
from bot.domain.roster import Role
from bot.outbox import Outgoing
from bot.render import copy_office as copy
from bot.render import office_hours as render
from bot.render.office_hours import FormDefaults, OfficeField, SessionView
from bot.render.reports import note
from bot.services import send
from bot.services.champions import as_session, session_views, upcoming
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.uow import Transactional, UnitOfWork

ANNOUNCE_AHEAD = timedelta(days=7)  # a later session of a weekly series is announced a week before it
RUNNERS = frozenset({Role.LEAD, Role.ADMIN})  # besides the session's own champion: may cancel and record
EXPORT_COLUMNS = ("champion", "ward", "start", "minutes", "attendees")


def _role(db: Db, slack_id: str) -> Role | None:
    person = repo.get_person(db, slack_id=slack_id)
    return person.role if person else None


@dataclass
class OfficeHoursService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    # --- scheduling ----------------------------------------------------------------------------------------

    def form_for(self, slack_id: str, *, channel: str | None, reply: ReplyTo, delivery: str) -> FormDefaults | None:
        """The form's prefill (their ward, else the channel's) for someone who may schedule; anyone else is told
        why not, and the refusal is audited. None then."""
        with self._uow(delivery) as uow:
            role = _role(uow.session, slack_id)
            if not may_schedule(role):
                uow.claim(delivery, "office.refused")
                self._refuse(uow, slack_id, "schedule", "-", _why_not(role), reply)
                return None
            wards = self._wards_for(uow.session, slack_id, role)
            person = repo.get_person(uow.session, slack_id=slack_id)
            from_channel = self.config.ward_for_channel(channel)
            choices = [w for w, _ in wards]
            ward = next(
                (w for w in (person and person.ward_id, from_channel and from_channel.id) if w in choices), None
            )
            return FormDefaults(tuple(wards), ward, uow.now.astimezone(self.config.zone).date(), self.config.zone)

    def schedule(
        self, form: SessionForm, ward: str, *, actor: str, reply: ReplyTo, delivery: str
    ) -> list[SessionView] | dict[str, str] | None:
        """Stores and announces the sessions the form asks for; {field: what to fix} when it can't be scheduled;
        None (told, audited) when the person may not schedule."""
        with self._uow(delivery) as uow:
            uow.claim(delivery, "office.schedule")
            role = _role(uow.session, actor)
            if not may_schedule(role):
                self._refuse(uow, actor, "schedule", "-", _why_not(role), reply)
                return None
            errors = {}
            if ward not in {w for w, _ in self._wards_for(uow.session, actor, role)}:
                errors[OfficeField.WARD.value] = self._ward_problem(uow.session, actor, ward)
            planned = schedule(form, champion=actor, ward=ward, now=uow.now, zone=self.config.zone)
            if errors or isinstance(planned, dict):
                return errors | (planned if isinstance(planned, dict) else {})
            rows = self._store(uow, planned)
            views = session_views(uow.session, self.config, rows)
            for row, view in zip(rows, views, strict=True):
                if row is rows[0] or row.start - ANNOUNCE_AHEAD <= uow.now:
                    self._announce(uow, row, view)
            where = self.config.ward(ward)
            message = render.scheduled(views, self.config.zone, channel=where.channel if where else None)
            uow.send(send.reply(f"office:{rows[0].id}:scheduled", reply, message, purpose="office_scheduled"))
            uow.audit(
                actor=actor,
                action="office.scheduled",
                entity_type="office_session",
                entity_id=rows[0].id,
                ward=ward,
                sessions=len(rows),
                series=rows[0].series,
            )
            uow.commit()
            return views

    def _store(self, uow: UnitOfWork, planned: Sequence[Session]) -> list[OfficeSessionRow]:
        series = uuid.uuid4().hex[:16] if len(planned) > 1 else None
        rows = [
            OfficeSessionRow(
                champion=s.champion,
                ward_id=s.ward,
                start=s.start,
                minutes=s.minutes,
                place=s.where,
                series=series,
                created_at=uow.now,
            )
            for s in planned
        ]
        uow.session.add_all(rows)
        uow.session.flush()
        return rows

    def _wards_for(self, db: Db, slack_id: str, role: Role | None) -> list[tuple[str, str]]:
        """Champions hold office hours on their own ward; leads and admins on any."""
        wards = [(w.id, w.name) for w in self.config.wards]
        person = repo.get_person(db, slack_id=slack_id)
        own = [w for w in wards if person and role is Role.CHAMPION and w[0] == person.ward_id]
        return own or wards

    def _ward_problem(self, db: Db, slack_id: str, ward: str) -> str:
        person = repo.get_person(db, slack_id=slack_id)
        own = self.config.ward(person.ward_id if person else None)
        return copy.WARD_NOT_YOURS.format(ward=own.name) if own and self.config.ward(ward) else copy.PICK_WARD

    def _refuse(self, uow: UnitOfWork, actor: str, act: str, session: object, reason: str, reply: ReplyTo) -> None:
        """Tells the person why not and audits it, in the caller's unit of work (which has claimed the delivery)."""
        uow.audit(actor=actor, action="office.refused", entity_type="office_session", entity_id=session, act=act)
        uow.send(send.reply(f"office:refused:{uow.correlation_id}", reply, note(reason), purpose="refusal"))
        uow.commit()

    # --- announcing, coming, cancelling --------------------------------------------------------------------

    def _announce(self, uow: UnitOfWork, row: OfficeSessionRow, view: SessionView) -> int:
        ward = self.config.ward(row.ward_id)
        if ward is None or ward.channel is None:
            return 0
        message = render.announcement(view, self.config.zone)
        outgoing = send.to_channel(f"office:{row.id}:announce", ward.channel, message, purpose="office_announce")
        row.announce_outbox_id = uow.send(outgoing)
        uow.session.add(row)
        return 1

    def _refresh(self, uow: UnitOfWork, row: OfficeSessionRow, view: SessionView) -> None:
        """Rewrites the announcement in place; only the newest pending rewrite is sent."""
        if row.announce_outbox_id is None:
            return
        message = render.announcement(view, self.config.zone)
        key, coalesce = f"office:{row.id}:announce:{uow.correlation_id}", f"office:{row.id}:announce"
        uow.send(send.update(key, row.announce_outbox_id, message, purpose="office_announce", coalesce=coalesce))

    def _open(self, uow: UnitOfWork, session_id: int, *, held: bool = False) -> OfficeSessionRow:
        """The session, or Refused: gone, cancelled, or (unless `held` is wanted) over."""
        row = uow.session.get(OfficeSessionRow, session_id)
        if row is None:
            raise Refused(copy.NO_SUCH_SESSION)
        if row.cancelled_at is not None:
            raise Refused(copy.SESSION_CANCELLED)
        if held and uow.now < row.start:
            raise Refused(copy.NOT_HELD_YET)
        if not held and not rsvp_open(as_session(row), uow.now):
            raise Refused(copy.SESSION_ENDED)
        return row

    def toggle(self, session_id: int, *, slack_id: str, reply: ReplyTo, delivery: str) -> bool | None:
        """A click on "I'll come": puts the person on the list, or takes them off; True when now coming."""
        try:
            return self._toggle(session_id, slack_id, reply, delivery)
        except IntegrityError:  # the same person's two clicks raced: this one now finds the first one's row
            return self._toggle(session_id, slack_id, reply, delivery)

    def _toggle(self, session_id: int, slack_id: str, reply: ReplyTo, delivery: str) -> bool:
        with self._uow(delivery) as uow:
            uow.claim(delivery, "office.rsvp")
            row = self._open(uow, session_id)
            rsvps = {
                r.slack_id: r
                for r in uow.session.exec(select(OfficeRsvpRow).where(OfficeRsvpRow.session_id == session_id))
            }
            after, coming = toggle_rsvp(set(rsvps), slack_id)
            if coming:
                uow.session.add(OfficeRsvpRow(session_id=session_id, slack_id=slack_id, since=uow.now))
            else:
                uow.session.delete(rsvps[slack_id])
            uow.session.flush()
            action = "office.coming" if coming else "office.not_coming"
            uow.audit(actor=slack_id, action=action, entity_type="office_session", entity_id=session_id, n=len(after))
            (view,) = session_views(uow.session, self.config, [row], viewer=slack_id)
            self._refresh(uow, row, view)
            minutes = self.config.champions.office_hours_reminder_minutes
            answer = render.rsvp_reply(view, self.config.zone, coming=coming, reminder_minutes=minutes)
            uow.send(send.reply(f"office:{session_id}:rsvp:{uow.correlation_id}", reply, answer, purpose="office_rsvp"))
            uow.commit()
            return coming

    def _permitted(
        self, uow: UnitOfWork, row: OfficeSessionRow, actor: str, act: str, reply: ReplyTo, *, claim: str = ""
    ) -> bool:
        """The session's champion, a lead or an admin may cancel it or record it; anyone else is told (audited)."""
        if actor == row.champion or _role(uow.session, actor) in RUNNERS:
            return True
        if claim:
            uow.claim(claim, "office.refused")
        what = copy.ACT_CANCEL if act == "cancel" else copy.ACT_RECORD
        self._refuse(uow, actor, act, row.id, copy.NOT_YOURS.format(act=what), reply)
        return False

    def cancel(self, session_id: int, *, actor: str, reply: ReplyTo, delivery: str) -> int | None:
        """Cancels a session not yet over; everyone coming is told by DM. Returns how many were told."""
        with self._uow(delivery) as uow:
            uow.claim(delivery, "office.cancel")
            row = self._open(uow, session_id)
            if not self._permitted(uow, row, actor, "cancel", reply):
                return None
            row.cancelled_at = uow.now
            uow.session.add(row)
            (view,) = session_views(uow.session, self.config, [row])
            self._refresh(uow, row, view)
            coming = [p for p in self._coming(uow.session, session_id) if p != actor]
            for person in coming:
                dm = render.cancelled_notice(view, self.config.zone)
                uow.send(send.to_person(f"office:{session_id}:cancelled:{person}", person, dm, purpose="office_cancel"))
            answer = render.cancelled_reply(view, self.config.zone, told=len(coming))
            uow.send(send.reply(f"office:{session_id}:cancel", reply, answer, purpose="office_cancel"))
            uow.audit(actor=actor, action="office.cancelled", entity_type="office_session", entity_id=session_id)
            uow.commit()
            return len(coming)

    @staticmethod
    def _coming(db: Db, session_id: int) -> list[str]:
        query = select(OfficeRsvpRow.slack_id).where(OfficeRsvpRow.session_id == session_id)
        return sorted(db.exec(query).all())

    # --- who came ------------------------------------------------------------------------------------------

    def attendance_form(self, session_id: int, *, actor: str, reply: ReplyTo, delivery: str) -> SessionView | None:
        """The session for the "who came?" form, if this person may record it (else told why, audited)."""
        with self._uow(delivery) as uow:
            row = self._open(uow, session_id, held=True)
            if not self._permitted(uow, row, actor, "record", reply, claim=delivery):
                return None
            (view,) = session_views(uow.session, self.config, [row])
            return view

    def record_attendance(
        self, session_id: int, came: int, *, actor: str, reply: ReplyTo, delivery: str
    ) -> SessionView | None:
        """Records how many came (a count, for the export); the "who came?" DM shows it in place."""
        with self._uow(delivery) as uow:
            uow.claim(delivery, "office.attendance")
            row = self._open(uow, session_id, held=True)
            if not self._permitted(uow, row, actor, "record", reply):
                return None
            row.attended = came
            uow.session.add(row)
            (view,) = session_views(uow.session, self.config, [row])
            self._show_recorded(uow, view, reply)
            uow.audit(
                actor=actor, action="office.attended", entity_type="office_session", entity_id=session_id, came=came
            )
            uow.commit()
            return view

    def _show_recorded(self, uow: UnitOfWork, view: SessionView, reply: ReplyTo) -> None:
        asked_key = f"office:{view.id}:who-came"
        asked = uow.session.exec(select(OutboxRow.id).where(OutboxRow.key == asked_key)).first()
        message = render.who_came(view, self.config.zone)
        if asked is None:
            uow.send(send.reply(f"{asked_key}:{uow.correlation_id}", reply, message, purpose="office_attendance"))
            return
        key = f"{asked_key}:{uow.correlation_id}"
        uow.send(send.update(key, asked, message, purpose="office_attendance", coalesce=asked_key))

    # --- the job -------------------------------------------------------------------------------------------

    def run(self, now: datetime) -> int:
        """The job: announcements a week ahead, reminders to those coming, "who came?" after; returns messages."""
        return self._announce_due(now) + self._remind_due(now) + self._ask_due(now)

    def _announce_due(self, now: datetime) -> int:
        """Later sessions of a weekly series, once they are a week away."""
        with self._uow() as uow:
            rows = self._sessions(
                uow.session,
                col(OfficeSessionRow.announce_outbox_id).is_(None),
                col(OfficeSessionRow.start) > now,
                col(OfficeSessionRow.start) <= now + ANNOUNCE_AHEAD,
            )
            views = session_views(uow.session, self.config, rows)
            sent = sum(self._announce(uow, row, view) for row, view in zip(rows, views, strict=True))
            uow.commit()
            return sent

    def _remind_due(self, now: datetime) -> int:
        minutes = self.config.champions.office_hours_reminder_minutes
        with self._uow() as uow:
            soon = timedelta(minutes=minutes)
            rows = self._sessions(
                uow.session, col(OfficeSessionRow.start) > now, col(OfficeSessionRow.start) <= now + soon
            )
            query = select(OfficeRsvpRow).where(
                col(OfficeRsvpRow.session_id).in_([r.id for r in rows]), col(OfficeRsvpRow.reminded_at).is_(None)
            )
            sessions = {r.id: as_session(r) for r in rows}
            rsvps: dict[Session, set[str]] = {}
            for rsvp in uow.session.exec(query):
                rsvps.setdefault(sessions[rsvp.session_id], set()).add(rsvp.slack_id)
            views = {v.id: v for v in session_views(uow.session, self.config, rows)}
            due = reminders_due(sessions.values(), rsvps, now, set(), reminder_minutes=minutes)
            sent = sum(self._remind(uow, views[s.id or 0], person, now) for s, person in due)
            uow.commit()
            return sent

    def _remind(self, uow: UnitOfWork, view: SessionView, person: str, now: datetime) -> int:
        """One reminder, claimed by setting reminded_at where it is still empty: two workers send it once. Someone
        who comes off the list and back on after theirs was sent has a fresh row, and the queued DM's key says so."""
        rsvp = (col(OfficeRsvpRow.session_id) == view.id, col(OfficeRsvpRow.slack_id) == person)
        if not _claimed(uow, update(OfficeRsvpRow).where(*rsvp, col(OfficeRsvpRow.reminded_at).is_(None)), now):
            return 0
        message = render.reminder(view, self.config.zone)
        return _once(
            uow, send.to_person(f"office:{view.id}:remind:{person}", person, message, purpose="office_reminder")
        )

    def _ask_due(self, now: datetime) -> int:
        """After a session, its champion is asked once who came (unless they already recorded it)."""
        with self._uow() as uow:
            rows = self._sessions(
                uow.session,
                col(OfficeSessionRow.attendance_asked_at).is_(None),
                col(OfficeSessionRow.attended).is_(None),
                col(OfficeSessionRow.start) <= now,
            )
            over = {s.id for s in ended(map(as_session, rows), now)}
            sent = sum(
                self._ask(uow, view, now)
                for view in session_views(uow.session, self.config, [r for r in rows if r.id in over])
            )
            uow.commit()
            return sent

    def _ask(self, uow: UnitOfWork, view: SessionView, now: datetime) -> int:
        unasked = (col(OfficeSessionRow.id) == view.id, col(OfficeSessionRow.attendance_asked_at).is_(None))
        if not _claimed(uow, update(OfficeSessionRow).where(*unasked), now, column="attendance_asked_at"):
            return 0
        message = render.who_came(view, self.config.zone)
        return _once(
            uow, send.to_person(f"office:{view.id}:who-came", view.champion, message, purpose="office_who_came")
        )

    @staticmethod
    def _sessions(db: Db, *where: Any) -> list[OfficeSessionRow]:
        """Sessions not cancelled that match `where`, earliest first."""
        query = select(OfficeSessionRow).where(col(OfficeSessionRow.cancelled_at).is_(None), *where)
        return list(db.exec(query.order_by(col(OfficeSessionRow.start), col(OfficeSessionRow.id))))

    # --- reading -------------------------------------------------------------------------------------------

    def list_week(self, slack_id: str | None = None) -> list[SessionView]:
        """`/officehours list`: every ward's sessions of the next 7 days, marked where `slack_id` is coming."""
        with self._uow() as uow:
            return upcoming(uow.session, self.config, uow.now, viewer=slack_id)

    def export_csv(self) -> str:
        """champion,ward,start,minutes,attendees: one row per session not cancelled, start in the pilot's zone."""
        with self._uow() as uow:
            views = session_views(uow.session, self.config, self._sessions(uow.session))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows(_export_row(v, self.config) for v in views)
        return out.getvalue()


def _export_row(view: SessionView, config: PilotConfig) -> tuple[Any, ...]:
    attended = "" if view.attended is None else view.attended
    return (view.champion_name, view.ward, view.start.astimezone(config.zone).isoformat(), view.minutes, attended)


def _why_not(role: Role | None) -> str:
    who = copy.REFUSED_WHO_ROLE.format(role=role.value) if role else copy.REFUSED_WHO_UNKNOWN
    return copy.REFUSED_SCHEDULE.format(who=who)


def _claimed(uow: UnitOfWork, statement: Update, now: datetime, *, column: str = "reminded_at") -> bool:
    """Runs a conditional UPDATE setting `column` to `now`; True when this transaction changed the row."""
    return bool(uow.session.execute(statement.values({column: now})).rowcount == 1)  # type: ignore[attr-defined]


def _once(uow: UnitOfWork, message: Outgoing) -> int:
    """Queues a message unless one with its key was queued before; 1 when queued now."""
    if uow.session.exec(select(OutboxRow.id).where(OutboxRow.key == message.key)).first() is not None:
        return 0
    uow.send(message)
    return 1
