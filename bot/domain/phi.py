"""The patient-identifier guard: finds identifiers in free text and masks them.

Pure and deterministic. It errs towards masking where a value is tied to a person (a date after
"admitted", a number after "MRN") and leaves alone what clinicians write all day about systems:
doses, times, versions, bleeps, extensions, ward codes and ticket ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NAME = "NAME"
    MRN = "MRN"
    NHS = "NHS"
    DOB = "DOB"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    POSTCODE = "POSTCODE"
    ADDRESS = "ADDRESS"
    BED = "BED"


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int


@dataclass(frozen=True)
class Scan:
    """What the guard made of a text: the masked text and the kinds it masked, in order of appearance."""

    masked: str
    found: tuple[Kind, ...]

    @property
    def clean(self) -> bool:
        return not self.found


_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\.?(?:,?\s+\d{4})?"
    r"|" + _MONTH + r"\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?"
    r"|\d{1,2}/\d{1,2})"
)
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,}(?:[-'][A-Z]+)*|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)"
_INITIALS = r"(?:[A-Z]\.?\s?){1,3}"
_PARTICLES = r"(?:(?:van|von|der|den|de|da|di|du|le|la|al|el|bin|ibn|ap)\s+){0,2}"
_FULL_NAME = r"(?:" + _INITIALS + r")?" + _PARTICLES + _NAME_WORD + r"(?:\s+" + _PARTICLES + _NAME_WORD + r")?"
# Capitalised words that follow "Patient" on screens and in menus rather than names.
_NOT_NAMES = frozenset(
    (
        "List",
        "Lists",
        "Summary",
        "Banner",
        "Record",
        "Records",
        "Safety",
        "Details",
        "Detail",
        "Portal",
        "Search",
        "Flow",
        "Chart",
        "Charts",
        "Notes",
        "Tracker",
        "Status",
        "Admin",
        "Administration",
        "Transport",
        "Name",
        "Names",
        "Information",
        "Access",
        "Lookup",
        "Look",
        "Id",
        "ID",
        "Number",
        "Numbers",
        "Demographics",
        "Journey",
        "Pathway",
        "Handover",
        "View",
        "Screen",
        "Tab",
        "Board",
        "Whiteboard",
        "Centre",
        "Center",
        "Hub",
        "Experience",
        "Feedback",
        "Care",
        "Identification",
        "Identity",
        "Label",
        "Labels",
        "Wristband",
        "Wristbands",
        "Alert",
        "Alerts",
        "Group",
        "Groups",
        "Level",
        "Groups",
        "Queue",
        "Queues",
        "Selection",
        "Select",
        "Selector",
        "Menu",
        "Module",
        "Task",
        "Tasks",
        "Header",
        "Form",
        "Forms",
        "Teams",
        "Word",
        "Excel",
        "Outlook",
        "Office",
        "Edge",
        "Bed",
        "Beds",
        "Location",
        "Locations",
        "Movement",
        "Movements",
        "Transfer",
        "Transfers",
        "Discharge",
        "Admission",
        "The",
        "A",
        "An",
        "And",
        "Or",
        "On",
        "In",
        "At",
        "To",
        "For",
        "With",
        "From",
        "Of",
        "NHS",
        "MRN",
        "DOB",
        "EHR",
        "EPR",
        "ICU",
        "ITU",
        "AE",
        "ED",
        "OK",
        "PAS",
        "EPMA",
        "ALL",
        "I",
    )
)


@dataclass(frozen=True)
class _Rule:
    kind: Kind
    pattern: re.Pattern[str]
    group: int = 0
    accept: Callable[[re.Match[str]], bool] | None = None


def nhs_checksum_ok(digits: str) -> bool:
    """True when a ten-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _nhs_bare(m: re.Match[str]) -> bool:
    return nhs_checksum_ok(_digits(m.group(0)))


def _phone(m: re.Match[str]) -> bool:
    digits = _digits(m.group(0))
    if m.group(0).lstrip().startswith("+"):
        return 10 <= len(digits) <= 15
    return len(digits) in (10, 11) and digits.startswith("0")


def _name_words(m: re.Match[str]) -> tuple[int, int] | None:
    """The span of the name after trimming screen and menu words; None when nothing name-like is left."""
    start = m.start("name")
    end = start
    for word in re.finditer(r"[A-Za-z][A-Za-z'-]*\.?", m.group("name")):
        bare = word.group(0).rstrip(".")
        if len(bare) > 1 and bare in _NOT_NAMES:
            break
        end = start + word.end()
    full = re.findall(r"[A-Za-z'-]{2,}", m.string[start:end])
    return (start, end) if full else None


_I = re.IGNORECASE
_TITLES = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Sister|Master|Sr)\.?"

_RULES: tuple[_Rule, ...] = (
    _Rule(Kind.EMAIL, re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    _Rule(
        Kind.NHS,
        re.compile(r"\bNHS\s*(?:no\.?|number|num|#)?\s*[:#]?\s*(?:is\s+)?(\d{3}[\s-]?\d{3}[\s-]?\d{4})\b", _I),
        group=1,
    ),
    _Rule(Kind.NHS, re.compile(r"(?<![\w/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/.-])"), accept=_nhs_bare),
    _Rule(
        Kind.PHONE,
        re.compile(r"(?<![\w+])(?:\+\d{1,3}\s?(?:\(0\)\s?)?\d{2,5}|\(?0\d{2,5}\)?)(?:[\s-]?\d{2,4}){2,3}(?![\w])"),
        accept=_phone,
    ),
    _Rule(
        Kind.MRN,
        re.compile(
            r"\b(?:MRN|M\.R\.N\.?|hospital\s*(?:no\.?|number|num|#|id)|hosp\.?\s*(?:no\.?|num|#)"
            r"|unit\s*(?:no\.?|number)|patient\s*(?:id|number|no\.?)|PID|case\s*(?:no\.?|number)"
            r"|medical\s*record\s*(?:no\.?|number))\s*[:#.]?\s*(?:is\s+)?([A-Z]{0,3}\d[0-9A-Z-]{3,14})\b",
            _I,
        ),
        group=1,
    ),
    _Rule(
        Kind.DOB,
        re.compile(
            r"\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|born(?:\s+on)?|birthday(?:\s+is)?|b\.)\s*[:\-]?\s*("
            + _DATE
            + r"|\d{4})",
            _I,
        ),
        group=1,
    ),
    _Rule(
        Kind.DATE,
        re.compile(
            r"\b(?:admitted|admission|adm|discharged|discharge|d/c|died|death|deceased|passed\s+away|"
            r"seen|reviewed|operated|operation|surgery|procedure|delivered|delivery|attended|transferred|"
            r"appointment|appt|scan(?:ned)?|bloods|swabbed|fell|fall)\b[^.\n;]{0,25}?\b(" + _DATE + r")\b",
            _I,
        ),
        group=1,
    ),
    _Rule(
        Kind.AGE,
        re.compile(
            r"\b(?:aged?|age:)\s*(?P<age>\d{2,3})\b"
            r"|\b(?P<age2>\d{2,3})\s*-?\s*(?:years?|yrs?|y)\s*-?\s*old\b"
            r"|\b(?P<age3>\d{2,3})\s*(?:yo|y/o|y\.o\.?)(?!\w)",
            _I,
        ),
        accept=lambda m: 90 <= int(m.group("age") or m.group("age2") or m.group("age3")) <= 125,
    ),
    _Rule(
        Kind.POSTCODE,
        re.compile(r"\b(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2})\b"),
    ),
    _Rule(
        Kind.POSTCODE,
        re.compile(r"\bpost\s?code\s*[:\-]?\s*([a-z]{1,2}\d[a-z\d]?\s?\d[a-z]{2})\b", _I),
        group=1,
    ),
    _Rule(
        Kind.ADDRESS,
        re.compile(
            r"\b(?:flat\s+\d+[A-Za-z]?,?\s+)?\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}"
            r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Cl|Drive|Dr|Way|Court|Ct|Crescent|Cres|Place|Pl"
            r"|Gardens|Gdns|Terrace|Grove|Square|Sq|Mews|Row|Walk|Hill|Rise|Parade)\b\.?",
        ),
    ),
    _Rule(
        Kind.ADDRESS,
        re.compile(r"\b(?:lives\s+at|living\s+at|resides\s+at|address\s*(?:is|:|-))\s*([^,.;\n]{3,60})", _I),
        group=1,
    ),
    _Rule(
        Kind.BED,
        re.compile(
            r"\b(?:bed\s*space|bed|bay|side\s*room|SR|cubicle|cubicle|trolley|chair|cot|incubator)"
            r"\s*(?:no\.?|number|#)?\s*[:#]?\s*\d{1,3}[A-Za-z]?\b",
            _I,
        ),
    ),
    _Rule(
        Kind.NAME,
        re.compile(r"\b" + _TITLES + r"\s+(?P<name>" + _FULL_NAME + r")"),
    ),
    _Rule(
        Kind.NAME,
        re.compile(
            r"\b(?:patient|pt\.?|service\s+user|resident|client)\s+(?:called\s+|named\s+|is\s+)?(?P<name>"
            r"(?-i:" + _FULL_NAME + r"))",
            _I,
        ),
    ),
)

_PLACEHOLDER = {kind: f"[{kind.value}]" for kind in Kind}


def _name_span(m: re.Match[str], rule: _Rule) -> tuple[int, int]:
    if rule.kind is Kind.NAME:
        return _name_words(m) or (0, 0)
    if rule.kind is Kind.AGE:
        return m.span(0)
    return m.span(rule.group)


def _merge_adjacent(found: list[Finding], text: str) -> list[Finding]:
    """'bay 3 bed 2' is one location: neighbours of the same kind with only spaces or commas between merge."""
    merged: list[Finding] = []
    for f in found:
        if merged and merged[-1].kind is f.kind and not text[merged[-1].end : f.start].strip(" ,"):
            merged[-1] = Finding(f.kind, merged[-1].start, f.end)
        else:
            merged.append(f)
    return merged


class Guard:
    """Scans text for patient identifiers; hospital-specific MRN formats are added as regexes."""

    def __init__(self, mrn_patterns: Iterable[str] = ()) -> None:
        extra = tuple(_Rule(Kind.MRN, re.compile(p)) for p in mrn_patterns)
        self._rules = _RULES + extra

    def findings(self, text: str) -> list[Finding]:
        """Every identifier in the text, overlaps resolved in favour of the longer span."""
        candidates: list[Finding] = []
        for rule in self._rules:
            for m in rule.pattern.finditer(text):
                if rule.accept is not None and not rule.accept(m):
                    continue
                start, end = _name_span(m, rule)
                if end > start:
                    candidates.append(Finding(rule.kind, start, end))
        chosen: list[Finding] = []
        for f in sorted(candidates, key=lambda f: (-(f.end - f.start), f.start)):
            if all(f.end <= c.start or f.start >= c.end for c in chosen):
                chosen.append(f)
        return _merge_adjacent(sorted(chosen, key=lambda f: f.start), text)

    def scan(self, text: str) -> Scan:
        """The masked text and what was masked."""
        found = self.findings(text)
        parts: list[str] = []
        cursor = 0
        for f in found:
            parts.append(text[cursor : f.start])
            parts.append(_PLACEHOLDER[f.kind])
            cursor = f.end
        parts.append(text[cursor:])
        kinds = tuple(dict.fromkeys(f.kind for f in found))
        return Scan(masked="".join(parts), found=kinds)
