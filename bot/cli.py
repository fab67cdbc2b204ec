"""The commands behind `pilotbot`: each builds what it needs from settings and hands over."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path

from bot import cli_weekly
from bot.clock import OffsetClock, SystemClock, parse_instant
from bot.config import PilotConfig, load_config
from bot.container import Services, build_services
from bot.db.session import ensure_current, make_engine, migrate
from bot.domain.phi import Guard
from bot.logs import setup as setup_logging
from bot.settings import Settings, load_settings

SYNC = {"migrate", "phi", "audit", "export", "survey", *cli_weekly.COMMANDS}


def is_async(args: argparse.Namespace) -> bool:
    return args.command not in SYNC


@contextlib.contextmanager
def _services(settings: Settings, **kwargs: object) -> Iterator[Services]:
    """Services on a schema that is current; the engine is closed when the command is done."""
    services = build_services(settings, **kwargs)  # type: ignore[arg-type]
    try:
        ensure_current(services.engine)
        yield services
    finally:
        services.engine.dispose()


def dispatch_sync(args: argparse.Namespace) -> int:
    setup_logging()
    settings = load_settings()
    if args.command == "migrate":
        engine = make_engine(settings.database_url)
        try:
            before, after = migrate(engine)
        finally:
            engine.dispose()
        print(f"schema already at {after}" if before == after else f"schema migrated: {before or 'empty'} -> {after}")
        return 0
    if args.command == "phi":
        return phi_scan(settings, args.file, explain=args.explain)
    if args.command == "survey":
        with _services(settings) as services:
            return survey_results(services, args.run_id)
    if args.command in cli_weekly.COMMANDS or (args.command == "export" and args.what in cli_weekly.EXPORTS):
        with _services(settings) as services:
            return cli_weekly.run(services, args)
    if args.command == "export":
        with _services(settings) as services:
            text = services.export.issues_csv() if args.what == "issues" else services.export.responses_csv()
        args.csv_file.write_text(text, encoding="utf-8")
        rows = sum(1 for line in text.splitlines() if not line.startswith(("ref,", "run,")))
        print(f"exported {rows} {'report' if args.what == 'issues' else 'response'}(s) to {args.csv_file}")
        return 0

    if args.command == "audit":
        with _services(settings) as services:
            checked, broken = services.ops.verify_audit()
        if broken is None:
            print(f"audit log intact: {checked} entries, hash chain unbroken")
            return 0
        print(f"audit log broken at entry #{broken.seq}: {broken.reason}", file=sys.stderr)
        return 1
    raise AssertionError(args.command)


def survey_results(services: Services, run_id: int) -> int:
    """Prints a closed run's results exactly as they were posted, without the buttons."""
    from bot.render import surveys
    from bot.render.text import render_message

    found = services.surveys.results(run_id)
    if found is None:
        title = services.surveys.run_title(run_id)
        reason = f"no survey run {run_id}" if title is None else f"run {run_id} ({title}) has not closed yet"
        print(f"pilotbot: {reason}", file=sys.stderr)
        return 1
    summary, closed_at = found
    wards = {w.id: w.name for w in services.config.wards}
    message = surveys.results(run_id, summary, wards, closed_at=closed_at, loop_button=False)
    print("\n".join(render_message(message, lambda name: name)))
    return 0


def phi_scan(settings: Settings, file: Path | None, *, explain: bool = False) -> int:
    """Masks each line; the pilot file's hospital-specific formats apply when there is a pilot file.

    With `explain`, each finding is listed with the text it covered and the rule or lexicon that fired, and so is
    each name the guard kept (staff named by role, wards, devices), so an information-governance officer can
    review every decision.
    """
    config: PilotConfig | None = None
    if Path(settings.pilotbot_config).exists():
        config = load_config(Path(settings.pilotbot_config))
    guard = Guard(config.phi.mrn_patterns if config else ())
    lines = file.read_text(encoding="utf-8").splitlines() if file else sys.stdin.read().splitlines()
    for line in lines:
        result = guard.scan(line)
        out: dict[str, object] = {"masked": result.masked, "found": [k.value for k in result.found]}
        if explain:
            out["explain"] = [
                {"kind": f.kind.value, "text": line[f.start : f.end], "rule": f.why} for f in result.findings
            ]
            out["kept"] = [{"text": line[k.start : k.end], "rule": k.why} for k in result.kept]
        print(json.dumps(out, ensure_ascii=False))
    return 0


async def dispatch(args: argparse.Namespace) -> int:
    setup_logging(logging.WARNING if args.command == "demo" else logging.INFO)
    if args.command == "demo":
        from bot.demo.run import run_demo

        return await run_demo()
    settings = load_settings()
    from bot import runtime

    if args.command == "serve":
        settings.require("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET")
        with _services(settings) as services:
            await runtime.serve(
                services, host=args.host, port=args.port or settings.port, scheduler=not args.no_scheduler
            )
        return 0
    if args.command == "run":
        settings.require("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN")
        with _services(settings) as services:
            await runtime.socket_mode(services)
        return 0
    if args.command == "worker":
        settings.require("SLACK_BOT_TOKEN")
        with _services(settings) as services:
            await runtime.worker(services)
        return 0
    if args.command == "tick":
        return await tick(settings, args.at)
    if args.command == "roster":
        return await roster_import(settings, args.file, partial=args.partial)
    raise AssertionError(args.command)


async def tick(settings: Settings, at: str | None) -> int:
    from bot.jobs.tick import tick as run_tick

    settings.require("SLACK_BOT_TOKEN")
    clock = OffsetClock(parse_instant(at)) if at else SystemClock()
    with _services(settings, clock=clock) as services:
        try:
            result = await run_tick(services, clock.now())
        finally:
            await services.deliverer.close()
    jobs = ", ".join(f"{name}: {n}" for name, n in result.queued.items()) or "no scheduled duties"
    print(f"tick at {result.at.isoformat()}: {jobs}; delivered {result.delivered} message(s)")
    return 1 if any(n < 0 for n in result.queued.values()) else 0


async def roster_import(settings: Settings, file: Path, *, partial: bool) -> int:
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        print(f"pilotbot: cannot read {file}: {type(exc).__name__}", file=sys.stderr)
        return 2
    with _services(settings) as services:
        lookup = _email_lookup(services) if settings.slack_bot_token else None
        result = await services.people.import_roster(text, partial=partial, actor="cli", lookup=lookup)
    for rejection in result.rejections:
        print(f"{file}: {rejection}", file=sys.stderr)
    if not result.imported:
        print(
            f"nothing imported: {len(result.rejections)} row(s) rejected (fix them, or use --partial)", file=sys.stderr
        )
        return 1
    print(f"roster imported: {result.added} added, {result.updated} updated, {len(result.rejections)} rejected")
    if result.unmatched:
        print(
            f"{len(result.unmatched)} email(s) not found in Slack; they are linked when the person first uses "
            f"pilotbot: {', '.join(result.unmatched[:10])}{' …' if len(result.unmatched) > 10 else ''}"
        )
    return 0


def _email_lookup(services: Services):  # type: ignore[no-untyped-def]
    from slack_sdk.errors import SlackApiError

    async def lookup(email: str) -> str | None:
        for _ in range(5):
            try:
                response = await services.client.users_lookupByEmail(email=email)
                user = response.get("user") or {}
                return str(user["id"]) if user.get("id") else None
            except SlackApiError as exc:
                if exc.response.status_code == 429:
                    await asyncio.sleep(float(exc.response.headers.get("Retry-After", "1")))
                    continue
                return None
        return None

    return lookup
