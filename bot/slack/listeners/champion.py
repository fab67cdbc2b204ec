"""Listeners for champion (wired; filled in with the feature)."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.tracker import Tracker


def register(app: AsyncApp, tracker: Tracker) -> None:
    return None
