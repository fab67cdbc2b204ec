"""The weekly transparency bulletin in channels.updates: once per ISO week, whatever the scheduler does.

At `[schedule] bulletin` (Monday 09:00 by default) it is about the ISO week that just ended. Its first message is
the post; what does not fit continues in the post's thread, and the on-time chart is uploaded into that thread
with alt text. All of it is queued in one transaction with the week's claim and the audit entry, so the
outbox delivers it (or retries it) after the tick, never half of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.clock import Clock
from bot.config import PilotConfig
from bot.domain.bulletin import AdoptionLine, ChampionLine, OnTime, OnTimeChart, Part, bulletin
from bot.domain.gates import Bound, Metric
from bot.domain.reaim import Trend
from bot.domain.weeks import IsoWeek, last_complete
from bot.render import bulletin as render
from bot.render import charts
from bot.render import copy_weekly as copy
from bot.render.text import render_message
from bot.services import send, weekly_post
from bot.services.adoption import AdoptionService
from bot.services.champions import ChampionService
from bot.services.uow import Transactional
from bot.services.weekly import office_week, ward_names, week_facts

log = logging.getLogger("pilotbot.bulletin")
KIND = "bulletin"


@dataclass(frozen=True)
class Built:
    messages: list[dict[str, Any]]
    chart: tuple[OnTime, ...]  # empty when nothing fell due in the eight weeks


@dataclass
class BulletinService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    adoption: AdoptionService | None = None
    champions: ChampionService | None = None
    on_queued: Callable[[], None] | None = None

    def build(self, week: IsoWeek, *, late_since: datetime | None = None) -> Built:
        facts = replace(
            week_facts(self.engine, self.config, week), adoption=self._adoption(week), champions=self._champions(week)
        )
        parts: list[Part] = bulletin(facts)
        aim = self.config.champions.staff_per_champion
        setting = render.Setting(week, ward_names(self.config), facts.policy, staff_per_champion=aim)
        messages = render.bulletin(parts, setting, late_since=late_since)
        chart = next((i.points for p in parts for i in p.items if isinstance(i, OnTimeChart)), ())
        return Built(messages, chart)

    def run(self, now: datetime) -> int:
        """Posts the bulletin owed at `now`, if it has not been posted; the number of messages queued."""
        with self._uow() as uow:
            owed = weekly_post.owed(uow, KIND, self.config.schedule.bulletin, self.config.zone, now)
        if owed is None:
            return 0
        built = self.build(owed.week, late_since=owed.fire if owed.late else None)
        try:
            return self._post(owed, built)
        except IntegrityError:
            log.info("another worker posted the bulletin for %s", owed.week.label)
            return 0

    def _post(self, owed: weekly_post.Due, built: Built) -> int:
        channel, label = self.config.channels.updates, owed.week.label
        with self._uow() as uow:
            weekly_post.claim(uow, owed)
            first, *rest = built.messages
            post = uow.send(send.to_channel(f"{KIND}:{label}:1", channel, first, purpose=KIND))
            for n, more in enumerate(rest, start=2):
                uow.send(send.to_channel(f"{KIND}:{label}:{n}", channel, more, purpose=KIND, thread_of=post))
            if built.chart:
                uow.send(
                    send.upload(
                        f"{KIND}:{label}:chart",
                        channel,
                        self.chart_png(built.chart),
                        filename=copy.CHART_FILE.format(week=label),
                        title=copy.CHART_TITLE,
                        alt_text=render.chart_alt(built.chart),
                        purpose=KIND,
                        thread_of=post,
                    )
                )
            queued = len(built.messages) + bool(built.chart)
            uow.audit(
                actor="pilotbot",
                action="bulletin.posted",
                entity_type="weekly_post",
                entity_id=f"{KIND}/{label}",
                week=label,
                late=owed.late,
                messages=queued,
            )
            uow.commit()
        return queued

    def _adoption(self, week: IsoWeek) -> AdoptionLine | None:
        if self.adoption is None or not self.adoption.has_data():
            return None
        rows = self.adoption.weeks(week.previous(), week)
        now, then = [r for r in rows if r.week == week], [r for r in rows if r.week != week]
        rostered, active = sum(r.rostered for r in now), sum(r.active for r in now)
        before = sum(r.rostered for r in then)
        share = Trend(active / rostered if rostered else None, sum(r.active for r in then) / before if before else None)
        return AdoptionLine(share, active, rostered)

    def _champions(self, week: IsoWeek) -> ChampionLine | None:
        if self.champions is None:
            return None
        covers = self.champions.directory()
        with Session(self.engine) as session:
            sessions, came, unrecorded = office_week(session, week, self.config.zone)
        gaps = tuple(c.ward for c in covers if c.gap)
        return ChampionLine(len(covers) - len(gaps), len(covers), gaps, sessions, came, unrecorded)

    def chart_png(self, history: Sequence[OnTime]) -> bytes:
        labels = [f"W{week.week:02d}" for week, _ in history]
        return charts.bar_chart(copy.CHART_TITLE, labels, [share for _, share in history], target=self._target())

    def _target(self) -> float | None:
        """The SLA gate's threshold, when the pilot file has one, drawn as the target line."""
        gate = next((g for g in self.config.go_no_go if g.metric is Metric.SLA_COMPLIANCE), None)
        return gate.threshold if gate is not None and gate.bound is Bound.MIN else None

    def preview(self, week: IsoWeek | None, now: datetime, png: Path | None = None) -> str:
        """The bulletin about `week` (default: the last complete one) as a person reads it; `png` writes its chart."""
        week = week or last_complete(now, self.config.zone)
        built = self.build(week)
        lines: list[str] = []
        for n, message in enumerate(built.messages, start=1):
            if n > 1:
                lines += ["", f"── in the thread, part {n} ──"]
            lines += render_message(message, lambda name: name)
        if built.chart:
            lines += ["", f"── in the thread: chart ── {render.chart_alt(built.chart)}"]
            if png is not None:
                png.mkdir(parents=True, exist_ok=True)
                path = png / copy.CHART_FILE.format(week=week.label)
                path.write_bytes(self.chart_png(built.chart))
                lines.append(f"(written to {path})")
        return "\n".join(lines)
