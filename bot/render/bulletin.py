"""The weekly bulletin as Slack messages: one drawing per section of bot.domain.bulletin, packed to Slack's limits.

Only public words reach here: the responders' one-line summaries, known-issue titles and causes, survey figures
that already passed the anonymity rules. No report text, no reporter.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.domain.bulletin import (
    AdoptionLine,
    ChampionLine,
    Headline,
    KnownIssues,
    OnTime,
    OnTimeChart,
    Part,
    Pulse,
    WardDone,
)
from bot.domain.queue import Status
from bot.domain.reports import Severity, ref
from bot.domain.sla import Policy
from bot.domain.surveys import MIN_GROUP
from bot.domain.weeks import IsoWeek
from bot.render import copy_weekly as copy
from bot.render.blocks import context, divider, escape, header, section
from bot.render.queue import day, when
from bot.render.weekly import (
    Rendered,
    count_change,
    duration,
    duration_change,
    pack,
    paragraphs,
    pct,
    points,
)


@dataclass(frozen=True)
class Setting:
    """What a drawing needs besides its items."""

    week: IsoWeek
    wards: Mapping[str, str]  # ward id -> name
    policy: Policy
    staff_per_champion: int = 20


def span(week: IsoWeek) -> str:
    """'23–29 Nov 2026'."""
    first, last = week.monday, week.monday + timedelta(days=6)
    start = f"{first.day}" if first.month == last.month else f"{first.day} {first:%b}"
    start += "" if first.year == last.year else f" {first.year}"
    return f"{start}–{last.day} {last:%b %Y}"


def _headline(items: Sequence[object], _: Setting) -> Rendered:
    (h,) = [i for i in items if isinstance(i, Headline)]
    still_open = sum(t.value or 0 for t in h.open_by_severity.values())
    detail = ", ".join(f"{n} {copy.SEVERITY_SHORT[s]}" for s in Severity if (n := h.open_by_severity[s].value or 0))
    detail = f" ({detail})" if detail else ""
    if h.oldest_open_age.value is not None:
        detail += copy.OLDEST.format(age=duration(h.oldest_open_age.value))
    in_time = (
        copy.IN_TIME.format(value=pct(h.on_time.value), due=h.due, change=points(h.on_time.change))
        if h.due
        else copy.IN_TIME_NONE
    )
    fields = [
        copy.NEW_REPORTS.format(value=h.new.value, change=count_change(h.new.change)),
        in_time,
        copy.FIRST_RESPONSE.format(
            value=duration(h.first_response_median.value), change=duration_change(h.first_response_median.change)
        ),
        copy.REAL_ANSWER.format(value=duration(h.answer_median.value), change=duration_change(h.answer_median.change)),
        copy.BREACHED.format(value=h.breached.value, change=count_change(h.breached.change)),
        copy.STILL_OPEN.format(value=still_open, detail=detail),
    ]
    return [section("", fields=[f.strip() for f in fields])]


def chart_points(history: Sequence[OnTime]) -> str:
    return " · ".join(f"W{week.week:02d} {pct(share) if share is not None else '–'}" for week, share in history)


def _chart(items: Sequence[object], _: Setting) -> Rendered:
    (chart,) = [i for i in items if isinstance(i, OnTimeChart)]
    return [context(copy.CHART_LINE.format(points=chart_points(chart.points)))]


def _said_did(items: Sequence[object], setting: Setting) -> Rendered:
    lines = [copy.SAID_DID]
    for ward in (i for i in items if isinstance(i, WardDone)):
        name = setting.wards.get(ward.ward, ward.ward) if ward.ward else copy.NO_WARD
        lines.append(f"*{escape(name)}*")
        for done in ward.done:
            line = copy.DONE_LINE.format(ref=ref(done.report_id), done=copy.DONE[done.status], line=escape(done.line))
            if done.expected_fix and done.status is Status.PLANNED:
                line += copy.DONE_BY.format(day=day(done.expected_fix))
            lines.append(line)
    return [divider(), *paragraphs(lines)]


def _known(items: Sequence[object], _: Setting) -> Rendered:
    (known,) = [i for i in items if isinstance(i, KnownIssues)]
    lines = [copy.KNOWN_TITLE.format(n=len(known.open))]
    for issue in known.open:
        line = copy.KNOWN_LINE.format(title=escape(issue.title))
        if issue.cause:
            line += copy.KNOWN_CAUSE.format(cause=escape(issue.cause))
        if issue.workaround:
            line += copy.KNOWN_WORKAROUND.format(workaround=escape(issue.workaround))
        line += copy.KNOWN_FIX.format(day=day(issue.expected_fix)) if issue.expected_fix else copy.KNOWN_NO_DATE
        lines.append(line)
    if known.fixed:
        lines.append(copy.KNOWN_FIXED.format(titles="; ".join(escape(i.title) for i in known.fixed)))
    return [divider(), *paragraphs(lines)]


def _score_change(change: float | None) -> str:
    if change is None:
        return ""
    return copy.SCORE_CHANGE.format(sign="+" if change >= 0 else "-", change=abs(change))


def pulse_line(p: Pulse) -> str:
    title, score, change = escape(p.title), p.score.value, _score_change(p.score.change)
    if score is None:
        line = copy.PULSE_HIDDEN.format(title=title, k=MIN_GROUP)
    elif p.measure == "SUS" and p.grade is not None:
        line = copy.PULSE_SUS.format(
            title=title, score=score, grade=p.grade.letter, adjective=p.grade.adjective, change=change
        )
    elif p.measure == "NPS":
        line = copy.PULSE_NPS.format(title=title, score=score, change=change)
    else:
        line = copy.PULSE_MEAN.format(title=title, measure=escape(p.measure or "mean"), score=score, change=change)
    return line.rstrip() + copy.PULSE_RATE.format(responded=p.responded, invited=p.invited, rate=pct(p.response_rate))


def _pulse(items: Sequence[object], _: Setting) -> Rendered:
    lines = [copy.PULSE_TITLE, *(pulse_line(p) for p in items if isinstance(p, Pulse))]
    return [divider(), *paragraphs(lines)]


def _adoption(items: Sequence[object], _: Setting) -> Rendered:
    (line,) = [i for i in items if isinstance(i, AdoptionLine)]
    said = copy.ADOPTION_LINE.format(
        share=pct(line.share.value), active=line.active, rostered=line.rostered, change=points(line.share.change)
    )
    return [divider(), section(said.replace("  ", " ").replace(" .", "."))]


def _champions(items: Sequence[object], setting: Setting) -> Rendered:
    (line,) = [i for i in items if isinstance(i, ChampionLine)]
    names = ", ".join(escape(setting.wards.get(w, w)) for w in line.gaps[:10]) + (
        " and more" if len(line.gaps) > 10 else ""
    )
    said = copy.CHAMPIONS_LINE.format(
        covered=line.covered,
        wards=line.wards,
        aim=setting.staff_per_champion,
        gaps=copy.CHAMPIONS_GAPS.format(names=names) if line.gaps else "",
    )
    if line.sessions:
        unrecorded = copy.OFFICE_UNRECORDED.format(n=line.unrecorded) if line.unrecorded else ""
        said += copy.OFFICE_LINE.format(sessions=line.sessions, came=line.came, unrecorded=unrecorded)
    return [section(said)]


Drawing = Callable[[Sequence[object], Setting], Rendered]
DRAWINGS: dict[str, Drawing] = {
    "headline": _headline,
    "on_time_chart": _chart,
    "you_said_we_did": _said_did,
    "known_issues": _known,
    "survey_pulse": _pulse,
    "adoption": _adoption,
    "champions": _champions,
}


def _summary(parts: Sequence[Part]) -> str:
    """The notification line: the week in a few words."""
    for part in parts:
        for item in part.items:
            if isinstance(item, Headline):
                in_time = f", {pct(item.on_time.value)} answered in time" if item.due else ""
                return f"{item.new.value} new report(s){in_time}"
    return "a quiet week"


def bulletin(parts: Sequence[Part], setting: Setting, *, late_since: datetime | None = None) -> list[dict[str, Any]]:
    """The bulletin's messages: the first is the post, the others its thread replies. `late_since`: when it was
    due, if it is posted late."""
    week = setting.week
    top: Rendered = [header(copy.BULLETIN_TITLE.format(week=week.week, span=span(week)))]
    if late_since is not None:
        top.append(context(copy.BULLETIN_LATE.format(due=when(late_since), week=week.label)))
    sections: list[Rendered] = [top]
    for part in parts:
        sections.append(DRAWINGS[part.name](part.items, setting))
    if not parts:
        sections.append([section(copy.BULLETIN_QUIET)])
    sections.append([context(copy.BULLETIN_FOOTER.format(deadlines=deadlines(setting.policy)))])
    notification = copy.BULLETIN_NOTIFY.format(week=week.week, summary=_summary(parts))
    return pack(notification, sections)


def deadlines(policy: Policy) -> str:
    """'24 h, patient safety 4 h': the usual deadline first, then each severity that differs from it."""
    hours = {s: policy.for_severity(s).address.total_seconds() / 3600 for s in Severity}
    usual = hours[Severity.BLOCKS_WORK]
    others = [f"{copy.SEVERITY_SHORT[s]} {h:g} h" for s, h in hours.items() if h != usual]
    return ", ".join([f"{usual:g} h", *others])


def chart_alt(history: Sequence[OnTime]) -> str:
    return copy.CHART_ALT.format(points=chart_points(history).replace("–", "no answers due"))
