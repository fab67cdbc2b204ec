"""The patient-identifier guard: finds identifiers in free text and masks them.

Pure and deterministic. Names come from bot/domain/phi_names.py (a lexicon of names weighed against English, and
the context around each word; its slots, owners, growth and shared word tests live in phi_name_*.py); numbers,
dates, contacts and links from bot/domain/phi_patterns.py, postcodes, addresses and beds from
bot/domain/phi_places.py; the rest of an address after its street from
bot/domain/phi_address.py; dates in words or other languages after a date cue from bot/domain/phi_dates.py.
It errs towards masking where a value is tied to a person, and leaves alone what clinicians write all day about
systems: doses, times, versions, bleeps, extensions, ward codes, ticket ids, staff named by their role, and the
bay where a monitor is broken.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.domain import phi_words
from bot.domain.lexicon import Lexicon, load
from bot.domain.phi_address import tails
from bot.domain.phi_codes import snomed_code
from bot.domain.phi_dates import dates
from bot.domain.phi_name_base import Rule as NameRule
from bot.domain.phi_name_base import slip_of_equipment
from bot.domain.phi_names import NameFinder
from bot.domain.phi_patterns import RULES, Kind, Rule, is_old, nhs_checksum_ok
from bot.domain.phi_places import PLACE_RULES

__all__ = ["Finding", "Guard", "Kind", "Scan", "nhs_checksum_ok"]


@dataclass(frozen=True)
class Finding:
    kind: Kind
    start: int
    end: int
    why: str = ""


@dataclass(frozen=True)
class Scan:
    """What the guard made of a text: the masked text and the kinds it masked, in order of appearance."""

    masked: str
    found: tuple[Kind, ...]
    findings: tuple[Finding, ...] = field(default=(), compare=False)
    kept: tuple[Finding, ...] = field(default=(), compare=False)  # names left alone (staff, places), with why

    @property
    def clean(self) -> bool:
        return not self.found


_DATE_RUN_BIRTH = "a date of birth in words or another language's month names (DOB 13. studenog 1989)"
_DATE_RUN = Rule(
    Kind.DATE,
    "a date after an admission, discharge, death or appointment cue, in words or another language",
    re.compile(r"(?!)"),
    needs_patient=True,
)
_REST_OF_ADDRESS = "the rest of an address: its postcode, town, state or province after the street"
_PLACEHOLDER = {kind: f"[{kind.value}]" for kind in Kind}
_SENTENCE_END = re.compile(
    r"(?<!\bmr)(?<!\bmrs)(?<!\bdr)(?<!\bst)(?<!\bms)(?<!\b[a-z])[.!?;]+(?:\s+|$)|\n+|\s[-–]\s", re.I
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
# The address of an organisation, not a person: "the hospital is located at ...", "the clinic's address is ...".
_ORGANISATION = r"\b(?:hospital|clinic|surgery|practice|pharmacy|trust|site|centre|center|department|dept|office|hq)"
_ORGANISATION_AT = re.compile(
    _ORGANISATION
    + r"(?:['’]s)?\s+(?:(?:main\s+)?address\s+)?(?:is\s+|was\s+)?(?:now\s+)?(?:located\s+|based\s+|situated\s+)?"
    r"(?:at|is|:)?\s*$",
    re.IGNORECASE,
)
_BED_AS_KIT = re.compile(r"\b(?:the|a|this|that)\s+(?:[a-z]+\s+)?bed\s+(?:in|on|at|for)\b", re.I)
# Nouns a report about a system or a service uses as much as one about a patient.
_GENERIC_NOUNS = frozenset(
    """ward bay room transfer admission referral letter phone mobile home address number id file record records
    notes note results result scan care plan health member account social details appointment appt appts xray
    x-ray ecg news sample samples insulin pump oxygen o2 iv diet feed feeds""".split()
)
# What says a report is about a person: a patient word, a relative, a title, a patient's thing, what happens to one.
_PERSON_WORDS = (
    phi_words.PERSON_CUES
    | (phi_words.PATIENT_NOUNS - _GENERIC_NOUNS)
    | phi_words.PATIENT_BEFORE
    | phi_words.PATIENT_AFTER
    | phi_words.PATIENT_STATES
    | phi_words.PATIENT_TITLES
    | phi_words.ID_LABELS
) - phi_words.PLACE_WORDS
_DATE_ECHO = "another form of a patient's date in the sentence"
_ALONE = "kept: an unknown word alone, in a report that names no person, patient or identifier"
# Numbers a terminology code can be mistaken for: "procedure 34068001 Heart valve replacement" is SNOMED CT.
_CODE_KINDS = {Kind.ID, Kind.MRN, Kind.ACCOUNT}
_UNCUED_WEAK = {NameRule.NAMEY.value, NameRule.CAPITALISED.value}
_THINGS_OWNED = phi_words.PATIENT_NOUNS - phi_words.PLACE_WORDS - {"ward", "transfer", "admission", "referral"}


def _weak_alone(text: str, f: Finding) -> bool:
    """One plain word masked only for being unknown ("Papworth", "Sunnybrook"), or a given name in a report about
    the system and the team ("spoke to Jo on Ward 9, workaround is ..."); not a full name, not "Xóchitl"."""
    word = text[f.start : f.end]
    if f.why == NameRule.NAMEY.value and word.islower() and all(_WORD.fullmatch(p) for p in word.split()):
        after = _WORD.search(text, f.end)
        owned = after is not None and after.group(0).lower() in _THINGS_OWNED  # "sitara thapas record"
        return not owned  # "koppeling", "apteczka oddziałowa": lower-case words no list has, where no person is
    if not (word.isascii() and _WORD.fullmatch(word) is not None):
        return False
    return f.why in _UNCUED_WEAK or (f.why == NameRule.LEXICON.value and bool(_TEAM_TALK.search(text)))


# What the rapid-response team, champions and leads write about: the fix, not a patient.
_TEAM_TALK = re.compile(
    r"\b(?:workaround|fix(?:ed)?|release|ticket|incident|vendor|supplier|go-?live|training|rota|champions?|rrt"
    r"|helpdesk|office\s+hours|closing|governance|escalat\w*|upgrade|patch|hotfix|known\s+issue|survey|drop-?ins?)\b",
    re.I,
)


def _cued(text: str) -> bool:
    """A person word in the report ("she", "pt", "mum"), or an age ("11yo", "87 y/o"): someone is in it."""
    return not {w.lower() for w in _WORD.findall(text)}.isdisjoint(_PERSON_WORDS) or bool(_AN_AGE.search(text))


_AN_AGE = re.compile(r"\b\d{1,3}\s?(?:yo|y/o|y\.o\.?|yrs?\s+old|years?\s+old|yr\s+old)\b", re.IGNORECASE)


# A report about where someone lives: an address found there is a person's, patient word or not.
_HOME = re.compile(r"\b(?:address|addr|lives|living|resides|home|moved\s+to|nok|letters?\s+to)\b", re.I)
_PATIENT_KIT = re.compile(r"\b(?:pt|patient)\s+(?:lifter|hoist|trolley|sling|slide\s+sheet|line|flow)\b", re.I)
_ORGANISATION_LOCATED = re.compile(
    _ORGANISATION + r"\s+(?:is\s+|was\s+)?(?:now\s+)?(?:located|based|situated)\s+at\b", re.IGNORECASE
)


def _organisation_at(text: str, start: int) -> bool:
    """An address that follows "the hospital is located at" in its clause, or comes right after "the clinic's
    address is": an organisation's, not a patient's."""
    if _ORGANISATION_AT.search(text, 0, start):
        return True
    sentence = _sentence_of(text, start)
    return bool(_ORGANISATION_LOCATED.search(text, sentence[0], start))


# Kinds that, found in a sentence, put a patient in it (so the bed next to them is theirs).
_PERSONAL = {Kind.NAME, Kind.MRN, Kind.NHS, Kind.SSN, Kind.DOB, Kind.AGE, Kind.NINO, Kind.ACCOUNT}


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _merge_adjacent(found: list[Finding], text: str) -> list[Finding]:
    """'bay 3 bed 2' is one location: neighbours of the same kind with only spaces or commas between merge."""
    merged: list[Finding] = []
    for f in found:
        if merged and merged[-1].kind is f.kind and not text[merged[-1].end : f.start].strip(" ,"):
            merged[-1] = Finding(f.kind, merged[-1].start, f.end, merged[-1].why)
        else:
            merged.append(f)
    return merged


class Guard:
    """Scans text for patient identifiers; hospital-specific MRN formats are added as regexes."""

    def __init__(self, mrn_patterns: Iterable[str] = (), *, this_year: int = 2026) -> None:
        extra = tuple(
            Rule(Kind.MRN, "a hospital number format from [phi] mrn_patterns", re.compile(p)) for p in mrn_patterns
        )
        self._rules = RULES + PLACE_RULES + extra
        self._year = this_year
        self._lex = load()
        self._names = NameFinder(self._lex)

    def scan(self, text: str) -> Scan:
        """The masked text, what was masked, and why."""
        found, kept = self._find(text)
        parts: list[str] = []
        cursor = 0
        for f in found:
            parts.append(text[cursor : f.start])
            parts.append(_PLACEHOLDER[f.kind])
            cursor = f.end
        parts.append(text[cursor:])
        kinds = tuple(dict.fromkeys(f.kind for f in found))
        return Scan("".join(parts), kinds, tuple(found), tuple(kept))

    def findings(self, text: str) -> list[Finding]:
        """Every identifier in the text, overlaps resolved in favour of the longer span."""
        return self._find(text)[0]

    def _find(self, text: str) -> tuple[list[Finding], list[Finding]]:
        names, kept_names = self._names.find(text)
        candidates = [Finding(Kind.NAME, n.start, n.end, n.rule.value) for n in names]
        candidates += _after_names(text, candidates)
        kept = [Finding(Kind.NAME, n.start, n.end, n.rule.value) for n in kept_names]
        contextual: list[tuple[Rule, Finding]] = []
        for rule in self._rules:
            for m in rule.pattern.finditer(text):
                if rule.accept is not None and not rule.accept(m):
                    continue
                start, end = m.span(rule.group) if m.group(rule.group) is not None else m.span(0)
                if end <= start or (rule.old_date and not is_old(m.group(0), self._year)):
                    continue
                finding = Finding(rule.kind, start, end, rule.why)
                if rule.kind is Kind.ADDRESS and _organisation_at(text, start):
                    continue  # "the hospital is located at 30 Bond St": no patient's home
                if rule.needs_patient or rule.place:
                    contextual.append((rule, finding))
                else:
                    candidates.append(finding)
        for start, end, cue in dates(text):
            if cue == "birth":
                candidates.append(Finding(Kind.DOB, start, end, _DATE_RUN_BIRTH))
            elif cue == "own":
                candidates.append(Finding(Kind.DATE, start, end, _DATE_RUN.why))
            else:
                contextual.append((_DATE_RUN, Finding(Kind.DATE, start, end, _DATE_RUN.why)))
        candidates = [f for f in candidates if not (f.kind in _CODE_KINDS and snomed_code(text, f.start, f.end))]
        candidates = _resolve(_not_organisations(text, _not_devices(text, candidates)))
        for rule, finding in contextual:
            # a date is a patient's when the report is about one; a bed only when its own sentence is
            sentence = (0, len(text)) if rule.needs_patient else _clause_run_of(text, finding.start)
            if (
                (_about_person(text, sentence, candidates) or (rule.kind is Kind.ADDRESS and _HOME.search(text)))
                if rule.needs_patient
                else _about_patient(text, sentence, candidates, self._lex)
            ):
                candidates.append(finding)
        chosen = _resolve(candidates)
        values = [(f.start, f.end, f.kind.value) for f in chosen]
        owners = self._names.owners(text, values, [(f.start, f.end) for f in chosen])
        if owners:
            chosen = _resolve(chosen + [Finding(Kind.NAME, n.start, n.end, n.rule.value) for n in owners])
        rest = tails(text, [(f.start, f.end, f.kind.value) for f in chosen])
        if rest:
            chosen = _resolve(chosen + [Finding(Kind.ADDRESS, s, e, _REST_OF_ADDRESS) for s, e in rest])
        chosen = _merge_adjacent(_resolve(chosen + _echoes(text, chosen) + _ages_after_dates(text, chosen)), text)
        if chosen and all(f.kind is Kind.NAME and _weak_alone(text, f) for f in chosen) and not _cued(text):
            # an unknown word alone, in a report with no person, patient or identifier in it, is no evidence of a
            # name: "Papworth says the referral emails bounce", "the Hugger in OR 11"
            kept += [Finding(Kind.NAME, f.start, f.end, _ALONE) for f in chosen]
            chosen = []
        return chosen, [k for k in kept if all(k.end <= c.start or k.start >= c.end for c in chosen)]


# Kinds a supplier, an invoice or a company has too; a person's own numbers (NHS, SSN, NINO), emails and IPs stay.
_ORGANISATION_KINDS = {Kind.NAME, Kind.ID, Kind.ACCOUNT, Kind.MRN, Kind.AGE, Kind.PHONE, Kind.ADDRESS, Kind.POSTCODE}


# A device's own address or number: a MAC address, an IMEI. Nothing inside one is anyone's identifier.
_DEVICE = re.compile(
    r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b|\b[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}\b"
    r"|\bimei\s*(?:no\.?|number|#|:)?\s*\d{14,16}\b",
    re.IGNORECASE,
)


def _not_devices(text: str, found: list[Finding]) -> list[Finding]:
    """Drops what lies inside a device's MAC address or IMEI ("mac 0a:23:f5:67:89:ac", "IMEI 352099001761481")."""
    devices = [m.span() for m in _DEVICE.finditer(text)]
    if not devices:
        return found
    return [f for f in found if not any(a <= f.start and f.end <= b for a, b in devices)]


def _not_organisations(text: str, found: list[Finding]) -> list[Finding]:
    """Drops what a sentence about an organisation's business holds ("courier firm ACN 005 499 981 on the delivery
    note", "FIRECAKES LLC doughnuts charged to the ward"), unless a person is in that sentence too."""
    kept: list[Finding] = []
    for f in found:
        if f.kind in _ORGANISATION_KINDS:
            sentence = _sentence_of(text, f.start)
            words = _words_in(text, sentence)
            if words & phi_words.ORGANISATION_CUES and not words & phi_words.PERSON_CUES:
                continue
        kept.append(f)
    return kept


def _sentence_of(text: str, at: int) -> tuple[int, int]:
    for start, end in _sentences(text):
        if start <= at < end:
            return start, end
    return 0, len(text)


def _clause_run_of(text: str, at: int) -> tuple[int, int]:
    """The sentence around a bed, with the clauses a dash joins to it: "BUSH in SR1 - obs not saving" is one."""
    start, end = _sentence_of(text, at)
    spans = _sentences(text)
    while end < len(text) and re.search(r"\s[-–]\s$", text[start:end]):
        end = next((e for s, e in spans if s == end), len(text))
    while start > 0 and re.search(r"\s[-–]\s$", text[:start]):
        start = next((s for s, e in spans if e == start), 0)
    return start, end


def _words_in(text: str, sentence: tuple[int, int]) -> set[str]:
    return {w.lower() for w in _WORD.findall(text[sentence[0] : sentence[1]])}


def _personal(sentence: tuple[int, int], found: list[Finding]) -> bool:
    return any(f.kind in _PERSONAL and sentence[0] <= f.start < sentence[1] for f in found)


def _about_person(text: str, sentence: tuple[int, int], found: list[Finding]) -> bool:
    """A patient is in the sentence: an identifier of a person, a person, or a patient's things."""
    return _personal(sentence, found) or bool(_words_in(text, sentence) & phi_words.DATE_CUES)


def _about_patient(text: str, sentence: tuple[int, int], found: list[Finding], lex: Lexicon) -> bool:
    """For a bed or room: mask it unless the sentence is about equipment there and names no person."""
    if _personal(sentence, found):
        return True
    words = _words_in(text, sentence)
    if _PATIENT_KIT.search(text, sentence[0], sentence[1]):
        words -= {"pt", "patient"}  # "the pt lifter in bay 4": equipment for patients, not a patient
    if words & phi_words.PERSON_CUES:
        return True
    if _BED_AS_KIT.search(text, sentence[0], sentence[1]):
        return False  # "the bariatric bed in SR6 keeps deflating": the bed itself is the kit
    if words & phi_words.PLACE_STATES:
        return False  # "bed 9 and bed 11 are blocked but empty", "rm 509 was cleaned 2 hrs ago"
    if words & phi_words.EQUIPMENT or any(_equipment_slip(word, lex) for word in words):
        return False
    if words & _STAFF_WORK:
        return False  # "staff nurse Ruth is doing the drug round in bay A": who covers the bay, not who lies in it
    return bool(words & _PATIENT_THINGS)  # "bay 2 obs not saving"; nothing of a patient's: the place itself


_STAFF_WORK = frozenset("round rounds rota allocated allocation covering cover".split())
# What a sentence about a bed says when a patient lies in it (their obs, bloods, meds, isolation, that it is occupied).
_PATIENT_THINGS = (phi_words.PATIENT_NOUNS - phi_words.PLACE_WORDS - {"ward", "transfer", "admission", "phone"}) | {
    "isolation",
    "isolated",
    "infection",
    "infectious",
    "occupied",
    "tracking",
    "moved",
    "inpatient",
    "admitted",
    "he's",
    "she's",
    "hes",
    "shes",
}


def _equipment_slip(word: str, lex: Lexicon) -> bool:
    """ "scannner", "sockt", "lptop", "wiif": equipment typed in a hurry (no English word itself, so not "night")."""
    return len(word) >= 4 and word.isascii() and lex.level(word) is None and slip_of_equipment(word)


# Kinds whose values come back cut short or misspelt; a word that echoes part of a link or an address does not count.
_ECHOED = {Kind.NAME, Kind.MRN, Kind.NHS, Kind.ID, Kind.ACCOUNT, Kind.SSN, Kind.PHONE, Kind.NINO, Kind.BED}
_ECHO_TOKEN = re.compile(r"(?:[^\W_]|\ufffd)+(?:[/-](?:[^\W_]|\ufffd)+)*")
_DOB_CUE = re.compile(r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday)(?!\w)", re.I)
_DAY_MONTH = re.compile(r"(?<![\w/.])(?:\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|(?:19|20)\d\d)(?![\w/])")


@functools.lru_cache(maxsize=50_000)
def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if c.isalnum() and c.isascii())


def _echo_of(token: str, value: str) -> bool:
    """ "PRECI" echoes "precious", "7721094" echoes "77210943", "Xchitl" echoes "Xóchitl"."""
    a, b = _fold(token), _fold(value)
    if len(a) < 4 or len(b) < 4 or a == b:
        return len(a) >= 4 and a == b
    if a.isdigit() != b.isdigit():
        return False
    if b.startswith(a) or a.startswith(b):
        return True
    return not a.isdigit() and len(a) >= 5 and len(b) >= 5 and _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[i + 1 :] == b[i + 1 :] or a[i:] == b[i + 1 :] or a[i + 1 :] == b[i:]


def _echoes(text: str, found: list[Finding]) -> list[Finding]:
    """The same identifier again, cut short or misspelt ("scans as 7721094", "prints as PRECI"), and any other
    date or year in a sentence that holds a date of birth ("dob 04/15/1952 but ours shows 15/04", "shows as 1916")."""
    echoes: list[Finding] = []
    values = [(f, part) for f in found if f.kind in _ECHOED for part in _ECHO_TOKEN.findall(text[f.start : f.end])]
    values = [(f, part) for f, part in values if len(_fold(part)) >= 4]
    for m in _ECHO_TOKEN.finditer(text) if values else ():
        if len(m.group(0)) < 4:
            continue
        if any(f.start <= m.start() < f.end for f in found):
            continue
        for f, part in values:
            if f.kind in _ECHOED and _echo_of(m.group(0), part):
                echoes.append(Finding(f.kind, m.start(), m.end(), "a variant of an identifier found in the text"))
                break
    for f in found:
        start, end = _sentence_of(text, f.start)
        if f.kind is Kind.DOB or (f.kind is Kind.DATE and _DOB_CUE.search(text, start, end)):
            # "dob for Ana keeps changing to 01/01/1900 when I save it, should be 1968"
            for m in _DAY_MONTH.finditer(text, start, end):
                if not f.start <= m.start() < f.end:
                    echoes.append(
                        Finding(Kind.DOB, m.start(), m.end(), "another form of a date of birth in the sentence")
                    )
        elif f.kind is Kind.DATE:  # "date of admission 25/2/24, ppm+ has it as 27/12/23": the same date, mistyped
            for m in _DAY_MONTH.finditer(text, start, end):
                if not f.start <= m.start() < f.end and not m.group(0).isdigit():
                    echoes.append(Finding(Kind.DATE, m.start(), m.end(), _DATE_ECHO))
    return echoes


_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_AFTER_NAME = re.compile(
    r"\s*(?:[,(]|\b(?:is|was|aged)\b)?\s*(9\d|1\d\d|ninety(?:[- ]"
    + _UNITS
    + r")?|(?:a|one)[- ]hundred(?:[- ]and[- ]"
    + _UNITS
    + r")?)(?![\w.])(?:\s*[MFmf]\b)?\s*\)?",
    re.IGNORECASE,
)


_BED_AFTER_NAME = re.compile(r" {1,2}([bB]\d{1,2}[a-dA-D]?)(?![\w.%/])")
# "Aaliyah Jones in 402B": a room number with no "room" before it, right after a name.
# What a patient in a numbered room is said to do next: "Amber in 8 says", "Rusty in 14 is 96", "Frank in 7 pulled".
_DOES = (
    r"(?:fell|is|has|was|wants|needs|keeps|says|said|had|pulled|asking|asked|refus\w*|shout\w*|climb\w*|and|still"
    r"|going|wanting|on|for|c/o|complain\w*|vomit\w*|desat\w*|are|were|both)"
)
_ROOM_AFTER_NAME = re.compile(
    r"\s+(?:in\s+)?(\d{1,2}[A-Z]{1,2}-\d{2,4}[A-Z]?)(?![\w/.:%-])"  # "Abdirahman Warsame 5W-522", "in 4W-419"
    r"|\s+in\s+((?!(?:19|20)\d\d\b)\d{3,4}[A-Za-z]?|\d{1,2}[A-Za-z]|\d{1,2}(?=\s*[,)]|\s+" + _DOES + r"\b))"
    r"(?![\w/.:%-])",
    re.IGNORECASE,
)
# "Mrs Hegedus from Bexhill on Sea - community referral bouncing back": where a patient comes from is their town.
_TOWN_AFTER_NAME = re.compile(
    r"\s+from\s+((?!(?:the|a|an|home|work|it|ict|pharmacy|theatres?|ward|ed|ae|a&e|icu|itu|hdu|gp|here|there)\b)"
    r"[A-Za-z][a-z'’-]{2,}(?:[- ](?:on|upon|in|under|le|by)[- ][A-Za-z][a-z'’-]+|\s[A-Z][a-z'’-]+)?)"
    r"(?=\s*(?:$|[,.;!?]|\s[-–]\s))",
    re.IGNORECASE,
)
# What a name is followed by that belongs to the same patient: "Eleni 91 in bay 5", "Mavis (93)" (an age over 89);
# "mrs Lang B2 - obs not saving" (bay shorthand: where that patient lies).
# "Daryl Houston 577424 DOB 1937-02-14": five to ten digits right after a name are the name's record number (not a
# dose, a time, a year or a date, which carry units, colons or separators).
_NUMBER_AFTER_NAME = re.compile(r"(?:\s|,\s?)(\d{5,10})(?![\w:/.%-]|\s*(?:mg|mcg|ml|units?|kg|am|pm|hrs?)\b)")
_NUMBER_BEFORE_NAME = re.compile(r"(?:^|(?<=\sand\s)|(?<=[,;]\s))(\d{5,10})\s+$")
# A handover list's bed before its patient: "b11 angus and b12 ewan", "b6 mrs begum for d/c".
_BED_BEFORE_NAME = re.compile(
    r"(?<![\w/.-])(b\d{1,2}[a-z]?)\s*[:-]?\s+(?:(?:mr|mrs|ms|miss|mx)\.?\s+)?$", re.IGNORECASE
)
_AFTER_NAMES = (
    (_AGE_AFTER_NAME, Kind.AGE, "an age over 89 right after a name"),
    (_BED_AFTER_NAME, Kind.BED, "bay shorthand right after a name"),
    (_TOWN_AFTER_NAME, Kind.ADDRESS, "the town a patient is from, right after their name"),
    (_ROOM_AFTER_NAME, Kind.BED, "a room number right after a name ('in 402B')"),
    (_NUMBER_AFTER_NAME, Kind.MRN, "a record number right after a patient's name ('Daryl Houston 577424 DOB ...')"),
)


_AGE_AFTER_DOB = re.compile(r"\s+(9\d|1[01]\d)(?![\d.,%])(?!\s*(?:%|kg|bpm|mg|ml|mmhg))")


def _ages_after_dates(text: str, found: list[Finding]) -> list[Finding]:
    """ "Lars Nielsen 8 May 1930 96 flagged as paediatric": an age over 89 right after a patient's date of birth."""
    ages = []
    for f in found:
        if f.kind in (Kind.DOB, Kind.DATE):
            m = _AGE_AFTER_DOB.match(text, f.end)
            if m and any(n.kind is Kind.NAME and n.end <= f.start for n in found):
                ages.append(Finding(Kind.AGE, m.start(1), m.end(1), "an age over 89 right after a date of birth"))
    return ages


def _after_names(text: str, names: list[Finding]) -> list[Finding]:
    """The ages and bays written right after a name found (and a record number that opens a report before one)."""
    found = []
    for name in names:
        m = _NUMBER_BEFORE_NAME.search(text, 0, name.start)
        if m:
            found.append(Finding(Kind.MRN, m.start(1), m.end(1), "a record number opening a report before a name"))
        m = _BED_BEFORE_NAME.search(text, max(0, name.start - 16), name.start)
        if m:
            found.append(Finding(Kind.BED, m.start(1), m.end(1), "a bed typed right before a patient's name"))
    for pattern, kind, why in _AFTER_NAMES:
        for name in names:
            m = pattern.match(text, name.end)
            if m:
                group = next(g for g in range(1, (pattern.groups or 1) + 1) if m.group(g) is not None)
                found.append(Finding(kind, m.start(group), m.end(group), why))
    return found


def _resolve(candidates: list[Finding]) -> list[Finding]:
    """Overlapping findings become one mask over both, named by the longer (the earlier rule on a tie): a street
    and the postcode that ends it, a name run into an email address. Nothing found is ever dropped."""
    ranked = {id(f): rank for rank, f in enumerate(candidates)}
    merged: list[tuple[Finding, Finding]] = []  # (union so far, the finding that names it)
    for f in sorted(candidates, key=lambda f: (f.start, -(f.end - f.start))):
        if merged and f.start < merged[-1][0].end:
            union, lead = merged[-1]
            longer = (f.end - f.start, -ranked[id(f)]) > (lead.end - lead.start, -ranked[id(lead)])
            lead = f if longer else lead
            union = Finding(lead.kind, union.start, max(union.end, f.end), lead.why)
            merged[-1] = (union, lead)
        else:
            merged.append((f, f))
    return [union for union, _ in merged]
