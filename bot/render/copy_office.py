"""Every sentence of the champion network and its office hours, in one place where tone can be reviewed.

Plain words for people reading on a phone mid-shift. Times are the pilot's wall clock with its zone (GMT/BST), so
a session at 09:00 reads 09:00 on both sides of a clock change. Counts, never names, of who came.
"""

from __future__ import annotations

# --- the scheduling form -------------------------------------------------------------------------------------

FORM_TITLE = "Office hours"
FORM_SUBMIT = "Schedule"
FORM_CLOSE = "Close"
FORM_INTRO = "Hold a drop-in for anyone with questions about the new system. It is announced in the ward's channel."
L_WARD = "Ward"
L_DAY = "Day"
L_START = "Start"
H_START = "The pilot's time ({zone})."
L_MINUTES = "How long"
MINUTES_OPTION = "{n} minutes"
L_WHERE = "Where"
H_WHERE = "A room, a bay or a call link."
L_REPEAT = "Repeat"
REPEAT_ONCE = "Just this once"
REPEAT_WEEKLY = "Weekly, {n} sessions"
PICK_WARD = "Pick a ward."
PICK_DAY = "Pick a day."
PICK_START = "Pick a start time."
PICK_MINUTES = "Pick how long it lasts."
WARD_NOT_YOURS = (
    "You're a champion on {ward}, so you hold office hours there; a lead or admin can schedule other wards."
)
NOT_DONE_FORM = "That didn't go through: our database didn't answer, so nothing was scheduled. Please try again."

REFUSED_SCHEDULE = (
    "Only champions, leads and admins schedule office hours, and {who}. Anyone may come to them: "
    "`/officehours list` shows the coming week. If you should be a champion, ask your pilot lead to update the roster."
)
REFUSED_WHO_ROLE = "the roster has you as {role}"
REFUSED_WHO_UNKNOWN = "you're not on the pilot's roster"
HELP = (
    "`/officehours` opens the form champions, leads and admins schedule a session with; "
    "`/officehours list` shows the sessions of the next 7 days. Anyone may come to any of them."
)

# --- the scheduler's confirmation ------------------------------------------------------------------------------

SCHEDULED_ONE = "*Scheduled:* office hours on {ward}, {when}, {where}."
SCHEDULED_MANY = "*Scheduled {n} weekly sessions* on {ward}, {where}:"
ANNOUNCED = "Announced in <#{channel}>; each later session is announced there a week before it."
NOT_ANNOUNCED = (
    "{ward} has no channel in the pilot file, so it was not announced; people find it with `/officehours list` "
    "and `/champion`."
)
CANCEL_BUTTON = "Cancel"
CANCEL_CONFIRM_TITLE = "Cancel this session?"
CANCEL_CONFIRM_TEXT = "Everyone coming is told by DM."
CANCEL_CONFIRM_YES = "Cancel it"
CANCEL_CONFIRM_NO = "Keep it"

# --- the announcement ----------------------------------------------------------------------------------------

ANNOUNCE_HEAD = "Office hours with {champion}"
ANNOUNCE_BODY = (
    "*{when}*\n{where} · {ward}\nBring any question about the new system. Everyone is welcome, whatever your ward."
)
ANNOUNCE_NOTIFY = "Office hours with {champion}: {when}, {where}"
COMING_BUTTON = "I'll come ({n} coming)"
COMING_NONE = "Nobody has said they're coming yet."
COMING_ONE = "1 person is coming."
COMING_MANY = "{n} people are coming."
COMING_AGAIN = "Clicked by mistake, or can't make it? Click *I'll come* again to come off the list."
CANCELLED_HEAD = "Cancelled: office hours with {champion}"
CANCELLED_BODY = "~{when}~ · {where}\nThis session is cancelled. `/officehours list` shows the others."

# --- answers to a click --------------------------------------------------------------------------------------

YOU_COMING = (
    "You're coming to office hours with {champion}: *{when}*, {where}. We'll remind you {minutes} minutes before. "
    "Changed your mind? Click *I'll come* again."
)
YOU_NOT_COMING = "You're off the list for {when}. Click *I'll come* again if you can make it after all."
NO_SUCH_SESSION = "We can't find that session any more."
SESSION_ENDED = "That session has ended."
SESSION_CANCELLED = "That session was cancelled."
NOT_YOURS = "Only the champion holding this session, or a lead or admin, can {act}."
ACT_CANCEL = "cancel it"
ACT_RECORD = "record who came"
NOT_HELD_YET = "That session hasn't started yet: record who came once it has been held."
CANCELLED_REPLY = "Cancelled {when}. {told}"
TOLD_NOBODY = "Nobody had said they were coming."
TOLD_ONE = "We told the 1 person coming."
TOLD_MANY = "We told the {n} people coming."

# --- direct messages -----------------------------------------------------------------------------------------

REMINDER = ":alarm_clock: *Office hours with {champion} soon:* {when}, {where}."
REMINDER_NOTIFY = "Office hours soon: {when}"
CANCELLED_DM = (
    ":x: Office hours with {champion} on *{when}* are cancelled, sorry. `/officehours list` shows the others."
)
CANCELLED_DM_NOTIFY = "Cancelled: office hours {when}"
WHO_CAME = "Your office hours on *{when}* are over: thank you for holding them. Who came? {said}"
WHO_CAME_NOTIFY = "Who came to your office hours?"
WHO_CAME_SAID = "{n} said they would."
WHO_CAME_BUTTON = "Record who came"
RECORDED = ":white_check_mark: Recorded for {when}: *{n}* came. Thank you for holding it."
RECORDED_CHANGE = "Change"

# --- the attendance form -------------------------------------------------------------------------------------

ATTEND_TITLE = "Who came?"
ATTEND_SUBMIT = "Record"
ATTEND_SESSION = "*{when}* · {where} · {ward}"
L_CAME = "How many people came?"
H_CAME = "A count, not names: it goes in the export for CME credit and stipend claims."
CAME_BAD = "Write a whole number from 0 to {most}."

# --- /officehours list ---------------------------------------------------------------------------------------

LIST_HEAD = "Office hours in the next 7 days"
LIST_NONE = "No office hours in the next 7 days. Champions schedule them with `/officehours`."
LIST_LINE = "*{when}* · {ward}\nwith {champion} · {where} · {coming}"
LIST_YOU = " · *you're coming*"
LIST_NOTIFY = "Office hours in the next 7 days: {n}"

# --- /champion -----------------------------------------------------------------------------------------------

CHAMPION_NOTIFY = "Champions on {ward}"
CHAMPION_HEAD = "Your ward's champions: {ward}"
CHAMPION_NAMES = "{names}: ask them anything about the new system."
CHAMPION_NONE = (
    "{ward} has no champion yet; the pilot team is looking for one. Anyone may go to office hours on any ward."
)
CHAMPION_NO_WARD = "We don't know your ward yet, so here is every ward's champions."
CHAMPION_WARD_LINE = "*{ward}*: {names}"
CHAMPION_NOBODY = "no champion yet"
CHAMPION_NEXT = "Next office hours"
CHAMPION_NEXT_ELSEWHERE = "Next office hours (none on your ward yet; anyone may come to these)"
CHAMPION_NO_SESSIONS = "None scheduled yet. Champions schedule them with `/officehours`."

# --- App Home ------------------------------------------------------------------------------------------------

HOME_WARD = "My ward: {ward}"
HOME_ADOPTION = "*Adoption this week*\n{value}"
HOME_NOT_STARTED = "*Colleagues not started*\n{value}"
HOME_NO_DATA = "no usage data yet"
HOME_NOT_STARTED_OF = "{n} of {of}"
HOME_SESSIONS = "My next office hours"
HOME_NO_SESSIONS = "None scheduled: `/officehours` schedules one."
HOME_COVER = "Champion cover"
HOME_COVER_LINE = "{covered} of {wards} wards have a champion for every {aim} staff."
HOME_GAP_LINE = "*GAP* {ward}: {why}"
HOME_GAP_NONE = "no champion, {staff} staff"
HOME_GAP_RATIO = "{staff} staff for {champions} champion(s), {ratio:.0f} each"
HOME_NO_GAPS = "Every ward has champion cover."

# --- `pilotbot champions` ------------------------------------------------------------------------------------

DIRECTORY_HEAD = "Champion directory: {pilot} (aim: 1 champion per {aim} staff)"
DIRECTORY_LINE = "{ward}  {name}  champions: {names}  staff: {staff}  staff per champion: {ratio}"
DIRECTORY_NONE = "none"
DIRECTORY_GAP = "  GAP"
DIRECTORY_FOOT = "coverage: {covered} of {wards} wards without a gap"


def coming(n: int) -> str:
    """'Nobody has said they're coming yet.', '1 person is coming.', '4 people are coming.'"""
    if n == 0:
        return COMING_NONE
    return COMING_ONE if n == 1 else COMING_MANY.format(n=n)


def told(n: int) -> str:
    if n == 0:
        return TOLD_NOBODY
    return TOLD_ONE if n == 1 else TOLD_MANY.format(n=n)
