"""The card's buttons and forms, and the reporter's "Still a problem" and "Answer"."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.container import Services
from bot.domain.queue import Move
from bot.domain.roles import Permission
from bot.ids import Action, Callback
from bot.render import copy
from bot.render.queue_forms import answer_form, known_issue_form, queue_form
from bot.services.queue import Act
from bot.services.send import ReplyTo
from bot.slack.forms import QueueInput, QueueMeta, parse_queue_form
from bot.slack.listeners.common import action_id_value, call, delivery_key, log, reply_to_action, tell
from bot.tracker import Tracker

FORM_ACTION = re.compile(rf"^{Action.CARD_FORM.value}:\w+$")
KNOWN_ISSUE = "known_issue"
NEEDS = {KNOWN_ISSUE: Permission.PUBLISH_KNOWN_ISSUE, Move.REASSIGN.value: Permission.REASSIGN}


def _target(value: str) -> tuple[int, str] | None:
    """'42:plan' -> (42, 'plan')."""
    report, _, move = value.partition(":")
    return (int(report), move) if report.isdigit() and move else None


async def _open(client: AsyncWebClient, services: Services, body: dict[str, Any], report_id: int, move: str) -> None:
    """Opens the form for a move, or explains at once why this person can't make it."""
    reply = reply_to_action(body)
    permission = NEEDS.get(move, Permission.WORK_QUEUE)
    if not await asyncio.to_thread(services.queue.role_can, reply.slack_id, permission):
        refusal = copy.REFUSED_LEAD if permission is Permission.REASSIGN else copy.REFUSED_ROLE
        await tell(services, reply, refusal, key=delivery_key(body))
        return
    report = await asyncio.to_thread(services.queue.report, report_id)
    if report is None:
        return
    today = services.clock.now().date()
    view = known_issue_form(report, today=today) if move == KNOWN_ISSUE else queue_form(Move(move), report, today=today)
    try:
        await client.views_open(trigger_id=body["trigger_id"], view=view)
    except Exception as exc:
        log.warning("views.open failed: %s", type(exc).__name__)


def _act(meta: QueueMeta, actor: str, got: QueueInput) -> Act:
    return Act(
        meta.report,
        Move(meta.move),
        actor,
        text=got.text,
        summary=got.summary,
        owner=got.owner,
        expected_fix=got.expected_fix,
        into=got.into,
        severity=got.severity,
        share_with_ward=got.share_with_ward,
    )


def register(app: AsyncApp, tracker: Tracker) -> None:
    @app.action(Action.CARD_TAKE.value)
    @tracker.track
    async def take(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        report_id = action_id_value(body)
        if report_id is None:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        act = Act(report_id, Move.TAKE, reply.slack_id)
        await call(services, reply, key, services.queue.act, act, reply=reply, delivery=key)

    @app.action(FORM_ACTION)
    @tracker.track
    async def form_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        target = _target(body["actions"][0].get("value") or "")
        if target and (target[1] in Move._value2member_map_):
            await _open(client, services, body, *target)

    @app.action(Action.CARD_MORE.value)
    @tracker.track
    async def more(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        target = _target((body["actions"][0].get("selected_option") or {}).get("value") or "")
        if target and (target[1] in Move._value2member_map_ or target[1] == KNOWN_ISSUE):
            await _open(client, services, body, *target)

    @app.view(Callback.QUEUE_FORM.value)
    @tracker.track
    async def submitted(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        meta = QueueMeta.loads(view.get("private_metadata"))
        if meta is None:
            await ack()
            return
        got = parse_queue_form(meta.move, view.get("state", {}).get("values", {}), today=services.clock.now().date())
        if isinstance(got, dict):
            await ack(response_action="errors", errors=got)
            return
        await ack()
        reply, key = ReplyTo(body["user"]["id"]), delivery_key(body)
        if meta.move == KNOWN_ISSUE:
            await call(
                services,
                reply,
                key,
                services.known_issues.publish,
                meta.report,
                actor=reply.slack_id,
                title=got.title,
                cause=got.text,
                workaround=got.summary or None,
                expected_fix=got.expected_fix,
                reply=reply,
                delivery=key,
            )
            return
        await call(services, reply, key, services.queue.act, _act(meta, reply.slack_id, got), reply=reply, delivery=key)

    @app.action(Action.STILL_BROKEN.value)
    @tracker.track
    async def still_broken(ack: AsyncAck, body: dict[str, Any], services: Services) -> None:
        await ack()
        report_id = action_id_value(body)
        if report_id is None:
            return
        reply, key = reply_to_action(body), delivery_key(body)
        await call(
            services,
            reply,
            key,
            services.queue.act,
            Act(report_id, Move.REOPEN, reply.slack_id),
            reply=reply,
            delivery=key,
        )

    @app.action(Action.ANSWER.value)
    @tracker.track
    async def answer_button(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, services: Services) -> None:
        await ack()
        report_id = action_id_value(body)
        report = await asyncio.to_thread(services.queue.report, report_id) if report_id is not None else None
        if report is None:
            return
        try:
            await client.views_open(trigger_id=body["trigger_id"], view=answer_form(report))
        except Exception as exc:
            log.warning("views.open failed: %s", type(exc).__name__)

    @app.view(Callback.ANSWER_FORM.value)
    @tracker.track
    async def answered(ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
        meta = QueueMeta.loads(view.get("private_metadata"))
        got = parse_queue_form("answer", view.get("state", {}).get("values", {}), today=services.clock.now().date())
        if isinstance(got, dict):
            await ack(response_action="errors", errors=got)
            return
        await ack()
        if meta is None:
            return
        reply, key = ReplyTo(body["user"]["id"]), delivery_key(body)
        act = Act(meta.report, Move.INFO_RECEIVED, reply.slack_id, text=got.text)
        await call(services, reply, key, services.queue.act, act, reply=reply, delivery=key)
