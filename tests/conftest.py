"""Fixtures: databases on both backends, the pilot file, and a whole pilot (Slack stand-in + app + driver).

Every test that touches the database runs on SQLite and on PostgreSQL. PostgreSQL tests skip, with the
reason shown, when the server is unreachable; with PILOTBOT_TEST_REQUIRE_PG=1 (CI) they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from bot.clock import FixedClock
from bot.config import PilotConfig, load_config
from bot.db.session import make_engine, migrate, sqlalchemy_url
from bot.standin.world import World

DATA = Path(__file__).parent / "data"
PG_URL = os.environ.get("PILOTBOT_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
BACKENDS = [b.strip() for b in os.environ.get("PILOTBOT_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]
T0 = datetime(2026, 11, 16, 8, 50, tzinfo=UTC)

_pg_state: dict[str, str | None] = {}


def _pg_unreachable() -> str | None:
    """None when PostgreSQL answers; otherwise why not."""
    if "reason" not in _pg_state:
        try:
            engine = create_engine(sqlalchemy_url(PG_URL), connect_args={"connect_timeout": 3})
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            engine.dispose()
            _pg_state["reason"] = None
        except OperationalError as exc:
            _pg_state["reason"] = f"PostgreSQL not reachable at {PG_URL} ({type(exc.orig).__name__})"
    return _pg_state["reason"]


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pilotbot.db'}"
        return
    reason = _pg_unreachable()
    if reason:
        if os.environ.get("PILOTBOT_TEST_REQUIRE_PG") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(sqlalchemy_url(PG_URL))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "db_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)


@pytest.fixture
def bare_engine(db_url: str) -> Iterator[Engine]:
    """An engine on the fresh database, schema not yet created."""
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a migrated database."""
    migrate(bare_engine)
    return bare_engine


@pytest.fixture
def config() -> PilotConfig:
    return load_config(DATA / "pilot.toml")


@pytest.fixture
def roster_csv() -> str:
    return (DATA / "roster.csv").read_text(encoding="utf-8")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
async def world(db_url: str, config: PilotConfig, clock: FixedClock, roster_csv: str) -> AsyncIterator[World]:
    """The whole pilot: Slack stand-in, the real app over HTTP, a migrated database, roster imported."""
    async with World(db_url, config, clock, roster_csv=roster_csv) as pilot:
        await pilot.import_roster()
        pilot.slack.calls.clear()
        yield pilot
