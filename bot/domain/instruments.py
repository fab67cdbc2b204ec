"""Survey instruments as data: questions, scales and scoring, validated with one precise line per problem."""

from __future__ import annotations

import tomllib
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
LIKERT_LABELS = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
YES_NO = ("Yes", "No")


class Kind(StrEnum):
    LIKERT = "likert"  # 5 points, 1..5
    NPS = "nps"  # 0..10
    CHOICE = "choice"  # one of the options
    MULTI = "multi"  # any of the options
    YESNO = "yesno"
    TEXT = "text"  # a short free-text answer


class Scoring(StrEnum):
    NONE = "none"
    SUS = "sus"  # the 10-item System Usability Scale, scored 0-100 (Brooke 1996)
    NPS = "nps"  # the net promoter score of the one nps question


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    kind: Kind
    text: str = Field(min_length=1, max_length=280)
    options: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()  # likert: the five anchors; nps: the two ends
    optional: bool = False

    @model_validator(mode="after")
    def _options(self) -> Question:
        if self.kind in (Kind.CHOICE, Kind.MULTI):
            if not 2 <= len(self.options) <= 10:
                raise ValueError(f"a {self.kind.value} question needs 2 to 10 options")
            if len(set(self.options)) != len(self.options):
                raise ValueError("options must differ from each other")
            if any(not 0 < len(o) <= 75 for o in self.options):
                raise ValueError("each option must be 1 to 75 characters")
        elif self.options:
            raise ValueError(f"a {self.kind.value} question takes no options")
        if self.kind is Kind.LIKERT and self.labels and len(self.labels) != 5:
            raise ValueError("likert labels must be exactly five")
        return self

    def choices(self) -> tuple[tuple[str, str], ...]:
        """(value, label) pairs a person can tap; empty for text."""
        match self.kind:
            case Kind.LIKERT:
                labels = self.labels or LIKERT_LABELS
                return tuple((str(i + 1), label) for i, label in enumerate(labels))
            case Kind.NPS:
                return tuple((str(i), str(i)) for i in range(11))
            case Kind.YESNO:
                return (("yes", YES_NO[0]), ("no", YES_NO[1]))
            case Kind.CHOICE | Kind.MULTI:
                return tuple((str(i), option) for i, option in enumerate(self.options))
        return ()

    def accepts(self, value: Any) -> bool:
        if self.kind is Kind.TEXT:
            return isinstance(value, str) and 0 < len(value.strip()) <= 3000
        allowed = {v for v, _ in self.choices()}
        if self.kind is Kind.MULTI:
            return isinstance(value, list) and all(v in allowed for v in value)
        return value in allowed


class Instrument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    title: str = Field(min_length=1, max_length=100)
    intro: str = Field(min_length=1, max_length=500)
    anonymous: bool = True
    scoring: Scoring = Scoring.NONE
    questions: tuple[Question, ...] = Field(min_length=1, max_length=12)

    @model_validator(mode="after")
    def _whole(self) -> Instrument:
        ids = [q.id for q in self.questions]
        duplicate = next((i for i in ids if ids.count(i) > 1), None)
        if duplicate:
            raise ValueError(f"question id {duplicate!r} appears twice")
        if self.scoring is Scoring.SUS and (
            len(self.questions) != 10 or any(q.kind is not Kind.LIKERT for q in self.questions)
        ):
            raise ValueError("SUS scoring needs exactly the ten 5-point likert statements, in their published order")
        if self.scoring is Scoring.NPS and sum(q.kind is Kind.NPS for q in self.questions) != 1:
            raise ValueError("NPS scoring needs exactly one nps question")
        return self

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


class InstrumentError(Exception):
    """An instrument file has problems; `problems` holds one line each, naming file, question and fault."""

    def __init__(self, path: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{path}: {p}" for p in problems))


def _where(raw: dict[str, Any], loc: tuple[int | str, ...]) -> str:
    if len(loc) >= 2 and loc[0] == "questions" and isinstance(loc[1], int):
        questions = raw.get("questions") or []
        qid = questions[loc[1]].get("id") if loc[1] < len(questions) and isinstance(questions[loc[1]], dict) else None
        rest = ".".join(str(p) for p in loc[2:])
        return f"question {loc[1] + 1}{f' ({qid})' if qid else ''}" + (f", {rest}" if rest else "")
    return ".".join(str(p) for p in loc) or "the instrument"


def _message(error: dict[str, Any]) -> str:
    kind, message = error["type"], str(error["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "enum":
        return (
            f"{error['input']!r} is not one of {', '.join(k.value for k in Kind)}"
            if "kind" in str(error["loc"])
            else message
        )
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not an id (lower-case letters, digits, - and _)"
    if kind == "string_too_short":
        return "is empty"
    return message


def parse_instrument(text: str, *, path: str) -> Instrument:
    """An instrument from TOML text, or InstrumentError with one line per problem."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InstrumentError(path, [f"not valid TOML ({exc})"]) from None
    try:
        return Instrument.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        # A question with errors also empties the list; say what is wrong with the question, not that.
        if any(len(e["loc"]) > 1 and e["loc"][0] == "questions" for e in errors):
            errors = [e for e in errors if tuple(e["loc"]) != ("questions",)]
        problems = [f"{_where(raw, tuple(e['loc']))}: {_message(dict(e))}" for e in errors]
        raise InstrumentError(path, problems) from None
