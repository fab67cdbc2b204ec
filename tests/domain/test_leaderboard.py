"""The leaderboard: per head, never by volume; ties share a rank; small wards unranked; the most improved."""

from __future__ import annotations

from dataclasses import fields

import pytest

from bot.domain.adoption import Membership, WardWeek, WeekUsage, adoption
from bot.domain.leaderboard import Board, Standing, leaderboard
from bot.domain.weeks import IsoWeek

THIS, LAST = IsoWeek(2026, 46), IsoWeek(2026, 45)


def ww(ward: str, rostered: int, active: int, week: IsoWeek = THIS, depth: float | None = 2.0) -> WardWeek:
    share = active / rostered if rostered else None
    return WardWeek(ward, week, rostered, active, share, depth if active else None, events=active * 10)


def board(*rows: WardWeek, min_group: int = 5) -> Board:
    return leaderboard(rows, THIS, min_group=min_group)


def test_wards_are_ranked_by_adoption_best_first() -> None:
    result = board(ww("a", 10, 3), ww("b", 10, 9), ww("c", 10, 6))
    assert [(s.ward, s.rank, s.adoption) for s in result.ranked] == [("b", 1, 0.9), ("c", 2, 0.6), ("a", 3, 0.3)]


def test_ties_share_a_rank_and_the_next_rank_is_skipped() -> None:
    result = board(ww("a", 10, 8), ww("b", 10, 5), ww("c", 20, 10), ww("d", 10, 1))
    assert [(s.ward, s.rank) for s in result.ranked] == [("a", 1), ("b", 2), ("c", 2), ("d", 4)]


def test_equal_shares_tie_exactly_whatever_the_ward_sizes() -> None:
    result = board(ww("thirds", 15, 5), ww("sixths", 6, 2), ww("sevenths", 7, 2))
    assert [(s.ward, s.rank) for s in result.ranked] == [("thirds", 1), ("sixths", 1), ("sevenths", 3)]


def test_a_small_ward_is_listed_unranked_without_figures() -> None:
    result = board(ww("big", 10, 2), ww("tiny", 4, 4), ww("empty", 0, 0))
    assert [s.ward for s in result.ranked] == ["big"]
    assert result.unranked == ("tiny", "empty")


def test_a_small_ward_is_never_the_most_improved() -> None:
    result = board(ww("big", 10, 3), ww("big", 10, 2, LAST), ww("tiny", 4, 4), ww("tiny", 4, 0, LAST))
    assert result.most_improved == ("big",)


def test_the_change_is_in_percentage_points_since_last_week() -> None:
    result = board(ww("a", 10, 6), ww("a", 10, 5, LAST), ww("b", 10, 4), ww("b", 20, 10, LAST), ww("new", 10, 1))
    assert {s.ward: s.change_pp for s in result.ranked} == {"a": pytest.approx(10.0), "b": -10.0, "new": None}


def test_no_change_is_shown_from_a_week_when_the_ward_was_too_small_to_rank() -> None:
    result = board(ww("grew", 10, 5), ww("grew", 4, 1, LAST))  # last week's 1 in 4 stays unsaid
    assert result.ranked[0].change_pp is None
    assert result.most_improved == ()


@pytest.mark.parametrize(
    ("last_week", "expected"),
    [
        ((5, 5, 5), ()),  # nobody moved
        ((8, 8, 8), ()),  # everyone fell
        ((4, 5, 5), ("a",)),  # a rose by 10 points, the rest stood still
        ((4, 5, 4), ("a", "c")),  # a tie for the biggest rise: both
        ((4, 3, 5), ("b",)),
    ],
)
def test_the_most_improved_ward(last_week: tuple[int, int, int], expected: tuple[str, ...]) -> None:
    now = [ww(w, 10, 5) for w in "abc"]
    before = [ww(w, 10, n, LAST) for w, n in zip("abc", last_week, strict=True)]
    assert board(*now, *before).most_improved == expected


def test_the_volume_gamer_does_not_lift_the_ward() -> None:
    gamers = [Membership(f"g{i}", "gamers", LAST) for i in range(20)]
    steady = [Membership(f"s{i}", "steady", LAST) for i in range(20)]
    usage = [WeekUsage("g0", THIS, 7, 10_000)] + [WeekUsage(f"s{i}", THIS, 2, 3) for i in range(8)]
    result = leaderboard(adoption(gamers + steady, usage, [THIS]), THIS, min_group=5)
    assert [(s.ward, s.rank, s.adoption) for s in result.ranked] == [("steady", 1, 0.4), ("gamers", 2, 0.05)]


def test_no_individuals_usage_is_anywhere_in_the_board() -> None:
    roster = [Membership(f"p{i}", "w7", LAST) for i in range(20)]
    result = leaderboard(adoption(roster, [WeekUsage("p0", THIS, 7, 10_000)], [THIS]), THIS, min_group=5)
    assert {f.name for f in fields(Standing)} == {
        "ward",
        "rank",
        "adoption",
        "rostered",
        "active",
        "change_pp",
        "active_days_median",
    }  # no events, no people
    (standing,) = result.ranked
    assert standing.active_days_median is None  # the median of one person's days is that person's days
    assert "p0" not in repr(result)
    assert "10000" not in repr(result)


def test_depth_of_use_is_shown_once_enough_people_are_active() -> None:
    assert board(ww("a", 10, 5, depth=3.0)).ranked[0].active_days_median == 3.0
    assert board(ww("a", 10, 4, depth=3.0)).ranked[0].active_days_median is None


def test_other_weeks_do_not_leak_into_the_board() -> None:
    result = board(ww("a", 10, 5), ww("old", 10, 9, IsoWeek(2026, 40)), ww("next", 10, 9, IsoWeek(2026, 47)))
    assert [s.ward for s in result.ranked] == ["a"]
    assert result.unranked == ()


def test_a_week_without_rows_is_an_empty_board() -> None:
    assert board() == Board(THIS, (), (), ())
