"""The go/no-go gates measured at an instant: each metric of INTERFACE.md with the evidence it rests on.

The week a gate judges is the latest complete ISO week before the instant. Only the metrics the pilot file's
gates name are measured. Evidence is counts, weeks, report references and survey titles: never report text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from bot.config import PilotConfig
from bot.db.models import ReportRow
from bot.domain.champions import champion_coverage
from bot.domain.gates import Decision, Measurement, Metric, evaluate
from bot.domain.reaim import Tracked, on_time, sla_window
from bot.domain.reports import Severity, ref
from bot.domain.surveys import MIN_GROUP, Summary
from bot.domain.weeks import IsoWeek, last_complete
from bot.services.adoption import AdoptionService
from bot.services.champions import ChampionService
from bot.services.weekly import closed_runs, rostered_count, tracked

NO_RUN = "no {what} survey has closed yet"


class At:
    """The instant judged, and what the measurements read (each read once, when first needed)."""

    def __init__(
        self, at: datetime, session: Session, config: PilotConfig, recent: Sequence[Tracked] | None = None
    ) -> None:
        self.at, self.session, self.config = at, session, config
        self.week = last_complete(at, config.zone)
        if recent is not None:  # already read by the caller (the digest's RE-AIM covers the same weeks)
            self.__dict__["recent"] = tuple(recent)

    @cached_property
    def recent(self) -> tuple[Tracked, ...]:
        """The reports that can count in the SLA window (the last 4 complete weeks)."""
        return tracked(self.session, before=self.at, since=sla_window(self.at, self.config.zone)[0])

    @cached_property
    def safety(self) -> tuple[Tracked, ...]:
        """Patient-safety reports filed before the instant."""
        return tracked(self.session, before=self.at, severity=Severity.PATIENT_SAFETY)

    @cached_property
    def runs(self) -> list[Summary]:
        """Closed before the instant, newest first."""
        return [r.summary for r in reversed(closed_runs(self.session, before=self.at, last=1))]


@dataclass
class GateService:
    engine: Engine
    config: PilotConfig
    adoption: AdoptionService
    champions: ChampionService

    def decide(self, at: datetime, *, recent: Sequence[Tracked] | None = None) -> Decision:
        """Every gate of the pilot file judged at `at`; NO-GO unless every one passes. `recent`: the reports that
        can count in the last 4 complete weeks before `at`, if the caller has them already."""
        metrics = [g.metric for g in self.config.go_no_go]
        return evaluate(self.config.go_no_go, self.measure(at, metrics, recent=recent))

    def measure(
        self, at: datetime, metrics: Sequence[Metric], *, recent: Sequence[Tracked] | None = None
    ) -> dict[Metric, Measurement]:
        wanted = list(dict.fromkeys(metrics))
        week = last_complete(at, self.config.zone)
        # The adoption and champion services read through their own sessions: measured first, so no session is
        # held open around another (SQLite transactions here begin IMMEDIATE, one writer at a time).
        found: dict[Metric, Measurement] = {}
        if Metric.ADOPTION in wanted:
            found[Metric.ADOPTION] = self._adoption(week)
        if Metric.CHAMPION_COVERAGE in wanted:
            found[Metric.CHAMPION_COVERAGE] = self._coverage()
        measures: dict[Metric, Callable[[At], Measurement]] = {
            Metric.SLA_COMPLIANCE: _sla_compliance,
            Metric.SUS: lambda c: _score(c, "SUS"),
            Metric.NPS: lambda c: _score(c, "NPS"),
            Metric.SURVEY_RESPONSE_RATE: _response_rate,
            Metric.OPEN_PATIENT_SAFETY: _open_patient_safety,
            Metric.REPORTS_PER_100_STAFF: _reports_per_100,
        }
        with Session(self.engine) as session:
            ctx = At(at, session, self.config, recent)
            found.update({m: measures[m](ctx) for m in wanted if m in measures})
        return {m: found[m] for m in wanted}

    def _adoption(self, week: IsoWeek) -> Measurement:
        if not self.adoption.has_data():
            return Measurement(None, "no usage data imported yet")
        rows = self.adoption.weeks(week, week)
        rostered, active = sum(r.rostered for r in rows), sum(r.active for r in rows)
        if not rostered:
            return Measurement(None, f"nobody rostered on a ward in {week.label}")
        return Measurement(active / rostered, f"{active} of {rostered} rostered staff used it in {week.label}")

    def _coverage(self) -> Measurement:
        covers = self.champions.directory()
        value = champion_coverage(covers)
        if value is None:
            return Measurement(None, "no wards in the pilot file or on the roster")
        gaps = [c.ward for c in covers if c.gap]
        names = {w.id: w.name for w in self.config.wards}
        said = f"; gaps: {', '.join(names.get(w, w) for w in gaps)}" if gaps else ""
        return Measurement(value, f"{len(covers) - len(gaps)} of {len(covers)} wards covered{said}")


def _weeks(first: IsoWeek, last: IsoWeek) -> str:
    return first.label if first == last else f"{first.label} to {last.label}"


def _sla_compliance(ctx: At) -> Measurement:
    start, end = sla_window(ctx.at, ctx.config.zone)
    due, in_time = on_time(ctx.config.sla.policy(), (t.state for t in ctx.recent), start, end)
    span = _weeks(ctx.week.shift(-3), ctx.week)
    if not due:
        return Measurement(None, f"no answer fell due in {span}")
    return Measurement(in_time / due, f"{in_time} of {due} answers due in {span} came in time")


def _open_patient_safety(ctx: At) -> Measurement:
    still_open = sorted(t.id for t in ctx.safety if t.closed_at is None or t.closed_at > ctx.at)
    listed = ", ".join(ref(i) for i in still_open[:10]) + (" and more" if len(still_open) > 10 else "")
    said = f"still open: {listed}" if still_open else "none open"
    return Measurement(float(len(still_open)), said)


def _latest(ctx: At, headline: str | None) -> Summary | None:
    return next((s for s in ctx.runs if headline is None or s.headline == headline), None)


def _score(ctx: At, headline: str) -> Measurement:
    run = _latest(ctx, headline)
    if run is None:
        return Measurement(None, NO_RUN.format(what=headline))
    if not run.shown or run.headline_value is None:
        return Measurement(None, f"the latest {headline} survey, “{run.title}”, had {run.responded} answer(s), "
                                 f"fewer than {MIN_GROUP}: not shown")  # fmt: skip
    return Measurement(run.headline_value, f"latest {headline} survey “{run.title}”: {run.responded} answers")


def _response_rate(ctx: At) -> Measurement:
    run = _latest(ctx, None)
    if run is None:
        return Measurement(None, NO_RUN.format(what="pulse"))
    if not run.shown or not run.invited:
        return Measurement(None, f"the latest survey, “{run.title}”, had {run.responded} answer(s), fewer than "
                                 f"{MIN_GROUP}: not shown")  # fmt: skip
    return Measurement(run.responded / run.invited, f"“{run.title}”: {run.responded} of {run.invited} answered")


def _reports_per_100(ctx: At) -> Measurement:
    start, end = ctx.week.bounds(ctx.config.zone)
    staff = rostered_count(ctx.session, before=end)
    filed = ctx.session.exec(
        select(func.count())
        .select_from(ReportRow)
        .where(col(ReportRow.created_at) >= start, col(ReportRow.created_at) < end)
    ).one()
    if not staff:
        return Measurement(None, f"nobody rostered in {ctx.week.label}")
    return Measurement(100 * filed / staff, f"{filed} report(s) from {staff} rostered staff in {ctx.week.label}")
