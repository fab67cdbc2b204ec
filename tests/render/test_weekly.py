"""The bulletin and the digest as Slack reads them: within Block Kit's limits however big the pilot, continued in
the thread, and worded from the figures. Pure: domain values in, payloads out."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.domain.bulletin import AdoptionLine, ChampionLine, Done, KnownIssues, Part, Pulse, WardDone
from bot.domain.gates import Bound, Decision, Gate, GateResult, GateStatus, Metric, Verdict
from bot.domain.home import KnownIssue
from bot.domain.queue import Status
from bot.domain.reaim import Implementation, Maintenance, Reaim, ReaimWeek, Trend
from bot.domain.reports import Severity
from bot.domain.sla import Policy, Targets
from bot.domain.sus_grades import sus_grade
from bot.domain.weeks import IsoWeek
from bot.render.blocks import section
from bot.render.bulletin import Setting, bulletin, deadlines, pulse_line, span
from bot.render.digest import decision_form, digest, gate_line
from bot.render.weekly import pack, paragraphs, points
from bot.standin.blockkit import check_blocks, check_view

W48 = IsoWeek(2026, 48)
POLICY = Policy(
    {
        s: Targets(timedelta(minutes=15 if s is Severity.PATIENT_SAFETY else 60), timedelta(hours=4 if s is
                   Severity.PATIENT_SAFETY else 24))
        for s in Severity
    }
)  # fmt: skip
SETTING = Setting(W48, {"ward-7": "Ward 7 Acute Medicine"}, POLICY)


def test_a_week_is_named_by_its_days() -> None:
    assert span(W48) == "23–29 Nov 2026"
    assert span(IsoWeek(2026, 49)) == "30 Nov–6 Dec 2026"
    assert span(IsoWeek(2026, 53)) == "28 Dec 2026–3 Jan 2027"


def test_changes_in_points_say_which_way() -> None:
    assert (points(0.05), points(-0.031), points(0.001), points(None)) == (
        "(▲ 5 pts)",
        "(▼ 3 pts)",
        "(= same as last week)",
        "",
    )


def test_paragraphs_split_between_lines_and_never_exceed_a_section() -> None:
    lines = [f"• line {i} " + "x" * 90 for i in range(100)]
    blocks = paragraphs(lines)
    texts = [b.to_dict()["text"]["text"] for b in blocks]
    assert len(texts) > 1 and all(len(t) <= 3000 for t in texts)
    assert "\n".join(texts).split("\n") == lines


def test_what_does_not_fit_one_message_continues_in_the_thread() -> None:
    sections = [[section(f"part {i}.{j}") for j in range(7)] for i in range(20)]  # 140 blocks
    messages = pack("Bulletin", sections)
    assert len(messages) == 3 and all(len(m["blocks"]) <= 50 for m in messages)
    assert messages[1]["text"] == "Bulletin (continued, part 2)"
    first_of_each = [json.dumps(m["blocks"][0]) for m in messages]
    assert all(".0" in f for f in first_of_each)  # a section is kept whole in one message
    assert all(check_blocks(m["blocks"]) == [] for m in messages)


def test_a_quiet_week_still_says_so_and_fits() -> None:
    (message,) = bulletin([], SETTING)
    said = json.dumps(message["blocks"], ensure_ascii=False)
    assert "A quiet week" in said and "24 h, patient safety 4 h" in said
    assert check_blocks(message["blocks"]) == []


def test_the_deadlines_name_each_severity_that_differs() -> None:
    slow = Policy({**POLICY.targets, Severity.MINOR: Targets(timedelta(hours=1), timedelta(hours=72))})
    assert deadlines(slow) == "24 h, patient safety 4 h, minor 72 h"


def test_a_huge_bulletin_stays_within_block_kit_limits() -> None:
    wards = tuple(
        WardDone(f"ward-{w}", tuple(Done(w * 100 + i, Status.RESOLVED, "Fixed " + "y" * 150) for i in range(40)))
        for w in range(50)
    )
    issues = KnownIssues(
        tuple(KnownIssue(i, i, f"Issue {i}", "c" * 400, "w" * 300, None, "open") for i in range(200)), ()
    )
    parts = [Part("you_said_we_did", wards), Part("known_issues", (issues,))]
    messages = bulletin(parts, SETTING)
    assert len(messages) > 1
    for message in messages:
        assert check_blocks(message["blocks"]) == []
    said = " ".join(json.dumps(m["blocks"]) for m in messages)
    assert "R-4939" in said and "Issue 199" in said  # nothing dropped


def test_a_sus_pulse_shows_its_curved_grade_and_adjective() -> None:
    pulse = Pulse("sus", "System usability", "SUS", Trend(72.5, 70.0), sus_grade(72.5), 30, 60)
    assert pulse_line(pulse) == (
        "• *System usability*: SUS 72.5, grade C+ (Good; average is 68) (+2.5 since the run before)"
        " · 30 of 60 answered (50%)"
    )
    hidden = Pulse("sus", "System usability", "SUS", Trend(None, None), None, 3, 60)
    assert "fewer than 5 answered" in pulse_line(hidden)


GATES = (
    GateResult(Gate("Adoption", Metric.ADOPTION, Bound.MIN, 0.7), 0.62, GateStatus.FAIL, "31 of 50 used it"),
    GateResult(Gate("Safety", Metric.OPEN_PATIENT_SAFETY, Bound.MAX, 0), None, GateStatus.NO_DATA, "no reports"),
)


def test_a_gate_line_for_the_cli() -> None:
    assert [gate_line(r) for r in GATES] == [
        "Adoption: 0.62 (threshold ≥ 0.7) FAIL",
        "Safety: - (threshold ≤ 0) NO DATA",
    ]


def reaim_of(ward: str | None) -> Reaim:
    return Reaim(
        ward,
        Trend(0.4, 0.35),
        (),
        Trend(None, None),
        Implementation(Trend(0.9, 0.8), Trend(1.0, 1.0), Trend(timedelta(minutes=40), timedelta(minutes=50))),
        Maintenance(()),
    )


def test_a_digest_for_fifty_wards_fits_and_has_the_decision_button() -> None:
    week = ReaimWeek(W48, reaim_of(None), tuple(reaim_of(f"ward-{i}") for i in range(50)))
    decision = Decision(Verdict.NO_GO, GATES)
    messages = digest(W48, week, decision, None, wards={}, gates_before={"Adoption": "PASS"})
    for message in messages:
        assert check_blocks(message["blocks"]) == []
    said = " ".join(json.dumps(m["blocks"], ensure_ascii=False) for m in messages)
    assert "Go/no-go: NO-GO* (0 of 2 gates pass)" in said and "31 of 50 used it" in said
    assert "Gate Adoption: PASS → FAIL" in said and "Reach 35% → 40%" in said
    assert said.count("*Reach*:") == 1  # the definitions once
    assert "ward-49" in said
    button = next(b for b in messages[0]["blocks"] if b["type"] == "actions")["elements"][0]
    assert (button["action_id"], button["value"]) == ("digest_decision_record", "2026-W48")


def test_the_decision_form_starts_at_the_gates_verdict() -> None:
    view = decision_form(W48, "NO-GO")
    assert check_view(view) == []
    chosen = view["blocks"][1]["element"]["initial_option"]["value"]
    assert chosen == "NO-GO" and json.loads(view["private_metadata"]) == {"week": "2026-W48"}


def test_a_late_post_says_when_it_was_due() -> None:
    due = datetime(2026, 11, 30, 9, tzinfo=UTC)
    (message,) = bulletin([], SETTING, late_since=due)
    assert "Posted late" in json.dumps(message["blocks"]) and "It covers week 2026-W48" in json.dumps(message["blocks"])


def test_the_adoption_and_champion_lines_read_as_sentences() -> None:
    parts = [
        Part("adoption", (AdoptionLine(Trend(0.62, 0.55), 31, 50),)),
        Part("champions", (ChampionLine(1, 2, ("ward-7",), sessions=3, came=11, unrecorded=1),)),
    ]
    (message,) = bulletin(parts, SETTING)
    said = json.dumps(message["blocks"], ensure_ascii=False)
    assert "*Adoption*: 62% of staff on the wards used the system this week (31 of 50) (▲ 7 pts)." in said
    assert "1 of 2 wards have a champion for every 20 staff; looking for champions on Ward 7 Acute Medicine." in said
    assert "3 office-hours session(s) this week, 11 came (1 not recorded yet)." in said
