"""The operator's commands, run the way an operator runs them."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.__main__ import main
from bot.clock import FixedClock
from bot.db.models import OutboxRow, Person
from bot.outbox import Outgoing
from bot.services.uow import UnitOfWork
from bot.standin.server import SlackStandIn

DATA = Path(__file__).parent / "data"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return db_url


def test_phi_scan_prints_one_json_object_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    source = tmp_path / "lines.txt"
    source.write_text("Mrs Patel DOB 12/03/1954\nlabel RX1234567\n5 mg at 14:00\n", encoding="utf-8")
    assert main(["phi", "scan", str(source)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines == [
        {"masked": "Mrs [NAME] DOB [DOB]", "found": ["NAME", "DOB"]},
        {"masked": "label [MRN]", "found": ["MRN"]},  # the pilot file's own hospital number format
        {"masked": "5 mg at 14:00", "found": []},
    ]


def test_phi_scan_reads_stdin_without_a_pilot_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOTBOT_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("call 07700 900123\n"))
    assert main(["phi", "scan"]) == 0
    assert json.loads(capsys.readouterr().out) == {"masked": "call [PHONE]", "found": ["PHONE"]}


def test_migrate_then_again(env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert "schema migrated: empty -> " in capsys.readouterr().out
    assert main(["migrate"]) == 0
    assert "schema already at" in capsys.readouterr().out


def test_serve_refuses_an_unmigrated_database_and_names_the_fix(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "s")
    assert main(["serve"]) == 2
    assert capsys.readouterr().err.strip() == (
        "pilotbot: the database has no pilotbot schema yet: run `pilotbot migrate`"
    )


def test_serve_without_a_signing_secret_says_so_in_one_line(
    env: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert main(["serve"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SLACK_SIGNING_SECRET is not set" in err


def test_a_broken_pilot_file_stops_start_up_one_line_per_problem(
    env: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "pilot.toml"
    broken.write_text(
        (DATA / "pilot.toml")
        .read_text()
        .replace('"C0RAPID01"', '"rapid"')
        .replace('timezone = "Europe/London"', 'timezone = "Mars/Olympus"')
    )
    monkeypatch.setenv("PILOTBOT_CONFIG", str(broken))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert main(["worker"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all(line.startswith(f"{broken}: [") for line in err)


def test_roster_import_rejects_the_whole_file_unless_partial(
    env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "slack_id,email,name,ward,role\nU01AAA,,Ann,ward-7,clinician\n"
        ",nobody@x.org,Nobody,ward-8,clinician\nU03CCC,,Cat,ward-9,matron\n",
        encoding="utf-8",
    )
    assert main(["roster", "import", str(roster)]) == 1
    err = capsys.readouterr().err
    assert f"{roster}: line 3: ward 'ward-8' is not in the pilot file" in err
    assert f"{roster}: line 4: role 'matron' is not one of" in err
    assert "nothing imported: 2 row(s) rejected" in err
    with Session(engine) as session:
        assert session.exec(select(Person)).all() == []
    assert main(["roster", "import", str(roster), "--partial"]) == 0
    assert "roster imported: 1 added, 0 updated, 2 rejected" in capsys.readouterr().out
    with Session(engine) as session:
        assert [p.slack_id for p in session.exec(select(Person))] == ["U01AAA"]


def test_roster_import_updates_people_already_known(
    env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("slack_id,email,name,ward,role\nU01AAA,ann@x.org,Ann,ward-7,clinician\n")
    assert main(["roster", "import", str(roster)]) == 0
    roster.write_text("slack_id,email,name,ward,role\n,ann@x.org,Ann Lee,ward-9,champion\n")
    assert main(["roster", "import", str(roster)]) == 0
    assert "0 added, 1 updated" in capsys.readouterr().out
    with Session(engine) as session:
        person = session.exec(select(Person)).one()
    assert (person.slack_id, person.name, person.ward_id, person.role) == ("U01AAA", "Ann Lee", "ward-9", "champion")


def test_audit_verify_says_intact(env: str, engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    with UnitOfWork(engine, FixedClock(__import__("tests.conftest").conftest.T0)) as uow:
        uow.audit(actor="U1", action="x.done", entity_type="x", entity_id=1)
        uow.commit()
    assert main(["audit", "verify"]) == 0
    assert capsys.readouterr().out.strip() == "audit log intact: 1 entries, hash chain unbroken"


async def _pilotbot(*args: str, env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return process.returncode or 0, out.decode(), err.decode()


async def test_tick_delivers_what_is_queued_and_twice_sends_nothing_new(
    env: str, engine: Engine, clock: FixedClock
) -> None:
    slack = SlackStandIn()
    base = await slack.start()
    slack.add_channel("C0RAPID01", "rapid-response")
    try:
        with UnitOfWork(engine, clock) as uow:
            uow.send(Outgoing("hello", "chat.postMessage", {"channel": "C0RAPID01", "text": "hello"}, "test"))
            uow.commit()
        settings = {"SLACK_BOT_TOKEN": slack.token, "SLACK_API_URL": base}
        code, out, err = await _pilotbot("tick", "--at", "2026-11-16T09:00:00Z", env=settings)
        assert (code, err) == (0, "")
        assert "tick at 2026-11-16T09:00:00" in out and "delivered 1 message(s)" in out
        code, out, _ = await _pilotbot("tick", "--at", "2026-11-16T09:00:00Z", env=settings)
        assert code == 0 and "delivered 0 message(s)" in out
        assert [c.args["text"] for c in slack.calls_to("chat.postMessage")] == ["hello"]
        with Session(engine) as session:
            assert session.exec(select(OutboxRow)).one().status == "sent"
    finally:
        await slack.stop()


async def test_the_demo_runs_offline_and_tells_the_story(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    out, err = await process.communicate()
    text = out.decode()
    assert process.returncode == 0, err.decode()
    assert err.decode() == ""
    assert "types in #ward-7:  /report" in text and "#rapid-response sees:" in text
    assert "R-1 · 🚨 PATIENT SAFETY" in text and "Mrs [NAME] in [BED]" in text
    assert text.count("Mrs Patel") == 1  # only where Aisha types it; nothing pilotbot shows repeats it
    assert "A day on the SLA clock" in text and "missed its" not in text and "Ben hears it first" in text
    assert "chain intact" in text
    # Monday: the digest's NO-GO turns to GO once the patient-safety report is resolved; the bulletin and its chart.
    digest, resolved = text.index("PROJECT DIGEST · WEEK 47"), text.index("resolves R-1")
    assert text.index("decision: NO-GO") < resolved < text.index("decision: GO")
    assert digest < resolved and "PILOT BULLETIN · WEEK 47" in text and "You said, we did" in text
    assert "Office hours with Ben Okafor soon" in text and "*4* came" in text and "GAP" in text
    assert (tmp_path / "demo-output" / "on-time-2026-W47.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "demo-output" / "pilotbot-demo.db").exists()


def test_audit_verify_exits_1_at_the_first_altered_entry(
    env: str, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    from sqlalchemy import text

    clock = FixedClock(__import__("tests.conftest").conftest.T0)
    for i in range(3):
        with UnitOfWork(engine, clock) as uow:
            uow.audit(actor="U1", action="x.done", entity_type="x", entity_id=i)
            uow.commit()
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
        conn.execute(text("UPDATE audit_log SET action = 'x.undone' WHERE id = 2"))
    assert main(["audit", "verify"]) == 1
    assert capsys.readouterr().err.strip() == (
        "audit log broken at entry #2: its content was changed after it was written"
    )


def test_export_issues_gives_governance_the_clock_and_outcome_without_report_text(
    env: str, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import csv

    from bot.config import load_config
    from bot.domain.phi import Guard
    from bot.domain.queue import Move
    from bot.domain.reports import Draft, Source
    from bot.services.intake import IntakeService
    from bot.services.queue import Act, QueueService
    from bot.services.send import ReplyTo

    clock = FixedClock(__import__("tests.conftest").conftest.T0)
    config = load_config(DATA / "pilot.toml")
    intake = IntakeService(engine, clock, config, Guard())
    intake.file(
        Draft("zebra printer jams, Mrs Patel", "U0AISHA01", "U0AISHA01", Source.COMMAND), reply=ReplyTo("U0AISHA01")
    )
    with UnitOfWork(engine, clock) as uow:
        from bot.db.models import Person

        uow.session.add(
            Person(slack_id="U0DEV0004", name="Dev", role="responder", created_at=clock.now(), updated_at=clock.now())
        )
        uow.commit()
    QueueService(engine, clock, config, Guard()).act(
        Act(1, Move.RESOLVE, "U0DEV0004", text="fixed", summary="Printer fixed"), reply=ReplyTo("U0DEV0004")
    )
    target = tmp_path / "issues.csv"
    assert main(["export", "issues", "--csv", str(target)]) == 0
    assert "exported 1 report(s)" in capsys.readouterr().out
    (row,) = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))

    assert (row["ref"], row["status"], row["answered_in_time"], row["public_summary"]) == (
        "R-1",
        "resolved",
        "yes",
        "Printer fixed",
    )
    assert row["answer_due"] == "2026-11-17T08:50:00+00:00" and row["identifiers_masked"] == "NAME"
    assert "zebra" not in target.read_text() and "Patel" not in target.read_text()
