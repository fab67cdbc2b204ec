"""Every sentence a person reads, in one place where tone can be reviewed.

Plain words, short lines (people read these on a phone mid-shift), and no patient identifiers: only
masked text ever reaches these templates.
"""

from __future__ import annotations

from bot.domain.phi import Kind
from bot.domain.reports import Severity, Source

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
    Kind.BED: "a bed or bay number",
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
TRY_AGAIN = "Sorry, that didn't go through and nothing was lost. Please try again in a minute."
NOT_A_WARD = "That ward isn't one we know. Please pick one from the list."

REACTION_AUTHOR = "<@{reactor}> filed your message in <#{channel}> as *{ref}*. {promise} You'll hear about it here."
REACTION_REACTOR = "Filed <@{author}>'s message as *{ref}*. We've told them."
ALREADY_FILED = "That message is already filed as *{ref}*."
SELF_MESSAGE = "That's one of pilotbot's own messages, so there's nothing to file."
NO_MESSAGE_TEXT = "That message has no text we can file. Use `/report` to describe the problem instead."
NOT_WARD_CHANNEL = "The :ticket: reaction files reports from ward channels only. Use `/report` here instead."

OFFER = "Want me to file this as a report for the rapid-response team? Pick how bad it is:"
OFFER_NOTIFY = "File this as a report?"
OFFER_MORE = "_Anything else you send in the next 10 minutes is added to this report._"
OFFER_FILED = "Filed as *{ref}*. {promise}"
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
HOME_EMPTY = "You haven't filed any reports yet. Type `/report` and what went wrong, from any channel."
HOME_NEW = "Report a problem"
HOME_LINE = "*{ref}* · {severity} · {status}\n{text}"
STATUS = {"new": "waiting for the team"}

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
