"""Survey scoring and anonymity, pure: SUS as Brooke defined it, NPS, suppression that survives subtraction."""

from __future__ import annotations

import random
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.domain.instruments import Instrument, InstrumentError, parse_instrument
from bot.domain.surveys import (
    MIN_GROUP,
    Response,
    net_promoter,
    out_of_quiet_hours,
    summarize,
    summary_from_dict,
    summary_to_dict,
    suppressed,
    sus_score,
    themes,
)

SURVEYS = Path(__file__).parent.parent.parent / "surveys"


def instrument(name: str) -> Instrument:
    path = SURVEYS / f"{name}.toml"
    return parse_instrument(path.read_text(encoding="utf-8"), path=str(path))


SUS = instrument("sus")


def sus_answers(*values: int) -> dict[str, str]:
    return {f"sus{i}": str(v) for i, v in enumerate(values, start=1)}


@pytest.mark.parametrize(
    ("values", "score"),
    [
        # Worked examples of Brooke's rule: odd items contribute (score - 1), even items (5 - score), x 2.5.
        ((3,) * 10, 50.0),  # all neutral
        ((5, 1) * 5, 100.0),  # the best possible
        ((1, 5) * 5, 0.0),  # the worst possible
        ((4, 2, 4, 1, 5, 2, 4, 2, 4, 1), 82.5),  # (3+3+4+3+3) + (3+4+3+3+4) = 33 -> 82.5
        ((4, 1, 4, 1, 4, 1, 4, 1, 4, 1), 87.5),  # 15 + 20 = 35 -> 87.5
        ((2, 4, 3, 3, 2, 4, 3, 4, 2, 3), 35.0),  # (1+2+1+2+1) + (1+2+1+1+2) = 14 -> 35
    ],
)
def test_sus_scoring_follows_brooke(values: tuple[int, ...], score: float) -> None:
    assert sus_score(sus_answers(*values), SUS) == score


def test_an_incomplete_sus_has_no_score() -> None:
    assert sus_score(sus_answers(3, 3, 3, 3, 3, 3, 3, 3, 3), SUS) is None


@pytest.mark.parametrize(
    ("answers", "score", "adjective", "grade"),
    [
        ((5, 1, 5, 1, 5, 1, 5, 1, 5, 1), 100.0, "Best imaginable", "A+"),
        ((4, 2, 4, 2, 4, 2, 4, 2, 4, 3), 72.5, "Good", "C+"),  # C+ on the curved scale, not a B
        ((3, 3, 3, 3, 3, 3, 3, 3, 3, 3), 50.0, "OK", "F"),
    ],
)
def test_a_sus_run_is_graded_on_the_curved_grading_scale(
    answers: tuple[int, ...], score: float, adjective: str, grade: str
) -> None:
    summary = summarize(SUS, [Response(sus_answers(*answers), "ward-7", "clinician")] * 5, {"ward-7": 5})
    assert (summary.headline_value, summary.sus_adjective, summary.sus_grade) == (score, adjective, grade)


def test_net_promoter_score() -> None:
    assert net_promoter([10, 9, 8, 7, 6, 0]) == pytest.approx(100 * (2 - 2) / 6)
    assert net_promoter([10, 10, 10, 9]) == 100
    assert net_promoter([0, 3, 6]) == -100
    assert net_promoter([]) is None


# --- anonymity ----------------------------------------------------------------------------------------


def test_small_groups_are_hidden() -> None:
    assert suppressed({"ward-7": 12, "ward-9": 8}) == set()
    assert suppressed({"ward-7": 12, "ward-9": 8, "ward-3": 4}) == {"ward-3", "ward-9"}


def test_a_single_hidden_group_is_never_left_alone_for_subtraction() -> None:
    """The classic attack: total minus every shown group equals the hidden group. Hide a second group."""
    sizes = {"ward-7": 20, "ward-9": 9, "ward-3": 2}
    hidden = suppressed(sizes)
    assert "ward-3" in hidden and len(hidden) >= 2
    assert sum(sizes[g] for g in hidden) >= MIN_GROUP


def test_when_every_hideable_group_is_small_everything_is_hidden() -> None:
    assert suppressed({"a": 10, "b": 3, "c": 1}) == {"a", "b", "c"}


def test_no_set_of_fewer_than_five_people_can_be_recovered_by_subtraction() -> None:
    """For many random wards: every shown group has five or more; and the hidden groups, which subtracting
    every shown group from the total would reveal together, hold five or more people between them."""
    rng = random.Random(7)
    for _ in range(5000):
        sizes = {f"g{i}": rng.randint(1, 15) for i in range(rng.randint(1, 6))}
        if sum(sizes.values()) < MIN_GROUP:
            continue  # nothing is shown at all for so few answers
        hidden = suppressed(sizes)
        assert all(n >= MIN_GROUP for g, n in sizes.items() if g not in hidden)
        assert not hidden or sum(sizes[g] for g in hidden) >= MIN_GROUP, sizes
        assert len(hidden) != 1 or len(sizes) == 1, sizes


def _responses(groups: dict[str, list[int]], role: str = "clinician") -> list[Response]:
    return [Response({"helped": str(v)}, ward, role) for ward, values in groups.items() for v in values]


PULSE = instrument("weekly-pulse")


def test_fewer_than_five_answers_show_nothing_but_counts() -> None:
    summary = summarize(PULSE, _responses({"ward-7": [5, 5, 5, 5]}), {"ward-7": 10})
    assert (summary.shown, summary.responded, summary.questions, summary.headline_value) == (False, 4, (), None)


def test_ward_figures_are_suppressed_and_the_remainder_cannot_be_subtracted() -> None:
    groups = {"ward-7": [4] * 10, "ward-9": [2] * 6, "ward-3": [1, 1]}
    summary = summarize(PULSE, _responses(groups), {"ward-7": 12, "ward-9": 8, "ward-3": 3})
    shown = {f.group: f.value for f in summary.by_ward}
    assert shown["ward-3"] is None and shown["ward-9"] is None and shown["ward-7"] == 4
    # The attacker's subtraction: total mean x n minus the shown wards gives only the two hidden wards together.
    total = summary.headline_value * summary.responded  # type: ignore[operator]
    remainder = total - 4 * 10
    assert remainder / 8 == pytest.approx((2 * 6 + 1 * 2) / 8)  # 8 people in two wards: no one singled out


def test_text_answers_become_themes_only_with_five_or_more() -> None:
    texts = ["scanner logs me out", "the scanner logs out", "printer jams", "printer jams daily", "ok"]
    responses = [Response({"blocker": t}, "ward-7", "clinician") for t in texts]
    summary = summarize(PULSE, responses, {"ward-7": 5})
    blocker = next(q for q in summary.questions if q.id == "blocker")
    assert dict(blocker.themes) == {"printer jams": 2, "scanner logs": 2}
    assert summarize(PULSE, responses[:4], {"ward-7": 5}).questions == ()


def test_themes_leave_masked_identifiers_out() -> None:
    assert themes(["[NAME] scanner", "[NAME] scanner again"]) == [("scanner", 2)]


def test_sus_summary_has_score_adjective_and_change() -> None:
    responses = [Response(sus_answers(4, 2, 4, 1, 5, 2, 4, 2, 4, 1), "ward-7", "clinician")] * 6
    summary = summarize(SUS, responses, {"ward-7": 6}, previous=70.0)
    assert (summary.headline, summary.headline_value, summary.sus_adjective, summary.sus_grade) == (
        "SUS",
        82.5,
        "Excellent",
        "A",
    )
    assert summary.change == 12.5


def test_a_summary_survives_being_stored() -> None:
    summary = summarize(SUS, [Response(sus_answers(*(3,) * 10), "ward-7", "clinician")] * 5, {"ward-7": 5})
    assert summary_from_dict(summary_to_dict(summary)) == summary


# --- when people may be asked -------------------------------------------------------------------------

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2026, 11, 19, 14, 0, tzinfo=UTC), datetime(2026, 11, 19, 14, 0, tzinfo=UTC)),
        (datetime(2026, 11, 19, 23, 0, tzinfo=UTC), datetime(2026, 11, 20, 7, 0, tzinfo=UTC)),
        (datetime(2026, 11, 20, 6, 59, tzinfo=UTC), datetime(2026, 11, 20, 7, 0, tzinfo=UTC)),
        (datetime(2026, 7, 16, 21, 30, tzinfo=UTC), datetime(2026, 7, 17, 6, 0, tzinfo=UTC)),  # BST: 22:30 local
        (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), datetime(2026, 3, 29, 6, 0, tzinfo=UTC)),  # night the clocks go on
    ],
)
def test_quiet_hours_defer_to_seven_local(at: datetime, expected: datetime) -> None:
    assert out_of_quiet_hours(at, LONDON, time(22), time(7)) == expected


# --- instruments --------------------------------------------------------------------------------------


def test_the_shipped_instruments_load() -> None:
    ids = {instrument(p.stem).id for p in SURVEYS.glob("*.toml")}
    assert ids == {"weekly-pulse", "sus", "go-live-readiness", "training-needs"}
    assert 3 <= len([q for q in PULSE.questions if not q.optional]) <= 5


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kind = "choice"', 'kind = "scale"'), "question 2 (time), kind: 'scale' is not one of likert"),
        (
            ('options = ["Much less time"', 'options = ["Only one"] #'),
            "question 2 (time): a choice question needs 2 to 10",
        ),
        (('id = "helped"', 'id = "Helped!"'), "question 1 (Helped!), id: 'Helped!' is not an id"),
        (('id = "confidence"', 'id = "helped"'), "question id 'helped' appears twice"),
        (('text = "I feel confident', 'txt = "I feel confident'), "question 3 (confidence), txt: unknown key"),
        (("anonymous = true", 'anonymous = true\nscoring = "sus"'), "SUS scoring needs exactly the ten"),
        (('title = "Weekly pulse"', 'title = "Weekly pulse'), "not valid TOML"),
    ],
)
def test_instrument_errors_name_the_file_the_question_and_the_fault(change: tuple[str, str], expected: str) -> None:
    text = (SURVEYS / "weekly-pulse.toml").read_text(encoding="utf-8")
    assert change[0] in text
    with pytest.raises(InstrumentError) as info:
        parse_instrument(text.replace(*change, 1), path="surveys/weekly-pulse.toml")
    lines = str(info.value).splitlines()
    assert any(line.startswith("surveys/weekly-pulse.toml: ") and expected in line for line in lines), lines
