"""What the weekly posts share: figures in words, and packing sections into messages that fit Slack (at most 50
blocks a message and 3,000 characters a section); what does not fit the first message continues in its thread."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from slack_sdk.models.blocks import Block

from bot.render.blocks import MESSAGE_BLOCKS, SECTION_TEXT, message, section

Rendered = list[Block]


def pct(value: float | None) -> str:
    return "no data" if value is None else f"{value:.0%}"


def points(change: float | None) -> str:
    """A change in a share, in percentage points: '▲ 5 pts', '▼ 3 pts', '= same'."""
    if change is None:
        return ""
    pp = round(change * 100)
    return "(= same as last week)" if pp == 0 else f"({'▲' if pp > 0 else '▼'} {abs(pp)} pts)"


def count_change(change: int | float | None) -> str:
    if change is None:
        return ""
    return "(= same)" if change == 0 else f"({'+' if change > 0 else '-'}{abs(change):g})"


def duration(value: timedelta | None) -> str:
    if value is None:
        return "no data"
    minutes = int(value.total_seconds() // 60)
    if minutes < 90:
        return f"{minutes} min"
    hours = minutes / 60
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"


def duration_change(change: timedelta | None) -> str:
    if change is None:
        return ""
    if abs(change.total_seconds()) < 60:
        return "(= same)"
    return f"({'slower' if change.total_seconds() > 0 else 'faster'} by {duration(abs(change))})"


def paragraphs(lines: Sequence[str]) -> Rendered:
    """Lines as sections of at most SECTION_TEXT characters, split between lines, never inside one."""
    blocks: Rendered = []
    chunk = ""
    for line in lines:
        if chunk and len(chunk) + 1 + len(line) > SECTION_TEXT:
            blocks.append(section(chunk))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line[:SECTION_TEXT]
    if chunk:
        blocks.append(section(chunk))
    return blocks


def pack(notification: str, sections: Sequence[Rendered]) -> list[dict[str, Any]]:
    """The sections as messages: the first holds what fits in 50 blocks; the rest follow as thread replies. A
    section is never split across messages unless it is itself longer than a message."""
    messages: list[Rendered] = [[]]
    for blocks in sections:
        if messages[-1] and len(messages[-1]) + len(blocks) > MESSAGE_BLOCKS:
            messages.append([])
        for block in blocks:
            if len(messages[-1]) == MESSAGE_BLOCKS:
                messages.append([])
            messages[-1].append(block)
    out = [message(notification, m) for m in messages if m]
    for i, m in enumerate(out[1:], start=2):
        m["text"] = f"{notification} (continued, part {i})"
    return out
