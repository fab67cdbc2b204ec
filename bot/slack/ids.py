"""Every action_id, callback_id and block_id the app uses. Plain names, no Slack I/O: render/ uses them too."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    REPORT = "/report"


class Callback(StrEnum):
    REPORT_FORM = "report_form"
    REPORT_MESSAGE = "report_message"  # the message shortcut "Report this as an issue"


class Action(StrEnum):
    SET_WARD = "report_set_ward"
    SET_SEVERITY = "report_set_severity"
    OFFER_FILE = "offer_file"
    OFFER_FORM = "offer_form"
    OFFER_DISMISS = "offer_dismiss"
    OPEN_ORIGINAL = "open_original"
    HOME_NEW_REPORT = "home_new_report"


class Field(StrEnum):
    """Form inputs: each input block and its element share the name."""

    WHAT = "what"
    WARD = "ward"
    SEVERITY = "severity"
    SYSTEM = "system"
    WORKAROUND = "workaround"
