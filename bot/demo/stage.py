"""The demo's stage: the cast, the start instant and the `Demo` handle every act receives."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bot.clock import FixedClock
from bot.demo.narrator import Narrator
from bot.standin.world import World

OUTPUT = Path("demo-output")
START = datetime(2026, 11, 16, 8, 50, tzinfo=UTC)  # a Monday morning on the wards

AISHA, BEN, CARLA, DEV, ELLA, FRAN = "U0AISHA01", "U0BEN0002", None, "U0DEV0004", "U0ELLA005", "U0FRAN006"
ZED = "U0ZED0007"  # a bank nurse who is not on the roster


@dataclass
class Demo:
    world: World
    say: Narrator
    clock: FixedClock

    def names(self, slack_id: str) -> str:
        if slack_id in self.world.slack.users:
            return self.world.slack.users[slack_id].name
        channel = self.world.slack.channels.get(slack_id)
        return channel.name if channel else slack_id

    def user(self, email_prefix: str) -> str:
        return next(u.id for u in self.world.slack.users.values() if (u.email or "").startswith(email_prefix))

    async def timed(self, action: Callable[[], Awaitable[object]]) -> None:
        started = time.perf_counter()
        response = await action()
        elapsed = (time.perf_counter() - started) * 1000
        status = getattr(response, "status_code", "?")
        self.say.note(f"Slack got its acknowledgement in {elapsed:.0f} ms (HTTP {status}); the work happens after.")
        await self.world.settle()
        self.say.show_new()

    def last_view(self, user: str) -> dict[str, object]:
        call = next(c for c in reversed(self.world.slack.calls) if c.method == "views.open" and c.owner == user)
        return call.response["view"]  # type: ignore[no-any-return]
