"""Finds patients' names in a line of text, titled or not, in any case; keeps staff named by their title or role.

A word is weighed three ways: is it a given name or surname in the lexicon, is it English (and how common), and
what stands around it (a title, "patient", "her daughter", "'s obs", "in bay 2", "fell", "the registrar"). A word
that is no English word, no slip of one and no hospital word is, in a ward report, a name the lexicon lacks.
Pure: text in, spans out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain import phi_words as w
from bot.domain.lexicon import OBSCURE, Lexicon
from bot.domain.phi_tokens import NEVER_ALONE, RARE, Cls, Tok, one_slip, sentence_start, tokens

# An age, a sex or an identifier right after a word: "Ama (93)", "Ama 84F", "Ama, 93", "Eleni 91", "(aged 92)".
_AGE_NEXT = re.compile(
    r"\s*\(\s*(?:aged?|dob|d\.o\.b|born|nhs|mrn|[mf]\s*,?\s*\d)|\s*\(\s*\d{1,3}(?!\d)|\s*,?\s*\d{1,3}\s*[MF]\b"
    r"|\s+[MF]\s*,\s*\d{1,3}\b|\s*,\s*[MF]\s*,?\s*(?:9\d|1[01]\d)\b"
    r"|\s*,?\s*(?:9\d|1[01]\d)\b|\s+(?:ninety|(?:a|one)[- ]hundred)\b"
    r"|\s+(?:is|was|turns|turned)\s+(?:ninety|(?:a|one)[- ]hundred|(?:9\d|1[01]\d)(?![\d.,%])"
    r"(?!\s*(?:%|kg|bpm|mg|ml|mmhg|percent|on\b|per\b|at\b)))\b",
    re.IGNORECASE,
)
_SENTENCE_GAP = re.compile(r"[.!?;:\n]|\s[-–]\s")
_CLAUSE_END = re.compile(r"[.!?;]\s|\n|\s[-–]\s")  # not the dots inside "737.06.0866"
_EVENT_AFTER = re.compile(
    r"\s+(?:(?:was|is|has\s+been|got)\s+(?:d/c|dc|d/c'd|dc'd|d/cd|discharged|admitted|tci|transferred)\b|lives\s+(?:in|at)\b)",
    re.IGNORECASE,
)
# An identifier's label right after a word: "nitu kalyan h/n 64 099 510", "Ama dob 1/2/40".
_ID_AFTER = re.compile(
    r"\s+(?:h/n|h/no|hn|nhs|dob|d\.o\.b|mrn|ssn|pas\s*no|hosp(?:ital)?\s*no|unit\s*no|cr\s*no|fin|csn"
    r"|(?:case|record|patient|band)\s*(?:no|number|#)|date\s+of\s+birth)\b",
    re.IGNORECASE,
)
_AGE_LABEL = re.compile(r"\s+(?:age|aged)\s+\d", re.IGNORECASE)
# "hospital number", "unit no:": the place word is the start of an identifier's label.
_LABEL_NEXT = re.compile(
    r"\.?\s*(?:no\b|number|num\b|#|id\b)\.?\s*[:#]?\s*(?:is\s+)?[A-Za-z]{0,3}[-\s]?\d", re.IGNORECASE
)
_DETERMINERS = frozenset("the a an this that these those my our your her his their its some any every".split())
# Lower-case words after a name that are verbs and nouns, not surnames, though the Census lists them: "vinson stuck".
_COMMON_WORDS = frozenset(
    """stuck rang said says told asked called came went gave took sent left moved still again also only old yr yrs
    needs wants keeps getting going having being doing saying showing waiting sitting lying case will may
    can bill sue pat rob chase page bay ward rose born date number age aged""".split()
)
# Words after a name that say what happened to the person, though the Census lists them as surnames.
_NOT_SURNAMES = _COMMON_WORDS | w.PATIENT_AFTER | w.PATIENT_EVENTS | w.PATIENT_STATES
_PERSON_WORDS = w.PERSON_CUES | w.ID_LABELS | w.PATIENT_NOUNS
# Things named after a person: "Hudson mask", "Seldinger kit", "Ryles tube", "Valsalva manoeuvre".
_EPONYM_NOUNS = frozenset(
    """mask masks test tests line lines kit kits tube tubes catheter catheters score scores scale sign signs
    position manoeuvre maneuver step pattern breathing needle cannula drain splint frame criteria classification
    syndrome disease procedure technique one""".split()
)
_MONTHS = frozenset("jan january feb mar apr april may jun june jul july aug august sep sept oct nov dec".split())
_SUFFIXES = frozenset("jr sr ii iii iv snr jnr".split())
_PLACE_BEFORE = frozenset("st saint queen king royal prince princess san santa los las fort mount lake port".split())
_TEAM_INTRO = frozenset("from frm".split())
_GREETINGS = frozenset("hi hiya hello hey morning evening all team teeam folks guys".split())
_ROLE_INTRO = frozenset("the teh hte tge tje our a an is from".split())


class Rule(StrEnum):
    """Why a name was masked or kept; `pilotbot phi scan --explain` prints these."""

    TITLE = "name after a patient title (Mr, Mrs, Ms, Miss, Mx)"
    CONTEXT = "name after a patient word (patient, pt, her daughter, called, named)"
    LEXICON = "a given name or surname in the lexicon that is not an ordinary English word"
    FULL = "a name next to an initial or a given name next to a surname"
    NAMEY = "a word that is no English word, no slip of one and no hospital word"
    CAPITALISED = "an unknown word with a capital in mid-sentence"
    OWNER = "a name an identifier gives away (in an email address, or opening a report before a record number)"
    SLOT = "a name where a report names the patient a record was confused with (belongs to X, shows X but)"
    EVIDENCE = "a word used as a patient (fell, 's obs, in bay 2, an age, an NHS number after it)"
    STAFF = "kept: staff named by title or role"
    PLACE = "kept: the name of a ward, hospital, device or eponym"


@dataclass(frozen=True)
class NameSpan:
    start: int
    end: int
    rule: Rule


class NameFinder:
    """Finds patients' names with a lexicon and the context around each word."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._lex = lexicon
        self._last: tuple[str, list[Tok]] = ("", [])

    def _tokens(self, text: str) -> list[Tok]:
        if self._last[0] != text or not self._last[1]:
            self._last = (text, tokens(text, self._lex))
        return self._last[1]

    def owners(self, text: str, values: list[tuple[int, int, str]], taken: list[tuple[int, int]]) -> list[NameSpan]:
        """Names the text's identifiers give away: a word an email address is made of ("sent to dean70@gmail.com but
        dean never got it"), and the name that opens a report right before a record number or a postcode
        ("Emerita K7061517 - wristband printer", "han hei, tf18 9nb, showing under the wrong gp")."""
        toks = self._tokens(text)
        free = [k for k, t in enumerate(toks) if all(t.end <= a or t.start >= b for a, b in taken)]
        found: dict[int, Rule] = {}
        parts = {p for start, end, kind in values if kind == "EMAIL" for p in _email_parts(text[start:end])}
        for k in free if parts else ():
            tok = toks[k]
            if len(tok.low) < 3 or not _could_be_name(tok) or tok.low in _COMMON_WORDS:
                continue
            if tok.cls is Cls.WEAK and not (tok.given or tok.ecase == "cap"):
                continue
            stem = tok.low[:-1] if tok.low.endswith("s") and len(tok.low) >= 5 else tok.low  # "kisos appt letter"
            if tok.low in parts or any(len(x) >= 4 and p.startswith(x) for p in parts for x in (tok.low, stem)):
                found[k] = Rule.OWNER
        for k in free[:-1] if parts else ():
            a, b = toks[k], toks[k + 1]
            pair = a.low + b.low  # "hee soo" in bum.heesoo@outlook.com
            if (k + 1) in free and _joined(toks, k + 1) and len(pair) >= 5 and pair in parts and a.case == b.case:
                found[k] = found[k + 1] = Rule.OWNER
        for start, _end, kind in values:
            if kind in ("MRN", "NHS", "POSTCODE", "ACCOUNT", "SSN", "NINO", "ADDRESS", "DOB"):
                for k in _lead_before(toks, _label_start(toks, start)):
                    found.setdefault(k, Rule.OWNER)
            given = _given_before(text, toks, start) if kind == "MRN" else None
            if given is not None:
                found.setdefault(given, Rule.OWNER)  # "TTO for Grace K2093847 says 0 items"
        return _spans(toks, {k: r for k, r in found.items() if k in free})

    def find(self, text: str) -> tuple[list[NameSpan], list[NameSpan]]:
        """Patients' names to mask, and the names kept (staff, places) with why."""
        toks = self._tokens(text)
        found: dict[int, Rule] = {}
        kept: dict[int, Rule] = _products(toks)
        for i in range(len(toks)):
            if i not in found and i not in kept:
                _at(toks, i, found, kept)
        _possessors(toks, found, kept)
        _relatives_in_brackets(toks, found, kept)
        _backwards(toks, found, kept)
        _neighbours(toks, found, kept)
        return _spans(toks, found), _spans(toks, kept)


def _at(toks: list[Tok], i: int, found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    tok = toks[i]
    bare = tok.low.rstrip(".")
    if bare in w.PATIENT_TITLES and _joined(toks, i + 1):
        span = _after_title(toks, i + 1)
        _assign(span, Rule.STAFF if _role_follows(toks, span) else Rule.TITLE, found, kept)
        return
    if _staff_title(toks, i, found):
        span = _after_title(toks, i + 1)
        patient = _patient_before(toks, i) or (bool(span) and _STAFF_AS_PATIENT.match(toks[span[-1]].text_after))
        _assign(span, Rule.CONTEXT if patient else Rule.STAFF, found, kept)
        return
    if _patient_trigger(toks, i, found):
        j = i + 2 if i + 1 < len(toks) and toks[i + 1].low in ("is", "was") else i + 1  # "pt is ENZO DA ROSA"
        if tok.low in _KIN and [t.low for t in toks[i + 1 : i + 3]] == ["in", "law"]:
            j = i + 3  # "her daughter in law anna"
        loose = tok.low in ("named", "called", "name", "surname")
        span = _after_context(toks, j, loose=loose, kin=tok.low in _KIN and j in (i + 1, i + 3))
        if span:
            _assign(_expand(toks, span), Rule.CONTEXT, found, kept)
            return
    run = _opening_person(toks, i)
    if run:
        _assign(run, _why_kept(toks, run) or Rule.FULL, found, kept)
        return
    slot = _slot_name(toks, i, found)
    if slot:
        _assign(slot, _why_kept(toks, slot, slot=True) or Rule.SLOT, found, kept)
        return
    rule = _seed(toks, i)
    coordinated = i >= 2 and toks[i - 1].low in ("and", "&", "or") and (i - 2) in found
    if rule is None and coordinated and tok.ecase == "cap" and tok.cls in (Cls.WEAK, Cls.UNKNOWN, Cls.STRONG):
        rule = found[i - 2]  # "Şeyda and Şerife"
    if rule is None and coordinated and _two_unlisted(toks, i):
        rule = found[i - 2]  # "Avraham and liran boh"
    unlisted = tok.cls is Cls.UNKNOWN and not _equipment_slip(tok) and not _place_after(tok)  # "X and elad both"
    nxt = toks[i + 1] if _joined(toks, i + 1) else None
    unlisted = unlisted or (tok.given and nxt is not None and nxt.surname and nxt.low not in _NOT_NEIGHBOURS)
    if (
        rule is None
        and coordinated
        and (tok.cls is Cls.STRONG or tok.namey or unlisted)
        and len(tok.low) >= 3
        and not tok.staff
    ):
        rule = found[i - 2]  # "yousif muhammad and shahid", "assad soheil and elad"
    if rule is None:
        return
    span = _expand(toks, [i])
    _assign(span, _why_kept(toks, span) or rule, found, kept)


# A doctor who is the patient: "dr hale (pt, retired GP) in SR1", "Dr Adaeze Nnamdi is a pt on our ward".
_STAFF_AS_PATIENT = re.compile(
    r"\s*(?:\(\s*(?:the\s+)?(?:pt|patient|ptnt)\b|,?\s+(?:is|was)\s+(?:a|our|the)\s+(?:pt|patient|inpatient)\b)", re.I
)


def _given_before(text: str, toks: list[Tok], at: int) -> int | None:
    """The capitalised given name typed right before a record number, one space between, or None."""
    before = [k for k, t in enumerate(toks) if t.full_end <= at]
    if not before:
        return None
    k = before[-1]
    tok = toks[k]
    if text[tok.full_end : at] != " " or (k + 1 < len(toks) and toks[k + 1].start < at):
        return None
    return k if tok.given and tok.ecase == "cap" and tok.cls is not Cls.STOP else None


def _email_parts(address: str) -> set[str]:
    local = address.split("@", 1)[0].lower()
    return {p for p in re.split(r"[^a-z]+", local) if len(p) >= 3}


def _lead_before(toks: list[Tok], at: int) -> list[int]:
    """One to three name-like words that open a report (after a greeting) and stand right before position `at`."""
    ends = [k for k, t in enumerate(toks) if t.full_end <= at]
    if not ends:
        return []
    last = ends[-1]
    if last + 1 < len(toks) and toks[last + 1].start < at:
        return []
    first = last
    while first > 0 and last - first < 2 and not sentence_start(toks, first) and _joined(toks, first):
        first -= 1
    if not sentence_start(toks, first) and not all(t.low in _GREETINGS | _OPENERS for t in toks[:first]):
        return []
    while first <= last and toks[first].low in _GREETINGS | _OPENERS:
        first += 1
    span = list(range(first, last + 1))
    if not span or len(span) > 3 or any(toks[k].low in _LABEL_WORDS for k in span):
        return []  # "med rec # 7801824": a label, not a name
    for k in span:
        tok = toks[k]
        named_vocab = tok.cls is Cls.VOCAB and (tok.given or tok.surname) and len(span) > 1  # "german ruiz, 8100 s..."
        if tok.cls is Cls.VOCAB and (not named_vocab or tok.low in _NOT_NEIGHBOURS or tok.low in w.PLACE_WORDS):
            return []
        if not (_could_be_name(tok) or named_vocab) or tok.staff or tok.low in _COMMON_WORDS:
            return []
        if tok.cls is Cls.WEAK and not (tok.given or tok.surname or tok.ecase == "cap"):
            return []
        if tok.cls is Cls.UNKNOWN and not (tok.namey or tok.ecase == "cap" or len(span) > 1):
            return []
    return span


_OPENERS = frozenset("quick one re fao it urgent sorry to bother pls help again".split())
_LABEL_WORDS = frozenset(
    "nhs no number num mrn hosp hospital unit pas ssn acct account id med rec dob date of birth".split()
)


def _label_start(toks: list[Tok], at: int) -> int:
    """Where the label before a value begins, when a comma sets it off from what comes before: "kaori, nhs
    number: 7204620305" (the name opening the report stands before the label, not the number)."""
    before = [k for k, t in enumerate(toks) if t.full_end <= at]
    k = len(before)
    while k > 0 and toks[k - 1].low in _LABEL_WORDS and k > len(before) - 3:
        k -= 1
    if k == len(before) or k == 0 or not re.fullmatch(r",\s?|\s*\(\s*", toks[k].gap):
        return at  # but "kaori, nhs number: 720...", "eun sil mi (dob: 1/2/40)"
    return toks[k].start


def _backwards(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """Names that lean on the one after them: "GUY, Hannah" (surname first) and "mara and Zsanett"; and the given
    name after a surname that opens a report: "rojas, kelvin - duplicate"."""
    for i in sorted(found):
        nxt = i + 1
        if nxt < len(toks) and nxt not in found and nxt not in kept and re.fullmatch(r",\s?", toks[nxt].gap):
            given = toks[nxt].given and _could_be_name(toks[nxt]) and toks[nxt].low not in _COMMON_WORDS
            if given or toks[nxt].namey or (i == 0 and _named_word(toks[nxt])) or _given_before_label(toks, i, nxt):
                found[nxt] = found[i]  # "rojas, kelvin", "markova, asiya"
    for i in sorted(found, reverse=True):
        if i < 1 or (i - 1) in found or (i - 1) in kept:
            continue
        prev = toks[i - 1]
        opening_surname = prev.cls is Cls.VOCAB and prev.surname and i == 1 and prev.low not in _NOT_NEIGHBOURS
        could = _could_be_name(prev) or opening_surname  # "foley, gabrielle - duplicate"
        if re.fullmatch(r",\s?", toks[i].gap) and could and (prev.surname or prev.cls is Cls.UNKNOWN):
            if prev.cls is not Cls.WEAK or prev.ecase != "plain" or i == 1:
                found[i - 1] = found[i]  # "LIMA, Pilar", "page, anya": the word before the comma is the surname
            continue
        if i >= 2 and prev.low in ("and", "&") and (i - 2) not in kept:
            before = toks[i - 2]
            if _could_be_name(before) and (before.cls is not Cls.WEAK or before.given) and (i - 2) not in found:
                found[i - 2] = found[i]  # "mara and Zsanett"


def _relatives_in_brackets(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "bonn (mathilde dittmar's partner) called": the word before a bracket that says whose relative it is, is
    the relative's name."""
    for k in range(len(toks) - 2):
        tok = toks[k]
        if k in found or k in kept or not re.fullmatch(r"\s*\(\s*", toks[k + 1].gap):
            continue
        if tok.cls is Cls.STOP or tok.case == "mixed" or tok.staff or len(tok.low) < 3 or tok.low in _COMMON_WORDS:
            continue
        inside = toks[k + 1 : k + 6]
        owner = next((n for n, t in enumerate(inside) if t.poss), None)
        if owner is None or (k + 1 + owner) not in found or owner + 1 >= len(inside):
            continue
        kin = inside[owner + 1]
        if kin.low in _KIN | {"nok", "carer"} and not {"(", ")"} & set(kin.gap):
            found[k] = Rule.CONTEXT


def _clause_ends_after(tok: Tok) -> bool:
    """Nothing follows the word but punctuation, the end of the text, or a courtesy ("thank you", "pls")."""
    return bool(
        re.match(r"\s*(?:$|[,.;:!?()]|[-–]\s|(?:thank|thanks|ta|pls|please|cheers|ty)\b)", tok.text_after, re.I)
    )


def _possessors(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "ula garb's social", "Yon Soon's SSN": an English word owning a patient's thing, right after a word that
    reads as a given name, is the surname of a full name."""
    for k in range(1, len(toks) - 1):
        tok, prev, nxt = toks[k], toks[k - 1], toks[k + 1]
        if not tok.poss or k in found or k in kept or (k - 1) in found or (k - 1) in kept or nxt.gap != " ":
            continue
        if nxt.low not in w.PATIENT_NOUNS | w.ID_LABELS or not _joined(toks, k) or tok.case != prev.case:
            continue
        if tok.cls not in (Cls.WORD, Cls.WEAK) or tok.staff or tok.low in _KIN | _COMMON_WORDS | w.PATIENT_BEFORE:
            continue
        if k >= 2 and (toks[k - 2].low in _DETERMINERS | w.POSSESSIVES) and _joined(toks, k - 1):
            continue  # "the night staff's notes"
        given = prev.cls is Cls.WEAK and prev.given and (prev.ecase == "cap" or (prev.level or 0) >= 35)
        named = prev.cls is Cls.STRONG or prev.namey or given
        if named and len(prev.low) >= 2 and not prev.staff and prev.low not in _COMMON_WORDS | _DETERMINERS:
            found[k - 1] = found[k] = Rule.EVIDENCE


def _neighbours(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """A name found grows over the name-like words typed beside it in the same case: "Jemma Fresco", "léo piquet",
    "smriti dhian", "qi long chuan". Run to a fixed point, so a three-word name grows a word at a time."""
    grown = True
    while grown:
        grown = False
        for i in sorted(found):
            for j, side in ((i + 1, "right"), (i - 1, "left")):
                if j < 0 or j >= len(toks) or j in found or j in kept:
                    continue
                between = side == "right" and (j + 1) in found and _joined(toks, j + 1) and toks[j].cls is not Cls.STOP
                if between and _joined(toks, j) and toks[j].case == toks[i].case and len(toks[j].low) <= 3:
                    found[j] = found[i]  # "ying ze zhen": a short word between two names is the middle name
                    grown = True
                    continue
                acts = side == "right" and j + 1 < len(toks) and toks[j + 1].low in _PERSON_VERBS
                surname = acts and toks[j].surname and toks[j].cls is not Cls.STOP and toks[j].case == toks[i].case
                if not _joined(toks, max(i, j)) or not (surname or _neighbour(toks[j], toks[i], side)):
                    continue  # but "roberto page says his appt"
                found[j] = found[i]
                grown = True


def _neighbour(tok: Tok, name: Tok, side: str) -> bool:
    """May `tok`, typed beside the name `name`, be more of the same name?"""
    same_caps = tok.case == name.case and tok.case in ("title", "upper") and tok.ecase != "plain"
    capitalised = same_caps and side == "right" and (tok.surname or tok.given) and tok.low not in w.PLACE_WORDS
    if capitalised and _clause_ends_after(tok):
        return True  # "pt Edmundo Porter thank you", "under Uzel Can", "Babara May, 9360 Main Dr", "pt MICKIE PAGE"
    if (
        side == "right"
        and tok.poss
        and tok.case == name.case
        and (tok.surname or tok.given)
        and tok.cls is not Cls.STOP
    ):
        return tok.low not in _KIN  # "lakita house's record", "franco lorenzo's daughter"
    if tok.case != name.case or tok.case == "mixed" or tok.staff or len(tok.low) < 2 or tok.initial:
        return False
    listed_word = tok.low in _COMMON_WORDS | w.STOP and (tok.cls is not Cls.STOP or tok.ecase == "cap")
    if side == "left" and tok.given and tok.case == name.case and listed_word:
        return True  # "shows Will Mccarthy", "rose smith", "bill douglas"
    if side == "right" and (tok.staff or tok.surname) and tok.poss and tok.ecase == "cap" and name.ecase == "cap":
        return True  # "Reuben Holder's label"
    if tok.low in _NOT_NEIGHBOURS:
        return False
    if tok.cls is Cls.STRONG:
        return True
    if tok.cls is Cls.UNKNOWN:
        opening = (
            side == "left" and len(tok.low) >= 4 and bool(re.search(r"[^\w\s]|^$", tok.gap))
        )  # "proxy, gupse diaz"
        return (tok.namey or not tok.slip or opening) and not _place_after(tok) and not _equipment_slip(tok)
    flag = tok.given if side == "left" else tok.surname  # "rose smith", "maria house"
    if tok.cls is Cls.WEAK:
        return tok.ecase == "cap" or (tok.level or 0) >= 35 or flag
    if tok.cls is Cls.WORD and "-" in tok.low and tok.level is None:
        return True  # "jum-soon hye": a hyphenated name with a part English has not
    if tok.cls is Cls.WORD:  # "Jemma Fresco"; "léo piquet", "caner sozeri": English only in big dictionaries
        capitalised = tok.ecase == "cap" and name.ecase == "cap" and (side == "right" or (tok.level or 0) >= 50)
        return capitalised or (tok.level or 0) >= 60  # "Tapas Huang"
    return tok.cls is Cls.VOCAB and flag  # "Cisco Parker", "henny hartmann"


def _given_before_label(toks: list[Tok], i: int, nxt: int) -> bool:
    """ "sasikumar, sharad date of birth: ...", "henriques, mimoso - duplicate": a report opening "SURNAME, given"
    and going on to the record's details or a dash; the word after the comma is the given name, whatever it reads."""
    tok = toks[nxt]
    if not _opening(toks, i) or tok.cls in (Cls.STOP, Cls.VOCAB) or tok.case == "mixed" or tok.staff:
        return False
    if len(tok.low) < 2 or tok.low in _COMMON_WORDS or (tok.cls is Cls.WORD and (tok.level or 0) < 35):
        return False
    after = toks[nxt + 1] if nxt + 1 < len(toks) else None
    if after is None:
        return False
    labelled = after.gap == " " and (after.low in w.ID_LABELS or after.low in ("date", "b", "d"))
    return labelled or bool(re.fullmatch(r"\s[-–]\s", after.gap))


def _joined(toks: list[Tok], i: int) -> bool:
    """True when token i continues token i-1 within one name: only spaces between (or an initial's dot)."""
    if i <= 0 or i >= len(toks):
        return False
    prev, gap = toks[i - 1], toks[i].gap
    if prev.poss:  # "Ndlovu's label": a possessive ends the name
        return False
    dotted = prev.initial_like or prev.low in w.PATIENT_TITLES | w.STAFF_TITLES | {"st"}
    glued_initial = len(prev.low) == 1 and gap == "."  # "f.herrero"
    return bool(re.fullmatch(r" {1,2}", gap)) or (dotted and bool(re.fullmatch(r"\. ?", gap))) or glued_initial


def _could_be_name(tok: Tok) -> bool:
    return tok.case != "mixed" and (tok.initial or tok.cls in (Cls.STRONG, Cls.WEAK, Cls.UNKNOWN))


def _seed(toks: list[Tok], i: int) -> Rule | None:
    """Is this word a patient's name on its own evidence (its lexicon entry, its shape, or what follows it)?"""
    tok = toks[i]
    ordinal = i > 0 and toks[i - 1].low in ("st", "nd", "rd", "th") and bool(re.search(r"\d$", toks[i - 1].gap))
    in_date = ordinal or bool(  # "w/c 6th Jan", "Jan 25 2024", "1 Jan 2020"
        _DAY_AND_YEAR.match(tok.text_after) or _YEAR_AFTER.match(tok.text_after) or re.search(r"\d\s*$", tok.gap)
    )
    if tok.low in _MONTHS and in_date:
        return None  # "Epic downtime Jan 25 2024", "says 1 Jan 2020": a month, not Jan
    if _opens_before_bed(toks, i):
        return Rule.EVIDENCE  # "conto bed 9 - bloods", "jones b4: obs"
    after_the = i > 0 and toks[i - 1].low == "the" and _joined(toks, i) and tok.ecase == "cap" and not tok.poss
    if after_the and not (i + 1 < len(toks) and _joined(toks, i + 1) and toks[i + 1].ecase == "cap"):
        return None  # "path reception at the Lister", "regimens from the Christie": a hospital, not a patient
    if tok.case == "mixed" or tok.cls in (Cls.STOP, Cls.WORD, Cls.VOCAB):
        return None
    if _after_lower_initial(toks, i) or _opening_pair(toks, i):
        return Rule.FULL  # "p chen showing as discharged", "napoleon larek says his appt"
    acronym_like = tok.ecase == "upper" and len(tok.low) < 5
    after_initial = i > 0 and toks[i - 1].initial_like and _joined(toks, i)
    determined = i > 1 and toks[i - 2].low in _DETERMINERS  # "the E key"
    nameish = tok.cls in (Cls.STRONG, Cls.UNKNOWN) or (tok.ecase == "cap" and tok.cls is Cls.WEAK)
    if after_initial and len(tok.low) > 2 and nameish and not determined:
        return Rule.FULL  # "G.Kanimal", "J. Salas", "f.herrero"
    if tok.cls is Cls.STRONG:
        doubtful = tok.slip and not tok.given and len(tok.low) <= 4  # "ress", "Uit": a short surname, a slip
        if tok.ecase == "cap" and len(tok.low) > 1 and not (doubtful and sentence_start(toks, i)):
            return Rule.LEXICON
        not_english = tok.level is None or (tok.level == OBSCURE and tok.given)  # "judith", "benjamin"
        slip_of_common = tok.slip and tok.case == "lower" and not tok.given and len(tok.low) <= 5
        slip_of_common = slip_of_common and not _patient_evidence(toks, i)
        if len(tok.low) >= 4 and not_english and not acronym_like and not doubtful and not slip_of_common:
            return Rule.LEXICON  # but not "crashes evey time", "report it herre": a slip, with no patient about it
    if tok.namey and not acronym_like:
        return Rule.NAMEY
    mid_sentence_capital = tok.cls is Cls.UNKNOWN and tok.ecase == "cap" and len(tok.low) >= 4
    long_typo = len(tok.low) > 6 and tok.level is None and not tok.namey and tok.low.isascii()  # "Oflfine"
    long_typo = long_typo and not any(t.low in _PERSON_WORDS for t in toks)  # but "in Golders Green" for Mr X's son
    if mid_sentence_capital and not sentence_start(toks, i) and not long_typo:
        after_preposition = i > 0 and toks[i - 1].low in ("for", "with", "against", "of", "to")
        if not tok.slip or after_preposition:
            return Rule.CAPITALISED  # "dont match for Jica"
    if tok.ecase == "cap" and tok.given and _joined(toks, i + 1):
        nxt = toks[i + 1]
        surname = nxt.namey or (nxt.surname and (nxt.level is None or nxt.level >= 20) and nxt.cls is not Cls.STOP)
        if nxt.ecase == "cap" and surname and nxt.low not in w.PLACE_AFTER | w.PLACE_WORDS:
            return Rule.FULL  # "Grace Baker", "John Morse" (not "Bill Pay")
    possessive = tok.poss and (tok.given or tok.surname or tok.cls is Cls.UNKNOWN)
    if acronym_like and not possessive:
        located = _patient_evidence(toks, i) == "strong" and tok.cls in (Cls.STRONG, Cls.UNKNOWN)
        return Rule.EVIDENCE if located and len(tok.low) > 2 else None  # "ALI in bay 8", "RUUD in bed 29b"
    prev = toks[i - 1] if i > 0 else None
    thing = prev is not None and (prev.poss or prev.low in _DETERMINERS)  # "the lady", "Dr X's card"
    plausible = tok.ecase == "cap" or tok.given or tok.cls is Cls.STRONG or tok.namey or possessive
    if not thing and len(tok.low) > 2 and not _equipment_slip(tok):
        evidence = _patient_evidence(toks, i)
        english_lower = tok.cls is Cls.WEAK and tok.ecase != "cap" and not tok.given and tok.case != "upper"
        shouted = tok.cls is Cls.WEAK and tok.ecase == "plain" and tok.case == "upper" and (tok.level or 99) <= 10
        english_lower = english_lower or (shouted and not tok.given)  # "57YR OLD FELL", not "SMITH FELL"
        if english_lower and len(tok.low) <= 4 and (tok.level or 0) >= 35 and tok.low not in w.EQUIPMENT:
            english_lower = False  # "fang in bed 1", "lei in bay 3": a short surname, uncommon as English
        if (evidence == "strong" and not english_lower) or (
            evidence and not shouted and (plausible or (tok.case == "upper" and tok.surname))
        ):
            return Rule.EVIDENCE
    labelled = i + 1 < len(toks) and toks[i + 1].low in w.ID_LABELS and toks[i + 1].gap == " "
    if tok.cls is Cls.UNKNOWN and len(tok.low) > 2 and not thing and labelled:
        return Rule.EVIDENCE  # "mandal malti dob: ..."
    if tok.cls in (Cls.STRONG, Cls.UNKNOWN) and tok.ecase == "plain" and _joined(toks, i + 1):
        nxt = toks[i + 1]
        both = nxt.cls in (Cls.STRONG, Cls.UNKNOWN) and nxt.ecase == "plain" and not nxt.slip and not tok.slip
        if both and tok.level is None and nxt.level is None and len(tok.low) + len(nxt.low) >= 5:
            return Rule.FULL  # "yan lin", "lei xue": two short names, neither English
    if _opening_full_name(toks, i):
        return Rule.FULL
    return None


_YEAR_AFTER = re.compile(r"\.?,?\s+(?:19|20)\d\d\b")
_DAY_AND_YEAR = re.compile(r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b", re.IGNORECASE)
_HE_SHE = frozenset("he she his her him hes shes he's she's he’s she’s himself herself".split())


def _opening_full_name(toks: list[Tok], i: int) -> bool:
    """ "ping cheng cant get into the patient wifi on his phone": a given name and a surname in lower case open a
    report that goes on about a person."""
    tok = toks[i]
    if tok.ecase != "plain" or not tok.given or not _joined(toks, i + 1) or tok.low in _NOT_SURNAMES:
        return False
    if not (sentence_start(toks, i) or all(t.low in _GREETINGS | _OPENERS for t in toks[:i])):
        return False
    nxt = toks[i + 1]
    if nxt.ecase != "plain" or not nxt.surname or nxt.low in _NOT_SURNAMES or nxt.cls not in (Cls.STRONG, Cls.WEAK):
        return False
    if tok.cls not in (Cls.STRONG, Cls.WEAK) or tok.staff or nxt.staff:
        return False
    if len(tok.low) < 3 or not all(t.cls is Cls.STRONG or (t.level or 0) >= 35 for t in (tok, nxt)):
        return False  # "yr old fell": no common English word in it
    rest = {t.low for t in toks[i + 2 :]}
    return bool(rest & (_HE_SHE | w.PATIENT_BEFORE | w.PATIENT_EVENTS))


def _two_unlisted(toks: list[Tok], i: int) -> bool:
    """ "liran boh", "ryad le guen": two lower-case words no dictionary lists (or a particle between), a full name."""
    k = i + 1
    if k < len(toks) and toks[k].low in w.PARTICLES and _joined(toks, k):
        k += 1
    if k >= len(toks) or not _joined(toks, k):
        return False
    pair = (toks[i], toks[k])
    for tok in pair:
        if (tok.case != "lower" and tok.ecase != "plain") or len(tok.low) < 3 or tok.staff:
            return False  # lower case, or Title Case where a capital says nothing ("Sister Rula Ashraf Is NOK")
        if tok.cls not in (Cls.UNKNOWN, Cls.STRONG):
            return False
        if tok.level not in (None, OBSCURE) or _equipment_slip(tok) or _place_after(tok):
            return False
    return True


def _opening(toks: list[Tok], i: int) -> bool:
    """Token i opens the report or a sentence, after any greeting ("hi all, ...", "sorry to bother - ...")."""
    return sentence_start(toks, i) or all(t.low in _GREETINGS | _OPENERS for t in toks[:i])


def _opens_before_bed(toks: list[Tok], i: int) -> bool:
    """ "conto bed 9 - bloods not on ICE", "jones b4: obs not saving": a word that opens a report right before a bed
    is the patient in it, unless it is equipment there ("pump bed 4") or a common English word ("curtain bed 4")."""
    tok = toks[i]
    if i + 1 >= len(toks) or toks[i + 1].gap != " " or tok.case == "mixed" or tok.poss or len(tok.low) < 3:
        return False
    nxt = toks[i + 1]
    shorthand = nxt.low == "b" and nxt.code[1:].isdigit() and len(nxt.code) <= 3  # "b4", "B12"
    beds = ("bed", "bay", "cubicle", "cube", "rm", "room", "sr")
    numbered = nxt.low in beds and bool(re.match(r" ?\d", nxt.text_after))
    numbered = numbered or (nxt.low == "side" and bool(re.match(r"\s*(?:room|rm)\s*\d", nxt.text_after, re.I)))
    if not (shorthand or numbered) or not _opening(toks, i) or tok.staff:
        return False
    if tok.low in w.EQUIPMENT or slip_of_equipment(tok.low) or tok.low in NEVER_ALONE | _COMMON_WORDS:
        return False
    if tok.cls is Cls.WORD:
        return tok.level is not None and tok.level >= RARE  # "conto": English only in the biggest dictionaries
    if tok.cls is Cls.WEAK:
        short_surname = len(tok.low) <= 4 and (tok.level or 0) >= 35  # "yip b6"
        return tok.given or short_surname or (tok.ecase == "cap" and tok.case != "upper")
    return tok.cls is Cls.STRONG or (tok.cls is Cls.UNKNOWN and (tok.namey or not tok.slip))


_PATIENT_NEXT = re.compile(
    r"\s+(?:(?:is|was)\s+)?(?:showing\s+as\s+(?:discharged|deceased|dead|dischaarged|diischarged)|is\s+tci|tci\b)", re.I
)


def _after_lower_initial(toks: list[Tok], i: int) -> bool:
    """ "p chen showing as discharged", "z hua": a lower-case initial and a surname the lexicon knows open a report."""
    tok = toks[i]
    if i < 1 or tok.case != "lower" or tok.gap not in (" ", ". ", ".") or tok.staff or len(tok.low) < 3:
        return False
    prev = toks[i - 1]
    if len(prev.low) != 1 or prev.case != "lower" or prev.low == "a" or not _opening(toks, i - 1):
        return False
    if tok.cls is Cls.STRONG and tok.gap == " " and prev.low != "i":
        return True
    # "l. downs showing as discharged", "i tunceri showing as discharged": a surname that is a word, or after "i",
    # when what follows happens only to a patient
    named = tok.cls is Cls.UNKNOWN or (tok.cls is Cls.WEAK and tok.surname) or tok.cls is Cls.STRONG
    return named and bool(_PATIENT_NEXT.match(tok.text_after))


# Verbs a person does in a ward report right after their name: "zayn nadeer cant get into the wifi on his phone".
_PERSON_VERBS = frozenset(
    """says said cant can't cannot isnt isn't wasnt wasn't wants keeps rang called asked told
    doesnt doesn't didnt didn't wont won't hasnt hasn't""".split()
)


def _opening_pair(toks: list[Tok], i: int) -> bool:
    """Two words no dictionary lists as English open a report, a person's verb follows, and a pronoun later says
    the report is about a person: "napoleon larek says his clinic appt", "Zayn Nadeer cant get in on his phone"."""
    if i + 2 >= len(toks) or not _opening(toks, i) or not _joined(toks, i + 1):
        return False
    pair, verb = toks[i : i + 2], toks[i + 2]
    if verb.gap != " " or verb.low not in _PERSON_VERBS:
        return False
    for tok in pair:
        if tok.case == "mixed" or tok.staff or tok.poss or len(tok.low) < 3 or tok.ecase == "upper":
            return False
        if tok.cls is Cls.WEAK and not ((tok.given or tok.surname) and (tok.level or 0) >= 35):
            return False
        if tok.cls not in (Cls.STRONG, Cls.WEAK, Cls.UNKNOWN):
            return False
    if all(t.cls is Cls.WEAK for t in pair):
        return False
    return bool({t.low for t in toks[i + 3 :]} & _HE_SHE)


# What a report says a person opening it did or has: "sook buck says her opa", "JAE KYUN MAN has 2 wristbands".
_OPENING_VERBS = _PERSON_VERBS | frozenset("has is was still moved".split())
_OPENING_LATER = _HE_SHE | frozenset("wristbands wristband discharged whiteboard census".split())


def _opening_person(toks: list[Tok], i: int) -> list[int]:
    """One to three words that open a report, a person's verb after them and a pronoun or a patient's thing later:
    the words are the person's name, whatever dictionary also lists them ("tai song says his appt")."""
    if not _opening(toks, i) or (i > 0 and _joined(toks, i) and toks[i - 1].low not in _GREETINGS | _OPENERS):
        return []
    end = i
    while end + 1 < len(toks) and end - i < 2 and _joined(toks, end + 1) and toks[end + 1].low not in _OPENING_VERBS:
        end += 1
    verb = end + 1
    if verb >= len(toks) or toks[verb].gap != " " or toks[verb].low not in _OPENING_VERBS:
        return []
    moved = toks[verb].low == "moved" and verb + 1 < len(toks) and toks[verb + 1].low == "to"  # "X moved to Leeds"
    if not moved and not {t.low for t in toks[verb + 1 :]} & _OPENING_LATER:
        return []
    run = toks[i:verb]
    if len(run) == 1 and toks[verb].low in ("is", "was", "still", "has"):
        tok = run[0]
        if tok.cls not in (Cls.STRONG, Cls.UNKNOWN) or not (tok.namey or tok.cls is Cls.STRONG) or len(tok.low) < 3:
            return []
    for k, tok in enumerate(run):
        named_vocab = tok.cls is Cls.VOCAB and k > 0 and (tok.given or tok.surname) and tok.low not in w.PLACE_WORDS
        if tok.case == "mixed" or tok.staff or tok.poss or tok.cls is Cls.STOP or len(tok.low) < 2:
            return []
        if (tok.cls is Cls.VOCAB and not named_vocab) or tok.low in _COMMON_WORDS | _DETERMINERS | w.EQUIPMENT:
            return []  # but "JAE KYUN MAN has 2 wristbands"
        if tok.cls is not Cls.STRONG and _equipment_slip(tok):
            return []
    if not any(t.cls is Cls.STRONG or t.namey or (t.given and t.cls is Cls.WEAK) for t in run):
        return []
    return list(range(i, verb))


def _place_after(tok: Tok) -> bool:
    """ "ward", "Centre", or one slip of one ("wqrd", "hopsital"): the word that makes a name before it a place."""
    if tok.low in w.PLACE_AFTER:
        return True
    return tok.cls is Cls.UNKNOWN and not tok.namey and _slip_of_place(tok.low)


@functools.lru_cache(maxsize=20_000)
def _slip_of_place(low: str) -> bool:
    return len(low) >= 4 and any(one_slip(low, p) for p in w.PLACE_AFTER if len(p) >= 4 and abs(len(p) - len(low)) <= 1)


def _equipment_slip(tok: Tok) -> bool:
    """ "moniter", "peinter": a slip of an equipment word is the equipment, not a patient (but "tam" and "kan",
    three letters from "tap" and "fan", are names)."""
    if tok.low in w.EQUIPMENT:
        return True
    return tok.slip and len(tok.low) >= 4 and tok.level is None and slip_of_equipment(tok.low)  # "Bill" is no "bell"


@functools.lru_cache(maxsize=20_000)
def slip_of_equipment(low: str) -> bool:
    """ "scannner", "moniter": one slip away from an equipment word."""
    return any(one_slip(low, e) for e in w.EQUIPMENT if abs(len(e) - len(low)) <= 1)


def _patient_evidence(toks: list[Tok], i: int) -> str:
    """How plainly a word is used as a patient: 'strong' ("Rose in bay 2", "Ama (93)", "itay ssn", "Chad is fine"),
    'weak' ("Tendai needs", "Grace's obs"), or '' for none."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if tok.poss:  # "Grace's obs", "cox's gentamicin"
        thing = nxt is not None and (nxt.low in w.PATIENT_NOUNS or (nxt.cls is Cls.VOCAB and nxt.level is None))
        labelled = nxt is not None and bool(_LABEL_NEXT.match(nxt.text_after))  # "qi sheng hong's unit no: ..."
        labelled = labelled or bool(_ID_AFTER.match(tok.text_after))  # "benjamin barany's H/no 1234"
        return "weak" if thing or labelled else ""
    if nxt is None:
        return ""
    plain = bool(re.fullmatch(r"\s+", nxt.gap))
    if (plain and nxt.low in w.ID_LABELS | w.PATIENT_EVENTS) or _ID_AFTER.match(tok.text_after):
        return "strong"
    if _EVENT_AFTER.match(tok.text_after):
        return "strong"  # "PARIMAL WAS D/C'D", "gwidon lives in"
    if plain and nxt.low in w.PATIENT_AFTER:
        return "weak"
    after = toks[i + 2] if i + 2 < len(toks) else None
    linked = plain and after is not None and nxt.low in ("is", "was", "the") and after.gap == " "
    if linked and after is not None:
        the_patient = nxt.low == "the" and after.low in w.PATIENT_BEFORE
        if the_patient or after.low in w.PATIENT_STATES | w.PATIENT_AFTER:
            return "strong"  # "Chad is fine", "jing the gent in bed 31", "nanda is tci"
    if tok.given and plain and nxt.low in ("name", "surname", "wristband", "label", "labels"):
        common = tok.ecase != "cap" and tok.low in _COMMON_WORDS  # "precious name cut off", not "lower case name"
        return "" if common else "weak"
    if (
        nxt.low in ("in", "from", "on")
        and after is not None
        and (after.low in w.PLACE_WORDS or (after.code[:1] == "b" and after.code[1:].isdigit()))
        and (nxt.low != "on" or re.match(r"\s*(?:rm|room)?\s*\d", _after(toks, i + 2) + " "))
    ):
        return "strong"  # "Rose in bay 2", "fowler in b6", "Yang Long on bed 6"
    if nxt.low in w.PLACE_WORDS | {"side"} and re.match(r"\s*(?:rm|room)?\s*\d", _after(toks, i + 1) + " "):
        return "strong"  # "hope bed 2 is on the list", "madhu rm 328", "gromoslaw side rm 2"
    return "strong" if _AGE_NEXT.match(tok.text_after) else ""


def _after(toks: list[Tok], i: int) -> str:
    """The text between token i and the next token."""
    return toks[i + 1].gap if i + 1 < len(toks) else ""


def _extends(tok: Tok, side: str, case: str) -> bool:
    """May `tok` join the name beside it? `side` is where it stands ('left': a given name; 'right': a surname)."""
    if tok.case == "mixed":
        return False
    if tok.initial_like or tok.low in w.PARTICLES:
        return True
    if side == "left" and len(tok.low) == 1 and tok.case == "lower" and (tok.low not in ("a", "i") or tok.gap == ""):
        return True  # "c briones", "k barvinok", "i tunceri showing as discharged" opening a report
    if side == "right" and tok.low.rstrip(".") in _SUFFIXES:
        return True
    if tok.cls is Cls.WORD and tok.ecase == "cap" and case == "cap" and (tok.level or 0) >= RARE:
        return True  # "Deepa Shiva", "Abri Evangelista": English only in the biggest dictionaries, capitalised
    if tok.cls in (Cls.STOP, Cls.WORD):
        return False
    flag = tok.given if side == "left" else tok.surname
    if side == "left" and tok.case == "upper" and tok.surname:
        return True  # "ROSE Ronnie": a surname in capitals before the given name
    if tok.cls is Cls.VOCAB:  # "paris lang", "Martin Luther King"
        place = tok.low in w.PLACE_AFTER | w.PLACE_WORDS | w.STAFF_TITLES | w.PATIENT_BEFORE
        labelled = side == "right" and bool(_ID_AFTER.match(tok.text_after) or _AGE_LABEL.match(tok.text_after))
        return flag and not place and (tok.ecase == "cap" or side == "left" or labelled)  # "woodrow christian ssn"
    if tok.cls is Cls.STRONG:
        return True  # "zi qian", "guiying lu"
    if tok.cls is Cls.UNKNOWN:
        if side == "right" and _place_after(tok):
            return False  # "wordsworth wqrd": a ward, typed in a hurry
        return len(tok.low) >= 3 or tok.ecase == "cap"
    if tok.ecase == "cap" and case == "cap":
        return True  # "Blessing Ndlovu", "John Smith"
    return flag and tok.low not in _NOT_SURNAMES  # "robert wells", "shaun white", "Donna Hill", not "Patel fell"


def _expand(toks: list[Tok], span: list[int]) -> list[int]:
    """Grows a name over its neighbours: "Blessing Ndlovu", "J. Smith", "Maria da Silva", "vlast abramets"."""
    case = toks[span[0]].ecase
    start, end = span[0], span[-1]
    while end + 1 < len(toks) and _joined(toks, end + 1):
        nxt = toks[end + 1]
        after_particle = toks[end].low in w.PARTICLES and end > start and nxt.cls is not Cls.STOP
        if not (_extends(nxt, "right", case) or (after_particle and nxt.case != "mixed")):
            break  # "abdullah al farsi": after a particle, the surname whatever it reads as
        end += 1
    while start > 0 and _joined(toks, start) and _extends(toks[start - 1], "left", case):
        start -= 1
    while end > start and toks[end].low in w.PARTICLES and not (toks[end].surname and end + 1 == len(toks)):
        if toks[end - 1].low in w.PARTICLES and end - 1 > start:
            break  # "Berg, Lucas Van Der": two particles together are the name's
        end -= 1
    while start < end and toks[start].low in w.PARTICLES and toks[start].case != "lower":
        if toks[start + 1].cls is Cls.STRONG or toks[start + 1].namey:
            break  # "Van Chau", "Bin Lianming": a given name, not a particle left hanging
        start += 1
    return list(range(start, end + 1))


def _after_title(toks: list[Tok], j: int) -> list[int]:
    """The name after a title: up to four words, any case, until a word that cannot be part of a name."""
    span: list[int] = []
    while j < len(toks) and len(span) < 4 and (not span or _joined(toks, j)):
        tok = toks[j]
        if not span:
            single = len(tok.low) == 1 and tok.case in ("title", "upper")  # "Mrs A Khan"
            capitalised = tok.cls is Cls.WORD and tok.low not in _COMMON_WORDS  # "Mr Baileys", "mr geese"
            capitalised = capitalised or (tok.cls is Cls.VOCAB and tok.low not in _NOT_NEIGHBOURS)  # "Mr Fowlers CT"
            ok = single or tok.low in w.PARTICLES or _could_be_name(tok) or _named_word(tok) or capitalised
        elif tok.low.rstrip(".") in w.PATIENT_TITLES | w.STAFF_TITLES:
            break  # "dr arerola syas mrs verstraeten": another title starts another person
        else:
            named = (tok.given or tok.surname) and tok.low not in _TITLE_STOPS | _NOT_SURNAMES
            named = named and not (tok.cls is Cls.STOP and tok.ecase != "cap")  # "Mr Tresnak from Leicester"
            ok = _extends(tok, "right", toks[span[0]].ecase) or named
        if not ok:
            break
        span.append(j)
        if tok.poss:
            break
        j += 1
    while len(span) > 1 and toks[span[-1]].low in w.PARTICLES:
        span.pop()
    return span


_TITLE_STOPS = frozenset("and or the a an in on at is was to of for with has had but not no".split())


def _named_word(tok: Tok) -> bool:
    """A stop or hospital word that is also a name, after a title: "Mrs May", "mrs min", "Mr may", "Mr Ward"."""
    if not (tok.given or tok.surname) or tok.case == "mixed" or tok.low in _TITLE_STOPS:
        return False
    return tok.ecase == "cap" or tok.cls is Cls.STOP or (tok.cls is Cls.VOCAB and tok.low not in w.PLACE_WORDS)


# Relatives: the given name right after one is theirs, English word or not, when they then do something.
_KIN = frozenset(
    """son daughter husband wife partner mother mum mom mam dad father brother sister grandson granddaughter
    niece nephew aunt auntie uncle cousin carer friend""".split()
)

# Words that never join a name beside them, though a name list holds some: function words, what happens to a
# patient, relatives, places, titles, equipment, a patient's things, months. (Systems and eponyms that are also
# surnames, "Morse", "Hartmann", "Cisco", may: "katerine morse bed 29".)
_NOT_NEIGHBOURS = (
    _NOT_SURNAMES
    | _KIN
    | w.STOP
    | (NEVER_ALONE - w.NOT_NAMES)
    | w.EQUIPMENT
    | w.PATIENT_NOUNS
    | w.ID_LABELS
    | _MONTHS
    | w.PLACE_AFTER
)


def _kin_acts(toks: list[Tok], j: int) -> bool:
    """ "her daughter heather says", "his son rowan (mob 07...)": the relative's given name, then what they did."""
    tok = toks[j]
    if not tok.given or tok.low in _COMMON_WORDS or tok.poss or j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    return (nxt.gap == " " and nxt.low in _PERSON_VERBS | {"rang", "phoned", "rung"}) or nxt.gap.strip() == "("


def _after_context(toks: list[Tok], j: int, *, loose: bool, kin: bool = False) -> list[int]:
    if j >= len(toks) or not re.fullmatch(r"\s{1,2}|\s*[:,(-]\s*|\s+is\s+", toks[j].gap):  # "wrong pt (bayla)"
        return []
    tok = toks[j]
    if tok.low.rstrip(".") in w.PATIENT_TITLES:
        return []  # "her son in law Mr Ok": the title's own rule takes the name
    if tok.cls is Cls.VOCAB and tok.given and _named_word(tok):
        return [j]  # "pt paris heath"
    if not _could_be_name(tok) or (tok.initial and not _joined(toks, j + 1)):
        return []
    doubtful = tok.cls is Cls.UNKNOWN and tok.ecase != "cap" and (len(tok.low) < 4 or tok.slip) and not loose
    acts = kin and j + 1 < len(toks) and toks[j + 1].gap == " " and toks[j + 1].low in _PERSON_VERBS
    acts = acts or (kin and j + 1 < len(toks) and toks[j + 1].gap.strip() == "(")  # "carer selver (tel 07..."
    bracketed = "(" in tok.gap and tok.text_after.startswith(")") and len(tok.low) >= 3  # "the wrong pt (asja)"
    if doubtful and not _two_unlisted(toks, j) and not (acts and len(tok.low) >= 3) and not bracketed:
        return []  # but "pt ryad le guen", "pt liran boh": a name of two words no list knows
    if tok.cls is Cls.WEAK and tok.ecase != "cap" and not loose and not (kin and _kin_acts(toks, j)):
        nxt = toks[j + 1] if _joined(toks, j + 1) else None
        full = tok.given and nxt is not None and nxt.surname and nxt.low not in _NOT_SURNAMES | w.STOP
        return [j] if full and nxt is not None and nxt.case == tok.case else []  # "pt heather smith"
    return [j]


def _slot_opens(toks: list[Tok], i: int, found: dict[int, Rule]) -> str | None:
    """Does token i end a phrase that a patient's name follows ("belongs to", "meant for", "the band says")? What
    must follow the name, as phi_words.SLOTS says, or None."""
    for n in (3, 2, 1):  # the longest phrase first: "meant for", not "for"
        if i + 1 >= n:
            need = w.SLOTS.get(tuple(t.low for t in toks[i + 1 - n : i + 1]))
            if need is None or any(_SENTENCE_GAP.search(t.gap) for t in toks[i + 2 - n : i + 1]):
                continue
            if n == 1 and i > 0 and toks[i - 1].low in _DETERMINERS:
                return None  # "the discharge coordinator": a noun, not a verb
            return need
    tok = toks[i]
    if tok.low == "not" and (i - 1) in found:
        return ""  # "belongs to jie zhou not rati arora"
    if tok.low == "under":
        before = toks[max(0, i - 8) : i]
        for k, t in enumerate(before):
            if t.low in w.FILED and not any(_CLAUSE_END.search(b.gap) for b in before[k + 1 :]):
                return ""  # "registration put X's ssn under jiwan john"
    return None


# An identifier's label right after the word in a slot: "bloods for jeta (h/n: 123)", "for guram: health plan ID".
_LABEL_AFTER_SLOT = re.compile(
    r"\s*[(:,]?\s*(?:(?:h/n|h/no|hn|nhs|dob|d\.o\.b|mrn|ssn|born|health\s+plan|acct|fin|hosp)\b|b\.\s?\d)", re.I
)


def _slot_name(toks: list[Tok], i: int, found: dict[int, Rule]) -> list[int]:
    """The name right after a slot phrase, when the word reads as a name and what follows fits the phrase."""
    j = i + 1
    if j >= len(toks) or not re.fullmatch(r" {1,2}|\s*:\s*", toks[j].gap):
        return []
    need = _slot_opens(toks, i, found)
    if need is None:
        return []
    tok = toks[j]
    if tok.case == "mixed" or tok.low in _COMMON_WORDS:
        return []
    if tok.cls is Cls.WEAK and need == "contrast" and tok.case == "lower" and (tok.level or 0) < 35 and not tok.poss:
        return []  # "status page shows green but nothing loads"
    if tok.cls is Cls.WEAK:
        failing = need == "fail" and tok.surname and (tok.level or 0) >= 35 and _after(toks, j) == " "
        failing = failing and j + 1 < len(toks) and toks[j + 1].low in w.SLOT_FAIL  # "for bender wont send"
        ok = tok.given or tok.ecase == "cap" or tok.poss or failing
    elif tok.cls is Cls.UNKNOWN:  # a slip of a word is no name ("for eveyone"), unless capitalised ("says Tohru")
        ok = len(tok.low) >= 3 and (tok.namey or (tok.ecase == "cap" and not need and len(tok.low) <= 6))
        ok = ok or (len(tok.low) >= 3 and bool(_LABEL_AFTER_SLOT.match(tok.text_after)))  # "for jeta (h/n: ..."
        nxt = toks[j + 1] if _joined(toks, j + 1) else None
        named_next = nxt is not None and nxt.cls in (Cls.STRONG, Cls.WEAK) and (nxt.given or nxt.surname)
        named_next = named_next or (nxt is not None and nxt.namey and len(tok.low) >= 4)  # "atlasz balassa"
        after = toks[j + 2] if j + 2 < len(toks) else None
        two = nxt is not None and nxt.cls is Cls.UNKNOWN and min(len(tok.low), len(nxt.low)) >= 4
        named_next = named_next or (two and need == "fail" and after is not None and after.low in w.SLOT_FAIL)
        ok = ok or named_next  # "under jiwan john": a full name
    else:
        ok = tok.cls is Cls.STRONG or (tok.initial and _joined(toks, j + 1))
        nxt = toks[j + 1] if _joined(toks, j + 1) else None
        rare = tok.cls is Cls.WORD and (tok.level or 0) >= 60 and tok.case != "mixed"
        ok = ok or (rare and nxt is not None and (nxt.namey or nxt.cls is Cls.STRONG))  # "for smriti manjeet"
    if not ok and len(tok.low) == 1 and tok.case == "lower" and tok.low not in ("a", "i") and _joined(toks, j + 1):
        surname = toks[j + 1]
        failing = need == "fail" and surname.surname and (surname.level or 99) >= 35  # not "for x ray wont load"
        failing = failing and j + 2 < len(toks) and toks[j + 2].low in w.SLOT_FAIL
        ok = surname.cls is Cls.STRONG or surname.namey or failing  # "for h buchanan wont", "for s watts wont save"
    if not ok and need == "" and _contrasted(toks, j, found):
        ok = True  # "shows naila ramy but its neeta", "belongs to X not soheila hussam"
    if not ok:
        return []
    span = _expand(toks, [j])
    end = span[-1]
    nxt = toks[end + 1] if end + 1 < len(toks) else None
    closed = nxt is None or toks[end].poss or bool(re.search(r"[,.;:!?()]|\s[-–]\s", nxt.gap))
    if need == "fail" and not (closed or nxt is None or nxt.low in w.SLOT_FAIL):
        return []
    if need == "contrast" and not (nxt is not None and nxt.low in w.SLOT_CONTRAST and not closed):
        return []
    return span


def _contrasted(toks: list[Tok], j: int, found: dict[int, Rule]) -> bool:
    """The word after "but its" or "not", set against a name found just before it, that ends the clause or runs
    into another name-like word: the other patient's name, whatever a dictionary makes of it."""
    tok = toks[j]
    if not any(k in found for k in range(max(0, j - 8), j - 1)) or len(tok.low) < 3 or tok.staff:
        return False
    if tok.cls is Cls.STOP or (tok.cls is Cls.WORD and (tok.level or 0) < 35):
        return False
    if tok.cls is Cls.VOCAB and not ((tok.given or tok.surname) and tok.low not in _NOT_NEIGHBOURS):
        return False  # but "shows X but its houston"
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    closes = nxt is None or bool(re.search(r"[^\w\s]|\s[-–]\s", nxt.gap))  # "but its neeta 🙏", "not So Hung."
    if nxt is not None and not closes and _joined(toks, j + 1):
        closes = nxt.cls in (Cls.STRONG, Cls.UNKNOWN) or (nxt.cls is Cls.WEAK and (nxt.given or nxt.surname))
        closes = closes and nxt.low not in _NOT_SURNAMES and len(nxt.low) >= 2
    return closes


def _staff_title(toks: list[Tok], i: int, found: dict[int, Rule]) -> bool:
    """A staff title or role right before a name: "Dr Osei", "Sister Adeyemi", "FY1 Cédric", "nurse maanger Wei"."""
    tok = toks[i]
    if not tok.staff or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    glued_code = tok.code != tok.low and nxt.gap.lstrip("0123456789") == " "  # "FY1 Jacquelyne"
    if not (_joined(toks, i + 1) or glued_code):
        return False
    if tok.low in ("sister", "brother") and i > 0 and (toks[i - 1].low in w.POSSESSIVES or (i - 1) in found):
        return False  # "her sister Ama", "mr belohlaveks sister alys": a relative
    return _could_be_name(nxt) and nxt.cls is not Cls.STOP


def _patient_trigger(toks: list[Tok], i: int, found: dict[int, Rule]) -> bool:
    tok = toks[i]
    if tok.low in w.PATIENT_BEFORE:
        if tok.low == "called" and i > 0 and toks[i - 1].low in ("i", "we", "they", "have", "has"):
            return False
        return not (tok.low in ("sister", "brother") and tok.staff and i == 0)
    if tok.low in ("sister", "brother") and i > 0 and (toks[i - 1].low in w.POSSESSIVES or (i - 1) in found):
        return True
    if tok.low in ("name", "surname", "forename") and i + 1 < len(toks):
        nxt = toks[i + 1]
        return (
            bool(re.fullmatch(r"\s*:\s*|\s+is\s+", nxt.gap))
            or (nxt.low in ("is", "was") and i > 0 and toks[i - 1].low in ("my", "her", "his", "their", "pts", "pt's"))
            or tok.poss
            or (nxt.gap == " " and nxt.ecase == "cap" and nxt.cls is not Cls.STOP)
        )
    return tok.low == "as" and i > 0 and toks[i - 1].low == "known"


def _patient_before(toks: list[Tok], i: int) -> bool:
    """ "patient Dr Hale", "pateint dr wojtaczka": a patient who is a doctor."""
    if i <= 0 or not _joined(toks, i):
        return False
    low = toks[i - 1].low
    return low in ("patient", "pt", "ptnt", "pat") or (len(low) >= 6 and one_slip(low, "patient"))


def _role_follows(toks: list[Tok], span: list[int]) -> bool:
    """ "Priya the ward clerk", "Osei, registrar", "Kim (matron)", "Jo from IT", "Sam on nights", "Justin MD"."""
    if not span:
        return False
    window: list[Tok] = []
    for tok in toks[span[-1] + 1 : span[-1] + 5]:
        if window and (_SENTENCE_GAP.search(tok.gap) or re.search(r"[\d,]", tok.gap)):
            break  # the role must be in the same phrase: "Jo, registrar", not "Jo, born 1941: wrong consultant"
        window.append(tok)
    if not window or _SENTENCE_GAP.search(window[0].gap) or re.search(r"\d", window[0].gap):
        return False
    first = window[0]
    if first.low in w.POSTNOMINALS and first.case == "upper":
        return True
    introduced = first.low in _ROLE_INTRO or bool(re.search(r"[,(]", first.gap))
    for k, tok in enumerate(window):
        relative = tok.low in _KIN and any(t.low.rstrip(".") in w.PATIENT_TITLES for t in window[:k])
        if (tok.low in w.STAFF_AFTER or tok.staff) and introduced and not relative:  # not "Bala (Mr Singh Sister)"
            return all(t.cls is not Cls.STOP or t.low in _ROLE_INTRO for t in window[:k])
    if len(window) > 1:
        nxt = window[1]
        opening = _opening(
            toks, span[0]
        )  # "sorry to bother - Jaswinder in pharmacy says", "AGAIN: JAZMINE IN PHARMACY"
        works_in = first.low == "in" and nxt.low in w.STAFF_TEAMS and opening  # "hi all, Ayana in pharmacy says"
        return (first.low == "on" and nxt.low in w.STAFF_SHIFT) or (
            (first.low in _TEAM_INTRO or works_in) and (nxt.low in w.STAFF_TEAMS)
        )
    return False


def _why_kept(toks: list[Tok], span: list[int], *, slot: bool = False) -> Rule | None:
    """Staff named by role, and names that belong to a ward, a hospital or a device, are not a patient's."""
    first, last = span[0], span[-1]
    if toks[first].low in _PLACE_BEFORE and first < last:
        return Rule.PLACE  # "San Ramon", "St Jude"
    if (
        first > 1
        and toks[first - 1].low in ("was", "is")
        and any(
            t.low in w.STAFF_AFTER for t in toks[max(0, first - 8) : first - 1]
        )  # "bleep holder for X ward tonight is"
    ):
        return Rule.STAFF  # "attending physician was John Smith", "bleep holder tonight is Nadia"
    if first > 1 and re.fullmatch(r",\s*", toks[first].gap) and toks[first - 1].staff:
        return Rule.STAFF  # "the reg, Draginja, says"
    if first > 0 and _joined(toks, first):
        before = toks[first - 1].low.rstrip(".")
        if toks[first - 1].staff and not _patient_before(toks, first - 1):
            return Rule.STAFF
        if before in _PLACE_BEFORE:
            return Rule.PLACE
    leading = [t.low for t in toks[max(0, first - 3) : first] if t.low not in ("the", "st", "saint")]
    if len(leading) >= 2 and leading[-1] in ("to", "from") and leading[-2] in w.PLACE_VERBS:
        return Rule.PLACE  # "referrals to Pinderfields", "transport from the John Radcliffe"
    town = first == last and last + 2 < len(toks) and toks[last + 2].cls is not Cls.VOCAB  # not "Dixon on Lorenzo"
    if town and toks[last + 1].low in ("on", "upon") and toks[last + 2].ecase == "cap":
        return Rule.PLACE  # "Stockton on Tees", "Stratford upon Avon"
    eponym = first == last and last + 1 < len(toks) and toks[last + 1].low in _EPONYM_NOUNS
    eponym = eponym and toks[last].ecase == "cap" and not toks[last].poss and toks[last].cls is not Cls.STRONG
    if eponym and _joined(toks, last + 1):
        return Rule.PLACE  # "Hudson mask", "Seldinger kit", "Aldrete scores": an eponym, not a patient
    possessive = toks[last].poss  # "Kasprowicz's chart" is a patient's, "Waterlow chart" is not
    place_after = last + 1 < len(toks) and _place_after(toks[last + 1]) and not possessive
    if place_after and _LABEL_NEXT.match(toks[last + 1].text_after):
        place_after = False  # "wayne byrd hospital number 7947736", "CLAIRE DAVIES UNIT NO": a label, not a place
    if place_after and _surname_not_place(toks, first, last + 1, slot=slot):
        place_after = False  # "it was meant for Cynthia Ward", "charles ward, 12 mill lane ..."
    if place_after and not _SENTENCE_GAP.search(toks[last + 1].gap):
        return Rule.PLACE
    return Rule.STAFF if _role_follows(toks, span) else None


def _surname_not_place(toks: list[Tok], first: int, place: int, *, slot: bool) -> bool:
    """ "Ward", "House" after a given name is the surname where a report names the patient a record was meant for
    and nothing follows, or where the name opens a report before an address."""
    word = toks[place]
    if not word.surname or (place + 1 < len(toks) and toks[place + 1].low in w.PLACE_WORDS | w.EQUIPMENT):
        return False
    if slot and re.match(r"[\s.!?]*$", word.text_after):
        return True
    return _opening(toks, first) and bool(re.match(r",\s*(?:flat|apt|unit|\d)", word.text_after, re.I))


def _products(toks: list[Tok]) -> dict[int, Rule]:
    """Products named like people ("Welch Allyn", "Sara Stedy"), kept whole."""
    kept: dict[int, Rule] = {}
    lows = [t.low.rstrip(".") for t in toks]
    for phrase in w.PRODUCTS:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if tuple(lows[i : i + n]) == phrase:
                kept.update(dict.fromkeys(range(i, i + n), Rule.PLACE))
    return kept


def _assign(span: list[int], rule: Rule, found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    target = kept if rule in (Rule.STAFF, Rule.PLACE) else found
    for i in span:
        target.setdefault(i, rule)


def _spans(toks: list[Tok], marks: dict[int, Rule]) -> list[NameSpan]:
    """Consecutive marked tokens become one span (a full name is one mask)."""
    spans: list[NameSpan] = []
    for i in sorted(marks):
        if spans and i - 1 in marks and _joined(toks, i) and marks[i - 1] is marks[i]:
            last = spans[-1]
            spans[-1] = NameSpan(last.start, toks[i].end, last.rule)
        else:
            spans.append(NameSpan(toks[i].start, toks[i].end, marks[i]))
    return spans
