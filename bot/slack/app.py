"""build_app(services) -> AsyncApp: listeners registered, services injected, one error handler."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.response import BoltResponse

from bot.container import Services
from bot.slack import payloads
from bot.slack.listeners import (
    champion,
    digest,
    home,
    messages,
    offers,
    office_hours,
    queue_card,
    reactions,
    report_actions,
    report_command,
    report_form,
    shortcut,
    surveys,
)

log = logging.getLogger("pilotbot.slack")
SURFACES = (
    report_command,
    report_form,
    report_actions,
    shortcut,
    reactions,
    messages,
    offers,
    queue_card,
    surveys,
    office_hours,
    champion,
    digest,
    home,
)


def _kind(body: dict[str, Any]) -> str:
    if body.get("command"):
        return f"command {body['command']}"
    if body.get("type") == "event_callback":
        return f"event {(body.get('event') or {}).get('type')}"
    return str(body.get("type") or "request")


def build_app(services: Services, *, socket_mode: bool = False) -> AsyncApp:
    """The Bolt app. In HTTP mode every request's signature is checked; Socket Mode has none to check."""
    secret = services.settings.slack_signing_secret
    app = AsyncApp(
        client=services.client,
        signing_secret=secret.get_secret_value() if secret and not socket_mode else None,
        request_verification_enabled=not socket_mode,
        logger=logging.getLogger("pilotbot.bolt"),
        process_before_response=False,
    )

    @app.middleware
    async def edge(body: dict[str, Any], next: Callable[[], Awaitable[None]]) -> BoltResponse | None:
        """Socket Mode's door to the same edge check HTTP has: a malformed payload is answered and dropped."""
        reason = payloads.problem(body)
        if reason is not None:
            services.counters.inc("pilotbot_malformed_total", kind=payloads.kind(body))
            log.warning("ignored a malformed %s: %s", payloads.kind(body), reason)
            return BoltResponse(status=200, body="")
        await next()
        return None

    @app.middleware
    async def inject_services(context: AsyncBoltContext, next: Callable[[], Awaitable[None]]) -> None:
        context["services"] = services
        await next()

    @app.error
    async def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
        """A bug, not bad input (the edge took that): counted and logged by type; Slack gets a plain 200, never a
        stack trace or a 500 it would only retry."""
        services.counters.inc("pilotbot_listener_errors_total")
        log.error("unhandled error in %s: %s", _kind(body), type(error).__name__)
        return BoltResponse(status=200, body="")

    for surface in SURFACES:
        surface.register(app, services.tracker)
    return app
