"""What each person's App Home shows, by role: their reports; their ward; the queue; the figures; dead letters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.home import DeadLetter, HomeData
from bot.domain.queue import CLOCK_RUNNING, OPEN, Status, state_of
from bot.domain.roles import Permission, can
from bot.domain.roster import Role
from bot.domain.sla import deadline, figures
from bot.domain.weeks import week_of
from bot.render.office_hours import ChampionHome, CoverHome
from bot.services.adoption import AdoptionService
from bot.services.champions import ChampionService
from bot.services.known_issues import to_known_issue
from bot.services.uow import UnitOfWork

SOON = timedelta(hours=4)
SHOWN = 10


@dataclass
class HomeService:
    engine: Engine
    clock: Clock
    config: PilotConfig
    adoption: AdoptionService
    champions: ChampionService

    def network(self, slack_id: str) -> ChampionHome | CoverHome | None:
        """The champion network part: a champion's ward (with its adoption this week), a lead's or admin's cover."""
        week = week_of(self.clock.now(), self.config.zone)
        figures = {w.ward: w.adoption for w in self.adoption.weeks(week, week)} if self.adoption.has_data() else {}
        return self.champions.home_section(slack_id, adoption=figures)

    def for_person(self, slack_id: str) -> HomeData:
        policy = self.config.sla.policy()
        with UnitOfWork(self.engine, self.clock) as uow:
            now = uow.now
            person = repo.get_person(uow.session, slack_id=slack_id)
            role = person.role if person else None
            mine = repo.reports_by_reporter(uow.session, reporter=slack_id, limit=SHOWN)
            issues = [to_known_issue(r) for r in repo.known_issues(uow.session, status="open")][:SHOWN]
            data = HomeData(now, role, mine, issues)
            if not (can(role, Permission.SEE_QUEUE) or role is Role.CHAMPION):
                return data
            open_reports = repo.reports_in(uow.session, statuses=OPEN)
            ward = [r for r in open_reports if person and r.ward_id == person.ward_id] if role is Role.CHAMPION else []
            if not can(role, Permission.SEE_QUEUE):
                return HomeData(now, role, mine, issues, ward=ward[:SHOWN])
            owned = [r for r in open_reports if r.owner == slack_id]
            unowned = [r for r in open_reports if Status(r.status) is Status.NEW]
            breaching = sorted(
                (
                    r
                    for r in open_reports
                    if Status(r.status) in CLOCK_RUNNING and deadline(policy, state_of(r)) - now <= SOON
                ),
                key=lambda r: deadline(policy, state_of(r)),
            )
            stats = (
                figures(policy, [state_of(r) for r in repo.all_reports(uow.session)], now)
                if can(role, Permission.SEE_FIGURES)
                else None
            )
            dead = (
                [DeadLetter(r.id or 0, r.purpose, r.method, r.last_error or "") for r in repo.dead_letters(uow.session)]
                if can(role, Permission.SEE_DEAD_LETTERS)
                else []
            )
        return HomeData(
            now, role, mine, issues, ward[:SHOWN], owned[:SHOWN], unowned[:SHOWN], breaching[:SHOWN], stats, dead
        )
