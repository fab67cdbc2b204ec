"""The pilot's TOML file: parsed and validated at start, one clear line per problem."""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from bot.domain.reports import Severity
from bot.domain.sla import Policy, Targets

ChannelId = Annotated[str, StringConstraints(pattern=r"^[CG][A-Z0-9]{2,}$")]
WardId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PilotSection(_Strict):
    name: str = Field(min_length=1, max_length=80)
    timezone: str

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("not an IANA time zone name (e.g. Europe/London)") from None
        return value


class Channels(_Strict):
    rapid_response: ChannelId
    updates: ChannelId
    escalation: ChannelId


class Ward(_Strict):
    id: WardId
    name: str = Field(min_length=1, max_length=75)
    channel: ChannelId | None = None
    headcount: int | None = Field(default=None, ge=1)


class SlaTargets(_Strict):
    acknowledge_minutes: int = Field(ge=1, le=7 * 24 * 60)
    address_hours: float = Field(gt=0, le=24 * 14)


class Sla(_Strict):
    """Every report gets a real answer in `address_hours`; a severity may have its own targets."""

    acknowledge_minutes: int = Field(default=60, ge=1, le=7 * 24 * 60)
    address_hours: float = Field(default=24, gt=0, le=24 * 14)
    remind_at: float = Field(default=0.5, gt=0, lt=1)
    escalate_at: float = Field(default=0.75, gt=0, lt=1)
    patient_safety: SlaTargets = SlaTargets(acknowledge_minutes=15, address_hours=4)
    blocks_work: SlaTargets | None = None
    slows_down: SlaTargets | None = None
    minor: SlaTargets | None = None

    @model_validator(mode="after")
    def _order(self) -> Sla:
        if self.escalate_at <= self.remind_at:
            raise ValueError("escalate_at must come after remind_at (e.g. remind_at = 0.5, escalate_at = 0.75)")
        return self

    def policy(self) -> Policy:
        """The SLA as the domain reads it."""

        def targets(override: SlaTargets | None) -> Targets:
            minutes, hours = (
                (override.acknowledge_minutes, override.address_hours)
                if override
                else (self.acknowledge_minutes, self.address_hours)
            )
            return Targets(timedelta(minutes=minutes), timedelta(hours=hours))

        by_severity = {
            Severity.PATIENT_SAFETY: targets(self.patient_safety),
            Severity.BLOCKS_WORK: targets(self.blocks_work),
            Severity.SLOWS_DOWN: targets(self.slows_down),
            Severity.MINOR: targets(self.minor),
        }
        return Policy(by_severity, remind_at=self.remind_at, escalate_at=self.escalate_at)


class Schedule(_Strict):
    bulletin: str = "0 9 * * MON"
    leaderboard: str = "0 9 * * MON"

    @field_validator("bulletin", "leaderboard")
    @classmethod
    def _cron(cls, value: str) -> str:
        return validate_cron(value)


class SurveySchedule(_Strict):
    file: str
    schedule: str
    audience: Literal["all"] | list[str] = "all"
    remind_after_hours: float = Field(default=24, gt=0, le=24 * 14)
    close_after_hours: float = Field(default=72, gt=0, le=24 * 60)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        return validate_cron(value)


class Phi(_Strict):
    """Hospital-specific identifier formats, as regular expressions, masked as MRN."""

    mrn_patterns: list[str] = []

    @field_validator("mrn_patterns")
    @classmethod
    def _patterns(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"{pattern!r} is not a valid regular expression ({exc})") from None
        return value


class PilotConfig(_Strict):
    pilot: PilotSection
    channels: Channels
    wards: list[Ward] = Field(min_length=1)
    sla: Sla = Sla()
    schedule: Schedule = Schedule()
    surveys: list[SurveySchedule] = []
    phi: Phi = Phi()

    @field_validator("wards")
    @classmethod
    def _unique_wards(cls, wards: list[Ward]) -> list[Ward]:
        seen: set[str] = set()
        for ward in wards:
            if ward.id in seen:
                raise ValueError(f"ward id {ward.id!r} appears twice")
            seen.add(ward.id)
        return wards

    def ward(self, ward_id: str | None) -> Ward | None:
        return next((w for w in self.wards if w.id == ward_id), None)

    def ward_for_channel(self, channel_id: str | None) -> Ward | None:
        return next((w for w in self.wards if channel_id and w.channel == channel_id), None)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.pilot.timezone)


class ConfigError(Exception):
    """The pilot file has problems; `problems` holds one line each."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


def validate_cron(value: str) -> str:
    """A five-field crontab expression, as APScheduler reads it."""
    from apscheduler.triggers.cron import CronTrigger

    if len(value.split()) != 5:
        raise ValueError("must be a five-field cron expression, e.g. '0 9 * * MON'")
    try:
        CronTrigger.from_crontab(value)
    except ValueError as exc:
        raise ValueError(f"not a valid cron expression ({exc})") from None
    return value


_HINTS = {
    "rapid_response": "the 24-hour queue's channel ID, e.g. C0RAPID01",
    "updates": "the channel for the weekly bulletin, e.g. C0UPDATE1",
    "escalation": "the channel for breaches and patient-safety reports, e.g. C0ESCAL01",
    "timezone": "an IANA name such as Europe/London",
    "wards": "at least one [[wards]] table with id and name",
}


def _where(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for i, part in enumerate(loc):
        if isinstance(part, int):
            parts[-1] = f"[[{parts[-1].strip('[]')}]] #{part + 1}"
        elif i == 0:
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}")
    return "".join(parts) or "(top level)"


def _known_keys(model: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if hasattr(current, "model_fields") else None
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)]
        if not candidates:
            return []
        current = candidates[0]
    return list(current.model_fields) if hasattr(current, "model_fields") else []


def _describe(error: dict[str, Any]) -> str:
    loc: tuple[int | str, ...] = tuple(error["loc"])
    where = _where(loc)
    kind = error["type"]
    if kind == "missing":
        hint = _HINTS.get(str(loc[-1]) if loc else "", "")
        return f"{where}: missing" + (f" ({hint})" if hint else "")
    if kind == "extra_forbidden":
        known = _known_keys(PilotConfig, loc)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        return f"{where}: unknown key" + (f" (did you mean {close[0]}?)" if close else "")
    if kind == "string_pattern_mismatch":
        if loc[-1] == "id":
            return f"{where}: {error['input']!r} is not a ward id (lower-case letters, digits and -, e.g. ward-7)"
        return f"{where}: {error['input']!r} is not a Slack channel ID (e.g. C0RAPID01)"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: {message}"


def parse_config(text: str, *, path: str = "pilotbot.toml") -> PilotConfig:
    """Parses and validates the pilot file's text."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML ({exc})"]) from None
    try:
        return PilotConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(dict(e)) for e in exc.errors()]) from None


def load_config(path: Path) -> PilotConfig:
    """Reads the pilot file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found (set PILOTBOT_CONFIG or create pilotbot.toml)"]) from None
    return parse_config(text, path=str(path))
