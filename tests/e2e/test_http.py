"""The HTTP door: signatures, retries of the same event, bad bodies, /healthz and /metrics."""

from __future__ import annotations

import time

import httpx
import pytest
from sqlmodel import Session, select

from bot.db.models import AuditRow, InboundRow, ReportRow
from bot.standin.world import World

AISHA, BEN = "U0AISHA01", "U0BEN0002"


def stored(world: World) -> tuple[int, int, int]:
    with Session(world.services.engine) as session:
        return (
            len(session.exec(select(ReportRow)).all()),
            len(session.exec(select(AuditRow)).all()),
            len(session.exec(select(InboundRow)).all()),
        )


@pytest.mark.parametrize(
    "forgery",
    [
        {"signature": "v0=" + "0" * 64},
        {"timestamp": str(int(time.time()) - 600)},  # a replay of an old, once-valid request
        {"timestamp": str(int(time.time()) + 600)},
        {"signature": "garbage"},
    ],
)
async def test_forged_or_stale_signatures_get_401_and_cause_nothing(world: World, forgery: dict[str, str]) -> None:
    before = stored(world)
    fields = world.driver.command_fields(AISHA, "printer broken")
    if "timestamp" in forgery and "signature" not in forgery:
        from urllib.parse import urlencode

        from bot.standin.driver import sign

        body = urlencode(fields).encode()
        forgery = {**forgery, "signature": sign(world.driver.secret, forgery["timestamp"], body)}
        response = await world.driver.send(body, "application/x-www-form-urlencoded", **forgery)
    else:
        response = await world.driver.send_form(fields, **forgery)
    assert response.status_code == 401
    await world.settle()
    assert stored(world) == before
    assert world.slack.calls == []


async def test_unsigned_requests_get_401(world: World) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            world.driver.url,
            content=b"command=/report&text=hi",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    assert response.status_code == 401


async def test_the_same_event_three_times_makes_one_report(world: World) -> None:
    ts = world.slack.post_as_user("C0WARD007", AISHA, "wristband printer prints blank")
    event = {
        "type": "reaction_added",
        "user": BEN,
        "reaction": "ticket",
        "item_user": AISHA,
        "item": {"type": "message", "channel": "C0WARD007", "ts": ts},
        "event_ts": ts,
    }
    body = world.driver.event_body(event, event_id="Ev0SAME001")
    statuses = [(await world.driver.event(event, body=body, retry=n)).status_code for n in (None, 1, 2)]
    assert statuses == [200, 200, 200]
    await world.settle()
    assert stored(world)[0] == 1
    assert len(world.slack.calls_to("chat.postMessage")) == 2  # one card, one DM to the author
    assert world.services.counters.get("pilotbot_inbound_duplicates_total") == 2


async def test_the_same_slash_command_replayed_files_once(world: World) -> None:
    fields = world.driver.command_fields(AISHA, "printer broken")
    for _ in range(3):
        assert (await world.driver.send_form(fields)).status_code == 200
    await world.settle()
    assert stored(world)[0] == 1


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", "application/x-www-form-urlencoded"),
        (b"", "application/json"),
        (b"{not json", "application/json"),
        (b"payload=%7Bnot+json", "application/x-www-form-urlencoded"),
        (b"payload=%5B1%2C2%5D", "application/x-www-form-urlencoded"),
        (b'{"type": "event_callback", "event": null}', "application/json"),
        (b'{"type": "event_callback", "event": {"type": "reaction_added"}}', "application/json"),
        (b"\xff\xfe\x00binary", "application/octet-stream"),
        (b"command=%2Freport&text=hi", "application/x-www-form-urlencoded"),  # no user, no trigger
    ],
)
async def test_malformed_and_empty_bodies_never_get_a_5xx(world: World, body: bytes, content_type: str) -> None:
    before = stored(world)
    response = await world.driver.send(body, content_type)
    assert response.status_code < 500
    await world.settle()
    assert stored(world) == before


async def test_a_1_mb_body_never_gets_a_5xx_and_stores_nothing(world: World) -> None:
    fields = world.driver.command_fields(AISHA, "")
    fields["text"] = "x" * (1024 * 1024 - len("&".join(f"{k}={v}" for k, v in fields.items())) - 20)
    exactly = await world.driver.send_form(fields)
    assert exactly.status_code < 500
    fields["text"] += "x" * 100
    over = await world.driver.send_form(fields)
    assert over.status_code == 413
    await world.settle()
    assert stored(world)[0] == 0


async def test_healthz_answers_once_the_database_is_reachable(world: World) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{world.app_url}/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["database"] == "ok"


async def test_healthz_says_503_when_the_database_is_gone(world: World) -> None:
    world.services.engine.dispose()
    url = world.services.engine.url
    broken = (
        url.set(host="127.0.0.1", port=1)
        if url.get_backend_name() == "postgresql"
        else url.set(database="/nonexistent/dir/pilotbot.db")
    )
    from bot.db.session import make_engine

    world.services.engine = make_engine(broken.render_as_string(hide_password=False).replace("+psycopg", ""))
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{world.app_url}/healthz")
    assert response.status_code == 503 and response.json()["database"] == "unreachable"


async def test_metrics_in_prometheus_text_format(world: World) -> None:
    world.slack.fail("chat.postMessage", error="not_in_channel")
    await world.driver.command(AISHA, "printer broken", channel="C0WARD007")
    await world.settle()
    async with httpx.AsyncClient() as client:
        response = await client.get(f"{world.app_url}/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert "# TYPE pilotbot_outbox_dead gauge\npilotbot_outbox_dead 1\n" in text
    assert 'pilotbot_http_requests_total{path="/slack/events",status="200"} 1' in text
    assert 'pilotbot_reports{severity="blocks_work"} 1' in text
    assert 'pilotbot_queue_open{severity="blocks_work"} 1' in text
    assert "pilotbot_sla_compliance_ratio NaN" in text  # nothing decided yet: not a misleading 0 or 100%
    for line in text.splitlines():
        if not line.startswith("#"):
            series, value = line.rsplit(" ", 1)
            assert (series.startswith("pilotbot_") and float(value) == float(value)) or value == "NaN", line
