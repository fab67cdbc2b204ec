"""`pilotbot gates`, `bulletin preview` and `digest preview`, run the way an operator runs them."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.clock import FixedClock
from bot.standin.world import World
from tests.e2e.queue_helpers import DEV, file, form, take
from tests.e2e.test_weekly import GATES, SAFETY, pilot

DATA = Path(__file__).parent / "data"
FILED = datetime(2026, 11, 16, 8, 50, tzinfo=UTC)


def pilot_file(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "pilot.toml"
    path.write_text((DATA / "pilot.toml").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


@pytest.fixture
def operator(monkeypatch: pytest.MonkeyPatch, db_url: str, tmp_path: Path) -> Path:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(pilot_file(tmp_path, GATES)))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


async def a_pilot_with_an_open_safety_report(db_url: str) -> int:
    async with World(db_url, pilot(), FixedClock(FILED), roster_csv=(DATA / "roster.csv").read_text()) as world:
        await world.import_roster()
        safety = await file(world, SAFETY)
        await take(world, DEV, safety)
        await form(world, DEV, safety, "workaround", team_workaround="Scan the wristband twice.")
        return safety


async def test_gates_print_each_gate_and_exit_3_for_no_go(
    operator: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    await a_pilot_with_an_open_safety_report(db_url)
    assert main(["gates", "--at", "2026-11-23T09:00"]) == 3
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Answers in time: 1 (threshold ≥ 0.8) PASS",
        "No open patient-safety reports: 1 (threshold ≤ 0) FAIL",
        "decision: NO-GO",
    ]
    assert main(["gates", "--at", "2026-11-23T09:00", "--json"]) == 3
    assert json.loads(capsys.readouterr().out) == {
        "decision": "NO-GO",
        "gates": [
            {"name": "Answers in time", "metric": "sla_compliance", "value": 1.0, "threshold": {"min": 0.8},
             "status": "PASS"},
            {"name": "No open patient-safety reports", "metric": "open_patient_safety", "value": 1.0,
             "threshold": {"max": 0.0}, "status": "FAIL"},
        ],
    }  # fmt: skip
    # Before anything was due, the SLA gate has no data: still NO-GO.
    assert main(["gates", "--at", "2026-11-16T09:00+00:00"]) == 3
    assert "Answers in time: - (threshold ≥ 0.8) NO DATA" in capsys.readouterr().out


async def test_gates_exit_0_for_go(
    operator: Path, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    only_safety = '\n[[gates]]\nname = "Safety"\nmetric = "open_patient_safety"\nmax = 0\n'
    monkeypatch.setenv("PILOTBOT_CONFIG", str(pilot_file(operator, only_safety)))
    assert main(["migrate"]) == 0
    capsys.readouterr()
    assert main(["gates"]) == 0
    assert capsys.readouterr().out.splitlines() == ["Safety: 0 (threshold ≤ 0) PASS", "decision: GO"]


def test_gates_without_gates_say_so_and_exit_2(
    operator: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    assert main(["migrate"]) == 0
    assert main(["gates"]) == 2
    assert "no [[gates]]" in capsys.readouterr().err


def test_a_bad_week_or_instant_is_told_plainly(operator: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["migrate"]) == 0
    assert main(["bulletin", "preview", "--week", "2026-W54"]) == 2
    assert "2026 has no ISO week 54" in capsys.readouterr().err
    assert main(["gates", "--at", "next monday"]) == 2
    assert "Traceback" not in capsys.readouterr().err


async def test_the_bulletin_preview_prints_it_and_writes_its_chart(
    operator: Path, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    safety = await a_pilot_with_an_open_safety_report(db_url)
    charts = operator / "charts"
    assert main(["bulletin", "preview", "--week", "2026-W47", "--png", str(charts)]) == 0
    out = capsys.readouterr().out
    assert "PILOT BULLETIN · WEEK 47 (16–22 NOV 2026)" in out
    assert f"R-{safety} 🩹 workaround" in out
    assert (charts / "on-time-2026-W47.png").read_bytes()[:4] == b"\x89PNG"
    assert main(["digest", "preview", "--week", "2026-W47"]) == 0
    out = capsys.readouterr().out
    assert "PROJECT DIGEST · WEEK 47" in out and "Go/no-go: NO-GO" in out


ALL_GATES = "".join(
    f'\n[[gates]]\nname = "{metric}"\nmetric = "{metric}"\n{bound} = {value}\n'
    for metric, bound, value in (
        ("adoption", "min", 0.6),
        ("sla_compliance", "min", 0.9),
        ("sus", "min", 68),
        ("nps", "min", 0),
        ("survey_response_rate", "min", 0.3),
        ("open_patient_safety", "max", 0),
        ("champion_coverage", "min", 1.0),
        ("reports_per_100_staff", "min", 5),
    )
)


async def test_every_metric_is_measured_with_usage_data(
    operator: Path, db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PILOTBOT_CONFIG", str(pilot_file(operator, ALL_GATES)))
    await a_pilot_with_an_open_safety_report(db_url)
    usage = operator / "usage.csv"
    usage.write_text(
        "date,slack_id,email,events\n2026-11-17,U0AISHA01,,5\n2026-11-18,,carla.diaz@stelsewhere.example,3\n",
        encoding="utf-8",
    )
    assert main(["usage", "import", str(usage)]) == 0
    capsys.readouterr()
    assert main(["gates", "--at", "2026-11-23T09:00", "--json"]) == 3
    measured = {g["metric"]: (g["value"], g["status"]) for g in json.loads(capsys.readouterr().out)["gates"]}
    assert measured == {
        "adoption": (pytest.approx(2 / 3), "PASS"),  # Aisha and Carla of the three on the wards' rosters
        "sla_compliance": (1.0, "PASS"),
        "sus": (None, "NO DATA"),
        "nps": (None, "NO DATA"),
        "survey_response_rate": (None, "NO DATA"),
        "open_patient_safety": (1.0, "FAIL"),
        "champion_coverage": (0.5, "FAIL"),  # Ward 9 has no champion
        "reports_per_100_staff": (pytest.approx(100 / 6), "PASS"),  # one report, six people on the roster
    }
