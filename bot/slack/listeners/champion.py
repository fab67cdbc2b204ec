"""/champion: privately, who the person's ward's champions are and when the next office hours are."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.container import Services
from bot.ids import Command
from bot.render import office_hours as render
from bot.services.send import ReplyTo
from bot.slack.listeners.common import call, delivery_key
from bot.tracker import Tracker


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.command(Command.CHAMPION.value)
    @tracker.track
    async def champion(ack: AsyncAck, command: dict[str, Any], body: dict[str, Any], services: Services) -> None:
        user, channel = command["user_id"], command.get("channel_id")
        reply = ReplyTo(user, response_url=command.get("response_url"), channel=channel)
        answer = await call(services, reply, delivery_key(body), services.champions.for_person, user, channel=channel)
        if answer is None:  # the database did not answer in time: `call` has said so
            await ack()
            return
        await ack(response_type="ephemeral", **render.champion_answer(answer, services.config.zone))
