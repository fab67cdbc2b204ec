"""Several processes, proven: two `serve` and two `worker` processes on one database, driven with signed requests,
with the database's connections cut mid-traffic. Each report once, each card once, each DM once, nothing lost.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import httpx
from sqlalchemy import text
from sqlmodel import Session, select

from bot.clock import SystemClock
from bot.db.models import DutyRow, OutboxRow, ReportRow
from bot.db.session import make_engine
from bot.outbox import Outgoing
from bot.services.uow import UnitOfWork
from tests.cluster import PEOPLE, Cluster, acknowledged, told_not_filed


def _cut_connections(database_url: str, application: str) -> int:
    """What a PostgreSQL restart does to the app: every connection of this cluster's processes is dropped."""
    engine = make_engine(database_url)
    with engine.connect() as conn:
        cut = conn.execute(
            text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = :name"),
            {"name": application},
        ).scalar_one()
        conn.commit()
    engine.dispose()
    return int(cut)


async def _drive(cluster: Cluster, reports: int, *, cut_at: int | None) -> tuple[list[httpx.Response | None], int]:
    responses: list[httpx.Response | None] = []
    cut = 0
    async with httpx.AsyncClient() as client:
        for i in range(reports):
            if i == cut_at and cluster.database_url.startswith("postgresql"):
                cut = await asyncio.to_thread(_cut_connections, cluster.database_url, cluster.name)
            user = PEOPLE[i % len(PEOPLE)][0]
            web = "web1" if i % 2 == 0 else "web2"
            responses.append(await cluster.report(client, web, user, f"report {i}: the scanner logs me out"))
    return responses, cut


async def _settled(cluster: Cluster, want: int, seconds: float = 60) -> None:
    for _ in range(int(seconds / 0.25)):
        if len(cluster.cards()) >= want:
            await asyncio.sleep(1)  # and a moment for anything that would arrive twice
            return
        await asyncio.sleep(0.25)


async def test_two_web_and_two_worker_processes_lose_nothing_and_double_nothing(db_url: str) -> None:
    async with Cluster(db_url) as cluster:
        for name in ("web1", "web2"):
            cluster.start(name, "serve", "--no-scheduler")
        for name in ("worker1", "worker2"):
            cluster.start(name, "worker")
        for name in ("web1", "web2", "worker1", "worker2"):
            await cluster.ready(name)
        engine = make_engine(db_url)
        with UnitOfWork(engine, SystemClock()) as uow:  # a fan-out of DMs for the workers, beside the reports
            for user, _ in PEOPLE:
                uow.send(Outgoing(f"fan:{user}", "chat.postMessage", {"channel": user, "text": "pulse"}, "survey"))
            uow.commit()

        responses, cut = await _drive(cluster, 40, cut_at=15)
        acked = [i for i, r in enumerate(responses) if acknowledged(r)]
        await _settled(cluster, len(acked))

        with Session(engine) as session:
            stored = [r.text for r in session.exec(select(ReportRow))]
            undelivered = session.exec(select(OutboxRow).where(OutboxRow.status != "sent")).all()
        engine.dispose()
        texts = Counter(stored)
        for i in acked:  # every report a person was told was received is stored, once
            assert texts[f"report {i}: the scanner logs me out"] == 1, i
        assert all(n == 1 for n in texts.values()), texts.most_common(3)
        assert all(told_not_filed(r) or acknowledged(r) for r in responses)  # no one left without an answer
        refs = Counter(m["blocks"][0]["text"]["text"].split(" ")[0] for m in cluster.cards())
        assert refs and all(n == 1 for n in refs.values()), refs.most_common(3)  # each card once
        dms = Counter(
            c.args["channel"]
            for c in cluster.slack.calls_to("chat.postMessage", ok=True)
            if c.args.get("text") == "pulse"
        )
        assert dms == Counter({user: 1 for user, _ in PEOPLE})  # each DM once
        assert not [r for r in undelivered if r.status == "dead"]
        if db_url.startswith("postgresql"):
            assert cut >= 1  # the fault really happened


async def test_two_ticks_in_two_processes_at_once_carry_out_each_duty_once(db_url: str) -> None:
    async with Cluster(db_url) as cluster:
        cluster.start("web1", "serve", "--no-scheduler")
        await cluster.ready("web1")
        async with httpx.AsyncClient() as client:
            for i in range(6):
                assert acknowledged(await cluster.report(client, "web1", PEOPLE[i][0], f"report {i}: printer jams"))
        await _settled(cluster, 6)
        later = (SystemClock().now() + timedelta(hours=25)).isoformat()
        await asyncio.gather(cluster.cli("tick", "--at", later), cluster.cli("tick", "--at", later))
        engine = make_engine(db_url)
        with Session(engine) as session:
            duties = Counter((d.report_id, d.cycle, d.duty) for d in session.exec(select(DutyRow)))
        engine.dispose()
        assert len(duties) == 6 * 4 and set(duties.values()) == {1}  # acknowledge, remind, escalate, breach
        breaches = [m["text"] for m in cluster.slack.messages("C0ESCAL01") if "missed its" in m.get("text", "")]
        assert len(breaches) == 6 and len(set(breaches)) == 6  # each told once
