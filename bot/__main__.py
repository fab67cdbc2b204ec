"""`pilotbot` / `python -m bot`: parse the command, build settings, hand over."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.settings import SettingsError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pilotbot", description="Keeps hospital software pilots honest.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("demo", help="a simulated pilot against an in-process Slack stand-in (no account needed)")
    serve = sub.add_parser("serve", help="HTTP mode: POST /slack/events, GET /healthz, GET /metrics")
    serve.add_argument("--host", default="0.0.0.0")  # noqa: S104  (a web process must listen beyond loopback)
    serve.add_argument("--port", type=int, default=None, help="default: $PORT or 3000")
    serve.add_argument("--no-scheduler", action="store_true", help="leave scheduled duties to `pilotbot worker`")
    sub.add_parser("run", help="Socket Mode (needs SLACK_APP_TOKEN), scheduler included")
    sub.add_parser("worker", help="the scheduler and the outbound delivery loop only")
    sub.add_parser("migrate", help="bring the database schema to the newest revision")
    tick = sub.add_parser("tick", help="run once every scheduled duty due at an instant, deliver, exit")
    tick.add_argument("--at", default=None, help="ISO-8601 instant (default: now)")
    roster = sub.add_parser("roster", help="staff roster").add_subparsers(dest="action", required=True)
    imp = roster.add_parser("import", help="load or update staff from CSV: slack_id,email,name,ward,role")
    imp.add_argument("file", type=Path)
    imp.add_argument("--partial", action="store_true", help="import the good rows even if some are rejected")
    phi = sub.add_parser("phi", help="the patient-identifier guard").add_subparsers(dest="action", required=True)
    scan = phi.add_parser("scan", help="print one JSON object per input line: masked text and what was found")
    scan.add_argument("file", nargs="?", type=Path)
    scan.add_argument("--explain", action="store_true", help="also list each finding's text and the rule that fired")
    survey = sub.add_parser("survey", help="pulse surveys").add_subparsers(dest="action", required=True)
    results = survey.add_parser("results", help="a run's results as #updates sees them, anonymity rules applied")
    results.add_argument("run_id", type=int, metavar="RUN_ID")
    export = sub.add_parser("export", help="for governance committees (no report text)")

    export.add_argument(
        "what",
        choices=["issues", "responses", "adoption", "champions"],
        help="issues: one row per report, its clock and outcome; responses: closed survey runs, "
        "anonymity rules applied; adoption: per ward per ISO week; champions: one row per office-hours session",
    )

    export.add_argument("--csv", dest="csv_file", type=Path, required=True, metavar="FILE")
    for name, what in (
        ("bulletin", "the weekly bulletin"),
        ("digest", "the project-team digest"),
        ("leaderboard", "the adoption leaderboard"),
    ):
        preview = sub.add_parser(name, help=what).add_subparsers(dest="action", required=True)
        shown = preview.add_parser("preview", help=f"print {what} about an ISO week, without posting it")
        shown.add_argument("--week", default=None, metavar="YYYY-Www", help="default: the latest complete week")
        if name == "bulletin":
            shown.add_argument("--png", type=Path, default=None, metavar="DIR", help="also write its charts here")
    gates = sub.add_parser("gates", help="evaluate the go/no-go gates: exit 0 for GO, 3 for NO-GO")
    gates.add_argument("--at", default=None, help="ISO-8601 instant (default: now; no offset: the pilot's zone)")
    gates.add_argument("--json", action="store_true")
    sub.add_parser("champions", help="the champion directory per ward, with GAP where cover is short")
    usage = sub.add_parser("usage", help="the piloted system's usage data").add_subparsers(dest="action", required=True)
    usage_import = usage.add_parser("import", help="load usage from CSV: date,slack_id,email,events")
    usage_import.add_argument("file", type=Path)
    usage_import.add_argument("--partial", action="store_true", help="import the good rows even if some are rejected")
    audit = sub.add_parser("audit", help="the audit log").add_subparsers(dest="action", required=True)

    audit.add_parser("verify", help="check the hash chain; exit 1 at the first altered entry")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from bot import cli
    from bot.config import ConfigError
    from bot.db.session import SchemaError

    try:
        return asyncio.run(cli.dispatch(args)) if cli.is_async(args) else cli.dispatch_sync(args)
    except (SettingsError, SchemaError) as exc:
        print(f"pilotbot: {exc}", file=sys.stderr)
        return 2
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
