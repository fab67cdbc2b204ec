"""A whole pilot on one machine: the Slack stand-in, the real app over HTTP, a database, and a driver.

The demo and the end-to-end tests both use it, so what the demo shows is what the tests check.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Self

import httpx
from aiohttp import web
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError

from bot.clock import Clock
from bot.config import PilotConfig
from bot.container import Services, build_services
from bot.db.session import make_engine, migrate
from bot.ids import Action
from bot.settings import Settings
from bot.slack.app import build_app
from bot.slack.forms import queue_form_values
from bot.slack.web import build_web
from bot.standin.driver import SlackDriver
from bot.standin.server import SlackStandIn

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the stand-in's, not a real app's


@dataclass
class World:
    database_url: str
    config: PilotConfig
    clock: Clock
    roster_csv: str = ""
    migrate_schema: bool = True

    async def __aenter__(self) -> Self:
        self.slack = SlackStandIn()
        base_url = await self.slack.start()
        for name, channel in (
            ("rapid-response", self.config.channels.rapid_response),
            ("pilot-updates", self.config.channels.updates),
            ("escalation", self.config.channels.escalation),
        ):
            self.slack.add_channel(channel, name)
        if self.config.channels.project:
            self.slack.add_channel(self.config.channels.project, "pilot-project")
        for ward in self.config.wards:
            if ward.channel:
                self.slack.add_channel(ward.channel, ward.id)
        for row in csv.DictReader(io.StringIO(self.roster_csv)):
            user_id = row["slack_id"] or "U0X" + hashlib.sha256(row["email"].encode()).hexdigest()[:7].upper()
            self.slack.add_user(user_id, row["name"], row["email"] or None)
        self.settings = Settings(
            slack_bot_token=SecretStr(self.slack.token),
            slack_signing_secret=SecretStr(SIGNING_SECRET),
            slack_api_url=base_url,
            database_url=self.database_url,
        )
        engine = make_engine(self.database_url)
        if self.migrate_schema:
            migrate(engine)
        self.services: Services = build_services(self.settings, config=self.config, clock=self.clock, engine=engine)
        self._runner = web.AppRunner(build_web(build_app(self.services), self.services), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.app_url = f"http://127.0.0.1:{port}"
        self.driver = SlackDriver(self.app_url, SIGNING_SECRET, self.slack)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.driver.close()
        await self._runner.cleanup()
        await self.services.deliverer.close()
        await self.slack.stop()
        self.services.engine.dispose()

    async def settle(self) -> int:
        """Waits for acknowledged work to finish, then delivers everything due; returns messages sent."""
        await self.services.tracker.idle()
        return await self.services.deliverer.drain()

    # --- working the queue, as the team's clicks arrive ----------------------------------------------

    def card(self, report_id: int) -> dict[str, Any]:
        """The report's card as the rapid-response channel shows it now."""
        channel = self.config.channels.rapid_response
        return next(
            m
            for m in self.slack.messages(channel)
            if not m.get("thread_ts") and m["blocks"][0]["text"]["text"].startswith(f"R-{report_id} ")
        )

    async def take(self, user: str, report_id: int) -> httpx.Response:
        return await self._card_click(user, report_id, {"action_id": Action.CARD_TAKE.value, "value": str(report_id)})

    async def card_form(self, user: str, report_id: int, move: str, **values: Any) -> httpx.Response | None:
        """Clicks the card's button (or overflow item) for `move` and submits the form it opens with `values`.

        Returns the submission's response, or None when no form opened (the person may not make that move).
        """
        if move in ("merge", "reassign", "set_severity", "known_issue"):
            action = {
                "type": "overflow",
                "action_id": Action.CARD_MORE.value,
                "selected_option": {"value": f"{report_id}:{move}", "text": {"type": "plain_text", "text": move}},
            }
        else:
            action = {"action_id": f"{Action.CARD_FORM.value}:{move}", "value": f"{report_id}:{move}"}
        opened = len(self.slack.calls_to("views.open"))
        await self._card_click(user, report_id, action)
        forms = self.slack.calls_to("views.open")
        if len(forms) == opened:
            return None
        response = await self.driver.submit(user, forms[-1].response["view"], queue_form_values(**values))
        await self.settle()
        return response

    async def _card_click(self, user: str, report_id: int, action: dict[str, Any]) -> httpx.Response:
        response = await self.driver.click(
            user,
            {**action, "block_id": f"card:{report_id}"},
            channel=self.config.channels.rapid_response,
            message=self.card(report_id),
        )
        await self.settle()
        return response

    async def import_roster(self, *, partial: bool = False) -> None:

        async def lookup(email: str) -> str | None:
            try:
                response = await self.services.client.users_lookupByEmail(email=email)
            except SlackApiError:
                return None
            return str(response["user"]["id"])

        await self.services.people.import_roster(self.roster_csv, partial=partial, actor="demo", lookup=lookup)
