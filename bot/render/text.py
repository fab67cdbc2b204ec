"""Block Kit as a person would read it, in plain text: for the demo's printout."""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from typing import Any

Names = Callable[[str], str]


def _mrkdwn(text: str, names: Names) -> str:
    text = re.sub(r"<@([UW][A-Z0-9]+)>", lambda m: "@" + names(m.group(1)), text)
    text = re.sub(r"<#([CGD][A-Z0-9]+)(?:\|[^>]*)?>", lambda m: "#" + names(m.group(1)), text)
    text = re.sub(r"<!date\^\d+\^[^|]*\|([^>]*)>", r"\1", text)
    text = re.sub(r"<(https?://[^|>]+)\|([^>]+)>", r"\2 (\1)", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _element(el: Mapping[str, Any]) -> str:
    kind = el.get("type")
    label = (el.get("text") or el.get("placeholder") or {}).get("text", "")
    if kind == "button":
        return f"[{label}]"
    if kind == "overflow":
        return "[⋯ more]"
    if kind == "static_select":
        chosen = (el.get("initial_option") or {}).get("text", {}).get("text")
        return f"[{chosen or label} ▾]"
    if kind == "radio_buttons":
        chosen = (el.get("initial_option") or {}).get("value")
        return "  ".join(("(•) " if o["value"] == chosen else "( ) ") + o["text"]["text"] for o in el["options"])
    if kind == "plain_text_input":
        value = el.get("initial_value") or ""
        return f"[{textwrap.shorten(value, 60) if value else '______'}]"
    return f"[{kind}]"


def render_blocks(blocks: list[dict[str, Any]], names: Names, width: int = 96) -> list[str]:
    """One list of lines per message or view."""
    lines: list[str] = []
    for block in blocks:
        kind = block.get("type")
        if kind == "header":
            lines.append(block["text"]["text"].upper())
        elif kind == "section":
            if block.get("text"):
                for para in _mrkdwn(block["text"]["text"], names).split("\n"):
                    lines += textwrap.wrap(para, width) or [""]
            if block.get("fields"):
                cells = [_mrkdwn(f["text"], names).replace("\n", ": ", 1) for f in block["fields"]]
                lines += textwrap.wrap("   ".join(cells), width)
            if block.get("accessory"):
                lines.append("  " + _element(block["accessory"]))
        elif kind == "context":
            text = " · ".join(_mrkdwn(e.get("text", ""), names) for e in block["elements"])
            lines += ["  " + line for line in textwrap.wrap(text, width - 2)]
        elif kind == "actions":
            lines.append("  " + " ".join(_element(e) for e in block["elements"]))
        elif kind == "input":
            optional = " (optional)" if block.get("optional") else ""
            lines.append(f"{block['label']['text']}{optional}: {_element(block['element'])}")
        elif kind == "divider":
            lines.append("─" * 20)
    return lines


def render_message(message: Mapping[str, Any], names: Names) -> list[str]:
    if message.get("blocks"):
        return render_blocks(message["blocks"], names)
    return textwrap.wrap(_mrkdwn(message.get("text", ""), names), 96)


def render_view(view: Mapping[str, Any], names: Names) -> list[str]:
    title = view.get("title", {}).get("text", "")
    lines = [f"┌ {title} ┐"] if title else []
    lines += render_blocks(view.get("blocks", []), names)
    if view.get("submit"):
        lines.append(f"  [{view['close']['text']}]  [{view['submit']['text']}]")
    return lines
