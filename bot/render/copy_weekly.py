"""Every sentence of the weekly bulletin and the project-team digest (see copy.py for the tone)."""

from __future__ import annotations

from bot.domain.gates import GateStatus, Metric, Verdict
from bot.domain.queue import Status
from bot.domain.reaim import Dimension, Kept
from bot.domain.reports import Severity

BULLETIN_TITLE = "Pilot bulletin · week {week} ({span})"
BULLETIN_NOTIFY = "Pilot bulletin for week {week}: {summary}"
BULLETIN_LATE = (
    ":hourglass: Posted late: pilotbot was not running when this bulletin was due ({due}). It covers week {week}."
)
BULLETIN_QUIET = "A quiet week: nothing was reported, nothing fell due and there are no known issues."
BULLETIN_FOOTER = (
    "*In time* = a real answer (a fix, a workaround or a dated plan) by its deadline: {deadlines}. Each answer "
    "counts in the week its deadline falls in. Something wrong? `/report` it."
)

NEW_REPORTS = "*New reports*\n{value} {change}"
IN_TIME = "*Answered in time*\n{value} of {due} due {change}"
IN_TIME_NONE = "*Answered in time*\nnothing fell due"
FIRST_RESPONSE = "*First response (median)*\n{value} {change}"
REAL_ANSWER = "*Real answer (median)*\n{value} {change}"
BREACHED = "*Missed the deadline*\n{value} {change}"
STILL_OPEN = "*Still open at the week's end*\n{value}{detail}"
OLDEST = " · oldest {age}"

CHART_LINE = "*Answered in time, by week:* {points}"
CHART_TITLE = "Answered in time, by week (share of answers due that week)"
CHART_ALT = "Bar chart of the share of report answers given in time each week: {points}."
CHART_FILE = "on-time-{week}.png"

SAID_DID = "*You said, we did*"
NO_WARD = "No ward given"
DONE = {
    Status.RESOLVED: "✅ fixed",
    Status.WORKAROUND: "🩹 workaround",
    Status.PLANNED: "🗓️ planned",
}
DONE_LINE = "• {ref} {done}: {line}"
DONE_BY = " (fix expected {day})"

KNOWN_TITLE = "*Known issues* ({n} open)"
KNOWN_LINE = "• *{title}*"
KNOWN_CAUSE = "\n   Cause: {cause}"
KNOWN_WORKAROUND = "\n   Meanwhile: {workaround}"
KNOWN_FIX = "\n   Fix expected {day}"
KNOWN_NO_DATE = "\n   Fix date not known yet; we'll say here when it is"
KNOWN_FIXED = "✅ *Fixed this week:* {titles}"

PULSE_TITLE = "*How it's going (latest survey of each kind)*"
PULSE_SUS = "• *{title}*: SUS {score:.1f}, grade {grade} ({adjective}; average is 68) {change}"
PULSE_NPS = "• *{title}*: NPS {score:+.0f} {change}"
PULSE_MEAN = "• *{title}*: {measure} {score:.1f} of 5 {change}"
PULSE_HIDDEN = "• *{title}*: fewer than {k} answered, so no score is shown"
PULSE_RATE = " · {responded} of {invited} answered ({rate})"
SCORE_CHANGE = "({sign}{change:.1f} since the run before)"

ADOPTION_LINE = (
    "*Adoption*: {share} of staff on the wards used the system this week ({active} of {rostered}) {change}. "
    "The ward leaderboard follows."
)
CHAMPIONS_LINE = "*Champions*: {covered} of {wards} wards have a champion for every {aim} staff{gaps}."
CHAMPIONS_GAPS = "; looking for champions on {names}"
OFFICE_LINE = " {sessions} office-hours session(s) this week, {came} came{unrecorded}. `/champion` finds yours."
OFFICE_UNRECORDED = " ({n} not recorded yet)"

SEVERITY_SHORT = {
    Severity.PATIENT_SAFETY: "patient safety",
    Severity.BLOCKS_WORK: "blocking work",
    Severity.SLOWS_DOWN: "slowing down",
    Severity.MINOR: "minor",
}

DIGEST_TITLE = "Project digest · week {week} ({span})"
DIGEST_NOTIFY = "Project digest for week {week}: {verdict}"
DIGEST_DECISION = "*Go/no-go: {verdict}* ({passed} of {total} gates pass)"
DIGEST_NO_GATES = "_No go/no-go gates in the pilot file: add `[[gates]]` to judge the pilot._"
DIGEST_RECORDED = "Last decision recorded: *{decision}* by <@{by}> on {day}{note}"
DIGEST_NONE_RECORDED = "No decision recorded yet."
DIGEST_RECORD = "Record decision"
DIGEST_OVERALL = "*Whole pilot*"
DIGEST_WARD = "*{ward}*"
DIGEST_CHANGED = "*Since last week*"
DIGEST_NOTHING_CHANGED = "No figure moved since last week."
DIGEST_DEFINITIONS = "*What the figures mean*"
DIGEST_LATE = ":hourglass: Sent late: pilotbot was not running when this digest was due ({due})."
GATE_MARK = {GateStatus.PASS: "✅", GateStatus.FAIL: "❌", GateStatus.NO_DATA: "❔"}
GATE_LINE = "{mark} *{name}*: {value} (needs {bound} {threshold}) · {status}\n   _{evidence}_"
VERDICT = {Verdict.GO: "GO", Verdict.NO_GO: "NO-GO"}
KEPT = {Kept.HELD: "held", Kept.DECAYED: "fell"}
DIMENSION = {d: d.value for d in Dimension}

METRIC = {
    Metric.ADOPTION: "adoption",
    Metric.SLA_COMPLIANCE: "answers in time (4 weeks)",
    Metric.SUS: "SUS",
    Metric.NPS: "NPS",
    Metric.SURVEY_RESPONSE_RATE: "survey response rate",
    Metric.OPEN_PATIENT_SAFETY: "open patient-safety reports",
    Metric.CHAMPION_COVERAGE: "wards with enough champions",
    Metric.REPORTS_PER_100_STAFF: "reports per 100 staff",
}

DECISION_TITLE = "Go/no-go decision"
DECISION_SUBMIT = "Record"
DECISION_CLOSE = "Cancel"
DECISION_INTRO = "The gates say *{verdict}* for week {week}. What did the committee decide?"
DECISION_FIELD = "Decision"
DECISION_NOTE = "Note for the record (why, conditions, next review)"
DECISION_RECORDED = "Recorded: *{decision}* for week {week}. It shows in the next digest and the audit log."
DECISION_NOT_LEAD = "Only a project lead or an admin records the go/no-go decision."
