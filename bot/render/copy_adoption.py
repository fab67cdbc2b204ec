"""Every sentence a person reads about usage data, adoption and the leaderboard, where tone can be reviewed.

Ward figures only: nothing here ever names a person or shows a raw count of events. Weeks are ISO weeks in the
pilot's time zone; adoption is the share of a ward's rostered staff with any use that week.
"""

from __future__ import annotations

# -- usage data in (CLI rejections and the API's answers) -------------------------------------------------------

USAGE_NOBODY = "nobody on the roster has {who}; add them with `pilotbot roster import` first"
USAGE_TWO_PEOPLE = "slack_id {slack_id} and email {email} belong to two different people on the roster"
USAGE_NOT_UTF8 = "the file is not UTF-8 text from here on; save it as CSV UTF-8 and import it again"
USAGE_NOT_CSV = "the file cannot be read as CSV from here on ({error})"
USAGE_UNLISTED = "…and {n:,} more rejected row(s), not listed one by one; fix the ones above first"

API_OFF = "the usage API is off: set PILOTBOT_API_TOKEN on the server to turn it on"
API_AUTH = "send the header Authorization: Bearer <PILOTBOT_API_TOKEN>"
API_TOO_LARGE = "the body is larger than {limit:,} bytes; send the rows in several requests"
API_NOT_ARRAY = "the body is not a JSON array of {{date, slack_id, email, events}} objects"
API_NOT_JSON = "the body is not JSON (UTF-8)"

# -- the leaderboard --------------------------------------------------------------------------------------------

BOARD_TITLE = "📊 Adoption leaderboard: week {week}"
BOARD_COVERS = "About week {label}: {span}. Adoption = the share of each ward's rostered staff who used the system."
BOARD_LATE = "⏰ Posted late (it was due {due}); it covers week {label} all the same."
BOARD_NOTIFY = "Adoption leaderboard for week {label}: {lead}"
BOARD_NOTIFY_LEAD = "{wards} {verb} with {share}."
LEADS, SHARE_THE_LEAD = "leads", "share the lead"
BOARD_NOTIFY_NONE = "no ward is big enough to rank yet."
BOARD_LINE = "*{rank}.* {ward}: *{share}* ({active} of {rostered} staff) {change}"
BOARD_DEPTH = " · typical user: {days} active day(s)"
BOARD_JOINT = "={rank}"
BOARD_UP = "▲ {pp} pts"
BOARD_DOWN = "▼ {pp} pts"
BOARD_FLAT = "no change"
BOARD_NEW = "new this week"
BOARD_MOST_IMPROVED = "🌟 *Most improved:* {wards}, up {pp} points since last week. Well done!"
BOARD_UNRANKED = "Not ranked (fewer than {min_group} staff on the roster, so no figures are shown): {wards}"
BOARD_FAIR = (
    "Fair by design: ranked per head, never by volume. Someone using the system all day counts once, "
    "like anyone who used it at all. Nobody's own use is shown."
)
BOARD_NONE_RANKED = "No ward has {min_group} or more staff on the roster yet, so none is ranked."

NO_DATA = (
    "*NO DATA* for week {label}: the piloted system has sent no usage for that week, so there is nothing fair "
    "to rank yet. Usage comes in with `pilotbot usage import FILE.csv` or `POST /api/usage`."
)
NO_DATA_NOTIFY = "Adoption leaderboard for week {label}: NO DATA yet."

CHART_TITLE = "Adoption by ward, week by week, to {label}"
CHART_ALT = (
    "Line chart of the share of each ranked ward's rostered staff who used the system, week by week; "
    "in week {label}: {figures}."
)
CHART_ALT_NONE = "no ward was big enough to rank"
CHART_FILENAME = "adoption-{label}.png"
