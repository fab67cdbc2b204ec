"""The project-team digest: RE-AIM per ward and overall, and the go/no-go gates with their evidence.

At `[schedule] digest` (Monday 08:00 by default), once per ISO week like the bulletin, to `[channels] project`,
or by DM to every lead when the pilot file has none. Each week's evaluated decision is stored and audited in the
same transaction; a lead records the committee's actual decision from the digest's button.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import DecisionRow
from bot.domain.gates import Decision, Verdict, decision_json
from bot.domain.phi import Guard
from bot.domain.reaim import reaim
from bot.domain.roles import Permission, can
from bot.domain.roster import Role
from bot.domain.weeks import IsoWeek, last_complete, parse_week
from bot.render import copy_weekly as copy
from bot.render import digest as render
from bot.render.reports import note
from bot.render.text import render_message
from bot.services import send, weekly_post
from bot.services.gates import GateService
from bot.services.send import ReplyTo
from bot.services.uow import Transactional
from bot.services.weekly import reaim_facts, ward_names

log = logging.getLogger("pilotbot.digest")
KIND = "digest"
EVALUATED, RECORDED = "evaluated", "recorded"
NOTE_CHARS = 2000


@dataclass
class DigestService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    gates_service: GateService
    guard: Guard
    on_queued: Callable[[], None] | None = None

    def gates(self, at: datetime) -> Decision:
        """The gates of the pilot file judged at `at` (`pilotbot gates`)."""
        return self.gates_service.decide(at)

    def build(
        self, week: IsoWeek, at: datetime, *, late_since: datetime | None = None
    ) -> tuple[list[dict[str, Any]], Decision | None]:
        facts = reaim_facts(self.engine, self.config, week)
        figures = reaim(facts)
        decision = None
        if self.config.go_no_go:
            # RE-AIM read the five weeks to the end of `week`: the gates' four-week window when judged after it.
            covered = last_complete(at, self.config.zone) == week
            decision = self.gates_service.decide(at, recent=facts.reports if covered else None)
        with Session(self.engine) as session:
            recorded = _last_recorded(session)
            before = _evaluated(session, week.previous())
        messages = render.digest(
            week,
            figures,
            decision,
            recorded,
            wards=ward_names(self.config),
            gates_before=before,
            late_since=late_since,
        )
        return messages, decision

    def run(self, now: datetime) -> int:
        """Sends the digest owed at `now`, if it has not been sent; the number of messages queued."""
        with self._uow() as uow:
            owed = weekly_post.owed(uow, KIND, self.config.schedule.digest, self.config.zone, now)
        if owed is None:
            return 0
        messages, decision = self.build(owed.week, owed.fire, late_since=owed.fire if owed.late else None)
        try:
            return self._send(owed, messages, decision)
        except IntegrityError:
            log.info("another worker sent the digest for %s", owed.week.label)
            return 0

    def _send(self, owed: weekly_post.Due, messages: list[dict[str, Any]], decision: Decision | None) -> int:
        label = owed.week.label
        with self._uow() as uow:
            weekly_post.claim(uow, owed)
            if self.config.channels.project:
                places = [("channel", self.config.channels.project)]
            else:
                leads = repo.people_with_role(uow.session, role=Role.LEAD)
                places = [("dm", p.slack_id) for p in leads if p.slack_id]
            queued = 0
            for how, where in places:
                first, *rest = messages
                key = f"{KIND}:{label}:{where}"
                if how == "channel":
                    post = uow.send(send.to_channel(f"{key}:1", where, first, purpose=KIND))
                else:
                    post = uow.send(send.to_person(f"{key}:1", where, first, purpose=KIND))
                for n, more in enumerate(rest, start=2):
                    uow.send(send.to_channel(f"{key}:{n}", where, more, purpose=KIND, thread_of=post))
                queued += len(messages)
            if not places:
                log.warning("the digest for %s has nowhere to go: no [channels] project and no lead", label)
            if decision is not None:
                gates = decision_json(decision)["gates"]
                uow.session.add(DecisionRow(week=label, kind=EVALUATED, decision=decision.verdict.value, gates=gates,
                                            by=None, at=uow.now))  # fmt: skip
                uow.audit(
                    actor="pilotbot",
                    action="gates.evaluated",
                    entity_type="gate_decision",
                    entity_id=label,
                    decision=decision.verdict.value,
                    failing=[g["name"] for g in gates if g["status"] != "PASS"],
                )
            uow.audit(
                actor="pilotbot",
                action="digest.sent",
                entity_type="weekly_post",
                entity_id=f"{KIND}/{label}",
                week=label,
                late=owed.late,
                recipients=len(places),
                messages=queued,
            )
            uow.commit()
        return queued

    def preview(self, week: IsoWeek | None, now: datetime) -> str:
        """The digest about `week` (default: the last complete one) as a lead reads it; nothing is stored."""
        week = week or last_complete(now, self.config.zone)
        at = week.shift(1).bounds(self.config.zone)[0] if week < last_complete(now, self.config.zone) else now
        messages, _ = self.build(week, at)
        lines: list[str] = []
        for n, message in enumerate(messages, start=1):
            if n > 1:
                lines += ["", f"── in the thread, part {n} ──"]
            lines += render_message(message, lambda name: name)
        return "\n".join(lines)

    # --- the decision log ------------------------------------------------------------------------------

    def may_record(self, slack_id: str) -> bool:
        with self._uow() as uow:
            person = repo.get_person(uow.session, slack_id=slack_id)
            return can(person.role if person else None, Permission.RECORD_DECISION)

    def evaluated(self, week: str) -> str | None:
        """The decision the gates gave for a week, for the form's default."""
        with Session(self.engine) as session:
            row = session.exec(
                select(DecisionRow)
                .where(DecisionRow.week == week, DecisionRow.kind == EVALUATED)
                .order_by(col(DecisionRow.id).desc())
            ).first()
            return row.decision if row else None

    def record(
        self, week: str, decision: str, note_text: str | None, *, actor: str, reply: ReplyTo, delivery: str | None
    ) -> bool:
        """Records the committee's decision for a week with its note (masked), audited; refuses anyone but a lead
        or an admin. True when recorded."""
        parse_week(week)
        verdict = Verdict(decision)
        with self._uow(delivery) as uow:
            if delivery:
                uow.claim(delivery, "decision")
            person = repo.get_person(uow.session, slack_id=actor)
            if not can(person.role if person else None, Permission.RECORD_DECISION):
                uow.audit(actor=actor, action="gates.refused", entity_type="gate_decision", entity_id=week)
                uow.send(
                    send.reply(f"refused:{uow.correlation_id}", reply, note(copy.DECISION_NOT_LEAD), purpose="refusal")
                )
                uow.commit()
                return False
            masked = self.guard.scan(note_text).masked[:NOTE_CHARS] if note_text else None
            evaluated = _evaluated(uow.session, parse_week(week))
            row = DecisionRow(week=week, kind=RECORDED, decision=verdict.value, gates=[{"name": n, "status": s}
                              for n, s in evaluated.items()], note=masked, by=actor, at=uow.now)  # fmt: skip
            uow.session.add(row)
            uow.session.flush()
            uow.audit(
                actor=actor,
                action="gates.decision_recorded",
                entity_type="gate_decision",
                entity_id=row.id,
                week=week,
                decision=verdict.value,
            )
            said = copy.DECISION_RECORDED.format(decision=verdict.value, week=week)
            uow.send(send.reply(f"decision:{uow.correlation_id}", reply, note(said), purpose="decision"))
            uow.commit()
            return True


def _last_recorded(session: Session) -> render.Recorded | None:
    row = session.exec(
        select(DecisionRow).where(DecisionRow.kind == RECORDED).order_by(col(DecisionRow.id).desc())
    ).first()
    if row is None or row.by is None:
        return None
    return render.Recorded(row.week, row.decision, row.by, row.at, row.note)


def _evaluated(session: Session, week: IsoWeek) -> dict[str, str]:
    """Each gate's status as evaluated for `week`: name -> PASS | FAIL | NO DATA."""
    row = session.exec(
        select(DecisionRow)
        .where(DecisionRow.week == week.label, DecisionRow.kind == EVALUATED)
        .order_by(col(DecisionRow.id).desc())
    ).first()
    return {g["name"]: g["status"] for g in row.gates} if row else {}
