"""The roster: who works where, in which role, validated row by row."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.csvrows import Rejection, Row, read_rows

COLUMNS = ("slack_id", "email", "name", "ward", "role")
_SLACK_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[A-Za-z]{2,}$")


class Role(StrEnum):
    CLINICIAN = "clinician"
    CHAMPION = "champion"
    RESPONDER = "responder"
    LEAD = "lead"
    ADMIN = "admin"


# Roles that belong to a ward, and so need one in the roster.
WARD_ROLES = frozenset({Role.CLINICIAN, Role.CHAMPION})


@dataclass(frozen=True)
class RosterEntry:
    slack_id: str | None
    email: str | None
    name: str
    ward_id: str | None
    role: Role


@dataclass(frozen=True)
class RosterFile:
    entries: tuple[tuple[int, RosterEntry], ...]
    rejections: tuple[Rejection, ...]


def _entry(row: Row, wards: frozenset[str]) -> RosterEntry | str:
    v = row.values
    if "__extra__" in v:
        return "more cells than the header has columns (a comma inside a name needs quotes)"
    slack_id, email = v["slack_id"] or None, v["email"].lower() or None
    if not slack_id and not email:
        return "slack_id and email are both empty; give at least one"
    if slack_id and not _SLACK_ID.match(slack_id):
        return f"slack_id {slack_id!r} is not a Slack user ID (like U012ABCDEF)"
    if email and not _EMAIL.match(email):
        return f"email {email!r} is not an email address"
    if not v["name"]:
        return "name is empty"
    if len(v["name"]) > 80:
        return "name is longer than 80 characters"
    try:
        role = Role(v["role"].lower())
    except ValueError:
        return f"role {v['role']!r} is not one of {', '.join(r.value for r in Role)}"
    ward = v["ward"] or None
    if ward is None and role in WARD_ROLES:
        return f"ward is empty; a {role.value} needs one of {', '.join(sorted(wards))}"
    if ward is not None and ward not in wards:
        return f"ward {ward!r} is not in the pilot file (known: {', '.join(sorted(wards))})"
    return RosterEntry(slack_id, email, v["name"], ward, role)


def parse_roster(text: str, wards: frozenset[str]) -> RosterFile:
    """Every row either becomes an entry or a rejection with its line number and reason."""
    entries: list[tuple[int, RosterEntry]] = []
    rejections: list[Rejection] = []
    seen: dict[str, int] = {}
    for row in read_rows(text, COLUMNS):
        result = _entry(row, wards)
        if isinstance(result, str):
            rejections.append(Rejection(row.line, result))
            continue
        keys = [k for k in (result.slack_id, result.email) if k]
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            rejections.append(Rejection(row.line, f"the same person as line {first}"))
            continue
        seen.update(dict.fromkeys(keys, row.line))
        entries.append((row.line, result))
    return RosterFile(tuple(entries), tuple(rejections))


@dataclass(frozen=True)
class Person:
    """Someone the bot knows: from the roster, or self-declared when they first reported."""

    slack_id: str | None
    email: str | None
    name: str
    ward_id: str | None
    role: Role
    source: str = "roster"
