"""App Home: published whenever someone opens it."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.render import home as render
from bot.slack.listeners.common import log
from bot.tracker import Tracker


async def publish_home(client: AsyncWebClient, services: Services, user: str) -> None:
    data = await asyncio.to_thread(services.home.for_person, user)
    network = await asyncio.to_thread(services.home.network, user)
    config = services.config
    view = render.home(data, config.sla.policy(), services.intake.wards, network=network, zone=config.zone)
    try:
        await client.views_publish(user_id=user, view=view)
    except Exception as exc:  # the next open publishes again; nothing is lost
        log.warning("views.publish failed: %s", type(exc).__name__)


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.event("app_home_opened")
    @tracker.track
    async def home_opened(event: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        if event.get("tab", "home") != "home":
            return
        await publish_home(client, services, event["user"])
