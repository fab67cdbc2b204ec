"""view.state.values -> typed input, or {block_id: error}; and the small models that ride in private_metadata."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.reports import Severity, parse_ref
from bot.ids import Field, QField
from bot.render import copy


class FormMeta(BaseModel):
    """What the report form carries between opening and submission."""

    model_config = ConfigDict(extra="ignore")
    source: str = "form"
    channel: str | None = None  # where the form was opened from, or the shortcut message's channel
    ts: str | None = None  # the shortcut message
    draft: int | None = None  # a stored long message or DM offer this form completes

    def dumps(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)

    @classmethod
    def loads(cls, raw: str | None) -> FormMeta:
        try:
            return cls.model_validate(json.loads(raw or "{}"))
        except (ValidationError, ValueError):
            return cls()


@dataclass(frozen=True)
class ReportForm:
    what: str
    ward_id: str | None
    severity: Severity
    system: str | None
    workaround: str | None


def _value(values: dict[str, Any], field: Field) -> Any:
    return values.get(field.value, {}).get(field.value, {})


def parse_report_form(values: dict[str, Any], wards: set[str]) -> ReportForm | dict[str, str]:
    """The submitted form, or the errors to show next to each field."""
    what = (_value(values, Field.WHAT).get("value") or "").strip()
    ward = (_value(values, Field.WARD).get("selected_option") or {}).get("value")
    severity = (_value(values, Field.SEVERITY).get("selected_option") or {}).get("value")
    errors: dict[str, str] = {}
    if not what:
        errors[Field.WHAT.value] = copy.FORM_EMPTY
    if ward not in wards:
        errors[Field.WARD.value] = copy.FORM_PICK_WARD
    if errors:
        return errors
    try:
        level = Severity(str(severity))
    except ValueError:
        level = Severity.SLOWS_DOWN
    system = (_value(values, Field.SYSTEM).get("value") or "").strip() or None
    workaround = (_value(values, Field.WORKAROUND).get("value") or "").strip() or None
    return ReportForm(what, ward, level, system, workaround)


def report_form_values(
    what: str,
    ward: str | None,
    severity: Severity = Severity.SLOWS_DOWN,
    system: str | None = None,
    workaround: str | None = None,
) -> dict[str, Any]:
    """view.state.values as Slack sends them for a filled-in report form (the inverse of parse_report_form)."""

    def text(value: str | None) -> dict[str, Any]:
        return {"type": "plain_text_input", "value": value}

    def chosen(kind: str, value: str | None) -> dict[str, Any]:
        return {
            "type": kind,
            "selected_option": {"value": value, "text": {"type": "plain_text", "text": value}} if value else None,
        }

    return {
        Field.WHAT.value: {Field.WHAT.value: text(what)},
        Field.WARD.value: {Field.WARD.value: chosen("static_select", ward)},
        Field.SEVERITY.value: {Field.SEVERITY.value: chosen("radio_buttons", severity.value)},
        Field.SYSTEM.value: {Field.SYSTEM.value: text(system)},
        Field.WORKAROUND.value: {Field.WORKAROUND.value: text(workaround)},
    }


# --- the queue's forms (issue 3) -------------------------------------------------------------------------


@dataclass(frozen=True)
class QueueInput:
    text: str = ""
    summary: str = ""
    owner: str | None = None
    expected_fix: date | None = None
    into: int | None = None
    severity: Severity | None = None
    share_with_ward: bool = False
    title: str = ""


class QueueMeta(BaseModel):
    model_config = ConfigDict(extra="ignore")
    report: int
    move: str

    @classmethod
    def loads(cls, raw: str | None) -> QueueMeta | None:
        try:
            return cls.model_validate(json.loads(raw or "{}"))
        except (ValidationError, ValueError):
            return None


def _field(values: dict[str, Any], field: QField) -> dict[str, Any]:
    found = values.get(field.value, {}).get(field.value, {})
    return found if isinstance(found, dict) else {}


def _text_of(values: dict[str, Any], field: QField) -> str:
    return str(_field(values, field).get("value") or "").strip()


def _date_of(values: dict[str, Any], field: QField) -> date | None:
    raw = _field(values, field).get("selected_date")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


class _Errors(dict[str, str]):
    def need(self, values: dict[str, Any], field: QField, message: str = "Required.") -> str:
        value = _text_of(values, field)
        if not value:
            self[field.value] = message
        return value


def _plan(values: dict[str, Any], errors: _Errors, today: date) -> QueueInput:
    fix = _date_of(values, QField.EXPECTED_FIX)
    if fix is None or fix < today:
        errors[QField.EXPECTED_FIX.value] = "Pick today or a later date."
    return QueueInput(text=errors.need(values, QField.NOTE), expected_fix=fix)


def _merge(values: dict[str, Any], errors: _Errors, today: date) -> QueueInput:
    into = parse_ref(_text_of(values, QField.INTO), bare=True)
    if into is None:
        errors[QField.INTO.value] = copy.BAD_REF
    return QueueInput(into=into)


def _reassign(values: dict[str, Any], errors: _Errors, today: date) -> QueueInput:
    owner = _field(values, QField.OWNER).get("selected_user")
    if not owner:
        errors[QField.OWNER.value] = "Pick someone."
    return QueueInput(owner=str(owner) if owner else None)


def _severity(values: dict[str, Any], errors: _Errors, today: date) -> QueueInput:
    chosen = str((_field(values, QField.SEVERITY).get("selected_option") or {}).get("value"))
    if chosen not in Severity._value2member_map_:
        errors[QField.SEVERITY.value] = "Pick a severity."
        return QueueInput()
    return QueueInput(severity=Severity(chosen))


def _known_issue(values: dict[str, Any], errors: _Errors, today: date) -> QueueInput:
    return QueueInput(
        title=errors.need(values, QField.TITLE),
        text=errors.need(values, QField.CAUSE),
        summary=_text_of(values, QField.WORKAROUND),
        expected_fix=_date_of(values, QField.EXPECTED_FIX),
    )


_PARSERS: dict[str, Callable[[dict[str, Any], _Errors, date], QueueInput]] = {
    "need_info": lambda v, e, t: QueueInput(text=e.need(v, QField.QUESTION)),
    "plan": _plan,
    "workaround": lambda v, e, t: QueueInput(
        text=e.need(v, QField.WORKAROUND), share_with_ward=bool(_field(v, QField.SHARE).get("selected_options"))
    ),
    "resolve": lambda v, e, t: QueueInput(text=e.need(v, QField.RESOLUTION), summary=e.need(v, QField.SUMMARY)),
    "merge": _merge,
    "reassign": _reassign,
    "set_severity": _severity,
    "known_issue": _known_issue,
    "answer": lambda v, e, t: QueueInput(text=e.need(v, QField.ANSWER)),
    "loop": lambda v, e, t: QueueInput(text=e.need(v, QField.HEARD), summary=e.need(v, QField.DOING)),
}


def parse_queue_form(move: str, values: dict[str, Any], *, today: date) -> QueueInput | dict[str, str]:
    """A responder's form (or the known-issue or answer form), or the errors to show beside each field."""
    parser = _PARSERS.get(move)
    if parser is None:
        return {}
    errors = _Errors()
    result = parser(values, errors, today)
    return dict(errors) if errors else result


def queue_form_values(**given: Any) -> dict[str, Any]:
    """view.state.values for the queue forms, keyed by QField names (the inverse of parse_queue_form).

    e.g. queue_form_values(note="...", expected_fix=date(2026, 11, 20)), or owner="U1", share_with_ward=True.
    """
    values: dict[str, Any] = {}
    for name, value in given.items():
        field = QField(name) if name in QField._value2member_map_ else QField[name.upper()]
        if isinstance(value, date):
            element: dict[str, Any] = {"type": "datepicker", "selected_date": value.isoformat()}
        elif field is QField.OWNER:
            element = {"type": "users_select", "selected_user": value}
        elif field is QField.SHARE:
            element = {"type": "checkboxes", "selected_options": [{"value": "yes"}] if value else []}
        elif field is QField.SEVERITY:
            element = {"type": "radio_buttons", "selected_option": {"value": str(value)}}
        else:
            element = {"type": "plain_text_input", "value": value}
        values[field.value] = {field.value: element}
    return values
