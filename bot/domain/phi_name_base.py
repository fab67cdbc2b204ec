"""What the name finder knows about the words around a name: the word lists it weighs them by, the reasons it gives,
and the small tests every rule shares (joined to the word before, the report's opening, patient evidence, how a
name grows over its neighbours, why a name is kept). Pure."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain import phi_words as w
from bot.domain.lexicon import OBSCURE
from bot.domain.phi_tokens import NEVER_ALONE, RARE, Cls, Tok, one_slip, sentence_start

# An age, a sex or an identifier right after a word: "Ama (93)", "Ama 84F", "Ama, 93", "Eleni 91", "(aged 92)".
AGE_NEXT = re.compile(
    r"\s*\(\s*(?:aged?|dob|d\.o\.b|born|nhs|mrn|[mf]\s*,?\s*\d)|\s*\(\s*\d{1,3}(?!\d)|\s*,?\s*\d{1,3}\s*[MF]\b"
    r"|\s+[MF]\s*,\s*\d{1,3}\b|\s*,\s*[MF]\s*,?\s*(?:9\d|1[01]\d)\b"
    r"|\s*,?\s*(?:9\d|1[01]\d)\b|\s+(?:ninety|(?:a|one)[- ]hundred)\b"
    r"|\s+(?:is|was|turns|turned)\s+(?:ninety|(?:a|one)[- ]hundred|(?:9\d|1[01]\d)(?![\d.,%])"
    r"(?!\s*(?:%|kg|bpm|mg|ml|mmhg|percent|on\b|per\b|at\b)))\b",
    re.IGNORECASE,
)

SENTENCE_GAP = re.compile(r"[.!?;:\n]|\s[-–]\s")

CLAUSE_END = re.compile(r"[.!?;]\s|\n|\s[-–]\s")  # not the dots inside "737.06.0866"

_EVENT_AFTER = re.compile(
    r"\s+(?:(?:was|is|has\s+been|got)\s+(?:d/c|dc|d/c'd|dc'd|d/cd|discharged|admitted|tci|transferred)\b|lives\s+(?:in|at)\b)",
    re.IGNORECASE,
)

# An identifier's label right after a word: "nitu kalyan h/n 64 099 510", "Ama dob 1/2/40".
ID_AFTER = re.compile(
    r"\s+(?:h/n|h/no|hn|nhs|dob|d\.o\.b|mrn|ssn|pas\s*no|hosp(?:ital)?\s*no|unit\s*no|cr\s*no|fin|csn"
    r"|(?:case|record|patient|band)\s*(?:no|number|#)|date\s+of\s+birth|med(?:ical)?\s*rec(?:ord)?|medicare|medicaid)\b",
    re.IGNORECASE,
)

_AGE_LABEL = re.compile(r"\s+(?:age|aged)\s+\d", re.IGNORECASE)

# "hospital number", "unit no:": the place word is the start of an identifier's label.
_LABEL_NEXT = re.compile(
    r"\.?\s*(?:no\b|number|num\b|#|id\b)\.?\s*[:#]?\s*(?:is\s+)?[A-Za-z]{0,3}[-\s]?\d", re.IGNORECASE
)

DETERMINERS = frozenset("the a an this that these those my our your her his their its some any every".split())

# Lower-case words after a name that are verbs and nouns, not surnames, though the Census lists them: "vinson stuck".
COMMON_WORDS = frozenset(
    """stuck rang said says told asked called came went gave took sent left moved still again also only old yr yrs
    needs wants keeps getting going having being doing saying showing waiting sitting lying case will may
    can bill sue pat rob chase page bay ward rose born date number age aged""".split()
)

# Words after a name that say what happened to the person, though the Census lists them as surnames.
NOT_SURNAMES = COMMON_WORDS | w.PATIENT_AFTER | w.PATIENT_EVENTS | w.PATIENT_STATES

PERSON_WORDS = w.PERSON_CUES | w.ID_LABELS | w.PATIENT_NOUNS

# Things named after a person: "Hudson mask", "Seldinger kit", "Ryles tube", "Valsalva manoeuvre".
_EPONYM_NOUNS = frozenset(
    """mask masks test tests line lines kit kits tube tubes catheter catheters score scores scale sign signs
    position manoeuvre maneuver step pattern breathing needle cannula drain splint frame criteria classification
    syndrome disease procedure technique one""".split()
)

MONTHS = frozenset("jan january feb mar apr april may jun june jul july aug august sep sept oct nov dec".split())

_SUFFIXES = frozenset("jr sr ii iii iv snr jnr".split())

_PLACE_BEFORE = frozenset(
    "st saint queen king royal prince princess san santa los las fort mount lake port ysbyty nhs".split()
)

_TEAM_INTRO = frozenset("from frm".split())

GREETINGS = frozenset("hi hiya hello hey morning evening all team teeam folks guys".split())

_ROLE_INTRO = frozenset("the teh hte tge tje our a an is from".split())
# Words that put a name in a report's address line, as a colleague: "cc Dave", "ask Raj", "thanks to Kelechi".
_ADDRESS_WORDS = frozenset("cc fao ask ping thanks thank thx ta per via".split())
_DESKS = frozenset("im service servicedesk desk team lab labs comms".split())


def _addressed(toks: list[Tok], i: int) -> bool:
    k = i - 1 if i > 0 and toks[i - 1].low != "to" else i - 2  # "thanks to Kelechi"
    return k >= 0 and toks[k].low in _ADDRESS_WORDS and opens_report(toks, k)


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


OPENERS = frozenset("quick one re fao it urgent sorry to bother pls help again".split())


def clause_ends_after(tok: Tok) -> bool:
    """Nothing follows the word but punctuation, the end of the text, or a courtesy ("thank you", "pls")."""
    return bool(
        re.match(r"\s*(?:$|[,.;:!?()]|[-–]\s|(?:thank|thanks|ta|pls|please|cheers|ty)\b)", tok.text_after, re.I)
    )


def joins(toks: list[Tok], i: int) -> bool:
    """True when token i continues token i-1 within one name: only spaces between (or an initial's dot)."""
    if i <= 0 or i >= len(toks):
        return False
    prev, gap = toks[i - 1], toks[i].gap
    if prev.poss:  # "Ndlovu's label": a possessive ends the name
        return False
    dotted = prev.initial_like or prev.low in w.PATIENT_TITLES | w.STAFF_TITLES | {"st"}
    glued_initial = len(prev.low) == 1 and gap == "."  # "f.herrero"
    return bool(re.fullmatch(r" {1,2}", gap)) or (dotted and bool(re.fullmatch(r"\. ?", gap))) or glued_initial


def could_be_name(tok: Tok) -> bool:
    return tok.case != "mixed" and (tok.initial or tok.cls in (Cls.STRONG, Cls.WEAK, Cls.UNKNOWN))


HE_SHE = frozenset("he she his her him hes shes he's she's he’s she’s himself herself".split())


def two_unlisted(toks: list[Tok], i: int) -> bool:
    """ "liran boh", "ryad le guen": two lower-case words no dictionary lists (or a particle between), a full name."""
    k = i + 1
    if k < len(toks) and toks[k].low in w.PARTICLES and joins(toks, k):
        k += 1
    if k >= len(toks) or not joins(toks, k):
        return False
    pair = (toks[i], toks[k])
    for tok in pair:
        if (tok.case != "lower" and tok.ecase != "plain") or len(tok.low) < 3 or tok.staff:
            return False  # lower case, or Title Case where a capital says nothing ("Sister Rula Ashraf Is NOK")
        if tok.cls not in (Cls.UNKNOWN, Cls.STRONG):
            return False
        if tok.level not in (None, OBSCURE) or equipment_slip(tok) or place_word(tok):
            return False
    return True


def opens_report(toks: list[Tok], i: int) -> bool:
    """Token i opens the report or a sentence, after any greeting ("hi all, ...", "sorry to bother - ...")."""
    return sentence_start(toks, i) or all(t.low in GREETINGS | OPENERS for t in toks[:i])


# Verbs a person does in a ward report right after their name: "zayn nadeer cant get into the wifi on his phone".
PERSON_VERBS = frozenset(
    """says said cant can't cannot isnt isn't wasnt wasn't wants keeps rang called asked told
    doesnt doesn't didnt didn't wont won't hasnt hasn't""".split()
)


def place_word(tok: Tok) -> bool:
    """ "ward", "Centre", or one slip of one ("wqrd", "hopsital"): the word that makes a name before it a place."""
    if tok.low in w.PLACE_AFTER:
        return True
    return tok.cls is Cls.UNKNOWN and not tok.namey and _slip_of_place(tok.low)


@functools.lru_cache(maxsize=20_000)
def _slip_of_place(low: str) -> bool:
    return len(low) >= 4 and any(one_slip(low, p) for p in w.PLACE_AFTER if len(p) >= 4 and abs(len(p) - len(low)) <= 1)


def equipment_slip(tok: Tok) -> bool:
    """ "moniter", "peinter": a slip of an equipment word is the equipment, not a patient (but "tam" and "kan",
    three letters from "tap" and "fan", are names)."""
    if tok.low in w.EQUIPMENT:
        return True
    return tok.slip and len(tok.low) >= 4 and tok.level is None and slip_of_equipment(tok.low)  # "Bill" is no "bell"


@functools.lru_cache(maxsize=20_000)
def slip_of_equipment(low: str) -> bool:
    """ "scannner", "moniter": one slip away from an equipment word."""
    return any(one_slip(low, e) for e in w.EQUIPMENT if abs(len(e) - len(low)) <= 1)


def patient_evidence(toks: list[Tok], i: int) -> str:
    """How plainly a word is used as a patient: 'strong' ("Rose in bay 2", "Ama (93)", "itay ssn", "Chad is fine"),
    'weak' ("Tendai needs", "Grace's obs"), or '' for none."""
    tok = toks[i]
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if tok.poss:  # "Grace's obs", "cox's gentamicin"
        thing = nxt is not None and (nxt.low in w.PATIENT_NOUNS or (nxt.cls is Cls.VOCAB and nxt.level is None))
        labelled = nxt is not None and bool(_LABEL_NEXT.match(nxt.text_after))  # "qi sheng hong's unit no: ..."
        labelled = labelled or bool(ID_AFTER.match(tok.text_after))  # "benjamin barany's H/no 1234"
        return "weak" if thing or labelled else ""
    if nxt is None:
        return ""
    plain = bool(re.fullmatch(r"\s+", nxt.gap))
    if (plain and nxt.low in w.ID_LABELS | w.PATIENT_EVENTS) or ID_AFTER.match(tok.text_after):
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
        common = tok.ecase != "cap" and tok.low in COMMON_WORDS  # "precious name cut off", not "lower case name"
        return "" if common else "weak"
    if (
        nxt.low in ("in", "from", "on")
        and after is not None
        and (after.low in w.PLACE_WORDS or (after.code[:1] == "b" and after.code[1:].isdigit()))
        and (nxt.low != "on" or re.match(r"\s*(?:rm|room)?\s*\d", gap_after(toks, i + 2) + " "))
    ):
        return "strong"  # "Rose in bay 2", "fowler in b6", "Yang Long on bed 6"
    if nxt.low in w.PLACE_WORDS | {"side"} and re.match(r"\s*(?:rm|room)?\s*\d", gap_after(toks, i + 1) + " "):
        return "strong"  # "hope bed 2 is on the list", "madhu rm 328", "gromoslaw side rm 2"
    if _IN_ROOM_NUMBER.match(tok.text_after):
        return "strong"  # "Amber in 8 says", "Consuelo in 9 and Dolores in 10", "Kim Min-jun ... in 501,"
    return "strong" if AGE_NEXT.match(tok.text_after) else ""


_IN_ROOM_NUMBER = re.compile(
    r"\s+in\s+(?!(?:19|20)\d\d\b)\d{1,4}[A-Za-z]?(?:\s*[,)]|\s+(?:fell|is|has|was|wants|needs|keeps|says|said|had"
    r"|pulled|asking|asked|refus\w*|shout\w*|climb\w*|and|still|going|wanting|c/o|complain\w*|vomit\w*|are|were"
    r"|both)\b)",
    re.IGNORECASE,
)


def gap_after(toks: list[Tok], i: int) -> str:
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
        labelled = side == "right" and bool(ID_AFTER.match(tok.text_after) or _AGE_LABEL.match(tok.text_after))
        return flag and not place and (tok.ecase == "cap" or side == "left" or labelled)  # "woodrow christian ssn"
    if tok.cls is Cls.STRONG:
        return True  # "zi qian", "guiying lu"
    if tok.cls is Cls.UNKNOWN:
        if side == "right" and place_word(tok):
            return False  # "wordsworth wqrd": a ward, typed in a hurry
        return len(tok.low) >= 3 or tok.ecase == "cap"
    if tok.ecase == "cap" and case == "cap":
        return True  # "Blessing Ndlovu", "John Smith"
    return flag and tok.low not in NOT_SURNAMES  # "robert wells", "shaun white", "Donna Hill", not "Patel fell"


def expand(toks: list[Tok], span: list[int]) -> list[int]:
    """Grows a name over its neighbours: "Blessing Ndlovu", "J. Smith", "Maria da Silva", "vlast abramets"."""
    case = toks[span[0]].ecase
    start, end = span[0], span[-1]
    while end + 1 < len(toks) and joins(toks, end + 1):
        nxt = toks[end + 1]
        after_particle = toks[end].low in w.PARTICLES and end > start and nxt.cls is not Cls.STOP
        if not (_extends(nxt, "right", case) or (after_particle and nxt.case != "mixed")):
            break  # "abdullah al farsi": after a particle, the surname whatever it reads as
        end += 1
    while start > 0 and joins(toks, start) and _extends(toks[start - 1], "left", case):
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


def after_title(toks: list[Tok], j: int) -> list[int]:
    """The name after a title: up to four words, any case, until a word that cannot be part of a name."""
    span: list[int] = []
    while j < len(toks) and len(span) < 4 and (not span or joins(toks, j)):
        tok = toks[j]
        if not span:
            single = len(tok.low) == 1 and tok.case in ("title", "upper")  # "Mrs A Khan"
            capitalised = tok.cls is Cls.WORD and tok.low not in COMMON_WORDS  # "Mr Baileys", "mr geese"
            capitalised = capitalised or (tok.cls is Cls.VOCAB and tok.low not in NOT_NEIGHBOURS)  # "Mr Fowlers CT"
            ok = single or tok.low in w.PARTICLES or could_be_name(tok) or named_word(tok) or capitalised
        elif tok.low.rstrip(".") in w.PATIENT_TITLES | w.STAFF_TITLES:
            break  # "dr arerola syas mrs verstraeten": another title starts another person
        else:
            named = (tok.given or tok.surname) and tok.low not in _TITLE_STOPS | NOT_SURNAMES
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


def named_word(tok: Tok) -> bool:
    """A stop or hospital word that is also a name, after a title: "Mrs May", "mrs min", "Mr may", "Mr Ward"."""
    if not (tok.given or tok.surname) or tok.case == "mixed" or tok.low in _TITLE_STOPS:
        return False
    return tok.ecase == "cap" or tok.cls is Cls.STOP or (tok.cls is Cls.VOCAB and tok.low not in w.PLACE_WORDS)


# Relatives: the given name right after one is theirs, English word or not, when they then do something.
KIN = frozenset(
    """son daughter husband wife partner mother mum mom mam dad father brother sister grandson granddaughter
    niece nephew aunt auntie uncle cousin carer friend nok hubby cuz daughter-in-law son-in-law mother-in-law
    father-in-law sister-in-law brother-in-law""".split()
)

# Words that never join a name beside them, though a name list holds some: function words, what happens to a
# patient, relatives, places, titles, equipment, a patient's things, months. (Systems and eponyms that are also
# surnames, "Morse", "Hartmann", "Cisco", may: "katerine morse bed 29".)
NOT_NEIGHBOURS = (
    NOT_SURNAMES
    | KIN
    | w.STOP
    | (NEVER_ALONE - w.NOT_NAMES)
    | w.EQUIPMENT
    | w.PATIENT_NOUNS
    | w.ID_LABELS
    | MONTHS
    | w.PLACE_AFTER
)


def patient_before(toks: list[Tok], i: int) -> bool:
    """ "patient Dr Hale", "pateint dr wojtaczka": a patient who is a doctor."""
    if i <= 0 or not joins(toks, i):
        return False
    low = toks[i - 1].low
    return low in ("patient", "pt", "ptnt", "pat") or (len(low) >= 6 and one_slip(low, "patient"))


def role_follows(toks: list[Tok], span: list[int]) -> bool:
    """ "Priya the ward clerk", "Osei, registrar", "Kim (matron)", "Jo from IT", "Sam on nights", "Justin MD"."""
    if not span:
        return False
    window: list[Tok] = []
    for tok in toks[span[-1] + 1 : span[-1] + 5]:
        if window and (SENTENCE_GAP.search(tok.gap) or re.search(r"[\d,)]", tok.gap)):
            break  # the role must be in the same phrase: "Jo, registrar", not "Jo, born 1941: wrong consultant", nor
            # "Mrs Kaur (Punjabi) needs an interpreter"
        window.append(tok)
    if not window or SENTENCE_GAP.search(window[0].gap) or re.search(r"\d", window[0].gap):
        return False
    first = window[0]
    if first.low in w.POSTNOMINALS and first.case == "upper":
        return True
    introduced = first.low in _ROLE_INTRO or bool(re.search(r"[,(]", first.gap))
    for k, tok in enumerate(window):
        relative = tok.low in KIN and any(t.low.rstrip(".") in w.PATIENT_TITLES or t.poss for t in window[:k])
        if (tok.low in w.STAFF_AFTER or tok.staff) and introduced and not relative:  # not "Bala (Mr Singh Sister)"
            return all(t.cls is not Cls.STOP or t.low in _ROLE_INTRO for t in window[:k])
    if len(window) > 1:
        nxt = window[1]
        opening = opens_report(
            toks, span[0]
        )  # "sorry to bother - Jaswinder in pharmacy says", "AGAIN: JAZMINE IN PHARMACY"
        addressed = opening or _addressed(toks, span[0])  # "cc Dave in Estates", "ask Raj on the service desk"
        team = nxt.low in w.STAFF_TEAMS or (
            nxt.low in ("the", "our") and len(window) > 2 and window[2].low in w.STAFF_TEAMS | _DESKS
        )
        works_in = first.low in ("in", "on", "at") and team and addressed  # "hi all, Ayana in pharmacy says"
        return (first.low in ("on", "from") and nxt.low in w.STAFF_SHIFT) or (
            (first.low in _TEAM_INTRO and nxt.low in w.STAFF_TEAMS) or works_in
        )
    return False


def why_kept(toks: list[Tok], span: list[int], *, slot: bool = False) -> Rule | None:
    """Staff named by role, and names that belong to a ward, a hospital or a device, are not a patient's."""
    first, last = span[0], span[-1]
    if toks[first].gap.endswith("@") and toks[first].case == "lower":
        return Rule.STAFF  # "@ollie", "@marcus handled the Cerner ones": a Slack handle, so a member of staff
    if first > 0 and toks[first - 1].low in ("cc", "fao") and opens_report(toks, first - 1):
        return Rule.STAFF  # "cc Kevin - the Vocera badges ...": copied in, so a colleague
    if last + 1 < len(toks) and toks[last + 1].low in _STAFF_VERBS and joins(toks, last + 1):
        return Rule.STAFF  # "Lou and Kat cover Christmas week", "Jo has shown the night team"
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
    if first > 0 and joins(toks, first):
        before = toks[first - 1].low.rstrip(".")
        if toks[first - 1].staff and not patient_before(toks, first - 1):
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
    if eponym and joins(toks, last + 1):
        return Rule.PLACE  # "Hudson mask", "Seldinger kit", "Aldrete scores": an eponym, not a patient
    if _SERVICE_AFTER.match(toks[last].text_after):
        return Rule.PLACE  # "Bayview transfer line", "Groote Schuur's C14 ward", "Sunnybrook's trauma desk"
    if _ON_DIVERSION.match(toks[last].text_after):
        return Rule.PLACE  # "Middlemore ED is in code red", "Brampton Civic is on critical bypass"
    possessive = toks[last].poss  # "Kasprowicz's chart" is a patient's, "Waterlow chart" is not
    place_after = last + 1 < len(toks) and place_word(toks[last + 1]) and not possessive
    if place_after and (_LABEL_NEXT.match(toks[last + 1].text_after) or ID_AFTER.match(toks[last + 1].text_after)):
        place_after = False  # "wayne byrd hospital number 7947736", "CLAIRE DAVIES UNIT NO": a label, not a place
    if place_after and _surname_not_place(toks, first, last + 1, slot=slot):
        place_after = False  # "it was meant for Cynthia Ward", "charles ward, 12 mill lane ..."
    if place_after and not SENTENCE_GAP.search(toks[last + 1].gap):
        return Rule.PLACE
    return Rule.STAFF if role_follows(toks, span) else None


# What staff do for a ward, right after their name: the rota, not a patient.
_STAFF_VERBS = frozenset("cover covers covering covered handled handles handling rostered".split())
_SERVICE_AFTER = re.compile(
    r"(?:['’]s)?\s+(?:transfer|trauma|referrals?|admissions|switchboard|bed\s+bureau|flow|bed\s+management)\s+"
    r"(?:line|desk|team|office|hub|number|coordinator)\b|['’]s\s+[A-Z]{0,2}\d{1,3}[A-Z]?\s+ward\b",
    re.IGNORECASE,
)
_ON_DIVERSION = re.compile(
    r"\s+(?:(?:ed|a&e|ae|er|casualty|emergency)\s+)?(?:is\s+|are\s+)?(?:on\s+(?:\w+\s+)?(?:bypass|diversion)"
    r"|in\s+code\s+(?:red|black|brown|yellow))",
    re.IGNORECASE,
)


def _surname_not_place(toks: list[Tok], first: int, place: int, *, slot: bool) -> bool:
    """ "Ward", "House" after a given name is the surname where a report names the patient a record was meant for
    and nothing follows, or where the name opens a report before an address."""
    word = toks[place]
    if not word.surname or (place + 1 < len(toks) and toks[place + 1].low in w.PLACE_WORDS | w.EQUIPMENT):
        return False
    if slot and re.match(r"[\s.!?]*$", word.text_after):
        return True
    return opens_report(toks, first) and bool(re.match(r",\s*(?:flat|apt|unit|\d)", word.text_after, re.I))


def products(toks: list[Tok]) -> dict[int, Rule]:
    """Products named like people ("Welch Allyn", "Sara Stedy"), kept whole."""
    kept: dict[int, Rule] = {}
    lows = [t.low.rstrip(".") for t in toks]
    for phrase in w.PRODUCTS:
        n = len(phrase)
        for i in range(len(toks) - n + 1):
            if tuple(lows[i : i + n]) == phrase:
                kept.update(dict.fromkeys(range(i, i + n), Rule.PLACE))
    return kept


def assign(span: list[int], rule: Rule, found: dict[int, Rule], kept: dict[int, Rule]) -> None:
    target = kept if rule in (Rule.STAFF, Rule.PLACE) else found
    for i in span:
        target.setdefault(i, rule)


def to_spans(toks: list[Tok], marks: dict[int, Rule]) -> list[NameSpan]:
    """Consecutive marked tokens become one span (a full name is one mask)."""
    spans: list[NameSpan] = []
    for i in sorted(marks):
        if spans and i - 1 in marks and joins(toks, i) and marks[i - 1] is marks[i]:
            last = spans[-1]
            spans[-1] = NameSpan(last.start, toks[i].end, last.rule)
        else:
            spans.append(NameSpan(toks[i].start, toks[i].end, marks[i]))
    return spans
