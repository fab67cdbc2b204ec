"""Fault drills: pilotbot as operators run it (two `serve`, two `worker` processes on one PostgreSQL), with faults.

    python bench/faults.py [--database postgresql://postgres@127.0.0.1:5432/test] [--reports 300] [--fanout 300]

For each fault it prints what was acknowledged, stored, lost (acknowledged but not stored), duplicated, and how
long recovery took:
  1. PostgreSQL restarted mid-traffic (pg_ctlcluster restart; connections refused while it comes back)
  2. SIGKILL of a worker mid-fan-out (survey-style DMs to every person)
  3. SIGKILL of a web process mid-intake
  4. Slack answering 30% of posts 429 (Retry-After) and 5% 500
Target: lost 0 everywhere; duplicates 0; delivery resumes within 15 s after a kill.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402
from sqlmodel import Session, col, select  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.db.models import OutboxRow, ReportRow  # noqa: E402
from bot.db.session import make_engine  # noqa: E402
from bot.outbox import Outgoing  # noqa: E402
from bot.services.uow import UnitOfWork  # noqa: E402
from tests.cluster import PEOPLE, Cluster, acknowledged, told_not_filed  # noqa: E402

LOOKUPS = ("conversations.open", "conversations.history", "conversations.replies")


def fresh_schema(admin_url: str) -> str:
    schema = f"fault_{uuid.uuid4().hex[:10]}"
    engine = make_engine(admin_url)
    with engine.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    sep = "&" if "?" in admin_url else "?"
    return f"{admin_url}{sep}options=-csearch_path%3D{schema}"


async def start(cluster: Cluster) -> None:
    for name in ("web1", "web2"):
        cluster.start(name, "serve", "--no-scheduler")
    for name in ("worker1", "worker2"):
        cluster.start(name, "worker")
    for name in ("web1", "web2", "worker1", "worker2"):
        await cluster.ready(name)


def report_texts(url: str) -> Counter[str]:
    engine = make_engine(url)
    with Session(engine) as session:
        texts = Counter(r.text for r in session.exec(select(ReportRow)))
    engine.dispose()
    return texts


async def wait_for(condition, seconds: float = 120) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if condition():
            return time.monotonic() - started
        await asyncio.sleep(0.2)
    return float("nan")


async def traffic(cluster: Cluster, n: int, *, fault_at: int, fault, webs=("web1", "web2")):  # type: ignore[no-untyped-def]
    """Sends `n` reports at a steady pace from 8 senders; runs `fault()` when report `fault_at` goes out."""
    responses: dict[int, httpx.Response | None] = {}
    sent_at: dict[int, float] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(n):
        queue.put_nowait(i)
    fired = asyncio.Event()

    async def sender(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            i = queue.get_nowait()
            if i >= fault_at and not fired.is_set():
                fired.set()
                await fault()
            live = [w for w in webs if w in cluster.processes]
            user = PEOPLE[i % len(PEOPLE)][0]
            sent_at[i] = time.monotonic()
            responses[i] = await cluster.report(client, live[i % len(live)], user, f"fault report {i}")

    async with httpx.AsyncClient() as client:
        await asyncio.gather(*(sender(client) for _ in range(8)))
    return responses, sent_at


def tally(name: str, responses: dict[int, httpx.Response | None], texts: Counter[str], recovery: str) -> None:
    acked = [i for i, r in responses.items() if acknowledged(r)]
    not_filed = sum(1 for r in responses.values() if told_not_filed(r))
    unanswered = sum(1 for r in responses.values() if r is None or r.status_code != 200)
    stored = sum(1 for i in responses if texts[f"fault report {i}"] >= 1)
    lost = sum(1 for i in acked if texts[f"fault report {i}"] == 0)
    duplicated = sum(n - 1 for n in texts.values() if n > 1)
    print(f"{name}")
    print(
        f"  reports sent {len(responses)}: acknowledged {len(acked)}, told 'not filed' {not_filed},"
        f" no answer (Slack would show an error) {unanswered}"
    )
    print(f"  stored {stored}   LOST {lost}   duplicated {duplicated}   recovery {recovery}")


async def drill_restart(url: str, n: int) -> None:
    async with Cluster(url) as cluster:
        await start(cluster)
        restarted: dict[str, float] = {}

        def restart_now() -> None:
            version = subprocess.run(["ls", "/etc/postgresql"], capture_output=True, text=True).stdout.split()[0]
            restarted["at"] = time.monotonic()
            subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"], check=True)
            restarted["up"] = time.monotonic()

        async def restart() -> None:  # in the background: the other senders go on sending through the outage
            asyncio.get_running_loop().run_in_executor(None, restart_now)
            await asyncio.sleep(0)

        responses, sent_at = await traffic(cluster, n, fault_at=n // 3, fault=restart)
        while "up" not in restarted:
            await asyncio.sleep(0.1)
        await wait_for(lambda: len(cluster.cards()) >= sum(1 for r in responses.values() if acknowledged(r)))
        texts = report_texts(url)
        during = [i for i, at in sent_at.items() if restarted["at"] <= at <= restarted["up"]]
        after = [i for i, at in sent_at.items() if at >= restarted["up"] and acknowledged(responses[i])]
        first_ok = min((sent_at[i] for i in after), default=float("nan"))
        print(f"  ({len(during)} reports were sent while PostgreSQL was restarting)")
        tally(
            f"1. PostgreSQL restarted mid-traffic ({restarted['up'] - restarted['at']:.1f} s to restart)",
            responses,
            texts,
            f"first report filed {first_ok - restarted['up']:.1f} s after PostgreSQL was back",
        )
        cards = Counter(m["blocks"][0]["text"]["text"].split(" ")[0] for m in cluster.cards())
        print(f"  cards posted {sum(cards.values())}, posted twice {sum(1 for c in cards.values() if c > 1)}")


async def drill_kill_worker(url: str, fanout: int) -> None:
    async with Cluster(url) as cluster:
        cluster.start("worker1", "worker")
        cluster.start("worker2", "worker")
        await cluster.ready("worker1")
        engine = make_engine(url)
        people = [f"U0FAN{i:05d}" for i in range(fanout)]
        for user in people:
            cluster.slack.add_user(user, user.lower())
        cluster.slack.rate_limit("chat.postMessage", per_minute=600)  # Slack's pace, so the kill lands mid-fan-out
        with UnitOfWork(engine, SystemClock()) as uow:
            for user in people:
                uow.send(Outgoing(f"fan:{user}", "chat.postMessage", {"channel": user, "text": "pulse"}, "survey"))
            uow.commit()

        def delivered() -> int:
            return len({c.args["channel"] for c in cluster.slack.calls_to("chat.postMessage", ok=True)})

        await wait_for(lambda: delivered() >= fanout // 3)
        cluster.kill("worker1")
        killed_at, at_kill = time.monotonic(), delivered()
        with Session(engine) as session:  # claimed at the kill, by either worker: the dead one's are among them
            held = {r.id for r in session.exec(select(OutboxRow).where(OutboxRow.status == "sending"))}
        resumed = await wait_for(lambda: _all_sent(engine, held))
        await wait_for(lambda: delivered() >= fanout, seconds=600)
        done = time.monotonic() - killed_at
        with Session(engine) as session:
            statuses = Counter(r.status for r in session.exec(select(OutboxRow)))
        engine.dispose()
        sends = Counter(c.args["channel"] for c in cluster.slack.calls_to("chat.postMessage", ok=True))
        print(f"2. SIGKILL of a worker mid-fan-out ({fanout} DMs, Slack's 600/min pace; killed after {at_kill})")
        print(
            f"  delivered {sum(1 for p in people if sends[p])}   LOST {sum(1 for p in people if not sends[p])}"
            f"   duplicated {sum(n - 1 for n in sends.values() if n > 1)}   outbox {dict(statuses)}"
        )
        print(
            f"  recovery: the {len(held)} message(s) claimed when it died all delivered {resumed:.1f} s after the kill"
            f" (lease 12 s); all {fanout} delivered {done:.1f} s after it"
        )
        lookups = Counter(c.method for c in cluster.slack.calls if c.method in LOOKUPS)
        print(
            f"  cost of checking Slack before re-sending a message of uncertain fate: {sum(lookups.values())} call(s)"
            f" {dict(lookups)} for {fanout} DMs ({sum(lookups.values()) / fanout:.2f} per message); none when nothing"
            " crashed"
        )


def _all_sent(engine, ids: set[int | None]) -> bool:  # type: ignore[no-untyped-def]
    """True once every message in `ids` has been delivered."""
    with Session(engine) as session:
        rows = session.exec(select(OutboxRow.status).where(col(OutboxRow.id).in_(ids))).all()
    return all(status == "sent" for status in rows)


async def drill_kill_web(url: str, n: int) -> None:
    async with Cluster(url) as cluster:
        await start(cluster)
        killed: dict[str, float] = {}

        async def kill() -> None:
            cluster.kill("web1")
            killed["at"] = time.monotonic()

        responses, _ = await traffic(cluster, n, fault_at=n // 2, fault=kill)
        await wait_for(lambda: len(cluster.cards()) >= sum(1 for r in responses.values() if acknowledged(r)))
        tally("3. SIGKILL of a web process mid-intake", responses, report_texts(url), "the other web process went on")


async def drill_slack_faults(url: str, n: int) -> None:
    async with Cluster(url) as cluster:
        cluster.slack.chaos("chat.postMessage", rate_limited=0.30, server_error=0.05, retry_after=1)
        await start(cluster)
        started = time.monotonic()

        async def nothing() -> None:
            return None

        responses, _ = await traffic(cluster, n, fault_at=n + 1, fault=nothing)
        acked = sum(1 for r in responses.values() if acknowledged(r))
        took = await wait_for(lambda: len(cluster.cards()) >= acked, seconds=300)
        tally(
            "4. Slack answering 30% of posts 429 and 5% 500",
            responses,
            report_texts(url),
            f"all {acked} cards posted {took + (time.monotonic() - started) - took:.1f} s after the first report",
        )
        cards = Counter(m["blocks"][0]["text"]["text"].split(" ")[0] for m in cluster.cards())
        statuses = Counter(c.status for c in cluster.slack.calls_to("chat.postMessage"))
        print(
            f"  cards {sum(cards.values())}, posted twice {sum(1 for c in cards.values() if c > 1)};"
            f" chat.postMessage answers {dict(statuses)}"
        )


async def main(args: argparse.Namespace) -> None:
    print(f"fault drills on {args.database.split('@')[-1]}: 2 serve + 2 worker processes, signed requests\n")
    if "restart" in args.only:
        await drill_restart(fresh_schema(args.database), args.reports)
    if "worker" in args.only:
        await drill_kill_worker(fresh_schema(args.database), args.fanout)
    if "web" in args.only:
        await drill_kill_web(fresh_schema(args.database), args.reports)
    if "slack" in args.only:
        await drill_slack_faults(fresh_schema(args.database), args.reports // 3)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--fanout", type=int, default=300)
    parser.add_argument("--only", nargs="*", default=["restart", "worker", "web", "slack"])
    asyncio.run(main(parser.parse_args()))
