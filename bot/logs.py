"""Logging: ids and types only. Tokens are scrubbed from anything that slips through; library debug is off."""

from __future__ import annotations

import logging
import re
import sys

_SECRET = re.compile(r"xox[abposr]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+")


class ScrubSecrets(logging.Filter):
    """Masks Slack tokens in every record, whatever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _SECRET.search(message):
            record.msg, record.args = _SECRET.sub("[token]", message), None
        return True


class NoTracebacks(logging.Formatter):
    """One line per record: exception type only. A stack trace can quote report text or a token."""

    def format(self, record: logging.LogRecord) -> str:
        if record.exc_info:
            kind = record.exc_info[0].__name__ if record.exc_info[0] else "Exception"
            record = logging.makeLogRecord(
                {
                    **record.__dict__,
                    "exc_info": None,
                    "exc_text": None,
                    "msg": f"{record.getMessage()} [{kind}]",
                    "args": None,
                }
            )
        return super().format(record)


def setup(level: int = logging.INFO) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(NoTracebacks("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubSecrets())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library debug output includes request and response bodies: keep it off whatever the root level.
    for noisy in (
        "slack_bolt",
        "slack_sdk",
        "pilotbot.bolt",
        "aiohttp.access",
        "apscheduler",
        "sqlalchemy",
        "httpx",
        "alembic",
    ):
        logging.getLogger(noisy).setLevel(max(level, logging.WARNING))
