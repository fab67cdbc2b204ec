"""Building the weekly bulletin and the project-team digest for a big pilot with a year of data.

    python bench/bulletin.py [--database postgresql://postgres@127.0.0.1:5432/test] [--seed 7]

The pilot: 50 wards, 10,000 staff, a year (2026) of data: 50,000 reports (a month after filing, 88% fixed, 6%
merged, the rest planned or worked around; the last month's in every state), 200 known issues, a weekly pulse and
a monthly SUS survey (about 500,000 answers, and the invitations), and usage data (one row per person per day
used, about 1.1 million rows), with every go/no-go metric in [[gates]].
The data is written once; then, in a fresh process so the figures are the build's alone, the bulletin and the
digest about the last week of the year are built (as the Monday job builds them, nothing posted), three times.
Prints the time of each build and the peak memory: Python's peak allocation during the build (tracemalloc, in a
separate pass) and the process's max RSS. Targets: under 2 s on PostgreSQL, under 5 s on SQLite, under 300 MB.
With PostgreSQL, everything happens in a fresh schema that is dropped at the end.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, insert, text  # noqa: E402

from bot.clock import FixedClock  # noqa: E402
from bot.config import PilotConfig, parse_config  # noqa: E402
from bot.db.models import (  # noqa: E402
    KnownIssueRow,
    Person,
    ReportRow,
    SurveyInviteRow,
    SurveyResponseRow,
    SurveyRunRow,
    UsageDayRow,
)
from bot.db.session import make_engine, migrate  # noqa: E402
from bot.domain.surveys import Response, summarize, summary_to_dict  # noqa: E402
from bot.domain.weeks import IsoWeek  # noqa: E402
from bot.services.usage import roll_up  # noqa: E402

WARDS, STAFF, REPORTS, ISSUES = 50, 10_000, 50_000, 200
YEAR = 2026
WEEK = IsoWeek(2026, 52)
JAN1 = datetime(YEAR, 1, 1, tzinfo=UTC)
END = datetime(YEAR, 12, 28, tzinfo=UTC)  # the Monday after the week the bulletin is about
CHUNK = 10_000


def pilot_text() -> str:
    wards = "\n".join(f'[[wards]]\nid = "ward-{w:02d}"\nname = "Ward {w:02d}"\n' for w in range(WARDS))
    gates = "\n".join(
        f'[[gates]]\nname = "{metric}"\nmetric = "{metric}"\n{bound} = {value}\n'
        for metric, bound, value in (
            ("adoption", "min", 0.7),
            ("sla_compliance", "min", 0.9),
            ("sus", "min", 68),
            ("nps", "min", 0),
            ("survey_response_rate", "min", 0.3),
            ("open_patient_safety", "max", 0),
            ("champion_coverage", "min", 1.0),
            ("reports_per_100_staff", "min", 1),
        )
    )
    return f"""
[pilot]
name = "Bench General"
timezone = "Europe/London"
[channels]
rapid_response = "C0RAPID01"
updates = "C0UPDATE1"
escalation = "C0ESCAL01"
project = "C0PROJ001"
{wards}
[[surveys]]
file = "surveys/weekly-pulse.toml"
schedule = "0 14 * * THU"
[[surveys]]
file = "surveys/sus.toml"
schedule = "0 10 1 * *"
{gates}
"""


def config() -> PilotConfig:
    return parse_config(pilot_text(), path="bench.toml", base=ROOT)


def chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


def write(engine: Engine, table: Any, rows: Iterator[dict[str, Any]]) -> int:
    n = 0
    with engine.begin() as conn:
        for batch in chunks(rows):
            conn.execute(insert(table), batch)
            n += len(batch)
    return n


def people(rng: random.Random) -> Iterator[dict[str, Any]]:
    for i in range(STAFF):
        role = "champion" if i % 20 == 0 else "clinician"
        if i >= STAFF - 30:
            role = ("responder", "lead", "admin")[i % 3]
        ward = None if role in ("responder", "lead", "admin") else f"ward-{i % WARDS:02d}"
        joined = JAN1 - timedelta(days=7) + timedelta(days=rng.randrange(0, 60) if i % 10 == 0 else 0)
        yield {"slack_id": f"U{i:08d}", "email": f"p{i}@bench.example", "name": f"Person {i}", "ward_id": ward,
               "role": role, "source": "roster", "created_at": joined, "updated_at": joined}  # fmt: skip


STATUSES = ["resolved", "planned", "workaround", "taken", "new", "duplicate"]


def reports(rng: random.Random) -> Iterator[dict[str, Any]]:
    span = (END - JAN1).total_seconds()
    severities = ["patient_safety"] * 2 + ["blocks_work"] * 20 + ["slows_down"] * 50 + ["minor"] * 28
    for i in range(REPORTS):
        filed = JAN1 + timedelta(seconds=rng.random() * span)
        severity = rng.choice(severities)
        settled = (END - filed).days > 28  # a month on, nearly everything has its answer and most are fixed
        status = rng.choices(STATUSES, [88, 4, 2, 0, 0, 6] if settled else [45, 12, 12, 13, 12, 6])[0]
        first = filed + timedelta(minutes=rng.expovariate(1 / 40)) if status != "new" else None
        answered = filed + timedelta(hours=rng.expovariate(1 / 10)) if status in STATUSES[:3] else None
        resolved = answered + timedelta(days=rng.random() * 5) if status == "resolved" and answered else None
        yield {
            "reporter": f"U{rng.randrange(STAFF):08d}", "filed_by": "x", "source": "command", "severity": severity,
            "ward_id": f"ward-{rng.randrange(WARDS):02d}", "text": "the scanner logs me out " * 3, "status": status,
            "created_at": filed, "updated_at": resolved or answered or first or filed, "clock_started_at": filed,
            "cycle": 1, "first_response_at": first, "answered_at": answered,
            "expected_fix": (answered.date() + timedelta(days=14)) if status == "planned" and answered else None,
            "duplicate_of": 1 if status == "duplicate" else None, "owner": "U00009990" if first else None,
            "public_summary": f"Fixed the thing number {i}" if status == "resolved" else None, "resolved_at": resolved,
        }  # fmt: skip


def known_issues(rng: random.Random) -> Iterator[dict[str, Any]]:
    for i in range(ISSUES):
        published = JAN1 + timedelta(days=rng.random() * 360)
        fixed = published + timedelta(days=rng.random() * 40) if rng.random() < 0.7 else None
        yield {"report_id": i + 1, "title": f"Known issue {i}", "cause": "a cause " * 10, "workaround": "do this",
               "expected_fix": published.date() + timedelta(days=30), "status": "fixed" if fixed else "open",
               "created_by": "U00009990", "created_at": published, "updated_at": fixed or published,
               "fixed_at": fixed}  # fmt: skip


def surveys(engine: Engine, cfg: PilotConfig, rng: random.Random) -> tuple[int, int]:
    """A weekly pulse every Thursday and SUS on the 1st of each month, each run closed with its summary."""
    pulse, sus = (cfg.instrument_for(s) for s in cfg.surveys)
    runs: list[tuple[Any, datetime, int]] = []
    day = date(YEAR, 1, 1)
    while day < date(YEAR, 12, 28):
        at = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=14)
        if day.isoweekday() == 4:
            runs.append((pulse, at, 8_500))
        if day.day == 1:
            runs.append((sus, at, 5_000))
        day += timedelta(days=1)
    answers = invites = 0
    with engine.begin() as conn:
        for run_id, (instrument, at, answered) in enumerate(runs, start=1):
            responses, rows = [], []
            for n in range(answered):
                person = rng.randrange(STAFF - 30)
                picked = {q.id: str(rng.randint(1, 5)) for q in instrument.questions if q.kind.value != "text"}
                ward = f"ward-{person % WARDS:02d}"
                responses.append(Response(picked, ward, "clinician"))
                rows.append({"id": uuid.uuid4().hex, "run_id": run_id, "voter": f"{run_id}-{n}", "ward_id": ward,
                             "role": "clinician", "answers": picked})  # fmt: skip
            invited = {f"ward-{w:02d}": STAFF // WARDS for w in range(WARDS)}
            summary = summarize(instrument, responses, invited)
            conn.execute(
                insert(SurveyRunRow),
                [{"id": run_id, "run_key": f"{instrument.id}@{at.isoformat()}", "survey_id": instrument.id,
                  "instrument": instrument.model_dump(mode="json"), "scheduled_at": at, "remind_at": at,
                  "closes_at": at + timedelta(days=3), "status": "closed", "summary": summary_to_dict(summary),
                  "headline": summary.headline_value, "closed_at": at + timedelta(days=3)}],
            )  # fmt: skip
            for batch in chunks(iter(rows)):
                conn.execute(insert(SurveyResponseRow), batch)
            invite_rows = ({"run_id": run_id, "slack_id": f"U{p:08d}", "ward_id": f"ward-{p % WARDS:02d}",
                            "role": "clinician", "invited_at": at, "answered": p < answered}
                           for p in range(STAFF - 30))  # fmt: skip
            for batch in chunks(invite_rows):
                conn.execute(insert(SurveyInviteRow), batch)
            answers += answered
            invites += STAFF - 30
    return answers, invites


def usage(rng: random.Random) -> Iterator[dict[str, Any]]:
    """About three working days a week for the 70% who use the system."""
    users = [p for p in range(1, STAFF + 1) if rng.random() < 0.7]
    for day_number in range(0, 362):
        day = date(YEAR, 1, 1) + timedelta(days=day_number)
        if day.isoweekday() > 5:
            continue
        for person in users:
            if rng.random() < 0.6:
                yield {"person_id": person, "day": day, "events": rng.randint(1, 40)}


def generate(url: str, seed: int) -> None:
    rng = random.Random(seed)
    engine = make_engine(url)
    migrate(engine)
    cfg = config()
    started = time.perf_counter()
    counts = {
        "people": write(engine, Person, people(rng)),
        "reports": write(engine, ReportRow, reports(rng)),
        "known issues": write(engine, KnownIssueRow, known_issues(rng)),
    }
    counts["survey answers"], counts["survey invitations"] = surveys(engine, cfg, rng)
    counts["usage person-days"] = write(engine, UsageDayRow, usage(rng))
    with engine.begin() as conn:  # the weekly rollup, as `pilotbot usage import` keeps it
        roll_up(conn, (date(YEAR, 1, 1) - timedelta(days=3) + timedelta(weeks=n) for n in range(54)))
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("ANALYZE"))
    engine.dispose()
    said = ", ".join(f"{n:,} {what}" for what, n in counts.items())
    print(f"  data: {said} ({time.perf_counter() - started:.0f} s to write)")


def measure(url: str) -> dict[str, Any]:
    """In this process only: build both three times, then once more under tracemalloc."""
    from bot.domain.phi import Guard
    from bot.services.adoption import AdoptionService
    from bot.services.bulletin import BulletinService
    from bot.services.champions import ChampionService
    from bot.services.digest import DigestService
    from bot.services.gates import GateService

    cfg = config()
    engine = make_engine(url)
    monday = WEEK.shift(1).bounds(cfg.zone)[0] + timedelta(hours=9)
    clock = FixedClock(monday)
    adoption, champions = AdoptionService(engine, clock, cfg), ChampionService(engine, clock, cfg)
    gates = GateService(engine, cfg, adoption, champions)
    bulletin = BulletinService(engine, clock, cfg, adoption, champions)
    digest = DigestService(engine, clock, cfg, gates, Guard())
    times: dict[str, list[float]] = {"bulletin": [], "digest": []}
    sizes = {}
    for _ in range(3):
        t = time.perf_counter()
        built = bulletin.build(WEEK)
        times["bulletin"].append(time.perf_counter() - t)
        t = time.perf_counter()
        messages, decision = digest.build(WEEK, monday)
        times["digest"].append(time.perf_counter() - t)
        sizes = {"bulletin messages": len(built.messages), "digest messages": len(messages),
                 "decision": decision.verdict.value if decision else None}  # fmt: skip
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    bulletin.build(WEEK)
    _, bulletin_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    digest.build(WEEK, monday)
    _, digest_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    engine.dispose()
    return {"times": times, "rss_mb": rss, "bulletin_peak_mb": bulletin_peak / 2**20,
            "digest_peak_mb": digest_peak / 2**20, **sizes}  # fmt: skip


def report(name: str, result: dict[str, Any], target: float) -> None:
    counts = f"{result['bulletin messages']} bulletin message(s), {result['digest messages']} digest message(s)"
    print(f"  {name}: {counts}, gates say {result['decision']}")
    for what in ("bulletin", "digest"):
        runs = result["times"][what]
        first, best = runs[0], min(runs)
        verdict = "met" if first < target else "NOT met"
        print(f"  {what}: first build {first:.2f} s, best of 3 {best:.2f} s (target under {target:g} s: {verdict})")
    total = result["times"]["bulletin"][0] + result["times"]["digest"][0]
    print(f"  both, first build: {total:.2f} s")
    peak = max(result["bulletin_peak_mb"], result["digest_peak_mb"])
    print(f"  peak Python allocation during a build: bulletin {result['bulletin_peak_mb']:.0f} MB, digest "
          f"{result['digest_peak_mb']:.0f} MB; process max RSS {result['rss_mb']:.0f} MB "
          f"(target under 300 MB: {'met' if result['rss_mb'] < 300 and peak < 300 else 'NOT met'})")  # fmt: skip


def fresh_schema(admin_url: str) -> tuple[str, str]:
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = make_engine(admin_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in admin_url else "?"
    return schema, f"{admin_url}{sep}options=-csearch_path%3D{schema}"


def run_backend(name: str, url: str, seed: int, target: float, *, generated: bool = False) -> None:
    print(f"{name}:")
    if not generated:
        generate(url, seed)
    out = subprocess.run([sys.executable, __file__, "--measure", url], capture_output=True, text=True)
    if out.returncode != 0:
        print(out.stderr[-3000:], file=sys.stderr)
        raise SystemExit(f"the measuring process failed ({out.returncode})")
    report(name, json.loads(out.stdout.strip().splitlines()[-1]), target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", default=None, help="a PostgreSQL URL: also run there")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="SQLite file to keep the data in (reused if it exists)")
    parser.add_argument("--pg-schema", default=None, help="PostgreSQL schema to keep the data in (reused if it exists)")
    parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    if args.pg_schema and args.database:
        pass  # only PostgreSQL, on kept data
    elif args.keep:
        run_backend("SQLite", f"sqlite:///{args.keep}", args.seed, 5.0, generated=args.keep.exists())
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run_backend("SQLite", f"sqlite:///{Path(tmp) / 'bench.db'}", args.seed, 5.0)
    if args.database and args.pg_schema:
        kept = make_engine(args.database)
        with kept.begin() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": args.pg_schema}).first()
            if not exists:
                conn.execute(text(f"CREATE SCHEMA {args.pg_schema}"))
        kept.dispose()
        sep = "&" if "?" in args.database else "?"
        url = f"{args.database}{sep}options=-csearch_path%3D{args.pg_schema}"
        run_backend("PostgreSQL", url, args.seed, 2.0, generated=bool(exists))
    elif args.database:
        schema, url = fresh_schema(args.database)
        try:
            run_backend("PostgreSQL", url, args.seed, 2.0)
        finally:
            engine = make_engine(args.database)
            with engine.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            engine.dispose()


if __name__ == "__main__":
    main()
