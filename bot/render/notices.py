"""Messages about a report's progress: to the reporter, on the card's timeline, and from the SLA clock."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import Block

from bot.domain.queue import Move, state_of
from bot.domain.reports import Report
from bot.domain.sla import Duty, Policy, deadline
from bot.ids import Action
from bot.render import copy
from bot.render.blocks import actions, button, message, section
from bot.render.queue import day, quote, when


def _one(text: str, *extra: Block) -> dict[str, Any]:
    plain = text.replace("*", "").split("\n", 1)[0]
    return message(plain, [section(text), *extra])


def told(move: Move, report: Report, *, text: str = "", into: str = "", hours: float = 24) -> dict[str, Any]:
    """What the reporter (and anyone following) hears when something that matters to them happens."""
    ref, owner = report.ref, report.owner or ""
    still = actions(f"still:{report.id}", button(copy.STILL_BROKEN, Action.STILL_BROKEN, str(report.id)))
    match move:
        case Move.TAKE:
            return _one(copy.TOLD_TAKEN.format(ref=ref, owner=owner))
        case Move.REASSIGN:
            return _one(copy.TOLD_REASSIGNED.format(ref=ref, owner=owner))
        case Move.NEED_INFO:
            answer = actions(
                f"answer:{report.id}", button(copy.ANSWER_BUTTON, Action.ANSWER, str(report.id), style="primary")
            )
            return _one(copy.TOLD_QUESTION.format(ref=ref, owner=owner, question=quote(text)), answer)
        case Move.PLAN:
            fix = day(report.expected_fix) if report.expected_fix else "?"
            return _one(copy.TOLD_PLAN.format(ref=ref, day=fix, note=quote(text)), still)
        case Move.WORKAROUND:
            return _one(copy.TOLD_WORKAROUND.format(ref=ref, workaround=quote(text)), still)
        case Move.RESOLVE:
            return _one(copy.TOLD_RESOLVED.format(ref=ref, resolution=quote(text)), still)
        case Move.MERGE:
            return _one(copy.TOLD_MERGED.format(ref=ref, into=into))
        case Move.REOPEN:
            return _one(copy.TOLD_REOPENED.format(ref=ref, hours=f"{hours:g}"))
    raise ValueError(f"nothing to tell for {move}")


def timeline(move: Move, report: Report, *, actor: str, text: str = "", into: str = "") -> dict[str, Any]:
    """A line in the card's thread, so the team can read back what happened."""
    fix = day(report.expected_fix) if report.expected_fix else ""
    body = copy.TIMELINE[move].format(
        actor=actor,
        owner=report.owner or "",
        text=quote(text) if text else "",
        day=fix,
        into=into,
        severity=copy.SEVERITY_PLAIN[report.severity],
    )
    return _one(body)


def thanks(report: Report) -> dict[str, Any]:
    return _one(copy.TOLD_THANKS.format(owner=report.owner or "the team", ref=report.ref))


def me_too(duplicate: Report) -> dict[str, Any]:
    return _one(copy.ME_TOO_NOTE.format(dup=duplicate.ref, reporter=f"<@{duplicate.reporter}>"))


def ward_workaround(report: Report, text: str) -> dict[str, Any]:
    return _one(copy.WARD_WORKAROUND.format(ref=report.ref, workaround=quote(text)))


def known_issue(report: Report, *, actor: str, issue_id: int, title: str) -> dict[str, Any]:
    return _one(copy.KNOWN_ISSUE_NOTE.format(actor=actor, id=issue_id, title=title))


def sla(
    duty: Duty, report: Report, wards: Mapping[str, str], policy: Policy, *, to_owner: bool = False
) -> dict[str, Any]:
    """The SLA clock's message for one duty."""
    state = state_of(report)
    targets = policy.for_severity(report.severity)
    fields = {
        "ref": report.ref,
        "severity": copy.SEVERITY_PLAIN[report.severity],
        "due": when(deadline(policy, state)),
        "ward": wards.get(report.ward_id or "", copy.UNKNOWN_WARD),
        "owner": f"<@{report.owner}>" if report.owner else copy.NOBODY,
        "minutes": int(targets.acknowledge.total_seconds() // 60),
        "hours": f"{targets.address.total_seconds() / 3600:g}",
    }
    template = {
        Duty.ACKNOWLEDGE: copy.SLA_ACKNOWLEDGE,
        Duty.REMIND: copy.SLA_REMIND_OWNER if to_owner else copy.SLA_REMIND_QUEUE,
        Duty.ESCALATE: copy.SLA_ESCALATE,
        Duty.BREACH: copy.SLA_BREACH,
    }[duty]
    extra: list[Block] = []
    if duty is Duty.ACKNOWLEDGE or (duty is Duty.REMIND and not to_owner):
        extra.append(
            actions(
                f"sla_take:{report.id}",
                button(copy.BUTTON[Move.TAKE], Action.CARD_TAKE, str(report.id), style="primary"),
            )
        )
    return _one(template.format(**fields), *extra)


def patient_safety_alert(report: Report, wards: Mapping[str, str], policy: Policy, queue: str) -> dict[str, Any]:
    targets = policy.for_severity(report.severity)
    text = copy.PATIENT_SAFETY_ALERT.format(
        ref=report.ref,
        ward=wards.get(report.ward_id or "", copy.UNKNOWN_WARD),
        text=quote(report.text, 1500),
        ack=int(targets.acknowledge.total_seconds() // 60),
        hours=f"{targets.address.total_seconds() / 3600:g}",
        queue=queue,
    )
    return _one(text)
