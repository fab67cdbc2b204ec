"""Usage data from the piloted system: one row per person per day, streamed in, a day sent again replacing itself.

A file (or an API request) is one transaction: rows are validated one at a time by the domain, matched to the
roster through a lookup built once, and upserted in batches, so memory stays flat and a refused file stores
nothing. In the same transaction, every ISO week the rows fall in is rolled up again from the person-days into
usage_week, which is what the adoption figures read. On SQLite that transaction holds the write lock for the
length of the import (about a minute for a year of a 10,000-person hospital), so feed big histories in monthly
files or use PostgreSQL.
"""

from __future__ import annotations

import csv
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Date, Engine, bindparam, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col

from bot.clock import Clock
from bot.config import PilotConfig
from bot.db.models import Person, UsageDayRow, UsageWeekRow
from bot.domain.adoption import ItemRejection, UsageRow, iter_usage, parse_usage_json
from bot.domain.csvrows import HeaderError, Rejection
from bot.render import copy_adoption as copy
from bot.services.uow import Transactional

log = logging.getLogger("pilotbot.usage")
BATCH = 5_000  # person-days per upsert: a few hundred kB of parameters, well inside every driver's limits
MAX_LISTED = 1_000  # a file wrong throughout is named by its first rejections and a count, not 3 million lines
# SQLite's page cache during an import, in KiB: a year's primary-key b-tree is ~60 MB, and with the default 2 MB
# every batch of a day-by-day file re-reads most of it from the OS. Set back when the import ends.
SQLITE_IMPORT_CACHE_KIB = 65_536

Problem = Rejection | ItemRejection
Results = Iterable[tuple[int, UsageRow | Problem]]
_DAYS = SQLModel.metadata.tables[UsageDayRow.__tablename__]
_WEEKS = SQLModel.metadata.tables[UsageWeekRow.__tablename__]
_MONDAY, _NEXT_MONDAY = bindparam("monday", type_=Date), bindparam("next_monday", type_=Date)
_CLEAR_WEEK = delete(_WEEKS).where(_WEEKS.c.week == _MONDAY)
_FILL_WEEK = insert(_WEEKS).from_select(
    ["person_id", "week", "active_days", "events"],
    select(_DAYS.c.person_id, _MONDAY, func.count(), func.sum(_DAYS.c.events))
    .where(_DAYS.c.day >= _MONDAY, _DAYS.c.day < _NEXT_MONDAY, _DAYS.c.events > 0)
    .group_by(_DAYS.c.person_id),
)


@dataclass(frozen=True)
class UsageImport:
    """What an import came to: person-days stored, rejections named by line (CSV) or index (API), refused when
    nothing was stored because of rejections (and `partial` was not asked for)."""

    stored: int
    rejected: list[Problem] = field(default_factory=list)
    refused: bool = False
    unlisted: int = 0  # rejections past MAX_LISTED: counted, not named

    @property
    def rejected_count(self) -> int:
        """Every rejection, named or not."""
        return len(self.rejected) + self.unlisted


@dataclass(frozen=True)
class _Roster:
    """Rostered people by Slack ID and by email, read once per import."""

    by_slack: dict[str, int]
    by_email: dict[str, int]

    def match(self, row: UsageRow) -> int | str:
        """The person's id, or why the row names nobody (or two different people) on the roster."""
        slack = self.by_slack.get(row.slack_id) if row.slack_id else None
        email = self.by_email.get(row.email) if row.email else None
        if slack is not None and email is not None and slack != email:
            return copy.USAGE_TWO_PEOPLE.format(slack_id=row.slack_id, email=row.email)
        found = slack if slack is not None else email
        if found is not None:
            return found
        who = " or ".join(f"{k} {v}" for k, v in (("slack_id", row.slack_id), ("email", row.email)) if v)
        return copy.USAGE_NOBODY.format(who=who)


def _roster(session: Session) -> _Roster:
    rows = session.execute(
        select(col(Person.id), col(Person.slack_id), col(Person.email)).where(col(Person.source) == "roster")
    ).all()
    return _Roster(
        {slack_id: pid for pid, slack_id, _ in rows if slack_id},
        {email: pid for pid, _, email in rows if email},
    )


class _Upsert:
    """Person-days written BATCH at a time, in the file's order; a day already stored is replaced, and left
    untouched when its value is the same (so re-importing a file changes nothing).

    The statement is the dialect's INSERT ... ON CONFLICT DO UPDATE, compiled once and run with the driver's
    executemany: SQLAlchemy's per-row parameter handling would otherwise cost more than the database does.
    """

    def __init__(self, conn: Connection) -> None:
        table = _DAYS
        dialects: dict[str, Callable[[Any], Any]] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
        insert = dialects[conn.dialect.name](table)
        stmt = insert.on_conflict_do_update(
            index_elements=[table.c.person_id, table.c.day],
            set_={"events": insert.excluded.events},
            where=table.c.events != insert.excluded.events,
        )
        compiled = stmt.compile(dialect=conn.dialect)
        self._conn, self._sql, self._named = conn, str(compiled), compiled.positiontup is None
        assert self._named or list(compiled.positiontup or ()) == ["person_id", "day", "events"]
        # the dialect's own Date: SQLite's turns a date into its text once per date, not once per row in the driver
        day_type = table.c.day.type.dialect_impl(conn.dialect)
        self._day: Callable[[date], Any] = day_type.bind_processor(conn.dialect) or _same
        self._days: dict[date, Any] = {}  # a year has 365 dates: convert each once
        self._pending: list[tuple[int, Any, int]] = []
        self.stored = 0
        self.people: set[int] = set()
        self.mondays: set[date] = set()  # the ISO weeks written to, by their Monday

    def add(self, person: int, day: date, events: int) -> None:
        """Queues a person-day, writing the batch once it is full."""
        converted = self._days.get(day)
        if converted is None:
            converted = self._days[day] = self._day(day)
            self.mondays.add(day - timedelta(days=day.weekday()))
        self._pending.append((person, converted, events))
        self.people.add(person)
        if len(self._pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Writes what is pending. Rows run in the file's order, so a person-day sent twice keeps the later value;
        and a day-by-day file keeps each day's rows together, which is how the weekly figures read them back."""
        rows, self._pending = self._pending, []
        params: list[Any] = [{"person_id": p, "day": d, "events": e} for p, d, e in rows] if self._named else rows
        if params:
            self._conn.exec_driver_sql(self._sql, params)
        self.stored += len(rows)


def roll_up(conn: Connection, mondays: Iterable[date]) -> None:
    """Each week's usage_week rows made again from its person-days, in the caller's transaction.

    A whole week rather than the rows sent: a person-day sent again replaces the old value, so only the stored
    days say what a week now holds. One GROUP BY over a week's ~60,000 person-days is a few milliseconds.
    """
    for monday in sorted(mondays):
        bounds = {"monday": monday, "next_monday": monday + timedelta(weeks=1)}
        conn.execute(_CLEAR_WEEK, bounds)
        conn.execute(_FILL_WEEK, bounds)


@dataclass
class _Outcome:
    """Rejections as they are found, the first MAX_LISTED (or all) named."""

    listed: int | None
    rejected: list[Problem] = field(default_factory=list)
    unlisted: int = 0

    def reject(self, problem: Problem) -> None:
        if self.listed is None or len(self.rejected) < self.listed:
            self.rejected.append(problem)
        else:
            self.unlisted += 1

    @property
    def any(self) -> bool:
        return bool(self.rejected)


@contextmanager
def _import_cache(conn: Connection) -> Iterator[Connection]:
    """The connection, with a page cache big enough for a long import while it lasts (SQLite only)."""
    if conn.dialect.name != "sqlite":
        yield conn
        return
    before = int(conn.exec_driver_sql("PRAGMA cache_size").scalar_one())
    conn.exec_driver_sql(f"PRAGMA cache_size=-{SQLITE_IMPORT_CACHE_KIB}")
    try:
        yield conn
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={before}")


def _readable(results: Iterator[tuple[int, UsageRow | Rejection]]) -> Iterator[tuple[int, UsageRow | Problem]]:
    """The stream, ending in one rejection where the file stops being UTF-8 or CSV (nothing after it is read)."""
    line = 1
    try:
        for line, result in results:
            yield line, result
    except UnicodeDecodeError:
        yield line + 1, Rejection(line + 1, copy.USAGE_NOT_UTF8)
    except csv.Error as exc:
        yield line + 1, Rejection(line + 1, copy.USAGE_NOT_CSV.format(error=exc))


@dataclass
class UsageService(Transactional):
    engine: Engine
    clock: Clock
    config: PilotConfig
    on_queued: Callable[[], None] | None = None

    def import_lines(self, lines: Iterable[str], *, partial: bool, actor: str) -> UsageImport:
        """A CSV file (date,slack_id,email,events), read lazily; nothing stored from a file with rejections unless
        `partial`. Rejections are named by line, the first MAX_LISTED of them; the rest are counted."""
        try:
            results = _readable(iter_usage(lines, self._today()))
        except HeaderError as exc:
            return UsageImport(0, [Rejection(1, str(exc).removeprefix("line 1: "))], refused=True)
        except UnicodeDecodeError:
            return UsageImport(0, [Rejection(1, copy.USAGE_NOT_UTF8)], refused=True)
        except csv.Error as exc:
            return UsageImport(0, [Rejection(1, copy.USAGE_NOT_CSV.format(error=exc))], refused=True)
        return self._store(results, partial=partial, actor=actor, source="file", listed=MAX_LISTED)

    def import_items(self, items: object, *, actor: str) -> UsageImport:
        """The API's JSON array of {date, slack_id, email, events}: all stored, or (with any rejection) none.
        Every rejection is named by its 0-based index, in index order."""
        if not isinstance(items, list):
            raise TypeError("import_items takes the decoded JSON array")  # the handler answers 400 before this
        batch = parse_usage_json(items, self._today())
        results = [*((_where(r), r) for r in batch.rejections), *batch.rows]
        return self._store(results, partial=False, actor=actor, source="api", listed=None)

    def _today(self) -> date:
        """The pilot's local date: usage dated after it is in the future."""
        return self.clock.now().astimezone(self.config.zone).date()

    def _store(self, results: Results, *, partial: bool, actor: str, source: str, listed: int | None) -> UsageImport:
        """One transaction: rows matched and upserted; committed only if nothing was rejected or `partial`."""
        outcome = _Outcome(listed)
        with self._uow() as uow:
            with _import_cache(uow.session.connection()) as conn:
                writer = _Upsert(conn)
                _feed(results, _roster(uow.session), writer, outcome, partial=partial, source=source)
                if partial or not outcome.any:
                    writer.flush()
                    roll_up(conn, writer.mondays)
            rejected = sorted(outcome.rejected, key=_where)
            count = len(rejected) + outcome.unlisted
            if outcome.any and not partial:
                log.info("usage %s refused: %d rejected", source, count)
                return UsageImport(0, rejected, refused=True, unlisted=outcome.unlisted)
            uow.audit(
                actor=actor,
                action="usage.imported",
                entity_type="usage",
                entity_id=source,
                stored=writer.stored,
                people=len(writer.people),
                rejected=count,
                partial=partial,
            )
            uow.commit()
        log.info("usage %s imported: %d stored, %d rejected", source, writer.stored, count)
        return UsageImport(writer.stored, rejected, unlisted=outcome.unlisted)


def _feed(results: Results, roster: _Roster, writer: _Upsert, outcome: _Outcome, *, partial: bool, source: str) -> None:
    """Each good row to the writer, each bad one to the outcome; once refused, rows are read only to be named."""
    for where, result in results:
        if not isinstance(result, UsageRow):
            outcome.reject(result)
            continue
        person = roster.match(result)
        if isinstance(person, str):
            outcome.reject(ItemRejection(where, person) if source == "api" else Rejection(where, person))
        elif partial or not outcome.any:
            writer.add(person, result.day, result.events)


def _same(day: date) -> date:
    return day


def _where(problem: Problem) -> int:
    return problem.line if isinstance(problem, Rejection) else problem.index
