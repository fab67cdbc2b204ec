"""The weekly leaderboard: wards ranked by adoption per head, fair by construction.

Ranked by the share of rostered people active, never by events, so one person clicking all day moves a ward by
one head at most. A ward smaller than `min_group` is listed without figures and never ranked or called out, and
nothing here holds an individual's usage: only ward counts and shares.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from bot.domain.adoption import WardWeek
from bot.domain.weeks import IsoWeek


@dataclass(frozen=True)
class Standing:
    """A ranked ward: its rank (ties share one), adoption, and the change since last week."""

    ward: str
    rank: int
    adoption: float
    rostered: int
    active: int
    change_pp: float | None  # percentage points since the week before; None when that week was not ranked
    active_days_median: float | None  # None unless at least min_group people were active: a median of one is one


@dataclass(frozen=True)
class Board:
    week: IsoWeek
    ranked: tuple[Standing, ...]  # best first; ties in the order the rows came
    unranked: tuple[str, ...]  # ward ids with fewer than min_group rostered: listed, no figures
    most_improved: tuple[str, ...]  # the ranked ward(s) with the largest rise; empty when nobody rose


def _share(row: WardWeek) -> Fraction:
    """Adoption as an exact fraction, so 1/3 and 2/6 tie and changes compare exactly."""
    return Fraction(row.active, row.rostered)


def _ranks(rows: list[WardWeek]) -> list[tuple[int, WardWeek]]:
    """Standard competition ranking (1, 2, 2, 4) by adoption, highest first."""
    ordered = sorted(rows, key=_share, reverse=True)
    ranked: list[tuple[int, WardWeek]] = []
    for position, row in enumerate(ordered, start=1):
        tied = bool(ranked) and _share(ranked[-1][1]) == _share(row)
        ranked.append((ranked[-1][0] if tied else position, row))
    return ranked


def _changes(rows: list[WardWeek], before: dict[str, WardWeek], floor: int) -> dict[str, Fraction]:
    """Change in adoption per ward, only where the week before was big enough to be ranked too."""
    return {
        row.ward: _share(row) - _share(before[row.ward])
        for row in rows
        if row.ward in before and before[row.ward].rostered >= floor
    }


def _most_improved(changes: dict[str, Fraction]) -> tuple[str, ...]:
    best = max((c for c in changes.values() if c > 0), default=None)
    return tuple(ward for ward, c in changes.items() if best is not None and c == best)


def _standing(rank: int, row: WardWeek, change: Fraction | None, floor: int) -> Standing:
    depth = row.active_days_median if row.active >= floor else None
    change_pp = float(change * 100) if change is not None else None
    return Standing(row.ward, rank, float(_share(row)), row.rostered, row.active, change_pp, depth)


def leaderboard(rows: Iterable[WardWeek], week: IsoWeek, *, min_group: int) -> Board:
    """The board about `week` from adoption rows; of other weeks only the week before is used, for the change."""
    floor = max(min_group, 1)  # a ward with nobody rostered has no adoption to rank
    rows = list(rows)
    this = [r for r in rows if r.week == week]
    before = {r.ward: r for r in rows if r.week == week.previous()}
    big = [r for r in this if r.rostered >= floor]
    changes = _changes(big, before, floor)
    ranked = tuple(_standing(rank, row, changes.get(row.ward), floor) for rank, row in _ranks(big))
    unranked = tuple(r.ward for r in this if r.rostered < floor)
    return Board(week, ranked, unranked, _most_improved(changes))
