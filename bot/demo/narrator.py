"""Prints what each audience sees, reading the Slack stand-in's record of calls since the last look."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from bot.render.text import render_message, render_view
from bot.standin.server import Call, SlackStandIn

WIDTH = 100


class Narrator:
    def __init__(self, slack: SlackStandIn, names: Callable[[str], str], out: TextIO = sys.stdout) -> None:
        self.slack, self.names, self.out = slack, names, out
        self._seen = 0
        self._chapter = 0

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def chapter(self, title: str) -> None:
        self._chapter += 1
        heading = f"━━ {self._chapter}. {title} "
        self.print()
        self.print(heading + "━" * max(0, WIDTH - len(heading)))

    def act(self, who: str, what: str) -> None:
        self.print(f"  {self.names(who)} {what}")

    def note(self, text: str) -> None:
        self.print(f"  · {text}")

    def block(self, title: str, lines: list[str]) -> None:
        self.print(f"\n  ▸ {title}")
        for line in lines:
            self.print(f"    ┃ {line}")

    def skip_seen(self) -> None:
        self._seen = len(self.slack.calls)

    def show_new(self) -> None:
        """Every message, ephemeral, form and Home tab delivered since the last look, by audience."""
        calls, self._seen = self.slack.calls[self._seen :], len(self.slack.calls)
        for call in calls:
            if call.status != 200 or not call.response.get("ok"):
                self.note(
                    f"Slack answered {call.method} with "
                    f"{call.status if call.status != 200 else call.response.get('error')}"
                    f"{' (the outbox will retry)' if call.status in (429, 500, 502, 503) else ''}"
                )
                continue
            self._show(call)

    def _show(self, call: Call) -> None:
        args = call.args
        if call.method == "chat.postMessage":
            self.block(
                f"{self._where(args['channel'])} sees{' (in the thread)' if args.get('thread_ts') else ''}:",
                render_message(_decoded(args), self.names),
            )
        elif call.method == "chat.update":
            self.block(
                f"{self._where(args['channel'])}: the message is updated in place:",
                render_message(_decoded(args), self.names),
            )
        elif call.method == "chat.postEphemeral":
            self.block(
                f"{self.names(args['user'])} sees, privately in #{self.names(args['channel'])}:",
                render_message(_decoded(args), self.names),
            )
        elif call.method == "response_url":
            verb = "sees the message replaced" if args.get("replace_original") else "sees, privately"
            self.block(f"{self.names(call.owner or '')} {verb}:", render_message(args, self.names))
        elif call.method in ("views.open", "views.push"):
            self.block(
                f"{self.names(call.owner or '')}'s screen shows a form:", render_view(call.response["view"], self.names)
            )
        elif call.method == "views.publish":
            self.block(f"{self.names(args['user_id'])}'s App Home:", render_view(_decoded_view(args), self.names))

    def _where(self, channel: str) -> str:
        if channel.startswith(("U", "W")):
            return f"{self.names(channel)} (DM with pilotbot)"
        found = self.slack.channels.get(channel)
        if found and found.user:
            return f"{self.names(found.user)} (DM with pilotbot)"
        return f"#{self.names(channel)}"


def _decoded(args: dict[str, Any]) -> dict[str, Any]:
    blocks = args.get("blocks")
    return {**args, "blocks": json.loads(blocks) if isinstance(blocks, str) else blocks}


def _decoded_view(args: dict[str, Any]) -> dict[str, Any]:
    view = args["view"]
    return json.loads(view) if isinstance(view, str) else view  # type: ignore[no-any-return]
