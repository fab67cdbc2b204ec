"""Block Kit limits, checked the way Slack checks them, with JSON-pointer error messages."""

from __future__ import annotations

import json
from typing import Any

BLOCK_TYPES = {
    "section",
    "divider",
    "header",
    "context",
    "actions",
    "input",
    "image",
    "rich_text",
    "markdown",
    "video",
    "file",
    "table",
    "context_actions",
}
TEXT_TYPES = {"plain_text", "mrkdwn"}


class _Checker:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, message: str, pointer: str) -> None:
        self.errors.append(f"{message} [json-pointer:{pointer}]")

    def text(self, obj: Any, pointer: str, limit: int, *, plain_only: bool = False) -> None:
        if not isinstance(obj, dict) or obj.get("type") not in TEXT_TYPES:
            self.fail("must provide a text object of type plain_text or mrkdwn", pointer)
            return
        if plain_only and obj["type"] != "plain_text":
            self.fail("must be a plain_text object", f"{pointer}/type")
        text = obj.get("text")
        if not isinstance(text, str) or not text.strip():  # Slack trims before it counts
            self.fail("must be more than 0 characters", f"{pointer}/text")
        elif len(text) > limit:
            self.fail(f"must be less than {limit + 1} characters", f"{pointer}/text")

    def element(self, el: Any, pointer: str, action_ids: set[str]) -> None:
        if not isinstance(el, dict):
            self.fail("must be an object", pointer)
            return
        action_id = el.get("action_id")
        if action_id is not None:
            if len(action_id) > 255:
                self.fail("must be less than 256 characters", f"{pointer}/action_id")
            if action_id in action_ids:
                self.fail("action_id must be unique within a block", f"{pointer}/action_id")
            action_ids.add(action_id)
        kind = el.get("type")
        if kind == "button":
            self.text(el.get("text"), f"{pointer}/text", 75, plain_only=True)
            if len(el.get("value") or "") > 2000:
                self.fail("must be less than 2001 characters", f"{pointer}/value")
        if kind in ("static_select", "radio_buttons", "checkboxes", "overflow", "multi_static_select"):
            options = el.get("options") or []
            cap = {"overflow": 5, "radio_buttons": 10, "checkboxes": 10}.get(kind, 100)
            if not options and not el.get("option_groups"):
                self.fail("must provide options", f"{pointer}/options")
            if len(options) > cap:
                self.fail(f"must be no more than {cap} items", f"{pointer}/options")
            for i, opt in enumerate(options):
                self.text(opt.get("text"), f"{pointer}/options/{i}/text", 75)
                if len(str(opt.get("value", ""))) > 150:
                    self.fail("must be less than 151 characters", f"{pointer}/options/{i}/value")
        if kind == "plain_text_input":
            max_length = el.get("max_length", 3000)
            if max_length > 3000:
                self.fail("must be less than 3001", f"{pointer}/max_length")
            if len(el.get("initial_value") or "") > max_length:
                self.fail("must be less than max_length characters", f"{pointer}/initial_value")

    def block(self, block: Any, pointer: str, block_ids: set[str]) -> None:
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            self.fail("must be a known block type", f"{pointer}/type")
            return
        block_id = block.get("block_id")
        if block_id is not None:
            if len(block_id) > 255:
                self.fail("must be less than 256 characters", f"{pointer}/block_id")
            if block_id in block_ids:
                self.fail("block_id must be unique", f"{pointer}/block_id")
            block_ids.add(block_id)
        kind, action_ids = block["type"], set[str]()
        if kind == "section":
            if "text" not in block and "fields" not in block:
                self.fail("must provide either text or fields", pointer)
            if "text" in block:
                self.text(block["text"], f"{pointer}/text", 3000)
            fields = block.get("fields") or []
            if len(fields) > 10:
                self.fail("must be no more than 10 items", f"{pointer}/fields")
            for i, field in enumerate(fields):
                self.text(field, f"{pointer}/fields/{i}", 2000)
            if block.get("accessory"):
                self.element(block["accessory"], f"{pointer}/accessory", action_ids)
        elif kind == "header":
            self.text(block.get("text"), f"{pointer}/text", 150, plain_only=True)
        elif kind == "context":
            elements = block.get("elements") or []
            if not elements or len(elements) > 10:
                self.fail("must have between 1 and 10 elements", f"{pointer}/elements")
            for i, el in enumerate(elements):
                if el.get("type") in TEXT_TYPES:
                    self.text(el, f"{pointer}/elements/{i}", 3000)
        elif kind == "actions":
            elements = block.get("elements") or []
            if not elements or len(elements) > 25:
                self.fail("must have between 1 and 25 elements", f"{pointer}/elements")
            for i, el in enumerate(elements):
                self.element(el, f"{pointer}/elements/{i}", action_ids)
        elif kind == "input":
            self.text(block.get("label"), f"{pointer}/label", 2000, plain_only=True)
            self.element(block.get("element"), f"{pointer}/element", action_ids)


def _decode(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def check_blocks(blocks: Any, *, limit: int = 50, pointer: str = "/blocks") -> list[str]:
    """Errors in a blocks array (empty when it is valid)."""
    blocks = _decode(blocks)
    checker = _Checker()
    if not isinstance(blocks, list):
        checker.fail("must be an array", pointer)
        return checker.errors
    if len(blocks) > limit:
        checker.fail(f"must be no more than {limit} items", pointer)
    seen: set[str] = set()
    for i, block in enumerate(blocks):
        checker.block(block, f"{pointer}/{i}", seen)
    return checker.errors


def check_view(view: Any) -> list[str]:
    """Errors in a modal or Home tab view."""
    view = _decode(view)
    checker = _Checker()
    if not isinstance(view, dict) or view.get("type") not in ("modal", "home"):
        checker.fail("must be a view of type modal or home", "/view/type")
        return checker.errors
    if view["type"] == "modal":
        checker.text(view.get("title"), "/view/title", 24, plain_only=True)
        for key in ("submit", "close"):
            if key in view:
                checker.text(view[key], f"/view/{key}", 24, plain_only=True)
    if len(view.get("private_metadata") or "") > 3000:
        checker.fail("must be less than 3001 characters", "/view/private_metadata")
    if len(view.get("callback_id") or "") > 255:
        checker.fail("must be less than 256 characters", "/view/callback_id")
    return checker.errors + check_blocks(view.get("blocks", []), limit=100, pointer="/view/blocks")
