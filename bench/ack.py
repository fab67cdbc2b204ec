"""Ack latency for `/report <text>` against a bare Bolt app that only acks, on the same server stack.

    python bench/ack.py [--requests 2400] [--concurrency 16] [--rounds 6] [--database URL]

A child process serves both apps (aiohttp + Bolt AsyncApp, the same `build_web` handler, the same Slack
stand-in for auth.test and outbound calls); pilotbot's app files every report in the background and its
outbox delivers the card and the reply, as `pilotbot serve` does. This process sends signed slash commands
at a fixed concurrency, alternating rounds between the two apps, and prints p50/p95/p99 of the time to the
acknowledgement. Target: pilotbot's p99 at most 1.5x the bare app's and under 250 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
import uuid
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

import httpx

SECRET = "bench-signing-secret"
USER = "U0AISHA01"


async def _serve(database_url: str, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from aiohttp import web
    from slack_bolt.async_app import AsyncApp

    from bot.clock import SystemClock
    from bot.config import parse_config
    from bot.container import build_services
    from bot.db.session import make_engine, migrate
    from bot.logs import setup
    from bot.settings import Settings
    from bot.slack.app import build_app
    from bot.slack.web import build_web
    from bot.standin.server import SlackStandIn

    setup(40)
    slack = SlackStandIn(any_response_url=True)
    base = await slack.start()
    config = parse_config(resources.files("bot.demo").joinpath("pilot.toml").read_text(), path="bench")
    for channel in ("C0RAPID01", "C0UPDATE1", "C0ESCAL01", "C0WARD007", "C0WARD009"):
        slack.add_channel(channel, channel.lower())
    slack.add_user(USER, "Aisha Khan")
    settings = Settings(
        slack_bot_token=slack.token,
        slack_signing_secret=SECRET,  # type: ignore[arg-type]
        slack_api_url=base,
        database_url=database_url,
    )
    engine = make_engine(database_url)
    migrate(engine)
    services = build_services(settings, config=config, clock=SystemClock(), engine=engine)
    roster = resources.files("bot.demo").joinpath("roster.csv").read_text()
    await services.people.import_roster(roster, partial=False, actor="bench")

    bare = AsyncApp(client=services.client, signing_secret=SECRET)

    @bare.command("/report")
    async def only_ack(ack):  # type: ignore[no-untyped-def]
        await ack()

    ports = []
    for app in (build_app(services), bare):
        runner = web.AppRunner(build_web(app, services), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        ports.append(runner.addresses[0][1])
    stop = asyncio.Event()
    delivery = asyncio.create_task(services.deliverer.run(stop, poll_seconds=0.2))
    ready.put({"pilotbot": ports[0], "bare": ports[1], "slack": slack.root})
    while True:
        await asyncio.sleep(3600)
    await delivery


def serve(database_url: str, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    asyncio.run(_serve(database_url, ready))


def _signed(text: str, slack_root: str) -> tuple[bytes, dict[str, str]]:
    fields = {
        "token": "x",
        "team_id": "T0PILOT01",
        "team_domain": "pilot",
        "channel_id": "C0WARD007",
        "channel_name": "ward-7",
        "user_id": USER,
        "user_name": "aisha",
        "command": "/report",
        "text": text,
        "api_app_id": "A0PILOTBOT",
        "is_enterprise_install": "false",
        "response_url": f"{slack_root}/respond/{uuid.uuid4().hex}",
        "trigger_id": f"1.2.{uuid.uuid4().hex}",
    }
    body = urlencode(fields).encode()
    from bot.standin.driver import sign

    stamp = str(int(time.time()))
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": sign(SECRET, stamp, body),
    }


async def _round(client: httpx.AsyncClient, port: int, n: int, concurrency: int, slack_root: str) -> list[float]:
    gate = asyncio.Semaphore(concurrency)
    latencies: list[float] = []

    async def one(i: int) -> None:
        body, headers = _signed(f"bench report {i}: the scanner logs me out every 2 min", slack_root)
        async with gate:
            started = time.perf_counter()
            response = await client.post(f"http://127.0.0.1:{port}/slack/events", content=body, headers=headers)
            latencies.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"unexpected HTTP {response.status_code}")

    await asyncio.gather(*(one(i) for i in range(n)))
    return latencies


def _pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=1000, method="inclusive")[int(p * 10) - 1]


async def _load(ports: dict[str, object], requests: int, concurrency: int, rounds: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"pilotbot": [], "bare": []}
    per_round = requests // rounds
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(limits=limits, timeout=30) as client:
        for name in ("pilotbot", "bare"):  # warm-up: auth.test, connection pools, first imports
            await _round(client, int(ports[name]), 50, concurrency, str(ports["slack"]))
        for r in range(rounds):
            order = ("pilotbot", "bare") if r % 2 == 0 else ("bare", "pilotbot")
            for name in order:
                results[name] += await _round(client, int(ports[name]), per_round, concurrency, str(ports["slack"]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2400, help="per app")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--database", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    database = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    child = multiprocessing.Process(target=serve, args=(database, ready), daemon=True)
    child.start()
    ports = ready.get(timeout=60)
    try:
        results = asyncio.run(_load(ports, args.requests, args.concurrency, args.rounds))
    finally:
        child.terminate()
    summary = {
        name: {"n": len(v), "p50": _pct(v, 50), "p95": _pct(v, 95), "p99": _pct(v, 99)} for name, v in results.items()
    }
    ratio = summary["pilotbot"]["p99"] / summary["bare"]["p99"]
    backend = database.split(":", 1)[0]
    print(f"ack latency, /report <text>, concurrency {args.concurrency}, {backend}, {os.cpu_count()} cores")
    for name, s in summary.items():
        print(f"  {name:<9} n={s['n']:<5} p50 {s['p50']:6.1f} ms   p95 {s['p95']:6.1f} ms   p99 {s['p99']:6.1f} ms")
    verdict = "met" if ratio <= 1.5 and summary["pilotbot"]["p99"] < 250 else "NOT met"
    print(f"  p99 ratio pilotbot/bare: {ratio:.2f} (target <= 1.5 and p99 < 250 ms: {verdict})")
    if args.json:
        print(json.dumps({"summary": summary, "ratio": ratio}))
    sys.stdout.flush()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main()
