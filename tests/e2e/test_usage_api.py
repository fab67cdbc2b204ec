"""POST /api/usage through the real HTTP app: the token, the size limit, bad bodies, all-or-nothing batches."""

from __future__ import annotations

import logging
from typing import Any

import httpx
import pytest
from pydantic import SecretStr
from sqlmodel import Session, select

from bot.db.models import AuditRow, UsageDayRow
from bot.slack.usage_api import MAX_BODY
from bot.standin.world import World

TOKEN = "pb-usage-7f3a9c1e5d"
AISHA, BEN = "U0AISHA01", "U0BEN0002"  # on the test roster; the clock says 2026-11-16


@pytest.fixture
def api(world: World) -> World:
    world.services.settings.pilotbot_api_token = SecretStr(TOKEN)
    return world


async def post(
    world: World, body: Any = None, *, token: str | None = TOKEN, content: bytes | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    async with httpx.AsyncClient(timeout=30) as client:
        if content is not None:
            return await client.post(f"{world.app_url}/api/usage", content=content, headers=headers)
        return await client.post(f"{world.app_url}/api/usage", json=body, headers=headers)


def days(world: World) -> list[tuple[int, str, int]]:
    with Session(world.services.engine) as session:
        rows = session.exec(select(UsageDayRow).order_by(UsageDayRow.person_id, UsageDayRow.day)).all()  # type: ignore[arg-type]
        return [(r.person_id, r.day.isoformat(), r.events) for r in rows]


def audited(world: World) -> list[dict[str, Any]]:
    with Session(world.services.engine) as session:
        return [a.detail for a in session.exec(select(AuditRow).where(AuditRow.action == "usage.imported"))]


GOOD = [
    {"date": "2026-11-16", "slack_id": AISHA, "email": "", "events": 12},
    {"date": "2026-11-15", "slack_id": None, "email": "ben.okafor@stelsewhere.example", "events": 0},
]


async def test_the_rows_are_stored_and_counted(api: World) -> None:
    response = await post(api, GOOD)
    assert response.status_code == 200
    assert response.json() == {"stored": 2}
    assert [(day, events) for _, day, events in days(api)] == [("2026-11-16", 12), ("2026-11-15", 0)]
    assert audited(api) == [{"stored": 2, "people": 2, "rejected": 0, "partial": False}]


async def test_sending_the_same_day_again_replaces_it(api: World) -> None:
    await post(api, GOOD)
    response = await post(api, [{**GOOD[0], "events": 3}])
    assert response.json() == {"stored": 1}
    assert [(day, events) for _, day, events in days(api)] == [("2026-11-16", 3), ("2026-11-15", 0)]


@pytest.mark.parametrize("token", [None, "wrong", TOKEN + "x", TOKEN[:-1]])
async def test_without_the_right_token_401_and_nothing_stored(
    api: World, token: str | None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    response = await post(api, GOOD, token=token)
    assert response.status_code == 401
    assert days(api) == []
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert ours
    assert not any(TOKEN[:-1] in message for message in ours)


async def test_the_token_is_not_taken_in_another_scheme(api: World) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{api.app_url}/api/usage", json=GOOD, headers={"Authorization": f"Basic {TOKEN}"})
    assert response.status_code == 401


async def test_off_without_a_token_configured(world: World) -> None:
    response = await post(world, GOOD)
    assert response.status_code == 404
    assert "PILOTBOT_API_TOKEN" in response.json()["error"]
    assert days(world) == []


async def test_over_the_size_limit_413_and_nothing_stored(api: World) -> None:
    item = b'{"date": "2026-11-16", "slack_id": "U0AISHA01", "email": "", "events": 1},'
    body = b"[" + item * (MAX_BODY // len(item) + 1) + item[:-1] + b"]"
    response = await post(api, content=body)
    assert response.status_code == 413
    assert days(api) == []


async def test_a_chunked_body_over_the_limit_is_413_too(api: World) -> None:
    async def chunks() -> Any:
        for _ in range(MAX_BODY // 65536 + 2):
            yield b" " * 65536

    async with httpx.AsyncClient(timeout=30) as client:
        response = await client.post(
            f"{api.app_url}/api/usage", content=chunks(), headers={"Authorization": f"Bearer {TOKEN}"}
        )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"date": "2026-11-16"}', b'"rows"', b"\xff\xfe\x00", b"[" * 100_000 + b"]" * 100_000],
)
async def test_a_body_that_is_not_a_json_array_is_400(api: World, content: bytes) -> None:
    response = await post(api, content=content)
    assert response.status_code == 400
    assert "error" in response.json()
    assert days(api) == []


async def test_any_bad_row_422_names_each_by_index_and_nothing_is_stored(api: World) -> None:
    batch = [
        GOOD[0],
        {"date": "2026-11-16", "slack_id": "U0NOBODY1", "events": 1},
        {"date": "16/11/2026", "slack_id": AISHA, "events": 1},
        {"date": "2026-11-16", "slack_id": AISHA, "events": -2},
        GOOD[1],
        [1, 2],
    ]
    response = await post(api, batch)
    assert response.status_code == 422
    assert response.json() == {
        "rejected": [
            {
                "index": 1,
                "reason": "nobody on the roster has slack_id U0NOBODY1; add them with `pilotbot roster import` first",
            },
            {"index": 2, "reason": "date '16/11/2026' is not a date (YYYY-MM-DD)"},
            {"index": 3, "reason": "events '-2' is not a whole number of 0 or more"},
            {"index": 5, "reason": "not an object with date, slack_id, email and events"},
        ]
    }
    assert days(api) == []
    assert audited(api) == []
    response = await post(api, GOOD)  # the fixed batch goes in
    assert response.json() == {"stored": 2}


async def test_an_empty_array_stores_nothing_and_says_so(api: World) -> None:
    response = await post(api, [])
    assert response.status_code == 200
    assert response.json() == {"stored": 0}
