"""`pilotbot usage import` and `pilotbot export adoption`, run the way an operator runs them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, text

from bot.__main__ import main

DATA = Path(__file__).parent / "data"
HEADER = "date,slack_id,email,events\n"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, db_url: str, engine: Engine, tmp_path: Path) -> Path:
    """A migrated database with the test roster imported (the CLI runs on the real clock)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("PILOTBOT_CONFIG", str(DATA / "pilot.toml"))
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "SLACK_API_URL", "PILOTBOT_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    assert main(["roster", "import", str(DATA / "roster.csv")]) == 0
    return tmp_path


def today() -> str:
    """The pilot's date now: the roster was imported this week, so only this week's use counts."""
    return datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date().isoformat()


def person_days(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM usage_day")).scalar_one())


def test_usage_import_refuses_a_file_with_rejected_rows_unless_partial(
    env: Path, engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    usage = env / "usage.csv"
    usage.write_text(
        HEADER + f"{today()},U0AISHA01,,12\n{today()},U0NOBODY1,,3\n{today()},,carla.diaz@stelsewhere.example,oops\n",
        encoding="utf-8",
    )
    assert main(["usage", "import", str(usage)]) == 1
    err = capsys.readouterr().err
    assert "rejected line 3: nobody on the roster has slack_id U0NOBODY1" in err
    assert "rejected line 4: events 'oops' is not a whole number of 0 or more" in err
    assert "nothing imported: 2 row(s) rejected" in err
    assert person_days(engine) == 0
    assert main(["usage", "import", str(usage), "--partial"]) == 0
    assert "imported 1 person-day(s); 2 rejected" in capsys.readouterr().out
    assert person_days(engine) == 1


def test_importing_the_same_file_twice_changes_nothing(env: Path, engine: Engine) -> None:
    usage = env / "usage.csv"
    usage.write_text(HEADER + f"{today()},U0AISHA01,,12\n{today()},U0BEN0002,,0\n", encoding="utf-8")
    assert main(["usage", "import", str(usage)]) == 0
    assert main(["usage", "import", str(usage)]) == 0
    assert person_days(engine) == 2


def test_export_adoption_gives_one_row_per_ward_per_week(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    usage = env / "usage.csv"
    usage.write_text(
        HEADER + f"{today()},U0AISHA01,,12\n{today()},U0BEN0002,,0\n{today()},,carla.diaz@stelsewhere.example,4\n",
        encoding="utf-8",
    )
    assert main(["usage", "import", str(usage)]) == 0
    out = env / "adoption.csv"
    assert main(["export", "adoption", "--csv", str(out)]) == 0
    assert f"exported 2 row(s) to {out}" in capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    week = datetime.fromisoformat(today()).isocalendar()
    label = f"{week.year}-W{week.week:02d}"
    assert rows == [
        {
            "ward": "ward-7",
            "week": label,
            "rostered": "2",
            "active": "1",
            "adoption": "0.5000",
            "active_days_median": "1",
            "events": "12",
        },
        {
            "ward": "ward-9",
            "week": label,
            "rostered": "1",
            "active": "1",
            "adoption": "1.0000",
            "active_days_median": "1",
            "events": "4",
        },
    ]


def test_export_adoption_before_any_usage_is_the_header_alone(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = env / "adoption.csv"
    assert main(["export", "adoption", "--csv", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == "ward,week,rostered,active,adoption,active_days_median,events\n"
