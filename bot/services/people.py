"""The roster: importing it, finding people, linking Slack IDs to emails."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db import repositories as repo
from bot.domain.csvrows import HeaderError, Rejection
from bot.domain.roster import Person, RosterEntry, RosterFile, parse_roster
from bot.services.uow import UnitOfWork

# Looks a person up in Slack by email: their Slack ID, or None when Slack has no such user.
LookupByEmail = Callable[[str], Awaitable[str | None]]


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    rejections: tuple[Rejection, ...]
    unmatched: tuple[str, ...]  # emails Slack did not know; they are linked when the person first uses the bot
    imported: bool


@dataclass
class PeopleService:
    engine: Engine
    clock: Clock
    config: PilotConfig

    def check(self, text: str) -> RosterFile:
        """Validates a roster file; raises HeaderError when the header is wrong."""
        return parse_roster(text, frozenset(w.id for w in self.config.wards))

    async def import_roster(
        self, text: str, *, partial: bool, actor: str, lookup: LookupByEmail | None = None
    ) -> ImportResult:
        """Imports every good row; with rejected rows, imports nothing unless `partial`."""
        try:
            parsed = self.check(text)
        except HeaderError as exc:
            return ImportResult(0, 0, (Rejection(1, str(exc).removeprefix("line 1: ")),), (), False)
        if parsed.rejections and not partial:
            return ImportResult(0, 0, parsed.rejections, (), False)
        entries, unmatched = await self._resolve(parsed, lookup)
        added = updated = 0
        with UnitOfWork(self.engine, self.clock) as uow:
            for entry in entries:
                outcome = repo.upsert_roster_entry(uow.session, entry=entry, now=uow.now)
                added += outcome == "added"
                updated += outcome == "updated"
            uow.audit(
                actor=actor,
                action="roster.imported",
                entity_type="roster",
                entity_id="file",
                added=added,
                updated=updated,
                rejected=len(parsed.rejections),
            )
            uow.commit()
        return ImportResult(added, updated, parsed.rejections, tuple(unmatched), True)

    async def _resolve(self, parsed: RosterFile, lookup: LookupByEmail | None) -> tuple[list[RosterEntry], list[str]]:
        entries: list[RosterEntry] = []
        unmatched: list[str] = []
        for _line, entry in parsed.entries:
            if entry.slack_id is None and entry.email and lookup is not None:
                found = await lookup(entry.email)
                if found:
                    entry = RosterEntry(found, entry.email, entry.name, entry.ward_id, entry.role)
            if entry.slack_id is None and entry.email:
                unmatched.append(entry.email)
            entries.append(entry)
        return entries, unmatched

    def person(self, slack_id: str) -> Person | None:
        with UnitOfWork(self.engine, self.clock) as uow:
            return repo.get_person(uow.session, slack_id=slack_id)

    def needs_link(self, slack_id: str) -> bool:
        """True when we do not know this Slack user but the roster has people known only by email."""
        with UnitOfWork(self.engine, self.clock) as uow:
            return repo.get_person(uow.session, slack_id=slack_id) is None and repo.has_unlinked(uow.session)

    def link(self, *, slack_id: str, email: str) -> Person | None:
        """Links a roster entry known only by email to the Slack user who turned out to own it."""
        with UnitOfWork(self.engine, self.clock) as uow:
            person = repo.link_slack_id(uow.session, email=email, slack_id=slack_id, now=uow.now)
            if person is not None:
                uow.audit(actor=slack_id, action="person.linked", entity_type="person", entity_id=slack_id)
                uow.commit()
            return person
