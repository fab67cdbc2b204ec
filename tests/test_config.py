"""The pilot file and the environment: every problem reported on one line, naming the key and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_config, parse_config
from bot.settings import SettingsError, load_settings

MINIMAL = """
[pilot]
name = "Ward EHR pilot"
timezone = "Europe/London"
[channels]
rapid_response = "C0RAPID01"
updates = "C0UPDATE1"
escalation = "C0ESCAL01"
[[wards]]
id = "ward-7"
name = "Ward 7 Acute Medicine"
channel = "C0WARD007"
"""


def test_the_minimum_from_the_interface_loads_with_documented_defaults() -> None:
    config = parse_config(MINIMAL)
    assert config.sla.acknowledge_minutes == 60 and config.sla.address_hours == 24
    assert (config.sla.remind_at, config.sla.escalate_at) == (0.5, 0.75)
    assert (config.sla.patient_safety.acknowledge_minutes, config.sla.patient_safety.address_hours) == (15, 4)
    assert config.schedule.bulletin == "0 9 * * MON"
    assert config.ward_for_channel("C0WARD007") is not None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('timezone = "Europe/London"', 'timezone = "Europe/Londn"'), "[pilot].timezone: not an IANA time zone"),
        (
            ('rapid_response = "C0RAPID01"', 'rapid_response = "#rapid"'),
            "[channels].rapid_response: '#rapid' is not a Slack channel ID",
        ),
        (('escalation = "C0ESCAL01"\n', ""), "[channels].escalation: missing"),
        (('id = "ward-7"', 'id = "Ward 7"'), "[[wards]] #1.id: 'Ward 7' is not a ward id"),
        (
            ("[[wards]]", "[sla]\nacknowledge_minute = 5\n[[wards]]"),
            "[sla].acknowledge_minute: unknown key (did you mean acknowledge_minutes?)",
        ),
        (
            ("[[wards]]", '[schedule]\nbulletin = "every monday"\n[[wards]]'),
            "[schedule].bulletin: must be a five-field cron",
        ),
        (
            ("[[wards]]", "[phi]\nmrn_patterns = ['(unclosed']\n[[wards]]"),
            "[phi].mrn_patterns: '(unclosed' is not a valid regular expression",
        ),
        (('name = "Ward EHR pilot"', 'name = "Ward EHR pilot'), "not valid TOML"),
    ],
)
def test_each_problem_is_one_clear_line(change: tuple[str, str], expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL.replace(*change), path="pilot.toml")
    assert any(expected in line for line in str(info.value).splitlines()), str(info.value)
    assert all(line.startswith("pilot.toml: ") for line in str(info.value).splitlines())


def test_several_problems_are_all_reported() -> None:
    broken = MINIMAL.replace('"C0RAPID01"', '"x"').replace('"Europe/London"', '"Mars"')
    with pytest.raises(ConfigError) as info:
        parse_config(broken)
    assert len(info.value.problems) == 2


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PILOTBOT_CONFIG"):
        load_config(tmp_path / "nope.toml")


def test_settings_defaults_match_the_interface(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_API_URL", "DATABASE_URL", "PILOTBOT_CONFIG", "PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.slack_api_url == "https://slack.com/api/"
    assert settings.database_url == "sqlite:///pilotbot.db"
    assert str(settings.pilotbot_config) == "pilotbot.toml" and settings.port == 3000


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("PORT", "eighty", "PORT is malformed"),
        ("SLACK_API_URL", "https://slack.com/api", "SLACK_API_URL is malformed"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "SLACK_BOT_TOKEN is malformed"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL is malformed"),
    ],
)
def test_a_malformed_setting_is_named_with_its_fix(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


def test_a_missing_setting_a_command_needs_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is not set: set it to the app's signing secret"):
        load_settings().require("SLACK_SIGNING_SECRET")


def test_severity_targets_are_configurable() -> None:
    from datetime import timedelta

    from bot.domain.reports import Severity

    config = parse_config(
        MINIMAL + "\n[sla]\naddress_hours = 48\n[sla.minor]\nacknowledge_minutes = 240\n"
        "address_hours = 72\n[sla.patient_safety]\nacknowledge_minutes = 10\naddress_hours = 2\n"
    )
    policy = config.sla.policy()
    assert policy.for_severity(Severity.MINOR).address == timedelta(hours=72)
    assert policy.for_severity(Severity.MINOR).acknowledge == timedelta(hours=4)
    assert policy.for_severity(Severity.BLOCKS_WORK).address == timedelta(hours=48)
    assert policy.for_severity(Severity.PATIENT_SAFETY).acknowledge == timedelta(minutes=10)


def test_reminders_must_come_before_escalation() -> None:
    with pytest.raises(ConfigError, match=r"\[sla\]: escalate_at must come after remind_at"):
        parse_config(MINIMAL + "\n[sla]\nremind_at = 0.8\nescalate_at = 0.6\n")


def test_survey_lines_in_the_pilot_file_are_checked_at_start(tmp_path: Path) -> None:
    (tmp_path / "mine.toml").write_text(
        'id = "mine"\ntitle = "t"\nintro = "i"\n[[questions]]\nid = "q"\nkind = "likert"\ntext = ""\n', encoding="utf-8"
    )
    text = MINIMAL + (
        '\n[[surveys]]\nfile = "nope.toml"\nschedule = "0 14 * * THU"\n'
        '\n[[surveys]]\nfile = "mine.toml"\nschedule = "0 14 * * THU"\naudience = ["ward-8", "role:nurse"]\n'
        '\n[[surveys]]\nfile = "surveys/sus.toml"\nschedule = "0 14 * * THU"\n'
    )
    with pytest.raises(ConfigError) as info:
        parse_config(text, path="pilot.toml", base=tmp_path)
    lines = str(info.value).splitlines()
    assert lines == [
        "pilot.toml: [[surveys]] #1.file: nope.toml not found"
        " (next to the pilot file, or among the shipped instruments)",
        "mine.toml: question 1 (q), text: is empty",
        "pilot.toml: [[surveys]] #2.audience: 'ward-8' is not a ward id or role:<role>",
        "pilot.toml: [[surveys]] #2.audience: 'role:nurse' is not a role",
    ]


def test_the_example_pilot_file_loads_with_its_gates() -> None:
    example = load_config(Path(__file__).parent.parent / "pilotbot.example.toml")
    assert [g.metric.value for g in example.go_no_go] == ["adoption", "sla_compliance", "sus", "open_patient_safety"]
    assert example.channels.project == "C0PROJ001"


def test_bad_gates_stop_the_start_with_one_line_each() -> None:
    gates = """
[[gates]]
name = "Adoption"
metric = "adopton"
min = 0.7
[[gates]]
name = "Safety"
metric = "open_patient_safety"
[[gates]]
name = "Usability"
metric = "sus"
min = 680
"""
    with pytest.raises(ConfigError) as info:
        parse_config(MINIMAL + gates, path="pilot.toml")
    lines = str(info.value).splitlines()
    assert len(lines) == 3 and all(line.startswith("pilot.toml: [[gates]] #") for line in lines), lines
    assert "did you mean adoption" in lines[0] and "min" in lines[1] and "0 to 100" in lines[2]
