"""Names an identifier gives away: a word an email address is made of, and the name that opens a report right before
a record number, a postcode or a date of birth. Pure."""

from __future__ import annotations

import re

from bot.domain import phi_words as w
from bot.domain.phi_name_base import COMMON_WORDS, GREETINGS, NOT_NEIGHBOURS, OPENERS, could_be_name, joins
from bot.domain.phi_tokens import Cls, Tok, sentence_start


def given_before(text: str, toks: list[Tok], at: int) -> int | None:
    """The capitalised given name typed right before a record number, one space between, or None."""
    before = [k for k, t in enumerate(toks) if t.full_end <= at]
    if not before:
        return None
    k = before[-1]
    tok = toks[k]
    if text[tok.full_end : at] != " " or (k + 1 < len(toks) and toks[k + 1].start < at):
        return None
    return k if tok.given and tok.ecase == "cap" and tok.cls is not Cls.STOP else None


def names_after(text: str, toks: list[Tok], at: int) -> list[int]:
    """One to three capitalised name-like words right after a record number and a slash or a dash: a list line."""
    if not re.match(r"\s*[/–-]\s*[A-Z]", text[at : at + 6]):
        return []
    span: list[int] = []
    for k, tok in enumerate(toks):
        if tok.start < at or len(span) >= 3:
            continue
        if span and not joins(toks, k):
            break
        if not span and tok.start > at + 5:
            break
        if tok.case not in ("title", "upper") and tok.low not in w.PARTICLES:
            break
        if tok.cls in (Cls.STOP, Cls.VOCAB, Cls.WORD) and tok.low not in w.PARTICLES:
            break  # "MRN 6104478 - Printer broken": a word, not a name
        span.append(k)
    return span if span and toks[span[0]].low not in w.PARTICLES else []


def email_parts(address: str) -> set[str]:
    local = address.split("@", 1)[0].lower()
    return {p for p in re.split(r"[^a-z]+", local) if len(p) >= 3}


def lead_before(toks: list[Tok], at: int) -> list[int]:
    """One to three name-like words that open a report (after a greeting) and stand right before position `at`."""
    ends = [k for k, t in enumerate(toks) if t.full_end <= at]
    if not ends:
        return []
    last = ends[-1]
    if last + 1 < len(toks) and toks[last + 1].start < at:
        return []
    first = last
    while first > 0 and last - first < 2 and not sentence_start(toks, first) and joins(toks, first):
        first -= 1
    if not sentence_start(toks, first) and not all(t.low in GREETINGS | OPENERS for t in toks[:first]):
        return []
    while first <= last and toks[first].low in GREETINGS | OPENERS:
        first += 1
    span = list(range(first, last + 1))
    if not span or len(span) > 3 or any(toks[k].low in _LABEL_WORDS for k in span):
        return []  # "med rec # 7801824": a label, not a name
    for k in span:
        tok = toks[k]
        named_vocab = tok.cls is Cls.VOCAB and (tok.given or tok.surname) and len(span) > 1  # "german ruiz, 8100 s..."
        if tok.cls is Cls.VOCAB and (not named_vocab or tok.low in NOT_NEIGHBOURS or tok.low in w.PLACE_WORDS):
            return []
        if not (could_be_name(tok) or named_vocab) or tok.staff or tok.low in COMMON_WORDS:
            return []
        if tok.cls is Cls.WEAK and not (tok.given or tok.surname or tok.ecase == "cap"):
            return []
        if tok.cls is Cls.UNKNOWN and not (tok.namey or tok.ecase == "cap" or len(span) > 1):
            return []
    return span


_LABEL_WORDS = frozenset(
    """nhs no number num mrn hosp hospital unit pas ssn acct account id med rec dob date of birth
    post code postcode zip""".split()
)


def label_start(toks: list[Tok], at: int) -> int:
    """Where the label before a value begins, when a comma sets it off from what comes before: "kaori, nhs
    number: 7204620305" (the name opening the report stands before the label, not the number)."""
    before = [k for k, t in enumerate(toks) if t.full_end <= at]
    k = len(before)
    while k > 0 and toks[k - 1].low in _LABEL_WORDS and k > len(before) - 3:
        k -= 1
    if k == len(before) or k == 0:
        return at
    if re.fullmatch(r",\s?|\s*\(\s*", toks[k].gap):
        return toks[k].start  # "kaori, nhs number: 720...", "eun sil mi (dob: 1/2/40)"
    plain = toks[k].gap == " " and k >= 2 and toks[k - 1].surname and toks[k - 2].given  # "hunter cole zip 30310"
    return toks[k].start if plain and joins(toks, k - 1) else at
