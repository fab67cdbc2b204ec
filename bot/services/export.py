"""Exports for governance committees: one row per report, with its clock and outcome, never its words."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import col, select

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.db.models import SurveyResponseRow, SurveyRunRow
from bot.domain.instruments import Instrument
from bot.domain.instruments import Kind as InstrumentKind
from bot.domain.queue import state_of
from bot.domain.reports import Report
from bot.domain.sla import Policy, deadline, met
from bot.domain.surveys import MIN_GROUP, suppressed
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

    def responses_csv(self) -> str:
        """Every closed run's responses, one block of columns per instrument (anonymity rules applied)."""
        out = io.StringIO()
        with UnitOfWork(self.engine, self.clock) as uow:
            runs = uow.session.exec(
                select(SurveyRunRow).where(SurveyRunRow.status == "closed").order_by(col(SurveyRunRow.id))
            ).all()
            for run in runs:
                assert run.id is not None
                instrument = Instrument.model_validate(run.instrument)
                responses = list(uow.session.exec(select(SurveyResponseRow).where(SurveyResponseRow.run_id == run.id)))
                rows = response_rows(instrument, run.id, responses)
                writer = csv.DictWriter(
                    out,
                    fieldnames=["run", "survey", "person", "ward", "role", *[q.id for q in instrument.questions]],
                    lineterminator="\n",
                )
                writer.writeheader()
                writer.writerows(rows)
        return out.getvalue()

    def issues_csv(self) -> str:
        policy = self.config.sla.policy()
        with UnitOfWork(self.engine, self.clock) as uow:
            reports = repo.all_reports(uow.session)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=ISSUE_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(issue_row(r, policy) for r in reports)
        return out.getvalue()


def response_rows(instrument: Instrument, run_id: int, responses: list[SurveyResponseRow]) -> list[dict[str, str]]:
    """A closed run's responses for a governance export, with the anonymity rules of the posted results:
    no person for an anonymous instrument, ward and role shown only for groups that results may show, and
    no free text from a run with fewer than MIN_GROUP answers. Random ids, sorted, so order says nothing."""
    answered = [r for r in responses if r.answers]
    wards = suppressed(Counter(r.ward_id or "unknown" for r in answered))
    roles = suppressed(Counter(r.role or "unknown" for r in answered))
    texts_allowed = len(answered) >= MIN_GROUP
    rows = []
    for response in sorted(answered, key=lambda r: r.id):
        row = {
            "run": str(run_id),
            "survey": instrument.id,
            "person": "" if instrument.anonymous else response.slack_id or "",
            "ward": "not shown" if (response.ward_id or "unknown") in wards else response.ward_id or "",
            "role": "not shown" if (response.role or "unknown") in roles else response.role or "",
        }
        for question in instrument.questions:
            value = response.answers.get(question.id, "")
            if question.kind is InstrumentKind.TEXT and not texts_allowed:
                value = "not shown" if value else ""
            row[question.id] = ";".join(value) if isinstance(value, list) else str(value)
        rows.append(row)
    return rows
