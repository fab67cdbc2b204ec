"""The weekly adoption leaderboard in channels.updates, once per ISO week, with its chart."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.weeks import IsoWeek
from bot.services.uow import Transactional


@dataclass
class LeaderboardService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """The job: posts last week's leaderboard once, when [schedule] leaderboard has come; returns posts queued."""
        return 0

    def preview(self, week: IsoWeek | None, now: datetime) -> str:
        """The leaderboard about `week` (default: the latest complete week) as a person reads it."""
        raise NotImplementedError
