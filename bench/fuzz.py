"""10,000 malformed payloads, signed, into the real app: no response may be a 5xx, and the process stays up.

    python bench/fuzz.py [--n 10000] [--seed 1]

Payloads are Slack's published shapes (bot/standin/payloads) with one to four random faults each: keys dropped,
values of the wrong type, empty, huge or wrongly nested. Prints the status codes, the kinds, and whether a real
report still files afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import FixedClock  # noqa: E402
from bot.config import load_config  # noqa: E402
from bot.standin.world import World  # noqa: E402
from tests.fuzz import fuzzed, send_fuzzed  # noqa: E402


async def main(args: argparse.Namespace) -> None:
    config = load_config(ROOT / "tests" / "data" / "pilot.toml")
    roster = (ROOT / "tests" / "data" / "roster.csv").read_text(encoding="utf-8")
    clock = FixedClock(datetime(2026, 11, 16, 9, tzinfo=UTC))
    async with World(f"sqlite:///{tempfile.mkdtemp()}/fuzz.db", config, clock, roster_csv=roster) as world:
        await world.import_roster()
        statuses: Counter[int] = Counter()
        by_kind: Counter[str] = Counter()
        started = time.perf_counter()
        for kind, payload in fuzzed(args.seed, args.n):
            response = await send_fuzzed(world.driver, kind, payload)
            statuses[response.status_code] += 1
            by_kind[kind] += 1
        await world.settle()
        elapsed = time.perf_counter() - started
        alive = (await world.driver.command("U0AISHA01", "still here after the fuzz", channel="C0WARD007")).status_code
        print(f"fuzz: {args.n} malformed payloads (seed {args.seed}) in {elapsed:.0f} s")
        print(f"  status codes: {dict(sorted(statuses.items()))}")
        print(f"  5xx responses: {sum(n for s, n in statuses.items() if s >= 500)}   (target 0)")
        print(f"  by kind: {dict(by_kind)}")
        print(f"  a real report afterwards: HTTP {alive} (process up: {'yes' if alive == 200 else 'NO'})")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    asyncio.run(main(parser.parse_args()))
