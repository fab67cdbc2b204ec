"""The champion network: who the champions of each ward are, and where a ward lacks cover.

The aim is one trained champion per `[champions] staff_per_champion` staff. A ward has a GAP when it has no
champion, or more staff per champion than that. Staff are everyone on the ward's roster, champions included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass
from typing import Protocol

from bot.domain.adoption import Membership, PersonKey
from bot.domain.roster import Role
from bot.domain.weeks import IsoWeek


class Staff(Protocol):
    """What the directory needs of a roster entry (RosterEntry and Person both fit)."""

    @property
    def name(self) -> str: ...
    @property
    def ward_id(self) -> str | None: ...
    @property
    def role(self) -> Role: ...


@dataclass(frozen=True)
class WardCover:
    """One line of `pilotbot champions`."""

    ward: str
    champions: tuple[str, ...]  # names, alphabetical
    staff: int  # rostered, every role
    staff_per_champion: float | None  # None with no champion
    gap: bool  # no champion, or more staff per champion than the aim


def _cover(ward: str, champions: list[str], staff: int, aim: int) -> WardCover:
    ratio = staff / len(champions) if champions else None
    gap = ratio is None or ratio > aim
    return WardCover(ward, tuple(sorted(champions, key=str.casefold)), staff, ratio, gap)


def directory(staff: Iterable[Staff], *, staff_per_champion: int, wards: Sequence[str] = ()) -> list[WardCover]:
    """Every ward in `wards` (the pilot file's order), then any other ward met on the roster.

    A ward with nobody rostered has no champion, so it is a GAP: it needs one before its people start.
    People without a ward (responders, leads) are in no ward's count.
    """
    champions: dict[str, list[str]] = {ward: [] for ward in wards}
    heads = dict.fromkeys(wards, 0)
    for person in staff:
        if person.ward_id is None:
            continue
        champions.setdefault(person.ward_id, [])
        heads[person.ward_id] = heads.get(person.ward_id, 0) + 1
        if person.role is Role.CHAMPION:
            champions[person.ward_id].append(person.name)
    return [_cover(ward, names, heads[ward], staff_per_champion) for ward, names in champions.items()]


def gaps(covers: Iterable[WardCover]) -> list[WardCover]:
    """The wards that need a champion (or another one), for App Home and the digest."""
    return [cover for cover in covers if cover.gap]


def champion_coverage(covers: Sequence[WardCover]) -> float | None:
    """The `champion_coverage` gate metric: the share of wards without a GAP; None with no wards."""
    if not covers:
        return None
    return sum(not cover.gap for cover in covers) / len(covers)


def not_started(memberships: Iterable[Membership], ward: str, week: IsoWeek, started: Set[PersonKey]) -> int:
    """How many people on the ward's roster in `week` have no events yet in the pilot: a count, never names."""
    rostered = {m.person for m in memberships if m.ward == ward and m.covers(week)}
    return len(rostered - started)
