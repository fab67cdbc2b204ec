"""The champion directory: names per ward, staff per champion, GAP, coverage, and colleagues not started."""

from __future__ import annotations

import pytest

from bot.domain.adoption import Membership
from bot.domain.champions import WardCover, champion_coverage, directory, gaps, not_started
from bot.domain.roster import Person, Role, RosterEntry
from bot.domain.weeks import IsoWeek


def staff(ward: str | None, n: int, role: Role = Role.CLINICIAN, name: str = "Staff") -> list[RosterEntry]:
    return [RosterEntry(None, f"{name}{i}@x.org", f"{name} {i}", ward, role) for i in range(n)]


def cover(ward: str, champions: int, others: int, aim: int = 20) -> WardCover:
    roster = staff(ward, champions, Role.CHAMPION, "Champ") + staff(ward, others)
    (result,) = directory(roster, staff_per_champion=aim)
    return result


def test_a_ward_lists_its_champions_by_name_and_counts_every_role() -> None:
    roster = [
        RosterEntry("U1", None, "zoe Park", "w7", Role.CHAMPION),
        RosterEntry("U2", None, "Amir Khan", "w7", Role.CHAMPION),
        RosterEntry("U3", None, "Lee", "w7", Role.LEAD),
        RosterEntry("U4", None, "Ann", "w7", Role.CLINICIAN),
        RosterEntry("U5", None, "Rae", None, Role.RESPONDER),  # no ward: in no ward's count
    ]
    assert directory(roster, staff_per_champion=20) == [WardCover("w7", ("Amir Khan", "zoe Park"), 4, 2.0, False)]


def test_a_ward_without_a_champion_is_a_gap() -> None:
    assert cover("w7", 0, 3) == WardCover("w7", (), 3, None, True)


@pytest.mark.parametrize(
    ("champions", "others", "ratio", "gap"),
    [
        (1, 19, 20.0, False),  # exactly the aim
        (1, 20, 21.0, True),  # one over
        (2, 38, 20.0, False),
        (2, 39, 20.5, True),
        (3, 0, 1.0, False),
    ],
)
def test_a_gap_by_ratio(champions: int, others: int, ratio: float, gap: bool) -> None:
    result = cover("w7", champions, others)
    assert (result.staff_per_champion, result.gap) == (ratio, gap)


def test_the_aim_comes_from_the_pilot_file() -> None:
    assert cover("w7", 1, 14, aim=10).gap
    assert not cover("w7", 1, 14, aim=15).gap


def test_wards_of_the_pilot_file_come_first_even_empty_and_an_empty_ward_is_a_gap() -> None:
    roster = staff("w9", 1, Role.CHAMPION) + staff("w7", 2)
    assert [(c.ward, c.staff, c.gap) for c in directory(roster, staff_per_champion=20, wards=["w1", "w7"])] == [
        ("w1", 0, True),
        ("w7", 2, True),
        ("w9", 1, False),
    ]


def test_people_and_roster_entries_both_fit() -> None:
    people = [Person("U1", None, "Ann", "w7", Role.CHAMPION), Person("U2", None, "Bo", "w7", Role.CLINICIAN, "self")]
    assert directory(people, staff_per_champion=20)[0].champions == ("Ann",)


def test_coverage_is_the_share_of_wards_without_a_gap() -> None:
    roster = staff("a", 1, Role.CHAMPION) + staff("a", 5) + staff("b", 30) + staff("c", 1, Role.CHAMPION)
    covers = directory(roster, staff_per_champion=20, wards=["a", "b", "c", "d"])
    assert champion_coverage(covers) == 0.5  # a and c covered; b has no champion, d nobody at all
    assert [c.ward for c in gaps(covers)] == ["b", "d"]


def test_coverage_of_no_wards_is_no_data() -> None:
    assert champion_coverage([]) is None


def test_colleagues_not_started_is_a_count_of_this_weeks_roster() -> None:
    week = IsoWeek(2026, 46)
    roster = [
        Membership("a", "w7", IsoWeek(2026, 40)),
        Membership("b", "w7", IsoWeek(2026, 40)),
        Membership("c", "w7", IsoWeek(2026, 40)),
        Membership("gone", "w7", IsoWeek(2026, 40), IsoWeek(2026, 44)),
        Membership("later", "w7", IsoWeek(2026, 47)),
        Membership("other", "w9", IsoWeek(2026, 40)),
    ]
    assert not_started(roster, "w7", week, started={"a", "other"}) == 2
    assert not_started(roster, "w7", week, started={"a", "b", "c"}) == 0
