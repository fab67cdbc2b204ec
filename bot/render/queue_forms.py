"""The forms behind the card's buttons, and the reporter's answer form."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.domain.queue import Move
from bot.domain.reports import Report, Severity, headline
from bot.render import copy
from bot.render.blocks import clip, context
from bot.render.queue import quote
from bot.slack.ids import Callback, QField


def _input(field: QField, label: str, element: Any, *, hint: str | None = None, optional: bool = False) -> InputBlock:
    return InputBlock(
        block_id=field.value,
        label=PlainTextObject(text=label),
        element=element,
        optional=optional,
        hint=PlainTextObject(text=hint) if hint else None,
    )


def _text(
    field: QField, *, multiline: bool = True, initial: str | None = None, max_length: int = 3000
) -> PlainTextInputElement:
    return PlainTextInputElement(
        action_id=field.value,
        multiline=multiline,
        max_length=max_length,
        initial_value=clip(initial, max_length) if initial else None,
    )


def _date(field: QField, initial: date) -> DatePickerElement:
    return DatePickerElement(action_id=field.value, initial_date=initial.isoformat())


def _fields(move: Move, report: Report, today: date) -> list[Block]:
    match move:
        case Move.NEED_INFO:
            return [_input(QField.QUESTION, copy.Q_QUESTION, _text(QField.QUESTION), hint=copy.Q_QUESTION_HINT)]
        case Move.PLAN:
            return [
                _input(
                    QField.EXPECTED_FIX,
                    copy.Q_EXPECTED_FIX,
                    _date(QField.EXPECTED_FIX, report.expected_fix or today + timedelta(days=7)),
                ),
                _input(
                    QField.NOTE, copy.Q_PLAN_NOTE, _text(QField.NOTE, initial=report.plan_note), hint=copy.Q_PLAN_HINT
                ),
            ]
        case Move.WORKAROUND:
            share = CheckboxesElement(
                action_id=QField.SHARE.value, options=[Option(text=PlainTextObject(text=copy.Q_SHARE), value="yes")]
            )
            return [
                _input(
                    QField.WORKAROUND,
                    copy.Q_WORKAROUND,
                    _text(QField.WORKAROUND, initial=report.team_workaround or report.workaround),
                ),
                _input(QField.SHARE, "Share it", share, optional=True),
            ]
        case Move.RESOLVE:
            return [
                _input(QField.RESOLUTION, copy.Q_RESOLUTION, _text(QField.RESOLUTION)),
                _input(
                    QField.SUMMARY,
                    copy.Q_SUMMARY,
                    _text(QField.SUMMARY, multiline=False, max_length=150),
                    hint=copy.Q_SUMMARY_HINT,
                ),
            ]
        case Move.MERGE:
            return [
                _input(
                    QField.INTO, copy.Q_INTO, _text(QField.INTO, multiline=False, max_length=12), hint=copy.Q_INTO_HINT
                )
            ]
        case Move.REASSIGN:
            return [_input(QField.OWNER, copy.Q_OWNER, UserSelectElement(action_id=QField.OWNER.value))]
        case Move.SET_SEVERITY:
            radios = RadioButtonsElement(
                action_id=QField.SEVERITY.value,
                options=[
                    Option(text=PlainTextObject(text=copy.SEVERITY[s], emoji=True), value=s.value) for s in Severity
                ],
            )
            return [_input(QField.SEVERITY, copy.Q_SEVERITY, radios)]
    raise ValueError(f"no form for {move}")


def queue_form(move: Move, report: Report, *, today: date) -> dict[str, Any]:
    """A responder's form for one move on one report."""
    blocks: list[Block] = [
        context(f"*{report.ref}* {quote(headline(report.text, 140), 300)}"),
        *_fields(move, report, today),
    ]
    return _view(
        copy.FORM_TITLES[move],
        blocks,
        {"report": report.id, "move": move.value},
        copy.FORM_SEND if move in (Move.NEED_INFO, Move.WORKAROUND) else copy.FORM_SAVE,
    )


def known_issue_form(report: Report, *, today: date) -> dict[str, Any]:
    blocks: list[Block] = [
        _input(
            QField.TITLE,
            copy.Q_TITLE,
            _text(QField.TITLE, multiline=False, max_length=150, initial=headline(report.text, 140)),
        ),
        _input(QField.CAUSE, copy.Q_CAUSE, _text(QField.CAUSE)),
        _input(
            QField.WORKAROUND,
            copy.Q_KI_WORKAROUND,
            _text(QField.WORKAROUND, initial=report.team_workaround),
            optional=True,
        ),
        _input(
            QField.EXPECTED_FIX, copy.Q_KI_FIX, _date(QField.EXPECTED_FIX, report.expected_fix or today), optional=True
        ),
    ]
    return _view(copy.FORM_KNOWN_ISSUE, blocks, {"report": report.id, "move": "known_issue"}, copy.FORM_SAVE)


def answer_form(report: Report) -> dict[str, Any]:
    blocks: list[Block] = [_input(QField.ANSWER, copy.Q_ANSWER, _text(QField.ANSWER))]
    view = View(
        type="modal",
        callback_id=Callback.ANSWER_FORM.value,
        title=PlainTextObject(text=copy.ANSWER_TITLE),
        submit=PlainTextObject(text=copy.FORM_SEND),
        close=PlainTextObject(text=copy.FORM_CLOSE),
        private_metadata=json.dumps({"report": report.id, "move": "answer"}),
        blocks=blocks,
    )
    return view.to_dict()


def _view(title: str, blocks: list[Block], metadata: dict[str, Any], submit: str) -> dict[str, Any]:
    view = View(
        type="modal",
        callback_id=Callback.QUEUE_FORM.value,
        title=PlainTextObject(text=clip(title, 24)),
        submit=PlainTextObject(text=submit),
        close=PlainTextObject(text=copy.FORM_CLOSE),
        private_metadata=json.dumps(metadata, separators=(",", ":")),
        blocks=blocks,
    )
    return view.to_dict()
