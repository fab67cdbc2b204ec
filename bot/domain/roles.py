"""Who may do what. Checked in every handler: anyone who can see a button can click it."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.roster import Role


class Permission(StrEnum):
    WORK_QUEUE = "work_queue"  # take, ask, plan, workaround, resolve, merge, change severity
    REASSIGN = "reassign"
    PUBLISH_KNOWN_ISSUE = "publish_known_issue"
    SEE_QUEUE = "see_queue"
    SEE_FIGURES = "see_figures"
    SEE_DEAD_LETTERS = "see_dead_letters"
    CLOSE_LOOP = "close_loop"  # tell everyone who answered a survey what was heard and what is being done
    RECORD_DECISION = "record_decision"  # record the committee's go/no-go decision


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.CLINICIAN: frozenset(),
    Role.CHAMPION: frozenset(),
    Role.RESPONDER: frozenset({Permission.WORK_QUEUE, Permission.SEE_QUEUE, Permission.PUBLISH_KNOWN_ISSUE}),
    Role.LEAD: frozenset(Permission) - {Permission.SEE_DEAD_LETTERS},
    Role.ADMIN: frozenset(Permission),
}


def can(role: Role | None, permission: Permission) -> bool:
    """Unknown people (not on the roster) are clinicians: they can report, nothing more."""
    return permission in GRANTS[role or Role.CLINICIAN]
