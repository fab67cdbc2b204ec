"""What every listener shares: the delivery key, running a service call off the event loop with retries inside
Slack's time budget, refusals, and telling the person honestly when something was not stored."""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Callable
from enum import Enum
from typing import Any, TypeVar

from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.container import Services
from bot.db.retry import BACKOFF, transient
from bot.render import copy
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.uow import AlreadyHandled

log = logging.getLogger("pilotbot.slack")
T = TypeVar("T")
# Slack wants its answer within 3 s. A store that is still failing after this long is told as not done; the
# rest of the budget is for the answer itself.
ACK_BUDGET = 2.0
# Where nobody waits on an answer (events, which Slack already has its 200 for) a blip may be waited out longer.
EVENT_BUDGET = 8.0
LINK_TIMEOUT = 0.8


class NotStored(Enum):
    """The database did not take the change within the budget; nothing was stored."""

    NOT_STORED = "not stored"


NOT_STORED = NotStored.NOT_STORED


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
    services: Services,
    to: ReplyTo,
    key: str,
    fn: Callable[..., T],
    /,
    *args: Any,
    budget: float = ACK_BUDGET,
    not_done: str = copy.NOT_DONE,
    **kwargs: Any,
) -> T | None:
    """Runs a service call in a worker thread, retrying a passing database failure within `budget` seconds.
    Duplicates are skipped; refusals are told; a change the database would not take is told as not done."""
    result = await store(services, to, key, fn, *args, budget=budget, **kwargs)
    if result is NOT_STORED:
        await tell_directly(services, to, not_done)
        return None
    return result


async def store(
    services: Services, to: ReplyTo, key: str, fn: Callable[..., T], /, *args: Any, budget: float, **kwargs: Any
) -> T | NotStored | None:
    """Like `call`, but a change that was not stored is the caller's to tell (in its answer to Slack)."""
    started = services.clock.monotonic()
    await link_if_new(services, to.slack_id)
    for wait in (*BACKOFF, None):
        try:
            value = await asyncio.to_thread(fn, *args, **kwargs)
            services.db_health.recovered()
            return value
        except AlreadyHandled:
            services.counters.inc("pilotbot_inbound_duplicates_total")
            log.info("duplicate delivery skipped")
            return None
        except Refused as refusal:
            await tell(services, to, refusal.message, key=key)
            return None
        except Exception as exc:
            if not transient(exc):
                services.counters.inc("pilotbot_listener_errors_total")
                log.error("listener failed: %s", type(exc).__name__)
                return NOT_STORED
            services.db_health.failed(services.clock.monotonic())
            elapsed = services.clock.monotonic() - started
            if wait is None or elapsed + wait > budget:
                services.counters.inc("pilotbot_not_stored_total")
                log.error("not stored after %.1f s: database unavailable (%s)", elapsed, type(exc).__name__)
                return NOT_STORED
            await services.clock.sleep(wait)
    return NOT_STORED  # pragma: no cover - the loop always returns


async def link_if_new(services: Services, slack_id: str) -> None:
    """Someone we don't know by Slack ID may be on the roster by email: ask Slack for theirs and link them.
    Best effort within a short timeout: a report is never held up by it (the ward is asked instead)."""
    try:
        if not await asyncio.to_thread(services.people.needs_link, slack_id):
            return
        response = await asyncio.wait_for(services.client.users_info(user=slack_id), timeout=LINK_TIMEOUT)
    except Exception as exc:
        log.info("could not link a new person: %s", type(exc).__name__)
        return
    email = ((response.get("user") or {}).get("profile") or {}).get("email")
    if isinstance(email, str) and email:
        try:
            await asyncio.to_thread(services.people.link, slack_id=slack_id, email=email)
        except Exception as exc:
            log.info("could not link a new person: %s", type(exc).__name__)


async def tell(services: Services, reply: ReplyTo, text: str, *, key: str) -> None:
    """Tells the person something, through the outbox; straight to Slack if the database is the problem."""
    try:
        await asyncio.to_thread(services.notices.tell, reply, text, key=key)
        return
    except Exception as exc:
        log.error("could not queue a notice: %s", type(exc).__name__)
    await tell_directly(services, reply, text)


async def tell_directly(services: Services, reply: ReplyTo, text: str, **message: Any) -> bool:
    """Tells the person at once, straight to Slack and not through the outbox (which lives in the database that
    just failed): where they acted (response_url, or an ephemeral), else by DM. False if Slack took none of it."""
    body = {"text": text, **message}
    if reply.response_url:
        try:
            response = await AsyncWebhookClient(reply.response_url, timeout=5).send_dict(
                {"response_type": "ephemeral", "replace_original": False, **body}
            )
            if response.status_code == 200:
                return True
        except Exception as exc:
            log.warning("response_url failed: %s", type(exc).__name__)
    try:
        if reply.channel and reply.ephemeral:
            await services.client.chat_postEphemeral(channel=reply.channel, user=reply.slack_id, **body)
        else:
            await services.client.chat_postMessage(channel=reply.slack_id, **body)
        return True
    except Exception as exc:
        log.error("could not tell the person directly: %s", type(exc).__name__)
        return False
