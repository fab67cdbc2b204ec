"""SlackStandIn: the Slack Web API on 127.0.0.1, strict about arguments and limits, faulty on demand."""

from __future__ import annotations

import asyncio
import itertools
import json
import math
import random
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from bot.standin.blockkit import check_blocks
from bot.standin.methods import Channel, SlackError, User, WebApiMethods

METHODS_DIR = Path(__file__).resolve().parent / "methods"
RESPONSE_URL_USES = 5


def load_specs() -> dict[str, dict[str, Any]]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in METHODS_DIR.glob("*.json")}


@dataclass
class Call:
    method: str
    args: dict[str, Any]
    status: int
    response: dict[str, Any]
    owner: str | None = None  # whose trigger_id or response_url this used


@dataclass
class Fault:
    status: int = 200
    error: str | None = None
    retry_after: float | None = None
    delay: float = 0.0


class _Bucket:
    """A per-method cap in messages per minute, on a clock that may run `scale` times faster than real."""

    def __init__(self, per_minute: float, scale: float) -> None:
        self.rate = per_minute / 60.0
        self.scale = scale
        self.capacity = max(1.0, self.rate)  # a second's worth of burst, as Slack allows short bursts
        self.tokens = self.capacity
        self.at = time.monotonic() * scale

    def take(self) -> float:
        """0 when allowed now, else the scaled seconds to wait."""
        now = time.monotonic() * self.scale
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class SlackStandIn(WebApiMethods):
    """Serves /api/<method> and /respond/<id> (response_url). Records every call."""

    def __init__(
        self,
        *,
        token: str = "xoxb-standin-token",
        team_id: str = "T0PILOT01",
        bot_user: str = "U0PILOTBOT",
        seed: int = 0,
        any_response_url: bool = False,
    ) -> None:
        self.token, self.team_id, self.bot_user = token, team_id, bot_user
        self.any_response_url = any_response_url  # benchmarks mint response URLs in another process
        self.app_token = "xapp-1-standin-app-token"
        self._sockets: list[web.WebSocketResponse] = []
        self._acks: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.specs = load_specs()
        self.calls: list[Call] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []  # (response_url id, body)
        self.ephemerals: list[dict[str, Any]] = []
        self.channels: dict[str, Channel] = {}
        self.users: dict[str, User] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
        self.files: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._chaos: dict[str, tuple[float, float, float]] = {}
        self._buckets: dict[str, _Bucket] = {}
        self._triggers: dict[str, float] = {}
        self._response_urls: dict[str, int] = {}
        self._owners: dict[str, str] = {}
        self._rng = random.Random(seed)
        self._ts = itertools.count(1)
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.root = ""
        self.on_call: Callable[[Call], None] | None = None

    # --- lifecycle ------------------------------------------------------------------------------------

    async def start(self, port: int = 0) -> str:
        app = web.Application(client_max_size=5 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/respond/{rid}", self._respond)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        actual = self._runner.addresses[0][1]
        self.root = f"http://127.0.0.1:{actual}"
        self.base_url = f"{self.root}/api/"
        return self.base_url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _upload(self, request: web.Request) -> web.Response:
        """The upload URL: takes the file's bytes, as a raw body or a multipart field, once."""
        stored = self.files.get(request.match_info["file_id"])
        if stored is None:
            return web.Response(status=404, text="no such upload")
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            part = await reader.next()
            content = await part.read() if part is not None else b""  # type: ignore[union-attr]
        else:
            content = await request.read()
        stored["content"] = bytes(content)
        self.calls.append(Call("upload", {"file_id": stored["id"], "bytes": len(content)}, 200, {"ok": True}))
        return web.Response(status=200, text="OK - " + str(len(content)))

    # --- the workspace --------------------------------------------------------------------------------

    def add_channel(self, channel_id: str, name: str, *, member: bool = True, archived: bool = False) -> Channel:
        self.channels[channel_id] = Channel(channel_id, name, member=member, archived=archived)
        return self.channels[channel_id]

    def add_user(self, user_id: str, name: str, email: str | None = None) -> User:
        self.users[user_id] = User(user_id, name, email)
        return self.users[user_id]

    def next_ts(self) -> str:
        return f"{1763700000 + next(self._ts)}.{next(self._ids) % 1_000_000:06d}"

    def post_as_user(self, channel: str, user: str, text: str, *, thread_ts: str | None = None) -> str:
        """A person's message in a channel (for reactions, shortcuts and the like to refer to)."""
        ts = self.next_ts()
        message = {"type": "message", "user": user, "text": text, "ts": ts}
        if thread_ts:
            message["thread_ts"] = thread_ts
        self._channel(channel).messages.append(message)
        return ts

    def dm_channel(self, user: str) -> str:
        for ch in self.channels.values():
            if ch.user == user:
                return ch.id
        channel_id = f"D{next(self._ids):08d}"
        self.channels[channel_id] = Channel(channel_id, f"dm-{user}", user=user)
        return channel_id

    def issue_trigger(self, owner: str | None = None) -> str:
        """A trigger_id as Slack would put in an interaction; good once, for three seconds."""
        trigger = f"{next(self._ids)}.{self._rng.randrange(10**9)}.{self._rng.getrandbits(64):016x}"
        self._triggers[trigger] = time.monotonic()
        if owner:
            self._owners[trigger] = owner
        return trigger

    def issue_response_url(self, owner: str | None = None) -> str:
        rid = f"{next(self._ids)}{self._rng.getrandbits(32):08x}"
        self._response_urls[rid] = 0
        if owner:
            self._owners[rid] = owner
        return f"{self.root}/respond/{rid}"

    # --- faults ---------------------------------------------------------------------------------------

    def fail(
        self,
        method: str,
        *,
        status: int = 200,
        error: str | None = None,
        retry_after: float | None = None,
        delay: float = 0.0,
        times: int = 1,
    ) -> None:
        """The next `times` calls to `method` fail this way (status 429/5xx, or ok:false with `error`)."""
        for _ in range(times):
            self._faults[method].append(Fault(status, error, retry_after, delay))

    def chaos(
        self, method: str, *, rate_limited: float = 0.0, server_error: float = 0.0, retry_after: float = 1.0
    ) -> None:
        """A share of calls to `method` get 429 (with Retry-After) or 500, at random (seeded)."""
        self._chaos[method] = (rate_limited, server_error, retry_after)

    def rate_limit(self, method: str, per_minute: float, *, time_scale: float = 1.0) -> None:
        """Caps `method` at `per_minute` calls per (scaled) minute; over the cap Slack answers 429."""
        self._buckets[method] = _Bucket(per_minute, time_scale)

    # --- reading what happened ------------------------------------------------------------------------

    def calls_to(self, method: str, *, ok: bool | None = None) -> list[Call]:
        return [c for c in self.calls if c.method == method and (ok is None or c.response.get("ok") == ok)]

    def messages(self, channel: str) -> list[dict[str, Any]]:
        return list(self._channel(channel).messages)

    def dms(self, user: str) -> list[dict[str, Any]]:
        return self.messages(self.dm_channel(user))

    # --- HTTP -----------------------------------------------------------------------------------------

    async def _args(self, request: web.Request) -> dict[str, Any]:
        args: dict[str, Any] = dict(request.query)
        if request.method == "POST":
            if request.content_type == "application/json":
                body = await request.json()
                args.update(body if isinstance(body, dict) else {})
            else:
                args.update(dict(await request.post()))
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Bearer "):
            args.setdefault("token", auth.removeprefix("Bearer "))
        return args

    async def _api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        args = await self._args(request)
        status, body, headers = await self._handle(method, args)
        owner = self._owners.get(str(args.get("trigger_id")))
        call = Call(method, {k: v for k, v in args.items() if k != "token"}, status, body, owner)
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        if status >= 500:
            return web.Response(status=status, text="upstream trouble", headers=headers)
        return web.json_response(body, status=status, headers=headers)

    async def _handle(self, method: str, args: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, str]]:
        fault = self._fault(method)
        if fault is not None:
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.status == 429:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": _seconds(fault.retry_after)}
            if fault.status >= 500:
                return fault.status, {}, {}
            if fault.error:
                return 200, {"ok": False, "error": fault.error}, {}
        if method in self._buckets:
            wait = self._buckets[method].take()
            if wait > 0:
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": _seconds(wait)}
        spec = self.specs.get(method)
        if spec is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        token = args.get("token")
        if not token:
            return 200, {"ok": False, "error": "not_authed"}, {}
        if token != (self.app_token if method == "apps.connections.open" else self.token):
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        missing = [a for a in spec.get("args", {}).get("required", []) if a != "token" and args.get(a) in (None, "")]
        if missing:
            messages = [f"[ERROR] missing required field: {a}" for a in missing]
            return 200, {"ok": False, "error": "invalid_arguments", "response_metadata": {"messages": messages}}, {}
        handler = getattr(self, "_m_" + method.replace(".", "_"), None)
        try:
            result = handler(args) if handler else {}
        except SlackError as exc:
            return 200, {"ok": False, "error": exc.error, **exc.extra}, {}
        return 200, {"ok": True, **result}, {}

    def _fault(self, method: str) -> Fault | None:
        if self._faults[method]:
            return self._faults[method].popleft()
        if method in self._chaos:
            limited, server, retry_after = self._chaos[method]
            roll = self._rng.random()
            if roll < limited:
                return Fault(429, retry_after=retry_after)
            if roll < limited + server:
                return Fault(500)
        return None

    async def _respond(self, request: web.Request) -> web.StreamResponse:
        rid = request.match_info["rid"]
        fault = self._fault("response_url")
        if fault is not None and fault.status != 200:
            return web.Response(status=fault.status, text="no")
        if self.any_response_url:
            self._response_urls.setdefault(rid, 0)
        if rid not in self._response_urls:
            return web.Response(status=404, text="no_such_url")
        if self._response_urls[rid] >= RESPONSE_URL_USES:
            return web.Response(status=404, text="used_url")
        self._response_urls[rid] += 1
        try:
            body = await request.json()
        except ValueError:
            return web.Response(status=400, text="invalid_payload")
        errors = check_blocks(body["blocks"]) if "blocks" in body else []
        if errors or not (body.get("text") or body.get("blocks")):
            return web.Response(status=400, text="invalid_blocks" if errors else "no_text")
        self.responses.append((rid, body))
        self.calls.append(Call("response_url", body, 200, {"ok": True}, self._owners.get(rid)))
        return web.Response(status=200, text="ok")

    # --- Socket Mode ----------------------------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": len(self._sockets),
                "connection_info": {"app_id": "A0PILOTBOT"},
                "debug_info": {"host": "standin"},
            }
        )
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                waiting = self._acks.pop(str(data.get("envelope_id")), None)
                if waiting is not None and not waiting.done():
                    waiting.set_result(data)
        self._sockets.remove(ws)
        return ws

    @property
    def socket_connected(self) -> bool:
        return bool(self._sockets)

    async def push(self, kind: str, payload: dict[str, Any], *, timeout: float = 5.0) -> dict[str, Any]:
        """Sends an envelope over Socket Mode (slash_commands, interactive, events_api); returns the app's ack."""
        envelope_id = f"{next(self._ids)}-{self._rng.getrandbits(32):08x}"
        waiting: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._acks[envelope_id] = waiting
        await self._sockets[-1].send_json(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return await asyncio.wait_for(waiting, timeout)

    def _m_apps_connections_open(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"url": self.root.replace("http://", "ws://") + "/link"}


def _seconds(value: float | None) -> str:
    """Retry-After as Slack sends it: whole seconds, at least 1."""
    return str(max(1, math.ceil(value or 1)))
