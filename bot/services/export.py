"""Exports for governance committees: one row per report, with its clock and outcome, never its words."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.queue import state_of
from bot.domain.reports import Report
from bot.domain.sla import Policy, deadline, met
from bot.services.uow import UnitOfWork

ISSUE_COLUMNS = (
    "ref",
    "filed_at",
    "ward",
    "severity",
    "source",
    "status",
    "owner",
    "cycle",
    "first_response_at",
    "answered_at",
    "answer_due",
    "answered_in_time",
    "expected_fix",
    "duplicate_of",
    "me_too",
    "known_issue",
    "public_summary",
    "identifiers_masked",
)


def issue_row(report: Report, policy: Policy) -> dict[str, str]:
    """A report as a governance committee reads it: times in UTC ISO-8601, the outcome, no report text."""
    state = state_of(report)
    outcome = met(policy, state)

    def iso(value: object) -> str:
        return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]

    return {
        "ref": report.ref,
        "filed_at": iso(report.created_at),
        "ward": report.ward_id or "",
        "severity": report.severity.value,
        "source": report.source.value,
        "status": report.status,
        "owner": report.owner or "",
        "cycle": str(report.cycle),
        "first_response_at": iso(report.first_response_at),
        "answered_at": iso(report.answered_at),
        "answer_due": iso(deadline(policy, state)),
        "answered_in_time": "" if outcome is None else ("yes" if outcome else "no"),
        "expected_fix": iso(report.expected_fix),
        "duplicate_of": f"R-{report.duplicate_of}" if report.duplicate_of else "",
        "me_too": str(report.me_too),
        "known_issue": f"K-{report.known_issue_id}" if report.known_issue_id else "",
        "public_summary": report.public_summary or "",
        "identifiers_masked": " ".join(report.masked),
    }


@dataclass
class ExportService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def issues_csv(self) -> str:
        policy = self.config.sla.policy()
        with UnitOfWork(self.engine, self.clock) as uow:
            reports = repo.all_reports(uow.session)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=ISSUE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(issue_row(r, policy) for r in reports)
        return out.getvalue()
