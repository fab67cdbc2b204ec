"""view.state.values -> typed input, or {block_id: error}; and the small models that ride in private_metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from bot.domain.reports import Severity
from bot.render import copy
from bot.slack.ids import Field


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
