"""Which database errors pass (a restart, a dropped connection, a locked SQLite file) and how long to keep trying.

A unit of work is one transaction, so trying it again after a failure either does it once or finds it done: the
delivery claim in the same transaction says so (AlreadyHandled).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import exc

# Backoff between attempts, in seconds; the caller's budget ends the list early.
BACKOFF = (0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0)


def transient(error: BaseException) -> bool:
    """True for an error that another attempt may not meet: the database restarting, a connection dropped or
    refused, a pool exhausted, SQLite locked by another process."""
    if isinstance(error, exc.DBAPIError) and error.connection_invalidated:
        return True
    if isinstance(error, exc.OperationalError | exc.InterfaceError | exc.TimeoutError | exc.DisconnectionError):
        return True
    return isinstance(error, ConnectionError | TimeoutError)


@dataclass
class Health:
    """Whether the database failed lately, so HTTP can ask Slack to redeliver events instead of losing them."""

    failed_at: float | None = None
    quiet_seconds: float = 30.0
    failures: int = field(default=0)

    def failed(self, monotonic: float) -> None:
        self.failed_at, self.failures = monotonic, self.failures + 1

    def recovered(self) -> None:
        self.failed_at = None

    def doubtful(self, monotonic: float) -> bool:
        """True within `quiet_seconds` of a failure that has not been followed by a success."""
        return self.failed_at is not None and monotonic - self.failed_at < self.quiet_seconds
