"""Finds patients' names in a line of text, titled or not, in any case; keeps staff named by their title or role.

A word is weighed three ways: is it a given name or surname in the lexicon, is it English (and how common), and
what stands around it (a title, "patient", "her daughter", "'s obs", "in bay 2", "fell", "the registrar"). A word
that is no English word, no slip of one and no hospital word is, in a ward report, a name the lexicon lacks.
Pure: text in, spans out.
"""

from __future__ import annotations

import re

from bot.domain import phi_words as w
from bot.domain.lexicon import OBSCURE, Lexicon
from bot.domain.phi_name_base import (
    COMMON_WORDS,
    DETERMINERS,
    GREETINGS,
    HE_SHE,
    KIN,
    MONTHS,
    NOT_NEIGHBOURS,
    NOT_SURNAMES,
    OPENERS,
    PERSON_VERBS,
    PERSON_WORDS,
    NameSpan,
    Rule,
    after_title,
    assign,
    could_be_name,
    equipment_slip,
    expand,
    joins,
    opens_report,
    patient_before,
    patient_evidence,
    place_word,
    products,
    role_follows,
    slip_of_equipment,
    to_spans,
    two_unlisted,
    why_kept,
)
from bot.domain.phi_name_growth import (
    backwards,
    grow_over_neighbours,
    nicknames_in_brackets,
    possessors,
    relatives_in_brackets,
    surname_first_before_label,
)
from bot.domain.phi_name_owners import email_parts, given_before, label_start, lead_before, names_after
from bot.domain.phi_name_places import institutions
from bot.domain.phi_name_slots import STAFF_AS_PATIENT, after_context, patient_trigger, slot_name, staff_title
from bot.domain.phi_tokens import NEVER_ALONE, RARE, Cls, Tok, sentence_start, tokens


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
        parts = {p for start, end, kind in values if kind == "EMAIL" for p in email_parts(text[start:end])}
        for k in free if parts else ():
            tok = toks[k]
            exact = tok.low in parts and tok.cls is not Cls.STOP  # "sent to rod.b@..., but rod never got it"
            if len(tok.low) < 3 or not could_be_name(tok) or (tok.low in COMMON_WORDS and not exact):
                continue
            if tok.cls is Cls.WEAK and not (tok.given or tok.ecase == "cap" or exact):
                continue
            stem = tok.low[:-1] if tok.low.endswith("s") and len(tok.low) >= 5 else tok.low  # "kisos appt letter"
            if tok.low in parts or any(len(x) >= 4 and p.startswith(x) for p in parts for x in (tok.low, stem)):
                found[k] = Rule.OWNER
        for k in free[:-1] if parts else ():
            a, b = toks[k], toks[k + 1]
            pair = a.low + b.low  # "hee soo" in bum.heesoo@outlook.com
            if (k + 1) in free and joins(toks, k + 1) and len(pair) >= 5 and pair in parts and a.case == b.case:
                found[k] = found[k + 1] = Rule.OWNER
        for start, end, kind in values:
            if kind in ("MRN", "NHS", "POSTCODE", "ACCOUNT", "SSN", "NINO", "ADDRESS", "DOB"):
                for k in lead_before(toks, label_start(toks, start)):
                    found.setdefault(k, Rule.OWNER)
            given = given_before(text, toks, start) if kind == "MRN" else None
            if given is not None:
                found.setdefault(given, Rule.OWNER)  # "TTO for Grace K2093847 says 0 items"
            for k in names_after(text, toks, end) if kind in ("MRN", "NHS") else ():
                found.setdefault(k, Rule.OWNER)  # "MRN 6104478 / Dang Van Hieu on CIWA"
        return to_spans(toks, {k: r for k, r in found.items() if k in free})

    def find(self, text: str) -> tuple[list[NameSpan], list[NameSpan]]:
        """Patients' names to mask, and the names kept (staff, places) with why."""
        toks = self._tokens(text)
        found: dict[int, Rule] = {}
        kept: dict[int, Rule] = products(toks)
        for i in range(len(toks)):
            if i not in found and i not in kept:
                _at(toks, i, found, kept)
        possessors(toks, found, kept)
        relatives_in_brackets(toks, found, kept)
        nicknames_in_brackets(toks, found, kept)
        surname_first_before_label(toks, found, kept)
        backwards(toks, found, kept)
        grow_over_neighbours(toks, found, kept)
        institutions(toks, found, kept, self._lex)
        return to_spans(toks, found), to_spans(toks, kept)


def _at(toks: list[Tok], i: int, found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    tok = toks[i]
    bare = tok.low.rstrip(".")
    if bare in w.PATIENT_TITLES and joins(toks, i + 1):
        span = after_title(toks, i + 1)
        role_before = i > 0 and toks[i - 1].staff and joins(toks, i)  # "school nurse Mrs Ahmed", "CNM Ms Aisha"
        assign(span, Rule.STAFF if role_follows(toks, span) or role_before else Rule.TITLE, found, kept)
        return
    if staff_title(toks, i, found):
        span = after_title(toks, i + 1)
        patient = patient_before(toks, i) or (bool(span) and STAFF_AS_PATIENT.match(toks[span[-1]].text_after))
        patient = patient or (i >= 2 and toks[i - 1].low in ("is", "was") and patient_before(toks, i - 1))
        # "pt is Dr Eoin Hale, retired GP"
        assign(span, Rule.CONTEXT if patient else Rule.STAFF, found, kept)
        return
    if patient_trigger(toks, i, found):
        j = i + 2 if i + 1 < len(toks) and toks[i + 1].low in ("is", "was") else i + 1  # "pt is ENZO DA ROSA"
        if tok.low in KIN and [t.low for t in toks[i + 1 : i + 3]] == ["in", "law"]:
            j = i + 3  # "her daughter in law anna"
        loose = tok.low in ("named", "called", "name", "surname")
        span = after_context(toks, j, loose=loose, kin=tok.low in KIN and j in (i + 1, i + 3))
        if span:
            assign(expand(toks, span), Rule.CONTEXT, found, kept)
            return
    run = _opening_person(toks, i)
    if run:
        assign(run, why_kept(toks, run) or Rule.FULL, found, kept)
        return
    slot = slot_name(toks, i, found)
    if slot:
        assign(slot, why_kept(toks, slot, slot=True) or Rule.SLOT, found, kept)
        return
    rule = _seed(toks, i)
    coordinated = i >= 2 and toks[i - 1].low in ("and", "&", "or") and (i - 2) in found
    if rule is None and coordinated and tok.ecase == "cap" and tok.cls in (Cls.WEAK, Cls.UNKNOWN, Cls.STRONG):
        rule = found[i - 2]  # "Şeyda and Şerife"
    if rule is None and coordinated and two_unlisted(toks, i):
        rule = found[i - 2]  # "Avraham and liran boh"
    unlisted = tok.cls is Cls.UNKNOWN and not equipment_slip(tok) and not place_word(tok)  # "X and elad both"
    nxt = toks[i + 1] if joins(toks, i + 1) else None
    unlisted = unlisted or (tok.given and nxt is not None and nxt.surname and nxt.low not in NOT_NEIGHBOURS)
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
    span = expand(toks, [i])
    assign(span, why_kept(toks, span) or rule, found, kept)


def _seed(toks: list[Tok], i: int) -> Rule | None:
    """Is this word a patient's name on its own evidence (its lexicon entry, its shape, or what follows it)?"""
    tok = toks[i]
    ordinal = i > 0 and toks[i - 1].low in ("st", "nd", "rd", "th") and bool(re.search(r"\d$", toks[i - 1].gap))
    in_date = ordinal or bool(  # "w/c 6th Jan", "Jan 25 2024", "1 Jan 2020"
        _DAY_AND_YEAR.match(tok.text_after) or _YEAR_AFTER.match(tok.text_after) or re.search(r"\d\s*$", tok.gap)
    )
    if tok.low in MONTHS and in_date:
        return None  # "Epic downtime Jan 25 2024", "says 1 Jan 2020": a month, not Jan
    if tok.low in _COMPASS and re.search(r"\d\s*$", tok.gap):
        return None  # "the vent in 4 north room 2", "5 West": a ward named by floor and wing
    if _opens_before_bed(toks, i):
        return Rule.EVIDENCE  # "conto bed 9 - bloods", "jones b4: obs"
    if _after_bed(toks, i):
        return Rule.EVIDENCE  # "b2 stan on fluids", "BED 9 FRANK SHOUTING OUT": a handover list's patient
    after_the = i > 0 and toks[i - 1].low == "the" and joins(toks, i) and tok.ecase == "cap" and not tok.poss
    if after_the and not (i + 1 < len(toks) and joins(toks, i + 1) and toks[i + 1].ecase == "cap"):
        return None  # "path reception at the Lister", "regimens from the Christie": a hospital, not a patient
    if _word_name_in_bed(toks, i):
        return Rule.EVIDENCE  # "will in bed 4 asking for his oramorph": a given name that is also a word
    if _word_name_owning(toks, i):
        return Rule.EVIDENCE  # "printer wont print june's tto": a given name that is also a word, owning a thing
    if tok.case == "mixed" or tok.cls in (Cls.STOP, Cls.WORD, Cls.VOCAB):
        return None
    if _after_lower_initial(toks, i) or _opening_pair(toks, i):
        return Rule.FULL  # "p chen showing as discharged", "napoleon larek says his appt"
    acronym_like = tok.ecase == "upper" and len(tok.low) < 5
    after_initial = i > 0 and toks[i - 1].initial_like and joins(toks, i)
    determined = i > 1 and toks[i - 2].low in DETERMINERS  # "the E key"
    nameish = tok.cls in (Cls.STRONG, Cls.UNKNOWN) or (tok.ecase == "cap" and tok.cls is Cls.WEAK)
    if after_initial and len(tok.low) > 2 and nameish and not determined:
        return Rule.FULL  # "G.Kanimal", "J. Salas", "f.herrero"
    if tok.cls is Cls.STRONG:
        doubtful = tok.slip and not tok.given and len(tok.low) <= 4  # "ress", "Uit": a short surname, a slip
        if tok.ecase == "cap" and len(tok.low) > 1 and not (doubtful and sentence_start(toks, i)):
            return Rule.LEXICON
        not_english = tok.level is None or (tok.level == OBSCURE and tok.given)  # "judith", "benjamin"
        slip_of_common = tok.slip and tok.case == "lower" and not tok.given and len(tok.low) <= 5
        slip_of_common = slip_of_common and not patient_evidence(toks, i)
        if len(tok.low) >= 4 and not_english and not acronym_like and not doubtful and not slip_of_common:
            return Rule.LEXICON  # but not "crashes evey time", "report it herre": a slip, with no patient about it
    if tok.namey and not acronym_like and not tok.staff:
        return Rule.NAMEY
    mid_sentence_capital = tok.cls is Cls.UNKNOWN and tok.ecase == "cap" and len(tok.low) >= 4
    long_typo = len(tok.low) > 6 and tok.level is None and not tok.namey and tok.low.isascii()  # "Oflfine"
    long_typo = long_typo and not any(t.low in PERSON_WORDS for t in toks)  # but "in Golders Green" for Mr X's son
    if mid_sentence_capital and not sentence_start(toks, i) and not long_typo:
        after_preposition = i > 0 and toks[i - 1].low in ("for", "with", "against", "of", "to")
        if not tok.slip or after_preposition:
            return Rule.CAPITALISED  # "dont match for Jica"
    if tok.ecase == "cap" and tok.given and joins(toks, i + 1):
        nxt = toks[i + 1]
        surname = nxt.namey or (nxt.surname and (nxt.level is None or nxt.level >= 20) and nxt.cls is not Cls.STOP)
        if nxt.ecase == "cap" and surname and nxt.low not in w.PLACE_AFTER | w.PLACE_WORDS:
            return Rule.FULL  # "Grace Baker", "John Morse" (not "Bill Pay")
    possessive = tok.poss and (tok.given or tok.surname or tok.cls is Cls.UNKNOWN)
    if acronym_like and not possessive:
        located = patient_evidence(toks, i) == "strong" and tok.cls in (Cls.STRONG, Cls.UNKNOWN)
        return Rule.EVIDENCE if located and len(tok.low) > 2 else None  # "ALI in bay 8", "RUUD in bed 29b"
    prev = toks[i - 1] if i > 0 else None
    thing = prev is not None and (prev.poss or prev.low in DETERMINERS)  # "the lady", "Dr X's card"
    plausible = tok.ecase == "cap" or tok.given or tok.cls is Cls.STRONG or tok.namey or possessive
    if not thing and len(tok.low) > 2 and not equipment_slip(tok):
        evidence = patient_evidence(toks, i)
        english_lower = tok.cls is Cls.WEAK and tok.ecase != "cap" and not tok.given and tok.case != "upper"
        shouted = tok.cls is Cls.WEAK and tok.ecase == "plain" and tok.case == "upper" and (tok.level or 99) <= 10
        english_lower = english_lower or (shouted and not tok.given)  # "57YR OLD FELL", not "SMITH FELL"
        if english_lower and len(tok.low) <= 4 and (tok.level or 0) >= 35 and tok.low not in w.EQUIPMENT:
            english_lower = False  # "fang in bed 1", "lei in bay 3": a short surname, uncommon as English
        aged = tok.cls is Cls.WEAK and (tok.given or tok.surname) and bool(_AGE_AND_SEX.match(tok.text_after))
        if aged and tok.given:
            return Rule.EVIDENCE  # "Hunter 17yo in rm 9", "jasmine 16yo asked": a given name with an age after it
        unlisted = (tok.namey or tok.cls is Cls.STRONG) and not tok.staff and not tok.slip
        if unlisted and _AGE_AND_SEX.match(tok.text_after):
            return Rule.EVIDENCE  # "Oluwaseun 11yo DKA": a name the lists lack, an age after it
        if (evidence == "strong" and (not english_lower or aged)) or (  # "kyle miller, 93 m, bay 4"
            evidence and not shouted and (plausible or (tok.case == "upper" and tok.surname))
        ):
            return Rule.EVIDENCE
    labelled = i + 1 < len(toks) and toks[i + 1].low in w.ID_LABELS and toks[i + 1].gap == " "
    if tok.cls is Cls.UNKNOWN and len(tok.low) > 2 and not thing and labelled:
        return Rule.EVIDENCE  # "mandal malti dob: ..."
    if tok.cls in (Cls.STRONG, Cls.UNKNOWN) and tok.ecase == "plain" and joins(toks, i + 1):
        nxt = toks[i + 1]
        both = nxt.cls in (Cls.STRONG, Cls.UNKNOWN) and nxt.ecase == "plain" and not nxt.slip and not tok.slip
        if both and tok.level is None and nxt.level is None and len(tok.low) + len(nxt.low) >= 5:
            return Rule.FULL  # "yan lin", "lei xue": two short names, neither English
    if _opening_full_name(toks, i):
        return Rule.FULL
    return None


_COMPASS = frozenset("north south east west northeast northwest southeast southwest".split())

_YEAR_AFTER = re.compile(r"\.?,?\s+(?:19|20)\d\d\b")

_DAY_AND_YEAR = re.compile(r"\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b", re.IGNORECASE)


def _opening_full_name(toks: list[Tok], i: int) -> bool:
    """ "ping cheng cant get into the patient wifi on his phone": a given name and a surname in lower case open a
    report that goes on about a person."""
    tok = toks[i]
    if tok.ecase != "plain" or not tok.given or not joins(toks, i + 1) or tok.low in NOT_SURNAMES:
        return False
    if not (sentence_start(toks, i) or all(t.low in GREETINGS | OPENERS for t in toks[:i])):
        return False
    nxt = toks[i + 1]
    if nxt.ecase != "plain" or not nxt.surname or nxt.low in NOT_SURNAMES or nxt.cls not in (Cls.STRONG, Cls.WEAK):
        return False
    if tok.cls not in (Cls.STRONG, Cls.WEAK) or tok.staff or nxt.staff:
        return False
    if len(tok.low) < 3 or not all(t.cls is Cls.STRONG or (t.level or 0) >= 35 for t in (tok, nxt)):
        return False  # "yr old fell": no common English word in it
    rest = {t.low for t in toks[i + 2 :]}
    return bool(rest & (HE_SHE | w.PATIENT_BEFORE | w.PATIENT_EVENTS))


def _after_bed(toks: list[Tok], i: int) -> bool:
    """A given name right after a bed and its number, as handover lists run: "bed 3 jean - for echo", "b2 stan"."""
    if i == 0:
        return False
    tok, prev = toks[i], toks[i - 1]
    shorthand = prev.low == "b" and prev.code[1:].isdigit() and len(prev.code) <= 3 and tok.gap in (" ", ": ", " - ")
    numbered = prev.low in ("bed", "bay", "cubicle", "cube", "sr") and bool(
        re.fullmatch(r" ?\d{1,3}[a-z]? ?[-:,]? ?", tok.gap, re.I)
    )
    if not (shorthand or numbered) or tok.case == "mixed" or tok.staff or len(tok.low) < 3:
        return False
    if tok.cls is Cls.STOP or tok.low in w.EQUIPMENT or tok.low in NEVER_ALONE | COMMON_WORDS:
        return False
    if any(t.low in w.EQUIPMENT for t in toks[max(0, i - 6) : i - 1]):
        return False  # "WOW in bay 4 sas low battery": the kit's bed, and a slip
    return tok.given or tok.namey or tok.cls is Cls.STRONG


_IN_A_BED = re.compile(r"\s+(?:in|on)\s+(?:bed|bay|cot|cubicle|rm|room|sr|side\s+room|pod|b)\s?\d{1,3}[a-z]?\b", re.I)

# What a person in a bed does, or has said about them, later in the report.
_PERSON_LATER = HE_SHE | KIN | frozenset("asking shouting refusing crying calling wants keeps says pressing".split())

# Words that open a sentence before "in bed 4" and are not a person there, though a name list holds them.
_NOT_IN_BED = frozenset("so and but also still now then only just even all both everyone anyone someone".split())


def _word_name_owning(toks: list[Tok], i: int) -> bool:
    """ "june's tto", "Hope's feeds": a given name that is also a word, with an apostrophe, before a patient's thing,
    and no determiner or owner before it ("the ward's obs")."""
    tok = toks[i]
    if not (tok.poss and tok.given) or tok.staff or tok.case == "mixed" or i + 1 >= len(toks) or len(tok.low) < 3:
        return False
    if tok.full_end == tok.end:
        return False  # typed without the apostrophe: "wills chart" may be a plural
    prev = toks[i - 1] if i > 0 else None
    if prev is not None and (prev.poss or prev.low in DETERMINERS or prev.low in w.POSSESSIVES):
        return False
    nxt = toks[i + 1]
    return nxt.gap == " " and nxt.low in w.PATIENT_NOUNS and tok.low not in w.EQUIPMENT | w.PLACE_WORDS | w.PLACE_AFTER


def _word_name_in_bed(toks: list[Tok], i: int) -> bool:
    """ "will in bed 4 asking for his oramorph", "mo in side room 4 has been shouting for his brother": a word a
    name list holds as a given name opens the report, a bed follows, and what comes later is about a person."""
    tok = toks[i]
    if not tok.given or tok.staff or tok.case == "mixed" or tok.poss or not opens_report(toks, i):
        return False
    if tok.low in NEVER_ALONE or tok.low in _NOT_IN_BED or tok.low in w.EQUIPMENT or len(tok.low) < 2:
        return False
    if not _IN_A_BED.match(tok.text_after):
        return False
    return bool({t.low for t in toks[i + 3 :]} & _PERSON_LATER)


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
    if not (shorthand or numbered) or not opens_report(toks, i) or tok.staff:
        return False
    if tok.low in w.EQUIPMENT or slip_of_equipment(tok.low) or tok.low in NEVER_ALONE | COMMON_WORDS:
        return False
    if tok.cls is Cls.WORD:
        return tok.level is not None and tok.level >= RARE  # "conto": English only in the biggest dictionaries
    if tok.cls is Cls.WEAK:
        short_surname = len(tok.low) <= 4 and (tok.level or 0) >= 35  # "yip b6"
        return tok.given or short_surname or (tok.ecase == "cap" and tok.case != "upper")
    return tok.cls is Cls.STRONG or (tok.cls is Cls.UNKNOWN and (tok.namey or not tok.slip))


# An age over 89 and a sex right after a word: "kyle miller, 93 m", "miller (94yo F)".
_AGE_AND_SEX = re.compile(
    r"\s*,?\s*\(?\s*(?:(?:9\d|1[01]\d)\s*(?:yo|y/o|yrs?|years?)?\s*,?\s*(?:[MF]|male|female)\b"
    r"|\d{1,2}\s?(?:yo|y/o|yrs?\s+old|years?\s+old|month\s+old|m/o|wk\s+old|weeks?\s+old)\b)",  # "jasmine 16yo"
    re.I,
)
_PATIENT_NEXT = re.compile(
    r"\s+(?:(?:is|was)\s+)?(?:showing\s+as\s+(?:discharged|deceased|dead|dischaarged|diischarged)|is\s+tci|tci\b)", re.I
)


def _after_lower_initial(toks: list[Tok], i: int) -> bool:
    """ "p chen showing as discharged", "z hua": a lower-case initial and a surname the lexicon knows open a report."""
    tok = toks[i]
    if i < 1 or tok.gap not in (" ", ". ", ".") or tok.staff or len(tok.low) < 3:
        return False
    prev = toks[i - 1]
    if len(prev.low) != 1 or not opens_report(toks, i - 1):
        return False
    if prev.case != "lower" or tok.case != "lower":  # "A Bartyzel showing as discharged"
        capital = prev.case == "title" and tok.ecase == "cap" and tok.cls in (Cls.STRONG, Cls.UNKNOWN, Cls.WEAK)
        return capital and bool(_PATIENT_NEXT.match(tok.text_after))
    if prev.low == "a":
        return False
    if tok.cls is Cls.STRONG and tok.gap == " " and prev.low != "i":
        return True
    # "l. downs showing as discharged", "i tunceri showing as discharged": a surname that is a word, or after "i",
    # when what follows happens only to a patient
    named = tok.cls is Cls.UNKNOWN or (tok.cls is Cls.WEAK and tok.surname) or tok.cls is Cls.STRONG
    return named and bool(_PATIENT_NEXT.match(tok.text_after))


def _opening_pair(toks: list[Tok], i: int) -> bool:
    """Two words no dictionary lists as English open a report, a person's verb follows, and a pronoun later says
    the report is about a person: "napoleon larek says his clinic appt", "Zayn Nadeer cant get in on his phone"."""
    if i + 2 >= len(toks) or not opens_report(toks, i) or not joins(toks, i + 1):
        return False
    pair, verb = toks[i : i + 2], toks[i + 2]
    if verb.gap != " " or verb.low not in PERSON_VERBS:
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
    return bool({t.low for t in toks[i + 3 :]} & HE_SHE)


# What a report says a person opening it did or has: "sook buck says her opa", "JAE KYUN MAN has 2 wristbands".
_OPENING_VERBS = PERSON_VERBS | frozenset("has is was still moved".split())

_OPENING_LATER = HE_SHE | frozenset("wristbands wristband discharged whiteboard census".split())


def _opening_person(toks: list[Tok], i: int) -> list[int]:
    """One to three words that open a report, a person's verb after them and a pronoun or a patient's thing later:
    the words are the person's name, whatever dictionary also lists them ("tai song says his appt")."""
    if not opens_report(toks, i) or (i > 0 and joins(toks, i) and toks[i - 1].low not in GREETINGS | OPENERS):
        return []
    end = i
    while end + 1 < len(toks) and end - i < 2 and joins(toks, end + 1) and toks[end + 1].low not in _OPENING_VERBS:
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
        bands = toks[verb].low == "has" and bool(
            re.match(r"\s+(?:\d+|two)\s+(?:wrist)?bands?\b", toks[verb].text_after)
        )
        listed = tok.cls is Cls.UNKNOWN or (tok.cls is Cls.WEAK and (tok.given or tok.surname))
        listed = listed or (tok.cls is Cls.WORD and (tok.level or 0) >= 60)  # "serin", English only to birders
        if bands and listed and len(tok.low) >= 3:
            return [i]  # "serin has 2 wristbands printed": whoever has wristbands is a patient
        if tok.cls not in (Cls.STRONG, Cls.UNKNOWN) or not (tok.namey or tok.cls is Cls.STRONG) or len(tok.low) < 3:
            return []
    for k, tok in enumerate(run):
        named_vocab = tok.cls is Cls.VOCAB and k > 0 and (tok.given or tok.surname) and tok.low not in w.PLACE_WORDS
        if tok.case == "mixed" or tok.staff or tok.poss or tok.cls is Cls.STOP or len(tok.low) < 2:
            return []
        if (tok.cls is Cls.VOCAB and not named_vocab) or tok.low in COMMON_WORDS | DETERMINERS | w.EQUIPMENT:
            return []  # but "JAE KYUN MAN has 2 wristbands"
        if tok.cls is not Cls.STRONG and equipment_slip(tok):
            return []
    if not any(t.cls is Cls.STRONG or t.namey or (t.given and t.cls is Cls.WEAK) for t in run):
        return []
    return list(range(i, verb))
