"""Reports as people see them: the queue card, the private confirmation, the form, the DM offer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    Option,
    PlainTextObject,
    RadioButtonsElement,
)

from bot.domain.phi import Kind
from bot.domain.reports import Report, Severity, excerpt
from bot.ids import Action, Callback, Field
from bot.render import copy
from bot.render.blocks import actions, button, context, escape, field_input, message, modal, section, select, text_input

CARD_TEXT_CHARS = 2_500  # how much of a report a card or an offer shows before it says there is more


def severity_options() -> list[tuple[str, str]]:
    return [(copy.SEVERITY[s], s.value) for s in Severity]


def ward_options(wards: Mapping[str, str]) -> list[tuple[str, str]]:
    return [(name, ward_id) for ward_id, name in wards.items()]


def _kinds(report: Report) -> list[Kind]:
    return [Kind(k) for k in report.masked]


def filed_private(
    report: Report, *, wards: Mapping[str, str], ask_ward: bool, filed_in: str | None = None
) -> dict[str, Any]:
    """What the reporter sees, privately, the moment a report is filed (by them, or by a colleague's :ticket:)."""
    if filed_in:
        opening = copy.REACTION_AUTHOR.format(
            reactor=report.filed_by, channel=filed_in, ref=report.ref, promise=copy.PROMISE
        )
    else:
        opening = f"{copy.FILED.format(ref=report.ref)} {copy.PROMISE}"
    blocks: list[Block] = [section(opening)]
    if report.masked:
        blocks.append(section(copy.MASKED_LINE.format(items=copy.masked_items(_kinds(report)))))
    if len(report.text) > CARD_TEXT_CHARS:
        blocks.append(context(copy.LONG_NOTE.format(chars=len(report.text))))
    blocks.append(
        section(
            copy.SEVERITY_LINE.format(severity=copy.SEVERITY_PLAIN[report.severity]),
            block_id=f"severity:{report.id}",
            accessory=select(Action.SET_SEVERITY, "Severity", severity_options(), report.severity.value),
        )
    )
    if ask_ward:
        blocks.append(
            section(
                copy.WARD_QUESTION,
                block_id=f"ward:{report.id}",
                accessory=select(Action.SET_WARD, "Your ward", ward_options(wards)),
            )
        )
    return message(copy.FILED_NOTIFY.format(ref=report.ref), blocks)


BUTTON_VALUE_CHARS = 2_000  # Slack's limit on a button's value


def not_filed(text: str) -> dict[str, Any]:
    """The honest answer when a report could not be stored: the person's own words back, privately, and one tap
    to send them again (a button carries them, so nothing unmasked is kept anywhere of ours)."""
    quoted = section(">" + escape(text[:CARD_TEXT_CHARS]).replace("\n", "\n>"))
    if len(text) > BUTTON_VALUE_CHARS:
        return message(copy.NOT_FILED_LONG, [section(copy.NOT_FILED_LONG), quoted])
    again = actions("not_filed", button(copy.SEND_AGAIN, Action.RESEND_REPORT.value, text, style="primary"))
    return message(copy.NOT_FILED.replace("*", ""), [section(copy.NOT_FILED), quoted, again])


def note(text: str) -> dict[str, Any]:
    """A one-paragraph private message."""
    return message(text.replace("*", ""), [section(text)])


def form(
    *,
    wards: Mapping[str, str],
    ward_id: str | None,
    text: str = "",
    attached_chars: int = 0,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The short report form: what happened is the only required answer; the ward comes prefilled."""
    severity = RadioButtonsElement(
        action_id=Field.SEVERITY.value,
        options=[
            Option(text=PlainTextObject(text=label, emoji=True), value=value) for label, value in severity_options()
        ],
        initial_option=Option(
            text=PlainTextObject(text=copy.SEVERITY[Severity.SLOWS_DOWN], emoji=True), value=Severity.SLOWS_DOWN.value
        ),
    )
    blocks: list[Block] = []
    if attached_chars:
        blocks.append(context(copy.FORM_ATTACHED.format(chars=attached_chars)))
    blocks += [
        field_input(
            Field.WHAT.value,
            copy.FORM_WHAT,
            text_input(Field.WHAT.value, multiline=True, initial=text),
            hint=copy.FORM_WHAT_HINT,
        ),
        field_input(Field.WARD.value, copy.FORM_WARD, select(Field.WARD, "Pick a ward", ward_options(wards), ward_id)),
        field_input(Field.SEVERITY.value, copy.FORM_SEVERITY, severity),
        field_input(
            Field.SYSTEM.value,
            copy.FORM_SYSTEM,
            text_input(Field.SYSTEM.value, multiline=False, max_length=500),
            optional=True,
        ),
        field_input(
            Field.WORKAROUND.value,
            copy.FORM_WORKAROUND,
            text_input(Field.WORKAROUND.value, multiline=True),
            optional=True,
        ),
    ]
    return modal(
        Callback.REPORT_FORM.value,
        copy.FORM_TITLE,
        blocks,
        metadata or {},
        submit=copy.FORM_SUBMIT,
        close=copy.FORM_CLOSE,
    )


def offer(draft_id: int, text: str, masked: Sequence[Kind]) -> dict[str, Any]:
    """The reply to a direct message: one tap files it."""
    body, _ = excerpt(text, CARD_TEXT_CHARS)
    blocks: list[Block] = [section(copy.OFFER), section(f">{escape(body)}".replace("\n", "\n>"))]
    if masked:
        blocks.append(context(copy.MASKED_LINE.format(items=copy.masked_items(list(masked)))))
    value = str(draft_id)
    blocks.append(
        actions(
            f"offer:{draft_id}",
            *[
                button(
                    label,
                    f"{Action.OFFER_FILE.value}:{sev}",
                    value,
                    style="danger" if sev == "patient_safety" else None,
                )
                for label, sev in severity_options()
            ],
        )
    )
    blocks.append(
        actions(
            f"offer_more:{draft_id}",
            button(copy.OFFER_FORM_BUTTON, Action.OFFER_FORM, value),
            button(copy.NOT_NOW, Action.OFFER_DISMISS, value),
        )
    )
    blocks.append(context(copy.OFFER_MORE))
    return message(copy.OFFER_NOTIFY, blocks)
