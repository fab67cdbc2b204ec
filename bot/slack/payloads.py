"""The edge: every Slack payload is checked for the shape pilotbot relies on before any listener sees it.

Slack's published payload shapes (bot/standin/payloads) say what each request carries. A signed payload that
lacks what a listener needs (no user, an action without an id, a view that is a string) is answered 200 and
logged by type, so Slack does not retry it and nothing is stored or queued for it. `problem(body)` is pure.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_USER = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL = re.compile(r"^[CDGU][A-Z0-9]{2,}$")

Check = Callable[[dict[str, Any]], str | None]


def _text(value: object) -> bool:
    return isinstance(value, str)


def _nonempty(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _user_id(value: object) -> bool:
    return isinstance(value, str) and bool(_USER.match(value))


def _channel_id(value: object) -> bool:
    return isinstance(value, str) and bool(_CHANNEL.match(value))


def _optional(body: dict[str, Any], key: str, test: Callable[[object], bool]) -> bool:
    return key not in body or body[key] is None or test(body[key])


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _interaction_user(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if not isinstance(user, dict) or not _user_id(user.get("id")):
        return "no user id"
    return None


def _command(body: dict[str, Any]) -> str | None:
    if not _nonempty(body.get("command")) or not str(body["command"]).startswith("/"):
        return "no command"
    if not _user_id(body.get("user_id")):
        return "no user id"
    if not _channel_id(body.get("channel_id")):
        return "no channel id"
    for key in ("text", "trigger_id", "response_url"):
        if not _optional(body, key, _text):
            return f"{key} is not text"
    return None


def _block_actions(body: dict[str, Any]) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "no actions"
    for action in actions:
        if not isinstance(action, dict) or not _nonempty(action.get("action_id")):
            return "an action without an action_id"
        if not _optional(action, "block_id", _text) or not _optional(action, "value", _text):
            return "an action's block_id or value is not text"
        option = action.get("selected_option")
        if option is not None and not _text(_dict(option).get("value")):
            return "a selected option without a value"
    for key in ("channel", "container", "message", "view", "state"):
        if key in body and body[key] is not None and not isinstance(body[key], dict):
            return f"{key} is not an object"
    if "view" in body and isinstance(body["view"], dict) and not _view_ok(body["view"], submitted=False):
        return "a malformed view"
    return _optional_text(body, "trigger_id", "response_url")


def _view_ok(view: dict[str, Any], *, submitted: bool) -> bool:
    if not _nonempty(view.get("id")) or not _text(view.get("callback_id", "")):
        return False
    if not _optional(view, "private_metadata", _text):
        return False
    if "blocks" in view and not isinstance(view["blocks"], list):
        return False
    state = view.get("state")
    if not submitted and state is None:
        return True
    values = _dict(state).get("values")
    if not isinstance(values, dict):
        return False
    return all(
        isinstance(block, dict) and all(isinstance(v, dict) for v in block.values()) for block in values.values()
    )


def _view(body: dict[str, Any], *, submitted: bool) -> str | None:
    view = body.get("view")
    if not isinstance(view, dict):
        return "view is not an object"
    if not _view_ok(view, submitted=submitted):
        return "a malformed view"
    return _optional_text(body, "trigger_id")


def _shortcut(body: dict[str, Any]) -> str | None:
    if not _nonempty(body.get("callback_id")) or not _nonempty(body.get("trigger_id")):
        return "no callback_id or trigger_id"
    if body.get("type") == "message_action":
        channel, message = body.get("channel"), body.get("message")
        if not isinstance(channel, dict) or not _channel_id(channel.get("id")):
            return "no channel id"
        if not isinstance(message, dict) or not _nonempty(message.get("ts")) or not _optional(message, "text", _text):
            return "a malformed message"
    return _optional_text(body, "response_url")


def _suggestion(body: dict[str, Any]) -> str | None:
    if not _nonempty(body.get("action_id")) or not _text(body.get("value")):
        return "no action_id or value"
    return None


def _optional_text(body: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        if not _optional(body, key, _text):
            return f"{key} is not text"
    return None


def _event(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    if not isinstance(event, dict) or not _nonempty(event.get("type")):
        return "no event"
    if not _optional(body, "event_id", _text):
        return "event_id is not text"
    check = _EVENTS.get(str(event["type"]))
    return check(event) if check else None


def _message_event(event: dict[str, Any]) -> str | None:
    if not _channel_id(event.get("channel")) or not _nonempty(event.get("ts")):
        return "a message without a channel or ts"
    if event.get("bot_id") or event.get("subtype"):
        return None  # bots and edits are ignored downstream; they need no user
    if not _user_id(event.get("user")):
        return "a message without a user"
    for key in ("text", "thread_ts", "channel_type"):
        if not _optional(event, key, _text):
            return f"{key} is not text"
    return None


def _reaction_event(event: dict[str, Any]) -> str | None:
    item = event.get("item")
    if not _user_id(event.get("user")) or not _nonempty(event.get("reaction")):
        return "a reaction without a user or a name"
    if not isinstance(item, dict) or not _channel_id(item.get("channel")) or not _nonempty(item.get("ts")):
        return "a reaction without an item"
    return _optional_text(event, "item_user")


def _user_event(event: dict[str, Any]) -> str | None:
    return None if _user_id(event.get("user")) else "an event without a user"


_EVENTS: dict[str, Check] = {
    "message": _message_event,
    "app_mention": _message_event,
    "reaction_added": _reaction_event,
    "app_home_opened": _user_event,
}

_INTERACTIONS: dict[str, Check] = {
    "block_actions": _block_actions,
    "view_submission": lambda body: _view(body, submitted=True),
    "view_closed": lambda body: _view(body, submitted=False),
    "shortcut": _shortcut,
    "message_action": _shortcut,
    "block_suggestion": _suggestion,
}


def kind(body: object) -> str:
    """What a payload says it is, for a log line: 'block_actions', 'command /report', 'event message'."""
    if not isinstance(body, dict):
        return "not an object"
    if body.get("command"):
        return f"command {str(body['command'])[:20]}"
    if body.get("type") == "event_callback":
        return f"event {str(_dict(body.get('event')).get('type'))[:30]}"
    return str(body.get("type") or "unknown")[:30]


def problem(body: object) -> str | None:
    """Why a payload cannot be handled, in a few words; None when it has what pilotbot relies on."""
    if not isinstance(body, dict):
        return "not an object"
    if "command" in body:
        return _command(body)
    kind_ = body.get("type")
    if kind_ == "event_callback":
        return _event(body)
    if kind_ in ("url_verification", "app_rate_limited"):
        return None
    check = _INTERACTIONS.get(str(kind_))
    if check is None:
        return None  # a type pilotbot does not listen to: Bolt answers it without touching anything
    return _interaction_user(body) or check(body)
