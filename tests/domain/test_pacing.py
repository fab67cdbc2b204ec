"""The pace of calls to one Slack method: none until Slack pushes back, then just above the cap."""

from __future__ import annotations

from bot.pacing import Pace


def run(pace: Pace, seconds: float, answer: object) -> float:
    """Simulates calling as fast as the pace allows; `answer(t)` says whether a call at t gets a 429."""
    t = 0.0
    while t < seconds:
        t = max(pace.slot(t), t + 0.001)
        pace.answered(t, limited=bool(answer(t)))  # type: ignore[operator]
    return t


def test_no_pace_while_slack_answers_normally() -> None:
    pace = Pace()
    run(pace, 5, lambda t: False)
    assert pace.rate is None and pace.slot(10.0) == 10.0


def test_a_few_stray_429s_set_no_pace() -> None:
    pace = Pace()
    calls = iter(range(10**6))
    run(pace, 5, lambda t: next(calls) % 3 == 0)  # one in three, as under the cap
    assert pace.rate is None


def test_over_the_cap_the_pace_settles_around_it() -> None:
    """A cap of 10 calls a second: beyond it every call is a 429."""
    pace = Pace()
    sent: list[float] = []

    def capped(t: float) -> bool:
        recent = [s for s in sent if t - s < 1.0]
        if len(recent) >= 10:
            return True
        sent.append(t)
        return False

    run(pace, 60, capped)
    assert pace.rate is not None and 8 <= pace.rate <= 30
    last_minute_rate = len([s for s in sent if s >= 30]) / 30
    assert last_minute_rate >= 9  # at least 90% of the cap used


def test_when_everything_is_refused_the_pace_stays_low_and_lifts_when_slack_relents() -> None:
    pace = Pace()
    run(pace, 30, lambda t: True)
    assert pace.rate is not None and pace.floor <= pace.rate <= 8  # a few probes a second, not a flood
    low = pace.rate
    run(pace, 130, lambda t: False)
    assert pace.rate is None or pace.rate > low + 50
