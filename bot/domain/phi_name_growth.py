"""Names grown from the names already found: the surname before a comma, a relative named before a bracket that says
whose, the possessive of a full name, and the name-like words typed beside a name. Pure."""

from __future__ import annotations

import re

from bot.domain import phi_words as w
from bot.domain.phi_name_base import (
    COMMON_WORDS,
    DETERMINERS,
    ID_AFTER,
    KIN,
    NOT_NEIGHBOURS,
    PERSON_VERBS,
    Rule,
    clause_ends_after,
    could_be_name,
    equipment_slip,
    joins,
    named_word,
    opens_report,
    place_word,
)
from bot.domain.phi_tokens import Cls, Tok


def backwards(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """Names that lean on the one after them: "GUY, Hannah" (surname first) and "mara and Zsanett"; and the given
    name after a surname that opens a report: "rojas, kelvin - duplicate"."""
    for i in sorted(found):
        nxt = i + 1
        if nxt < len(toks) and nxt not in found and nxt not in kept and re.fullmatch(r",\s?", toks[nxt].gap):
            given = toks[nxt].given and could_be_name(toks[nxt]) and toks[nxt].low not in COMMON_WORDS
            shouted = toks[i].case == toks[nxt].case == "upper" and toks[nxt].cls in (Cls.UNKNOWN, Cls.STRONG)
            shouted = shouted and len(toks[nxt].low) >= 3 and not toks[nxt].staff  # "OKAFOR, CHIDI locked"
            named = given or shouted or toks[nxt].namey or (i == 0 and named_word(toks[nxt]))
            if named or _given_before_label(toks, i, nxt):
                found[nxt] = found[i]  # "rojas, kelvin", "markova, asiya"
    for i in sorted(found, reverse=True):
        if i < 1 or (i - 1) in found or (i - 1) in kept:
            continue
        prev = toks[i - 1]
        opening_surname = prev.cls is Cls.VOCAB and prev.surname and i == 1 and prev.low not in NOT_NEIGHBOURS
        could = could_be_name(prev) or opening_surname  # "foley, gabrielle - duplicate"
        labelled = bool(re.match(r"\.?,?(?:\s|$)", toks[i].text_after) and ID_AFTER.match(" " + toks[i].text_after[1:]))
        worded = prev.cls is Cls.WORD and prev.case in ("title", "upper") and toks[i].given and labelled
        if worded and re.fullmatch(r",\s?", toks[i].gap) and prev.low not in COMMON_WORDS:
            found[i - 1] = found[i]  # "Nuclear, Nancy. SSN: ...": a surname that is a word, a record's label after
            continue
        if re.fullmatch(r",\s?", toks[i].gap) and could and (prev.surname or prev.cls is Cls.UNKNOWN):
            if prev.cls is not Cls.WEAK or prev.ecase != "plain" or i == 1:
                found[i - 1] = found[i]  # "LIMA, Pilar", "page, anya": the word before the comma is the surname
            continue
        if i >= 2 and prev.low in ("and", "&") and (i - 2) not in kept:
            before = toks[i - 2]
            if could_be_name(before) and (before.cls is not Cls.WEAK or before.given) and (i - 2) not in found:
                found[i - 2] = found[i]  # "mara and Zsanett"


def surname_first_before_label(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "jian, bo dob ...", "ward, shannon d.o.b. ...", "Mum, Martha. SSN: ...": a word, a comma and a given name
    open a report (or follow "for"), and a record's label comes next: surname first, then the given name."""
    for k in range(len(toks) - 1):
        a, b = toks[k], toks[k + 1]
        if k in found or k in kept or (k + 1) in kept or not re.fullmatch(r",\s?", b.gap):
            continue
        if not (opens_report(toks, k) or (k > 0 and toks[k - 1].low in ("for", "re", "pt", "patient"))):
            continue
        labelled = re.match(r"\.?,?(?:\s|$)", b.text_after) and ID_AFTER.match(" " + b.text_after[1:])
        if not labelled or a.staff or b.staff or a.case == "mixed" or len(a.low) < 2 or len(b.low) < 2:
            continue
        if a.cls is Cls.STOP or a.low in DETERMINERS | COMMON_WORDS or b.low in COMMON_WORDS:
            continue
        surname = a.surname or a.cls in (Cls.UNKNOWN, Cls.STRONG) or a.case in ("title", "upper")
        if surname and (b.given or b.namey or b.cls is Cls.STRONG):
            found[k] = found[k + 1] = Rule.EVIDENCE


def nicknames_in_brackets(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "Brown, Patricia (Pat)", "Oluwaseun (seun) 11yo DKA": one word in brackets right after a patient's name is
    what they are called, when it is a given name or a part of the name."""
    for k in sorted(found):
        n = k + 1
        if n >= len(toks) or n in found or n in kept or not re.fullmatch(r"\s*\(\s*", toks[n].gap):
            continue
        nick, name = toks[n], toks[k]
        if not re.match(r"\s*\)", toks[n + 1].gap if n + 1 < len(toks) else nick.text_after or ")"):
            continue
        if nick.cls in (Cls.STOP, Cls.VOCAB) or nick.staff or len(nick.low) < 2 or nick.low in COMMON_WORDS:
            continue
        part = len(nick.low) >= 3 and nick.low != name.low and nick.low in name.low  # "Oluwaseun (seun)"
        if nick.given or part or (nick.namey and nick.case == name.case):
            found[n] = found[k]


def relatives_in_brackets(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "bonn (mathilde dittmar's partner) called": the word before a bracket that says whose relative it is, is
    the relative's name."""
    for k in range(len(toks) - 2):
        tok = toks[k]
        if k in found or k in kept or not re.fullmatch(r"\s*\(\s*", toks[k + 1].gap):
            continue
        if tok.cls is Cls.STOP or tok.case == "mixed" or tok.staff or len(tok.low) < 3 or tok.low in COMMON_WORDS:
            continue
        inside = toks[k + 1 : k + 6]
        owner = next((n for n, t in enumerate(inside) if t.poss), None)
        if owner is None or (k + 1 + owner) not in found or owner + 1 >= len(inside):
            continue
        kin = inside[owner + 1]
        if kin.low in KIN | {"nok", "carer"} and not {"(", ")"} & set(kin.gap):
            found[k] = Rule.CONTEXT


def possessors(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """ "ula garb's social", "Yon Soon's SSN": an English word owning a patient's thing, right after a word that
    reads as a given name, is the surname of a full name."""
    for k in range(1, len(toks) - 1):
        tok, prev, nxt = toks[k], toks[k - 1], toks[k + 1]
        if not tok.poss or k in found or k in kept or (k - 1) in found or (k - 1) in kept or nxt.gap != " ":
            continue
        if nxt.low not in w.PATIENT_NOUNS | w.ID_LABELS or not joins(toks, k) or tok.case != prev.case:
            continue
        if tok.cls not in (Cls.WORD, Cls.WEAK) or tok.staff or tok.low in KIN | COMMON_WORDS | w.PATIENT_BEFORE:
            continue
        if k >= 2 and (toks[k - 2].low in DETERMINERS | w.POSSESSIVES) and joins(toks, k - 1):
            continue  # "the night staff's notes"
        given = prev.cls is Cls.WEAK and prev.given and (prev.ecase == "cap" or (prev.level or 0) >= 35)
        named = prev.cls is Cls.STRONG or prev.namey or given
        if named and len(prev.low) >= 2 and not prev.staff and prev.low not in COMMON_WORDS | DETERMINERS:
            found[k - 1] = found[k] = Rule.EVIDENCE


def grow_over_neighbours(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    """A name found grows over the name-like words typed beside it in the same case: "Jemma Fresco", "léo piquet",
    "smriti dhian", "qi long chuan". Run to a fixed point, so a three-word name grows a word at a time."""
    grown = True
    while grown:
        grown = False
        for i in sorted(found):
            for j, side in ((i + 1, "right"), (i - 1, "left")):
                if j < 0 or j >= len(toks) or j in found or j in kept:
                    continue
                between = side == "right" and (j + 1) in found and joins(toks, j + 1) and toks[j].cls is not Cls.STOP
                if between and joins(toks, j) and toks[j].case == toks[i].case and len(toks[j].low) <= 3:
                    found[j] = found[i]  # "ying ze zhen": a short word between two names is the middle name
                    grown = True
                    continue
                acts = side == "right" and j + 1 < len(toks) and toks[j + 1].low in PERSON_VERBS
                surname = acts and toks[j].surname and toks[j].cls is not Cls.STOP and toks[j].case == toks[i].case
                if not joins(toks, max(i, j)) or not (surname or _neighbour(toks[j], toks[i], side)):
                    continue  # but "roberto page says his appt"
                found[j] = found[i]
                grown = True


def _neighbour(tok: Tok, name: Tok, side: str) -> bool:
    """May `tok`, typed beside the name `name`, be more of the same name?"""
    labelled = side == "right" and bool(ID_AFTER.match(tok.text_after)) and tok.case == name.case
    if labelled and tok.cls is not Cls.STOP and len(tok.low) >= 2 and tok.low not in w.ID_LABELS | w.PLACE_WORDS:
        return True  # "parrish tia dob: ...", "pt ze ken mrn ...": the word before an identifier's label
    same_caps = tok.case == name.case and tok.case in ("title", "upper") and tok.ecase != "plain"
    capitalised = same_caps and side == "right" and (tok.surname or tok.given) and tok.low not in w.PLACE_WORDS
    if capitalised and clause_ends_after(tok):
        return True  # "pt Edmundo Porter thank you", "under Uzel Can", "Babara May, 9360 Main Dr", "pt MICKIE PAGE"
    if (
        side == "right"
        and tok.poss
        and tok.case == name.case
        and (tok.surname or tok.given)
        and tok.cls is not Cls.STOP
    ):
        return tok.low not in KIN  # "lakita house's record", "franco lorenzo's daughter"
    if tok.case != name.case or tok.case == "mixed" or tok.staff or len(tok.low) < 2 or tok.initial:
        return False
    listed_word = tok.low in COMMON_WORDS | w.STOP and (tok.cls is not Cls.STOP or tok.ecase == "cap")
    if side == "left" and tok.given and tok.case == name.case and listed_word:
        return True  # "shows Will Mccarthy", "rose smith", "bill douglas"
    if side == "right" and (tok.staff or tok.surname) and tok.poss and tok.ecase == "cap" and name.ecase == "cap":
        return True  # "Reuben Holder's label"
    if tok.low in NOT_NEIGHBOURS:
        return False
    if tok.cls is Cls.STRONG:
        return True
    if tok.cls is Cls.UNKNOWN:
        opening = (
            side == "left" and len(tok.low) >= 4 and bool(re.search(r"[^\w\s]|^$", tok.gap))
        )  # "proxy, gupse diaz"
        return (tok.namey or not tok.slip or opening) and not place_word(tok) and not equipment_slip(tok)
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
    if not opens_report(toks, i) or tok.cls in (Cls.STOP, Cls.VOCAB) or tok.case == "mixed" or tok.staff:
        return False
    if len(tok.low) < 2 or tok.low in COMMON_WORDS or (tok.cls is Cls.WORD and (tok.level or 0) < 35):
        return False
    after = toks[nxt + 1] if nxt + 1 < len(toks) else None
    if after is None:
        return False
    labelled = after.gap == " " and (after.low in w.ID_LABELS or after.low in ("date", "b", "d"))
    return labelled or bool(re.fullmatch(r"\s[-–]\s", after.gap))
