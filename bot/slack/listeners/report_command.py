"""`/report [text]`: with text, files in one step; alone, opens the short form."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.reports import MAX_REPORT_CHARS, Draft, DraftProblem, Source, check_text
from bot.ids import Action, Command
from bot.render import copy
from bot.render import reports as render
from bot.services.send import ReplyTo
from bot.slack.forms import FormMeta
from bot.slack.listeners.common import (
    ACK_BUDGET,
    NOT_STORED,
    delivery_key,
    log,
    reply_to_action,
    store,
    tell_directly,
)
from bot.tracker import Tracker

HELP_WORDS = frozenset({"help", "?", "-h", "--help"})


async def open_form(
    client: AsyncWebClient,
    services: Services,
    *,
    trigger_id: str,
    user: str,
    channel: str | None,
    text: str = "",
    meta: FormMeta | None = None,
    attached: int = 0,
    channel_first: bool = False,
) -> None:
    """Opens the report form with the ward prefilled: the person's own (roster), else the ward channel's.

    For a message reported with the shortcut the message's ward channel comes first: it is about that ward.
    """
    from_channel = services.config.ward_for_channel(channel)
    ward = from_channel.id if channel_first and from_channel else None
    ward = ward or await asyncio.to_thread(services.intake.person_ward, user)
    ward = ward or (from_channel.id if from_channel else None)
    view = render.form(
        wards=services.intake.wards,
        ward_id=ward,
        text=text,
        attached_chars=attached,
        metadata=(meta or FormMeta(channel=channel)).dumps(),
    )
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except Exception as exc:  # an expired trigger: the person can simply try again
        log.warning("views.open failed: %s", type(exc).__name__)


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.command(Command.REPORT.value)
    @tracker.track
    async def report(
        ack: AsyncAck, command: dict[str, Any], body: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        text = command.get("text") or ""
        if text.strip().lower() in HELP_WORDS:
            await ack(text=copy.EMPTY_REPORT, response_type="ephemeral")
            return
        if check_text(text) is DraftProblem.TOO_LONG:
            await ack(text=copy.TOO_LONG.format(chars=len(text), limit=MAX_REPORT_CHARS), response_type="ephemeral")
            return
        user, channel = command["user_id"], command.get("channel_id")
        if not text.strip():
            await ack()
            await open_form(client, services, trigger_id=command.get("trigger_id") or "", user=user, channel=channel)
            return
        # Stored before Slack is answered: what the reporter is told arrives only for a report that exists.
        outcome = await file_now(
            services, body, text, user=user, channel=channel, response_url=command.get("response_url")
        )
        if outcome is NOT_STORED:
            await ack(response_type="ephemeral", **render.not_filed(text))
            return
        await ack()

    @app.action(Action.RESEND_REPORT.value)
    @tracker.track
    async def resend(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        text = str(body["actions"][0].get("value") or "")
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        outcome = await file_now(
            services, body, text, user=body["user"]["id"], channel=channel, response_url=body.get("response_url")
        )
        await ack()
        if outcome is NOT_STORED:
            await tell_directly(services, reply_to_action(body), copy.NOT_FILED_FORM)


async def file_now(
    services: Services, body: dict[str, Any], text: str, *, user: str, channel: str | None, response_url: str | None
) -> object:
    """Files a one-step report within Slack's time budget; NOT_STORED when the database would not take it."""
    if check_text(text) is not None:
        return None
    reply = ReplyTo(user, response_url=response_url, channel=channel)
    draft = Draft(text=text, reporter=user, filed_by=user, source=Source.COMMAND)
    key = delivery_key(body)
    return await store(services, reply, key, services.intake.file, draft, reply=reply, delivery=key, budget=ACK_BUDGET)
