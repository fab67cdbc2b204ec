"""The pilot's TOML file: parsed and validated at start, one clear line per problem."""

from __future__ import annotations

import difflib
import re
import tomllib
from datetime import time, timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, field_validator, model_validator

from bot.domain.gates import Gate, validate_gates
from bot.domain.instruments import Instrument, InstrumentError, parse_instrument
from bot.domain.reports import Severity
from bot.domain.roster import Role
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
    project: ChannelId | None = None  # the project-team digest; without it, each lead gets it by DM


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
    digest: str = "0 8 * * MON"

    @field_validator("bulletin", "leaderboard", "digest")
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


class Pulse(_Strict):
    """How often, and when, people may be asked to answer surveys."""

    quiet_hours: str = "22:00-07:00"  # local time in the pilot's zone; sends inside it wait until it ends
    prompts_per_week: int = Field(default=3, ge=1, le=20)  # invitations and reminders, all surveys together

    @field_validator("quiet_hours")
    @classmethod
    def _hours(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d", value):
            raise ValueError("must look like 22:00-07:00 (24-hour clock, start-end)")
        return value

    @property
    def quiet(self) -> tuple[time, time]:
        start, end = self.quiet_hours.split("-")
        return time.fromisoformat(start), time.fromisoformat(end)


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


class Adoption(_Strict):
    min_group: int = Field(default=5, ge=1, le=100)  # a ward with fewer rostered staff is listed unranked


class Champions(_Strict):
    staff_per_champion: int = Field(default=20, ge=1, le=500)
    office_hours_reminder_minutes: int = Field(default=15, ge=1, le=24 * 60)


class PilotConfig(_Strict):
    pilot: PilotSection
    channels: Channels
    wards: list[Ward] = Field(min_length=1)
    sla: Sla = Sla()
    schedule: Schedule = Schedule()
    surveys: list[SurveySchedule] = []
    pulse: Pulse = Pulse()
    phi: Phi = Phi()
    adoption: Adoption = Adoption()
    champions: Champions = Champions()
    gates: list[dict[str, Any]] = []  # checked by domain.gates at load; `go_no_go` holds the parsed gates
    go_no_go: list[Gate] = Field(default_factory=list, exclude=True)
    instruments: dict[str, Instrument] = Field(default_factory=dict, exclude=True)  # loaded from surveys[].file

    @field_validator("wards")
    @classmethod
    def _unique_wards(cls, wards: list[Ward]) -> list[Ward]:
        seen: set[str] = set()
        for ward in wards:
            if ward.id in seen:
                raise ValueError(f"ward id {ward.id!r} appears twice")
            seen.add(ward.id)
        return wards

    def instrument_for(self, schedule: SurveySchedule) -> Instrument:
        return self.instruments[schedule.file]

    def ward(self, ward_id: str | None) -> Ward | None:
        return next((w for w in self.wards if w.id == ward_id), None)

    def ward_for_channel(self, channel_id: str | None) -> Ward | None:
        return next((w for w in self.wards if channel_id and w.channel == channel_id), None)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.pilot.timezone)


class ConfigError(Exception):
    """The pilot file has problems; `problems` holds one line each."""

    def __init__(self, path: str | None, problems: list[str]) -> None:
        """`path` prefixes each line; None when the lines already name their file."""
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" if path else p for p in problems))


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


def parse_config(text: str, *, path: str = "pilotbot.toml", base: Path | None = None) -> PilotConfig:
    """Parses and validates the pilot file's text, and loads the survey instruments it names.

    A survey file is looked for relative to the pilot file (`base`), then among the instruments shipped
    with pilotbot (`surveys/` in the repository), by file name.
    """
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, [f"not valid TOML ({exc})"]) from None
    for internal in ("instruments", "go_no_go"):
        if internal in raw:
            raise ConfigError(path, [f"{internal}: unknown key"])
    try:
        config = PilotConfig.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(path, [_describe(dict(e)) for e in exc.errors()]) from None
    gates, problems = validate_gates(raw.get("gates", []))
    if problems:
        raise ConfigError(path, problems)
    instruments = _instruments(config, path, base or Path(path).parent)
    return config.model_copy(update={"instruments": instruments, "go_no_go": gates})


def _instruments(config: PilotConfig, path: str, base: Path) -> dict[str, Instrument]:
    loaded: dict[str, Instrument] = {}
    problems: list[str] = []
    for number, schedule in enumerate(config.surveys, start=1):
        text = _survey_text(base, schedule.file)
        if text is None:
            problems.append(
                f"{path}: [[surveys]] #{number}.file: {schedule.file} not found (next to the pilot "
                "file, or among the shipped instruments)"
            )
            continue
        try:
            loaded[schedule.file] = parse_instrument(text, path=schedule.file)
        except InstrumentError as exc:
            problems += str(exc).splitlines()
        if schedule.audience != "all":
            wards = {w.id for w in config.wards}
            for item in schedule.audience:
                role = item.removeprefix("role:")
                if item.startswith("role:") and role not in {r.value for r in Role}:
                    problems.append(f"{path}: [[surveys]] #{number}.audience: {item!r} is not a role")
                elif not item.startswith("role:") and item not in wards:
                    problems.append(f"{path}: [[surveys]] #{number}.audience: {item!r} is not a ward id or role:<role>")
    if problems:
        raise ConfigError(None, problems)
    return loaded


def _survey_text(base: Path, file: str) -> str | None:
    candidate = base / file
    if candidate.is_file():
        return candidate.read_text(encoding="utf-8")
    shipped = resources.files("bot").joinpath("surveys", Path(file).name)
    return shipped.read_text(encoding="utf-8") if shipped.is_file() else None


def load_config(path: Path) -> PilotConfig:
    """Reads the pilot file from disk."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found (set PILOTBOT_CONFIG or create pilotbot.toml)"]) from None
    return parse_config(text, path=str(path), base=path.parent)
