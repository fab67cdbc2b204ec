"""Usage import and adoption figures for a year of a 10,000-person hospital: 50 wards x 200 staff.

    python bench/adoption.py [--database postgresql://postgres@127.0.0.1:5432/test] [--wards 50] [--staff 200]

A year (2026) of usage, one row per person per working day (about 3.1 million rows), is generated into a temporary
CSV file and imported through the real service (`pilotbot usage import`), streamed line by line. Then the
leaderboard about the last week of the year and the whole adoption export are computed from the database.
Prints import rows/s, the leaderboard and export times, and the process's peak memory (max RSS).
Targets: 50,000 rows/s on SQLite; leaderboard + export under 5 s on SQLite, 2 s on PostgreSQL; under 300 MB.
With PostgreSQL, everything happens in a fresh schema that is dropped at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.clock import FixedClock
from bot.config import PilotConfig, parse_config
from bot.db.models import Person
from bot.db.session import make_engine, migrate, sqlalchemy_url
from bot.services.adoption import AdoptionService
from bot.services.leaderboard import LeaderboardService
from bot.services.usage import UsageService

YEAR = 2026
NOW = datetime(YEAR + 1, 1, 4, 10, 0, tzinfo=UTC)  # Monday after the year: the board is about 2026-W53
JOINED = datetime(YEAR - 1, 12, 29, tzinfo=UTC)  # Monday of 2026-W01: everyone rostered from the start


def pilot(wards: int) -> PilotConfig:
    lines = [
        '[pilot]\nname = "Bench"\ntimezone = "Europe/London"\n',
        '[channels]\nrapid_response = "C0RAPID01"\nupdates = "C0UPDATE1"\nescalation = "C0ESCAL01"\n',
        *(f'[[wards]]\nid = "w{w:02d}"\nname = "Ward {w}"\n' for w in range(wards)),
    ]
    return parse_config("\n".join(lines))


def staff(wards: int, per_ward: int) -> list[tuple[str, str, int]]:
    """(slack_id, email, ward) per person; every tenth is matched by email only."""
    return [(f"U{w:03d}{i:05d}", f"nurse{w}.{i}@bench.example", w) for w in range(wards) for i in range(per_ward)]


def roster(engine: Engine, people: list[tuple[str, str, int]]) -> None:
    rows = [
        {
            "slack_id": slack_id,
            "email": email,
            "name": f"Nurse {n}",
            "ward_id": f"w{ward:02d}",
            "role": "clinician",
            "source": "roster",
            "created_at": JOINED,
            "updated_at": JOINED,
        }
        for n, (slack_id, email, ward) in enumerate(people)
    ]
    with engine.begin() as conn:
        conn.execute(insert(Person), rows)


def usage_lines(people: list[tuple[str, str, int]], wards: int, seed: int = 7) -> Iterator[str]:
    """A year, day by day: each person works 6 days in 7; on a working day they use it or send 0."""
    rng = random.Random(seed)
    keen = [0.25 + 0.7 * w / max(1, wards - 1) for w in range(wards)]  # wards differ, so the board has an order
    yield "date,slack_id,email,events\n"
    day = date(YEAR, 1, 1)
    while day.year == YEAR:
        stamp = day.isoformat()
        for n, (slack_id, email, ward) in enumerate(people):
            if (n + day.toordinal()) % 7 == 0:
                continue  # a day off: no row, which counts as 0
            events = rng.randint(1, 80) if rng.random() < keen[ward] else 0
            yield f"{stamp},,{email},{events}\n" if n % 10 == 0 else f"{stamp},{slack_id},,{events}\n"
        day += timedelta(days=1)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def database(url: str | None, folder: Path) -> Iterator[str]:
    """A SQLite file in `folder`, or a fresh PostgreSQL schema dropped afterwards."""
    if url is None:
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(sqlalchemy_url(url))
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def timed(label: str, fn: Callable[[], str | int]) -> float:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    said = f"{result} message(s) queued" if isinstance(result, int) else f"{len(result):,} characters"
    print(f"  {label:<28} {seconds:7.2f} s  ({said})")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="postgresql://... (default: a temporary SQLite file)")
    parser.add_argument("--wards", type=int, default=50)
    parser.add_argument("--staff", type=int, default=200, help="per ward")
    args = parser.parse_args()
    config, clock = pilot(args.wards), FixedClock(NOW)
    people = staff(args.wards, args.staff)
    with tempfile.TemporaryDirectory() as folder, database(args.database, Path(folder)) as url:
        csv_file = Path(folder) / "usage.csv"
        with csv_file.open("w", encoding="utf-8", newline="") as out:
            out.writelines(usage_lines(people, args.wards))
        engine = make_engine(url)
        migrate(engine)
        roster(engine, people)
        backend = engine.dialect.name
        print(f"{backend}: {len(people):,} people on {args.wards} wards, {csv_file.stat().st_size / 1e6:.0f} MB of CSV")

        start = time.perf_counter()
        with csv_file.open(encoding="utf-8", newline="") as lines:
            result = UsageService(engine, clock, config).import_lines(lines, partial=False, actor="bench")
        seconds = time.perf_counter() - start
        assert not result.rejected, result.rejected[:3]
        rate = result.stored / seconds
        print(f"  import                       {seconds:7.2f} s  {result.stored:,} rows, {rate:,.0f} rows/s")
        print(f"  peak memory after import     {peak_mb():7.0f} MB")

        board = LeaderboardService(engine, clock, config)
        adoption = AdoptionService(engine, clock, config)
        both = timed("leaderboard (2026-W53)", lambda: board.preview(None, NOW))
        both += timed("adoption export (the year)", adoption.export_csv)
        print(f"  leaderboard + export         {both:7.2f} s")
        timed("the Monday job, with chart", lambda: board.run(NOW))  # 26 weeks charted: for information
        print(f"  peak memory                  {peak_mb():7.0f} MB")
        engine.dispose()
        target = 2.0 if backend == "postgresql" else 5.0
        ok = both < target and peak_mb() < 300 and (backend != "sqlite" or rate >= 50_000)
        print("  targets met" if ok else "  TARGETS MISSED")
        return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
