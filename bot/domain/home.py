"""What App Home shows a person: plain values, gathered by the home service and drawn by render/home.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.domain.reports import Report
from bot.domain.roster import Role
from bot.domain.sla import Figures


@dataclass(frozen=True)
class KnownIssue:
    id: int
    report_id: int
    title: str
    cause: str
    workaround: str | None
    expected_fix: date | None
    status: str


@dataclass(frozen=True)
class DeadLetter:
    id: int
    purpose: str
    method: str
    error: str


@dataclass(frozen=True)
class HomeData:
    now: datetime
    role: Role | None
    mine: list[Report]
    known_issues: list[KnownIssue]
    ward: list[Report] = field(default_factory=list)  # champions: their ward's open reports
    owned: list[Report] = field(default_factory=list)  # responders: open reports they own
    unowned: list[Report] = field(default_factory=list)
    breaching: list[Report] = field(default_factory=list)  # clock running, due within four hours or overdue
    figures: Figures | None = None
    dead_letters: list[DeadLetter] = field(default_factory=list)
