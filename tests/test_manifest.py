"""The app manifest creates exactly what the app listens for."""

from __future__ import annotations

import json
from pathlib import Path

from bot.ids import Callback, Command

MANIFEST = json.loads((Path(__file__).parent.parent / "slack-manifest.json").read_text(encoding="utf-8"))


def test_the_manifest_declares_the_command_shortcut_and_events_the_app_handles() -> None:
    features, settings = MANIFEST["features"], MANIFEST["settings"]
    assert [c["command"] for c in features["slash_commands"]] == [c.value for c in Command]
    assert [(s["type"], s["callback_id"]) for s in features["shortcuts"]] == [
        ("message", Callback.REPORT_MESSAGE.value)
    ]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "message.im", "reaction_added"}
    assert settings["interactivity"]["is_enabled"] is True
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]


def test_every_url_points_at_the_single_bolt_endpoint() -> None:
    urls = [c["url"] for c in MANIFEST["features"]["slash_commands"]]
    urls += [
        MANIFEST["settings"]["event_subscriptions"]["request_url"],
        MANIFEST["settings"]["interactivity"]["request_url"],
    ]
    assert all(url.endswith("/slack/events") for url in urls)


def test_the_scopes_are_the_least_the_features_need() -> None:
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == {
        "commands",
        "chat:write",
        "files:write",  # the weekly charts
        "im:history",
        "im:write",  # to find a DM again after a crash, before sending it twice
        "reactions:read",
        "channels:history",
        "groups:history",
        "users:read",
        "users:read.email",
    }
