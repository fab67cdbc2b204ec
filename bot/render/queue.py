"""The queue card in the rapid-response channel: what it is, where it stands, and what the team can do."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from slack_sdk.models.blocks import Block, OverflowMenuElement

from bot.domain.phi import Kind
from bot.domain.queue import ALLOWED, OPEN, Move, Status, state_of
from bot.domain.reports import Report, excerpt
from bot.domain.sla import Duty, Policy, deadline
from bot.ids import Action
from bot.render import copy
from bot.render.blocks import actions, button, context, escape, header, message, option, section

CARD_TEXT_CHARS = 2_500


def when(at: datetime) -> str:
    """A time each reader sees in their own time zone (Slack date formatting), with a UTC fallback."""
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} {{time}}|{at:%a %d %b %H:%M} UTC>"


def day(value: date) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def quote(text: str, limit: int = CARD_TEXT_CHARS) -> str:
    body, _ = excerpt(text, limit)
    return ">" + escape(body).replace("\n", "\n>")


def status_line(report: Report, policy: Policy, stage: Duty | None) -> str:
    state = state_of(report)
    parts = [f"*{copy.QUEUE_STATUS[state.status]}*"]
    parts.append(f"owner <@{report.owner}>" if report.owner else "no owner yet")
    if state.clock_running:
        parts.append(f"answer due {when(deadline(policy, state))}")
        if stage is not None:
            parts.append(copy.STAGE[stage])
    elif report.answered_at is not None:
        on_time = report.answered_at <= deadline(policy, state)
        parts.append(copy.ANSWERED_IN_TIME if on_time else copy.ANSWERED_LATE)
    if report.me_too:
        parts.append(copy.ME_TOO.format(n=report.me_too))
    return " · ".join(parts)


def _answers(report: Report) -> list[Block]:
    blocks: list[Block] = []
    if report.expected_fix:
        note = f"\n{quote(report.plan_note, 1500)}" if report.plan_note else ""
        blocks.append(section(f"*{copy.CARD_PLAN}* {day(report.expected_fix)}{note}"))
    if report.team_workaround:
        blocks.append(section(f"*{copy.CARD_TEAM_WORKAROUND}*\n{quote(report.team_workaround, 1500)}"))
    if report.resolution:
        blocks.append(section(f"*{copy.CARD_RESOLUTION}*\n{quote(report.resolution, 1500)}"))
    if report.duplicate_of:
        blocks.append(section(copy.CARD_DUPLICATE.format(ref=f"R-{report.duplicate_of}")))
    return blocks


def _fields(report: Report, wards: Mapping[str, str]) -> list[str]:
    ward = wards.get(report.ward_id or "", copy.UNKNOWN_WARD)
    fields = [copy.CARD_WARD.format(ward=escape(ward)), copy.CARD_REPORTER.format(reporter=report.reporter)]
    if report.filed_by != report.reporter:
        fields.append(copy.CARD_FILED_BY.format(filed_by=report.filed_by, source=copy.SOURCE[report.source]))
    if report.system:
        fields.append(copy.CARD_SYSTEM.format(system=escape(report.system)))
    if report.workaround:
        fields.append(copy.CARD_WORKAROUND.format(workaround=escape(excerpt(report.workaround, 1500)[0])))
    return fields


def _buttons(report: Report) -> list[Block]:
    status = Status(report.status)
    if status not in OPEN:
        return []
    value = str(report.id)
    row: list[Any] = []
    if status is Status.NEW:
        row.append(button(copy.BUTTON[Move.TAKE], Action.CARD_TAKE, value, style="primary"))
    for move in (Move.NEED_INFO, Move.PLAN, Move.WORKAROUND, Move.RESOLVE):
        if status in ALLOWED[move]:  # only what can be done from here: a click never meets a refusal it could avoid
            row.append(button(copy.BUTTON[move], f"{Action.CARD_FORM.value}:{move.value}", f"{report.id}:{move.value}"))
    more = [option(copy.BUTTON[m], f"{report.id}:{m.value}") for m in (Move.MERGE, Move.REASSIGN, Move.SET_SEVERITY)]
    more.append(option(copy.PUBLISH_KNOWN_ISSUE, f"{report.id}:known_issue"))
    row.append(OverflowMenuElement(action_id=Action.CARD_MORE.value, options=more))
    return [actions(f"card:{report.id}", *row)]


def card(report: Report, wards: Mapping[str, str], policy: Policy, stage: Duty | None = None) -> dict[str, Any]:
    """The card, rebuilt in full on every change and updated in place."""
    body, cut = excerpt(report.text, CARD_TEXT_CHARS)
    blocks: list[Block] = [
        header(f"{report.ref} · {copy.SEVERITY[report.severity]}"),
        section(status_line(report, policy, stage)),
        section(quote(body)),
    ]
    if cut:
        blocks.append(context(copy.CARD_LONG.format(chars=len(report.text))))
    blocks.append(section("", fields=_fields(report, wards)))
    blocks += _answers(report)
    notes = [f"Filed {when(report.created_at)} via {copy.SOURCE[report.source]}"]
    if report.masked:
        notes.append(copy.CARD_MASKED.format(items=copy.masked_items([Kind(k) for k in report.masked])))
    if report.known_issue_id:
        notes.append(copy.CARD_KNOWN_ISSUE.format(id=report.known_issue_id))
    blocks.append(context(*notes))
    blocks += _buttons(report)
    if report.permalink:
        blocks.append(actions("card_links", button(copy.CARD_ORIGINAL, Action.OPEN_ORIGINAL, url=report.permalink)))
    ward = wards.get(report.ward_id or "", copy.UNKNOWN_WARD)
    text = copy.CARD_NOTIFY.format(ref=report.ref, severity=copy.SEVERITY_PLAIN[report.severity], ward=ward)
    return message(f"{text} · {copy.QUEUE_STATUS[Status(report.status)]}", blocks)
