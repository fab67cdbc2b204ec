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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.standin.blockkit import check_blocks, check_view

METHODS_DIR = Path(__file__).resolve().parent / "methods"
TRIGGER_SECONDS = 3.0
RESPONSE_URL_USES = 5
MESSAGE_CHARS = 40_000


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


@dataclass
class Channel:
    id: str
    name: str
    member: bool = True
    archived: bool = False
    user: str | None = None  # for a DM: whose
    messages: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class User:
    id: str
    name: str
    email: str | None = None
    tz: str = "Europe/London"
    deleted: bool = False


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


class SlackError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error, self.extra = error, extra


class SlackStandIn:
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
        self.specs = load_specs()
        self.calls: list[Call] = []
        self.responses: list[tuple[str, dict[str, Any]]] = []  # (response_url id, body)
        self.ephemerals: list[dict[str, Any]] = []
        self.channels: dict[str, Channel] = {}
        self.users: dict[str, User] = {}
        self.homes: dict[str, dict[str, Any]] = {}
        self.views: dict[str, dict[str, Any]] = {}
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
        if token != self.token:
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

    # --- helpers for the methods ----------------------------------------------------------------------

    def _channel(self, channel_id: str) -> Channel:
        if channel_id.startswith(("U", "W")) and channel_id in self.users:
            return self.channels[self.dm_channel(channel_id)]
        if channel_id not in self.channels:
            raise SlackError("channel_not_found")
        return self.channels[channel_id]

    def _writable(self, channel_id: str) -> Channel:
        channel = self._channel(channel_id)
        if channel.archived:
            raise SlackError("is_archived")
        if not channel.member:
            raise SlackError("not_in_channel")
        return channel

    def _message_content(self, args: dict[str, Any], *, need_text: bool = True) -> dict[str, Any]:
        text = args.get("text") or ""
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            try:
                blocks = json.loads(blocks)
            except ValueError:
                raise SlackError("invalid_blocks_format") from None
        if need_text and not text and not blocks:
            raise SlackError("no_text")
        if len(text) > MESSAGE_CHARS:
            raise SlackError("msg_too_long")
        if blocks is not None:
            errors = check_blocks(blocks)
            if errors:
                raise SlackError(
                    "invalid_blocks", errors=errors, response_metadata={"messages": [f"[ERROR] {e}" for e in errors]}
                )
        return {"text": text, **({"blocks": blocks} if blocks is not None else {})}

    def _find(self, channel: Channel, ts: str) -> dict[str, Any]:
        for message in channel.messages:
            if message["ts"] == ts:
                return message
        raise SlackError("message_not_found")

    def _user(self, user_id: str | None) -> User:
        if not user_id or user_id not in self.users:
            raise SlackError("user_not_found")
        return self.users[user_id]

    def _user_json(self, user: User) -> dict[str, Any]:
        return {
            "id": user.id,
            "team_id": self.team_id,
            "name": user.name,
            "real_name": user.name,
            "deleted": user.deleted,
            "tz": user.tz,
            "is_bot": False,
            "profile": {"real_name": user.name, "display_name": user.name, "email": user.email},
        }

    # --- the methods ----------------------------------------------------------------------------------

    def _m_auth_test(self, args: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": "https://pilot.slack.com/",
            "team": "Pilot Hospital",
            "user": "pilotbot",
            "team_id": self.team_id,
            "user_id": self.bot_user,
            "bot_id": "B0PILOTBOT",
            "is_enterprise_install": False,
        }

    def _m_chat_postMessage(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable(args["channel"])
        content = self._message_content(args)
        thread_ts = args.get("thread_ts")
        if thread_ts:
            self._find(channel, thread_ts)
        ts = self.next_ts()
        message = {
            "type": "message",
            "subtype": "bot_message",
            "user": self.bot_user,
            "bot_id": "B0PILOTBOT",
            "ts": ts,
            **content,
            **({"thread_ts": thread_ts} if thread_ts else {}),
        }
        channel.messages.append(message)
        return {"channel": channel.id, "ts": ts, "message": message}

    def _m_chat_update(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable(args["channel"])
        message = self._find(channel, args["ts"])
        if message.get("bot_id") != "B0PILOTBOT":
            raise SlackError("cant_update_message")
        content = self._message_content(args, need_text=False)
        message.update({k: v for k, v in content.items() if v or k == "blocks"})
        message["edited"] = {"user": self.bot_user, "ts": self.next_ts()}
        return {"channel": channel.id, "ts": message["ts"], "text": message.get("text", ""), "message": message}

    def _m_chat_postEphemeral(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable(args["channel"])
        self._user(args["user"])
        content = self._message_content(args)
        ts = self.next_ts()
        self.ephemerals.append({"channel": channel.id, "user": args["user"], "ts": ts, **content})
        return {"message_ts": ts}

    def _m_chat_getPermalink(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        self._find(channel, args["message_ts"])
        stamp = args["message_ts"].replace(".", "")
        return {"channel": channel.id, "permalink": f"https://pilot.slack.com/archives/{channel.id}/p{stamp}"}

    def _m_chat_delete(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._writable(args["channel"])
        channel.messages.remove(self._find(channel, args["ts"]))
        return {"channel": channel.id, "ts": args["ts"]}

    def _m_conversations_replies(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        if not channel.member:
            raise SlackError("not_in_channel")
        target = self._find(channel, args["ts"])
        if target.get("thread_ts") and target["thread_ts"] != target["ts"]:
            return {"messages": [target], "has_more": False}
        replies = [m for m in channel.messages if m.get("thread_ts") == target["ts"] and m is not target]
        return {"messages": [target, *replies], "has_more": False}

    def _m_conversations_history(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        if not channel.member:
            raise SlackError("not_in_channel")
        latest, oldest = float(args.get("latest") or math.inf), float(args.get("oldest") or 0)
        inclusive = str(args.get("inclusive", "false")).lower() in ("1", "true")
        limit = int(args.get("limit") or 100)

        def keep(m: dict[str, Any]) -> bool:
            ts = float(m["ts"])
            return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

        found = [m for m in reversed(channel.messages) if keep(m) and m.get("thread_ts", m["ts"]) == m["ts"]]
        return {"messages": found[:limit], "has_more": len(found) > limit}

    def _m_conversations_open(self, args: dict[str, Any]) -> dict[str, Any]:
        users = [u for u in str(args.get("users") or "").split(",") if u]
        if not users:
            raise SlackError("users_list_not_supplied")
        self._user(users[0])
        return {"channel": {"id": self.dm_channel(users[0])}}

    def _m_conversations_info(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        return {
            "channel": {
                "id": channel.id,
                "name": channel.name,
                "is_member": channel.member,
                "is_archived": channel.archived,
                "is_im": channel.user is not None,
            }
        }

    def _m_conversations_members(self, args: dict[str, Any]) -> dict[str, Any]:
        self._channel(args["channel"])
        return {"members": sorted(self.users), "response_metadata": {"next_cursor": ""}}

    def _m_users_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"user": self._user_json(self._user(args["user"]))}

    def _m_users_lookupByEmail(self, args: dict[str, Any]) -> dict[str, Any]:
        email = str(args["email"]).lower()
        for user in self.users.values():
            if (user.email or "").lower() == email:
                return {"user": self._user_json(user)}
        raise SlackError("users_not_found")

    def _m_users_list(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"members": [self._user_json(u) for u in self.users.values()], "response_metadata": {"next_cursor": ""}}

    def _check_view(self, view: Any) -> dict[str, Any]:
        decoded = json.loads(view) if isinstance(view, str) else view
        errors = check_view(decoded)
        if errors:
            raise SlackError("invalid_arguments", response_metadata={"messages": [f"[ERROR] {e}" for e in errors]})
        if len(json.dumps(decoded)) > 250_000:
            raise SlackError("view_too_large")
        return decoded  # type: ignore[no-any-return]

    def _trigger(self, trigger: str | None) -> None:
        if not trigger:
            raise SlackError("invalid_trigger_id")
        issued = self._triggers.pop(trigger, None)
        if issued is None:
            raise SlackError("exchanged_trigger_id" if trigger.count(".") == 2 else "invalid_trigger_id")
        if time.monotonic() - issued > TRIGGER_SECONDS:
            raise SlackError("expired_trigger_id")

    def _m_views_open(self, args: dict[str, Any]) -> dict[str, Any]:
        self._trigger(args.get("trigger_id"))
        view = self._check_view(args["view"])
        view_id = f"V{next(self._ids):08d}"
        stored = {**view, "id": view_id, "hash": f"{next(self._ids)}.abc", "state": {"values": {}}}
        self.views[view_id] = stored
        return {"view": stored}

    def _m_views_push(self, args: dict[str, Any]) -> dict[str, Any]:
        return self._m_views_open(args)

    def _m_views_update(self, args: dict[str, Any]) -> dict[str, Any]:
        view_id = args.get("view_id")
        if view_id not in self.views:
            raise SlackError("not_found")
        self.views[view_id] = {**self._check_view(args["view"]), "id": view_id}
        return {"view": self.views[view_id]}

    def _m_views_publish(self, args: dict[str, Any]) -> dict[str, Any]:
        self._user(args["user_id"])
        view = self._check_view(args["view"])
        if view.get("type") != "home":
            raise SlackError("invalid_arguments")
        self.homes[args["user_id"]] = view
        return {"view": {**view, "id": f"V{next(self._ids):08d}"}}

    def _m_reactions_add(self, args: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel(args["channel"])
        message = self._find(channel, args["timestamp"])
        message.setdefault("reactions", []).append({"name": args["name"], "users": [self.bot_user]})
        return {}

    def _m_dnd_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"dnd_enabled": False, "snooze_enabled": False}

    def _m_team_info(self, args: dict[str, Any]) -> dict[str, Any]:
        return {"team": {"id": self.team_id, "name": "Pilot Hospital", "domain": "pilot"}}


def _seconds(value: float | None) -> str:
    """Retry-After as Slack sends it: whole seconds, at least 1."""
    return str(max(1, math.ceil(value or 1)))
