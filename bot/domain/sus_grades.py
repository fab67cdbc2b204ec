"""What a SUS score means: its letter grade on the Sauro-Lewis curved grading scale, and an adjective. Pure.

Grades: Sauro & Lewis, *Quantifying the User Experience*, 2nd ed. (2016), Table 8.5, the curved grading scale
(CGS). Each grade has the SUS range and the percentile range printed in that table; the table has one decimal,
so a score is rounded half-up to one decimal before it is graded (84.05 -> 84.1 -> A+), which keeps a grade in
step with a score shown to one decimal.

Adjectives: Bangor, Kortum & Miller, "Determining what individual SUS scores mean: adding an adjective rating
scale", Journal of Usability Studies 4(3), 2009, Table 3, which publishes the mean SUS of the scores people gave
with each adjective, not boundaries. The boundaries here are ours: the midpoints between adjacent published means,
so a score gets the adjective whose mean is nearest (Worst imaginable below 16.4, Awful below 28.0, Poor below
43.3, OK below 61.15, Good below 78.45, Excellent below 88.2, Best imaginable from 88.2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Band:
    """One row of the curved grading scale."""

    letter: str
    low: float  # lowest SUS score of the grade, as printed
    high: float  # highest, as printed
    percentiles: tuple[int, int]


# Sauro & Lewis 2016, Table 8.5: best first.
CURVED_GRADING_SCALE: tuple[Band, ...] = (
    Band("A+", 84.1, 100.0, (96, 100)),
    Band("A", 80.8, 84.0, (90, 95)),
    Band("A-", 78.9, 80.7, (85, 89)),
    Band("B+", 77.2, 78.8, (80, 84)),
    Band("B", 74.1, 77.1, (70, 79)),
    Band("B-", 72.6, 74.0, (65, 69)),
    Band("C+", 71.1, 72.5, (60, 64)),
    Band("C", 65.0, 71.0, (41, 59)),
    Band("C-", 62.7, 64.9, (35, 40)),
    Band("D", 51.7, 62.6, (15, 34)),
    Band("F", 0.0, 51.6, (0, 14)),
)


@dataclass(frozen=True)
class Adjective:
    """One adjective of Bangor, Kortum & Miller (2009) with the mean SUS they published for it."""

    word: str
    mean: float  # as published
    low: float  # ours: the midpoint between this mean and the next lower one, the lowest score given this word


# Bangor, Kortum & Miller 2009, Table 3 (the means): best first. Lows written out, not computed, so that an
# edge is exactly the decimal shown in the docstring and not a float sum's neighbour.
ADJECTIVES: tuple[Adjective, ...] = (
    Adjective("Best imaginable", 90.9, 88.2),
    Adjective("Excellent", 85.5, 78.45),
    Adjective("Good", 71.4, 61.15),
    Adjective("OK", 50.9, 43.3),
    Adjective("Poor", 35.7, 28.0),
    Adjective("Awful", 20.3, 16.4),
    Adjective("Worst imaginable", 12.5, 0.0),
)


@dataclass(frozen=True)
class Grade:
    letter: str
    percentile_range: tuple[int, int]
    adjective: str


def sus_grade(score: float) -> Grade:
    """The grade, percentile range and adjective of a SUS score (0-100); a ValueError for anything else."""
    if not (isinstance(score, int | float) and math.isfinite(score) and 0 <= score <= 100):
        raise ValueError(f"a SUS score runs from 0 to 100, not {score!r}")
    shown = float(Decimal(str(score)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    band = next(b for b in CURVED_GRADING_SCALE if shown >= b.low)
    return Grade(band.letter, band.percentiles, adjective(score))


def adjective(score: float) -> str:
    """The adjective whose published mean is nearest the score (the higher one on an exact midpoint)."""
    return next((a.word for a in ADJECTIVES if score >= a.low), ADJECTIVES[-1].word)
