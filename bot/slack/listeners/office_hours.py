"""/officehours (alone: the form; `list`: the coming week), the form's submission, "I'll come", Cancel, and the
champion's "who came?" button with its one-field form. Thin: ack, parse, call the service, render."""

from __future__ import annotations

import json
from datetime import date, time
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.office_hours import SessionForm
from bot.ids import Action, Callback, Command
from bot.render import copy_office as copy
from bot.render import office_hours as render
from bot.render.office_hours import MOST_ATTENDEES, OfficeField
from bot.services.send import ReplyTo
from bot.slack.listeners.common import (
    ACK_BUDGET,
    NOT_STORED,
    action_id_value,
    call,
    delivery_key,
    log,
    reply_to_action,
    store,
)
from bot.tracker import Tracker

Values = dict[str, Any]


class AttendanceMeta(BaseModel):
    """What the "who came?" form carries from opening to submission."""

    model_config = ConfigDict(extra="ignore")
    session: int

    @classmethod
    def loads(cls, raw: str | None) -> AttendanceMeta | None:
        try:
            return cls.model_validate(json.loads(raw or "{}"))
        except (ValidationError, ValueError):
            return None


def _input(values: Values, field: OfficeField) -> dict[str, Any]:
    found = values.get(field.value, {}).get(field.value, {})
    return found if isinstance(found, dict) else {}


def _chosen(values: Values, field: OfficeField) -> str | None:
    value = (_input(values, field).get("selected_option") or {}).get("value")
    return str(value) if value is not None else None


def _parsed(kind: type[date] | type[time], raw: object) -> Any:
    try:
        return kind.fromisoformat(str(raw)) if raw else None
    except ValueError:
        return None


def _whole(raw: object) -> int | None:
    text = str(raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def parse_form(values: Values) -> tuple[str, SessionForm] | dict[str, str]:
    """(ward, the form) or {block_id: what to fix}; the service checks the rest (a day passed, a skipped hour)."""
    ward = _chosen(values, OfficeField.WARD)
    day = _parsed(date, _input(values, OfficeField.DAY).get("selected_date"))
    start = _parsed(time, _input(values, OfficeField.START).get("selected_time"))
    minutes = _whole(_chosen(values, OfficeField.MINUTES))
    missing = {
        OfficeField.WARD.value: copy.PICK_WARD if not ward else None,
        OfficeField.DAY.value: copy.PICK_DAY if day is None else None,
        OfficeField.START.value: copy.PICK_START if start is None else None,
        OfficeField.MINUTES.value: copy.PICK_MINUTES if minutes is None else None,
    }
    errors = {field: message for field, message in missing.items() if message}
    if errors or not ward or minutes is None:
        return errors
    where = str(_input(values, OfficeField.WHERE).get("value") or "")
    repeat = _whole(_chosen(values, OfficeField.REPEAT)) or 0
    return ward, SessionForm(day, start, minutes, where, repeat)


def office_form_values(
    *,
    ward: str | None = "ward-7",
    day: str | None = "2026-11-17",
    start: str | None = "14:00",
    minutes: str | None = "30",
    where: str = "Seminar room 2",
    repeat: str = "0",
) -> dict[str, Any]:
    """view.state.values as Slack sends them for a filled-in form (the inverse of parse_form; tests and the demo)."""

    def chosen(value: str | None) -> dict[str, Any]:
        option = {"value": value, "text": {"type": "plain_text", "text": value}} if value else None
        return {"type": "static_select", "selected_option": option}

    return {
        OfficeField.WARD.value: {OfficeField.WARD.value: chosen(ward)},
        OfficeField.DAY.value: {OfficeField.DAY.value: {"type": "datepicker", "selected_date": day}},
        OfficeField.START.value: {OfficeField.START.value: {"type": "timepicker", "selected_time": start}},
        OfficeField.MINUTES.value: {OfficeField.MINUTES.value: chosen(minutes)},
        OfficeField.WHERE.value: {OfficeField.WHERE.value: {"type": "plain_text_input", "value": where}},
        OfficeField.REPEAT.value: {OfficeField.REPEAT.value: chosen(repeat)},
    }


def came_values(came: str) -> dict[str, Any]:
    return {OfficeField.CAME.value: {OfficeField.CAME.value: {"type": "number_input", "value": came}}}


def parse_came(values: Values) -> int | dict[str, str]:
    """How many came, or the error to show beside the field."""
    came = _whole(_input(values, OfficeField.CAME).get("value"))
    if came is None or came > MOST_ATTENDEES:
        return {OfficeField.CAME.value: copy.CAME_BAD.format(most=MOST_ATTENDEES)}
    return came


async def _open_view(client: AsyncWebClient, trigger_id: str, view: dict[str, Any]) -> None:
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except Exception as exc:  # an expired trigger: the person can simply try again
        log.warning("views.open failed: %s", type(exc).__name__)


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.command(Command.OFFICE_HOURS.value)
    @tracker.track
    async def office_hours(
        ack: AsyncAck, command: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        text, user, channel = (command.get("text") or "").strip().lower(), command["user_id"], command.get("channel_id")
        reply, key = ReplyTo(user, response_url=command.get("response_url"), channel=channel), delivery_key(body)
        if text == "list":
            views = await call(services, reply, key, services.office_hours.list_week, user)
            if views is None:  # the database did not answer in time: `call` has said so
                await ack()
                return
            await ack(response_type="ephemeral", **render.week_list(views, services.config.zone))
            return
        if text:
            await ack(response_type="ephemeral", text=copy.HELP)
            return
        await ack()
        fn = services.office_hours.form_for
        defaults = await call(services, reply, key, fn, user, channel=channel, reply=reply, delivery=key)
        if defaults is not None:
            await _open_view(client, command.get("trigger_id") or "", render.form(defaults))

    @app.view(Callback.OFFICE_FORM.value)
    @tracker.track
    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        parsed = parse_form(view.get("state", {}).get("values", {}))
        if isinstance(parsed, dict):
            await ack(response_action="errors", errors=parsed)
            return
        user, key = body["user"]["id"], delivery_key(body)
        reply = ReplyTo(user)
        # Stored before the form closes: what to fix stays beside its field, and a database that would not answer
        # leaves the form open with the champion's choices in it.
        fn = services.office_hours.schedule
        outcome = await store(
            services, reply, key, fn, parsed[1], parsed[0], actor=user, reply=reply, delivery=key, budget=ACK_BUDGET
        )
        if outcome is NOT_STORED:
            await ack(response_action="errors", errors={OfficeField.WHERE.value: copy.NOT_DONE_FORM})
        elif isinstance(outcome, dict):
            await ack(response_action="errors", errors=outcome)
        else:
            await ack()

    @app.action(Action.OFFICE_COMING.value)
    @tracker.track
    async def coming(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        session, reply, key = action_id_value(body), reply_to_action(body), delivery_key(body)
        if session is not None:
            fn = services.office_hours.toggle
            await call(services, reply, key, fn, session, slack_id=reply.slack_id, reply=reply, delivery=key)

    @app.action(Action.OFFICE_CANCEL.value)
    @tracker.track
    async def cancel(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        session, reply, key = action_id_value(body), reply_to_action(body), delivery_key(body)
        if session is not None:
            fn = services.office_hours.cancel
            await call(services, reply, key, fn, session, actor=reply.slack_id, reply=reply, delivery=key)

    @app.action(Action.OFFICE_ATTENDANCE.value)
    @tracker.track
    async def who_came(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        session, reply, key = action_id_value(body), reply_to_action(body), delivery_key(body)
        if session is None:
            return
        fn = services.office_hours.attendance_form
        shown = await call(services, reply, key, fn, session, actor=reply.slack_id, reply=reply, delivery=key)
        if shown is not None:
            await _open_view(client, body["trigger_id"], render.attendance_form(shown, services.config.zone))

    @app.view(Callback.OFFICE_ATTENDANCE_FORM.value)
    @tracker.track
    async def recorded(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        came = parse_came(view.get("state", {}).get("values", {}))
        if isinstance(came, dict):
            await ack(response_action="errors", errors=came)
            return
        await ack()
        meta = AttendanceMeta.loads(view.get("private_metadata"))
        if meta is None:
            return
        user, key = body["user"]["id"], delivery_key(body)
        fn = services.office_hours.record_attendance
        await call(services, ReplyTo(user), key, fn, meta.session, came, actor=user, reply=ReplyTo(user), delivery=key)
