"""The project-team digest as Slack messages: the go/no-go gates with their evidence and the decision log, then
RE-AIM for the whole pilot and per ward, each figure next to last week's, and what moved.

Every definition is shown once, at the end; each ward is one line so a 50-ward pilot still reads on a phone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain.gates import Bound, Decision, GateResult, GateStatus, Metric, Verdict
from bot.domain.reaim import DEFINITIONS, Dimension, Reaim, ReaimWeek, Score, Trend
from bot.domain.weeks import IsoWeek
from bot.ids import Action, Callback
from bot.render import copy_weekly as copy
from bot.render.blocks import (
    actions,
    button,
    context,
    divider,
    escape,
    field_input,
    header,
    modal,
    section,
    select,
    text_input,
)
from bot.render.bulletin import span
from bot.render.queue import day, when
from bot.render.weekly import Rendered, duration, duration_change, pack, paragraphs, pct, points

FRACTIONS = {Metric.ADOPTION, Metric.SLA_COMPLIANCE, Metric.SURVEY_RESPONSE_RATE, Metric.CHAMPION_COVERAGE}
COUNTS = {Metric.OPEN_PATIENT_SAFETY}


@dataclass(frozen=True)
class Recorded:
    """The committee's last recorded decision."""

    week: str
    decision: str
    by: str
    at: datetime
    note: str | None


def value_text(metric: Metric, value: float | None) -> str:
    if value is None:
        return "no data"
    if metric in FRACTIONS:
        return f"{value:.0%}"
    if metric in COUNTS:
        return f"{value:g}"
    return f"{value:.1f}"


def threshold_text(metric: Metric, threshold: float) -> str:
    return f"{threshold:.0%}" if metric in FRACTIONS else f"{threshold:g}"


def gate_line(result: GateResult) -> str:
    """`pilotbot gates`: name, measured value, threshold, status, as one plain line."""
    gate = result.gate
    sign = "≥" if gate.bound is Bound.MIN else "≤"
    measured = "-" if result.value is None else f"{result.value:.4g}"
    return f"{gate.name}: {measured} (threshold {sign} {gate.threshold:g}) {result.status.value}"


def _gate(result: GateResult) -> str:
    gate = result.gate
    return copy.GATE_LINE.format(
        mark=copy.GATE_MARK[result.status],
        name=escape(gate.name),
        value=value_text(gate.metric, result.value),
        bound="at least" if gate.bound is Bound.MIN else "at most",
        threshold=threshold_text(gate.metric, gate.threshold),
        status=result.status.value,
        evidence=escape(result.evidence),
    )


def _decision(decision: Decision | None, recorded: Recorded | None, week: str) -> Rendered:
    if decision is None:
        return [section(copy.DIGEST_NO_GATES)]
    passed = sum(r.status is GateStatus.PASS for r in decision.results)
    verdict = copy.VERDICT[decision.verdict]
    head = copy.DIGEST_DECISION.format(verdict=verdict, passed=passed, total=len(decision.results))
    blocks: Rendered = [section(head), *paragraphs([_gate(r) for r in decision.results])]
    if recorded is None:
        said = copy.DIGEST_NONE_RECORDED
    else:
        note = f": “{escape(recorded.note)}”" if recorded.note else ""
        said = copy.DIGEST_RECORDED.format(decision=recorded.decision, by=recorded.by, day=day(recorded.at), note=note)
    blocks.append(context(said))
    blocks.append(actions("decision", button(copy.DIGEST_RECORD, Action.DECISION_RECORD.value, week)))
    return blocks


def _scores(scores: Sequence[Score]) -> str:
    shown = []
    for s in scores:
        if s.score.value is None:
            continue
        label = s.measure or s.instrument_id
        change = "" if s.score.change is None else f" ({s.score.change:+.1f})"
        shown.append(f"{escape(label)} {s.score.value:.1f}{change}")
    return ", ".join(shown) or "no data"


def _maintenance(reaim: Reaim) -> str:
    series = reaim.maintenance.series
    if not series:
        return "not judged yet"
    return ", ".join(f"{escape(s.name)} {copy.KEPT[s.kept]}" for s in series)


def _fields(reaim: Reaim) -> list[str]:
    return [
        f"*{Dimension.REACH.value}*\n" + _joined(pct(reaim.reach.value), points(reaim.reach.change)),
        f"*{Dimension.EFFECTIVENESS.value}*\n{_scores(reaim.effectiveness)}",
        f"*{Dimension.ADOPTION.value}*\n" + _joined(pct(reaim.adoption.value), points(reaim.adoption.change)),
        f"*{Dimension.IMPLEMENTATION.value}*\n" + _implementation(reaim),
        f"*{Dimension.MAINTENANCE.value}*\n{_maintenance(reaim)}",
    ]


def _joined(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _implementation(reaim: Reaim) -> str:
    imp = reaim.implementation
    return "; ".join(
        (
            _joined(pct(imp.sla_compliance.value), "in time", points(imp.sla_compliance.change)),
            _joined(pct(imp.answered_share.value), "answered"),
            _joined("first response", duration(imp.first_response_median.value),
                    duration_change(imp.first_response_median.change)),
        )
    )  # fmt: skip


def ward_line(reaim: Reaim, name: str) -> str:
    imp = reaim.implementation
    return f"*{escape(name)}*: " + " · ".join(
        (
            _joined("reach", pct(reaim.reach.value), points(reaim.reach.change)),
            _joined("adoption", pct(reaim.adoption.value), points(reaim.adoption.change)),
            _joined("in time", pct(imp.sla_compliance.value)),
            _joined("first response", duration(imp.first_response_median.value)),
            _joined("scores", _scores(reaim.effectiveness)),
            _maintenance(reaim),
        )
    )


def _moved(name: str, trend: Trend[float]) -> str | None:
    change = trend.change
    if change is None or round(change * 100) == 0:
        return None
    return f"{name} {pct(trend.previous)} → {pct(trend.value)}"


def changes(reaim: ReaimWeek, gates_before: Mapping[str, str], decision: Decision | None) -> list[str]:
    """What moved since last week: the pilot's shares, any gate that changed status, any ward that decayed."""
    overall = reaim.overall
    moved = [
        _moved("Reach", overall.reach),
        _moved("Adoption", overall.adoption),
        _moved("Answers in time", overall.implementation.sla_compliance),
    ]
    lines = [f"• {m}" for m in moved if m]
    for result in decision.results if decision is not None else ():
        before = gates_before.get(result.gate.name)
        if before is not None and before != result.status.value:
            lines.append(f"• Gate {escape(result.gate.name)}: {before} → {result.status.value}")
    return lines


def digest(
    week: IsoWeek,
    reaim: ReaimWeek,
    decision: Decision | None,
    recorded: Recorded | None,
    *,
    wards: Mapping[str, str],
    gates_before: Mapping[str, str],
    late_since: datetime | None = None,
) -> list[dict[str, Any]]:
    """The digest's messages: the first is the post, the others its thread replies."""
    top: Rendered = [header(copy.DIGEST_TITLE.format(week=week.week, span=span(week)))]
    if late_since is not None:
        top.append(context(copy.DIGEST_LATE.format(due=when(late_since))))
    moved = changes(reaim, gates_before, decision)
    sections: list[Rendered] = [
        top,
        _decision(decision, recorded, week.label),
        [divider(), section(copy.DIGEST_OVERALL, fields=_fields(reaim.overall))],
        [section(copy.DIGEST_CHANGED + "\n" + ("\n".join(moved) if moved else copy.DIGEST_NOTHING_CHANGED))],
    ]
    if reaim.wards:
        lines = [ward_line(w, wards.get(w.ward or "", w.ward or "")) for w in reaim.wards]
        sections.append([divider(), *paragraphs(lines)])
    definitions = [copy.DIGEST_DEFINITIONS, *(f"*{d.value}*: {DEFINITIONS[d]}" for d in Dimension)]
    sections.append([context("\n".join(definitions))])
    verdict = copy.VERDICT[decision.verdict] if decision is not None else "no gates"
    return pack(copy.DIGEST_NOTIFY.format(week=week.week, verdict=verdict), sections)


DECISION_FIELD, NOTE_FIELD = "decision", "note"


def decision_form(week: IsoWeek, evaluated: str | None) -> dict[str, Any]:
    """The form a lead records the committee's decision with: GO or NO-GO (the gates' verdict first), and a note."""
    choices = [(copy.VERDICT[v], v.value) for v in Verdict]
    intro = copy.DECISION_INTRO.format(verdict=evaluated or "no verdict", week=week.label)
    verdicts = select(DECISION_FIELD, copy.DECISION_FIELD, choices, evaluated)
    blocks = [
        section(intro),
        field_input(DECISION_FIELD, copy.DECISION_FIELD, verdicts),
        field_input(NOTE_FIELD, copy.DECISION_NOTE, text_input(NOTE_FIELD, max_length=2000), optional=True),
    ]
    return modal(
        Callback.DECISION_FORM.value,
        copy.DECISION_TITLE,
        blocks,
        {"week": week.label},
        submit=copy.DECISION_SUBMIT,
        close=copy.DECISION_CLOSE,
    )
