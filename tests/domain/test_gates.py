"""Go/no-go gates: validated in plain words, judged PASS / FAIL / NO DATA, GO only when every one passes."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot.domain.gates import (
    Bound,
    Gate,
    GateStatus,
    Measurement,
    Metric,
    Verdict,
    decision_json,
    evaluate,
    validate_gates,
)

ADOPTION = {"name": "Adoption", "metric": "adoption", "min": 0.70}
SAFETY = {"name": "No open patient-safety reports", "metric": "open_patient_safety", "max": 0}


def one_problem(entry: dict[str, Any]) -> str:
    gates, problems = validate_gates([entry])
    assert gates == [] and len(problems) == 1, problems
    return problems[0]


def test_the_example_in_the_interface_is_valid() -> None:
    gates, problems = validate_gates([ADOPTION, SAFETY])
    assert problems == []
    assert gates == [
        Gate("Adoption", Metric.ADOPTION, Bound.MIN, 0.70),
        Gate("No open patient-safety reports", Metric.OPEN_PATIENT_SAFETY, Bound.MAX, 0),
    ]


def test_every_metric_of_the_interface_is_known() -> None:
    assert [m.value for m in Metric] == [
        "adoption",
        "sla_compliance",
        "sus",
        "nps",
        "survey_response_rate",
        "open_patient_safety",
        "champion_coverage",
        "reports_per_100_staff",
    ]


@pytest.mark.parametrize(
    ("metric", "suggestion"),
    [("adoptoin", "adoption"), ("SUS", "sus"), ("sla", "sla_compliance"), ("response_rate", "survey_response_rate")],
)
def test_an_unknown_metric_gets_a_did_you_mean(metric: str, suggestion: str) -> None:
    problem = one_problem({**ADOPTION, "metric": metric})
    assert problem.startswith(f'[[gates]] #1 "Adoption": {metric!r} is not a metric (did you mean {suggestion}?)')
    assert "adoption, sla_compliance, sus" in problem


def test_an_unknown_metric_with_nothing_close_lists_the_metrics() -> None:
    assert one_problem({**ADOPTION, "metric": "happiness"}) == (
        "[[gates]] #1 \"Adoption\": 'happiness' is not a metric; the metrics are adoption, sla_compliance, sus, "
        "nps, survey_response_rate, open_patient_safety, champion_coverage, reports_per_100_staff"
    )


def test_neither_min_nor_max() -> None:
    assert one_problem({"name": "Adoption", "metric": "adoption"}) == (
        '[[gates]] #1 "Adoption" has neither min nor max; write min = ... (at least) or max = ... (at most)'
    )


def test_both_min_and_max_is_refused_as_two_gates_in_one() -> None:
    problem = one_problem({**ADOPTION, "max": 0.9})
    assert problem == '[[gates]] #1 "Adoption" has both min and max; a gate has one threshold, so write two gates'


@pytest.mark.parametrize("threshold", ["70%", True, None, [0.7]])
def test_a_threshold_must_be_a_number(threshold: object) -> None:
    problem = one_problem({**ADOPTION, "min": threshold})
    assert problem == (
        f'[[gates]] #1 "Adoption": min must be a number (a fraction from 0 to 1 (write 70% as 0.70)), not {threshold!r}'
    )


@pytest.mark.parametrize(
    ("metric", "threshold"),
    [("adoption", 70), ("sla_compliance", 1.01), ("survey_response_rate", -0.1), ("champion_coverage", 2)],
)
def test_a_fraction_must_be_written_as_a_fraction(metric: str, threshold: float) -> None:
    problem = one_problem({"name": "G", "metric": metric, "min": threshold})
    assert problem == (
        f'[[gates]] #1 "G": min = {threshold} is out of range; {metric} is a fraction from 0 to 1 (write 70% as 0.70)'
    )


@pytest.mark.parametrize(
    ("metric", "threshold", "ok"),
    [
        ("sus", 68, True),
        ("sus", 101, False),
        ("nps", -100, True),
        ("nps", -101, False),
        ("reports_per_100_staff", 250, True),
        ("open_patient_safety", -1, False),
    ],
)
def test_scores_are_on_their_own_scale(metric: str, threshold: float, ok: bool) -> None:
    gates, problems = validate_gates([{"name": "G", "metric": metric, "min": threshold}])
    assert (len(gates), len(problems)) == ((1, 0) if ok else (0, 1))


def test_a_misspelt_key_is_one_problem_not_two() -> None:
    assert one_problem({"name": "Adoption", "metric": "adoption", "minimum": 0.7}) == (
        "[[gates]] #1 \"Adoption\": unknown key 'minimum' (did you mean min?)"
    )


def test_every_fault_gets_its_own_line_and_good_gates_survive() -> None:
    raw = [
        ADOPTION,
        {"metric": "sus", "min": 68},
        {"name": "NPS", "metric": "npss", "min": 0},
        "sus >= 68",
        {**ADOPTION, "min": 0.8},
    ]
    gates, problems = validate_gates(raw)
    assert [g.name for g in gates] == ["Adoption"]
    assert problems == [
        '[[gates]] #2 has no name; give it one, for example name = "Adoption"',
        problems[1],
        "[[gates]] #4 must be a table with name, metric and min or max",
        '[[gates]] #5 "Adoption": the name is already used by #1; names must differ',
    ]
    assert problems[1].startswith("[[gates]] #3 \"NPS\": 'npss' is not a metric (did you mean nps?)")


def test_gates_must_be_a_list() -> None:
    assert validate_gates({"name": "Adoption"}) == (
        [],
        ["[[gates]] must be a list of tables: write [[gates]] once above each gate"],
    )


# --- evaluation ----------------------------------------------------------------------------------------

GATES, _ = validate_gates([ADOPTION, SAFETY, {"name": "SUS", "metric": "sus", "min": 68}])


def test_go_when_every_gate_passes() -> None:
    decision = evaluate(
        GATES,
        {
            Metric.ADOPTION: Measurement(0.70, "7 of 10 staff active in 2026-W53"),
            Metric.OPEN_PATIENT_SAFETY: Measurement(0, "none open"),
            Metric.SUS: Measurement(72.5, "SUS run of 2026-12-17, 23 answers"),
        },
    )
    assert decision.verdict is Verdict.GO
    assert [r.status for r in decision.results] == [GateStatus.PASS] * 3
    assert decision.results[0].evidence == "7 of 10 staff active in 2026-W53"


def test_a_failing_gate_makes_no_go() -> None:
    decision = evaluate(
        GATES,
        {
            Metric.ADOPTION: Measurement(0.69, ""),
            Metric.OPEN_PATIENT_SAFETY: Measurement(1, "R-12 open"),
            Metric.SUS: Measurement(68, ""),
        },
    )
    assert decision.verdict is Verdict.NO_GO
    assert [r.status for r in decision.results] == [GateStatus.FAIL, GateStatus.FAIL, GateStatus.PASS]


def test_no_data_makes_no_go_even_when_the_rest_pass() -> None:
    decision = evaluate(
        GATES,
        {
            Metric.ADOPTION: Measurement(None, "no usage data imported yet"),
            Metric.OPEN_PATIENT_SAFETY: Measurement(0, ""),
        },
    )
    assert decision.verdict is Verdict.NO_GO
    assert [(r.status, r.value) for r in decision.results] == [
        (GateStatus.NO_DATA, None),
        (GateStatus.PASS, 0),
        (GateStatus.NO_DATA, None),  # not measured at all
    ]
    assert decision.results[0].evidence == "no usage data imported yet"


def test_no_gates_is_no_go() -> None:
    assert evaluate([], {}).verdict is Verdict.NO_GO


def test_the_json_shape_of_pilotbot_gates() -> None:
    decision = evaluate(
        GATES, {Metric.ADOPTION: Measurement(0.75, "x"), Metric.OPEN_PATIENT_SAFETY: Measurement(1, "y")}
    )
    data = decision_json(decision)
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "decision": "NO-GO",
        "gates": [
            {"name": "Adoption", "metric": "adoption", "value": 0.75, "threshold": {"min": 0.7}, "status": "PASS"},
            {
                "name": "No open patient-safety reports",
                "metric": "open_patient_safety",
                "value": 1,
                "threshold": {"max": 0},
                "status": "FAIL",
            },
            {"name": "SUS", "metric": "sus", "value": None, "threshold": {"min": 68}, "status": "NO DATA"},
        ],
    }
    assert json.dumps(data["gates"][2]["value"]) == "null"
