"""One scheduler at a time: a lease row any process can take when its holder stops renewing it."""

from __future__ import annotations

import socket
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.db import repositories as repo
from bot.services.uow import UnitOfWork

LEASE = "scheduler"
TERM = timedelta(seconds=150)  # renewed every minute; a crashed leader is replaced within 2.5 minutes


@dataclass
class Leadership:
    engine: Engine
    clock: Clock
    holder: str = field(default_factory=lambda: f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}")

    def lead(self) -> bool:
        """True when this process holds the scheduler lease (taking or renewing it)."""
        try:
            with UnitOfWork(self.engine, self.clock) as uow:
                held = repo.take_lease(uow.session, name=LEASE, holder=self.holder, now=uow.now, until=uow.now + TERM)
                uow.commit()
                return held
        except IntegrityError:  # another process created the lease row at the same moment
            return False
