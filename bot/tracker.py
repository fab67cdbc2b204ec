"""Counts work still running after Slack was acknowledged, so tests and the demo can wait for it to finish.

It also stops an exception from escaping a listener: Bolt, seeing a listener fail after ack() within its
10 ms polling window, discards the ack and answers Slack 404 three seconds later. Failures are logged by
type and counted instead.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")
log = logging.getLogger("pilotbot.slack")


class Tracker:
    def __init__(self, on_error: Callable[[], None] | None = None) -> None:
        self._on_error = on_error
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def track(self, func: Callable[P, Awaitable[None]]) -> Callable[P, Awaitable[None]]:
        """Wraps a listener: counted from its first line to its last; an escaping exception is logged."""

        @functools.wraps(func)
        async def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
            self._running += 1
            self._idle.clear()
            try:
                await func(*args, **kwargs)
            except Exception as exc:
                log.error("listener %s failed: %s", func.__name__, type(exc).__name__)
                if self._on_error is not None:
                    self._on_error()
            finally:
                self._running -= 1
                if self._running == 0:
                    self._idle.set()

        return wrapper

    async def idle(self) -> None:
        """Returns once no tracked listener is running."""
        await self._idle.wait()

    @property
    def running(self) -> int:
        return self._running
