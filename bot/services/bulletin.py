"""The weekly transparency bulletin in channels.updates: once per ISO week, whatever the scheduler does."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.weeks import IsoWeek
from bot.services.uow import Transactional


@dataclass
class BulletinService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        return 0

    def preview(self, week: IsoWeek | None, now: datetime, png: Path | None = None) -> str:
        raise NotImplementedError
