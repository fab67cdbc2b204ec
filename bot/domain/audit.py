"""The audit log's hash chain: each entry's hash covers its fields and the previous entry's hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: datetime
    actor: str
    action: str
    entity_type: str
    entity_id: str
    correlation_id: str
    detail: Mapping[str, Any]
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    correlation_id: str,
    detail: Mapping[str, Any],
) -> str:
    """SHA-256 over a canonical JSON of the entry and the hash before it."""
    body = json.dumps(
        [
            prev_hash,
            at.isoformat(timespec="microseconds"),
            actor,
            action,
            entity_type,
            entity_id,
            correlation_id,
            dict(detail),
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class Break:
    seq: int
    reason: str


def verify(entries: Iterable[Entry]) -> Break | None:
    """The first entry where the chain does not hold (edited, deleted or reordered), or None."""
    prev = GENESIS
    last_seq = 0
    for e in entries:
        if e.prev_hash != prev:
            reason = "does not follow the entry before it (one was deleted or the order changed)"
            return Break(e.seq, reason)
        expected = entry_hash(
            prev,
            at=e.at,
            actor=e.actor,
            action=e.action,
            entity_type=e.entity_type,
            entity_id=e.entity_id,
            correlation_id=e.correlation_id,
            detail=e.detail,
        )
        if e.hash != expected:
            return Break(e.seq, "its content was changed after it was written")
        if e.seq <= last_seq:
            return Break(e.seq, "is out of order")
        prev, last_seq = e.hash, e.seq
    return None
