"""Names in the places a report puts a patient: after "belongs to", "meant for", "shows X but", "for X wont"; after a
patient word or a relative; and staff named by their title or role. Pure."""

from __future__ import annotations

import re

from bot.domain import phi_words as w
from bot.domain.phi_name_base import (
    CLAUSE_END,
    COMMON_WORDS,
    DETERMINERS,
    NOT_NEIGHBOURS,
    NOT_SURNAMES,
    PERSON_VERBS,
    SENTENCE_GAP,
    Rule,
    could_be_name,
    expand,
    gap_after,
    joins,
    named_word,
    two_unlisted,
)
from bot.domain.phi_tokens import Cls, Tok

# A doctor who is the patient: "dr hale (pt, retired GP) in SR1", "Dr Adaeze Nnamdi is a pt on our ward".
STAFF_AS_PATIENT = re.compile(
    r"\s*(?:\(\s*(?:the\s+)?(?:pt|patient|ptnt)\b|,?\s+(?:is|was)\s+(?:a|our|the)\s+(?:pt|patient|inpatient)\b"
    r"|,?\s+(?:is|was|has\s+been)\s+admitted\b)",  # "our own hospitalist Dr. Greer is admitted to rm 801"
    re.I,
)


def _kin_acts(toks: list[Tok], j: int) -> bool:
    """ "her daughter heather says", "his son rowan (mob 07...)": the relative's given name, then what they did."""
    tok = toks[j]
    if not tok.given or tok.low in COMMON_WORDS or tok.poss or j + 1 >= len(toks):
        return False
    nxt = toks[j + 1]
    return (nxt.gap == " " and nxt.low in PERSON_VERBS | {"rang", "phoned", "rung"}) or nxt.gap.strip() == "("


def after_context(toks: list[Tok], j: int, *, loose: bool, kin: bool = False) -> list[int]:
    if j >= len(toks) or not re.fullmatch(r"\s{1,2}|\s*[:,(-]\s*|\s+is\s+", toks[j].gap):  # "wrong pt (bayla)"
        return []
    tok = toks[j]
    if tok.low.rstrip(".") in w.PATIENT_TITLES:
        return []  # "her son in law Mr Ok": the title's own rule takes the name
    if tok.cls is Cls.VOCAB and tok.given and named_word(tok):
        return [j]  # "pt paris heath"
    if not could_be_name(tok) or (tok.initial and not joins(toks, j + 1)):
        return []
    doubtful = tok.cls is Cls.UNKNOWN and tok.ecase != "cap" and (len(tok.low) < 4 or tok.slip) and not loose
    acts = kin and j + 1 < len(toks) and toks[j + 1].gap == " " and toks[j + 1].low in PERSON_VERBS
    acts = acts or (kin and j + 1 < len(toks) and toks[j + 1].gap.strip() == "(")  # "carer selver (tel 07..."
    bracketed = "(" in tok.gap and tok.text_after.startswith(")") and len(tok.low) >= 3  # "the wrong pt (asja)"
    if doubtful and not two_unlisted(toks, j) and not (acts and len(tok.low) >= 3) and not bracketed:
        return []  # but "pt ryad le guen", "pt liran boh": a name of two words no list knows
    if tok.cls is Cls.WEAK and tok.ecase != "cap" and not loose and not (kin and _kin_acts(toks, j)):
        nxt = toks[j + 1] if joins(toks, j + 1) else None
        full = tok.given and nxt is not None and nxt.surname and nxt.low not in NOT_SURNAMES | w.STOP
        return [j] if full and nxt is not None and nxt.case == tok.case else []  # "pt heather smith"
    return [j]


def _slot_opens(toks: list[Tok], i: int, found: dict[int, Rule]) -> str | None:
    """Does token i end a phrase that a patient's name follows ("belongs to", "meant for", "the band says")? What
    must follow the name, as phi_words.SLOTS says, or None."""
    for n in (3, 2, 1):  # the longest phrase first: "meant for", not "for"
        if i + 1 >= n:
            need = w.SLOTS.get(tuple(t.low for t in toks[i + 1 - n : i + 1]))
            if need is None or any(SENTENCE_GAP.search(t.gap) for t in toks[i + 2 - n : i + 1]):
                continue
            if n == 1 and i > 0 and toks[i - 1].low in DETERMINERS:
                return None  # "the discharge coordinator": a noun, not a verb
            return need
    tok = toks[i]
    if tok.low == "not" and (i - 1) in found:
        return ""  # "belongs to jie zhou not rati arora"
    if tok.low == "under":
        before = toks[max(0, i - 8) : i]
        for k, t in enumerate(before):
            if t.low in w.FILED and not any(CLAUSE_END.search(b.gap) for b in before[k + 1 :]):
                return ""  # "registration put X's ssn under jiwan john"
    return None


# An identifier's label right after the word in a slot: "bloods for jeta (h/n: 123)", "for guram: health plan ID".
_LABEL_AFTER_SLOT = re.compile(
    r"\s*[(:,]?\s*(?:(?:h/n|h/no|hn|nhs|dob|d\.o\.b|mrn|ssn|born|health\s+plan|acct|fin|hosp)\b|b\.\s?\d)", re.I
)


def slot_name(toks: list[Tok], i: int, found: dict[int, Rule]) -> list[int]:
    """The name right after a slot phrase, when the word reads as a name and what follows fits the phrase."""
    j = i + 1
    if j >= len(toks) or not re.fullmatch(r" {1,2}|\s*:\s*", toks[j].gap):
        return []
    need = _slot_opens(toks, i, found)
    if need is None:
        return []
    tok = toks[j]
    if tok.case == "mixed" or tok.low in COMMON_WORDS or tok.low in w.CALENDAR:
        return []
    if tok.cls is Cls.WEAK and need == "contrast" and tok.case == "lower" and (tok.level or 0) < 35 and not tok.poss:
        return []  # "status page shows green but nothing loads"
    if tok.cls is Cls.WEAK:
        failing = need == "fail" and tok.surname and (tok.level or 0) >= 35 and gap_after(toks, j) == " "
        failing = failing and j + 1 < len(toks) and toks[j + 1].low in w.SLOT_FAIL  # "for bender wont send"
        ok = tok.given or tok.ecase == "cap" or tok.poss or failing
    elif tok.cls is Cls.UNKNOWN:  # a slip of a word is no name ("for eveyone"), unless capitalised ("says Tohru")
        ok = len(tok.low) >= 3 and (tok.namey or (tok.ecase == "cap" and not need and len(tok.low) <= 6))
        ok = ok or (len(tok.low) >= 3 and bool(_LABEL_AFTER_SLOT.match(tok.text_after)))  # "for jeta (h/n: ..."
        nxt = toks[j + 1] if joins(toks, j + 1) else None
        named_next = nxt is not None and nxt.cls in (Cls.STRONG, Cls.WEAK) and (nxt.given or nxt.surname)
        named_next = named_next or (nxt is not None and nxt.namey and len(tok.low) >= 4)  # "atlasz balassa"
        after = toks[j + 2] if j + 2 < len(toks) else None
        two = nxt is not None and nxt.cls is Cls.UNKNOWN and min(len(tok.low), len(nxt.low)) >= 4
        named_next = named_next or (two and need == "fail" and after is not None and after.low in w.SLOT_FAIL)
        ok = ok or named_next  # "under jiwan john": a full name
    else:
        ok = tok.cls is Cls.STRONG or (tok.initial and joins(toks, j + 1))
        named = tok.cls is Cls.VOCAB and (tok.given or tok.surname) and tok.low not in NOT_NEIGHBOURS
        failing = need == "fail" and j + 1 < len(toks) and toks[j + 1].low in w.SLOT_FAIL and toks[j + 1].gap == " "
        ok = ok or (named and failing)  # "post code for christian wont validate"
        nxt = toks[j + 1] if joins(toks, j + 1) else None
        rare = tok.cls is Cls.WORD and (tok.level or 0) >= 60 and tok.case != "mixed"
        ok = ok or (rare and nxt is not None and (nxt.namey or nxt.cls is Cls.STRONG))  # "for smriti manjeet"
    if not ok and len(tok.low) == 1 and tok.case == "lower" and tok.low not in ("a", "i") and joins(toks, j + 1):
        surname = toks[j + 1]
        failing = need == "fail" and surname.surname and (surname.level or 99) >= 35  # not "for x ray wont load"
        failing = failing and j + 2 < len(toks) and toks[j + 2].low in w.SLOT_FAIL
        ok = surname.cls is Cls.STRONG or surname.namey or failing  # "for h buchanan wont", "for s watts wont save"
    if not ok and need == "" and _contrasted(toks, j, found):
        ok = True  # "shows naila ramy but its neeta", "belongs to X not soheila hussam"
    if not ok:
        return []
    span = expand(toks, [j])
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
    if tok.cls is Cls.VOCAB and not ((tok.given or tok.surname) and tok.low not in NOT_NEIGHBOURS):
        return False  # but "shows X but its houston"
    nxt = toks[j + 1] if j + 1 < len(toks) else None
    closes = nxt is None or bool(re.search(r"[^\w\s]|\s[-–]\s", nxt.gap))  # "but its neeta 🙏", "not So Hung."
    if nxt is not None and not closes and joins(toks, j + 1):
        closes = nxt.cls in (Cls.STRONG, Cls.UNKNOWN) or (nxt.cls is Cls.WEAK and (nxt.given or nxt.surname))
        closes = closes and nxt.low not in NOT_SURNAMES and len(nxt.low) >= 2
    return closes


def staff_title(toks: list[Tok], i: int, found: dict[int, Rule]) -> bool:
    """A staff title or role right before a name: "Dr Osei", "Sister Adeyemi", "FY1 Cédric", "nurse maanger Wei"."""
    tok = toks[i]
    if not tok.staff or i + 1 >= len(toks):
        return False
    nxt = toks[i + 1]
    glued_code = tok.code != tok.low and nxt.gap.lstrip("0123456789") == " "  # "FY1 Jacquelyne"
    if not (joins(toks, i + 1) or glued_code):
        return False
    if relative_sibling(toks, i, found):
        return False  # "her sister Ama", "mr belohlaveks sister alys": a relative
    return could_be_name(nxt) and nxt.cls is not Cls.STOP


def relative_sibling(toks: list[Tok], i: int, found: dict[int, Rule]) -> bool:
    """ "her sister Ama", "X's brother Ola", and in lower case after a patient named earlier ("May Tran in bed 4 wants
    her rosary, sister Linh coming at 10"): a relative, not a ward sister."""
    tok = toks[i]
    if tok.low not in ("sister", "brother") or i == 0:
        return False
    if toks[i - 1].low in w.POSSESSIVES or (i - 1) in found:
        return True
    return tok.case == "lower" and any(k in found for k in range(i))


def patient_trigger(toks: list[Tok], i: int, found: dict[int, Rule]) -> bool:
    tok = toks[i]
    if tok.low in w.PATIENT_BEFORE:
        if tok.low == "called" and i > 0 and toks[i - 1].low in ("i", "we", "they", "have", "has"):
            return False
        return not (tok.low in ("sister", "brother") and tok.staff and i == 0)
    if relative_sibling(toks, i, found):
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
