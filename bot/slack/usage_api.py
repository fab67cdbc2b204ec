"""POST /api/usage: the piloted system sends its usage rows as JSON, with a bearer token (off without one)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.container import Services

MAX_BODY = 10 * 1024 * 1024  # documented in the README; bigger requests get 413


def usage_handler(services: Services) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        return web.json_response({"error": "not implemented"}, status=501)

    return handle
