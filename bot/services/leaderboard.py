"""The weekly adoption leaderboard in channels.updates, once per ISO week, with its chart in the post's thread.

The week is the last complete one at the scheduled instant, whenever the tick that notices it runs: after
downtime the board goes out once, late, and says which week it covers. Exactly once comes from the weekly_post
claim (bot.services.weekly_post), made in the same transaction as the queued post: a second tick, or a second
worker racing this one, finds the claim (or fails to insert it) and queues nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.adoption import WardWeek
from bot.domain.leaderboard import Board, leaderboard
from bot.domain.weeks import IsoWeek, last_complete, weeks_between
from bot.outbox import Outgoing
from bot.render import charts
from bot.render import copy_adoption as copy
from bot.render import leaderboard as render
from bot.render.text import render_message
from bot.services import send, weekly_post
from bot.services.adoption import AdoptionService
from bot.services.uow import Transactional

log = logging.getLogger("pilotbot.leaderboard")
KIND = "leaderboard"
CHART_WEEKS = 26  # the chart shows the pilot's weeks, at most the last half-year (beyond that a line is a smear)


@dataclass(frozen=True)
class _Post:
    """What goes out for a week: the message, and the board with the weeks it is charted over (None: NO DATA)."""

    week: IsoWeek
    message: dict[str, Any]
    board: Board | None
    history: tuple[WardWeek, ...] = ()


@dataclass
class LeaderboardService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """The job: posts last week's leaderboard once, when [schedule] leaderboard has come; returns messages
        queued (the post, and its chart)."""
        with self._uow() as uow:
            owed = weekly_post.owed(uow, KIND, self.config.schedule.leaderboard, self.config.zone, now)
        if owed is None:
            return 0
        post = self._compose(owed.week, late_due=owed.fire if owed.late else None, charted=True)
        try:
            return self._queue(owed, post)
        except IntegrityError:
            log.info("leaderboard %s: another worker posted it", owed.week.label)
            return 0

    def preview(self, week: IsoWeek | None, now: datetime) -> str:
        """The leaderboard about `week` (default: the latest complete week) as a person reads it."""
        post = self._compose(week or last_complete(now, self.config.zone), late_due=None, charted=False)
        return "\n".join(render_message(post.message, lambda ref: ref))

    def _board(self, week: IsoWeek, *, weeks_from: IsoWeek) -> tuple[Board | None, list[WardWeek]]:
        """The board, and every ward's adoption from `weeks_from` to `week` (which the board takes its change from)."""
        adoption = AdoptionService(self.engine, self.clock, self.config)
        if not adoption.has_week(week):
            return None, []
        rows = adoption.weeks(min(weeks_from, week.previous()), week)
        return leaderboard(rows, week, min_group=self.config.adoption.min_group), rows

    def _compose(self, week: IsoWeek, *, late_due: datetime | None, charted: bool) -> _Post:
        first = self._chart_from(week) if charted else week.previous()
        board, rows = self._board(week, weeks_from=first)
        if board is None:
            return _Post(week, render.no_data(week, late_due=late_due), None)
        min_group = self.config.adoption.min_group
        message = render.leaderboard(board, self._names(), min_group=min_group, late_due=late_due)
        return _Post(week, message, board, tuple(rows))

    def _chart_from(self, week: IsoWeek) -> IsoWeek:
        """The first week the chart shows: the pilot's first week with usage, or CHART_WEEKS back."""
        span = AdoptionService(self.engine, self.clock, self.config).span()
        earliest = week.shift(1 - CHART_WEEKS)
        return week if span is None else max(min(span[0], week), earliest)

    def _names(self) -> dict[str, str]:
        return {w.id: w.name for w in self.config.wards}

    def _queue(self, owed: weekly_post.Due, post: _Post) -> int:
        """The claim, the post and its chart, and the audit entry: one transaction, or nothing."""
        label, channel = owed.week.label, self.config.channels.updates
        board = post.board
        png = self._png(post, board) if board is not None and board.ranked else None  # before the write transaction
        with self._uow(f"{KIND}:{label}") as uow:
            weekly_post.claim(uow, owed)
            parent = uow.send(send.to_channel(f"{KIND}:{label}", channel, post.message, purpose=KIND))
            if png is not None and board is not None:
                uow.send(self._upload(label, png, board, thread_of=parent))
            uow.audit(
                actor="pilotbot",
                action="leaderboard.posted",
                entity_type="weekly_post",
                entity_id=f"{KIND}/{label}",
                week=label,
                **_counts(board),
                late=owed.late,
            )
            uow.commit()
        log.info("leaderboard %s queued (late=%s)", label, owed.late)
        return 1 + (png is not None)

    def _png(self, post: _Post, board: Board) -> bytes:
        """Adoption per ranked ward over the charted weeks; a week a ward was too small to rank is a gap."""
        weeks = weeks_between(min(r.week for r in post.history), post.week)
        labels, series = render.chart(board, self._names(), weeks, post.history, self.config.adoption.min_group)
        return charts.line_chart(copy.CHART_TITLE.format(label=post.week.label), labels, series)

    def _upload(self, label: str, png: bytes, board: Board, *, thread_of: int) -> Outgoing:
        """The chart, shared in the post's thread once the post is delivered, with its figures as alt text."""
        return send.upload(
            f"{KIND}:{label}:chart",
            self.config.channels.updates,
            png,
            filename=copy.CHART_FILENAME.format(label=label),
            title=copy.CHART_TITLE.format(label=label),
            alt_text=render.chart_alt(board, self._names()),
            purpose=KIND,
            thread_of=thread_of,
        )


def _counts(board: Board | None) -> dict[str, Any]:
    """Counts for the audit entry: how many wards were ranked and listed, never their figures."""
    if board is None:
        return {"no_data": True}
    return {"ranked": len(board.ranked), "unranked": len(board.unranked), "no_data": False}
