"""The weekly bulletin's figures, pure: weeks in the pilot's zone (clock changes, ISO week 53), None for an empty
week, the responder's public words only, and sections that say nothing when there is nothing to say."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.bulletin import (
    SECTIONS,
    AdoptionLine,
    ChampionLine,
    Done,
    Headline,
    IssueFact,
    KnownIssues,
    OnTimeChart,
    Section,
    SurveyResult,
    WardDone,
    WeekFacts,
    bulletin,
    headline,
    known_issues,
    survey_pulse,
    week_figures,
    weekly_on_time_share,
    you_said_we_did,
)
from bot.domain.home import KnownIssue
from bot.domain.queue import QueueState, Status
from bot.domain.reaim import Tracked, Trend
from bot.domain.reports import Severity
from bot.domain.sla import Policy, Targets
from bot.domain.surveys import GroupFigure, Summary
from bot.domain.weeks import IsoWeek, weeks_between

LONDON = ZoneInfo("Europe/London")
DAY = Targets(timedelta(minutes=60), timedelta(hours=24))
POLICY = Policy(
    {**dict.fromkeys(Severity, DAY), Severity.PATIENT_SAFETY: Targets(timedelta(minutes=15), timedelta(hours=4))}
)
W48 = IsoWeek(2026, 48)  # Monday 23 November 2026, GMT
MON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
H = timedelta(hours=1)


def report(
    id: int,
    filed: datetime,
    status: Status = Status.NEW,
    *,
    ward: str | None = "ward-7",
    severity: Severity = Severity.BLOCKS_WORK,
    first: datetime | None = None,
    answered: datetime | None = None,
    since: datetime | None = None,
    summary: str | None = None,
    fix: date | None = None,
) -> Tracked:
    state = QueueState(status, severity, "U0DEV", filed, filed, first_response_at=first, answered_at=answered)
    return Tracked(id, ward, replace(state, expected_fix=fix), since or answered or filed, summary)


def facts(**kw: object) -> WeekFacts:
    return replace(WeekFacts(W48, LONDON, POLICY), **kw)  # type: ignore[arg-type]


# --- headline ------------------------------------------------------------------------------------------


def test_the_headline_figures_of_a_week_next_to_the_week_before() -> None:
    last_mon = MON - timedelta(days=7)
    reports = [
        # last week: one answered in time, one breached and still open
        report(1, last_mon, Status.RESOLVED, first=last_mon + H, answered=last_mon + 2 * H),
        report(2, last_mon + 2 * H, Status.TAKEN, first=last_mon + 30 * H),
        # this week: two in time, one answered late, one patient-safety report still open
        report(3, MON, Status.PLANNED, first=MON + H / 2, answered=MON + 3 * H, fix=date(2026, 12, 4)),
        report(4, MON + H, Status.WORKAROUND, first=MON + 2 * H, answered=MON + 5 * H),
        report(5, MON + 2 * H, Status.RESOLVED, first=MON + 3 * H, answered=MON + 40 * H),
        report(6, MON + 50 * H, Status.TAKEN, severity=Severity.PATIENT_SAFETY, first=MON + 50.1 * H),
    ]
    figures = headline(reports, W48, LONDON, POLICY)
    assert (figures.new.value, figures.new.previous, figures.new.change) == (4, 2, 2)
    assert figures.due == 4  # 3, 4, 5 and the patient-safety one (4 hours)
    assert figures.on_time.value == 2 / 4 and figures.on_time.previous == 1 / 2
    assert figures.breached.value == 2 and figures.breached.previous == 1
    assert figures.first_response_median.value == timedelta(minutes=45)  # 30m, 60m, 60m, 6m
    assert figures.first_response_median.previous == timedelta(hours=14.5)  # 1h, 28h
    assert figures.answer_median.value == timedelta(hours=4)  # 3h, 4h, 38h
    assert figures.open_by_severity[Severity.BLOCKS_WORK].value == 3  # R-2, and the plan and workaround
    assert figures.open_by_severity[Severity.PATIENT_SAFETY].value == 1
    end = W48.bounds(LONDON)[1]
    assert figures.oldest_open_age.value == end - reports[1].state.filed_at
    assert figures.oldest_open_age.change == timedelta(days=7)


def test_first_responses_median_includes_slow_ones_from_last_week() -> None:
    last_mon = MON - timedelta(days=7)
    reports = [report(1, last_mon, Status.TAKEN, first=MON + H), report(2, MON, Status.TAKEN, first=MON + H)]
    assert week_figures(reports, W48, LONDON, POLICY).first_response_median == (timedelta(days=7) + 2 * H) / 2


def test_an_empty_week_gives_none_not_zero() -> None:
    figures = headline([], W48, LONDON, POLICY)
    assert (figures.new.value, figures.breached.value) == (0, 0)
    assert figures.on_time.value is None and figures.on_time.change is None
    assert figures.first_response_median.value is None
    assert figures.answer_median.value is None
    assert figures.oldest_open_age.value is None
    assert figures.quiet


def test_a_duplicate_is_counted_as_filed_but_not_as_due_or_open() -> None:
    dup = report(1, MON, Status.DUPLICATE, since=MON + H)
    figures = week_figures([dup], W48, LONDON, POLICY)
    assert (figures.new, figures.due, sum(figures.open_by_severity.values())) == (1, 0, 0)


def test_a_report_resolved_after_the_week_was_still_open_at_its_end() -> None:
    late = report(1, MON, Status.RESOLVED, answered=MON + 200 * H)
    assert week_figures([late], W48, LONDON, POLICY).open_by_severity[Severity.BLOCKS_WORK] == 1


# --- the chart, week 53 and the clock changes ----------------------------------------------------------


def test_weekly_share_across_iso_week_53() -> None:
    w53 = IsoWeek(2026, 53)  # Monday 28 December 2026 to Sunday 3 January 2027
    thu = datetime(2026, 12, 31, 10, tzinfo=UTC)
    sun = datetime(2027, 1, 3, 12, tzinfo=UTC)
    states = [
        report(1, thu, Status.RESOLVED, answered=thu + H).state,  # due in W53, in time
        report(2, thu, Status.TAKEN).state,  # due in W53, breached
        report(3, sun, Status.RESOLVED, answered=sun + 2 * H).state,  # due Monday 4 January: 2027-W01
    ]
    weeks = weeks_between(IsoWeek(2026, 52), IsoWeek(2027, 1))
    assert [w.label for w in weeks] == ["2026-W52", "2026-W53", "2027-W01"]
    assert weekly_on_time_share(states, weeks, LONDON, POLICY) == [
        (IsoWeek(2026, 52), None),
        (w53, 0.5),
        (IsoWeek(2027, 1), 1.0),
    ]
    assert headline([report(9, thu)], IsoWeek(2027, 1), LONDON, POLICY).new.previous == 1  # W01's last week is W53


def test_a_deadline_just_after_local_midnight_in_summer_time_belongs_to_the_next_week() -> None:
    # 2026-W13 ends Sunday 29 March 23:00 UTC: the clocks went forward that morning, so local midnight is 23:00 UTC.
    filed_early = datetime(2026, 3, 28, 22, 30, tzinfo=UTC)  # due 22:30 UTC Sunday = 23:30 BST: W13
    filed_late = datetime(2026, 3, 28, 23, 30, tzinfo=UTC)  # due 23:30 UTC Sunday = 00:30 BST Monday: W14
    states = [report(1, filed_early).state, report(2, filed_late).state]
    shares = weekly_on_time_share(states, [IsoWeek(2026, 13), IsoWeek(2026, 14)], LONDON, POLICY)
    assert shares == [(IsoWeek(2026, 13), 0.0), (IsoWeek(2026, 14), 0.0)]
    assert week_figures([report(1, filed_early), report(2, filed_late)], IsoWeek(2026, 13), LONDON, POLICY).due == 1


def test_the_169_hour_week_of_the_autumn_change_keeps_its_last_hour() -> None:
    # 2026-W43 runs Sunday 18 October 23:00 UTC (00:00 BST) to Monday 26 October 00:00 UTC (00:00 GMT).
    first_hour = datetime(2026, 10, 18, 23, 30, tzinfo=UTC)
    last_hour = datetime(2026, 10, 25, 23, 30, tzinfo=UTC)
    week = IsoWeek(2026, 43)
    figures = week_figures([report(1, first_hour), report(2, last_hour)], week, LONDON, POLICY)
    assert figures.new == 2


# --- you said, we did ----------------------------------------------------------------------------------


def test_you_said_we_did_groups_this_weeks_answers_by_ward_in_the_public_words() -> None:
    reports = [
        report(4, MON, Status.RESOLVED, ward="ward-9", answered=MON + H, summary="Printer queue\nrestarted  nightly"),
        report(2, MON, Status.WORKAROUND, answered=MON + H),
        report(3, MON, Status.PLANNED, answered=MON + H, fix=date(2026, 12, 4)),
        report(5, MON, Status.RESOLVED, ward=None, answered=MON + H, summary="   "),
        report(6, MON, Status.RESOLVED, since=MON - timedelta(days=2), answered=MON - timedelta(days=2)),  # last week
        report(7, MON, Status.TAKEN),  # no real answer yet
        report(8, MON, Status.DUPLICATE, since=MON + H),
        report(1, MON, Status.PLANNED, answered=MON + H, fix=date(2026, 12, 9), summary="New order set in release 4"),
    ]
    assert you_said_we_did(reports, W48, LONDON) == (
        WardDone(
            "ward-7",
            (
                Done(1, Status.PLANNED, "New order set in release 4", date(2026, 12, 9)),
                Done(2, Status.WORKAROUND, "workaround shared"),
                Done(3, Status.PLANNED, "fix planned", date(2026, 12, 4)),
            ),
        ),
        WardDone("ward-9", (Done(4, Status.RESOLVED, "Printer queue restarted nightly"),)),
        WardDone(None, (Done(5, Status.RESOLVED, "fixed"),)),
    )


def test_a_workaround_given_after_an_earlier_plan_counts_the_week_it_was_given() -> None:
    planned_last_week = MON - timedelta(days=3)
    moved = report(1, planned_last_week, Status.WORKAROUND, answered=planned_last_week, since=MON + H)
    assert [w.done[0].status for w in you_said_we_did([moved], W48, LONDON)] == [Status.WORKAROUND]


# --- known issues --------------------------------------------------------------------------------------


def issue(id: int, fix: date | None, status: str = "open") -> KnownIssue:
    return KnownIssue(id, 100 + id, f"Issue {id}", "a cause", "a workaround", fix, status)


def test_known_issues_open_at_the_weeks_end_and_fixed_in_it() -> None:
    before = MON - timedelta(days=10)
    facts_ = [
        IssueFact(issue(1, None), before),
        IssueFact(issue(2, date(2026, 12, 1)), before),
        IssueFact(issue(3, date(2026, 11, 30), "fixed"), before, fixed_at=MON + H),
        IssueFact(issue(4, None, "fixed"), before, fixed_at=MON - timedelta(days=3)),  # fixed last week
        IssueFact(issue(5, None), MON + timedelta(days=8)),  # published after the week
        IssueFact(issue(6, date(2026, 11, 27), "fixed"), before, fixed_at=MON + timedelta(days=9)),  # open then
    ]
    result = known_issues(facts_, W48, LONDON)
    assert [i.id for i in result.open] == [6, 2, 1]  # soonest fix first, undated last
    assert [i.id for i in result.fixed] == [3]
    assert not known_issues([facts_[3]], W48, LONDON)


# --- survey pulse --------------------------------------------------------------------------------------


def summary(value: float | None, *, shown: bool = True, headline_: str = "SUS", instrument: str = "sus") -> Summary:
    return Summary(
        instrument,
        instrument.upper(),
        invited=40,
        responded=20 if shown else 3,
        rate_by_ward=(),
        shown=shown,
        headline=headline_ if shown else None,
        headline_value=value if shown else None,
        by_ward=(GroupFigure("ward-7", 12, value), GroupFigure("ward-9", 8, None)),
    )


def test_survey_pulse_grades_sus_on_the_full_scale_with_the_change() -> None:
    (pulse,) = survey_pulse([SurveyResult(summary(73.0), summary(70.0))])
    assert pulse.grade is not None and pulse.grade.letter == "B-"
    assert (pulse.score.value, pulse.score.change, pulse.response_rate) == (73.0, 3.0, 0.5)


def test_a_run_too_small_to_show_gives_counts_but_no_score() -> None:
    (pulse,) = survey_pulse([SurveyResult(summary(73.0, shown=False), summary(70.0))])
    assert (pulse.score.value, pulse.score.previous, pulse.grade, pulse.responded) == (None, 70.0, None, 3)
    (after,) = survey_pulse([SurveyResult(summary(80.0), summary(70.0, shown=False))])
    assert after.score.change is None


def test_nps_has_no_grade() -> None:
    (pulse,) = survey_pulse([SurveyResult(summary(12.0, headline_="NPS", instrument="nps"))])
    assert (pulse.measure, pulse.grade, pulse.score.previous) == ("NPS", None, None)


# --- sections ------------------------------------------------------------------------------------------


def test_a_week_with_nothing_to_say_has_no_sections() -> None:
    assert bulletin(facts()) == []


def test_only_the_sections_with_something_to_say_appear_in_order() -> None:
    open_issue = IssueFact(issue(1, None), MON - timedelta(days=30))
    history = tuple((w, None) for w in weeks_between(W48.shift(-7), W48))
    parts = bulletin(facts(known_issues=(open_issue,), on_time_history=history))
    assert [p.name for p in parts] == ["known_issues"]  # an all-None chart says nothing
    assert isinstance(parts[0].items[0], KnownIssues)


def test_a_full_bulletin() -> None:
    reports = (report(1, MON, Status.RESOLVED, answered=MON + H, summary="Fixed the login loop"),)
    history = ((W48.previous(), None), (W48, 1.0))
    parts = bulletin(
        facts(reports=reports, on_time_history=history, surveys=(SurveyResult(summary(73.0)),)),
    )
    assert [p.name for p in parts] == ["headline", "on_time_chart", "you_said_we_did", "survey_pulse"]
    assert isinstance(parts[0].items[0], Headline)
    assert parts[1].items == (OnTimeChart(history[1:]),)  # from the first week with an answer due


def test_a_new_section_is_one_more_entry_and_changes_no_other() -> None:
    adoption = Section[WeekFacts]("adoption", lambda f: [f"adoption line for {f.week}"])
    silent = Section[WeekFacts]("champions", lambda f: [])
    week_facts = facts(known_issues=(IssueFact(issue(1, None), MON - timedelta(days=30)),))
    before = bulletin(week_facts)
    after = bulletin(week_facts, (*SECTIONS, adoption, silent))
    assert after[:-1] == before
    assert after[-1].name == "adoption" and after[-1].items == ("adoption line for 2026-W48",)


def test_adoption_and_champion_lines_appear_once_there_is_something_to_say() -> None:
    adoption = AdoptionLine(Trend(0.62, 0.55), 31, 50)
    champions = ChampionLine(covered=1, wards=2, gaps=("ward-9",), sessions=2, came=9, unrecorded=1)
    parts = bulletin(facts(adoption=adoption, champions=champions))
    assert [(p.name, p.items) for p in parts] == [("adoption", (adoption,)), ("champions", (champions,))]
    nobody = AdoptionLine(Trend(None, None), 0, 0)
    assert bulletin(facts(adoption=nobody, champions=ChampionLine(0, 0, (), 0, 0, 0))) == []
