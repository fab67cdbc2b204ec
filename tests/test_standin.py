"""The Slack stand-in is only useful if it is as strict as Slack: these prove it refuses what Slack refuses."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from bot.standin.server import SlackStandIn


@pytest.fixture
async def slack() -> AsyncIterator[SlackStandIn]:
    stand_in = SlackStandIn()
    await stand_in.start()
    stand_in.add_channel("C0RAPID01", "rapid-response")
    stand_in.add_channel("C0OLD0001", "old", archived=True)
    stand_in.add_channel("C0NOTIN01", "elsewhere", member=False)
    stand_in.add_user("U0AISHA01", "Aisha", "aisha@example.org")
    yield stand_in
    await stand_in.stop()


async def api(slack: SlackStandIn, method: str, token: str | None = None, **args: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token or slack.token}"}
    async with httpx.AsyncClient() as client:
        return await client.post(f"{slack.base_url}{method}", json=args, headers=headers)


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.mark.parametrize(
    ("method", "args", "error"),
    [
        ("chat.postMessage", {"text": "hi"}, "invalid_arguments"),  # no channel: required by the method spec
        ("chat.postMessage", {"channel": "C0RAPID01"}, "no_text"),
        ("chat.postMessage", {"channel": "C0NOPE001", "text": "hi"}, "channel_not_found"),
        ("chat.postMessage", {"channel": "C0OLD0001", "text": "hi"}, "is_archived"),
        ("chat.postMessage", {"channel": "C0NOTIN01", "text": "hi"}, "not_in_channel"),
        ("chat.postMessage", {"channel": "C0RAPID01", "text": "x" * 40_001}, "msg_too_long"),
        ("chat.postMessage", {"channel": "C0RAPID01", "blocks": [section("a")] * 51}, "invalid_blocks"),
        ("chat.postMessage", {"channel": "C0RAPID01", "blocks": [section("a" * 3001)]}, "invalid_blocks"),
        (
            "chat.postMessage",
            {"channel": "C0RAPID01", "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]},
            "invalid_blocks",
        ),
        (
            "chat.postMessage",
            {
                "channel": "C0RAPID01",
                "blocks": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
            },
            "invalid_blocks",
        ),
        (
            "chat.postMessage",
            {
                "channel": "C0RAPID01",
                "blocks": [
                    {
                        "type": "actions",
                        "elements": [{"type": "button", "action_id": "a", "text": {"type": "plain_text", "text": "x"}}]
                        * 2,
                    }
                ],
            },
            "invalid_blocks",
        ),
        ("chat.update", {"channel": "C0RAPID01", "ts": "1.000001", "text": "x"}, "message_not_found"),
        (
            "views.open",
            {
                "trigger_id": "1.2.abc",
                "view": {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "blocks": []},
            },
            "exchanged_trigger_id",
        ),
        (
            "views.publish",
            {"user_id": "U0AISHA01", "view": {"type": "home", "blocks": [section("a")] * 101}},
            "invalid_arguments",
        ),
        ("users.lookupByEmail", {"email": "nobody@example.org"}, "users_not_found"),
        ("no.such.method", {}, "unknown_method"),
    ],
)
async def test_what_slack_refuses_is_refused(
    slack: SlackStandIn, method: str, args: dict[str, Any], error: str
) -> None:
    body = (await api(slack, method, **args)).json()
    assert body == {**body, "ok": False, "error": error}


async def test_a_modal_title_over_24_characters_is_refused(slack: SlackStandIn) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []}
    body = (await api(slack, "views.open", trigger_id=slack.issue_trigger(), view=view)).json()
    assert body["error"] == "invalid_arguments"
    assert "/view/title" in body["response_metadata"]["messages"][0]


async def test_a_trigger_id_works_once(slack: SlackStandIn) -> None:
    trigger = slack.issue_trigger()
    view = {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "blocks": []}
    assert (await api(slack, "views.open", trigger_id=trigger, view=view)).json()["ok"] is True
    assert (await api(slack, "views.open", trigger_id=trigger, view=view)).json()["error"] == "exchanged_trigger_id"


async def test_a_wrong_token_is_invalid_auth(slack: SlackStandIn) -> None:
    body = (await api(slack, "auth.test", token="xoxb-someone-else")).json()
    assert body == {"ok": False, "error": "invalid_auth"}


async def test_faults_answer_429_with_retry_after_and_5xx(slack: SlackStandIn) -> None:
    slack.fail("chat.postMessage", status=429, retry_after=3)
    slack.fail("chat.postMessage", status=503)
    limited = await api(slack, "chat.postMessage", channel="C0RAPID01", text="a")
    assert (limited.status_code, limited.headers["Retry-After"]) == (429, "3")
    assert (await api(slack, "chat.postMessage", channel="C0RAPID01", text="a")).status_code == 503
    assert (await api(slack, "chat.postMessage", channel="C0RAPID01", text="a")).json()["ok"] is True
    assert [c.status for c in slack.calls] == [429, 503, 200]


async def test_a_per_minute_cap_answers_429_once_exceeded(slack: SlackStandIn) -> None:
    slack.rate_limit("chat.postMessage", per_minute=60)
    statuses = [(await api(slack, "chat.postMessage", channel="C0RAPID01", text=str(i))).status_code for i in range(3)]
    assert statuses[0] == 200 and 429 in statuses
