"""Fault injection for tests: a database that refuses statements, the way a restarting PostgreSQL does.

A fake at the driver's edge (a SQLAlchemy event on the engine), not a patch of pilotbot's own code: everything
above it runs exactly as in production and meets the error the driver would raise.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError


class Outage:
    """`with Outage(engine):` every statement fails; `Outage(engine, statements=3)` only the next three."""

    def __init__(self, engine: Engine, *, statements: int | None = None) -> None:
        self.engine, self.remaining, self.refused = engine, statements, 0

    def _refuse(self, *_: Any) -> None:
        if self.remaining is not None:
            if self.remaining <= 0:
                return
            self.remaining -= 1
        self.refused += 1
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused (injected outage)"))

    def __enter__(self) -> Outage:
        event.listen(self.engine, "before_cursor_execute", self._refuse)
        return self

    def __exit__(self, *_: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._refuse)


@contextmanager
def outage(engine: Engine, *, statements: int | None = None) -> Iterator[Outage]:
    with Outage(engine, statements=statements) as o:
        yield o
