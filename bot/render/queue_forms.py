"""The forms behind the card's buttons, and the reporter's answer form."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    Option,
    PlainTextObject,
    RadioButtonsElement,
    UserSelectElement,
)

from bot.domain.queue import Move
from bot.domain.reports import Report, Severity, headline
from bot.ids import Callback, QField
from bot.render import copy
from bot.render.blocks import context, field_input, modal, text_input
from bot.render.queue import quote


def _date(field: QField, initial: date) -> DatePickerElement:
    return DatePickerElement(action_id=field.value, initial_date=initial.isoformat())


def _fields(move: Move, report: Report, today: date) -> list[Block]:
    match move:
        case Move.NEED_INFO:
            return [
                field_input(
                    QField.QUESTION.value, copy.Q_QUESTION, text_input(QField.QUESTION.value), hint=copy.Q_QUESTION_HINT
                )
            ]
        case Move.PLAN:
            return [
                field_input(
                    QField.EXPECTED_FIX.value,
                    copy.Q_EXPECTED_FIX,
                    _date(QField.EXPECTED_FIX, report.expected_fix or today + timedelta(days=7)),
                ),
                field_input(
                    QField.NOTE.value,
                    copy.Q_PLAN_NOTE,
                    text_input(QField.NOTE.value, initial=report.plan_note),
                    hint=copy.Q_PLAN_HINT,
                ),
            ]
        case Move.WORKAROUND:
            share = CheckboxesElement(
                action_id=QField.SHARE.value, options=[Option(text=PlainTextObject(text=copy.Q_SHARE), value="yes")]
            )
            return [
                field_input(
                    QField.WORKAROUND.value,
                    copy.Q_WORKAROUND,
                    text_input(QField.WORKAROUND.value, initial=report.team_workaround or report.workaround),
                ),
                field_input(QField.SHARE.value, "Share it", share, optional=True),
            ]
        case Move.RESOLVE:
            return [
                field_input(QField.RESOLUTION.value, copy.Q_RESOLUTION, text_input(QField.RESOLUTION.value)),
                field_input(
                    QField.SUMMARY.value,
                    copy.Q_SUMMARY,
                    text_input(QField.SUMMARY.value, multiline=False, max_length=150),
                    hint=copy.Q_SUMMARY_HINT,
                ),
            ]
        case Move.MERGE:
            return [
                field_input(
                    QField.INTO.value,
                    copy.Q_INTO,
                    text_input(QField.INTO.value, multiline=False, max_length=12),
                    hint=copy.Q_INTO_HINT,
                )
            ]
        case Move.REASSIGN:
            return [field_input(QField.OWNER.value, copy.Q_OWNER, UserSelectElement(action_id=QField.OWNER.value))]
        case Move.SET_SEVERITY:
            radios = RadioButtonsElement(
                action_id=QField.SEVERITY.value,
                options=[
                    Option(text=PlainTextObject(text=copy.SEVERITY[s], emoji=True), value=s.value) for s in Severity
                ],
            )
            return [field_input(QField.SEVERITY.value, copy.Q_SEVERITY, radios)]
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
        field_input(
            QField.TITLE.value,
            copy.Q_TITLE,
            text_input(QField.TITLE.value, multiline=False, max_length=150, initial=headline(report.text, 140)),
        ),
        field_input(QField.CAUSE.value, copy.Q_CAUSE, text_input(QField.CAUSE.value)),
        field_input(
            QField.WORKAROUND.value,
            copy.Q_KI_WORKAROUND,
            text_input(QField.WORKAROUND.value, initial=report.team_workaround),
            optional=True,
        ),
        field_input(
            QField.EXPECTED_FIX.value,
            copy.Q_KI_FIX,
            _date(QField.EXPECTED_FIX, report.expected_fix or today),
            optional=True,
        ),
    ]
    return _view(copy.FORM_KNOWN_ISSUE, blocks, {"report": report.id, "move": "known_issue"}, copy.FORM_SAVE)


def answer_form(report: Report) -> dict[str, Any]:
    blocks: list[Block] = [field_input(QField.ANSWER.value, copy.Q_ANSWER, text_input(QField.ANSWER.value))]
    return modal(
        Callback.ANSWER_FORM.value,
        copy.ANSWER_TITLE,
        blocks,
        {"report": report.id, "move": "answer"},
        submit=copy.FORM_SEND,
        close=copy.FORM_CLOSE,
    )


def _view(title: str, blocks: list[Block], metadata: dict[str, Any], submit: str) -> dict[str, Any]:
    return modal(Callback.QUEUE_FORM.value, title, blocks, metadata, submit=submit, close=copy.FORM_CLOSE)
