"""The unit of work: one transaction holding the change, its audit entries and its outgoing messages."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.db.models import AuditRow, InboundRow
from bot.domain.audit import GENESIS, entry_hash
from bot.outbox import Outgoing, enqueue

# The PostgreSQL advisory lock that serialises appends to the audit chain (taken only at commit).
AUDIT_LOCK = 7_263_001


class AlreadyHandled(Exception):
    """This Slack delivery (event, command, interaction) was claimed before: do nothing again."""


class UnitOfWork:
    """`with UnitOfWork(...) as uow:` ... `uow.commit()`; leaving without commit rolls everything back."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        *,
        correlation_id: str | None = None,
        on_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self.correlation_id = correlation_id or uuid.uuid4().hex[:16]
        self._on_commit = on_commit
        self._audits: list[dict[str, Any]] = []
        self._queued = 0
        self.session: Session
        self.now: datetime

    def __enter__(self) -> Self:
        self.session = Session(self._engine, expire_on_commit=False)
        self.now = self._clock.now()  # read once: everything in this unit happens at one instant
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.session.rollback()
        self.session.close()

    def claim(self, key: str, kind: str) -> None:
        """Marks a Slack delivery as handled here; raises AlreadyHandled if it was handled before."""
        exists = self.session.get(InboundRow, key)
        if exists is not None:
            raise AlreadyHandled(key)
        self.session.add(InboundRow(key=key[:120], kind=kind, received_at=self.now))
        try:
            self.session.flush()
        except IntegrityError:
            raise AlreadyHandled(key) from None

    def audit(self, *, actor: str, action: str, entity_type: str, entity_id: object, **detail: Any) -> None:
        """Records a state change; written, chained, in this transaction at commit."""
        self._audits.append(
            {
                "actor": actor,
                "action": action,
                "entity_type": entity_type,
                "entity_id": str(entity_id),
                "detail": detail,
            }
        )

    def send(self, message: Outgoing) -> int:
        """Queues a message in this transaction; it is delivered only if the transaction commits."""
        self._queued += 1
        return enqueue(self.session, message, self.now)

    def commit(self) -> None:
        self.session.flush()
        if self._audits:
            self._append_audits()
        self.session.commit()
        if self._queued and self._on_commit is not None:
            self._on_commit()

    def _append_audits(self) -> None:
        append_audit(self.session, self.now, self.correlation_id, self._audits)
        self._audits.clear()


class Transactional:
    """For services: `self._uow()` opens a unit of work that wakes the outbox when it queued something."""

    engine: Engine
    clock: Clock
    on_queued: Callable[[], None] | None

    def _uow(self, correlation_id: str | None = None) -> UnitOfWork:
        return UnitOfWork(self.engine, self.clock, correlation_id=correlation_id, on_commit=self.on_queued)


def append_audit(session: Session, now: datetime, correlation_id: str, items: list[dict[str, Any]]) -> None:
    """Chains entries onto the audit log inside the caller's transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": AUDIT_LOCK})
    last = session.exec(select(AuditRow).order_by(col(AuditRow.id).desc()).limit(1)).first()
    prev = last.hash if last else GENESIS
    for item in items:
        digest = entry_hash(prev, at=now, correlation_id=correlation_id, **item)
        session.add(AuditRow(at=now, correlation_id=correlation_id, prev_hash=prev, hash=digest, **item))
        prev = digest
        session.flush()  # keep ids in chain order
