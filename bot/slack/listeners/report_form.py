"""The report form: validation errors beside each field, else filed after the ack."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.reports import Draft, Source
from bot.ids import Action, Callback, Field
from bot.render import copy
from bot.services.send import ReplyTo
from bot.slack.forms import FormMeta, ReportForm, parse_report_form
from bot.slack.listeners.common import ACK_BUDGET, NOT_STORED, delivery_key, log, store
from bot.slack.listeners.report_command import open_form
from bot.tracker import Tracker


async def permalink(client: AsyncWebClient, channel: str | None, ts: str | None) -> str | None:
    """A link back to the original message, if Slack will give us one."""
    if not channel or not ts:
        return None
    try:
        response = await client.chat_getPermalink(channel=channel, message_ts=ts)
        link = response.get("permalink")
        return link if isinstance(link, str) else None
    except Exception as exc:
        log.info("no permalink: %s", type(exc).__name__)
        return None


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.view(Callback.REPORT_FORM.value)
    @tracker.track
    async def submitted(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        parsed = parse_report_form(view.get("state", {}).get("values", {}), set(services.intake.wards))
        if isinstance(parsed, dict):
            await ack(response_action="errors", errors=parsed)
            return
        # Stored before the form closes; if the database will not take it, the form stays open with the words in it.
        outcome = await _file(body, view, parsed, client, services)
        if outcome is NOT_STORED:
            await ack(response_action="errors", errors={Field.WHAT.value: copy.NOT_FILED_FORM})
            return
        await ack()

    @app.action(Action.HOME_NEW_REPORT.value)
    @tracker.track
    async def from_home(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        await open_form(client, services, trigger_id=body["trigger_id"], user=body["user"]["id"], channel=None)


async def _file(
    body: dict[str, Any], view: dict[str, Any], parsed: ReportForm, client: AsyncWebClient, services: Services
) -> object:
    """Files the form (or the DM draft it completes) within Slack's time budget."""
    user = body["user"]["id"]
    meta = FormMeta.loads(view.get("private_metadata"))
    try:  # a link back to the message is nice to have; it never holds up filing
        link = await asyncio.wait_for(permalink(client, meta.channel, meta.ts), timeout=0.6) if meta.ts else None
    except TimeoutError:
        link = None
    source_key = f"{meta.channel}:{meta.ts}" if meta.ts else None
    reply = ReplyTo(user, channel=meta.channel)
    key = delivery_key(body)
    if meta.draft is not None:
        return await store(
            services,
            reply,
            key,
            services.drafts.file_draft,
            meta.draft,
            actor=user,
            severity=parsed.severity,
            reply=reply,
            delivery=key,
            ward_id=parsed.ward_id,
            system=parsed.system,
            workaround=parsed.workaround,
            extra=parsed.what,
            permalink=link,
            budget=ACK_BUDGET,
        )
    source = Source.SHORTCUT if meta.source == Source.SHORTCUT.value else Source.FORM
    draft = Draft(
        text=parsed.what,
        reporter=user,
        filed_by=user,
        source=source,
        severity=parsed.severity,
        ward_id=parsed.ward_id,
        system=parsed.system,
        workaround=parsed.workaround,
        permalink=link,
        source_key=source_key,
    )
    return await store(services, reply, key, services.intake.file, draft, reply=reply, delivery=key, budget=ACK_BUDGET)
