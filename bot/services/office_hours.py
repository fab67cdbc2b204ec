"""Champions' office hours: scheduled in one form, announced, joined, reminded, cancelled and recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.services.uow import Transactional


@dataclass
class OfficeHoursService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """The job: reminders to those coming, and "who came?" to champions after a session; returns messages."""
        return 0

    def export_csv(self) -> str:
        """champion,ward,start,minutes,attendees: one row per session."""
        raise NotImplementedError
