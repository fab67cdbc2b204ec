"""How fast to call one Slack method: unpaced until Slack pushes back, then adapted second by second.

Slack caps chat.postMessage workspace-wide and answers 429 + Retry-After beyond it; it also sends the odd
429 when the app is under the cap. So a single 429 delays only its own message (by Retry-After). When more
than half of a second's answers are 429s the method gets a pace (what was getting through, less a fifth),
which then drops by a fifth after every such second and creeps up by two calls a second otherwise. It
settles just above the cap, spending it fully without hammering; back at the ceiling, pacing stops.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Pace:
    rate: float | None = None  # calls per second; None: no pace (Slack has not pushed back)
    floor: float = 0.5
    ceiling: float = 200.0
    window: float = 1.0  # seconds per judgement
    _started: float | None = None
    _calls: int = 0
    _limited: int = 0
    _next_slot: float = 0.0

    def slot(self, now: float) -> float:
        """The time the next call may start (>= now); books it."""
        if self.rate is None:
            return now
        start = max(now, self._next_slot)
        self._next_slot = start + 1.0 / self.rate
        return start

    def answered(self, now: float, *, limited: bool) -> None:
        """Counts one answer; at the end of each window, sets or adjusts the pace."""
        if self._started is None:
            self._started = now
        self._calls += 1
        self._limited += limited
        elapsed = now - self._started
        if elapsed < self.window:
            return
        if self._calls >= 5 and self._limited * 2 > self._calls:
            through = (self._calls - self._limited) / elapsed
            self.rate = max(self.floor, 0.8 * (self.rate if self.rate is not None else max(through, self.floor)))
        elif self.rate is not None:
            self.rate += 2.0
            if self.rate >= self.ceiling:
                self.rate = None
        self._started, self._calls, self._limited = now, 0, 0
