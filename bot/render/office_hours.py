"""Office hours and the champion network in Block Kit: the form, the announcement, the DMs, the list, /champion
and the App Home section. Pure: values in (with the pilot's zone), message and view dicts out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ConfirmObject,
    DatePickerElement,
    NumberInputElement,
    PlainTextObject,
    TimePickerElement,
)

from bot.domain.champions import WardCover
from bot.domain.office_hours import REPEAT_MAX, WHERE_MAX
from bot.ids import Action, Callback
from bot.render import copy_office as copy
from bot.render.blocks import (
    actions,
    button,
    context,
    escape,
    field_input,
    header,
    message,
    modal,
    section,
    select,
    text_input,
)

MINUTE_CHOICES = (15, 30, 45, 60, 90, 120, 180, 240)  # all within domain.office_hours.MINUTES
MOST_ATTENDEES = 500


class OfficeField(StrEnum):
    """The form's inputs; block and element share the name, and the domain's error keys are the same names."""

    WARD = "ward"
    DAY = "day"
    START = "start"
    MINUTES = "minutes"
    WHERE = "where"
    REPEAT = "repeat_weeks"
    CAME = "came"


@dataclass(frozen=True)
class SessionView:
    """One session as people see it: who holds it, where, when, and how many are coming."""

    id: int
    champion: str  # Slack ID
    champion_name: str
    ward: str
    ward_name: str
    start: datetime
    minutes: int
    where: str
    coming: int = 0
    cancelled: bool = False
    attended: int | None = None
    you_coming: bool = False


@dataclass(frozen=True)
class FormDefaults:
    wards: tuple[tuple[str, str], ...]  # (id, name) the person may schedule on
    ward: str | None
    day: date
    zone: ZoneInfo


@dataclass(frozen=True)
class WardChampions:
    ward: str
    ward_name: str
    champions: tuple[tuple[str | None, str], ...]  # (Slack ID, name), by name


@dataclass(frozen=True)
class ChampionAnswer:
    """/champion: the person's ward (or every ward, when theirs is unknown) and the next office hours."""

    wards: tuple[WardChampions, ...]
    own_ward: bool
    sessions: tuple[SessionView, ...]
    elsewhere: bool  # none on their ward: these are on others


@dataclass(frozen=True)
class ChampionHome:
    """A champion's App Home section: their ward this week, as counts."""

    ward: str
    ward_name: str
    adoption: float | None  # None: no usage data
    not_started: int | None  # colleagues with no use yet; None: no usage data
    colleagues: int
    sessions: tuple[SessionView, ...]


@dataclass(frozen=True)
class CoverHome:
    """A lead's (or admin's) App Home section: champion cover and the gaps."""

    covers: tuple[WardCover, ...]
    ward_names: tuple[tuple[str, str], ...]
    aim: int


def when(start: datetime, minutes: int, zone: ZoneInfo) -> str:
    """'Tue 17 Nov, 14:00–14:30 GMT': the pilot's wall clock, with its zone's abbreviation."""
    local, end = start.astimezone(zone), (start + timedelta(minutes=minutes)).astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}–{end:%H:%M} {local:%Z}"


def _when(view: SessionView, zone: ZoneInfo) -> str:
    return when(view.start, view.minutes, zone)


# --- forms -------------------------------------------------------------------------------------------------


def form(defaults: FormDefaults) -> dict[str, Any]:
    """The one form a session (or a weekly series) is scheduled with; the ward prefilled."""
    f = OfficeField
    wards = [(name, ward) for ward, name in defaults.wards]  # select() takes (label, value)
    blocks: list[Block] = [
        context(copy.FORM_INTRO),
        field_input(f.WARD, copy.L_WARD, select(f.WARD, copy.L_WARD, wards, defaults.ward)),
        field_input(f.DAY, copy.L_DAY, DatePickerElement(action_id=f.DAY, initial_date=defaults.day.isoformat())),
        field_input(
            f.START,
            copy.L_START,
            TimePickerElement(action_id=f.START),
            hint=copy.H_START.format(zone=defaults.zone.key),
        ),
        field_input(
            f.MINUTES,
            copy.L_MINUTES,
            select(
                f.MINUTES, copy.L_MINUTES, [(copy.MINUTES_OPTION.format(n=m), str(m)) for m in MINUTE_CHOICES], "30"
            ),
        ),
        field_input(
            f.WHERE, copy.L_WHERE, text_input(f.WHERE, multiline=False, max_length=WHERE_MAX), hint=copy.H_WHERE
        ),
        field_input(f.REPEAT, copy.L_REPEAT, select(f.REPEAT, copy.L_REPEAT, _repeats(), "0")),
    ]
    return modal(Callback.OFFICE_FORM, copy.FORM_TITLE, blocks, {}, submit=copy.FORM_SUBMIT, close=copy.FORM_CLOSE)


def _repeats() -> list[tuple[str, str]]:
    return [(copy.REPEAT_ONCE, "0")] + [(copy.REPEAT_WEEKLY.format(n=k + 1), str(k)) for k in range(1, REPEAT_MAX + 1)]


def attendance_form(view: SessionView, zone: ZoneInfo) -> dict[str, Any]:
    """One field: how many came, prefilled with how many said they would (or what was recorded)."""
    initial = view.attended if view.attended is not None else view.coming
    count = NumberInputElement(
        action_id=OfficeField.CAME,
        is_decimal_allowed=False,
        initial_value=str(initial),
        min_value="0",
        max_value=str(MOST_ATTENDEES),
    )
    blocks: list[Block] = [
        section(copy.ATTEND_SESSION.format(when=_when(view, zone), where=escape(view.where), ward=view.ward_name)),
        field_input(OfficeField.CAME, copy.L_CAME, count, hint=copy.H_CAME),
    ]
    return modal(
        Callback.OFFICE_ATTENDANCE_FORM,
        copy.ATTEND_TITLE,
        blocks,
        {"session": view.id},
        submit=copy.ATTEND_SUBMIT,
        close=copy.FORM_CLOSE,
    )


# --- messages ------------------------------------------------------------------------------------------------


def _cancel_button(view: SessionView) -> ButtonElement:
    confirm = ConfirmObject(
        title=copy.CANCEL_CONFIRM_TITLE,
        text=copy.CANCEL_CONFIRM_TEXT,
        confirm=copy.CANCEL_CONFIRM_YES,
        deny=copy.CANCEL_CONFIRM_NO,
        style="danger",
    )
    return ButtonElement(
        text=PlainTextObject(text=copy.CANCEL_BUTTON),
        action_id=Action.OFFICE_CANCEL,
        value=str(view.id),
        confirm=confirm,
    )


def _coming_button(view: SessionView) -> ButtonElement:
    return button(copy.COMING_BUTTON.format(n=view.coming), Action.OFFICE_COMING, str(view.id), style="primary")


def announcement(view: SessionView, zone: ZoneInfo) -> dict[str, Any]:
    """The post in the ward's channel, with "I'll come (n coming)"; rewritten in place as people click."""
    moment, where = _when(view, zone), escape(view.where)
    if view.cancelled:
        blocks: list[Block] = [
            header(copy.CANCELLED_HEAD.format(champion=view.champion_name)),
            section(copy.CANCELLED_BODY.format(when=moment, where=where), block_id=f"office_post:{view.id}"),
        ]
        return message(copy.CANCELLED_HEAD.format(champion=escape(view.champion_name)), blocks)
    blocks = [
        header(copy.ANNOUNCE_HEAD.format(champion=view.champion_name)),
        section(
            copy.ANNOUNCE_BODY.format(when=moment, where=where, ward=view.ward_name), block_id=f"office_post:{view.id}"
        ),
        actions(f"office:{view.id}", _coming_button(view)),
        context(copy.coming(view.coming), copy.COMING_AGAIN),
    ]
    return message(copy.ANNOUNCE_NOTIFY.format(champion=escape(view.champion_name), when=moment, where=where), blocks)


def scheduled(views: Sequence[SessionView], zone: ZoneInfo, *, channel: str | None) -> dict[str, Any]:
    """The scheduler's confirmation: what was scheduled, where it was announced, and a Cancel for each."""
    first = views[0]
    where = escape(first.where)
    if len(views) == 1:
        head = copy.SCHEDULED_ONE.format(ward=first.ward_name, when=_when(first, zone), where=where)
    else:
        head = copy.SCHEDULED_MANY.format(n=len(views), ward=first.ward_name, where=where)
    told = copy.ANNOUNCED.format(channel=channel) if channel else copy.NOT_ANNOUNCED.format(ward=first.ward_name)
    blocks: list[Block] = [section(head)]
    if len(views) > 1:
        blocks += [section(_when(v, zone), accessory=_cancel_button(v)) for v in views]
    else:
        blocks.append(actions(f"office_scheduled:{first.id}", _cancel_button(first)))
    blocks.append(context(told))
    return message(head.replace("*", ""), blocks)


def rsvp_reply(view: SessionView, zone: ZoneInfo, *, coming: bool, reminder_minutes: int) -> dict[str, Any]:
    moment = _when(view, zone)
    if coming:
        text = copy.YOU_COMING.format(
            champion=escape(view.champion_name), when=moment, where=escape(view.where), minutes=reminder_minutes
        )
    else:
        text = copy.YOU_NOT_COMING.format(when=moment)
    return message(text.replace("*", ""), [section(text)])


def reminder(view: SessionView, zone: ZoneInfo) -> dict[str, Any]:
    moment = _when(view, zone)
    text = copy.REMINDER.format(champion=escape(view.champion_name), when=moment, where=escape(view.where))
    return message(copy.REMINDER_NOTIFY.format(when=moment), [section(text)])


def cancelled_notice(view: SessionView, zone: ZoneInfo) -> dict[str, Any]:
    """The DM to each person who was coming."""
    moment = _when(view, zone)
    text = copy.CANCELLED_DM.format(champion=escape(view.champion_name), when=moment)
    return message(copy.CANCELLED_DM_NOTIFY.format(when=moment), [section(text)])


def cancelled_reply(view: SessionView, zone: ZoneInfo, *, told: int) -> dict[str, Any]:
    text = copy.CANCELLED_REPLY.format(when=_when(view, zone), told=copy.told(told))
    return message(text, [section(text)])


def who_came(view: SessionView, zone: ZoneInfo) -> dict[str, Any]:
    """The champion's DM after the session: one button opening the one-field form; once recorded, the count."""
    moment = _when(view, zone)
    if view.attended is not None:
        text = copy.RECORDED.format(when=moment, n=view.attended)
        change = button(copy.RECORDED_CHANGE, Action.OFFICE_ATTENDANCE, str(view.id))
        return message(text.replace("*", ""), [section(text), actions(f"office_came:{view.id}", change)])
    text = copy.WHO_CAME.format(when=moment, said=copy.WHO_CAME_SAID.format(n=view.coming))
    record = button(copy.WHO_CAME_BUTTON, Action.OFFICE_ATTENDANCE, str(view.id), style="primary")
    return message(copy.WHO_CAME_NOTIFY, [section(text), actions(f"office_came:{view.id}", record)])


def _line(view: SessionView, zone: ZoneInfo) -> str:
    line = copy.LIST_LINE.format(
        when=_when(view, zone),
        ward=view.ward_name,
        champion=f"<@{view.champion}>",
        where=escape(view.where),
        coming=copy.coming(view.coming),
    )
    return line + (copy.LIST_YOU if view.you_coming else "")


def week_list(views: Sequence[SessionView], zone: ZoneInfo) -> dict[str, Any]:
    """`/officehours list`, privately: the next 7 days, each with its own "I'll come"."""
    blocks: list[Block] = [header(copy.LIST_HEAD)]
    if not views:
        return message(copy.LIST_NONE, [*blocks, section(copy.LIST_NONE)])
    blocks += [section(_line(v, zone), accessory=_coming_button(v)) for v in views[:40]]
    return message(copy.LIST_NOTIFY.format(n=len(views)), blocks)


def _names(champions: Sequence[tuple[str | None, str]]) -> str:
    return ", ".join(f"<@{sid}>" if sid else escape(name) for sid, name in champions) or copy.CHAMPION_NOBODY


def champion_answer(answer: ChampionAnswer, zone: ZoneInfo) -> dict[str, Any]:
    """/champion, privately: who the ward's champions are and the next office hours."""
    blocks: list[Block] = []
    if answer.own_ward:
        ward = answer.wards[0]
        blocks.append(header(copy.CHAMPION_HEAD.format(ward=ward.ward_name)))
        blocks.append(
            section(
                copy.CHAMPION_NAMES.format(names=_names(ward.champions))
                if ward.champions
                else copy.CHAMPION_NONE.format(ward=ward.ward_name)
            )
        )
        notify = copy.CHAMPION_NOTIFY.format(ward=ward.ward_name)
    else:
        lines = [copy.CHAMPION_WARD_LINE.format(ward=w.ward_name, names=_names(w.champions)) for w in answer.wards]
        blocks += [section(copy.CHAMPION_NO_WARD), section("\n".join(lines))]
        notify = copy.CHAMPION_NO_WARD
    blocks.append(header(copy.CHAMPION_NEXT_ELSEWHERE if answer.elsewhere else copy.CHAMPION_NEXT))
    if not answer.sessions:
        blocks.append(section(copy.CHAMPION_NO_SESSIONS))
    blocks += [section(_line(v, zone), accessory=_coming_button(v)) for v in answer.sessions]
    return message(notify, blocks)


# --- App Home ------------------------------------------------------------------------------------------------


def home_blocks(data: ChampionHome | CoverHome, zone: ZoneInfo) -> list[Block]:
    """The champion's "my ward" or the lead's "champion cover" section of App Home, as blocks to append."""
    if isinstance(data, CoverHome):
        return _cover_blocks(data)
    adoption = copy.HOME_NO_DATA if data.adoption is None else f"{data.adoption:.0%}"
    not_started = (
        copy.HOME_NO_DATA
        if data.not_started is None
        else copy.HOME_NOT_STARTED_OF.format(n=data.not_started, of=data.colleagues)
    )
    blocks: list[Block] = [
        header(copy.HOME_WARD.format(ward=data.ward_name)),
        section(
            "",
            fields=[copy.HOME_ADOPTION.format(value=adoption), copy.HOME_NOT_STARTED.format(value=not_started)],
        ),
        section(f"*{copy.HOME_SESSIONS}*"),
    ]
    if not data.sessions:
        return [*blocks, context(copy.HOME_NO_SESSIONS)]
    return blocks + [section(_line(v, zone), accessory=_cancel_button(v)) for v in data.sessions]


def _cover_blocks(data: CoverHome) -> list[Block]:
    names = dict(data.ward_names)
    covered = sum(not c.gap for c in data.covers)
    blocks: list[Block] = [
        header(copy.HOME_COVER),
        section(copy.HOME_COVER_LINE.format(covered=covered, wards=len(data.covers), aim=data.aim)),
    ]
    gaps = [c for c in data.covers if c.gap]
    if not gaps:
        return [*blocks, context(copy.HOME_NO_GAPS)]
    lines = [copy.HOME_GAP_LINE.format(ward=names.get(c.ward, c.ward), why=_why(c)) for c in gaps]
    return [*blocks, section("\n".join(lines))]


def _why(cover: WardCover) -> str:
    if cover.staff_per_champion is None:
        return copy.HOME_GAP_NONE.format(staff=cover.staff)
    return copy.HOME_GAP_RATIO.format(staff=cover.staff, champions=len(cover.champions), ratio=cover.staff_per_champion)
