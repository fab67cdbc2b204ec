"""What every listener shares: the delivery key, running a service call off the event loop, refusals."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from bot.container import Services
from bot.render import copy
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.uow import AlreadyHandled

log = logging.getLogger("pilotbot.slack")
T = TypeVar("T")


def reply_to_action(body: dict[str, Any]) -> ReplyTo:
    """Whoever clicked, answered through the interaction's response_url."""
    return ReplyTo(
        body["user"]["id"], response_url=body.get("response_url"), channel=(body.get("channel") or {}).get("id")
    )


def action_id_value(body: dict[str, Any]) -> int | None:
    """The number a button carries as its value (a report or draft id), or None."""
    value = str(body["actions"][0].get("value") or "")
    return int(value) if value.isdigit() else None


def delivery_key(body: dict[str, Any]) -> str:
    """Identifies one delivery from Slack, the same on every retry or replay of it."""
    if body.get("event_id"):
        return f"ev:{body['event_id']}"
    if body.get("trigger_id"):
        return f"tr:{body['trigger_id']}"
    digest = hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()
    return f"h:{digest[:40]}"


async def call(
    services: Services, to: ReplyTo, key: str, fn: Callable[..., T], /, *args: Any, **kwargs: Any
) -> T | None:
    """Runs a service call in a worker thread. Duplicates are skipped; refusals and failures are told."""
    try:
        await link_if_new(services, to.slack_id)
        return await asyncio.to_thread(fn, *args, **kwargs)
    except AlreadyHandled:
        services.counters.inc("pilotbot_inbound_duplicates_total")
        log.info("duplicate delivery skipped")
        return None
    except Refused as refusal:
        await tell(services, to, refusal.message, key=key)
        return None
    except Exception as exc:
        services.counters.inc("pilotbot_listener_errors_total")
        log.error("listener failed: %s", type(exc).__name__)
        await tell(services, to, copy.TRY_AGAIN, key=key)
        return None


async def link_if_new(services: Services, slack_id: str) -> None:
    """Someone we don't know by Slack ID may be on the roster by email: ask Slack for theirs and link them."""
    if not await asyncio.to_thread(services.people.needs_link, slack_id):
        return
    try:
        response = await services.client.users_info(user=slack_id)
    except Exception as exc:
        log.info("users.info failed: %s", type(exc).__name__)
        return
    email = ((response.get("user") or {}).get("profile") or {}).get("email")
    if isinstance(email, str) and email:
        await asyncio.to_thread(services.people.link, slack_id=slack_id, email=email)


async def tell(services: Services, reply: ReplyTo, text: str, *, key: str) -> None:
    """Tells the person something, through the outbox; straight to Slack if the database is the problem."""
    try:
        await asyncio.to_thread(services.notices.tell, reply, text, key=key)
        return
    except Exception as exc:
        log.error("could not queue a notice: %s", type(exc).__name__)
    try:
        await services.client.chat_postMessage(channel=reply.slack_id, text=text)
    except Exception as exc:
        log.error("could not send a notice either: %s", type(exc).__name__)
