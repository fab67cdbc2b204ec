"""Surveys as people see them: the one-tap DM, the small forms, the results in #updates, and the loop closed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Block, CheckboxesElement, Option, PlainTextObject

from bot.domain.instruments import Instrument, Kind, Question
from bot.domain.surveys import MIN_GROUP, SUS_AVERAGE, GroupFigure, QuestionResult, Summary
from bot.ids import Action, Callback, QField
from bot.render import copy
from bot.render.blocks import (
    actions,
    button,
    clip,
    context,
    escape,
    field_input,
    header,
    message,
    modal,
    section,
    text_input,
)
from bot.render.queue import when

BAR = 12


def _question_blocks(run_id: int, number: int, question: Question, answer: Any) -> list[Block]:
    block_id = f"sq:{run_id}:{question.id}"
    optional = copy.SURVEY_OPTIONAL if question.optional else ""
    blocks: list[Block] = [section(f"*{number}.* {escape(question.text)}{optional}")]
    if question.kind is Kind.TEXT:
        label = copy.SURVEY_TEXT_EDIT if answer else copy.SURVEY_TEXT_WRITE
        blocks.append(actions(block_id, button(label, Action.SURVEY_TEXT, f"{run_id}:{question.id}")))
        if answer:
            blocks.append(context(copy.SURVEY_TEXT_YOURS.format(text=escape(clip(str(answer), 300)))))
        return blocks
    if question.kind is Kind.MULTI:
        options = [Option(text=PlainTextObject(text=label), value=value) for value, label in question.choices()]
        chosen = [o for o in options if isinstance(answer, list) and o.value in answer]
        boxes = CheckboxesElement(action_id=Action.SURVEY_MULTI.value, options=options, initial_options=chosen or None)
        blocks.append(actions(block_id, boxes))
        return blocks
    buttons = [
        button(
            ("✓ " if str(answer) == value else "") + label,
            f"{Action.SURVEY_TAP.value}:{value}",
            f"{run_id}:{question.id}",
            style="primary" if str(answer) == value else None,
        )
        for value, label in question.choices()
    ]
    blocks.append(actions(block_id, *buttons))
    if question.kind is Kind.NPS and question.labels:
        blocks.append(context(f"0 = {escape(question.labels[0])} · 10 = {escape(question.labels[-1])}"))
    return blocks


def survey(
    run_id: int, instrument: Instrument, answers: Mapping[str, Any], *, closes_at: datetime, reminder: bool = False
) -> dict[str, Any]:
    """The whole survey in one DM: one tap per question, updated in place to show what was chosen."""
    lead = copy.SURVEY_REMINDER if reminder else escape(instrument.intro)
    blocks: list[Block] = [header(instrument.title), section(lead)]
    for number, question in enumerate(instrument.questions, start=1):
        blocks += _question_blocks(run_id, number, question, answers.get(question.id))
    done = sum(1 for q in instrument.questions if q.id in answers)
    footer = copy.SURVEY_FOOTER.format(done=done, total=len(instrument.questions), closes=when(closes_at))
    if instrument.anonymous:
        footer += " " + copy.SURVEY_ANONYMOUS
    blocks.append(context(footer))
    notify = copy.SURVEY_NOTIFY_REMINDER if reminder else copy.SURVEY_NOTIFY
    return message(notify.format(title=instrument.title, n=len(instrument.questions)), blocks)


def text_form(run_id: int, question: Question, current: str | None) -> dict[str, Any]:
    blocks: list[Block] = [
        field_input(
            QField.ANSWER.value,
            clip(question.text, 2000),
            text_input(QField.ANSWER.value, initial=current, max_length=1000),
        )
    ]
    return modal(
        Callback.SURVEY_TEXT_FORM.value,
        copy.SURVEY_TEXT_TITLE,
        blocks,
        {"run": run_id, "question": question.id},
        submit=copy.FORM_SAVE,
        close=copy.FORM_CLOSE,
    )


def loop_form(run_id: int, title: str) -> dict[str, Any]:
    blocks: list[Block] = [
        context(copy.LOOP_FORM_INTRO.format(title=escape(title))),
        field_input(QField.HEARD.value, copy.LOOP_HEARD, text_input(QField.HEARD.value, max_length=1500)),
        field_input(QField.DOING.value, copy.LOOP_DOING, text_input(QField.DOING.value, max_length=1500)),
    ]
    return modal(
        Callback.CLOSE_LOOP_FORM.value,
        copy.LOOP_TITLE,
        blocks,
        {"run": run_id},
        submit=copy.FORM_SEND,
        close=copy.FORM_CLOSE,
    )


def loop(title: str, heard: str, doing: str) -> dict[str, Any]:
    text = copy.LOOP_MESSAGE.format(title=escape(title), heard=escape(heard), doing=escape(doing))
    return message(copy.LOOP_NOTIFY.format(title=title), [section(text)])


# --- results -------------------------------------------------------------------------------------------


def _bar(count: int, most: int) -> str:
    return "█" * round(BAR * count / most) if most else ""


def _result(result: QuestionResult) -> str:
    title = f"*{escape(result.text)}* ({result.answered} answered)"
    if result.kind is Kind.TEXT:
        found = ", ".join(f"{escape(theme)} ({n})" for theme, n in result.themes) or copy.RESULTS_NO_THEMES
        return f"{title}\n{copy.RESULTS_THEMES} {found}"
    most = max((n for _, n in result.counts), default=0)
    lines = [f"`{_bar(n, most):<{BAR}}` {n:>3}  {escape(label)}" for label, n in result.counts]
    extra = ""
    if result.mean is not None:
        extra = f"\n{copy.RESULTS_MEAN.format(mean=result.mean)}"
    if result.score is not None:
        extra = f"\n{copy.RESULTS_NPS.format(nps=result.score)}"
    return title + "\n" + "\n".join(lines) + extra


def _groups(title: str, figures: tuple[GroupFigure, ...], names: Mapping[str, str]) -> str:
    def one(figure: GroupFigure) -> str:
        name = escape(names.get(figure.group, figure.group))
        value = copy.RESULTS_HIDDEN if figure.value is None else f"{figure.value:.1f}"
        return f"{name}: {value}"

    return f"*{title}*\n" + "\n".join(one(f) for f in figures)


def _headline(summary: Summary) -> str:
    if summary.headline_value is None:
        return ""
    if summary.headline == "SUS":
        text = copy.RESULTS_SUS.format(
            score=summary.headline_value, adjective=summary.sus_adjective, grade=summary.sus_grade, average=SUS_AVERAGE
        )
    elif summary.headline == "NPS":
        text = copy.RESULTS_NPS_HEADLINE.format(nps=summary.headline_value)
    else:
        text = copy.RESULTS_HEADLINE.format(name=summary.headline, value=summary.headline_value)
    if summary.change is not None:
        text += " " + copy.RESULTS_CHANGE.format(change=summary.change)
    return text


def results(
    run_id: int, summary: Summary, wards: Mapping[str, str], *, closed_at: datetime, loop_button: bool = True
) -> dict[str, Any]:
    """What #updates sees when a run closes. Every anonymity rule is already applied in `summary`."""
    wards = {**wards, "unknown": copy.RESULTS_NO_WARD}

    rate = f"{summary.responded / summary.invited:.0%}" if summary.invited else "-"
    blocks: list[Block] = [
        header(copy.RESULTS_TITLE.format(title=summary.title)),
        section(
            copy.RESULTS_RATE.format(
                responded=summary.responded, invited=summary.invited, rate=rate, closed=when(closed_at)
            )
        ),
        context(" · ".join(f"{escape(wards.get(w, w))} {r} of {n}" for w, r, n in summary.rate_by_ward) or "-"),
    ]
    if not summary.shown:
        blocks.append(section(copy.RESULTS_TOO_FEW.format(k=MIN_GROUP)))
    else:
        if summary.headline_value is not None:
            blocks.append(section(_headline(summary)))
        blocks += [section(_result(r)) for r in summary.questions]
        groups = [
            _groups(copy.RESULTS_BY_WARD, summary.by_ward, wards),
            _groups(copy.RESULTS_BY_ROLE, summary.by_role, {}),
        ]
        blocks.append(section("", fields=groups))
        blocks.append(context(copy.RESULTS_PRIVACY.format(k=MIN_GROUP)))
    if loop_button and summary.responded:
        blocks.append(actions(f"loop:{run_id}", button(copy.LOOP_BUTTON, Action.CLOSE_LOOP, str(run_id))))
    return message(copy.RESULTS_NOTIFY.format(title=summary.title, responded=summary.responded), blocks)
