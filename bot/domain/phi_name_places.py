"""Names that are an institution's or a town's: "Vicente Sotto Memorial Medical Center", "Hospital Raja Permaisuri
Bainun", "Szpital im. Jana Pawła II", "Karachi and Hyderabad sites", "the Abu Dhabi site". Run last, over the names
found, so a name that grew over "Memorial" or "University" is seen whole. Pure."""

from __future__ import annotations

import re

from bot.domain import phi_words as w
from bot.domain.lexicon import Lexicon
from bot.domain.phi_name_base import HE_SHE, ID_AFTER, KIN, Rule, joins
from bot.domain.phi_tokens import Tok

# The word that makes the name before (or, capitalised, after) it an institution's, in the languages wards write
# English beside.
INSTITUTIONS = frozenset(
    """hospital hospitals infirmary clinic clinics centre center centres centers institute institut instituut
    university universiteit universität universitet college hospice foundation polyclinic polikliniek poliklinika
    ziekenhuis kliniek klinik klinikum kliniken krankenhaus spital szpital sjukhus sykehus sygehus sairaala hôpital
    hopital ospedale hospitaal ospital nemocnice bolnica kórház ysbyty medicentre""".split()
)
# What stands between a person's name and the institution named after them: "X Memorial Medical Center".
_BETWEEN = frozenset(
    """memorial medical general teaching regional district community national royal specialist specialty oncology
    cancer heart eye dental research rehabilitation maternity children's childrens women's womens mental health
    psychiatric cardiac public city central county state military international academic university
    universitair academisch""".split()
)
_LABEL_AFTER = re.compile(r"\s*(?:no\b|number|num\b|#|id\b|[:#]?\s*\d)", re.IGNORECASE)
# Found for no better reason than being unknown, in the name lists, or capitalised: a place's name says otherwise.
_WEAK = (Rule.LEXICON, Rule.NAMEY, Rule.CAPITALISED, Rule.FULL)
_NO_PATIENT_TITLE = (Rule.CONTEXT, Rule.OWNER, Rule.SLOT)
# What puts a person in a report, so that a town in it may be where they live.
_ABOUT_PERSON = (
    w.PERSON_CUES
    | w.ID_LABELS
    | KIN
    | HE_SHE
    | frozenset("home lives living lived address addr moved resides resident from wristband wristbands".split())
)
_HONOURS = frozenset("sir lady dame lord king queen prince princess".split())  # "Sir Ganga Ram Hospital"


def institutions(toks: list[Tok], found: dict[int, Rule], kept: dict[int, Rule], lex: Lexicon) -> None:
    """Moves each name run that is an institution's or a place's from `found` to `kept`."""
    about_person = any(t.low in _ABOUT_PERSON for t in toks)  # "pt from Sandown", "address ... Świecie": a home
    runs = _runs(toks, found)
    for n, run in enumerate(runs):
        rule = found[run[0]]
        if rule in _NO_PATIENT_TITLE:
            continue
        if rule is Rule.TITLE and not (run[0] > 0 and toks[run[0] - 1].low in _HONOURS):
            continue  # "mr weis clinic visit": the patient's visit to a clinic
        beside = any(r[0] == run[-1] + 1 or r[-1] == run[0] - 1 for r in runs[max(0, n - 1) : n + 2] if r is not run)
        town = rule in _WEAK and not about_person and not beside and _place(toks, run, lex)  # not "MAFRA, Etéria"
        if not (town or _institution(toks, run)):
            continue
        for k in run:
            del found[k]
            kept[k] = Rule.PLACE


def _runs(toks: list[Tok], found: dict[int, Rule]) -> list[list[int]]:
    runs: list[list[int]] = []
    for k in sorted(found):
        if runs and runs[-1][-1] == k - 1 and joins(toks, k) and found[k - 1] is found[k]:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _capital(tok: Tok) -> bool:
    return tok.case in ("title", "upper")


def _institution(toks: list[Tok], run: list[int]) -> bool:
    """ "Aga Khan University (Hospital)", "X Memorial Medical Center", "Hospital Raja Permaisuri Bainun"."""
    if any(toks[k].low in INSTITUTIONS | _BETWEEN and _capital(toks[k]) for k in run[1:]):
        return True
    k = run[-1] + 1
    while k < len(toks) and joins(toks, k) and toks[k].low in _BETWEEN and _capital(toks[k]) and k - run[-1] <= 3:
        k += 1
    head = k < len(toks) and joins(toks, k) and toks[k].low in INSTITUTIONS and not toks[run[-1]].poss
    if head and not (_LABEL_AFTER.match(toks[k].text_after) or ID_AFTER.match(toks[k].text_after)):
        return True  # "Sir Ganga Ram Hospital", "Lanka Hospitals", not "CLAIRE DAVIES UNIT NO 4"
    first = run[0]
    before = first - 1
    if before >= 1 and toks[before].low in ("im", "of") and toks[before - 1].low in INSTITUTIONS:
        return _capital(toks[before - 1])  # "Szpital im. Jana Pawła II": named after; "National Hospital of Sri Lanka"
    return before >= 0 and joins(toks, first) and toks[before].low in INSTITUTIONS and _capital(toks[before])


def _place(toks: list[Tok], run: list[int], lex: Lexicon) -> bool:
    """A town's, a country's or a state's name: "Karachi", "Abu Dhabi", "Nicosia's new EMR", "Hyderabad sites"
    (a name grown over the English words after it); not a given name ("Florence rang"), a person as often as a
    place, nor a name in the lists ("moore has 2 wristbands") unless no English or name list has it."""
    for cut in range(len(run), 0, -1):
        head, rest = run[:cut], run[cut:]
        if any(toks[k].ecase != "plain" or toks[k].given or (toks[k].level or 99) > 20 for k in rest):
            continue  # what the name grew over must be common lower-case English: "sites show", not "carmine"
        words = " ".join(toks[k].low for k in head)
        if words not in lex.places:
            continue
        first, last = toks[head[0]], toks[head[-1]]
        if len(head) > 1:
            return not (first.given and last.surname)
        return first.namey or not (first.given or first.surname)
    return False
