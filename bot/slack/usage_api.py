"""POST /api/usage: the piloted system sends its usage rows as JSON, with a bearer token (off without one).

    curl -X POST "$PILOTBOT_URL/api/usage" -H "Authorization: Bearer $PILOTBOT_API_TOKEN" \\
         -H "Content-Type: application/json" \\
         -d '[{"date": "2026-11-16", "slack_id": "U012ABCDEF", "email": "", "events": 12}]'

Answers: 200 {"stored": n}; 401 without the right token; 404 while PILOTBOT_API_TOKEN is unset (the endpoint is
off); 413 over MAX_BODY; 400 when the body is not a JSON array; 422 {"rejected": [{"index", "reason"}]} when any
element is wrong, and then nothing of the batch is stored. Bad input never gets a 5xx. The token is compared in
constant time and never logged; the log holds counts only.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.container import Services
from bot.domain.adoption import ItemRejection
from bot.render import copy_adoption as copy

log = logging.getLogger("pilotbot.usage_api")
# The largest body taken, in bytes: 10 MiB, about 150,000 rows. Bigger requests get 413; send a day (or a
# week) per request instead. Documented in the README.
MAX_BODY = 10 * 1024 * 1024
CHUNK = 64 * 1024


def _error(status: int, reason: str) -> web.Response:
    return web.json_response({"error": reason}, status=status)


def authorised(header: str, token: str) -> bool:
    """Whether the Authorization header carries the token, compared in constant time."""
    scheme, _, given = header.partition(" ")
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())


async def _body(request: web.Request) -> bytes | None:
    """The body, read in chunks up to MAX_BODY; None when it is bigger (whatever Content-Length claimed)."""
    if (request.content_length or 0) > MAX_BODY:
        return None
    body = bytearray()
    async for chunk in request.content.iter_chunked(CHUNK):
        body += chunk
        if len(body) > MAX_BODY:
            return None
    return bytes(body)


def _decode(body: bytes) -> list[object] | web.Response:
    """The JSON array, or the 400 to answer."""
    try:
        items: object = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, digits past Python's limit, nested too deep
        return _error(400, copy.API_NOT_JSON)
    return items if isinstance(items, list) else _error(400, copy.API_NOT_ARRAY)


def usage_handler(services: Services) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handle(request: web.Request) -> web.StreamResponse:
        secret = services.settings.pilotbot_api_token
        if secret is None:
            return _error(404, copy.API_OFF)
        if not authorised(request.headers.get("Authorization", ""), secret.get_secret_value()):
            log.warning("usage api: refused a request without the right token")
            return _error(401, copy.API_AUTH)
        body = await _body(request)
        if body is None:
            return _error(413, copy.API_TOO_LARGE.format(limit=MAX_BODY))
        items = await asyncio.to_thread(_decode, body)  # 10 MiB of JSON is ~0.1 s: not on the event loop
        if isinstance(items, web.Response):
            return items
        result = await asyncio.to_thread(services.usage.import_items, items, actor="api")
        if result.refused:
            rejected = [{"index": r.index, "reason": r.reason} for r in result.rejected if isinstance(r, ItemRejection)]
            return web.json_response({"rejected": rejected}, status=422)
        return web.json_response({"stored": result.stored})

    return handle
