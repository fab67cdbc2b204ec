"""Durable delivery of everything the bot says.

A message is written to the outbox table in the same transaction as the change that caused it, then a
delivery loop sends it: 429 waits for Retry-After, 5xx and timeouts back off and retry, permanent Slack
errors become dead letters that are counted and told to the admins. Nothing is dropped silently.

Faults: each message's outcome is recorded as soon as Slack answers (an outcome the database would not take is
kept in memory and recorded first thing next pass, never sent again). Claims are short leases, renewed while
a pass is in flight, so a killed process strands nothing for long. Every post carries its outbox id in Slack's
message metadata; a message whose sender died mid-flight is looked up in the conversation before it is sent
again, so a crash does not post it twice.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import Engine, func, or_, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from bot.clock import Clock
from bot.db.models import OutboxRow
from bot.pacing import Pace

FILE_UPLOAD = "files.upload"  # Slack's external upload flow (bot.services.send.upload)

log = logging.getLogger("pilotbot.outbox")

RESPONSE_URL = "response_url"
MAX_ATTEMPTS = 10
# A claim lasts this long unless renewed; a pass renews its claims every RENEW while messages are in flight.
# After a crash, another process (or this one restarted) takes the rows over within LEASE.
LEASE = timedelta(seconds=12)
RENEW = timedelta(seconds=4)
METADATA_TYPE = "pilotbot_outbox"
# Slack answers these with ok:false but they pass; everything else with ok:false is permanent.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "timeout"}
)


@dataclass(frozen=True)
class Outgoing:
    """One message to send. `key` makes it idempotent: queueing the same key twice sends once."""

    key: str
    method: str
    payload: dict[str, Any]
    purpose: str
    depends_on: int | None = None
    fill: dict[str, str] | None = None  # payload field <- field of the parent's result, e.g. {"ts": "ts"}
    coalesce: str | None = None  # a newer pending message with the same coalesce key replaces older ones
    not_before: datetime | None = None  # held until then (quiet hours)


def enqueue(session: Session, message: Outgoing, now: datetime) -> int:
    """Adds a message to the outbox inside the caller's transaction; returns its id."""
    existing = session.exec(select(OutboxRow).where(OutboxRow.key == message.key)).first()
    if existing is not None:
        assert existing.id is not None
        return existing.id
    if message.coalesce:
        session.execute(
            update(OutboxRow)
            .where(col(OutboxRow.coalesce) == message.coalesce, col(OutboxRow.status) == "pending")
            .values(status="superseded")
        )
    row = OutboxRow(
        key=message.key,
        method=message.method,
        purpose=message.purpose,
        payload=message.payload,
        next_attempt_at=max(now, message.not_before) if message.not_before else now,
        depends_on=message.depends_on,
        fill=message.fill,
        coalesce=message.coalesce,
        created_at=now,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    return row.id


@dataclass(frozen=True)
class Outcome:
    """What one attempt came to."""

    kind: str  # sent | retry | rate_limited | dead
    error: str | None = None
    retry_after: float = 0.0
    result: dict[str, Any] | None = None


def backoff(attempts: int, row_id: int) -> timedelta:
    """Exponential from 2 s to 10 min, with a small spread per message so retries do not march in step."""
    return timedelta(seconds=min(2**attempts, 600) + (row_id % 997) / 997)


DeadLetterHook = Callable[[Session, OutboxRow, datetime], None]


@dataclass
class Deliverer:
    """Sends due outbox rows. Safe to run in several processes: each row is claimed before it is sent."""

    engine: Engine
    clock: Clock
    client: AsyncWebClient
    on_dead: DeadLetterHook | None = None
    concurrency: int = 8
    batch: int = 200
    _paces: dict[str, Pace] = field(default_factory=dict)
    _unrecorded: dict[int, Outcome] = field(default_factory=dict)  # sent (or failed) but not yet written down
    lookups: int = 0  # Slack calls spent checking whether an uncertain message had been delivered
    _http: aiohttp.ClientSession | None = None
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _loop: asyncio.AbstractEventLoop | None = None

    def wake(self) -> None:
        """Something was queued: deliver now rather than at the next poll. Safe from any thread."""
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    async def close(self) -> None:
        if self._http is not None:
            if self.client.session is self._http:
                self.client.session = None
            await self._http.close()
            self._http = None

    def _session(self) -> aiohttp.ClientSession:
        """One keep-alive session for every call (the Slack client's too): no new connection per message."""
        if self._http is None:
            # slack_sdk applies the session's timeout, not its own, when given a session
            self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=self.client.timeout))
        if self.client.session is None:
            self.client.session = self._http
        return self._http

    # --- the loop -------------------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event, poll_seconds: float = 1.0) -> None:
        """Delivers until `stop` is set, waking at once when told something was queued."""
        self._loop = asyncio.get_running_loop()
        while not stop.is_set():
            try:
                sent = await self.deliver_due()
            except Exception as exc:  # a database blip must not end the loop; the rows stay queued
                log.error("outbox pass failed: %s", type(exc).__name__)
                sent = 0
            if sent:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=poll_seconds)

    async def drain(self, max_passes: int = 10_000) -> int:
        """Delivers until nothing is due now (sleeping through Retry-After waits); returns messages sent."""
        total = 0
        for _ in range(max_passes):
            sent = await self.deliver_due()
            total += sent
            wait = await asyncio.to_thread(self._seconds_until_next_due)
            if wait is None:
                return total
            if wait > 0:
                await self.clock.sleep(wait)
        return total

    async def deliver_due(self) -> int:
        """One pass: records what earlier passes could not, claims due rows, sends them at each method's pace (at
        most `concurrency` at a time), and records each outcome as it comes."""
        await asyncio.to_thread(self._record_unrecorded)
        token, rows, uncertain = await asyncio.to_thread(self._claim_due)
        if not rows:
            return 0
        gate = asyncio.Semaphore(self.concurrency)
        in_flight = {r.id for r in rows if r.id is not None}
        sent = 0

        async def one(row: OutboxRow) -> None:
            nonlocal sent
            async with gate:
                pace = self._paces.setdefault(row.method, Pace())
                wait = pace.slot(self.clock.monotonic()) - self.clock.monotonic()
                if wait > 0:
                    await self.clock.sleep(wait)
                outcome = await self._already_delivered(row) if row.id in uncertain else None
                outcome = outcome or await self._attempt(row)
                pace.answered(self.clock.monotonic(), limited=outcome.kind == "rate_limited")
                await asyncio.to_thread(self._record_one, row.id, outcome)
                in_flight.discard(row.id)
                sent += outcome.kind == "sent"

        keeper = asyncio.create_task(self._keep_claims(token, in_flight))
        try:
            await asyncio.gather(*(one(r) for r in rows))
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
        return sent

    async def _keep_claims(self, token: str, in_flight: set[int]) -> None:
        """Renews this pass's leases while its messages are in flight, so a slow pass is not taken over. Paced by
        the event loop, not the injected clock: a test's frozen clock must not race ahead while it waits."""
        while in_flight:
            await asyncio.sleep(RENEW.total_seconds())
            try:
                await asyncio.to_thread(self._renew, token)
            except Exception as exc:  # the lease simply runs out; the next owner checks Slack before resending
                log.warning("could not renew outbox claims: %s", type(exc).__name__)

    # --- database side --------------------------------------------------------------------------------

    def _due_filter(self, now: datetime) -> Any:
        return or_(
            (col(OutboxRow.status) == "pending") & (col(OutboxRow.next_attempt_at) <= now),
            (col(OutboxRow.status) == "sending") & (col(OutboxRow.lease_until) < now),
        )

    def _claim_due(self) -> tuple[str, list[OutboxRow], set[int]]:
        """Claims due rows with one UPDATE under a random token, so no other worker can take the same ones. Returns
        the token, the rows, and the ids whose last sender died with them in flight (their fate is uncertain)."""
        now = self.clock.now()
        token = uuid.uuid4().hex
        with Session(self.engine, expire_on_commit=False) as session:
            query = select(OutboxRow).where(self._due_filter(now)).order_by(col(OutboxRow.id)).limit(self.batch)
            candidates = [r for r in session.exec(query).all() if r.id not in self._unrecorded]
            uncertain = {r.id for r in candidates if r.status == "sending" and r.id is not None}
            ready = [r.id for r in candidates if self._resolve_dependency(session, r, now)]
            session.flush()
            if ready:
                session.execute(
                    update(OutboxRow)
                    .where(col(OutboxRow.id).in_(ready), self._due_filter(now))
                    .values(status="sending", claim=token, lease_until=now + LEASE, attempts=OutboxRow.attempts + 1)
                    .execution_options(synchronize_session=False)
                )
            session.commit()
            session.expunge_all()
            rows = list(session.exec(select(OutboxRow).where(OutboxRow.claim == token).order_by(col(OutboxRow.id))))
            return token, rows, uncertain & {r.id for r in rows if r.id is not None}

    def _renew(self, token: str) -> None:
        with Session(self.engine) as session:
            session.execute(
                update(OutboxRow)
                .where(col(OutboxRow.claim) == token, col(OutboxRow.status) == "sending")
                .values(lease_until=self.clock.now() + LEASE)
                .execution_options(synchronize_session=False)
            )
            session.commit()

    def _resolve_dependency(self, session: Session, row: OutboxRow, now: datetime) -> bool:
        """Fills fields from the parent's result; False while the parent is unsent. A dead parent kills it."""
        if row.depends_on is None:
            return True
        parent = session.get(OutboxRow, row.depends_on)
        if parent is None or parent.status in ("dead", "superseded"):
            row.status, row.last_error = "dead", "parent_not_delivered"
            session.add(row)
            return False
        if parent.status != "sent":
            return False
        for target, source in (row.fill or {}).items():
            row.payload = {**row.payload, target: (parent.result or {}).get(source)}
        return True

    def _record_one(self, row_id: int | None, outcome: Outcome) -> None:
        """One message's outcome, in its own transaction; kept in memory if the database will not take it, so the
        message is recorded later and never sent again by this process."""
        if row_id is None:
            return
        try:
            self._record(row_id, outcome)
        except Exception as exc:
            self._unrecorded[row_id] = outcome
            log.error("could not record outbox #%s (%s); kept to record later", row_id, type(exc).__name__)

    def _record_unrecorded(self) -> None:
        for row_id, outcome in list(self._unrecorded.items()):
            self._record(row_id, outcome)  # raises while the database is still down: the pass waits
            del self._unrecorded[row_id]

    def _record(self, row_id: int, outcome: Outcome) -> None:
        now = self.clock.now()
        with Session(self.engine, expire_on_commit=False) as session:
            row = session.get(OutboxRow, row_id)
            if row is not None:
                self._apply(session, row, outcome, now)
            session.commit()

    def _apply(self, session: Session, row: OutboxRow, outcome: Outcome, now: datetime) -> None:
        row.lease_until = None
        if outcome.kind == "sent":
            row.status, row.sent_at, row.result, row.last_error = "sent", now, outcome.result, None
        elif outcome.kind == "rate_limited":
            row.status, row.last_error = "pending", "ratelimited"
            row.attempts -= 1  # waiting our turn is not a failure
            row.next_attempt_at = now + timedelta(seconds=outcome.retry_after)
        elif outcome.kind == "retry" and row.attempts < MAX_ATTEMPTS:
            row.status, row.last_error = "pending", outcome.error
            row.next_attempt_at = now + backoff(row.attempts, row.id or 0)
        else:
            row.status, row.last_error = "dead", outcome.error or "gave_up"
            log.warning("dead letter #%s (%s, %s): %s", row.id, row.purpose, row.method, row.last_error)
            if row.method == RESPONSE_URL and row.payload.get("fallback_channel"):
                self._fall_back_to_dm(session, row, now)
            elif self.on_dead is not None:
                self.on_dead(session, row, now)
        session.add(row)

    def _fall_back_to_dm(self, session: Session, row: OutboxRow, now: datetime) -> None:
        """A response_url expires after 30 minutes or five uses; the person still gets the message, by DM."""
        payload: dict[str, Any] = {"channel": row.payload["fallback_channel"]}
        payload.update({k: row.payload[k] for k in ("text", "blocks") if k in row.payload})
        enqueue(session, Outgoing(f"{row.key}:dm", "chat.postMessage", payload, row.purpose), now)

    def _seconds_until_next_due(self) -> float | None:
        """None when nothing is left for this drain; else how long until a retry is due.

        A drain waits through Retry-After and back-off for messages it has already tried. It never waits
        for a message that is not yet due (held for after quiet hours): that is for a later tick or the
        delivery loop. Nor for one another worker holds a lease on: that worker finishes it.
        """
        now = self.clock.now()
        parent = aliased(OutboxRow)
        waiting = (col(OutboxRow.status) == "pending") & (
            (col(OutboxRow.next_attempt_at) <= now) | col(OutboxRow.last_error).is_not(None)
        )
        with Session(self.engine) as session:
            free = session.exec(
                select(func.min(OutboxRow.next_attempt_at)).where(waiting, col(OutboxRow.depends_on).is_(None))
            ).one()
            # a child becomes due when its parent is sent (or given up on); the parent's own wait covers it
            settled = session.exec(
                select(func.min(OutboxRow.next_attempt_at))
                .join(parent, col(parent.id) == col(OutboxRow.depends_on))
                .where(waiting, col(parent.status).not_in(["pending", "sending"]))
            ).one()
        soonest = [at for at in (free, settled) if at is not None]
        if not soonest:
            return None
        at = min(soonest)
        at = at if at.tzinfo else at.replace(tzinfo=UTC)
        return max(0.0, (at - now).total_seconds())

    # --- Slack side -----------------------------------------------------------------------------------

    async def _attempt(self, row: OutboxRow) -> Outcome:
        self._session()
        try:
            if row.method == RESPONSE_URL:
                return await self._post_response_url(row.payload)
            if row.method == FILE_UPLOAD:
                return await self._upload(row.payload)
            response = await self.client.api_call(row.method, json=self._tagged(row))
            data = response.data if isinstance(response.data, dict) else {}
            return Outcome("sent", result={k: data.get(k) for k in ("channel", "ts", "message_ts") if k in data})
        except SlackApiError as exc:
            return classify(exc.response.status_code, exc.response.headers, exc.response.data)
        except (TimeoutError, aiohttp.ClientError):
            return Outcome("retry", error="timeout_or_connection")

    async def _upload(self, payload: dict[str, Any]) -> Outcome:
        """Slack's external upload flow, as files_upload_v2 does it: a URL for the bytes, the bytes, then
        completing the upload into the channel (in a thread when the payload says so), with its alt text."""
        content = base64.b64decode(payload["png_base64"])
        got = await self.client.api_call(
            "files.getUploadURLExternal",
            data={"filename": payload["filename"], "length": len(content), "alt_txt": payload.get("alt_txt") or ""},
        )
        async with self._session().post(str(got["upload_url"]), data=content) as res:
            if res.status != 200:
                return classify(res.status, res.headers, None, default_error=f"upload_http_{res.status}")
        complete: dict[str, Any] = {
            "files": json.dumps([{"id": got["file_id"], "title": payload.get("title") or payload["filename"]}]),
            "channel_id": payload["channel_id"],
        }
        if payload.get("thread_ts"):
            complete["thread_ts"] = payload["thread_ts"]
        await self.client.api_call("files.completeUploadExternal", data=complete)
        return Outcome("sent", result={"file": got["file_id"]})

    @staticmethod
    def _tagged(row: OutboxRow) -> dict[str, Any]:
        """A post carries its outbox id in Slack's message metadata, so it can be found again after a crash."""
        if row.method != "chat.postMessage" or "metadata" in row.payload:
            return row.payload
        return {**row.payload, "metadata": {"event_type": METADATA_TYPE, "event_payload": {"outbox_id": row.id}}}

    async def _already_delivered(self, row: OutboxRow) -> Outcome | None:
        """For a post whose sender died in flight: is it already in the conversation? Then it is recorded, not sent
        again. Other methods are safe to repeat (updates, publishes) or cannot be checked (response_url)."""
        if row.method != "chat.postMessage":
            return None
        try:
            channel = str(row.payload["channel"])
            if channel.startswith(("U", "W")):  # a DM addressed to a person: find the conversation first
                self.lookups += 1
                opened = await self.client.conversations_open(users=channel)
                channel = str((opened.get("channel") or {}).get("id") or channel)
            self.lookups += 1
            thread = row.payload.get("thread_ts")
            # The newest 200 messages: a post whose sender died is recent, so it is among them.
            if thread:
                found = await self.client.conversations_replies(
                    channel=channel, ts=str(thread), include_all_metadata=True, limit=200
                )
            else:
                found = await self.client.conversations_history(channel=channel, include_all_metadata=True, limit=200)
        except Exception as exc:  # cannot tell: send it (at least once beats never)
            log.info("could not check outbox #%s in Slack: %s", row.id, type(exc).__name__)
            return None
        for message in found.get("messages") or []:
            meta = message.get("metadata") or {}
            if meta.get("event_type") == METADATA_TYPE and (meta.get("event_payload") or {}).get("outbox_id") == row.id:
                log.info("outbox #%s was already delivered; recorded, not sent again", row.id)
                return Outcome("sent", result={"channel": channel, "ts": message.get("ts")})
        return None

    async def _post_response_url(self, payload: dict[str, Any]) -> Outcome:
        body = {k: v for k, v in payload.items() if k not in ("url", "fallback_channel")}
        async with self._session().post(payload["url"], json=body) as res:
            if res.status == 200:
                return Outcome("sent", result={})
            return classify(res.status, res.headers, None, default_error=f"http_{res.status}")


def classify(status: int, headers: Any, data: Any, default_error: str | None = None) -> Outcome:
    """Turns an HTTP status and Slack body into retry, wait, or dead."""
    if status == 429:
        try:
            retry_after = float(headers.get("Retry-After", "1"))
        except (TypeError, ValueError):
            retry_after = 1.0
        return Outcome("rate_limited", error="ratelimited", retry_after=max(retry_after, 0.0))
    if status >= 500:
        return Outcome("retry", error=f"http_{status}")
    error = data.get("error") if isinstance(data, dict) else None
    error = error or default_error or f"http_{status}"
    if status == 404 and default_error:  # a response_url that expired or was used up
        return Outcome("dead", error="response_url_expired")
    return Outcome("retry" if error in TRANSIENT_ERRORS else "dead", error=str(error)[:120])
