"""Seeded lines with other countries' addresses, phone numbers and personal ID numbers, from Faker's locales.

    from tests.phigen.world import generate_world
    lines = generate_world(seed=7, n=1200)

The values (a street address with its postcode and town, a phone number, a national ID or passport number) come
from Faker's providers for 30 locales, as Faker formats them; the sentence around each is a ward report about the
form or system that will not take it. Every line holds one marked identifier (PHI_LABELS.md: a non-UK/US postcode
stays inside its ADDRESS span). Written without looking at the guard.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from typing import Any

from faker import Faker

ADDRESS_LOCALES = (
    "en_US en_GB en_CA en_AU en_IE en_NZ en_IN de_DE de_AT de_CH nl_NL nl_BE fr_FR fr_CH es_ES it_IT pl_PL "
    "pt_PT pt_BR sv_SE da_DK fi_FI no_NO cs_CZ hu_HU ro_RO"
).split()
PHONE_LOCALES = (
    "en_US en_GB en_CA en_AU en_IE en_NZ en_IN de_DE nl_NL fr_FR es_ES it_IT pl_PL pt_PT pt_BR de_CH sv_SE da_DK "
    "fi_FI tr_TR ko_KR ja_JP zh_CN th_TH he_IL ru_RU cs_CZ ro_RO el_GR es_MX"
).split()
# (locale, the words a ward would write before it, the Faker method)
ID_SPECS = (
    ("fi_FI", "HETU", "ssn"),
    ("pl_PL", "PESEL", "ssn"),
    ("sv_SE", "personnummer", "ssn"),
    ("es_ES", "NIE", "nie"),
    ("es_ES", "DNI", "nif"),
    ("it_IT", "codice fiscale", "ssn"),
    ("en_IN", "Aadhaar", "aadhaar_id"),
    ("ko_KR", "RRN", "ssn"),
    ("tr_TR", "TC kimlik no", "ssn"),
    ("en_CA", "SIN", "ssn"),
    ("nl_NL", "BSN", "ssn"),
    ("pt_BR", "CPF", "cpf"),
    ("fr_FR", "INSEE no", "ssn"),
    ("da_DK", "CPR", "ssn"),
    ("no_NO", "fødselsnummer", "ssn"),
    ("en_GB", "passport no", "passport_number"),
    ("en_US", "passport #", "passport_number"),
    ("zh_CN", "ID number", "ssn"),
    ("ro_RO", "CNP", "ssn"),
    ("cs_CZ", "rodné číslo", "birth_number"),
    ("en_US", "ITIN", "itin"),
    ("el_GR", "AMKA", "ssn"),
)

ADDRESS_CARRIERS = (
    "pts home address is {V}, PAS wont save it",
    "address on the referral: {V} - wrong GP attached",
    "{V} is what the pt gave as home, EPR rejects the format",
    "NOK lives at {V}, can someone update the contact box",
    "pt moved to {V} and the letters still go to the old one",
    "the label printer cut off the address {V}",
    "home address {V} keeps failing validation",
    "daughter says mum now lives at {V}",
    "discharge letter to {V} came back undelivered",
    "interpreter wrote the address as {V} on the form",
)
PHONE_CARRIERS = (
    "pts daughter on {V}, pls ring her",
    "NOK number {V} bounces",
    "call back the pt on {V} re the appt letter",
    "mobile {V} saved against the wrong pt",
    "pt says her phone is {V}, the form rejects it",
    "ring son {V} when shes on the ward",
    "contact for pt: {V}",
    "the pts wife left {V} as a contact",
    "husband abroad, only reachable on {V}",
)
ID_CARRIERS = (
    "pts {L} is {V}, the form wont take it",
    "{L} {V} for the pt keeps failing validation",
    "daughter gave the pts {L}: {V}",
    "registration asks for {L}, pt wrote {V}",
    "interpreter says {L} {V}, where does it go on the EPR",
    "overseas visitor, {L} {V} on the copy we scanned",
)


def _faker(locale: str, seed: int, cache: dict[str, Any]) -> Any:
    if locale not in cache:
        fk = Faker(locale)
        fk.seed_instance(seed * 1_000 + zlib.crc32(locale.encode()) % 1_000)
        cache[locale] = fk
    return cache[locale]


def _address(fk: Any) -> str:
    parts = [p.strip() for p in str(fk.address()).replace("\n", ", ").split(",")]
    return ", ".join(p for p in parts if p)


def _one(rng: random.Random, seed: int, cache: dict[str, Any]) -> str:
    pick = rng.random()
    if pick < 0.4:
        fk = _faker(rng.choice(ADDRESS_LOCALES), seed, cache)
        return rng.choice(ADDRESS_CARRIERS).replace("{V}", f"[[ADDRESS:{_address(fk)}]]")
    if pick < 0.75:
        fk = _faker(rng.choice(PHONE_LOCALES), seed, cache)
        return rng.choice(PHONE_CARRIERS).replace("{V}", f"[[PHONE:{fk.phone_number()}]]")
    locale, label, method = rng.choice(ID_SPECS)
    make: Callable[[], object] = getattr(_faker(locale, seed, cache), method)
    return rng.choice(ID_CARRIERS).replace("{L}", label).replace("{V}", f"[[ID:{make()}]]")


def generate_world(seed: int, n: int) -> list[str]:
    """n marked lines, the same for the same (seed, n): 40% addresses, 35% phone numbers, 25% ID numbers."""
    rng = random.Random(seed)
    cache: dict[str, Any] = {}
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        line = _one(rng, seed, cache)
        if line not in seen and "]]" not in line.split("]]", 1)[1]:
            seen.add(line)
            out.append(line)
    return out
