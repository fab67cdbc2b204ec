"""Survey fan-out against Slack's limits: 5,000 DMs through the outbox, nothing lost, nothing twice.

    python bench/fanout.py [--recipients 5000] [--cap 600] [--limited 0.30] [--errors 0.05] [--scale 10]

A survey run for 5,000 people on the roster is opened by the real job (so the invitations go through the
real outbox), and delivered to the Slack stand-in. The stand-in caps chat.postMessage at `--cap` messages
per minute across the workspace (answering 429 + Retry-After over it), and besides answers `--limited` of
posts with 429 and `--errors` with 500 at random. Time runs `--scale` times faster than the wall clock on
both sides (the stand-in's cap and the outbox's clock), so the run takes minutes, not hours.
Prints delivered, lost, duplicates, and the achieved rate as a share of the cap. Target: lost 0,
duplicates 0, rate at least 90% of the cap.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from slack_sdk.web.async_client import AsyncWebClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import parse_config
from bot.container import build_services
from bot.db.session import make_engine, migrate
from bot.settings import Settings
from bot.standin.server import SlackStandIn

THURSDAY = datetime(2026, 11, 19, 14, 0, tzinfo=UTC)


class ScaledClock:
    """The outbox's clock, running `scale` times faster than real time; sleeping is scaled to match."""

    def __init__(self, start: datetime, scale: float) -> None:
        self.start, self.scale, self.real = start, scale, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.real) * self.scale)

    def monotonic(self) -> float:
        return time.monotonic() * self.scale

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.scale)


def pilot_config() -> str:
    base = resources.files("bot.demo").joinpath("pilot.toml").read_text(encoding="utf-8")
    return (
        base + '\n[pulse]\nprompts_per_week = 20\n\n[[surveys]]\nfile = "surveys/weekly-pulse.toml"\n'
        'schedule = "0 14 * * THU"\naudience = "all"\n'
    )


async def main(args: argparse.Namespace) -> None:
    slack = SlackStandIn(seed=args.seed)
    base = await slack.start()
    people = [f"U0FAN{i:05d}" for i in range(args.recipients)]
    for user in people:
        slack.add_user(user, user.lower())
    slack.rate_limit("chat.postMessage", per_minute=args.cap, time_scale=args.scale)
    slack.chaos("chat.postMessage", rate_limited=args.limited, server_error=args.errors, retry_after=1)

    database = f"sqlite:///{tempfile.mkdtemp()}/fanout.db"
    engine = make_engine(database)
    migrate(engine)
    config = parse_config(pilot_config(), path="bench", base=Path("."))
    clock = ScaledClock(THURSDAY, args.scale)
    settings = Settings(slack_bot_token=slack.token, slack_api_url=base, database_url=database)  # type: ignore[arg-type]
    client = AsyncWebClient(token=slack.token, base_url=base, timeout=10)
    services = build_services(settings, config=config, clock=clock, engine=engine, client=client)
    services.deliverer.concurrency = args.concurrency
    roster = "slack_id,email,name,ward,role\n" + "".join(f"{u},,{u},ward-7,clinician\n" for u in people)
    await services.people.import_roster(roster, partial=False, actor="bench")

    opened = services.survey_runs.open_due(clock.now())
    assert opened == 1, "the survey run did not open"
    started_real, started_scaled = time.monotonic(), clock.now()
    await services.deliverer.drain()
    scaled_minutes = (clock.now() - started_scaled).total_seconds() / 60
    real_seconds = time.monotonic() - started_real
    await services.deliverer.close()
    await slack.stop()

    delivered_to = Counter(c.args["channel"] for c in slack.calls_to("chat.postMessage", ok=True))
    statuses = Counter(c.status for c in slack.calls_to("chat.postMessage"))
    delivered = sum(1 for p in people if delivered_to[p] >= 1)
    duplicates = sum(n - 1 for n in delivered_to.values() if n > 1)
    rate = delivered / scaled_minutes if scaled_minutes else 0.0
    print(
        f"fan-out: {args.recipients} survey DMs, cap {args.cap}/min, {args.limited:.0%} answered 429, "
        f"{args.errors:.0%} answered 500, time x{args.scale:g}, concurrency {args.concurrency}"
    )
    print(f"  delivered  {delivered}")
    print(f"  lost       {args.recipients - delivered}")
    print(f"  duplicates {duplicates}")
    print(f"  attempts   {sum(statuses.values())} (200: {statuses[200]}, 429: {statuses[429]}, 500: {statuses[500]})")
    print(
        f"  rate       {rate:.0f}/min = {rate / args.cap:.1%} of the cap "
        f"({scaled_minutes:.1f} scaled minutes, {real_seconds:.1f} s real)"
    )
    met = delivered == args.recipients and duplicates == 0 and rate >= 0.9 * args.cap
    print(f"  target (lost 0, duplicates 0, rate >= 90% of cap): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=5000)
    parser.add_argument("--cap", type=float, default=600)
    parser.add_argument("--limited", type=float, default=0.30)
    parser.add_argument("--errors", type=float, default=0.05)
    parser.add_argument("--scale", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main(parser.parse_args()))
