# ruff: noqa: RUF001  (the tables are Cyrillic, Greek and Devanagari on purpose)
"""Latin spellings of Cyrillic, Greek and Devanagari names, the way a UK or US clerk would type them.

Not a scholarly romanisation: no diacritics, common English-keyboard spellings ("Yulia", "Georgios",
"Chopra"). Names in other non-Latin scripts are never transliterated here; the name sources skip them.
"""

from __future__ import annotations

import re
import unicodedata

# --- Cyrillic -----------------------------------------------------------------------------------

_CYR_COMMON = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "shch",
    "ъ": "",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    # Ukrainian
    "ґ": "g",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    # Kazakh
    "ә": "a",
    "ғ": "g",
    "қ": "k",
    "ң": "ng",
    "ө": "o",
    "ұ": "u",
    "ү": "u",
    "һ": "h",
    # Macedonian / Serbian
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "џ": "dzh",
    "ђ": "dj",
    "ћ": "c",
    # Belarusian
    "ў": "u",
}
_CYR_LANG = {
    "uk": {"г": "h", "и": "y", "е": "e", "й": "y"},
    "bg": {"щ": "sht", "ъ": "a", "ю": "yu", "я": "ya"},
    "mk": {},
    "ru": {},
    "kk": {},
}


def _cyrillic(text: str, lang: str) -> str:
    table = dict(_CYR_COMMON)
    table.update(_CYR_LANG.get(lang, {}))
    low = text.lower()
    # word-final -ий / -ый / -ій as a clerk spells them: Dmitriy, Grigoriy, Zelenyy -> Zelenyi
    low = re.sub(r"ий\b", "iy", low)
    low = re.sub(r"ый\b", "y", low)
    low = re.sub(r"ій\b", "iy", low)
    out = []
    for ch in low:
        out.append(table.get(ch, ch))
    return _recase("".join(out), text)


# --- Greek --------------------------------------------------------------------------------------

_GR_DIGRAPHS = [
    ("ου", "ou"),
    ("αι", "ai"),
    ("ει", "ei"),
    ("οι", "oi"),
    ("υι", "yi"),
    ("αυ", "av"),
    ("ευ", "ev"),
    ("ηυ", "iv"),
    ("γγ", "ng"),
    ("γχ", "nch"),
    ("τζ", "tz"),
    ("τσ", "ts"),
]
_GR = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}


def _greek(text: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))
    # word-initial μπ/ντ/γκ are b/d/g; inside a word mb/nd/ng
    base = re.sub(r"\bμπ", "b", base)
    base = re.sub(r"\bντ", "d", base)
    base = re.sub(r"\bγκ", "g", base)
    base = base.replace("μπ", "mb").replace("ντ", "nd").replace("γκ", "ng")
    for src, dst in _GR_DIGRAPHS:
        base = base.replace(src, dst)
    return _recase("".join(_GR.get(c, c) for c in base), text)


# --- Devanagari (Hindi, Marathi, Nepali) ------------------------------------------------------

_DEV_CONS = {
    "क": "k",
    "ख": "kh",
    "ग": "g",
    "घ": "gh",
    "ङ": "n",
    "च": "ch",
    "छ": "chh",
    "ज": "j",
    "झ": "jh",
    "ञ": "n",
    "ट": "t",
    "ठ": "th",
    "ड": "d",
    "ढ": "dh",
    "ण": "n",
    "त": "t",
    "थ": "th",
    "द": "d",
    "ध": "dh",
    "न": "n",
    "प": "p",
    "फ": "ph",
    "ब": "b",
    "भ": "bh",
    "म": "m",
    "य": "y",
    "र": "r",
    "ल": "l",
    "ळ": "l",
    "व": "v",
    "श": "sh",
    "ष": "sh",
    "स": "s",
    "ह": "h",
    "ड़": "r",
    "ढ़": "rh",
    "क़": "q",
    "ख़": "kh",
    "ग़": "gh",
    "ज़": "z",
    "फ़": "f",
}
_DEV_VOWELS = {
    "अ": "a",
    "आ": "a",
    "इ": "i",
    "ई": "i",
    "उ": "u",
    "ऊ": "u",
    "ऋ": "ri",
    "ए": "e",
    "ऐ": "ai",
    "ओ": "o",
    "औ": "au",
    "ऑ": "o",
    "ऍ": "e",
}
_DEV_MATRAS = {
    "ा": "a",
    "ि": "i",
    "ी": "i",
    "ु": "u",
    "ू": "u",
    "ृ": "ri",
    "े": "e",
    "ै": "ai",
    "ो": "o",
    "ौ": "au",
    "ॉ": "o",
    "ॅ": "e",
}
_VIRAMA, _NUKTA = "्", "़"
_ANUSVARA, _CANDRA, _VISARGA = "ं", "ँ", "ः"


def _devanagari_word(word: str) -> str:
    word = unicodedata.normalize("NFC", word).replace("\u200d", "").replace("\u200c", "")
    # units: [consonant cluster (list), vowel (str or None), inherent (bool), nasal suffix]
    units: list[list] = []  # type: ignore[type-arg]
    cluster: list[str] = []
    i = 0
    while i < len(word):
        ch = word[i]
        if i + 1 < len(word) and word[i + 1] == _NUKTA and ch + _NUKTA in _DEV_CONS:
            ch = ch + _NUKTA
            i += 1
        if ch in _DEV_CONS:
            cluster.append(ch)
            nxt = word[i + 1] if i + 1 < len(word) else ""
            if nxt == _VIRAMA:
                i += 2
                continue
            if nxt in _DEV_MATRAS:
                units.append([cluster, _DEV_MATRAS[nxt], False, ""])
                i += 2
            else:
                units.append([cluster, "a", True, ""])
                i += 1
            cluster = []
            continue
        if ch in _DEV_VOWELS:
            units.append([[], _DEV_VOWELS[ch], False, ""])
        elif ch in (_ANUSVARA, _CANDRA) and units:
            units[-1][3] = "n"
        elif ch == _VISARGA and units:
            units[-1][3] = "h"
        i += 1
    if cluster:  # a dangling half consonant
        units.append([cluster, "", False, ""])
    if not units:
        return word
    # schwa deletion: word-final, then V C a C V inside the word (right to left, never twice in a row)
    deleted = [False] * len(units)
    if units[-1][2] and units[-1][3] == "" and len(units) > 1 and len(units[-1][0]) == 1:
        deleted[-1] = True  # a final conjunct keeps its a: Aditya, Krishna
    for k in range(len(units) - 2, 0, -1):
        cons_k, _vowel, inherent, nasal_k = units[k]
        if not inherent or nasal_k or len(cons_k) != 1 or deleted[k + 1]:
            continue
        after = units[k + 1]
        if len(after[0]) != 1:
            continue
        if not deleted[k - 1] and units[k - 1][1]:
            deleted[k] = True
    out = []
    for k, (cons, vowel, _inh, nasal) in enumerate(units):
        latin = ""
        for j, c in enumerate(cons):
            if c == "व" and j > 0:
                latin += "w"
            else:
                latin += _DEV_CONS[c]
        out_vowel = "" if deleted[k] else vowel
        if nasal == "n":
            following = units[k + 1][0][0] if k + 1 < len(units) and units[k + 1][0] else ""
            nasal = "ng" if following == "ह" else ("m" if following in ("प", "ब", "भ", "म") else "n")
        out.append(latin + out_vowel + nasal)
    return "".join(out)


def _devanagari(text: str) -> str:
    return " ".join(_devanagari_word(w).capitalize() for w in text.split())


# --- helpers ------------------------------------------------------------------------------------


def _recase(latin: str, original: str) -> str:
    """Capitalise each word of the Latin spelling as the original was capitalised."""
    words = latin.split(" ")
    orig = original.split(" ")
    out = []
    for k, w in enumerate(words):
        o = orig[k] if k < len(orig) else ""
        if o[:1].isupper():
            w = "-".join(part[:1].upper() + part[1:] for part in w.split("-"))
        out.append(w)
    return " ".join(out)


def script_of(text: str) -> str:
    """'latin', 'cyrillic', 'greek', 'devanagari' or 'other' for the letters of a name."""
    kinds = set()
    for ch in text:
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            kinds.add("latin")
        elif name.startswith("CYRILLIC"):
            kinds.add("cyrillic")
        elif name.startswith("GREEK"):
            kinds.add("greek")
        elif name.startswith("DEVANAGARI"):
            kinds.add("devanagari")
        else:
            kinds.add("other")
    if not kinds:
        return "other"
    return kinds.pop() if len(kinds) == 1 else "other"


def to_latin(text: str, lang: str = "") -> str | None:
    """The Latin spelling of a name, or None when its script is not one we transliterate."""
    script = script_of(text.replace("\u200d", "").replace("\u094d", ""))
    if script == "latin":
        return text
    if script == "cyrillic":
        return _cyrillic(text, lang)
    if script == "greek":
        return _greek(text)
    if script == "devanagari" or any("\u0900" <= c <= "\u097f" for c in text):
        out = _devanagari(text)
        return out if script_of(out) == "latin" else None
    return None


_FOLD = {
    "ß": "ss",
    "ø": "o",
    "Ø": "O",
    "æ": "ae",
    "Æ": "Ae",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ı": "i",
    "þ": "th",
    "Þ": "Th",
    "ð": "d",
    "Ð": "D",
    "œ": "oe",
    "Œ": "Oe",
    "ə": "a",
    "Ə": "A",
}


def fold_accents(text: str) -> str:
    """What a clerk on an English keyboard types for an accented name: José -> Jose, Łukasz -> Lukasz."""
    text = "".join(_FOLD.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
