"""Usage data from the piloted system: one row per person per day, streamed in, a day sent again replacing itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.services.uow import Transactional


@dataclass(frozen=True)
class UsageImport:
    """What an import came to: rows stored, rejections named by line (CSV) or index (API), refused when nothing was
    stored because of rejections (and `partial` was not asked for)."""

    stored: int
    rejected: list[str] = field(default_factory=list)
    refused: bool = False


@dataclass
class UsageService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def import_lines(self, lines: Iterable[str], *, partial: bool, actor: str) -> UsageImport:
        """A CSV file (date,slack_id,email,events), read lazily; nothing stored from a file with rejections unless
        `partial`."""
        raise NotImplementedError

    def import_items(self, items: object, *, actor: str) -> UsageImport:
        """The API's JSON array of {date, slack_id, email, events}: all stored, or (with any rejection) none."""
        raise NotImplementedError
