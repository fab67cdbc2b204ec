"""The patient-identifier guard: the corpus figures, the traps, and the exact masking."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.phi import Guard, Kind, nhs_checksum_ok

DATA = Path(__file__).parent.parent / "data"
GUARD = Guard([r"\bRX\d{7}\b"])


def _rows(name: str) -> list[tuple[set[str], str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kinds, text = line.split("\t", 1)
            rows.append((set() if kinds == "-" else set(kinds.split(",")), text))
    return rows


@pytest.mark.parametrize("corpus", ["phi_corpus.tsv", "phi_holdout.tsv"])
def test_corpus_recall_and_false_positive_rate(corpus: str) -> None:
    rows = _rows(corpus)
    found_kinds = expected_kinds = clean = flagged = 0
    for expected, text in rows:
        found = {k.value for k in GUARD.scan(text).found}
        expected_kinds += len(expected)
        found_kinds += len(expected & found)
        if not expected:
            clean += 1
            flagged += bool(found)
    assert found_kinds / expected_kinds >= 0.97
    assert flagged / clean <= 0.03


def test_corpus_is_big_enough_and_has_both_kinds_of_line() -> None:
    rows = _rows("phi_corpus.tsv")
    assert len(rows) >= 200
    assert sum(1 for e, _ in rows if e) >= 90
    assert sum(1 for e, _ in rows if not e) >= 100


@pytest.mark.parametrize(
    "text",
    [
        "give 5 mg at 14:30",
        "v2.3.1 broke it",
        "bleep 4471",
        "ext 2231",
        "Ward 7 and W9",
        "see R-42",
        "INC0012345 is open",
        "Patient List screen is slow",
        "BP 120/80",
        "since the update on 12/11/2026",
        "NEWS2 of 7",
        "room 3 printer",
        "staff ID 45123 locked out",
        "1 in 3 logins fail",
    ],
)
def test_traps_are_left_alone(text: str) -> None:
    assert GUARD.scan(text).found == ()


@pytest.mark.parametrize(
    ("text", "masked", "kinds"),
    [
        ("Mrs Patel in bay 3 bed 2", "Mrs [NAME] in [BED]", ("NAME", "BED")),
        ("MRN 4412789 wrong", "MRN [MRN] wrong", ("MRN",)),
        ("DOB 12/03/1954 wrong", "DOB [DOB] wrong", ("DOB",)),
        ("call 07700 900123", "call [PHONE]", ("PHONE",)),
        ("NHS number 642 621 2997", "NHS number [NHS]", ("NHS",)),
        ("aged 94, frail", "[AGE], frail", ("AGE",)),
        ("aged 54, frail", "aged 54, frail", ()),
        ("lives at 12 Acacia Avenue", "lives at [ADDRESS]", ("ADDRESS",)),
        ("from SW1A 1AA", "from [POSTCODE]", ("POSTCODE",)),
        ("mail j.doe@example.com", "mail [EMAIL]", ("EMAIL",)),
        ("admitted on 02/11/2026", "admitted on [DATE]", ("DATE",)),
        ("Mr Van der Berg fell", "Mr [NAME] fell", ("NAME",)),
        ("label RX1234567 blank", "label [MRN] blank", ("MRN",)),
    ],
)
def test_masks_exactly(text: str, masked: str, kinds: tuple[str, ...]) -> None:
    result = GUARD.scan(text)
    assert result.masked == masked
    assert tuple(k.value for k in result.found) == kinds


def test_hospital_formats_are_only_masked_when_configured() -> None:
    assert Guard().scan("label RX1234567 blank").found == ()
    assert Guard([r"\bK\d{6}\b"]).scan("K123456 twice").found == (Kind.MRN,)


def test_nhs_checksum() -> None:
    assert nhs_checksum_ok("6426212997")
    assert not nhs_checksum_ok("6426212996")
    assert not nhs_checksum_ok("642621299")
    assert Guard().scan("number 6426212996 for the ticket").found == ()  # fails the check: not an NHS number


def test_found_lists_each_kind_once_in_order_of_appearance() -> None:
    result = Guard().scan("bed 4, Mr Lee, bed 9, 07700 900555")
    assert result.found == (Kind.BED, Kind.NAME, Kind.PHONE)
    assert "Lee" not in result.masked and "07700" not in result.masked
