"""The weekly adoption leaderboard in channels.updates, once per ISO week, with its chart.

The week is the last complete one at the scheduled instant, whenever the tick that notices it runs: after
downtime the board goes out once, late, and says which week it covers. Exactly once comes from the weekly_post
row's key, inserted in the same transaction as the queued post: a second tick, or a second worker racing this
one, finds the row (or fails to insert it) and queues nothing.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db.models import WeeklyPostRow
from bot.domain.leaderboard import Board, leaderboard
from bot.domain.weeks import IsoWeek, last_complete
from bot.outbox import Outgoing
from bot.render import copy_adoption as copy
from bot.render import leaderboard as render
from bot.render.blocks import clip
from bot.render.text import render_message
from bot.services import send
from bot.services.adoption import AdoptionService
from bot.services.cron import latest_fire
from bot.services.uow import Transactional

log = logging.getLogger("pilotbot.leaderboard")
KIND = "leaderboard"
LATE = timedelta(hours=1)  # a post this long after its scheduled instant says it is late
ALT_TEXT = 1_000


@dataclass(frozen=True)
class _Post:
    """What goes out for a week: the message, the chart (None without data), and figures for the audit."""

    week: IsoWeek
    message: dict[str, Any]
    board: Board | None  # None: NO DATA


@dataclass
class LeaderboardService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def run(self, now: datetime) -> int:
        """The job: posts last week's leaderboard once, when [schedule] leaderboard has come; returns posts queued."""
        fire = latest_fire(self.config.schedule.leaderboard, self.config.zone, now)
        if fire is None:
            return 0
        week = last_complete(fire, self.config.zone)
        if self._posted(week):
            return 0
        late = now - fire >= LATE
        post = self._compose(week, late_due=fire if late else None)  # read and rendered before the write lock
        try:
            return self._queue(post, fire, late)
        except IntegrityError:
            log.info("leaderboard %s: another worker posted it", week.label)
            return 0

    def preview(self, week: IsoWeek | None, now: datetime) -> str:
        """The leaderboard about `week` (default: the latest complete week) as a person reads it."""
        post = self._compose(week or last_complete(now, self.config.zone), late_due=None)
        return "\n".join(render_message(post.message, lambda ref: ref))

    def board(self, week: IsoWeek) -> Board | None:
        """The week's board, or None when the piloted system sent no usage for that week (NO DATA)."""
        adoption = AdoptionService(self.engine, self.clock, self.config)
        if not adoption.has_week(week):
            return None
        rows = adoption.weeks(week.previous(), week)
        return leaderboard(rows, week, min_group=self.config.adoption.min_group)

    def _names(self) -> dict[str, str]:
        return {w.id: w.name for w in self.config.wards}

    def _compose(self, week: IsoWeek, *, late_due: datetime | None) -> _Post:
        board = self.board(week)
        if board is None:
            return _Post(week, render.no_data(week, late_due=late_due), None)
        min_group = self.config.adoption.min_group
        return _Post(week, render.leaderboard(board, self._names(), min_group=min_group, late_due=late_due), board)

    def _posted(self, week: IsoWeek) -> bool:
        with Session(self.engine) as session:
            return session.get(WeeklyPostRow, (KIND, week.label)) is not None

    def _queue(self, post: _Post, fire: datetime, late: bool) -> int:
        """The weekly_post row, the post and its chart, and the audit entry: one transaction, or nothing."""
        label, channel = post.week.label, self.config.channels.updates
        chart = self._chart(post.board) if post.board is not None else None
        with self._uow(f"{KIND}:{label}") as uow:
            if uow.session.get(WeeklyPostRow, (KIND, label)) is not None:
                return 0
            uow.session.add(WeeklyPostRow(kind=KIND, week=label, scheduled_at=fire, posted_at=uow.now, late=late))
            uow.session.flush()  # a racing worker's row makes this raise IntegrityError: nothing is queued
            uow.send(send.to_channel(f"{KIND}:{label}", channel, post.message, purpose=KIND))
            if chart is not None:
                uow.send(chart)
            uow.audit(
                actor="pilotbot",
                action="leaderboard.posted",
                entity_type="weekly_post",
                entity_id=label,
                **_figures(post.board),
                late=late,
                chart=chart is not None,
            )
            uow.commit()
        log.info("leaderboard %s queued (late=%s)", label, late)
        return 1

    def _chart(self, board: Board) -> Outgoing | None:
        """The chart's upload, or None while no chart renderer is installed."""
        try:  # the chart renderer and the upload arrive separately; the board goes out without them until then
            bar_chart: Any = importlib.import_module("bot.render.charts").bar_chart
            upload: Any = importlib.import_module("bot.services.send").upload
        except (ImportError, AttributeError):
            log.info("leaderboard %s: no chart renderer yet", board.week.label)
            return None
        names, label = self._names(), board.week.label
        labels, values = render.chart(board, names)
        title = copy.CHART_TITLE.format(label=label)
        png = bar_chart(title, labels, values, percent=True)
        outgoing: Outgoing = upload(
            f"{KIND}-chart:{label}",
            self.config.channels.updates,
            png,
            filename=copy.CHART_FILENAME.format(label=label),
            title=title,
            alt_text=clip(render.chart_alt(board, names), ALT_TEXT),
            purpose=KIND,
        )
        return outgoing


def _figures(board: Board | None) -> dict[str, Any]:
    """Counts for the audit entry: how many wards were ranked and listed, never their figures."""
    if board is None:
        return {"no_data": True}
    return {"ranked": len(board.ranked), "unranked": len(board.unranked), "no_data": False}
