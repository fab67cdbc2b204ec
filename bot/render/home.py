"""App Home, by role: my reports and known issues for everyone; the ward for champions; the queue for
responders; the pilot's figures for leads; dead letters for admins."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.domain.home import HomeData, KnownIssue
from bot.domain.queue import Status, state_of
from bot.domain.reports import Report, Severity, excerpt
from bot.domain.sla import Figures, Policy, deadline
from bot.ids import Action
from bot.render import copy
from bot.render.blocks import VIEW_BLOCKS, actions, button, context, escape, header, section
from bot.render.office_hours import ChampionHome, CoverHome, home_blocks
from bot.render.queue import day


def _left(report: Report, policy: Policy, now: datetime) -> str:
    left = deadline(policy, state_of(report)) - now
    if left < timedelta(0):
        return copy.HOME_OVERDUE.format(hours=int(-left.total_seconds() // 3600))
    hours, minutes = divmod(int(left.total_seconds() // 60), 60)
    return copy.HOME_LEFT.format(hours=hours, minutes=minutes)


def _line(report: Report, policy: Policy, now: datetime, *, team: bool) -> Block:
    status = copy.STATUS.get(report.status, report.status)
    extra = ""
    if report.expected_fix and Status(report.status) is Status.PLANNED:
        extra = " · " + copy.HOME_FIX_BY.format(day=day(report.expected_fix))
    if team and state_of(report).clock_running:
        extra += f" · {_left(report, policy, now)}"
    if team and report.owner:
        extra += f" · <@{report.owner}>"
    head = f"*{report.ref}* · {copy.SEVERITY_PLAIN[report.severity]} · {status}{extra}"
    return section(f"{head}\n{escape(excerpt(report.text, 300)[0])}")


def _list(
    title: str, reports: Sequence[Report], policy: Policy, now: datetime, *, team: bool, empty: str
) -> list[Block]:
    blocks: list[Block] = [header(title)]
    if not reports:
        return [*blocks, context(empty)]
    return blocks + [_line(r, policy, now, team=team) for r in reports]


def _known(issues: Sequence[KnownIssue]) -> list[Block]:
    if not issues:
        return []
    blocks: list[Block] = [header(copy.HOME_KNOWN)]
    for issue in issues:
        fix = f" · {copy.HOME_FIX_BY.format(day=day(issue.expected_fix))}" if issue.expected_fix else ""
        workaround = f"\n_{copy.HOME_MEANWHILE}_ {escape(issue.workaround)}" if issue.workaround else ""
        blocks.append(section(f"*K-{issue.id}* {escape(issue.title)}{fix}\n{escape(issue.cause)}{workaround}"))
    return blocks


def _hours(value: timedelta | None) -> str:
    return "-" if value is None else f"{value.total_seconds() / 3600:.1f} h"


def _figures(stats: Figures) -> list[Block]:
    compliance = "-" if stats.compliance is None else f"{stats.compliance:.0%}"
    open_total = sum(stats.open_by_severity.values())
    by_severity = ", ".join(f"{copy.SEVERITY_PLAIN[s]} {stats.open_by_severity[s]}" for s in Severity)
    by_age = ", ".join(f"{name} {n}" for name, n in stats.open_by_age.items())
    return [
        header(copy.HOME_FIGURES),
        section(
            "",
            fields=[
                f"*{copy.FIG_COMPLIANCE}*\n{compliance} of {stats.decided}",
                f"*{copy.FIG_FIRST_RESPONSE}*\n{_hours(stats.first_response_median)}",
                f"*{copy.FIG_ADDRESS}*\n{_hours(stats.address_median)}",
                f"*{copy.FIG_OPEN}*\n{open_total} ({by_severity})",
                f"*{copy.FIG_AGE}*\n{by_age}",
                f"*{copy.FIG_SOON}*\n{stats.breaching_soon}",
            ],
        ),
    ]


def home(
    data: HomeData,
    policy: Policy,
    wards: Mapping[str, str],
    *,
    network: ChampionHome | CoverHome | None = None,
    zone: ZoneInfo | None = None,
) -> dict[str, Any]:
    """The whole Home tab for one person; at most 100 blocks. `network`: the champion network's part (a
    champion's ward, a lead's cover), shown in `zone`."""
    now = data.now
    blocks: list[Block] = [actions("home_actions", button(copy.HOME_NEW, Action.HOME_NEW_REPORT, style="primary"))]
    if data.figures is not None:
        blocks += _figures(data.figures)
    if (
        data.owned
        or data.unowned
        or data.breaching
        or data.figures is not None
        or (data.role and data.role.value in ("responder", "lead", "admin"))
    ):
        blocks += _list(copy.HOME_BREACHING, data.breaching, policy, now, team=True, empty=copy.HOME_NONE)
        blocks += _list(copy.HOME_UNOWNED, data.unowned, policy, now, team=True, empty=copy.HOME_NONE)
        blocks += _list(copy.HOME_OWNED, data.owned, policy, now, team=True, empty=copy.HOME_NONE)
    if network is not None:
        blocks += home_blocks(network, zone or ZoneInfo("UTC"))
    if data.ward:
        blocks += _list(copy.HOME_WARD, data.ward, policy, now, team=False, empty=copy.HOME_NONE)
    blocks += _list(copy.HOME_TITLE, data.mine, policy, now, team=False, empty=copy.HOME_EMPTY)
    blocks += _known(data.known_issues)
    if data.dead_letters:
        blocks.append(header(copy.HOME_DEAD))
        blocks += [
            section(copy.HOME_DEAD_LINE.format(id=d.id, purpose=d.purpose, method=d.method, error=d.error))
            for d in data.dead_letters
        ]
    kept = blocks[: VIEW_BLOCKS - 1] + ([context(copy.HOME_MORE)] if len(blocks) >= VIEW_BLOCKS else [])
    return View(type="home", blocks=kept).to_dict()
