"""The champion network: who the champions are, where the gaps are, and what a champion's ward looks like."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.champions import WardCover


@dataclass
class ChampionService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def directory(self) -> list[WardCover]:
        """Per ward: its champions, its rostered staff, staff per champion, and whether there is a gap."""
        raise NotImplementedError

    def coverage(self) -> float | None:
        """The champion_coverage gate metric."""
        raise NotImplementedError

    def directory_text(self) -> str:
        """`pilotbot champions`, as printed."""
        raise NotImplementedError
