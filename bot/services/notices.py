"""Telling one person one thing (a refusal, an explanation), through the outbox like everything else."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.render.reports import note
from bot.services import send
from bot.services.send import ReplyTo
from bot.services.uow import UnitOfWork


@dataclass
class NoticeService:
    engine: Engine
    clock: Clock
    on_queued: Callable[[], None] | None = None

    def tell(self, reply: ReplyTo, text: str, *, key: str) -> None:
        with UnitOfWork(self.engine, self.clock, on_commit=self.on_queued) as uow:
            uow.send(send.reply(f"tell:{key}", reply, note(text), purpose="notice"))
            uow.commit()
