"""Addressing outgoing messages: a channel, a person's DM, an ephemeral, or an interaction's response_url."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.outbox import FILE_UPLOAD, RESPONSE_URL, Outgoing


@dataclass(frozen=True)
class ReplyTo:
    """Where the person who acted hears back: the interaction's response_url, an ephemeral, or a DM."""

    slack_id: str
    response_url: str | None = None
    channel: str | None = None  # where they acted (a ward channel gives a default ward)
    ephemeral: bool = False  # answer with an ephemeral in `channel` (reactions have no response_url)


def to_channel(
    key: str,
    channel: str,
    message: dict[str, Any],
    *,
    purpose: str,
    thread_of: int | None = None,
    broadcast: bool = False,
) -> Outgoing:
    """A post in a channel; `thread_of` threads it under an earlier outbox message once that is delivered,
    and `broadcast` shows that thread reply in the channel too."""
    payload = {"channel": channel, **message, "unfurl_links": False}
    if broadcast:
        payload["reply_broadcast"] = True
    if thread_of is None:
        return Outgoing(key, "chat.postMessage", payload, purpose)
    return Outgoing(
        key, "chat.postMessage", payload, purpose, depends_on=thread_of, fill={"thread_ts": "ts", "channel": "channel"}
    )


def to_person(
    key: str, slack_id: str, message: dict[str, Any], *, purpose: str, not_before: datetime | None = None
) -> Outgoing:
    """A direct message from the bot (Slack opens the app's DM when the channel is a user ID)."""
    payload = {"channel": slack_id, **message, "unfurl_links": False}
    return Outgoing(key, "chat.postMessage", payload, purpose, not_before=not_before)


def ephemeral(key: str, channel: str, slack_id: str, message: dict[str, Any], *, purpose: str) -> Outgoing:
    return Outgoing(key, "chat.postEphemeral", {"channel": channel, "user": slack_id, **message}, purpose)


def reply(key: str, to: ReplyTo, message: dict[str, Any], *, purpose: str, replace: bool = False) -> Outgoing:
    """Answers the person where they acted; by DM when there is nowhere else, or when the response_url expired."""
    if to.response_url:
        payload = {
            "url": to.response_url,
            "response_type": "ephemeral",
            "replace_original": replace,
            **message,
            "fallback_channel": to.slack_id,
        }
        return Outgoing(key, RESPONSE_URL, payload, purpose)
    if to.ephemeral and to.channel:
        return ephemeral(key, to.channel, to.slack_id, message, purpose=purpose)
    return to_person(key, to.slack_id, message, purpose=purpose)


def update(key: str, parent: int, message: dict[str, Any], *, purpose: str, coalesce: str) -> Outgoing:
    """Rewrites an earlier message in place once it is delivered; only the newest pending rewrite is sent."""
    return Outgoing(
        key,
        "chat.update",
        {"channel": "", "ts": "", **message},
        purpose,
        depends_on=parent,
        fill={"channel": "channel", "ts": "ts"},
        coalesce=coalesce,
    )


def upload(
    key: str,
    channel: str,
    png: bytes,
    *,
    filename: str,
    title: str,
    alt_text: str,
    purpose: str,
    thread_of: int | None = None,
) -> Outgoing:
    """A PNG shared in a channel (in the thread of an earlier outbox message once that is delivered), the way
    files_upload_v2 does it: files.getUploadURLExternal, the bytes to the URL, files.completeUploadExternal."""
    payload = {
        "channel_id": channel,
        "filename": filename,
        "title": title,
        "alt_txt": alt_text[:1000],
        "png_base64": base64.b64encode(png).decode("ascii"),
    }
    if thread_of is None:
        return Outgoing(key, FILE_UPLOAD, payload, purpose)
    return Outgoing(key, FILE_UPLOAD, payload, purpose, depends_on=thread_of, fill={"thread_ts": "ts"})
