"""Every action_id, callback_id and block_id the app uses. Plain names, no Slack I/O: render/ uses them too."""

from __future__ import annotations

from enum import StrEnum


class Command(StrEnum):
    REPORT = "/report"
    OFFICE_HOURS = "/officehours"
    CHAMPION = "/champion"


class Callback(StrEnum):
    REPORT_FORM = "report_form"
    REPORT_MESSAGE = "report_message"  # the message shortcut "Report this as an issue"
    QUEUE_FORM = "queue_form"  # every responder form on a card; private_metadata says which report and move
    ANSWER_FORM = "answer_form"  # the reporter answering the team's question
    SURVEY_TEXT_FORM = "survey_text_form"
    CLOSE_LOOP_FORM = "survey_close_loop_form"
    DECISION_FORM = "digest_decision_form"
    OFFICE_FORM = "office_hours_form"
    OFFICE_ATTENDANCE_FORM = "office_attendance_form"


class Action(StrEnum):
    SET_WARD = "report_set_ward"
    SET_SEVERITY = "report_set_severity"
    OFFER_FILE = "offer_file"
    OFFER_FORM = "offer_form"
    OFFER_DISMISS = "offer_dismiss"
    OPEN_ORIGINAL = "open_original"
    HOME_NEW_REPORT = "home_new_report"
    CARD_TAKE = "card_take"
    CARD_FORM = "card_form"  # a card button that opens a form; its value names the move
    CARD_MORE = "card_more"  # the card's overflow menu: merge, reassign, severity, known issue
    STILL_BROKEN = "still_broken"
    ANSWER = "answer_question"
    SURVEY_TAP = "survey_tap"  # a one-tap answer: the action id is survey_tap:<value>
    SURVEY_MULTI = "survey_multi"  # the checkboxes of a multi-choice question
    SURVEY_TEXT = "survey_text"  # opens the small form for a text answer
    CLOSE_LOOP = "survey_close_loop"
    RESEND_REPORT = "report_resend"  # on "Not filed": the button carries the person's words to file them again
    DECISION_RECORD = "digest_decision_record"  # on the digest: a lead records the committee's decision
    OFFICE_COMING = "office_coming"  # "I'll come" on an office-hours announcement (again: not coming)
    OFFICE_CANCEL = "office_cancel"
    OFFICE_ATTENDANCE = "office_attendance"  # on the champion's "who came?" DM


class Field(StrEnum):
    """Form inputs: each input block and its element share the name."""

    WHAT = "what"
    WARD = "ward"
    SEVERITY = "severity"
    SYSTEM = "system"
    WORKAROUND = "workaround"


class QField(StrEnum):
    """Inputs on the responders' forms and the reporter's answer form."""

    QUESTION = "question"
    EXPECTED_FIX = "expected_fix"
    NOTE = "note"
    WORKAROUND = "team_workaround"
    SHARE = "share_with_ward"
    RESOLUTION = "resolution"
    SUMMARY = "summary"
    INTO = "into"
    OWNER = "owner"
    SEVERITY = "new_severity"
    TITLE = "title"
    CAUSE = "cause"
    ANSWER = "answer"
    HEARD = "heard"
    DOING = "doing"
