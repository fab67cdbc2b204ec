"""The Web API methods the stand-in answers, over a small model of a workspace (channels, users, messages)."""

from __future__ import annotations

import itertools
import json
import math
import time
from dataclasses import dataclass, field
from typing import Any

from bot.standin.blockkit import check_blocks, check_view

TRIGGER_SECONDS = 3.0
MESSAGE_CHARS = 40_000


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


class SlackError(Exception):
    def __init__(self, error: str, **extra: Any) -> None:
        super().__init__(error)
        self.error, self.extra = error, extra


class WebApiMethods:
    """Handlers named _m_<method with dots as underscores>; each returns the fields of an ok:true answer."""

    team_id: str
    bot_user: str
    channels: dict[str, Channel]
    users: dict[str, User]
    homes: dict[str, dict[str, Any]]
    views: dict[str, dict[str, Any]]
    ephemerals: list[dict[str, Any]]
    root: str
    files: dict[str, dict[str, Any]]
    _triggers: dict[str, float]
    _ids: itertools.count[int]

    def next_ts(self) -> str:
        raise NotImplementedError

    def dm_channel(self, user: str) -> str:
        raise NotImplementedError

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

    @staticmethod
    def _metadata(args: dict[str, Any]) -> dict[str, Any] | None:
        """Message metadata as Slack takes it: an object (or its JSON) with event_type and event_payload."""
        raw = args.get("metadata")
        if raw is None:
            return None
        if isinstance(raw, str):
            try:
                raw = json.loads(raw)
            except ValueError:
                raise SlackError("invalid_metadata_format") from None
        if not isinstance(raw, dict) or not isinstance(raw.get("event_type"), str):
            raise SlackError("invalid_metadata_schema")
        if not isinstance(raw.get("event_payload"), dict):
            raise SlackError("invalid_metadata_schema")
        return raw

    @staticmethod
    def _visible(message: dict[str, Any], args: dict[str, Any]) -> dict[str, Any]:
        """A message as history returns it: metadata only when asked for with include_all_metadata."""
        if str(args.get("include_all_metadata", "false")).lower() in ("1", "true"):
            return message
        return {k: v for k, v in message.items() if k != "metadata"}

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
        metadata = self._metadata(args)
        ts = self.next_ts()
        message = {
            "type": "message",
            "subtype": "bot_message",
            "user": self.bot_user,
            "bot_id": "B0PILOTBOT",
            "ts": ts,
            **content,
            **({"thread_ts": thread_ts} if thread_ts else {}),
            **({"metadata": metadata} if metadata else {}),
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
            return {"messages": [self._visible(target, args)], "has_more": False}
        replies = [m for m in channel.messages if m.get("thread_ts") == target["ts"] and m is not target]
        return {"messages": [self._visible(m, args) for m in (target, *replies)], "has_more": False}

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
        return {"messages": [self._visible(m, args) for m in found[:limit]], "has_more": len(found) > limit}

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

    # --- files: Slack's external upload flow, as files_upload_v2 drives it ----------------------------------

    def _m_files_getUploadURLExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        length = int(args["length"])
        if length < 1:
            raise SlackError("invalid_arguments")
        file_id = f"F{next(self._ids):010d}"
        self.files[file_id] = {
            "id": file_id,
            "name": args["filename"],
            "length": length,
            "alt_txt": args.get("alt_txt"),
            "content": None,
            "shared": [],
        }
        return {"file_id": file_id, "upload_url": f"{self.root}/upload/{file_id}"}

    def _m_files_completeUploadExternal(self, args: dict[str, Any]) -> dict[str, Any]:
        listed = args["files"]
        if isinstance(listed, str):
            listed = json.loads(listed)
        done = []
        for item in listed:
            stored = self.files.get(item.get("id", ""))
            if stored is None or stored["content"] is None:
                raise SlackError("file_not_found" if stored is None else "file_upload_incomplete")
            if len(stored["content"]) != stored["length"]:
                raise SlackError("file_size_mismatch")
            stored["title"] = item.get("title") or stored["name"]
            done.append({"id": stored["id"], "title": stored["title"]})
        channel_id = args.get("channel_id")
        if channel_id:
            channel = self._writable(channel_id)
            thread_ts = args.get("thread_ts")
            if thread_ts:
                self._find(channel, thread_ts)
            ts = self.next_ts()
            channel.messages.append(
                {
                    "type": "message",
                    "subtype": "file_share",
                    "user": self.bot_user,
                    "bot_id": "B0PILOTBOT",
                    "ts": ts,
                    "text": args.get("initial_comment") or "",
                    "files": [{**d, "alt_txt": self.files[d["id"]]["alt_txt"]} for d in done],
                    **({"thread_ts": thread_ts} if thread_ts else {}),
                }
            )
            for d in done:
                self.files[d["id"]]["shared"].append((channel.id, ts))
        return {"files": done}

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
