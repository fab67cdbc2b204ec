"""Survey answers: one tap per question in the DM, checkboxes, a small form for text; closing the loop."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.roles import Permission
from bot.ids import Action, Callback
from bot.render import copy
from bot.render import surveys as render
from bot.services.intake import Refused
from bot.services.send import ReplyTo
from bot.services.surveys import Answered
from bot.slack.forms import parse_queue_form
from bot.slack.listeners.common import action_id_value, call, delivery_key, log, reply_to_action, tell
from bot.tracker import Tracker

TAP = re.compile(rf"^{Action.SURVEY_TAP.value}:(\w+)$")


def _question(block_id: str | None, value: str | None = None) -> tuple[int, str] | None:
    """(run, question) from a block id 'sq:12:helped' or a value '12:helped'."""
    m = re.fullmatch(r"(?:sq:)?(\d+):([a-z0-9_-]+)", (value if value is not None else block_id) or "")
    return (int(m.group(1)), m.group(2)) if m else None


def _where(body: dict[str, Any]) -> tuple[str | None, str | None]:
    container = body.get("container") or {}
    return container.get("channel_id"), container.get("message_ts")


async def _show(
    client: AsyncWebClient,
    services: Services,
    user: str,
    where: tuple[str | None, str | None],
    answered: Answered | None,
) -> None:
    """Updates the person's survey message in place, straight to Slack (never stored: see SurveyService.answer)."""
    if answered is None:
        return
    channel, ts = where
    try:
        if channel and ts:
            message = render.survey(
                answered.run_id, answered.instrument, answered.answers, closes_at=answered.closes_at
            )
            await client.chat_update(channel=channel, ts=ts, **message)
        if answered.masked:
            await client.chat_postMessage(
                channel=user, text=copy.SURVEY_MASKED.format(items=copy.masked_items(list(answered.masked)))
            )
    except Exception as exc:  # the answer is stored; only the display missed an update
        log.info("survey message not refreshed: %s", type(exc).__name__)


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.action(TAP)
    @tracker.track
    async def tapped(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        action = body["actions"][0]
        m, target = TAP.match(action["action_id"]), _question(None, action.get("value"))
        if m is None or target is None:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        answered = await call(
            services, reply, key, services.surveys.answer, *target, m.group(1), slack_id=reply.slack_id, delivery=key
        )
        await _show(client, services, reply.slack_id, _where(body), answered)

    @app.action(Action.SURVEY_MULTI.value)
    @tracker.track
    async def ticked(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        action = body["actions"][0]
        target = _question(action.get("block_id"))
        if target is None:
            return
        chosen = [o["value"] for o in action.get("selected_options") or []]
        reply, key = reply_to_action(body), delivery_key(body)
        answered = await call(
            services, reply, key, services.surveys.answer, *target, chosen, slack_id=reply.slack_id, delivery=key
        )
        await _show(client, services, reply.slack_id, _where(body), answered)

    @app.action(Action.SURVEY_TEXT.value)
    @tracker.track
    async def write(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        target = _question(None, body["actions"][0].get("value"))
        reply = reply_to_action(body)
        if target is None:
            return
        try:
            question, current = await asyncio.to_thread(services.surveys.current_text, *target, reply.slack_id)
        except Refused as refusal:
            await tell(services, reply, refusal.message, key=delivery_key(body))
            return
        view = render.text_form(target[0], question, current)
        channel, ts = _where(body)
        view["private_metadata"] = json.dumps({"run": target[0], "question": target[1], "channel": channel, "ts": ts})
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=view)
        except Exception as exc:
            log.warning("views.open failed: %s", type(exc).__name__)

    @app.view(Callback.SURVEY_TEXT_FORM.value)
    @tracker.track
    async def written(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient, services: Services
    ) -> None:
        got = parse_queue_form("answer", view.get("state", {}).get("values", {}), today=services.clock.now().date())
        if isinstance(got, dict):
            await ack(response_action="errors", errors=got)
            return
        await ack()
        meta = json.loads(view.get("private_metadata") or "{}")
        reply, key = ReplyTo(body["user"]["id"]), delivery_key(body)
        if not isinstance(meta.get("run"), int) or not meta.get("question"):
            return
        answered = await call(
            services,
            reply,
            key,
            services.surveys.answer,
            meta["run"],
            str(meta["question"]),
            got.text,
            slack_id=reply.slack_id,
            delivery=key,
        )
        await _show(client, services, reply.slack_id, (meta.get("channel"), meta.get("ts")), answered)

    @app.action(Action.CLOSE_LOOP.value)
    @tracker.track
    async def close_loop(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        run_id, reply = action_id_value(body), reply_to_action(body)
        if run_id is None:
            return
        if not await asyncio.to_thread(services.queue.role_can, reply.slack_id, Permission.CLOSE_LOOP):
            await tell(services, reply, copy.LOOP_ONLY_LEADS, key=delivery_key(body))
            return
        title = await asyncio.to_thread(services.surveys.run_title, run_id)
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=render.loop_form(run_id, title or ""))
        except Exception as exc:
            log.warning("views.open failed: %s", type(exc).__name__)

    @app.view(Callback.CLOSE_LOOP_FORM.value)
    @tracker.track
    async def loop_sent(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        got = parse_queue_form("loop", view.get("state", {}).get("values", {}), today=services.clock.now().date())
        if isinstance(got, dict):
            await ack(response_action="errors", errors=got)
            return
        await ack()
        run_id = json.loads(view.get("private_metadata") or "{}").get("run")
        reply, key = ReplyTo(body["user"]["id"]), delivery_key(body)
        if isinstance(run_id, int):
            await call(
                services,
                reply,
                key,
                services.surveys.close_loop,
                run_id,
                actor=reply.slack_id,
                heard=got.text,
                doing=got.summary,
                reply=reply,
                delivery=key,
            )
