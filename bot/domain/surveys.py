"""Pulse survey rules: scoring (SUS, NPS), anonymity (small-group and complementary suppression), themes,
quiet hours and the per-person prompt budget. Pure."""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain.instruments import Instrument, Kind, Question, Scoring
from bot.domain.sus_grades import sus_grade

MIN_GROUP = 5  # no group smaller than this is ever shown, free text included
SUS_AVERAGE = 68.0  # the published average SUS score (Sauro 2011)

# --- scoring -------------------------------------------------------------------------------------------


def sus_score(answers: Mapping[str, Any], instrument: Instrument) -> float | None:
    """Brooke's scoring: odd items (score - 1), even items (5 - score), summed, times 2.5. None if incomplete."""
    total = 0
    for position, question in enumerate(instrument.questions, start=1):
        raw = answers.get(question.id)
        if raw is None:
            return None
        value = int(raw)
        total += (value - 1) if position % 2 == 1 else (5 - value)
    return total * 2.5


def net_promoter(values: Iterable[int]) -> float | None:
    """% promoters (9-10) minus % detractors (0-6), -100..100; None with no answers."""
    scores = list(values)
    if not scores:
        return None
    promoters = sum(v >= 9 for v in scores)
    detractors = sum(v <= 6 for v in scores)
    return 100.0 * (promoters - detractors) / len(scores)


# --- anonymity -----------------------------------------------------------------------------------------


def suppressed(sizes: Mapping[str, int], *, k: int = MIN_GROUP) -> set[str]:
    """Groups whose figures must not be shown.

    Every group under `k` is hidden. Because the total is shown, the hidden groups together could be
    recovered by subtraction (total minus the shown groups); so more groups are hidden, smallest first,
    until the hidden ones hold at least `k` people and there are at least two of them, or everything is hidden.
    """
    hidden = {g for g, n in sizes.items() if n < k}
    visible = sorted((g for g in sizes if g not in hidden), key=lambda g: (sizes[g], g))
    while hidden and visible and (sum(sizes[g] for g in hidden) < k or len(hidden) < 2):
        hidden.add(visible.pop(0))
    return hidden


# --- themes --------------------------------------------------------------------------------------------

_STOP = frozenset(
    """
    the and for that this with you are was were have has had not but all can get got its it's our out
    too very just when what which who why how they them their there then than from into onto about
    would could should will into more most some any one two new system time times every really still
    also being been because like need needs make makes made does doesn't don't isn't can't won't day
    days week shift shifts thing things lot lots much many way ward wards use used using work working
    again
    """.split()
)
_WORD = re.compile(r"[a-z][a-z'-]{2,}")


def themes(texts: Iterable[str], *, top: int = 5) -> list[tuple[str, int]]:
    """The words and word pairs most answers mention (counted once per answer), masked tokens left out."""
    counts: Counter[str] = Counter()
    for text in texts:
        words = [w for w in _WORD.findall(re.sub(r"\[[A-Z]+\]", " ", text).lower()) if w not in _STOP]

        grams = set(words) | {f"{a} {b}" for a, b in itertools.pairwise(words)}
        counts.update(grams)
    common = [(g, n) for g, n in counts.most_common() if n >= 2]
    pairs = [(g, n) for g, n in common if " " in g]
    words_in_pairs = {w for g, _ in pairs for w in g.split()}
    chosen = pairs + [(g, n) for g, n in common if " " not in g and g not in words_in_pairs]
    return sorted(chosen, key=lambda item: (-item[1], item[0]))[:top]


# --- when people may be asked --------------------------------------------------------------------------


def out_of_quiet_hours(at: datetime, zone: ZoneInfo, start: time, end: time) -> datetime:
    """`at`, or the end of the quiet hours it falls in (local time, which may span midnight)."""
    local = at.astimezone(zone)
    clock = local.timetz().replace(tzinfo=None)
    spans_midnight = start > end
    quiet = (clock >= start or clock < end) if spans_midnight else start <= clock < end
    if not quiet:
        return at
    wake = local.replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    if wake <= local:
        wake = (local + timedelta(days=1)).replace(hour=end.hour, minute=end.minute, second=0, microsecond=0)
    return datetime.combine(wake.date(), end, tzinfo=zone).astimezone(at.tzinfo)


def within_budget(recent_prompts: int, budget: int) -> bool:
    """Whether one more prompt keeps a person within their budget (prompts in the last seven days)."""
    return recent_prompts < budget


# --- results -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    """One person's answers in one run: no name, no time; the ward and role only for group figures."""

    answers: Mapping[str, Any]
    ward: str | None
    role: str | None


@dataclass(frozen=True)
class QuestionResult:
    id: str
    text: str
    kind: Kind
    answered: int
    counts: tuple[tuple[str, int], ...] = ()  # (label, how many) for tap questions
    mean: float | None = None  # likert 1..5
    score: float | None = None  # nps
    themes: tuple[tuple[str, int], ...] = ()  # text


@dataclass(frozen=True)
class GroupFigure:
    group: str
    respondents: int
    value: float | None  # None when suppressed


@dataclass(frozen=True)
class Summary:
    instrument_id: str
    title: str
    invited: int
    responded: int
    rate_by_ward: tuple[tuple[str, int, int], ...]  # (ward, responded, invited)
    shown: bool  # False when fewer than MIN_GROUP answered: nothing but counts is shown
    questions: tuple[QuestionResult, ...] = ()
    headline: str | None = None  # what `value` measures: "SUS", "NPS" or a question's mean
    headline_value: float | None = None
    sus_adjective: str | None = None
    sus_grade: str | None = None
    by_ward: tuple[GroupFigure, ...] = ()
    by_role: tuple[GroupFigure, ...] = ()
    change: float | None = None  # headline change since the previous run
    notes: tuple[str, ...] = field(default_factory=tuple)


def _question(question: Question, responses: Sequence[Response]) -> QuestionResult:
    given = [r.answers[question.id] for r in responses if question.id in r.answers]
    if question.kind is Kind.TEXT:
        return QuestionResult(question.id, question.text, question.kind, len(given), themes=tuple(themes(given)))
    labels = dict(question.choices())
    tally: Counter[str] = Counter()
    for value in given:
        tally.update(value if isinstance(value, list) else [value])
    counts = tuple((labels[v], tally[v]) for v in labels)
    mean = statistics.fmean(int(v) for v in given) if question.kind is Kind.LIKERT and given else None
    score = net_promoter(int(v) for v in given) if question.kind is Kind.NPS else None
    return QuestionResult(question.id, question.text, question.kind, len(given), counts=counts, mean=mean, score=score)


def headline(instrument: Instrument, responses: Sequence[Response]) -> tuple[str | None, float | None]:
    """The one figure a run is summed up by: SUS, NPS, else the first likert statement's mean."""
    if instrument.scoring is Scoring.SUS:
        scores = [s for r in responses if (s := sus_score(r.answers, instrument)) is not None]
        return "SUS", statistics.fmean(scores) if scores else None
    if instrument.scoring is Scoring.NPS:
        nps_q = next(q for q in instrument.questions if q.kind is Kind.NPS)
        return "NPS", net_promoter(int(r.answers[nps_q.id]) for r in responses if nps_q.id in r.answers)
    likert = next((q for q in instrument.questions if q.kind is Kind.LIKERT), None)
    if likert is None:
        return None, None
    values = [int(r.answers[likert.id]) for r in responses if likert.id in r.answers]
    return f"mean of “{likert.text}” (1-5)", statistics.fmean(values) if values else None


def _groups(instrument: Instrument, responses: Sequence[Response], key: str) -> tuple[GroupFigure, ...]:
    members: dict[str, list[Response]] = {}
    for response in responses:
        members.setdefault(getattr(response, key) or "unknown", []).append(response)
    hidden = suppressed({g: len(rs) for g, rs in members.items()})
    return tuple(
        GroupFigure(g, len(rs), None if g in hidden else headline(instrument, rs)[1])
        for g, rs in sorted(members.items())
    )


def summarize(
    instrument: Instrument,
    responses: Sequence[Response],
    invited_by_ward: Mapping[str, int],
    previous: float | None = None,
) -> Summary:
    """A run's results with every anonymity rule applied; under MIN_GROUP answers, only the counts."""
    answered = [r for r in responses if r.answers]
    by_ward = Counter(r.ward or "unknown" for r in answered)
    rates = tuple((w, by_ward.get(w, 0), n) for w, n in sorted(invited_by_ward.items()))
    base = Summary(
        instrument.id,
        instrument.title,
        sum(invited_by_ward.values()),
        len(answered),
        rates,
        shown=len(answered) >= MIN_GROUP,
    )
    if not base.shown:
        return base
    name, value = headline(instrument, answered)
    grade = sus_grade(value) if instrument.scoring is Scoring.SUS and value is not None else None
    adjective, letter = (grade.adjective, grade.letter) if grade is not None else (None, None)
    return Summary(
        base.instrument_id,
        base.title,
        base.invited,
        base.responded,
        rates,
        True,
        questions=tuple(_question(q, answered) for q in instrument.questions),
        headline=name,
        headline_value=value,
        sus_adjective=adjective,
        sus_grade=letter,
        by_ward=_groups(instrument, answered, "ward"),
        by_role=_groups(instrument, answered, "role"),
        change=(value - previous) if value is not None and previous is not None else None,
    )


def summary_to_dict(summary: Summary) -> dict[str, Any]:
    """A JSON-safe copy, kept with the closed run so its results can be shown again exactly."""
    safe: dict[str, Any] = json_safe(asdict(summary))
    return safe


def json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value.value if isinstance(value, Kind) else value


def summary_from_dict(data: Mapping[str, Any]) -> Summary:
    questions = tuple(
        QuestionResult(
            q["id"],
            q["text"],
            Kind(q["kind"]),
            q["answered"],
            tuple(map(tuple, q["counts"])),
            q["mean"],
            q["score"],
            tuple(map(tuple, q["themes"])),
        )
        for q in data["questions"]
    )
    return Summary(
        data["instrument_id"],
        data["title"],
        data["invited"],
        data["responded"],
        tuple(map(tuple, data["rate_by_ward"])),
        data["shown"],
        questions,
        data["headline"],
        data["headline_value"],
        data["sus_adjective"],
        data["sus_grade"],
        tuple(GroupFigure(**g) for g in data["by_ward"]),
        tuple(GroupFigure(**g) for g in data["by_role"]),
        data["change"],
        tuple(data["notes"]),
    )
