"""The commands about weeks and people: previews of the bulletin, digest and leaderboard, the gates, the champion
directory, usage imports and the adoption and champions exports."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime

from bot.clock import parse_instant
from bot.container import Services
from bot.domain.gates import Verdict, decision_json
from bot.domain.weeks import IsoWeek, parse_week
from bot.render import copy_adoption
from bot.render.digest import gate_line

COMMANDS = {"bulletin", "digest", "gates", "leaderboard", "champions", "usage"}
EXPORTS = {"adoption", "champions"}


def _week(text: str | None) -> IsoWeek | None:
    return parse_week(text) if text else None


def _at(services: Services, text: str | None) -> datetime:
    """An --at instant; one without an offset is in the pilot's time zone."""
    if not text:
        return services.clock.now()
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        return instant.replace(tzinfo=services.config.zone)
    return parse_instant(text)


def run(services: Services, args: argparse.Namespace) -> int:
    """One of COMMANDS, or `export adoption|champions`."""
    now = services.clock.now()
    try:
        week = _week(getattr(args, "week", None))
        at = _at(services, getattr(args, "at", None))
    except ValueError as exc:
        print(f"pilotbot: {exc} (weeks are written 2026-W48, instants 2026-11-30T09:00 or with an offset)",
              file=sys.stderr)  # fmt: skip
        return 2
    if args.command == "bulletin":
        print(services.bulletin.preview(week, now, png=getattr(args, "png", None)))
        return 0
    if args.command == "digest":
        print(services.digest.preview(week, now))
        return 0
    if args.command == "leaderboard":
        print(services.leaderboard.preview(week, now))
        return 0
    if args.command == "gates":
        return gates(services, at, as_json=args.json)
    if args.command == "champions":
        print(services.champions.directory_text())
        return 0
    if args.command == "usage":
        return usage_import(services, args)
    if args.command == "export":
        text = services.adoption.export_csv() if args.what == "adoption" else services.office_hours.export_csv()
        args.csv_file.write_text(text, encoding="utf-8")
        rows = max(0, len(text.splitlines()) - 1)
        print(f"exported {rows} row(s) to {args.csv_file}")
        return 0
    raise AssertionError(args.command)


def gates(services: Services, at: datetime, *, as_json: bool) -> int:
    """Exit 0 for GO, 3 for NO-GO, 2 when the pilot file has no gates."""
    if not services.config.go_no_go:
        print("pilotbot: the pilot file has no [[gates]]; add them to judge go/no-go", file=sys.stderr)
        return 2
    decision = services.digest.gates(at)
    if as_json:
        print(json.dumps(decision_json(decision)))
    else:
        for result in decision.results:
            print(gate_line(result))
        print(f"decision: {decision.verdict.value}")
    return 0 if decision.verdict is Verdict.GO else 3


def usage_import(services: Services, args: argparse.Namespace) -> int:
    with args.file.open(encoding="utf-8", newline="") as lines:
        result = services.usage.import_lines(lines, partial=args.partial, actor="cli")
    for reason in result.rejected:
        print(f"rejected {reason}", file=sys.stderr)
    if result.unlisted:
        print(copy_adoption.USAGE_UNLISTED.format(n=result.unlisted), file=sys.stderr)
    if result.refused:
        print(
            f"nothing imported: {result.rejected_count} row(s) rejected; fix them, or use --partial to import the rest",
            file=sys.stderr,
        )
        return 1
    print(f"imported {result.stored} person-day(s); {result.rejected_count} rejected")
    return 0
