"""The project-team digest: RE-AIM per ward and overall, and the go/no-go gates with their evidence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.gates import Decision
from bot.domain.weeks import IsoWeek
from bot.services.uow import Transactional


@dataclass
class DigestService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        return 0

    def preview(self, week: IsoWeek | None, now: datetime) -> str:
        raise NotImplementedError

    def gates(self, at: datetime) -> Decision:
        raise NotImplementedError
