"""The HTTP surface: POST /slack/events (Bolt's single endpoint), GET /healthz, GET /metrics.

Signatures are checked before anything is parsed, so a forged request costs nothing and changes nothing;
a body that cannot be parsed gets 400, never a 5xx.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import text

from bot.container import Services
from bot.db.session import current_revision
from bot.metrics import exposition
from bot.slack import payloads, usage_api

log = logging.getLogger("pilotbot.web")
MAX_BODY = 1024 * 1024  # Slack's payloads are far smaller; anything bigger is answered 413

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _well_formed(body: object) -> bool:
    """The shape every Slack request has: an object, and an event object inside an event callback."""
    if not isinstance(body, dict):
        return False
    return body.get("type") != "event_callback" or isinstance(body.get("event"), dict)


def _event(body: object) -> bool:
    return isinstance(body, dict) and body.get("type") == "event_callback"


def _kind(body: object) -> str:
    return str(body.get("type") or body.get("command") or "unknown") if isinstance(body, dict) else "unknown"


def build_web(app: AsyncApp, services: Services) -> web.Application:
    secret = services.settings.slack_signing_secret
    verifier = SignatureVerifier(secret.get_secret_value()) if secret else None

    @web.middleware
    async def count(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            services.counters.inc("pilotbot_http_requests_total", path=request.path, status=str(exc.status))
            raise
        services.counters.inc("pilotbot_http_requests_total", path=request.path, status=str(response.status))
        return response

    async def slack_events(request: web.Request) -> web.StreamResponse:
        if (request.content_length or 0) > MAX_BODY:
            return web.Response(status=413, text="too large for a Slack request")
        body = await request.read()
        if len(body) > MAX_BODY:
            return web.Response(status=413, text="too large for a Slack request")
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            return web.Response(status=400, text="malformed body")
        timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
        signature = request.headers.get("X-Slack-Signature", "")
        if verifier is None or not timestamp.isdigit() or not verifier.is_valid(text_body, timestamp, signature):
            return web.Response(status=401, text="invalid or stale signature")
        try:
            bolt_request = AsyncBoltRequest(body=text_body, query=request.query_string, headers=dict(request.headers))
        except Exception:  # whatever the parser trips on, the body was not one Slack sends
            return web.Response(status=400, text="malformed body")
        if not _well_formed(bolt_request.body):
            return web.Response(status=400, text="malformed body")
        reason = payloads.problem(bolt_request.body)
        if reason is not None:  # signed, but without what a listener relies on: answered, logged, nothing stored
            services.counters.inc("pilotbot_malformed_total", kind=payloads.kind(bolt_request.body))
            log.warning("ignored a malformed %s: %s", payloads.kind(bolt_request.body), reason)
            return web.Response(status=200, text="")
        if _event(bolt_request.body) and services.db_health.doubtful(services.clock.monotonic()):
            # The database failed moments ago: let Slack deliver this event again later rather than lose it.
            return web.Response(status=503, text="try again later", headers={"Retry-After": "30"})
        try:
            bolt_response = await app.async_dispatch(bolt_request)
        except Exception as exc:  # Bolt choking on a signed but odd payload: Slack gains nothing from a retry
            log.warning("could not dispatch a %s request: %s", _kind(bolt_request.body), type(exc).__name__)
            return web.Response(status=400, text="unprocessable request")
        return await to_aiohttp_response(bolt_response)

    async def healthz(_: web.Request) -> web.StreamResponse:
        def probe() -> str | None:
            with services.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return current_revision(services.engine)

        try:
            revision = await asyncio.wait_for(asyncio.to_thread(probe), timeout=5)
        except Exception as exc:
            log.warning("health check: database unreachable (%s)", type(exc).__name__)
            return web.json_response({"status": "unavailable", "database": "unreachable"}, status=503)
        return web.json_response({"status": "ok", "database": "ok", "schema": revision})

    async def metrics(_: web.Request) -> web.StreamResponse:
        gauges = await asyncio.to_thread(services.ops.gauges)
        return web.Response(
            text=exposition(services.counters.snapshot(), gauges),
            content_type="text/plain",
            charset="utf-8",
            headers={"X-Content-Type-Options": "nosniff"},
        )

    web_app = web.Application(client_max_size=max(MAX_BODY, usage_api.MAX_BODY), middlewares=[count])
    web_app.router.add_post("/slack/events", slack_events)
    web_app.router.add_post("/api/usage", usage_api.usage_handler(services))
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)
    return web_app
