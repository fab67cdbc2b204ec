"""Malformed Slack payloads, built from Slack's published shapes (bot/standin/payloads) with random faults.

Used by a seeded sample in the tests and by bench/fuzz.py for the full 10,000.
"""

from __future__ import annotations

import json
import random
from typing import Any

import httpx

from bot.standin.driver import SlackDriver, template

EVENTS = ("ReactionAddedPayload", "MessagePayload", "AppHomeOpenedPayload")
KINDS = (
    "BlockActionPayload",
    "ViewSubmissionPayload",
    "MessageShortcutPayload",
    "ViewClosedPayload",
    "SlashCommandPayload",
    *EVENTS,
)


def _mutate(value: Any, rng: random.Random, depth: int = 0) -> Any:
    """One random fault in a payload: a key dropped, a value of the wrong type, empty, huge, or nested wrongly."""
    if isinstance(value, dict) and value and depth < 6:
        key = rng.choice(sorted(value))
        copy = dict(value)
        roll = rng.random()
        if roll < 0.25:
            copy.pop(key)
        elif roll < 0.5:
            copy[key] = rng.choice([None, "", 0, -1, [], {}, "x" * 5000, True, 1.5, "U", [{}], {"id": {}}])
        else:
            copy[key] = _mutate(copy[key], rng, depth + 1)
        return copy
    if isinstance(value, list) and value and depth < 6:
        copy_list = list(value)
        i = rng.randrange(len(copy_list))
        copy_list[i] = _mutate(copy_list[i], rng, depth + 1) if rng.random() < 0.7 else None
        return copy_list if rng.random() < 0.9 else []
    return rng.choice([None, "", 0, [], {}, "’;--", "U0AISHA01", "x" * 3000])


def fuzzed(seed: int, n: int) -> list[tuple[str, dict[str, Any]]]:
    """`n` payloads built from Slack's published shapes (bot/standin/payloads), each with faults."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        kind = rng.choice(KINDS)
        payload = template(kind)
        for _ in range(rng.randint(1, 4)):
            payload = _mutate(payload, rng)
        out.append((kind, payload if isinstance(payload, dict) else {"type": payload}))
    return out


async def send_fuzzed(driver: SlackDriver, kind: str, payload: dict[str, Any]) -> httpx.Response:
    """Signs and sends a fuzzed payload through the door Slack would use for its kind."""
    if kind == "SlashCommandPayload":
        fields = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
        return await driver.send_form(fields)
    if kind in EVENTS:
        return await driver.send_event(payload)
    return await driver.send_interaction(payload)
