"""SlackDriver: sends the app what Slack sends, signed exactly as Slack signs it.

Payloads start from the recorded shapes in payloads/*.json (every field Slack has been seen to send) and
are filled with the values of the moment: user, channel, a fresh trigger_id and response_url.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import itertools
import json
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from bot.standin.server import SlackStandIn

PAYLOADS = Path(__file__).resolve().parent / "payloads"


def template(name: str) -> dict[str, Any]:
    return json.loads((PAYLOADS / f"{name}.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """X-Slack-Signature: v0=HMAC-SHA256(secret, "v0:{timestamp}:{body}")."""
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackDriver:
    def __init__(
        self, app_url: str, signing_secret: str, standin: SlackStandIn, *, api_app_id: str = "A0PILOTBOT"
    ) -> None:
        self.url = app_url.rstrip("/") + "/slack/events"
        self.secret = signing_secret
        self.standin = standin
        self.api_app_id = api_app_id
        self.http = httpx.AsyncClient(timeout=30)
        self._events = itertools.count(1)

    async def close(self) -> None:
        await self.http.aclose()

    # --- raw ------------------------------------------------------------------------------------------

    async def send(
        self,
        body: bytes,
        content_type: str,
        *,
        timestamp: str | None = None,
        signature: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """POSTs a body signed as Slack would (or with the timestamp/signature given, to test forgeries)."""
        timestamp = timestamp or str(int(time.time()))
        signature = signature or sign(self.secret, timestamp, body)
        all_headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature,
            "User-Agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
            **(headers or {}),
        }
        return await self.http.post(self.url, content=body, headers=all_headers)

    async def send_form(self, fields: dict[str, Any], **kw: Any) -> httpx.Response:
        return await self.send(urlencode(fields).encode(), "application/x-www-form-urlencoded", **kw)

    async def send_interaction(self, payload: dict[str, Any], **kw: Any) -> httpx.Response:
        return await self.send_form({"payload": json.dumps(payload)}, **kw)

    async def send_event(self, body: dict[str, Any], **kw: Any) -> httpx.Response:
        return await self.send(json.dumps(body).encode(), "application/json", **kw)

    # --- what people do -------------------------------------------------------------------------------

    def _team(self) -> dict[str, str]:
        return {"id": self.standin.team_id, "domain": "pilot"}

    def _user(self, user: str) -> dict[str, str]:
        name = self.standin.users[user].name if user in self.standin.users else user.lower()
        return {"id": user, "username": name, "name": name, "team_id": self.standin.team_id}

    def command_fields(
        self, user: str, text: str, *, channel: str = "C0WARD007", command: str = "/report"
    ) -> dict[str, Any]:
        body = template("SlashCommandPayload")
        body.update(
            token="legacy-verification-token",
            api_app_id=self.api_app_id,
            team_id=self.standin.team_id,
            team_domain="pilot",
            channel_id=channel,
            channel_name=self._channel_name(channel),
            user_id=user,
            user_name=self._user(user)["name"],
            command=command,
            text=text,
            response_url=self.standin.issue_response_url(user),
            trigger_id=self.standin.issue_trigger(user),
        )
        for blank in ("enterprise_id", "enterprise_name"):
            body.pop(blank, None)
        body["is_enterprise_install"] = "false"
        return body

    async def command(self, user: str, text: str, **kw: Any) -> httpx.Response:
        return await self.send_form(self.command_fields(user, text, **kw))

    def _channel_name(self, channel: str) -> str:
        found = self.standin.channels.get(channel)
        return found.name if found else "directmessage"

    def block_action_payload(
        self,
        user: str,
        action: dict[str, Any],
        *,
        channel: str | None = None,
        message: dict[str, Any] | None = None,
        view: dict[str, Any] | None = None,
        container: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        body = template("BlockActionPayload")
        action_full = {"type": "button", "block_id": "b", "action_ts": f"{time.time():.6f}", **action}
        payload: dict[str, Any] = {
            "type": "block_actions",
            "team": self._team(),
            "user": self._user(user),
            "api_app_id": self.api_app_id,
            "token": "legacy-verification-token",
            "trigger_id": self.standin.issue_trigger(user),
            "response_url": self.standin.issue_response_url(user),
            "actions": [action_full],
            "is_enterprise_install": False,
            "enterprise": None,
            "container": container
            or {
                "type": "message",
                "message_ts": (message or {}).get("ts", ""),
                "channel_id": channel or "",
                "is_ephemeral": message is None,
            },
        }
        if channel:
            payload["channel"] = {"id": channel, "name": self._channel_name(channel)}
        if message is not None:
            payload["message"] = message
        if view is not None:
            payload["view"] = view
            payload["container"] = {"type": "view", "view_id": view.get("id", "")}
            payload.pop("response_url")
        assert set(payload) <= set(body) | {"enterprise"}, "payload drifted from Slack's recorded shape"
        return payload

    async def click(self, user: str, action: dict[str, Any], **kw: Any) -> httpx.Response:
        return await self.send_interaction(self.block_action_payload(user, action, **kw))

    def view_submission_payload(self, user: str, view: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        body = template("ViewSubmissionPayload")
        submitted = copy.deepcopy(view)
        submitted["state"] = {"values": values}
        payload = {
            "type": "view_submission",
            "team": self._team(),
            "user": self._user(user),
            "api_app_id": self.api_app_id,
            "token": "legacy-verification-token",
            "trigger_id": self.standin.issue_trigger(user),
            "view": submitted,
            "is_enterprise_install": False,
            "response_urls": [],
        }
        assert set(payload) - {"response_urls"} <= set(body), "payload drifted from Slack's recorded shape"
        return payload

    async def submit(self, user: str, view: dict[str, Any], values: dict[str, Any]) -> httpx.Response:
        return await self.send_interaction(self.view_submission_payload(user, view, values))

    def shortcut_payload(self, user: str, callback_id: str, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        body = template("MessageShortcutPayload")
        payload = {
            "type": "message_action",
            "callback_id": callback_id,
            "trigger_id": self.standin.issue_trigger(user),
            "message_ts": message["ts"],
            "response_url": self.standin.issue_response_url(user),
            "message": message,
            "team": self._team(),
            "user": self._user(user),
            "channel": {"id": channel, "name": self._channel_name(channel)},
            "token": "legacy-verification-token",
            "action_ts": f"{time.time():.6f}",
            "is_enterprise_install": False,
        }
        assert set(payload) <= set(body), "payload drifted from Slack's recorded shape"
        return payload

    async def shortcut(self, user: str, callback_id: str, channel: str, message: dict[str, Any]) -> httpx.Response:
        return await self.send_interaction(self.shortcut_payload(user, callback_id, channel, message))

    def event_body(self, event: dict[str, Any], *, event_id: str | None = None) -> dict[str, Any]:
        template_body = template("MessagePayload")
        body = {
            "token": "legacy-verification-token",
            "team_id": self.standin.team_id,
            "api_app_id": self.api_app_id,
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(self._events):010d}",
            "event_time": int(time.time()),
            "authorizations": [
                {
                    "enterprise_id": None,
                    "team_id": self.standin.team_id,
                    "user_id": self.standin.bot_user,
                    "is_bot": True,
                    "is_enterprise_install": False,
                }
            ],
            "is_ext_shared_channel": False,
            "event_context": "4-eyJldCI6Im1lc3NhZ2UifQ",
        }
        assert set(body) <= set(template_body), "payload drifted from Slack's recorded shape"
        return body

    async def event(
        self,
        event: dict[str, Any],
        *,
        event_id: str | None = None,
        retry: int | None = None,
        body: dict[str, Any] | None = None,
    ) -> httpx.Response:
        headers = {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"} if retry else None
        return await self.send_event(body or self.event_body(event, event_id=event_id), headers=headers)

    async def reaction(
        self, user: str, channel: str, ts: str, *, name: str = "ticket", event_id: str | None = None
    ) -> httpx.Response:
        item_user = next((m.get("user") for m in self.standin.messages(channel) if m["ts"] == ts), "")
        event = {
            "type": "reaction_added",
            "user": user,
            "item": {"type": "message", "channel": channel, "ts": ts},
            "reaction": name,
            "item_user": item_user,
            "event_ts": f"{time.time():.6f}",
        }
        return await self.event(event, event_id=event_id)

    async def direct_message(
        self, user: str, text: str, *, event_id: str | None = None, thread_ts: str | None = None
    ) -> httpx.Response:
        """Someone writes to the bot in its DM (in a thread of one of its messages, with `thread_ts`)."""
        channel = self.standin.dm_channel(user)
        ts = self.standin.post_as_user(channel, user, text, thread_ts=thread_ts)
        event = {
            "client_msg_id": f"c{ts}",
            "type": "message",
            "channel": channel,
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
            "channel_type": "im",
        }
        if thread_ts:
            event["thread_ts"] = thread_ts

        return await self.event(event, event_id=event_id)

    async def open_home(self, user: str) -> httpx.Response:
        event = {
            "type": "app_home_opened",
            "user": user,
            "channel": self.standin.dm_channel(user),
            "tab": "home",
            "event_ts": f"{time.time():.6f}",
        }
        return await self.event(event)
