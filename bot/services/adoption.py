"""Adoption per ward per ISO week, from the usage data and the roster as it stood each week."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.adoption import WardWeek
from bot.domain.weeks import IsoWeek


@dataclass
class AdoptionService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def weeks(self, first: IsoWeek, last: IsoWeek) -> list[WardWeek]:
        """Every ward's adoption for every week from `first` to `last`."""
        raise NotImplementedError

    def has_data(self) -> bool:
        """True once any usage has been imported (before that, adoption is NO DATA, not 0)."""
        raise NotImplementedError

    def overall(self, week: IsoWeek) -> float | None:
        """Active / rostered over every ward for a week; None without usage data."""
        raise NotImplementedError

    def export_csv(self) -> str:
        """ward,week,rostered,active,adoption,active_days_median,events: one row per ward per ISO week."""
        raise NotImplementedError
