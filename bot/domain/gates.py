"""Go/no-go gates: the criteria agreed before the pilot, checked against measured values. Pure.

A gate is a name, a metric and one threshold, `min` (the value must be at least it) or `max` (at most it). A
gate whose metric has no value is NO DATA; the decision is GO only when every gate passes, so NO DATA or FAIL
anywhere, or no gates at all, is NO-GO.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Metric(StrEnum):
    ADOPTION = "adoption"
    SLA_COMPLIANCE = "sla_compliance"
    SUS = "sus"
    NPS = "nps"
    SURVEY_RESPONSE_RATE = "survey_response_rate"
    OPEN_PATIENT_SAFETY = "open_patient_safety"
    CHAMPION_COVERAGE = "champion_coverage"
    REPORTS_PER_100_STAFF = "reports_per_100_staff"


@dataclass(frozen=True)
class Scale:
    low: float
    high: float | None  # None: no upper limit
    words: str  # what the scale is, for a problem message


_FRACTION = Scale(0, 1, "a fraction from 0 to 1 (write 70% as 0.70)")
SCALES: Mapping[Metric, Scale] = {
    Metric.ADOPTION: _FRACTION,
    Metric.SLA_COMPLIANCE: _FRACTION,
    Metric.SUS: Scale(0, 100, "a SUS score from 0 to 100"),
    Metric.NPS: Scale(-100, 100, "a Net Promoter Score from -100 to 100"),
    Metric.SURVEY_RESPONSE_RATE: _FRACTION,
    Metric.OPEN_PATIENT_SAFETY: Scale(0, None, "a count of reports, 0 or more"),
    Metric.CHAMPION_COVERAGE: _FRACTION,
    Metric.REPORTS_PER_100_STAFF: Scale(0, None, "a rate per 100 staff, 0 or more"),
}


class Bound(StrEnum):
    MIN = "min"
    MAX = "max"


@dataclass(frozen=True)
class Gate:
    name: str
    metric: Metric
    bound: Bound
    threshold: float

    def passes(self, value: float) -> bool:
        return value >= self.threshold if self.bound is Bound.MIN else value <= self.threshold


class GateStatus(StrEnum):
    PASS = "PASS"  # noqa: S105 (a status, not a password)
    FAIL = "FAIL"
    NO_DATA = "NO DATA"


class Verdict(StrEnum):
    GO = "GO"
    NO_GO = "NO-GO"


@dataclass(frozen=True)
class Measurement:
    """A metric's value at the instant judged (None: no data yet) and, in plain words, what it rests on."""

    value: float | None
    evidence: str


@dataclass(frozen=True)
class GateResult:
    gate: Gate
    value: float | None
    status: GateStatus
    evidence: str


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    results: tuple[GateResult, ...]


# --- validation ----------------------------------------------------------------------------------------

_KEYS = ("name", "metric", "min", "max")


def validate_gates(raw: object) -> tuple[list[Gate], list[str]]:
    """The gates of a pilot file's `[[gates]]` list, and one plain-words line per problem in it."""
    if not isinstance(raw, list):
        return [], ["[[gates]] must be a list of tables: write [[gates]] once above each gate"]
    gates: list[Gate] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(raw, start=1):
        gate, found = _gate(number, entry)
        if gate is not None and gate.name in seen:
            found.append(f"{_where(number, entry)}: the name is already used by #{seen[gate.name]}; names must differ")
            gate = None
        if gate is not None:
            seen[gate.name] = number
            gates.append(gate)
        problems += found
    return gates, problems


def _gate(number: int, entry: object) -> tuple[Gate | None, list[str]]:
    """One gate, or None; and every problem found in it, so one pass reports them all."""
    where = _where(number, entry)
    if not isinstance(entry, dict):
        return None, [f"{where} must be a table with name, metric and min or max"]
    problems = [f"{where}: unknown key {key!r}{_did_you_mean(str(key), _KEYS)}" for key in entry if key not in _KEYS]
    misspelt = bool(problems)
    name = _name(where, entry.get("name"), problems)
    metric = _metric(where, entry.get("metric"), problems)
    bound = _bound(where, entry, misspelt=misspelt, problems=problems)
    threshold = (
        _threshold(where, metric, bound, entry[bound.value], problems)
        if metric is not None and bound is not None
        else None
    )
    if name is None or metric is None or bound is None or threshold is None or problems:
        return None, problems
    return Gate(name, metric, bound, threshold), problems


def _where(number: int, entry: object) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f'[[gates]] #{number} "{name}"' if isinstance(name, str) and name.strip() else f"[[gates]] #{number}"


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), options, n=1, cutoff=0.6)
    close = close or [c for c in options if len(word) >= 3 and (c.startswith(word.lower()) or word.lower() in c)][:1]
    return f" (did you mean {close[0]}?)" if close else ""


def _name(where: str, raw: object, problems: list[str]) -> str | None:
    if isinstance(raw, str) and raw.strip():
        return raw.strip()
    problems.append(f'{where} has no name; give it one, for example name = "Adoption"')
    return None


def _metric(where: str, raw: object, problems: list[str]) -> Metric | None:
    known = ", ".join(m.value for m in Metric)
    if raw is None:
        problems.append(f"{where} has no metric; choose one of {known}")
        return None
    if not isinstance(raw, str) or raw not in {m.value for m in Metric}:
        hint = _did_you_mean(str(raw), (m.value for m in Metric))
        problems.append(f"{where}: {raw!r} is not a metric{hint}; the metrics are {known}")
        return None
    return Metric(raw)


def _bound(where: str, entry: Mapping[str, Any], *, misspelt: bool, problems: list[str]) -> Bound | None:
    """Which threshold the gate has. A missing one is not reported again when a misspelt key (minimum) was."""
    given = [b for b in Bound if b.value in entry]
    if len(given) == 2:
        problems.append(f"{where} has both min and max; a gate has one threshold, so write two gates")
    elif not given and not misspelt:
        problems.append(f"{where} has neither min nor max; write min = ... (at least) or max = ... (at most)")
    return given[0] if len(given) == 1 else None


def _threshold(where: str, metric: Metric, bound: Bound, raw: object, problems: list[str]) -> float | None:
    scale = SCALES[metric]
    if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
        problems.append(f"{where}: {bound.value} must be a number ({scale.words}), not {raw!r}")
        return None
    if raw < scale.low or (scale.high is not None and raw > scale.high):
        problems.append(f"{where}: {bound.value} = {raw} is out of range; {metric.value} is {scale.words}")
        return None
    return raw


# --- evaluation ----------------------------------------------------------------------------------------


def evaluate(gates: Iterable[Gate], measurements: Mapping[Metric, Measurement]) -> Decision:
    """Each gate's PASS, FAIL or NO DATA with its evidence; GO only when there are gates and all of them pass."""
    results = tuple(_judge(gate, measurements.get(gate.metric)) for gate in gates)
    go = bool(results) and all(r.status is GateStatus.PASS for r in results)
    return Decision(Verdict.GO if go else Verdict.NO_GO, results)


def _judge(gate: Gate, measured: Measurement | None) -> GateResult:
    if measured is None or measured.value is None:
        evidence = measured.evidence if measured is not None else ""
        return GateResult(gate, None, GateStatus.NO_DATA, evidence)
    status = GateStatus.PASS if gate.passes(measured.value) else GateStatus.FAIL
    return GateResult(gate, measured.value, status, measured.evidence)


def decision_json(decision: Decision) -> dict[str, Any]:
    """The decision as `pilotbot gates --json` prints it (INTERFACE.md): exactly those keys, nothing else."""
    return {
        "decision": decision.verdict.value,
        "gates": [
            {
                "name": r.gate.name,
                "metric": r.gate.metric.value,
                "value": r.value,
                "threshold": {r.gate.bound.value: r.gate.threshold},
                "status": r.status.value,
            }
            for r in decision.results
        ],
    }
