"""SUS grades as Sauro & Lewis (2016, Table 8.5) print them, with the Bangor, Kortum & Miller (2009) adjectives."""

from __future__ import annotations

import itertools
import math

import pytest

from bot.domain.sus_grades import ADJECTIVES, CURVED_GRADING_SCALE, adjective, sus_grade

# Sauro & Lewis, Quantifying the User Experience, 2nd ed., Table 8.5: grade, SUS range, percentile range.
TABLE_8_5 = [
    ("A+", 84.1, 100.0, (96, 100)),
    ("A", 80.8, 84.0, (90, 95)),
    ("A-", 78.9, 80.7, (85, 89)),
    ("B+", 77.2, 78.8, (80, 84)),
    ("B", 74.1, 77.1, (70, 79)),
    ("B-", 72.6, 74.0, (65, 69)),
    ("C+", 71.1, 72.5, (60, 64)),
    ("C", 65.0, 71.0, (41, 59)),
    ("C-", 62.7, 64.9, (35, 40)),
    ("D", 51.7, 62.6, (15, 34)),
    ("F", 0.0, 51.6, (0, 14)),
]


def test_the_scale_is_the_published_table() -> None:
    assert [(b.letter, b.low, b.high, b.percentiles) for b in CURVED_GRADING_SCALE] == TABLE_8_5


@pytest.mark.parametrize(("letter", "low", "high", "percentiles"), TABLE_8_5)
def test_both_edges_of_every_band(letter: str, low: float, high: float, percentiles: tuple[int, int]) -> None:
    assert sus_grade(low).letter == letter
    assert sus_grade(high).letter == letter
    assert sus_grade(low).percentile_range == percentiles


@pytest.mark.parametrize(
    ("score", "letter"),
    [
        (84.0, "A"),
        (84.1, "A+"),
        (51.6, "F"),
        (51.7, "D"),
        (73, "B-"),  # was shown as B before the full scale
        (55, "D"),  # was shown as C
        (68, "C"),  # the published average sits in C
        (0, "F"),
        (100, "A+"),
    ],
)
def test_scores_the_issue_names(score: float, letter: str) -> None:
    assert sus_grade(score).letter == letter


@pytest.mark.parametrize(
    ("score", "letter"),
    [(84.04, "A"), (84.05, "A+"), (51.64, "F"), (51.65, "D"), (72.55, "B-"), (72.549, "C+")],
)
def test_a_score_between_printed_edges_is_graded_as_shown_to_one_decimal(score: float, letter: str) -> None:
    assert sus_grade(score).letter == letter


@pytest.mark.parametrize("score", [-0.1, 100.1, math.nan, math.inf, -math.inf])
def test_out_of_range_scores_are_rejected(score: float) -> None:
    with pytest.raises(ValueError, match="0 to 100"):
        sus_grade(score)


def test_the_adjectives_and_their_published_means() -> None:
    assert [(a.word, a.mean) for a in ADJECTIVES] == [
        ("Best imaginable", 90.9),
        ("Excellent", 85.5),
        ("Good", 71.4),
        ("OK", 50.9),
        ("Poor", 35.7),
        ("Awful", 20.3),
        ("Worst imaginable", 12.5),
    ]


def test_each_adjective_starts_halfway_to_the_next_lower_mean() -> None:
    for better, worse in itertools.pairwise(ADJECTIVES):
        assert better.low == pytest.approx((better.mean + worse.mean) / 2)
    assert ADJECTIVES[-1].low == 0


@pytest.mark.parametrize(
    ("score", "word"),
    [
        (100, "Best imaginable"),
        (88.2, "Best imaginable"),  # midpoint of 85.5 and 90.9
        (88.1, "Excellent"),
        (78.45, "Excellent"),  # midpoint of 71.4 and 85.5
        (78.4, "Good"),
        (61.15, "Good"),
        (61.1, "OK"),
        (43.3, "OK"),
        (43.2, "Poor"),
        (28.0, "Poor"),
        (27.9, "Awful"),
        (16.4, "Awful"),
        (16.3, "Worst imaginable"),
        (0, "Worst imaginable"),
    ],
)
def test_adjective_edges_are_the_midpoints_between_published_means(score: float, word: str) -> None:
    assert adjective(score) == word


def test_a_grade_carries_its_adjective() -> None:
    grade = sus_grade(73)
    assert (grade.letter, grade.percentile_range, grade.adjective) == ("B-", (65, 69), "Good")
    assert sus_grade(55).adjective == "OK"
