"""Every sentence a person reads, in one place where tone can be reviewed.

Plain words, short lines (people read these on a phone mid-shift), and no patient identifiers: only
masked text ever reaches these templates.
"""

from __future__ import annotations

from bot.domain.phi import Kind
from bot.domain.queue import Move, Status, Why
from bot.domain.reports import Severity, Source
from bot.domain.sla import Duty

SEVERITY = {
    Severity.PATIENT_SAFETY: "🚨 Patient safety",
    Severity.BLOCKS_WORK: "⛔ Blocks my work",
    Severity.SLOWS_DOWN: "🐢 Slows me down",
    Severity.MINOR: "▫️ Minor",
}
SEVERITY_PLAIN = {
    Severity.PATIENT_SAFETY: "Patient safety",
    Severity.BLOCKS_WORK: "Blocks my work",
    Severity.SLOWS_DOWN: "Slows me down",
    Severity.MINOR: "Minor",
}
SOURCE = {
    Source.COMMAND: "/report",
    Source.FORM: "the report form",
    Source.SHORTCUT: "“Report this as an issue”",
    Source.REACTION: ":ticket: reaction",
    Source.DM: "a message to pilotbot",
}
MASKED = {
    Kind.NAME: "a name",
    Kind.MRN: "a hospital number",
    Kind.NHS: "an NHS number",
    Kind.DOB: "a date of birth",
    Kind.DATE: "a date about a patient",
    Kind.AGE: "an age over 89",
    Kind.PHONE: "a phone number",
    Kind.EMAIL: "an email address",
    Kind.POSTCODE: "a postcode",
    Kind.ADDRESS: "an address",
    Kind.BED: "a bed, bay or room number",
    Kind.SSN: "a social security number",
    Kind.NINO: "a National Insurance number",
    Kind.ACCOUNT: "an account, encounter or insurance number",
    Kind.ID: "an identifying number",
    Kind.URL: "a link with a patient's details",
    Kind.IP: "an IP address",
}

PROMISE = "The rapid-response team answers every report within 24 hours with a fix, a workaround or a dated plan."
FILED = "*Filed as {ref}.* Thank you."
FILED_NOTIFY = "Filed as {ref}"
SEVERITY_LINE = "Marked *{severity}*. Wrong? Change it:"
MASKED_LINE = (
    ":lock: To protect patients we removed {items} before storing it. "
    "If that changed your meaning, send it again without patient details."
)
WARD_QUESTION = "Which ward are you on? We'll remember it for next time."
WARD_SET = "Thanks. {ref} is now with *{ward}*, and we'll remember your ward."
SEVERITY_SET = "{ref} is now marked *{severity}*."
LONG_NOTE = "Your report is long ({chars:,} characters): the card shows the start; the whole text is stored."

EMPTY_REPORT = (
    "Tell us what went wrong after `/report`, e.g. `/report the scanner logs me out every 2 minutes`. "
    "Or type `/report` on its own for a short form."
)
TOO_LONG = (
    "That is longer than we can take in one go ({chars:,} characters; the limit is {limit:,}). "
    "Nothing was filed. Please split it into two reports."
)
# Said only when the database would not take a change within Slack's time budget: nothing was stored, and the
# person is told so plainly, with what they need to do it again in one step.
NOT_DONE = ":warning: That didn't go through: our database didn't answer, so nothing changed. Please tap it again."
NOT_FILED = (
    ":warning: *Not filed.* Our database didn't answer in time, so this report was not stored. Your words are"
    " below (only you can see them); tap *Send again* when you're ready."
)
NOT_FILED_LONG = (
    ":warning: *Not filed.* Our database didn't answer in time, so this report was not stored. Your words are"
    " below (only you can see them); copy them into /report when you're ready."
)
NOT_FILED_FORM = "Not filed yet: our database didn't answer. Your words are still here; press Send again in a moment."
NOT_SAVED = ":warning: Your answer wasn't saved: our database didn't answer. Please tap it again."
SEND_AGAIN = "Send again"
NOT_A_WARD = "That ward isn't one we know. Please pick one from the list."

REACTION_AUTHOR = "<@{reactor}> filed your message in <#{channel}> as *{ref}*. {promise} You'll hear about it here."
REACTION_REACTOR = "Filed <@{author}>'s message as *{ref}*. We've told them."
ALREADY_FILED = "That message is already filed as *{ref}*."
SELF_MESSAGE = "That's one of pilotbot's own messages, so there's nothing to file."
NO_MESSAGE_TEXT = "That message has no text we can file. Use `/report` to describe the problem instead."
OFFER = "Want me to file this as a report for the rapid-response team? Pick how bad it is:"
OFFER_NOTIFY = "File this as a report?"
OFFER_MORE = "_Anything else you send in the next 10 minutes is added to this report._"
OFFER_DISMISSED = "OK, not filed. Message me any time."
OFFER_GONE = "That offer has expired. Send me the problem again and I'll offer to file it."
OFFER_FORM_BUTTON = "Add details first"
NOT_NOW = "Not now"

FORM_TITLE = "Report a problem"
FORM_SUBMIT = "Send"
FORM_CLOSE = "Cancel"
FORM_WHAT = "What happened?"
FORM_WHAT_HINT = "Please leave out patient names, numbers and bed numbers; we mask any we find."
FORM_WARD = "Ward"
FORM_SEVERITY = "How bad is it?"
FORM_SYSTEM = "Which system or screen?"
FORM_WORKAROUND = "Workaround you use now"
FORM_ATTACHED = "The whole message ({chars:,} characters) is attached; what you add here goes with it."
FORM_EMPTY = "Tell us what happened."
FORM_PICK_WARD = "Pick your ward."

CARD_NOTIFY = "{ref} · {severity} · {ward}"
CARD_LONG = "_Continues: {chars:,} characters in all. The whole text is in the reporter's and responders' App Home._"
CARD_MASKED = ":lock: masked before storing: {items}"
CARD_REPORTER = "*Reporter*\n<@{reporter}>"
CARD_FILED_BY = "*Filed by*\n<@{filed_by}> via {source}"
CARD_WARD = "*Ward*\n{ward}"
CARD_SYSTEM = "*System / screen*\n{system}"
CARD_WORKAROUND = "*Workaround in use*\n{workaround}"
CARD_ORIGINAL = "Open the original message"
UNKNOWN_WARD = "not known yet (asked)"

HOME_TITLE = "Your reports"
HOME_KNOWN = "Known issues"
HOME_MEANWHILE = "Meanwhile:"
HOME_FIX_BY = "fix expected {day}"
HOME_LEFT = "⏱ {hours}h {minutes:02d}m left"
HOME_OVERDUE = "🔴 {hours}h overdue"
HOME_FIGURES = "The pilot's queue"
HOME_BREACHING = "Due within 4 hours"
HOME_UNOWNED = "Nobody has these yet"
HOME_OWNED = "Yours"
HOME_WARD = "Open on your ward"
HOME_NONE = "None. :white_check_mark:"
HOME_DEAD = "Messages that could not be delivered"
HOME_DEAD_LINE = "#{id} · {purpose} ({method}): `{error}`"
HOME_MORE = "More than fits here; the newest are shown."
FIG_COMPLIANCE = "Answered within target"
FIG_FIRST_RESPONSE = "Median time to first response"
FIG_ADDRESS = "Median time to a real answer"
FIG_OPEN = "Open"
FIG_AGE = "Open, by age"
FIG_SOON = "Due within 4 hours"
HOME_EMPTY = "You haven't filed any reports yet. Type `/report` and what went wrong, from any channel."
HOME_NEW = "Report a problem"
STATUS_WORDS = {
    Status.NEW: "waiting for the team",
    Status.TAKEN: "being worked on",
    Status.WAITING: "waiting for your reply",
    Status.PLANNED: "fix planned",
    Status.WORKAROUND: "workaround given",
    Status.RESOLVED: "fixed",
    Status.DUPLICATE: "joined to another report",
}
STATUS = {s.value: words for s, words in STATUS_WORDS.items()}

DEAD_LETTER = (
    ":warning: pilotbot could not deliver a message ({purpose}, {method} to {target}): `{error}`. "
    "It is kept as dead letter #{id}; nothing was deleted. Fix the cause (e.g. invite pilotbot to the channel), "
    "then check /metrics for pilotbot_outbox_dead."
)


def masked_items(kinds: list[Kind] | tuple[Kind, ...]) -> str:
    """'a name, a bed or bay number and a phone number'."""
    words = [MASKED[k] for k in kinds]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# --- the queue (issue 3) ------------------------------------------------------------------------------

QUEUE_STATUS = {
    Status.NEW: "New",
    Status.TAKEN: "Being worked on",
    Status.WAITING: "Waiting on reporter",
    Status.PLANNED: "Fix planned",
    Status.WORKAROUND: "Workaround given",
    Status.RESOLVED: "Resolved",
    Status.DUPLICATE: "Duplicate",
}
BUTTON = {
    Move.TAKE: "Take",
    Move.NEED_INFO: "Need info",
    Move.PLAN: "Plan",
    Move.WORKAROUND: "Workaround",
    Move.RESOLVE: "Resolve",
    Move.MERGE: "Duplicate of…",
    Move.REASSIGN: "Reassign…",
    Move.SET_SEVERITY: "Change severity…",
}
PUBLISH_KNOWN_ISSUE = "Publish as known issue…"
STAGE = {
    Duty.ACKNOWLEDGE: "⏱ nobody took it in time",
    Duty.REMIND: "⏰ half the time gone",
    Duty.ESCALATE: "🔶 leads told",
    Duty.BREACH: "🔴 promise missed",
}
ANSWERED_IN_TIME = "✅ answered in time"
ANSWERED_LATE = "answered late"
ME_TOO = "👥 {n} more reported this"
CARD_PLAN = "Plan: fix expected"
CARD_TEAM_WORKAROUND = "Workaround from the team"
CARD_RESOLUTION = "Resolved"
CARD_DUPLICATE = "Joined to *{ref}*: updates happen there."
CARD_KNOWN_ISSUE = "published as known issue K-{id}"

FORM_TITLES = {
    Move.NEED_INFO: "Ask the reporter",
    Move.PLAN: "Give a dated plan",
    Move.WORKAROUND: "Share a workaround",
    Move.RESOLVE: "Resolve",
    Move.MERGE: "Duplicate of…",
    Move.REASSIGN: "Reassign",
    Move.SET_SEVERITY: "Change severity",
}
FORM_KNOWN_ISSUE = "Known issue"
FORM_SAVE = "Save"
FORM_SEND = "Send"
Q_QUESTION = "Your question for the reporter"
Q_QUESTION_HINT = "They get it by DM and can answer in one tap. The clock keeps running while you wait."
Q_EXPECTED_FIX = "When is the fix expected?"
Q_PLAN_NOTE = "Note for the reporter"
Q_PLAN_HINT = "Plain words: what will change, and what to do until then."
Q_WORKAROUND = "The workaround, in steps"
Q_SHARE = "Also post it in the ward's channel"
Q_RESOLUTION = "What was done (for the reporter)"
Q_SUMMARY = "One line for “you said, we did”"
Q_SUMMARY_HINT = "Goes in the weekly bulletin, e.g. “Scanner no longer logs out mid-round”."
Q_INTO = "Duplicate of which report?"
Q_INTO_HINT = "Its reference, e.g. R-12. The reporter will follow that one from now on."
Q_OWNER = "Who should take it?"
Q_SEVERITY = "Severity"
Q_TITLE = "Title"
Q_CAUSE = "Cause"
Q_KI_WORKAROUND = "Workaround"

Q_KI_FIX = "Expected fix date"
Q_ANSWER = "Your answer"
ANSWER_TITLE = "Answer the team"
BAD_REF = "Give a report reference like R-12."

# What the reporter (and anyone following the report) hears, in plain words.
TOLD_TAKEN = "*{ref}*: <@{owner}> from the rapid-response team has taken it. You'll hear here when there's an answer."
TOLD_REASSIGNED = "*{ref}* is now with <@{owner}>."
TOLD_QUESTION = "*{ref}*: <@{owner}> needs a little more information:\n{question}\nReply in this thread, or tap Answer."
TOLD_PLAN = "*{ref}*: there's a plan. The fix is expected by *{day}*.\n{note}"
TOLD_WORKAROUND = "*{ref}*: here's a workaround until it's fixed:\n{workaround}"
TOLD_RESOLVED = "*{ref}* is fixed.\n{resolution}"
TOLD_MERGED = "*{ref}* is the same problem as *{into}*, so we've joined them. You'll hear about {into} from now on."
TOLD_REOPENED = "*{ref}* is open again. The team will answer within {hours} hours."
TOLD_THANKS = "Thanks, that's passed to <@{owner}> on *{ref}*."
STILL_BROKEN = "Still a problem"
ANSWER_BUTTON = "Answer"
# The card's thread: a timeline the team can read back.
TIMELINE = {
    Move.TAKE: "<@{actor}> took it.",
    Move.REASSIGN: "<@{actor}> gave it to <@{owner}>.",
    Move.NEED_INFO: "<@{actor}> asked the reporter:\n{text}",
    Move.INFO_RECEIVED: "The reporter answered (for <@{owner}>):\n{text}",
    Move.PLAN: "<@{actor}> gave a plan: fix expected {day}.\n{text}",
    Move.WORKAROUND: "<@{actor}> shared a workaround:\n{text}",
    Move.RESOLVE: "<@{actor}> resolved it:\n{text}",
    Move.MERGE: "<@{actor}> joined it to *{into}*.",
    Move.REOPEN: "<@{actor}> says it is still a problem; reopened with a fresh clock.{text}",
    Move.SET_SEVERITY: "<@{actor}> changed the severity to {severity}.",
}
ME_TOO_NOTE = "*{dup}* ({reporter}) reported the same problem and was joined here."
KNOWN_ISSUE_NOTE = "<@{actor}> published this as known issue K-{id}: {title}"
WARD_WORKAROUND = ":bulb: Workaround for a problem reported on this ward (*{ref}*):\n{workaround}"

# The SLA clock.
SLA_ACKNOWLEDGE = "⏱ *{ref}* ({severity}) has waited {minutes} minutes with no owner. Can someone take it?"
SLA_REMIND_OWNER = "⏰ *{ref}* ({severity}, {ward}) needs a real answer by {due}: a fix, a workaround or a dated plan."
SLA_REMIND_QUEUE = "⏰ Half the time is gone on *{ref}* ({severity}) and nobody has it. Answer due {due}."
SLA_ESCALATE = "🔶 *{ref}* ({severity}, {ward}) has no answer yet and is due {due}. Owner: {owner}."
SLA_BREACH = "🔴 *{ref}* ({severity}, {ward}) missed its {hours}-hour promise (due {due}). Owner: {owner}."
PATIENT_SAFETY_ALERT = (
    "🚨 *Patient-safety report {ref}* from {ward}:\n{text}\nTarget: taken within {ack} minutes, answered within "
    "{hours} hours. The card is in <#{queue}>."
)
NOBODY = "nobody"

REFUSED_ROLE = "Only the rapid-response team can do that. If you should be on it, ask a pilot lead to add you."
REFUSED_LEAD = "Only a pilot lead can reassign reports."
REFUSED_REOPEN = "Only the person who reported it (or someone following it) can reopen it."
NO_SUCH_REPORT = "There's no report {ref}."
MERGE_SELF = "A report can't be a duplicate of itself."
REFUSED = {
    Why.NOT_NOW: "That can't be done now: it is {status}.",
    Why.TAKEN: "That can't be done now: <@{owner}> has already taken it.",
    Why.NO_OWNER: "Pick who should take it.",
    Why.NO_DATE: "A plan needs the date the fix is expected.",
    Why.PAST_DATE: "The expected fix date is in the past.",
    Why.NO_TARGET: "Say which report it duplicates, e.g. R-12.",
    Why.NO_SEVERITY: "Pick a severity.",
}


def refused(why: Why, status: Status, owner: str | None) -> str:
    """A queue refusal in words."""
    return REFUSED[why].format(status=STATUS_WORDS[status], owner=owner or "someone")


# --- pulse surveys (issue 4) ----------------------------------------------------------------------------

SURVEY_NOTIFY = "{title}: {n} quick questions, one tap each"
SURVEY_NOTIFY_REMINDER = "Reminder: {title} ({n} quick questions)"
SURVEY_REMINDER = "A gentle reminder, in case it got buried: it takes about 30 seconds, and every answer helps."
SURVEY_OPTIONAL = " _(optional)_"
SURVEY_FOOTER = "{done} of {total} answered · saved as you tap · you can change answers until {closes}."
SURVEY_ANONYMOUS = "Anonymous: nobody, the pilot team included, can see who answered what."
SURVEY_TEXT_WRITE = "Write an answer"
SURVEY_TEXT_EDIT = "Change your answer"
SURVEY_TEXT_YOURS = "Your answer: {text}"
SURVEY_TEXT_TITLE = "Your answer"
SURVEY_CLOSED = "That survey has closed, so answers can no longer change. Thank you for taking part."
SURVEY_NOT_INVITED = "That survey wasn't sent to you, so it can't take your answers."
SURVEY_MASKED = ":lock: We removed {items} from your answer before saving it."

RESULTS_NOTIFY = "Results: {title} ({responded} answered)"
RESULTS_TITLE = "Results: {title}"
RESULTS_RATE = "*{responded} of {invited} answered ({rate})*, closed {closed}."
RESULTS_TOO_FEW = "Fewer than {k} people answered, so no answers are shown: with so few, they could identify someone."
RESULTS_SUS = "*SUS {score:.1f}: {adjective}* (grade {grade}). The published average is {average:.0f}."
RESULTS_NPS_HEADLINE = "*Net promoter score {nps:+.0f}* (from -100 to +100)."
RESULTS_HEADLINE = "*{value:.1f}*: {name}."
RESULTS_CHANGE = "Change since the last run: {change:+.1f}."
RESULTS_MEAN = "Mean {mean:.1f} of 5"
RESULTS_NPS = "NPS {nps:+.0f}"
RESULTS_THEMES = "Most mentioned:"
RESULTS_NO_THEMES = "nothing mentioned more than once"
RESULTS_BY_WARD = "By ward"
RESULTS_BY_ROLE = "By role"
RESULTS_HIDDEN = "not shown"
RESULTS_PRIVACY = (
    "Groups with fewer than {k} answers are not shown, and where hiding one group alone would let it be "
    "worked out by subtraction, another small group is hidden with it. No answer times are kept."
)
LOOP_BUTTON = "Close the loop"
LOOP_TITLE = "Close the loop"
LOOP_FORM_INTRO = "Everyone who answered “{title}” gets this by DM."
LOOP_HEARD = "What we heard"
LOOP_DOING = "What we are doing about it"
LOOP_NOTIFY = "What we heard in {title}, and what we are doing"
LOOP_MESSAGE = "*You answered “{title}”. Here is what we heard:*\n{heard}\n\n*What we are doing about it:*\n{doing}"
LOOP_SENT = "Sent to the {n} people who answered."
LOOP_ONLY_LEADS = "Only a pilot lead can close the loop on a survey."
LOOP_ALREADY = "The loop on that survey was already closed."
LOOP_STILL_OPEN = "That survey is still open: close the loop once it has closed."
RESULTS_NO_WARD = "no ward"
