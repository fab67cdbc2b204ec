"""Words as the name finder sees them: where each is, its case, whether the lexicon knows it as a name, how
English it is, and whether it is a slip of an English word ("borad") or a word no list knows ("Ndlovu")."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum

from bot.domain import phi_words as w
from bot.domain.lexicon import LEVELS, OBSCURE, Lexicon

_L = r"(?:[^\W\d_]|\ufffd)"  # a letter, or the replacement character a broken encoding leaves in a name
_TOKEN = re.compile(_L + r"+(?:['’]" + _L + r"+)*(?:-" + _L + r"+(?:['’]" + _L + r"+)*)*")
_SENTENCE_GAP = re.compile(r"[.!?;:\n]|\s[-–]\s")
_NAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|La|Le|Van|Von|O['’]|D['’]|N['’]|Al-|El-)(?=[^\W\d_])")


def _name_caps(word: str) -> bool:
    """ "McDonald", "O'Neill", "Ramírez-López", "Marie-Ève", "Al-Hassan": the capitals of a name, in any script."""
    core = _NAME_PREFIX.sub("", word)
    parts = [p for p in re.split(r"[-'’]", core) if p]
    if not parts or not parts[0][0].isupper():
        return False
    return all(p.isalpha() and (len(p) == 1 or p[1:].islower()) for p in parts)


# English words at or above this SCOWL size are rare enough that a name reading wins ("mavis" the thrush).
RARE = 70
SLIP_LEVELS = 6  # the first six SCOWL sizes (10 to 55) are the English a slip is made on
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
NEVER_ALONE = w.NOT_NAMES | w.PLACE_WORDS | w.PLACE_AFTER | w.STAFF_TITLES | w.PATIENT_BEFORE | w.ABBREVIATIONS
_LONG_TITLES = tuple(t for t in w.STAFF_TITLES if len(t) >= 7)
_MID_TITLES = tuple(t for t in w.STAFF_TITLES if 5 <= len(t) <= 7)
# Staff titles of five letters or more with one letter taken out: "nure" is "nurse" typed in a hurry.
_DROPPED = frozenset(t[:i] + t[i + 1 :] for t in w.STAFF_TITLES if len(t) >= 5 for i in range(len(t)))


class Cls(StrEnum):
    STOP = "stop"  # function word: never a name on its own
    VOCAB = "vocab"  # hospital word, month, product: not a name unless titled or in a patient context
    STRONG = "strong"  # a name, and not ordinary English
    WEAK = "weak"  # a name that is also ordinary English ("Grace", "Will", "Baker")
    UNKNOWN = "unknown"  # neither a known name nor English ("Oyelaran", "Tazocin", "borad")
    WORD = "word"  # ordinary English


@dataclass
class Tok:
    start: int
    end: int  # end of the name part, a possessive left outside
    full_end: int
    low: str
    case: str  # as typed: title | upper | lower | mixed
    ecase: str  # what the case tells: cap (a capital that means something) | upper (an acronym's) | plain
    gap: str  # the text between the previous token and this one
    cls: Cls
    given: bool
    surname: bool
    level: int | None  # SCOWL size at which it is English (OBSCURE for rare words), or None
    namey: bool = False  # unknown, and no slip of an English word: a name the lexicon lacks ("Ndlovu")
    slip: bool = False  # one slip from an English word ("ress", "borad")
    staff: bool = False  # a staff title or role, slips and digits included ("FY1", "engnieer")
    code: str = ""  # the word with the digits run onto it: "fy1", "st3"
    dotted: bool = False  # a dot right after it ("J.", "f.herrero")
    capital_s: bool = False  # "ThompsonS": a possessive typed as a capital S
    poss: bool = False  # a possessive: "Ndlovu's", or typed without the apostrophe before a patient's thing
    text_after: str = ""  # the next few characters of the text, for labels that follow a name

    @property
    def initial(self) -> bool:
        """A capital letter standing alone ("J Smith", "J. Smith"); "I" and "A" only with a dot."""
        if len(self.low) != 1 or self.case not in ("title", "upper"):
            return False
        return self.low not in ("i", "a") or self.dotted

    @property
    def initial_like(self) -> bool:
        """An initial, or a lower-case letter run onto a name with a dot ("f.herrero")."""
        return self.initial or (len(self.low) == 1 and self.case == "lower" and self.dotted)


def tokens(text: str, lex: Lexicon) -> list[Tok]:
    """The words of a text, classified and cased, with possessives typed without an apostrophe recognised."""
    toks = [_token(text, m, lex) for m in _TOKEN.finditer(text)]
    previous_end = 0
    for tok in toks:
        tok.gap = text[previous_end : tok.start]
        previous_end = tok.full_end
    for i, tok in enumerate(toks):
        if i + 1 < len(toks) and _patient_thing(toks[i + 1]):
            _possessive_less(tok, lex, plain_thing=toks[i + 1].low in _THING_WORDS or toks[i + 1].level == OBSCURE)
    mode = _mode(toks)
    for tok in toks:
        tok.ecase = _effective_case(tok.case, mode)
    return toks


def sentence_start(toks: list[Tok], i: int) -> bool:
    if i > 0 and (toks[i - 1].initial or toks[i - 1].low in w.PATIENT_TITLES | w.STAFF_TITLES):
        return False  # "J. Salas", "Dr. Okoye": the dot ends an abbreviation, not a sentence
    return i == 0 or bool(_SENTENCE_GAP.search(toks[i].gap))


def _token(text: str, m: re.Match[str], lex: Lexicon) -> Tok:
    raw = m.group(0)
    name = raw[:-2] if len(raw) > 3 and raw[-2:].lower() in ("'s", "’s") else raw
    if len(raw) > 2 and raw[-1] in "'’":
        name = raw[:-1]
    low = name.lower()
    digits = re.match(r"\d*", text[m.end() :])
    code = low + (digits.group(0) if digits else "")
    cls, given, surname, level, namey, slip, staff = _profile(lex, low, code)
    tok = Tok(
        m.start(),
        m.start() + len(name),
        m.end(),
        low,
        _case(text, m, name),
        "",
        "",
        cls,
        given,
        surname,
        level,
        slip=slip,
        staff=staff,
        code=code,
    )
    tok.namey = namey and tok.case != "mixed"
    tok.dotted = text[m.end() : m.end() + 1] == "."
    tok.poss = name != raw
    tok.capital_s = (
        len(name) > 3
        and (  # "ThompsonS Partner", "EYADs record"
            (name[-1] == "S" and name[-2].islower()) or (name[-1] == "s" and name[:-1].isupper())
        )
    )
    if tok.capital_s and tok.case == "mixed" and name[:-1].isalpha():
        tok.case = "upper" if name[:-1].isupper() else "title"
    tok.text_after = text[m.end() : m.end() + 24]
    return tok


def _case(text: str, m: re.Match[str], word: str) -> str:
    before, after = text[max(0, m.start() - 3) : m.start()], text[m.end() : m.end() + 2]
    glued = after[:1].isdigit() or before[-1:].isdigit() or bool(re.match(r"-\d", after))
    at_mention = before[-1:] == "@" and not before[-2:-1].isalnum()  # "@Jane": a mention, not an email address
    in_address = (before[-1:] in ("@", "/") and not at_mention) or re.search(r"\w\w\.$", before) or after[:1] == "@"
    if glued or in_address or (re.match(r"\.\w", after) and len(word) > 1):
        return "mixed"  # "SpO2", "W9", "ncc-ed-03", inside an email address or a link: codes, not names
    if word.islower():
        return "lower"
    if word.isupper():
        return "upper" if len(word) > 1 else "title"
    if word[0].isupper() and (word[1:].islower() or _name_caps(word)):
        return "title"
    return "mixed"  # "eMAR", "iPad": products and units, not names


def _mode(toks: list[Tok]) -> str:
    """'shouting' for an ALL CAPS message, 'titled' for One Typed In Title Case: there a capital says nothing."""
    cased = [t for t in toks if len(t.low) > 1 and t.case != "mixed"]
    if len(cased) >= 3 and sum(t.case == "upper" for t in cased) >= 0.8 * len(cased):
        return "shouting"
    words = [t for t in cased if len(t.low) > 2 and t.cls is not Cls.STOP]
    stops = [t for t in cased if t.cls is Cls.STOP]
    lower_stops = sum(t.case == "lower" for t in stops)  # "Mohamed Ramadan moved to Lerwick but": names, not Title Case
    if len(words) >= 4 and sum(t.case == "title" for t in words) >= 0.8 * len(words):
        return "titled" if lower_stops <= max(1, len(stops) // 2) else "normal"
    return "normal"


def _effective_case(case: str, mode: str) -> str:
    if case == "title":
        return "plain" if mode == "titled" else "cap"
    if case == "upper":
        return "plain" if mode == "shouting" else "upper"
    return "plain"


def _forms(low: str) -> list[str]:
    """Ways to look a word up: 'o'neil' -> o'neil, oneil, neil."""
    forms = [low]
    if "'" in low or "’" in low:
        bare = low.replace("’", "'")
        forms += [bare, bare.replace("'", ""), bare.rsplit("'", 1)[-1]]
    return forms


def _classify(low: str, lex: Lexicon) -> tuple[Cls, bool, bool]:
    if low in w.STOP:
        return Cls.STOP, low in lex.given, low in lex.surname
    parts = [p for p in low.split("-") if p]
    if len(parts) == 2 and any(p in _AFFIXES for p in parts):
        return Cls.WORD, False, False  # "post-op", "pre-op", "co-op": a word with a prefix, not a double name
    given = surname = strong = False
    for part in parts:
        if part in w.PARTICLES:
            continue
        forms = _forms(part)
        g = any(f in lex.given for f in forms)
        s = any(f in lex.surname for f in forms)
        if not (g or s):
            given = surname = False
            break
        given, surname = given or g, surname or s
        level = lex.level(part)
        strong = strong or level is None or level >= RARE
    if low in NEVER_ALONE:
        return Cls.VOCAB, given, surname
    if given or surname:
        return (Cls.STRONG if strong else Cls.WEAK), given, surname
    if len(parts) > 1:
        return (Cls.WORD if any(lex.level(p) not in (None, OBSCURE) for p in parts) else Cls.UNKNOWN), False, False
    # English only at SCOWL 80/95 ("kusum", "rostov") is no evidence against a name
    return (Cls.UNKNOWN if lex.level(low) in (None, OBSCURE) else Cls.WORD), False, False


@functools.cache
def _slip_targets(lex: Lexicon) -> frozenset[str]:
    """The words a hurried typist slips on: common English (SCOWL 55 and below), hospital words and function words.
    A one-letter neighbour of a rare word ("balsa" for "balassa") says nothing: long names have plenty."""
    return frozenset().union(*lex.common[:SLIP_LEVELS], NEVER_ALONE, w.STOP)


def _typo(word: str, lex: Lexicon) -> bool:
    """One slip from a common English word ("borad", "chrt", "insead"), or a doubled key and one slip ("herre",
    "Phhone", "relativves"): a typo, not a name."""
    for i in range(len(word) - 1):
        if word[i] == word[i + 1] and _one_edit(word[:i] + word[i + 1 :], lex):
            return True
    return _one_edit(word, lex)


def _one_edit(word: str, lex: Lexicon) -> bool:
    common = _slip_targets(lex)
    if word in common:
        return True
    for i in range(len(word) + 1):
        a, b = word[:i], word[i:]
        if b and a + b[1:] in common:
            return True
        if len(b) > 1 and a + b[1] + b[0] + b[2:] in common:
            return True
        for c in _LETTERS:
            if (b and a + c + b[1:] in common) or a + c + b in common:
                return True
    return False


@functools.lru_cache(maxsize=100_000)
def _profile(lex: Lexicon, low: str, code: str) -> tuple[Cls, bool, bool, int | None, bool, bool, bool]:
    """What the lexicon says about a word, computed once per word: class, given, surname, English level, namey,
    slip, staff. Words repeat across reports, and the slip checks are the costly part."""
    cls, given, surname = _classify(low, lex)
    level = lex.level(low)
    namey = _namey(low, cls, level, lex)
    slip = len(low) <= 6 and low.isascii() and low.isalpha() and _typo(low, lex)
    return cls, given, surname, level, namey, slip, _staff_word(low, code, given or surname or level in LEVELS[:5])


def _namey(low: str, cls: Cls, level: int | None, lex: Lexicon) -> bool:
    """A word that is no English word, no slip of one and no hospital word: in a ward report, a name."""
    if cls is not Cls.UNKNOWN or level is not None:
        return False  # obscure English ("ortho", "kusum") is unknown, but not evidence of a name on its own
    bare = low.replace("-", "")
    if not bare.isascii():
        return len(bare) >= 2  # "Vũ", "yeşilkaya": letters English has not
    parts = low.split("-")
    if len(parts) == 2 and all(1 <= len(p) <= 4 for p in parts):
        if any(p in _AFFIXES for p in parts):
            return False  # "pre-op", "post-op", "co-op": a prefix, not a syllable of a name
        if any(p in lex.given or p in lex.surname for p in parts):
            return True  # "ya-wen", "i-chun", "kuo-hua"
        # "zhi-jian", "ruo-fan": two syllables English has not (not "pre-op", "co-op", "x-ray")
        syllables = all(len(p) >= 2 and re.search(r"[aeiou]", p) and lex.level(p) is None for p in parts)
        return syllables and not any(p in w.STOP or p in NEVER_ALONE for p in parts)
    if len(bare) >= 6 and _DERIVED.search(bare):
        return False  # "sectionizer", "rostering", "decommissioned": English built from English, not a name
    return len(bare) >= 4 and bool(re.search(r"[aeiouy]", bare)) and not _typo(bare, lex)


_DERIVED = re.compile(
    r"(?:izer|iser|izers|isers|ization|isation|izing|ising|ability|ibility|ology|ologist|ectomy|otomy|oscopy"
    r"|itis|ment|ments|ness|ship|ware|able|ible|less|ful|ering|ered"
    # medical word endings and USAN drug stems (the USAN Council's published stems)
    r"|virus|osis|emia|aemia|algia|ostomy|plasty|graphy|pathy|penia|megaly|uria|cyte|plasia|trophy|phylaxis"
    r"|mab|pril|olol|sartan|statin|prazole|oxacin|cillin|mycin|cycline|azole|dronate|parin|xaban|gatran|gliflozin"
    r"|gliptin|glutide|tidine|setron|triptan|dipine|azepam|azolam|barbital|caine|profen|coxib|lukast|terol|sonide"
    r"|olone|asone|semide|thiazide|prost|prostin|pressin|tocin|ase|izine|azine|ysed|yzed|ised|ized|ated|ating)$"
)


_AFFIXES = frozenset("pre post re co non op up in out de sub anti mid self ex on off un bi tri ad hoc".split())
_THINGS = tuple(t for t in w.PATIENT_NOUNS | w.PATIENT_BEFORE if len(t) >= 4)


_THING_WORDS = w.PATIENT_NOUNS | w.PATIENT_BEFORE | w.ID_LABELS


def _patient_thing(tok: Tok) -> bool:
    """A patient's thing or relative, typed right or with one slip ("Rcord", "hme"): "<name>s record"."""
    if tok.low in _THING_WORDS or (tok.cls is Cls.VOCAB and tok.level in (None, OBSCURE)):  # drugs: "lisinopril"
        return True
    return len(tok.low) >= 3 and tok.cls is Cls.UNKNOWN and _slip_of_thing(tok.low)


@functools.lru_cache(maxsize=20_000)
def _slip_of_thing(low: str) -> bool:
    return any(one_slip(low, t) for t in (*_THINGS, "home") if abs(len(t) - len(low)) <= 1)


def _possessive_less(tok: Tok, lex: Lexicon, *, plain_thing: bool) -> None:
    """ "hancocks chart", "MASONS CHART", "ParsonsS results": a possessive typed without its apostrophe."""
    if tok.poss or len(tok.low) < 4 or not tok.low.endswith("s") or tok.low in w.STOP or tok.low in NEVER_ALONE:
        return
    stem = tok.low[:-1]
    given_stem = plain_thing and stem in lex.given and not tok.given  # "Graces TTO": a given name's possessive
    given_stem = given_stem or (plain_thing and stem in lex.given and len(stem) >= 4 and tok.case == "lower")
    if (tok.given or tok.surname) and not tok.capital_s and not given_stem:  # "Jones", "Doris": a name already
        return
    plural_of_common = tok.level is not None and tok.level < 35  # "nurses notes", "doctors orders"
    unknown_stem = tok.cls is Cls.UNKNOWN and len(stem) >= 4 and not _typo(stem, lex)  # "Kanesus chart"
    if (stem in lex.given or stem in lex.surname or unknown_stem) and not plural_of_common and stem not in NEVER_ALONE:
        tok.low, tok.poss = stem, True  # the mask still covers the whole word: "[NAME]", not "[NAME]s"
        tok.cls, tok.given, tok.surname = _classify(stem, lex)
        tok.level = lex.level(stem)
        tok.namey = tok.cls is Cls.UNKNOWN


_ROLE_ENDINGS = ("ologist", "ivist", "optist", "iatrist", "iatrician", "ician", "therapist", "pathist", "ographer")


def _staff_word(low: str, code: str, named: bool) -> bool:
    """A staff title or role, typed with a slip or not: "FY1", "engnieer", "maanger"."""
    word = code if code in w.STAFF_TITLES else low.rstrip(".")
    if word in w.STAFF_TITLES:
        return True
    if len(word) < 4 or not word.isascii() or named:
        return False  # "Hélder" is not "holder", "Campos" no title, "office" a word of its own, not "officer"
    if word in _DROPPED:
        return True  # a letter dropped: "Nure", "maton"
    if len(word) >= 9 and word.endswith(_ROLE_ENDINGS):
        return True  # "intensivist", "neonatologist", "orthoptist", "paediatrician": a specialty's doctor
    if len(word) >= 7:
        return any(one_slip(word, title) for title in _LONG_TITLES)
    return len(word) >= 5 and any(one_slip(word, title) for title in _MID_TITLES)  # "sitser", "mtaron", "cperk"


def one_slip(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] or (a[i + 2 :] == b[i + 2 :] and a[i : i + 2] == b[i : i + 2][::-1])
    return a[i + 1 :] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1 :]
