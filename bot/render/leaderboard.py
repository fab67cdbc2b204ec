"""The weekly adoption leaderboard as #updates sees it: wards ranked per head, movers, small wards unranked.

Pure: a domain Board and ward names in, a Block Kit message out. Only ward shares, head counts and the median
active days of a big enough group ever appear: never events, never a person.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.models.blocks import Block

from bot.domain.adoption import WardWeek
from bot.domain.leaderboard import Board, Standing
from bot.domain.weeks import IsoWeek
from bot.render import copy_adoption as copy
from bot.render.blocks import context, escape, header, message, section
from bot.render.queue import when
from bot.render.weekly import paragraphs

Names = Mapping[str, str]  # ward id -> name from the pilot file
CHART_SERIES = 8  # lines a chart can tell apart; the post names every ward in words anyway


def points(value: float) -> int:
    """Rounded half away from zero, as people round (Python's round() would make 12.5 into 12)."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def percent(share: float) -> str:
    return f"{points(share * 100)}%"


def span(week: IsoWeek) -> str:
    """Mon 16 Nov – Sun 22 Nov 2026 (the year of the Monday too when the week straddles two)."""
    monday, sunday = week.monday, week.monday + timedelta(days=6)
    first = f"Mon {monday.day} {monday:%b}" + (f" {monday.year}" if monday.year != sunday.year else "")
    return f"{first} – Sun {sunday.day} {sunday:%b} {sunday.year}"


def _name(names: Names, ward: str) -> str:
    return escape(names.get(ward, ward))


def _wards(names: Names, wards: tuple[str, ...] | list[str]) -> str:
    listed = [_name(names, w) for w in wards]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " and " + listed[-1]


def _change(change_pp: float | None) -> str:
    if change_pp is None:
        return copy.BOARD_NEW
    rounded = points(change_pp)
    if rounded == 0:
        return copy.BOARD_FLAT
    return (copy.BOARD_UP if rounded > 0 else copy.BOARD_DOWN).format(pp=abs(rounded))


def _rank(standing: Standing, joint: bool) -> str:
    return copy.BOARD_JOINT.format(rank=standing.rank) if joint else str(standing.rank)


def _lines(board: Board, names: Names) -> list[str]:
    """One line per ranked ward; a rank shared by several is marked =2."""
    shared = [s.rank for s in board.ranked]
    lines = []
    for s in board.ranked:
        line = copy.BOARD_LINE.format(
            rank=_rank(s, shared.count(s.rank) > 1),
            ward=_name(names, s.ward),
            share=percent(s.adoption),
            active=s.active,
            rostered=s.rostered,
            change=_change(s.change_pp),
        )
        if s.active_days_median is not None:
            line += copy.BOARD_DEPTH.format(days=f"{s.active_days_median:g}")
        lines.append(line)
    return lines


def _top(board: Board, names: Names) -> list[Block]:
    """The movers' line, when a ranked ward rose."""
    if not board.most_improved:
        return []
    best = next(s for s in board.ranked if s.ward == board.most_improved[0])
    rise = points(best.change_pp or 0)
    return [section(copy.BOARD_MOST_IMPROVED.format(wards=_wards(names, board.most_improved), pp=rise))]


def _opening(week: IsoWeek, late_due: datetime | None) -> list[Block]:
    lines = [copy.BOARD_COVERS.format(label=week.label, span=span(week))]
    if late_due is not None:
        lines.append(copy.BOARD_LATE.format(due=when(late_due), label=week.label))
    return [header(copy.BOARD_TITLE.format(week=week.week)), *(context(line) for line in lines)]


def _lead(board: Board, names: Names) -> dict[str, str] | None:
    """Who is first (several, when tied) and with what share; None when no ward is ranked."""
    leaders = [s.ward for s in board.ranked if s.rank == 1]
    if not leaders:
        return None
    verb = copy.LEADS if len(leaders) == 1 else copy.SHARE_THE_LEAD
    return {"wards": _wards(names, leaders), "verb": verb, "share": percent(board.ranked[0].adoption)}


def _notify(board: Board, names: Names) -> str:
    lead = _lead(board, names)
    said = copy.BOARD_NOTIFY_LEAD.format(**lead) if lead else copy.BOARD_NOTIFY_NONE
    return copy.BOARD_NOTIFY.format(label=board.week.label, lead=said)


def leaderboard(board: Board, names: Names, *, min_group: int, late_due: datetime | None = None) -> dict[str, Any]:
    """The post: ranked wards with their change since last week, the most improved, small wards unranked.
    `late_due` is when it was due, for a post that goes out late."""
    blocks = [*_opening(board.week, late_due), *_top(board, names)]
    lines = _lines(board, names)
    blocks += paragraphs(lines) if lines else [section(copy.BOARD_NONE_RANKED.format(min_group=min_group))]
    if board.unranked:
        blocks.append(context(copy.BOARD_UNRANKED.format(min_group=min_group, wards=_wards(names, board.unranked))))
    blocks.append(context(copy.BOARD_FAIR))
    return message(_notify(board, names), blocks)


def no_data(week: IsoWeek, *, late_due: datetime | None = None) -> dict[str, Any]:
    """The post for a week the piloted system sent no usage for: NO DATA, never a row of zeros."""
    blocks = [*_opening(week, late_due), section(copy.NO_DATA.format(label=week.label))]
    return message(copy.NO_DATA_NOTIFY.format(label=week.label), blocks)


def chart(
    board: Board, names: Names, weeks: Sequence[IsoWeek], rows: Sequence[WardWeek], min_group: int
) -> tuple[list[str], dict[str, Sequence[float | None]]]:
    """The chart's week labels, and a line per ranked ward (the first CHART_SERIES, best first) over `weeks`;
    a week the ward was too small to rank is a gap, so a small ward's figure is never drawn."""
    shares = {(r.ward, r.week): r.adoption if r.rostered >= max(min_group, 1) else None for r in rows}
    series: dict[str, Sequence[float | None]] = {
        names.get(s.ward, s.ward): [shares.get((s.ward, week)) for week in weeks] for s in board.ranked[:CHART_SERIES]
    }
    return [f"W{week.week:02d}" for week in weeks], series


def chart_alt(board: Board, names: Names) -> str:
    """The chart's alternative text: this week's figures in words (the lines end there)."""
    figures = [f"{names.get(s.ward, s.ward)} {percent(s.adoption)}" for s in board.ranked[:CHART_SERIES]]
    return copy.CHART_ALT.format(label=board.week.label, figures=", ".join(figures) or copy.CHART_ALT_NONE)
