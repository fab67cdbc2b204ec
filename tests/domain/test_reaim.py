"""RE-AIM per ward and overall, the SLA compliance of the gates, open patient-safety reports. Pure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.queue import QueueState, Status
from bot.domain.reaim import (
    DEFINITIONS,
    ClosedRun,
    Dimension,
    Kept,
    PeopleWeek,
    ReaimFacts,
    Tracked,
    adoption,
    answered_share,
    judge,
    open_patient_safety,
    reaim,
    sla_compliance,
    sla_window,
)
from bot.domain.reports import Severity
from bot.domain.sla import Policy, Targets
from bot.domain.surveys import GroupFigure, Summary
from bot.domain.weeks import IsoWeek

LONDON = ZoneInfo("Europe/London")
DAY = Targets(timedelta(minutes=60), timedelta(hours=24))
POLICY = Policy(
    {**dict.fromkeys(Severity, DAY), Severity.PATIENT_SAFETY: Targets(timedelta(minutes=15), timedelta(hours=4))}
)
H = timedelta(hours=1)


def state(
    filed: datetime,
    status: Status = Status.TAKEN,
    *,
    answered: datetime | None = None,
    severity: Severity = Severity.BLOCKS_WORK,
    first: datetime | None = None,
) -> QueueState:
    return QueueState(status, severity, "U0DEV", filed, filed, first_response_at=first, answered_at=answered)


def due_at(deadline: datetime, *, late: bool = False, answered: bool = True) -> QueueState:
    """A 24-hour report whose answer is due at `deadline`, answered an hour early (or late) or not at all."""
    filed = deadline - timedelta(hours=24)
    when = deadline + (H if late else -H)
    return state(filed, Status.RESOLVED if answered else Status.TAKEN, answered=when if answered else None)


# --- sla_compliance: the last 4 complete weeks ---------------------------------------------------------

AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)  # Monday of 2026-W49: the window is W45..W48


def test_the_window_is_the_last_four_complete_weeks() -> None:
    assert sla_window(AT, LONDON) == (datetime(2026, 11, 2, tzinfo=UTC), datetime(2026, 11, 30, tzinfo=UTC))


def test_sla_compliance_counts_what_fell_due_in_the_window() -> None:
    states = [
        due_at(datetime(2026, 11, 2, 0, 30, tzinfo=UTC)),  # first hour of the window: in time
        due_at(datetime(2026, 11, 20, 12, tzinfo=UTC), late=True),
        due_at(datetime(2026, 11, 29, 23, 59, tzinfo=UTC), answered=False),  # last minute: breached
        due_at(datetime(2026, 11, 1, 23, 0, tzinfo=UTC)),  # before the window
        due_at(datetime(2026, 11, 30, 6, 0, tzinfo=UTC), answered=False),  # this week: not judged yet
        replace(due_at(datetime(2026, 11, 10, tzinfo=UTC), answered=False), status=Status.DUPLICATE),
    ]
    assert sla_compliance(states, AT, LONDON, POLICY) == 1 / 3
    assert answered_share(states, AT, LONDON, POLICY) == 2 / 3


def test_sla_compliance_is_none_when_nothing_was_due() -> None:
    assert sla_compliance([], AT, LONDON, POLICY) is None
    assert sla_compliance([due_at(AT + H)], AT, LONDON, POLICY) is None


def test_patient_safety_reports_are_judged_on_their_own_four_hours() -> None:
    filed = datetime(2026, 11, 10, 9, tzinfo=UTC)
    slow = state(filed, Status.RESOLVED, answered=filed + 6 * H, severity=Severity.PATIENT_SAFETY)
    assert sla_compliance([slow], AT, LONDON, POLICY) == 0.0


def test_the_window_follows_local_midnight_across_the_spring_change() -> None:
    at = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)  # Monday 09:00 BST of 2026-W14
    start, end = sla_window(at, LONDON)
    assert (start, end) == (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 29, 23, tzinfo=UTC))
    inside = due_at(datetime(2026, 3, 29, 22, 30, tzinfo=UTC))  # 23:30 BST Sunday
    outside = due_at(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), answered=False)  # 00:30 BST Monday
    assert sla_compliance([inside, outside], at, LONDON, POLICY) == 1.0


def test_the_window_across_iso_week_53() -> None:
    at = datetime(2027, 1, 4, 9, tzinfo=UTC)  # Monday of 2027-W01: window 2026-W50..W53
    start, end = sla_window(at, LONDON)
    assert (start, end) == (datetime(2026, 12, 7, tzinfo=UTC), datetime(2027, 1, 4, tzinfo=UTC))
    late_in_53 = due_at(datetime(2027, 1, 3, 20, tzinfo=UTC), late=True)
    assert sla_compliance([late_in_53], at, LONDON, POLICY) == 0.0


# --- open patient-safety reports -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "counted"),
    [
        (Status.NEW, 1),
        (Status.TAKEN, 1),
        (Status.WAITING, 1),
        (Status.PLANNED, 1),  # a plan does not close one
        (Status.WORKAROUND, 1),  # nor does a workaround
        (Status.RESOLVED, 0),
        (Status.DUPLICATE, 0),  # counted in the report it joined
    ],
)
def test_open_patient_safety(status: Status, counted: int) -> None:
    filed = datetime(2026, 11, 10, tzinfo=UTC)
    safety = replace(state(filed, status, severity=Severity.PATIENT_SAFETY))
    assert open_patient_safety([safety, state(filed, Status.NEW)]) == counted


# --- RE-AIM --------------------------------------------------------------------------------------------

W53 = IsoWeek(2026, 53)
W52 = W53.previous()
MON53 = datetime(2026, 12, 28, 9, tzinfo=UTC)
WARD7 = frozenset({"a", "b", "c", "d"})
WARD9 = frozenset({"e", "f"})


def people(**kw: object) -> PeopleWeek:
    return replace(PeopleWeek({"ward-7": WARD7, "ward-9": WARD9}), **kw)  # type: ignore[arg-type]


def run(value: float | None, closed: datetime, *, ward7: float | None = None, measure: str = "SUS") -> ClosedRun:
    summary = Summary(
        measure.lower(),
        measure,
        invited=6,
        responded=6,
        rate_by_ward=(),
        shown=value is not None,
        headline=measure,
        headline_value=value,
        by_ward=(GroupFigure("ward-7", 5, ward7), GroupFigure("ward-9", 1, None)),
    )
    return ClosedRun(summary, closed)


def test_reach_and_adoption_per_ward_and_overall_next_to_last_week() -> None:
    facts = ReaimFacts(
        W53,
        LONDON,
        POLICY,
        people={
            W53: people(reported=frozenset({"a", "x"}), surveyed=frozenset({"b"}), used=frozenset({"a", "e"})),
            W52: people(attended=frozenset({"a"}), used=frozenset()),
        },
    )
    result = reaim(facts)
    ward7, ward9 = result.wards
    assert (result.week, ward7.ward, ward9.ward, result.overall.ward) == (W53, "ward-7", "ward-9", None)
    assert (ward7.reach.value, ward7.reach.previous) == (2 / 4, 1 / 4)  # "x" is on no roster
    assert (ward9.reach.value, ward9.reach.previous) == (1 / 2, 0.0)
    assert (result.overall.reach.value, result.overall.adoption.value) == (3 / 6, 2 / 6)
    assert (ward7.adoption.value, ward7.adoption.previous, ward7.adoption.change) == (0.25, 0.0, 0.25)


def test_no_usage_data_is_no_adoption_not_zero() -> None:
    assert adoption(people(), "ward-7") is None
    assert adoption(people(used=frozenset()), "ward-7") == 0.0
    assert adoption(None, None) is None
    assert adoption(people(used=frozenset({"a"})), "ward-3") is None  # nobody rostered there


def test_effectiveness_is_the_latest_run_next_to_the_one_before() -> None:
    runs = (
        run(70.0, MON53 - timedelta(days=14), ward7=66.0),
        run(74.0, MON53 + 3 * 24 * H, ward7=71.0),
        run(90.0, MON53 + 8 * 24 * H),  # closed after the week: not yet known
    )
    result = reaim(ReaimFacts(W53, LONDON, POLICY, people={W53: people()}, runs=runs))
    (overall,) = result.overall.effectiveness
    assert (overall.instrument_id, overall.measure, overall.score.value, overall.score.change) == (
        "sus",
        "SUS",
        74.0,
        4.0,
    )
    assert result.wards[0].effectiveness[0].score.value == 71.0
    assert result.wards[1].effectiveness[0].score.value is None  # ward-9: too few answers, suppressed


def test_implementation_next_to_last_week() -> None:
    reports = (
        Tracked(1, "ward-7", state(MON53, Status.RESOLVED, answered=MON53 + H, first=MON53 + H / 2), MON53 + H),
        Tracked(2, "ward-9", state(MON53 - 7 * 24 * H, first=MON53 - 6 * 24 * H), MON53),
    )
    result = reaim(ReaimFacts(W53, LONDON, POLICY, people={W53: people()}, reports=reports))
    overall, ward9 = result.overall.implementation, result.wards[1].implementation
    assert (overall.sla_compliance.value, overall.sla_compliance.previous) == (0.5, 0.0)
    assert (overall.answered_share.value, overall.first_response_median.value) == (0.5, timedelta(minutes=30))
    assert (ward9.sla_compliance.value, ward9.first_response_median.previous) == (0.0, timedelta(days=1))
    assert result.wards[0].implementation.first_response_median.previous is None


def test_last_weeks_compliance_looks_one_week_further_back() -> None:
    in_w49 = due_at(datetime(2026, 12, 2, 12, tzinfo=UTC), late=True)  # W49: in W49..W52, not in W50..W53
    in_w53 = due_at(datetime(2026, 12, 30, 12, tzinfo=UTC))
    reports = tuple(Tracked(i, "ward-7", s, s.filed_at) for i, s in enumerate([in_w49, in_w53]))
    result = reaim(ReaimFacts(W53, LONDON, POLICY, people={W53: people()}, reports=reports))
    compliance = result.overall.implementation.sla_compliance
    assert (compliance.value, compliance.previous, compliance.change) == (1.0, 0.0, 1.0)


@pytest.mark.parametrize(
    ("values", "allowed", "kept"),
    [
        ([0.60, 0.66, 0.62], 0.05, Kept.HELD),  # 4 points below the peak
        ([0.60, 0.70, 0.64], 0.05, Kept.DECAYED),  # 6 points below
        ([0.70, 0.65], 0.05, Kept.HELD),  # exactly 5 points below: held
        ([0.75, 0.70], 0.05, Kept.HELD),
        ([0.75, 0.6999], 0.05, Kept.DECAYED),
        ([80.0, 74.0], 5.0, Kept.DECAYED),
        ([3.9, 3.75], 0.2, Kept.HELD),
    ],
)
def test_maintenance_rule(values: list[float], allowed: float, kept: Kept) -> None:
    series = judge("x", values, allowed)
    assert series is not None and series.kept is kept and series.peak == max(values)


def test_one_value_cannot_show_a_trend() -> None:
    assert judge("adoption", [0.7], 0.05) is None


def test_maintenance_over_the_last_four_weeks() -> None:
    weeks = [W53.shift(-n) for n in range(5)]  # W53, W52, W51, W50, W49
    used = [{"a", "b"}, {"a", "b"}, {"a", "b", "c"}, {"a"}, {"a", "b", "c", "d"}]  # W49's peak is out of range
    facts = ReaimFacts(
        W53,
        LONDON,
        POLICY,
        people={w: people(used=frozenset(u)) for w, u in zip(weeks, used, strict=True)},
        runs=(run(70.0, MON53 - 10 * 24 * H, ward7=70.0), run(72.0, MON53 + H, ward7=60.0)),
    )
    result = reaim(facts)
    by_name = {s.name: s for s in result.wards[0].maintenance.series}
    assert by_name["adoption"].kept is Kept.DECAYED  # ward-7: 0.75 peak in W51, 0.5 now
    assert (by_name["sus"].latest, by_name["sus"].kept) == (60.0, Kept.DECAYED)
    assert result.wards[0].maintenance.decayed is True
    assert [(s.name, s.latest, s.kept) for s in result.wards[1].maintenance.series] == [
        ("adoption", 0.0, Kept.HELD)  # ward-9: nobody used it all month; its scores are suppressed
    ]
    assert {s.name: s.kept for s in result.overall.maintenance.series} == {"adoption": Kept.DECAYED, "sus": Kept.HELD}


def test_maintenance_with_nothing_to_judge_is_none() -> None:
    result = reaim(ReaimFacts(W53, LONDON, POLICY, people={W53: people(), W52: people()}))
    assert result.overall.maintenance.series == () and result.overall.maintenance.decayed is None


def test_a_week_without_roster_facts_has_none_everywhere() -> None:
    result = reaim(ReaimFacts(W53, LONDON, POLICY, people={}))
    assert result.wards == ()
    assert (result.overall.reach.value, result.overall.adoption.value) == (None, None)
    assert result.overall.implementation.sla_compliance.value is None


def test_every_dimension_has_a_one_line_definition() -> None:
    assert list(DEFINITIONS) == list(Dimension)
    assert all("\n" not in words and len(words) <= 120 for words in DEFINITIONS.values())
