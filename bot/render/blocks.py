"""Small builders over slack_sdk.models, plus the limits slack_sdk does not check itself."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.views import View

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
SECTION_TEXT = 3000
FIELD_TEXT = 2000
NOTIFICATION_TEXT = 3000


def escape(text: str) -> str:
    """Escapes the three characters Slack treats as markup, so user text cannot @channel or fake links."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(text, 150), emoji=True))


def section(
    markdown: str, *, block_id: str | None = None, accessory: Any = None, fields: Sequence[str] = ()
) -> SectionBlock:
    return SectionBlock(
        text=MarkdownTextObject(text=clip(markdown, SECTION_TEXT)) if markdown else None,
        block_id=block_id,
        accessory=accessory,
        fields=[MarkdownTextObject(text=clip(f, FIELD_TEXT)) for f in fields[:10]] or None,
    )


def context(*markdown: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(m, SECTION_TEXT)) for m in markdown[:10]])


def divider() -> DividerBlock:
    return DividerBlock()


def button(
    text: str, action_id: str, value: str = "", *, style: str | None = None, url: str | None = None
) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=clip(text, 75), emoji=True),
        action_id=action_id,
        value=value or None,
        style=style,
        url=url,
    )


def actions(block_id: str | None, *elements: Any) -> ActionsBlock:
    return ActionsBlock(block_id=block_id, elements=list(elements)[:25])


def option(text: str, value: str) -> Option:
    return Option(text=PlainTextObject(text=clip(text, 75), emoji=True), value=value[:150])


def select(
    action_id: str, placeholder: str, options: Sequence[tuple[str, str]], initial: str | None = None
) -> StaticSelectElement:
    opts = [option(label, value) for label, value in options[:100]]
    chosen = next((o for o in opts if o.value == initial), None)
    return StaticSelectElement(
        action_id=action_id,
        placeholder=PlainTextObject(text=clip(placeholder, 150)),
        options=opts,
        initial_option=chosen,
    )


def field_input(name: str, label: str, element: Any, *, optional: bool = False, hint: str | None = None) -> InputBlock:
    """A form field: the block and its element share one name, so state.values reads as values[name][name]."""
    return InputBlock(
        block_id=name,
        label=PlainTextObject(text=label),
        element=element,
        optional=optional,
        hint=PlainTextObject(text=hint) if hint else None,
    )


def text_input(
    name: str, *, multiline: bool = True, initial: str | None = None, max_length: int = 3000
) -> PlainTextInputElement:
    return PlainTextInputElement(
        action_id=name,
        multiline=multiline,
        max_length=max_length,
        initial_value=clip(initial, max_length) if initial else None,
    )


def modal(
    callback_id: str, title: str, blocks: Sequence[Block], metadata: Mapping[str, Any], *, submit: str, close: str
) -> dict[str, Any]:
    """A modal view; what rides along to the submission goes in private_metadata as compact JSON."""
    return View(
        type="modal",
        callback_id=callback_id,
        title=PlainTextObject(text=clip(title, 24)),
        submit=PlainTextObject(text=clip(submit, 24)),
        close=PlainTextObject(text=clip(close, 24)),
        private_metadata=json.dumps(dict(metadata), separators=(",", ":")),
        blocks=list(blocks),
    ).to_dict()


def message(text: str, blocks: Sequence[Block]) -> dict[str, Any]:
    """A message payload: notification text plus at most 50 blocks, validated by slack_sdk."""
    rendered = [b.to_dict() for b in blocks]
    if len(rendered) > MESSAGE_BLOCKS:
        rendered = [*rendered[: MESSAGE_BLOCKS - 1], context("…and more; open App Home for the rest.").to_dict()]
    return {"text": clip(text, NOTIFICATION_TEXT), "blocks": rendered}
