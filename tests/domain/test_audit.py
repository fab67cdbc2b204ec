from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.domain.audit import GENESIS, Entry, entry_hash, verify

T0 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)


def _chain(n: int) -> list[Entry]:
    entries, prev = [], GENESIS
    for i in range(1, n + 1):
        fields = {
            "at": T0 + timedelta(minutes=i),
            "actor": "U1",
            "action": "report.filed",
            "entity_type": "report",
            "entity_id": str(i),
            "correlation_id": f"c{i}",
            "detail": {"severity": "minor", "n": i},
        }
        digest = entry_hash(prev, **fields)  # type: ignore[arg-type]
        entries.append(Entry(seq=i, prev_hash=prev, hash=digest, **fields))  # type: ignore[arg-type]
        prev = digest
    return entries


def test_an_intact_chain_verifies() -> None:
    assert verify(_chain(5)) is None
    assert verify([]) is None


def test_an_edited_entry_is_found() -> None:
    chain = _chain(5)
    chain[2] = replace(chain[2], detail={"severity": "patient_safety", "n": 3})
    broken = verify(chain)
    assert broken is not None and broken.seq == 3 and "changed" in broken.reason


def test_a_deleted_entry_is_found() -> None:
    chain = _chain(5)
    del chain[1]
    broken = verify(chain)
    assert broken is not None and broken.seq == 3


def test_reordered_entries_are_found() -> None:
    chain = _chain(5)
    chain[1], chain[2] = chain[2], chain[1]
    broken = verify(chain)
    assert broken is not None and broken.seq == 3
