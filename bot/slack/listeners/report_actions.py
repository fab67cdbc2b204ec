"""The reporter's one-tap corrections on their confirmation: ward, severity. And link buttons, which only ack."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.container import Services
from bot.domain.reports import Severity
from bot.ids import Action
from bot.slack.listeners.common import call, delivery_key, reply_to_action
from bot.tracker import Tracker


def _target(body: dict[str, Any]) -> tuple[int | None, str | None]:
    """(report id from the block id 'ward:42', the chosen value)."""
    action = body["actions"][0]
    m = re.fullmatch(r"\w+:(\d+)", action.get("block_id") or "")
    value = (action.get("selected_option") or {}).get("value")
    return (int(m.group(1)) if m else None), value


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.action(Action.SET_WARD.value)
    @tracker.track
    async def set_ward(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        report_id, ward = _target(body)
        if report_id is None or ward is None:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        await call(
            services,
            reply,
            key,
            services.intake.set_ward,
            report_id,
            ward,
            actor=reply.slack_id,
            reply=reply,
            delivery=key,
            actor_name=body["user"].get("name", ""),
        )

    @app.action(Action.SET_SEVERITY.value)
    @tracker.track
    async def set_severity(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        report_id, value = _target(body)
        if report_id is None or value is None or value not in Severity._value2member_map_:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        await call(
            services,
            reply,
            key,
            services.intake.set_severity,
            report_id,
            Severity(value),
            actor=reply.slack_id,
            reply=reply,
            delivery=key,
        )

    @app.action(Action.OPEN_ORIGINAL.value)
    async def open_original(ack: AsyncAck) -> None:
        await ack()  # a link button: Slack opens the URL, we only acknowledge
