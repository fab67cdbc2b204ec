"""App Home: each person's own reports and where each stands."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.reports import Report, excerpt
from bot.render import copy
from bot.render.blocks import VIEW_BLOCKS, actions, button, divider, escape, header, section
from bot.slack.ids import Action


def my_reports(reports: Sequence[Report]) -> list[Block]:
    blocks: list[Block] = [
        header(copy.HOME_TITLE),
        actions("home_actions", button(copy.HOME_NEW, Action.HOME_NEW_REPORT, style="primary")),
    ]
    if not reports:
        return [*blocks, section(copy.HOME_EMPTY)]
    for report in reports:
        status = copy.STATUS.get(report.status, report.status.replace("_", " "))
        blocks.append(divider())
        blocks.append(
            section(
                copy.HOME_LINE.format(
                    ref=report.ref,
                    severity=copy.SEVERITY_PLAIN[report.severity],
                    status=status,
                    text=escape(excerpt(report.text, 600)[0]),
                )
            )
        )
    return blocks


def home(blocks: Sequence[Block]) -> dict[str, Any]:
    """A Home tab of at most 100 blocks."""
    kept = list(blocks)[:VIEW_BLOCKS]
    return View(type="home", blocks=kept).to_dict()
