from __future__ import annotations

import pytest

from bot.domain.csvrows import HeaderError
from bot.domain.roster import Role, parse_roster

WARDS = frozenset({"ward-7", "ward-9"})
HEADER = "slack_id,email,name,ward,role\n"


def test_good_rows_become_entries() -> None:
    result = parse_roster(HEADER + "U01ABC,A@X.org,Ann,ward-7,clinician\n,b@x.org,Bob,,responder\n", WARDS)
    assert result.rejections == ()
    (line1, ann), (line2, bob) = result.entries
    assert (line1, ann.slack_id, ann.email, ann.role) == (2, "U01ABC", "a@x.org", Role.CLINICIAN)
    assert (line2, bob.slack_id, bob.ward_id) == (3, None, None)


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (",,Nobody,ward-7,clinician", "slack_id and email are both empty"),
        ("X1,,Bad,ward-7,clinician", "is not a Slack user ID"),
        (",not-an-email,Bad,ward-7,clinician", "is not an email address"),
        ("U02,,,ward-7,clinician", "name is empty"),
        ("U02,,Cee,ward-7,nurse", "role 'nurse' is not one of"),
        ("U02,,Cee,ward-8,clinician", "ward 'ward-8' is not in the pilot file"),
        ("U02,,Cee,,champion", "a champion needs one of"),
        ("U02,,Cee,ward-7,clinician,extra", "more cells than the header"),
    ],
)
def test_each_bad_row_is_rejected_with_its_line_and_reason(row: str, reason: str) -> None:
    result = parse_roster(HEADER + "U01,,Ok,ward-7,clinician\n\n" + row + "\n", WARDS)
    assert len(result.entries) == 1
    (rejection,) = result.rejections
    assert rejection.line == 4  # the header is line 1; blank lines still count
    assert reason in rejection.reason


def test_the_same_person_twice_is_rejected_the_second_time() -> None:
    result = parse_roster(HEADER + "U01,a@x.org,A,ward-7,clinician\nU02,A@x.org,B,ward-7,clinician\n", WARDS)
    assert [str(r) for r in result.rejections] == ["line 3: the same person as line 2"]


@pytest.mark.parametrize("text", ["", "name,ward\nx,y\n"])
def test_a_wrong_header_stops_everything(text: str) -> None:
    with pytest.raises(HeaderError, match="line 1"):
        parse_roster(text, WARDS)


def test_excel_byte_order_mark_is_ignored() -> None:
    assert parse_roster("\ufeff" + HEADER + "U01,,Ann,ward-7,clinician\n", WARDS).rejections == ()
