"""The digest's "Record decision": a lead records the committee's go/no-go decision with a note, in two taps."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.gates import Verdict
from bot.domain.weeks import IsoWeek, parse_week
from bot.ids import Action, Callback
from bot.render import copy_weekly as copy
from bot.render.digest import DECISION_FIELD, NOTE_FIELD, decision_form
from bot.services.send import ReplyTo
from bot.slack.listeners.common import call, delivery_key, log, reply_to_action, tell
from bot.tracker import Tracker


def _week(text: object) -> IsoWeek | None:
    try:
        return parse_week(text) if isinstance(text, str) else None
    except ValueError:
        return None


def _meta_week(view: dict[str, Any]) -> IsoWeek | None:
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return None
    return _week(meta.get("week")) if isinstance(meta, dict) else None


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.action(Action.DECISION_RECORD.value)
    @tracker.track
    async def open_decision(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        week = _week(body["actions"][0].get("value"))
        if week is None:
            return
        reply = reply_to_action(body)
        if not await asyncio.to_thread(services.digest.may_record, reply.slack_id):
            await tell(services, reply, copy.DECISION_NOT_LEAD, key=delivery_key(body))
            return
        evaluated = await asyncio.to_thread(services.digest.evaluated, week.label)
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=decision_form(week, evaluated))
        except Exception as exc:
            log.warning("views.open failed: %s", type(exc).__name__)

    @app.view(Callback.DECISION_FORM.value)
    @tracker.track
    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        week = _meta_week(view)
        values = view.get("state", {}).get("values", {})
        chosen = ((values.get(DECISION_FIELD, {}).get(DECISION_FIELD) or {}).get("selected_option") or {}).get("value")
        if week is None or chosen not in Verdict._value2member_map_:
            await ack(response_action="errors", errors={DECISION_FIELD: copy.DECISION_FIELD})
            return
        await ack()
        note = (values.get(NOTE_FIELD, {}).get(NOTE_FIELD) or {}).get("value")
        reply, key = ReplyTo(body["user"]["id"]), delivery_key(body)
        await call(
            services,
            reply,
            key,
            services.digest.record,
            week.label,
            chosen,
            note,
            actor=reply.slack_id,
            reply=reply,
            delivery=key,
        )
