"""Person names from mimesis + gender_guesser (the held-out source) or from Faker.

Each source is built from one ``random.Random`` and seeds every library instance it makes from it, so a
seed fixes every name; nothing touches a library's global random state.
"""

from __future__ import annotations

import functools
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .translit import fold_accents, script_of, to_latin


@dataclass(frozen=True)
class PersonName:
    first: str
    last: str | None  # None: the source knows only a first name for this culture
    gender: str  # "f" or "m"
    origin: str  # library locale or gender_guesser country


def _ok(text: str | None) -> bool:
    """A usable Latin-script name part: letters, spaces, hyphens, apostrophes."""
    if not text or len(text) < 2 or len(text) > 30:
        return False
    if script_of(text) != "latin":
        return False
    return all(c.isalpha() or c in " -'" for c in text)


def _sub_seed(base: int, key: str) -> int:
    return random.Random(f"{base}:{key}").getrandbits(32)


def _weighted(rng: random.Random, table: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return rng.choices(table, weights=[row[-1] for row in table], k=1)[0]


# --- gender_guesser's nam_dict.txt (first names with per-country frequency) --------------------

GG_COUNTRIES = """great_britain ireland usa italy malta portugal spain france belgium luxembourg the_netherlands
    east_frisia germany austria swiss iceland denmark norway sweden finland estonia latvia lithuania poland
    czech_republic slovakia hungary romania bulgaria bosniaand croatia kosovo macedonia montenegro serbia
    slovenia albania greece russia belarus moldova ukraine armenia azerbaijan georgia the_stans turkey arabia
    israel china india japan korea vietnam other_countries""".split()


def _gg_path() -> str:
    import gender_guesser  # only to find its data file; its GPL code is not used

    return os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")


@functools.lru_cache(maxsize=1)
def gg_names() -> dict[str, dict[str, list[tuple[str, float]]]]:
    """country -> {"m": [(name, weight)], "f": [...], "any": [...]}; read once, never changed."""
    out: dict[str, dict[str, list[tuple[str, float]]]] = {c: {"m": [], "f": [], "any": []} for c in GG_COUNTRIES}
    with open(_gg_path(), encoding="utf-8") as fh:
        for line in fh:
            if not line or line[0] in "#=" or len(line) < 31:
                continue
            if line[29] == "+":  # the same name sorted with expanded umlauts: a duplicate
                continue
            parts = line.split()
            sex, name = parts[0], parts[1]
            values = line[30 : 30 + len(GG_COUNTRIES)]
            genders = {"M": "m", "1M": "m", "?M": "m", "F": "f", "1F": "f", "?F": "f", "?": "any"}[sex]
            for idx, ch in enumerate(values):
                if ch.strip():
                    freq = int(ch, 16)
                    weight = 1.5**freq  # the scale is logarithmic; flattened so rarer names turn up
                    out[GG_COUNTRIES[idx]][genders].append((name, weight))
    return out


def _gg_pick(rng: random.Random, country: str, gender: str, *, single: bool = False) -> str | None:
    pools = gg_names()[country]
    pool = pools[gender] + pools["any"]
    if single:
        pool = [row for row in pool if "+" not in row[0]]
    if not pool:
        return None
    name = rng.choices([row[0] for row in pool], weights=[row[1] for row in pool], k=1)[0]
    if "+" in name:  # Arabic/Chinese/Korean compounds: "Jun+Wei" is Jun-Wei, Jun Wei or Junwei
        a, b = name.split("+", 1)
        name = rng.choice([f"{a}-{b}", f"{a} {b}", a + b.lower()])
    return name


# --- mimesis ------------------------------------------------------------------------------------

# (kind, key, surname source, weight).  kind "m": a mimesis locale (translit language as key suffix);
# kind "gg": a gender_guesser country whose script mimesis has but we skip (Arabic, CJK) or a culture
# mimesis lacks. The surname source of a gg culture: "self" = another name of that culture (patronymic
# use: Fatima Hassan, Ravi Kumar, Li Wei), a mimesis locale, or None (first names only).
MIMESIS_TABLE: list[tuple[str, str, str | None, float]] = [
    ("m", "en-gb", None, 12),
    ("m", "en", None, 9),
    ("m", "en-au", None, 1),
    ("m", "en-ca", None, 1),
    ("m", "pl", None, 3),
    ("m", "pt", None, 1.5),
    ("m", "pt-br", None, 1.5),
    ("m", "es", None, 1.5),
    ("m", "es-mx", None, 2),
    ("m", "it", None, 1.5),
    ("m", "fr", None, 1.5),
    ("m", "de", None, 1.5),
    ("m", "de-at", None, 0.5),
    ("m", "de-ch", None, 0.5),
    ("m", "nl", None, 1),
    ("m", "nl-be", None, 0.5),
    ("m", "tr", None, 2),
    ("m", "ru", None, 1.5),
    ("m", "uk", None, 1.5),
    ("m", "kk", None, 0.4),
    ("m", "el", None, 1),
    ("m", "cs", None, 1),
    ("m", "sk", None, 0.7),
    ("m", "hu", None, 1),
    ("m", "hr", None, 0.7),
    ("m", "da", None, 0.4),
    ("m", "no", None, 0.4),
    ("m", "sv", None, 0.5),
    ("m", "fi", None, 0.4),
    ("m", "et", None, 0.4),
    ("m", "is", None, 0.2),
    ("m", "az", None, 0.5),
    ("gg", "india", "self", 5),
    ("gg", "arabia", "self", 3.5),
    ("gg", "china", "self", 2),
    ("gg", "korea", "self", 0.8),
    ("gg", "vietnam", "self", 0.8),
    ("gg", "japan", None, 0.6),
    ("gg", "ireland", "en-gb", 1.5),
    ("gg", "great_britain", "en-gb", 1.5),
    ("gg", "usa", "en", 1),
    ("gg", "romania", None, 1),
    ("gg", "albania", None, 0.4),
    ("gg", "kosovo", None, 0.3),
    ("gg", "bosniaand", "hr", 0.3),
    ("gg", "serbia", "hr", 0.4),
    ("gg", "bulgaria", None, 0.3),
    ("gg", "lithuania", None, 0.3),
    ("gg", "latvia", None, 0.2),
    ("gg", "armenia", None, 0.3),
    ("gg", "georgia", None, 0.3),
    ("gg", "israel", None, 0.4),
    ("gg", "the_stans", "kk", 0.3),
    ("gg", "turkey", "tr", 0.5),
    ("gg", "malta", None, 0.2),
]


class MimesisNames:
    """mimesis (all Latin-script locales; Cyrillic and Greek transliterated) plus gender_guesser."""

    source = "mimesis"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._base = rng.getrandbits(64)
        self._people: dict[str, object] = {}

    def _person(self, locale: str) -> Any:
        if locale not in self._people:
            from mimesis import Locale, Person

            self._people[locale] = Person(Locale(locale), seed=_sub_seed(self._base, locale))
        return self._people[locale]

    def _mimesis_part(self, locale: str, part: str, gender: str) -> str | None:
        from mimesis.enums import Gender

        g = Gender.FEMALE if gender == "f" else Gender.MALE
        person = self._person(locale)
        for _ in range(6):
            raw = person.first_name(gender=g) if part == "first" else person.last_name(gender=g)
            latin = " ".join(to_latin(raw, locale.split("-")[0]).split())  # some tr entries end in a space
            if _ok(latin):
                return latin
        return None

    def draw(self, gender: str | None = None) -> PersonName:
        rng = self.rng
        gender = gender or rng.choice("fm")
        for _ in range(20):
            kind, key, surname_from, _w = _weighted(rng, MIMESIS_TABLE)
            if kind == "m":
                first = self._mimesis_part(key, "first", gender)
                last = self._mimesis_part(key, "last", gender)
            else:
                first = _gg_pick(rng, key, gender)
                if surname_from == "self":
                    last = _gg_pick(rng, key, "m", single=key in ("china", "korea", "vietnam"))
                elif surname_from:
                    last = self._mimesis_part(surname_from, "last", gender)
                else:
                    last = None
            if first is not None and _ok(first) and (last is None or _ok(last)) and first != last:
                return PersonName(first, last, gender, key)
        return PersonName("Mavis", "Brown", gender, "fallback")


# --- Faker ----------------------------------------------------------------------------------------

# (locale, weight). Locales whose names come out in a script we do not transliterate (Arabic, Hebrew,
# Thai, Bengali, Tamil, Georgian, Armenian, Hangul) are left out; ja_JP/zh_CN/zh_TW use Faker's own
# romanised names; Cyrillic, Greek and Devanagari are transliterated.
FAKER_TABLE: list[tuple[str, float]] = [
    ("en_GB", 12),
    ("en_US", 9),
    ("en_IE", 1.5),
    ("ga_IE", 0.7),
    ("en_AU", 0.5),
    ("en_NZ", 0.4),
    ("en_CA", 0.5),
    ("en_IN", 4),
    ("hi_IN", 2),
    ("mr_IN", 0.5),
    ("ne_NP", 0.5),
    ("en_PK", 2),
    ("en_NG", 1.5),
    ("yo_NG", 1.5),
    ("ig_NG", 1),
    ("ha_NG", 0.8),
    ("en_KE", 0.6),
    ("sw", 0.4),
    ("zu_ZA", 1),
    ("tw_GH", 1),
    ("pl_PL", 3),
    ("ro_RO", 2),
    ("es_ES", 1.5),
    ("es_MX", 2),
    ("es_CO", 0.8),
    ("pt_BR", 1.5),
    ("pt_PT", 1),
    ("tr_TR", 2),
    ("fil_PH", 1),
    ("vi_VN", 1),
    ("de_DE", 1.5),
    ("fr_FR", 1.5),
    ("it_IT", 1.5),
    ("nl_NL", 1),
    ("ru_RU", 1.2),
    ("uk_UA", 1.2),
    ("bg_BG", 0.6),
    ("mk_MK", 0.3),
    ("el_GR", 1),
    ("lt_LT", 0.6),
    ("lv_LV", 0.4),
    ("cs_CZ", 0.8),
    ("sk_SK", 0.5),
    ("hu_HU", 0.8),
    ("hr_HR", 0.5),
    ("sl_SI", 0.3),
    ("az_AZ", 0.4),
    ("uz_UZ", 0.4),
    ("id_ID", 0.5),
    ("ja_JP", 0.6),
    ("zh_CN", 1.5),
    ("zh_TW", 0.4),
    ("sv_SE", 0.4),
    ("no_NO", 0.3),
    ("da_DK", 0.3),
    ("fi_FI", 0.3),
    ("et_EE", 0.3),
]


class FakerNames:
    source = "faker"

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._base = rng.getrandbits(64)
        self._fakers: dict[str, object] = {}

    def _faker(self, locale: str) -> Any:
        if locale not in self._fakers:
            from faker import Faker

            fk = Faker(locale)
            fk.seed_instance(_sub_seed(self._base, locale))  # per instance: Faker.seed() would be global
            self._fakers[locale] = fk
        return self._fakers[locale]

    def _part(self, locale: str, part: str, gender: str) -> str | None:
        fk = self._faker(locale)
        sfx = "female" if gender == "f" else "male"
        fn: Callable[[], str]
        if locale in ("ja_JP", "zh_TW"):
            fn = getattr(fk, f"first_romanized_name_{sfx}") if part == "first" else fk.last_romanized_name
        elif locale == "zh_CN":
            fn = fk.first_romanized_name if part == "first" else fk.last_romanized_name
        else:
            fn = getattr(fk, f"{part if part == 'first' else 'last'}_name_{sfx}")
        for _ in range(6):
            raw = fn().strip()
            latin = to_latin(raw, locale.split("_")[0])
            if _ok(latin):
                return latin
        return None

    def draw(self, gender: str | None = None) -> PersonName:
        rng = self.rng
        gender = gender or rng.choice("fm")
        for _ in range(20):
            locale, _w = _weighted(rng, FAKER_TABLE)
            first = self._part(locale, "first", gender)
            last = self._part(locale, "last", gender)
            if first is not None and _ok(first) and _ok(last) and first != last:
                return PersonName(first, last, gender, locale)
        return PersonName("Mavis", "Brown", gender, "fallback")


def make_names(kind: str, rng: random.Random) -> MimesisNames | FakerNames:
    if kind == "mimesis":
        return MimesisNames(rng)
    if kind == "faker":
        return FakerNames(rng)
    raise ValueError(f"names must be 'mimesis' or 'faker', not {kind!r}")


__all__ = ["FakerNames", "MimesisNames", "PersonName", "fold_accents", "make_names"]
