"""Turns a template into one marked line: slots are filled, then the line is typed the way ward staff type.

A line is built as segments ``(text, kind)``; kind None is plain text. Casing, typos and punctuation
drop act on the segments, so the markup always covers exactly the identifier.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import values as V
from .names import PersonName, _sub_seed, fold_accents

Seg = tuple[str, "str | None"]
KINDS = (
    "NAME",
    "MRN",
    "NHS",
    "SSN",
    "NINO",
    "ACCOUNT",
    "ID",
    "DOB",
    "DATE",
    "AGE",
    "PHONE",
    "EMAIL",
    "URL",
    "IP",
    "POSTCODE",
    "ADDRESS",
    "BED",
)

# --- fixed vocabularies (not identifiers) -----------------------------------------------------------

UK_SYSTEMS = [
    "Lorenzo",
    "Cerner",
    "EPMA",
    "eMAR",
    "PACS",
    "Careflow",
    "Nervecentre",
    "SystmOne",
    "ICE",
    "Medway",
    "the EPR",
    "PAS",
    "TrakCare",
    "Sunrise",
    "Patientrack",
    "Maxims",
    "WebV",
    "BadgerNet",
    "the obs app",
    "the bed board",
    "Epic",
    "JAC",
    "Ascribe",
    "e-obs",
    "Cerner Millennium",
    "PPM+",
    "Symphony",
    "EMIS",
    "Lorenzo",
    "Nervecentre",
    "the EPR",
    "eMAR",
    "Careflow",
    "Cerner",
]
US_SYSTEMS = [
    "Epic",
    "Haiku",
    "Rover",
    "Canto",
    "PowerChart",
    "Cerner",
    "Meditech",
    "Allscripts",
    "athena",
    "eClinicalWorks",
    "Sunrise",
    "MyChart",
    "Epic Hyperspace",
    "Epic",
    "Epic",
    "Cerner",
    "the BCMA scanner",
    "PowerChart",
    "Meditech Expanse",
    "the eMAR",
]
UK_WARDS = [
    "ward 7",
    "W9",
    "Ward 32",
    "ward 6b",
    "AMU",
    "MAU",
    "CCU",
    "ED",
    "A&E",
    "SAU",
    "ward 24",
    "Ward 11",
    "the discharge lounge",
    "ICU",
    "HDU",
    "NICU",
    "CDU",
    "the frailty unit",
    "Ward 3",
    "ward 18",
    "W12",
    "ward 40",
    "J52",
    "L14",
    "Nightingale ward",
    "Florence ward",
    "Victoria ward",
    "Elizabeth ward",
    "Rowan ward",
    "Rose ward",
    "Holly ward",
    "Beech ward",
    "Ward 5 (elderly care)",
    "ward 27",
    "maternity",
    "the birth centre",
    "paeds",
    "SDEC",
    "ward 1",
    "Ward 10",
    "Bronte ward",
    "Wordsworth ward",
    "Mary Seacole ward",
    "Edith Cavell ward",
]
US_WARDS = [
    "4 West",
    "5N",
    "the ICU",
    "Med-Surg",
    "L&D",
    "PACU",
    "tele",
    "the ED",
    "3 East",
    "MICU",
    "SICU",
    "Oncology 6",
    "7 North",
    "step-down",
    "the CVICU",
    "6 South",
    "ortho",
    "the NICU",
    "Peds",
    "2 East",
]
UK_HOSPITALS = [
    "St James's",
    "the LGI",
    "Jimmy's",
    "Airedale",
    "St Thomas'",
    "the Royal Free",
    "Queen Elizabeth",
    "the QE",
    "the John Radcliffe",
    "the JR",
    "Addenbrooke's",
    "St George's",
    "the Royal Victoria",
    "Wythenshawe",
    "Pinderfields",
    "the Northern General",
    "Hope Hospital",
    "St Mary's",
    "Charing Cross",
    "King's",
    "Alder Hey",
    "Great Ormond Street",
    "the Freeman",
    "Derriford",
    "Musgrove",
    "St Helier",
    "the Royal London",
    "Barts",
    "Whipps Cross",
    "Queen Alexandra",
    "the Princess Royal",
    "Frimley Park",
    "the William Harvey",
    "Florence Nightingale Hospice",
]
US_HOSPITALS = [
    "Mount Sinai",
    "Johns Hopkins",
    "Mass General",
    "Cedars-Sinai",
    "Mayo",
    "the Cleveland Clinic",
    "Grady",
    "Bellevue",
    "Kaiser",
    "St. Jude",
    "Presbyterian",
    "Baylor",
    "Northwestern",
    "the Brigham",
    "St. Luke's",
    "Mercy",
    "Good Samaritan",
    "Sloan Kettering",
    "Children's Mercy",
    "Beth Israel",
]
DEVICES = [
    "scanner",
    "label printer",
    "zebra printer",
    "COW",
    "WOW",
    "obs machine",
    "dinamap",
    "iPad",
    "handheld",
    "bladder scanner",
    "ECG machine",
    "Alaris pump",
    "bedside TV",
    "drugs trolley laptop",
    "glucometer",
    "Welch Allyn",
    "monitor",
    "wristband printer",
    "smartcard reader",
    "keyboard",
    "Vocera badge",
    "sats monitor",
    "PC",
    "hoist scales",
    "ceiling hoist remote",
]
ISSUES = [
    "keeps logging me out",
    "logs me out every 2 min",
    "wont load",
    "keeps freezing",
    "crashes",
    "just spins",
    "says access denied",
    "is really slow",
    "keeps timing out",
    "shows a blank screen",
    "wont sync",
    "throws an error",
    "says server not found",
    "keeps asking for my smartcard",
    "keeps crashing since the update",
    "goes to a white screen",
    "is stuck on loading",
    "has stopped working",
    "is showing yesterdays data",
    "says error 500",
    "wont let me sign",
    "asks for a password nobody knows",
    "wont let me log in",
    "kicks me out when I open the drug chart",
    "is down again",
]
DEVICE_ISSUES = [
    "keeps freezing",
    "wont turn on",
    "has a cracked screen",
    "keeps beeping",
    "wont connect to the wifi",
    "wont charge",
    "has stopped working",
    "keeps rebooting",
    "wont pair",
    "shows an error code",
    "is dead again",
    "keeps losing connection",
    "wont send readings across",
    "is really slow",
    "says low battery",
    "is missing its charger",
    "keeps alarming for no reason",
]
DOSED = [
    "paracetamol 1g qds",
    "metformin 500mg bd",
    "enoxaparin 40mg od",
    "dalteparin 5000 units",
    "apixaban 5mg bd",
    "amoxicillin 500mg tds",
    "co-amoxiclav 1.2g IV",
    "furosemide 40mg",
    "ramipril 2.5mg",
    "bisoprolol 2.5mg",
    "morphine 2mg IV",
    "oramorph 5mg prn",
    "oxycodone 5mg",
    "gentamicin 5mg/kg",
    "vancomycin 1g",
    "tazocin 4.5g tds",
    "novorapid 6 units",
    "lantus 20 units",
    "levothyroxine 75mcg",
    "omeprazole 20mg od",
    "atorvastatin 40mg nocte",
    "warfarin 3mg",
    "prednisolone 30mg",
    "salbutamol 2 puffs prn",
    "ondansetron 4mg",
    "cyclizine 50mg",
    "senna 15mg nocte",
    "lactulose 10ml bd",
    "heparin 5000 units",
    "ceftriaxone 2g",
    "Tylenol 650 mg PO",
    "Zosyn 3.375 g IV",
    "Lovenox 40 mg subQ",
    "Eliquis 5 mg BID",
    "Keppra 500 mg BID",
    "metoprolol 25 mg BID",
    "lisinopril 10 mg daily",
]
DRUGS = [
    "paracetamol",
    "metformin",
    "enoxaparin",
    "dalteparin",
    "apixaban",
    "amoxicillin",
    "co-amoxiclav",
    "furosemide",
    "ramipril",
    "bisoprolol",
    "morphine",
    "oramorph",
    "oxycodone",
    "gentamicin",
    "vancomycin",
    "tazocin",
    "insulin",
    "novorapid",
    "lantus",
    "levothyroxine",
    "omeprazole",
    "lansoprazole",
    "atorvastatin",
    "warfarin",
    "prednisolone",
    "salbutamol",
    "ondansetron",
    "cyclizine",
    "senna",
    "lactulose",
    "heparin",
    "ceftriaxone",
    "metoprolol",
    "lisinopril",
    "Tylenol",
    "Zosyn",
    "Lovenox",
    "Eliquis",
    "Keppra",
    "levetiracetam",
]
EMOJI = [
    "🙏",
    "😩",
    "😡",
    "🙄",
    "👍",
    "⚠️",
    "🤦‍♀️",
    "😭",
    "😬",
    "🆘",
    "🤷",
    "😤",
    ":sob:",
    ":pray:",
    ":facepalm:",
    ":rage:",
    "!!",
    "🔥",
    "😅",
    "🤞",
]
PREFIXES = [
    "hi, ",
    "hiya ",
    "morning - ",
    "urgent: ",
    "pls help - ",
    "IT - ",
    "hi team ",
    "not urgent but ",
    "again: ",
    "nights here - ",
    "quick one - ",
    "FAO IT: ",
    "help!! ",
    "hello, ",
    "hi all ",
    "sorry to bother - ",
]
SUFFIXES = [
    " thanks",
    " ta",
    " pls",
    " asap",
    " cheers",
    " x",
    " thx",
    " thank you",
    " pls help",
    " - thanks in advance",
    " (again)",
    " urgent",
    " any ideas?",
    " ty",
]

F_TITLES = ["Mrs", "Mrs", "Ms", "Miss", "Mrs.", "mrs", "Ms.", "miss"]
M_TITLES = ["Mr", "Mr", "Mr.", "mr", "Mr"]
ROLES_F = [
    "daughter",
    "wife",
    "mum",
    "niece",
    "granddaughter",
    "sister",
    "carer",
    "partner",
    "NOK",
    "daughter in law",
    "mother",
    "friend",
]
ROLES_M = [
    "son",
    "husband",
    "dad",
    "nephew",
    "grandson",
    "brother",
    "carer",
    "partner",
    "NOK",
    "son in law",
    "father",
    "friend",
]


@dataclass
class Ctx:
    rng: random.Random
    names: Any  # MimesisNames | FakerNames
    places: Any  # Places
    us: bool
    people: dict[str, PersonName] = field(default_factory=dict)
    age: int | None = None

    def person(self, key: str) -> PersonName:
        if key not in self.people:
            if key == "R" and "P" in self.people and self.rng.random() < 0.45:
                # a relative often shares the patient's surname
                rel = self.names.draw()
                pat = self.people["P"]
                rel = PersonName(rel.first, pat.last or rel.last, rel.gender, rel.origin)
                self.people[key] = rel
            else:
                self.people[key] = self.names.draw()
        return self.people[key]


class Places:
    """UK and US towns (mimesis's real town lists, seeded), shared by both name sources."""

    def __init__(self, rng: random.Random) -> None:
        from mimesis import Address, Locale

        base = rng.getrandbits(64)
        self._uk = Address(Locale.EN_GB, seed=_sub_seed(base, "uk-towns"))
        self._us = Address(Locale.EN, seed=_sub_seed(base, "us-towns"))

    def town(self, us: bool) -> str:
        return (self._us if us else self._uk).city()


# --- names ----------------------------------------------------------------------------------------------


def _lower(text: str) -> str:
    return text.lower().replace("i\u0307", "i")  # Turkish İ lower-cases to i + a combining dot


def _name_case(rng: random.Random, text: str) -> str:
    if any(ord(c) > 127 for c in text) and rng.random() < 0.35:
        text = fold_accents(text)
    r = rng.random()
    if r < 0.20:
        return _lower(text)
    if r < 0.24:
        return text.upper()
    return text


def _title(ctx: Ctx, p: PersonName) -> str:
    return ctx.rng.choice(F_TITLES if p.gender == "f" else M_TITLES)


def name_segs(ctx: Ctx, key: str, form: str) -> list[Seg]:
    rng = ctx.rng
    p = ctx.person(key)
    last = p.last
    if form == "any":
        form = rng.choices(
            ["first", "title", "full", "sur", "tfull", "initial", "epr"], weights=[25, 30, 25, 6, 6, 4, 4]
        )[0]
    if last is None or form == "first":
        return [(_name_case(rng, p.first), "NAME")]
    if form == "sur":
        return [(_name_case(rng, last), "NAME")]
    if form == "surup":
        return [(fold_accents(last).upper() if rng.random() < 0.5 else last.upper(), "NAME")]
    if form == "title":
        t = _title(ctx, p)
        s = _name_case(rng, last)
        if rng.random() < 0.06:
            s = s.upper()
        return [(t + " ", None), (s, "NAME")]
    if form == "tfull":
        return [(_title(ctx, p) + " ", None), (_name_case(rng, f"{p.first} {last}"), "NAME")]
    if form == "initial":
        return [(_name_case(rng, f"{p.first[0]}{rng.choice(['. ', ' ', '.'])}{last}"), "NAME")]
    if form == "epr":
        return [(f"{last.upper()}, {p.first}" if rng.random() < 0.7 else f"{last.upper()} {p.first}", "NAME")]
    # full
    return [(_name_case(rng, f"{p.first} {last}"), "NAME")]


def staff_segs(ctx: Ctx, key: str, form: str) -> list[Seg]:
    """A member of staff: the same name sources, never marked."""
    p = ctx.person(key)
    last = p.last or p.first
    if form == "first":
        return [(p.first, None)]
    if form == "sur":
        return [(last, None)]
    return [(f"{p.first} {last}" if p.last else p.first, None)]


def _pron(ctx: Ctx, which: str) -> str:
    g = ctx.person("P").gender
    table = {
        "he": ("she", "he"),
        "him": ("her", "him"),
        "his": ("her", "his"),
        "man": ("lady", "gent"),
        "sexword": ("female", "male"),
    }
    w = table[which][0 if g == "f" else 1]
    return w


# --- identifier slots ------------------------------------------------------------------------------------


def _labelled(label: str, value: str, kind: str, sep: str = " ") -> list[Seg]:
    if label.endswith(("#", ":")) and sep.strip():
        sep = " "
    return [(label + sep, None), (value, kind)]


def _sep(rng: random.Random) -> str:
    return rng.choices([" ", ": ", " - ", ":", " # ", " "], weights=[60, 20, 5, 5, 3, 7])[0]


def slot_nhs(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = V.nhs_text(ctx.rng)
    if not labelled:
        return [(v, "NHS")]
    label = ctx.rng.choice(
        ["NHS no", "NHS number", "NHS#", "nhs no.", "NHS No", "nhs", "NHS num", "NHS no.", "nhs number"]
    )
    return _labelled(label, v, "NHS", _sep(ctx.rng))


_MRN_LABELS_UK = [
    "MRN",
    "H/N",
    "hosp no",
    "hospital number",
    "PAS no",
    "PAS number",
    "unit no",
    "case no",
    "CR no",
    "hosp no.",
    "H/no",
    "hospital no",
    "band no",
    "wristband no",
    "patient no",
    "MRN",
    "hosp#",
]
_MRN_LABELS_US = ["MRN", "MRN#", "mrn", "MR#", "med rec #", "medical record #", "MRN:", "chart #", "MR no", "record #"]


def slot_mrn(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = V.mrn_value(ctx.rng, us=ctx.us)
    if not labelled:
        return [(v, "MRN")]
    label = ctx.rng.choice(_MRN_LABELS_US if ctx.us else _MRN_LABELS_UK)
    sep = " " if label.endswith(":") else _sep(ctx.rng)
    return _labelled(label, v, "MRN", sep)


def slot_ptnum(ctx: Ctx) -> list[Seg]:
    v = ctx.rng.choice([V.digits(ctx.rng, 7), V.digits(ctx.rng, 6), V.digits(ctx.rng, 8), "00" + V.digits(ctx.rng, 6)])
    return [(ctx.rng.choice(["pt ", "pt ", "Pt ", "pt. ", "pt# "]), None), (v, "MRN")]


_FIN_LABELS = [
    "FIN",
    "FIN#",
    "fin",
    "encounter",
    "enc #",
    "CSN",
    "HAR",
    "acct #",
    "acct no",
    "account",
    "billing no",
    "visit #",
    "encounter #",
    "account #",
    "FIN no",
]
_INS_LABELS = [
    "member ID",
    "ins member #",
    "health plan ID",
    "policy no",
    "Medicaid ID",
    "Medicare #",
    "BCBS ID",
    "subscriber ID",
    "insurance ID",
    "member #",
    "Aetna ID",
    "policy #",
    "plan ID",
]


def slot_account(ctx: Ctx, pool: list[str], label: str | None = None) -> list[Seg]:
    label = label or ctx.rng.choice(pool)
    return _labelled(label, V.account_value(ctx.rng, label), "ACCOUNT", _sep(ctx.rng))


def slot_ssn(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = V.ssn_text(ctx.rng)
    if not labelled:
        return [(v, "SSN")]
    return _labelled(
        ctx.rng.choice(["SSN", "SSN", "ss#", "SS no", "social", "soc sec #", "SSN#", "ssn"]), v, "SSN", _sep(ctx.rng)
    )


def slot_nino(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = V.nino_text(ctx.rng)
    if not labelled:
        return [(v, "NINO")]
    return _labelled(
        ctx.rng.choice(["NI no", "NI number", "NINO", "national insurance no", "NI", "N.I. no", "NI#"]),
        v,
        "NINO",
        _sep(ctx.rng),
    )


def slot_phone(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = V.us_phone(ctx.rng) if ctx.us else V.uk_phone(ctx.rng)
    if not labelled:
        return [(v, "PHONE")]
    pool = (
        ["cb #", "callback", "phone", "cell", "ph", "tel", "contact #", "home #"]
        if ctx.us
        else ["tel", "mob", "mobile", "ph", "phone", "contact no", "tel no", "home no", "number"]
    )
    return _labelled(ctx.rng.choice(pool), v, "PHONE", _sep(ctx.rng))


def slot_email(ctx: Ctx, key: str) -> list[Seg]:
    rng = ctx.rng
    p = ctx.person(key)
    f = re.sub(r"[^a-z]", "", fold_accents(p.first).lower()) or "jo"
    last = re.sub(r"[^a-z]", "", fold_accents(p.last or rng.choice(["smith", "x", "home"])).lower()) or "smith"
    yy = str(rng.randint(40, 99)) if rng.random() < 0.5 else str(rng.randint(1, 99))
    domains = (
        [
            "gmail.com",
            "yahoo.com",
            "comcast.net",
            "aol.com",
            "outlook.com",
            "hotmail.com",
            "icloud.com",
            "att.net",
            "verizon.net",
        ]
        if ctx.us
        else [
            "gmail.com",
            "hotmail.co.uk",
            "yahoo.co.uk",
            "btinternet.com",
            "outlook.com",
            "icloud.com",
            "live.co.uk",
            "sky.com",
            "aol.com",
            "hotmail.com",
            "talktalk.net",
            "virginmedia.com",
        ]
    )
    local = rng.choice(
        [
            f"{f}.{last}",
            f"{f}{last}{yy}",
            f"{f[0]}{last}",
            f"{last}.{f}",
            f"{f}_{last}{yy}",
            f"{f}{yy}",
            f"{f}.{last}{yy}",
            f"{f[0]}.{last}",
            f"{last}{f[0]}{yy}",
        ]
    )
    return [(f"{local}@{rng.choice(domains)}", "EMAIL")]


def slot_url(ctx: Ctx) -> list[Seg]:
    rng = ctx.rng
    p = ctx.person("P")
    trust = rng.choice(["lth", "mft", "uhb", "nuth", "gstt", "ouh", "leedsth", "sth", "ulh", "bthft", "cht"])
    org = rng.choice(["stmarys", "mercyhealth", "northside", "baptist", "lakeview", "unitypoint", "sutter", "valley"])
    host = (
        rng.choice(
            [
                f"https://mychart.{org}.org",
                f"https://epic-prd.{org}.org",
                f"http://powerchart.{org}.local",
                f"https://portal.{org}health.com",
                f"https://results.{org}.org",
            ]
        )
        if ctx.us
        else rng.choice(
            [
                f"https://epr.{trust}.nhs.uk",
                "http://pas-web01",
                f"https://careflow.{trust}.nhs.uk",
                f"https://ice.{trust}.nhs.uk/icedesktop",
                "http://lorenzo-prod:8080",
                f"https://results.{trust}.nhs.uk",
                f"https://{trust}.nervecentre.nhs.uk",
                "http://10.40.2.15/portal".replace("10.40.2.15", "intranet"),
            ]
        )
    )
    num = V.digits(rng, rng.choice([6, 7, 8]))
    nm = re.sub(r"[^a-z.]", "", fold_accents(f"{p.first}.{p.last or ''}").lower()).strip(".")
    kind = rng.choice(["path", "mrn", "name", "id", "pathtail", "pid", "nhs", "pidq", "plural"])
    if kind == "path":
        return [(host, None), (f"/patient/{num}", "URL")]
    if kind == "plural":
        return [(host, None), (f"/patients/{num}", "URL"), ("/" + rng.choice(["obs", "summary", "notes"]), None)]
    if kind == "mrn":
        return [(host + rng.choice(["/chart", "/record", "/viewer", "/app/chart"]), None), (f"?mrn={num}", "URL")]
    if kind == "name":
        return [(host + rng.choice(["/search", "/lookup", "/patients"]), None), (f"?name={nm}", "URL")]
    if kind == "id":
        return [(host + rng.choice(["/results", "/letters", "/viewer"]), None), (f"?id={num}", "URL")]
    if kind == "pathtail":
        return [(host, None), (f"/Patient/{num}", "URL"), ("/summary", None)]
    if kind == "pid":
        return [(host + "/viewer", None), (f"?pid={V.letter_mrn(rng)}", "URL")]
    if kind == "nhs":
        return [(host + "/letters", None), (f"?nhs={V.nhs_number(rng)}", "URL")]
    return [
        (host + "/record", None),
        (f"?patientId={num}", "URL"),
        ("&tab=" + rng.choice(["obs", "meds", "results"]), None),
    ]


def slot_ip(ctx: Ctx, where: str = "") -> list[Seg]:
    rng = ctx.rng
    if where == "lan":
        kind = rng.choices(["ten", "private"], weights=[70, 30])[0]
    elif where == "home":
        kind = rng.choices(["home", "v6"], weights=[92, 8])[0]
    else:
        kind = rng.choices(["ten", "home", "private", "v6"], weights=[40, 30, 25, 5])[0]
    if kind == "ten":
        ip = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    elif kind == "home":
        first = rng.choice([81, 82, 86, 92, 94, 109, 151, 176, 212, 213, 73, 24, 68, 98])
        ip = f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    elif kind == "private":
        ip = rng.choice(
            [
                f"192.168.{rng.randint(0, 20)}.{rng.randint(2, 254)}",
                f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
            ]
        )
    else:
        ip = f"2001:db8:{rng.randint(0, 0xFFFF):x}::{rng.randint(1, 0xFFF):x}"
    return [(ip, "IP")]


def _dob_value(ctx: Ctx, year_only_ok: bool = True) -> str:
    rng = ctx.rng
    if year_only_ok and rng.random() < 0.07:
        return str(2025 - ctx.age) if ctx.age else str(rng.randint(1925, 2004))
    return V.dob_text(rng, us=ctx.us, age=ctx.age)


def slot_dob(ctx: Ctx, labelled: bool) -> list[Seg]:
    v = _dob_value(ctx)
    if not labelled:
        return [(v, "DOB")]
    label = ctx.rng.choice(
        ["DOB", "DOB", "dob", "D.O.B", "d.o.b.", "DoB", "born", "b.", "DOB:", "date of birth", "dob"]
    )
    sep = "" if label == "b." and ctx.rng.random() < 0.5 else (" " if label.endswith(":") else _sep(ctx.rng))
    return _labelled(label, v, "DOB", sep)


def slot_born(ctx: Ctx) -> list[Seg]:
    rng = ctx.rng
    y = 2025 - ctx.age if ctx.age else rng.randint(1925, 2000)
    _, m, d = V.random_day(rng, y, y)
    text = rng.choice(
        [
            V.date_text(rng, y, m, d, us=ctx.us),
            f"the {V._ordinal(d)} of {V.MONTHS[m - 1].lower()} {y}",
            f"{V._ordinal(d)} {V.MONTHS[m - 1]} {y}",
            str(y),
        ]
    )
    return [(text, "DOB")]


_DATE_LABELS = {
    "adm": ["DOA", "adm", "admitted", "admitted on", "date of admission", "DOA:", "adm date"],
    "dc": ["d/c", "discharged", "d/c date", "discharge date", "EDD", "d/c'd", "discharged on", "DC date"],
    "tci": ["TCI", "TCI on", "TCI date", "tci", "TCI:"],
    "dod": ["DOD", "died", "passed away", "RIP", "date of death", "DOD:", "deceased"],
    "appt": ["appt", "appointment on", "clinic appt", "OPA", "appt on", "follow up on", "f/u appt"],
    "op": ["op date", "surgery on", "theatre on", "op on", "listed for"],
}


def slot_date(ctx: Ctx, which: str | None) -> list[Seg]:
    v = V.person_date_text(ctx.rng, us=ctx.us)
    if which is None:
        return [(v, "DATE")]
    pool = _DATE_LABELS[which]
    if which == "appt" and ctx.us:
        pool = ["appt", "appointment on", "f/u appt", "clinic visit on", "follow up on", "visit on"]
    label = ctx.rng.choice(pool)
    segs = _labelled(label, v, "DATE", " ")
    if which == "appt" and ctx.rng.random() < 0.4:
        h, m = ctx.rng.randint(8, 16), ctx.rng.choice(["00", "15", "30", "45"])
        segs.append(
            (
                " at " + ctx.rng.choice([f"{h}:{m}", f"{h:02d}{m}", f"{(h % 12) or 12}.{m}{'am' if h < 12 else 'pm'}"]),
                None,
            )
        )
    return segs


_WORDS = {
    90: "ninety",
    91: "ninety-one",
    92: "ninety-two",
    93: "ninety-three",
    94: "ninety-four",
    95: "ninety-five",
    96: "ninety-six",
    97: "ninety-seven",
    98: "ninety-eight",
    99: "ninety-nine",
    100: "a hundred",
    101: "a hundred and one",
}


def age_segs(ctx: Ctx, form: str, age: int, kind: str | None) -> list[Seg]:
    """An age phrase; only the number is marked (the words around it are not an identifier)."""
    rng = ctx.rng
    g = ctx.person("P").gender
    sx = "F" if g == "f" else "M"
    a = str(age)
    if form == "yr":
        tail = rng.choice(
            ["yo", " yo", " y/o", "y/o", " yr old", "-year-old", " year old", "yrs", " yrs old", "yr old", " years old"]
        )
        return [(a, kind), (tail, None)]
    if form == "sex":
        f = rng.choice(["c,", "n", "yf", "y", "ymf", "sxf"])
        if f == "c,":
            return [(f"{sx}, ", None), (a, kind)]
        if f == "n":
            return [(a, kind), (sx, None)]
        if f == "yf":
            return [(a, kind), (f" Y {sx}", None)]
        if f == "y":
            return [(a, kind), (f"yo {sx}", None)]
        if f == "ymf":
            return [(a, kind), (rng.choice([" y/o ", "yo "]) + _pron(ctx, "sexword"), None)]
        if f == "sxf":
            return [(f"{sx} ", None), (a, kind)]
    if form == "clause":
        c = rng.choice(["shes", "she is", "aged", "age", "is"])
        he = _pron(ctx, "he")
        lead = {"shes": f"{he}'s ", "she is": f"{he} is ", "aged": "aged ", "age": "age ", "is": "is "}[c]
        return [(lead, None), (a, kind)]
    if form == "words":
        if kind and age in _WORDS:
            return [(_WORDS[age], kind)]
        return [(a, kind), (" years old", None)]
    if form == "old":
        return [(a, kind), (rng.choice([" year old ", "yo ", " y/o ", "-year-old "]) + _pron(ctx, "man"), None)]
    return [(a, kind)]


def _old_age(ctx: Ctx) -> int:
    if ctx.age is None:
        ctx.age = ctx.rng.choices(range(90, 106), weights=[14, 13, 12, 11, 10, 9, 8, 6, 5, 4, 3, 2, 1, 1, 0.5, 0.5])[0]
    return ctx.age


def slot_age(ctx: Ctx, form: str) -> list[Seg]:
    return age_segs(ctx, form, _old_age(ctx), "AGE")


def slot_young_age(ctx: Ctx, form: str) -> list[Seg]:
    age = ctx.rng.randint(19, 89)
    if form in ("any", "yr"):
        form = ctx.rng.choice(["yr", "yr", "old"])
    return age_segs(ctx, form, age, None)


def _bed_text(ctx: Ctx) -> str:
    rng = ctx.rng
    if ctx.us:
        r = rng.randint(100, 999)
        return rng.choice(
            [
                f"room {r}",
                f"rm {r}",
                f"rm {r}{rng.choice('AB')}",
                f"room {r}-{rng.choice('AB12')}",
                f"bed {rng.randint(1, 30)}",
                f"room {rng.randint(1, 40)}",
                f"bay {rng.randint(1, 20)}",
                f"rm {r} bed {rng.choice('12')}",
            ]
        )
    bay, bed = rng.randint(1, 8), rng.randint(1, 32)
    return rng.choices(
        [
            f"bay {bay}",
            f"bed {bed}",
            f"bay {bay} bed {rng.randint(1, 6)}",
            f"side room {rng.randint(1, 12)}",
            f"SR{rng.randint(1, 12)}",
            f"SR {rng.randint(1, 12)}",
            f"side rm {rng.randint(1, 12)}",
            f"cubicle {rng.randint(1, 14)}",
            f"bed {bed}{rng.choice('ab')}",
            f"b{bay} bed {rng.randint(1, 6)}",
            f"bay {rng.choice('ABCDEF')}",
            f"bed {rng.randint(1, 6)} bay {bay}",
            f"room {rng.randint(1, 30)}",
            f"bay {bay}, bed {rng.randint(1, 6)}",
            f"cube {rng.randint(1, 14)}",
            f"B{bay}",
        ],
        weights=[20, 18, 10, 8, 5, 3, 3, 4, 3, 3, 3, 3, 4, 2, 2, 2],
    )[0]


def slot_bed(ctx: Ctx, marked: bool) -> list[Seg]:
    return [(_bed_text(ctx), "BED" if marked else None)]


def slot_postcode(ctx: Ctx) -> list[Seg]:
    return [(V.us_zip(ctx.rng) if ctx.us else V.uk_postcode(ctx.rng), "POSTCODE")]


def slot_street(ctx: Ctx) -> list[Seg]:
    return [(V.us_street(ctx.rng) if ctx.us else V.uk_street(ctx.rng), "ADDRESS")]


def slot_town(ctx: Ctx, marked: bool) -> list[Seg]:
    return [(ctx.places.town(ctx.us), "ADDRESS" if marked else None)]


def slot_addr(ctx: Ctx) -> list[Seg]:
    rng = ctx.rng
    segs = slot_street(ctx)
    if ctx.us:
        segs += [(", ", None), (ctx.places.town(True), "ADDRESS"), (f", {rng.choice(V.US_STATES)} ", None)]
        segs += slot_postcode(ctx)
        return segs
    shape = rng.choices(["full", "town", "pc"], weights=[55, 20, 25])[0]
    if shape in ("full", "town"):
        segs += [(rng.choice([", ", " ", ", "]), None), (ctx.places.town(False), "ADDRESS")]
    if shape in ("full", "pc"):
        segs += [(rng.choice([" ", ", ", " "]), None), *slot_postcode(ctx)]
    return segs


def slot_id(ctx: Ctx, which: str) -> list[Seg]:
    rng = ctx.rng
    p = ctx.person("P")
    for _ in range(30):
        label, value = V.other_id(rng, p.last or p.first, p.first)
        low = label.lower()
        us_dl = low.startswith("dl#") or "driver" in low
        uk_dl = "licen" in low or low == "dl no"
        ok = {
            "implant": "serial" in low,
            "passport": "passport" in low,
            "plate": "reg" in low or "plate" in low,
            "licence": us_dl if ctx.us else uk_dl,
            "badge": "badge" in low,
            "any": True,
        }[which]
        if ok:
            return _labelled(label, value, "ID", _sep(rng))
    return _labelled(label, value, "ID", " ")


# --- clean slots -----------------------------------------------------------------------------------------


def _plain(text: str) -> list[Seg]:
    return [(text, None)]


def clean_slot(ctx: Ctx, name: str) -> list[Seg] | None:
    rng = ctx.rng
    us = ctx.us
    if name == "sys":
        return _plain(rng.choice(US_SYSTEMS if us else UK_SYSTEMS))
    if name == "ward":
        return _plain(rng.choice(US_WARDS if us else UK_WARDS))
    if name == "hosp":
        return _plain(rng.choice(US_HOSPITALS if us else UK_HOSPITALS))
    if name == "dev":
        return _plain(rng.choice(DEVICES))
    if name == "issue":
        return _plain(rng.choice(ISSUES))
    if name == "dissue":
        return _plain(rng.choice(DEVICE_ISSUES))
    if name == "drug":
        return _plain(rng.choice(DRUGS))
    if name == "dose":
        return _plain(rng.choice(DOSED))
    if name == "ticket":
        return _plain(V.ticket(rng))
    if name == "ver":
        return _plain(V.version(rng))
    if name == "time":
        return _plain(V.clock(rng, us=us))
    if name == "ext":
        n = V.digits(rng, rng.choice([4, 4, 5]))
        return _plain(rng.choice([f"ext {n}", f"x{n}", f"ext. {n}", f"extension {n}", f"x {n}"]))
    if name == "bleep":
        n = V.digits(rng, rng.choice([3, 4, 4]))
        return _plain(rng.choice([f"bleep {n}", f"bleep {n}", f"blp {n}", f"pager {n}", f"bleep #{n}"]))
    if name == "sysdate":
        return _plain(V.system_date(rng, us=us))
    if name == "year":
        return _plain(str(rng.randint(2008, 2025)))
    if name == "news":
        score = rng.randint(0, 14)
        return _plain(
            rng.choice(
                [f"NEWS2 of {score}", f"NEWS {score}", f"news2 {score}", f"NEWS score of {score}", f"a NEWS of {score}"]
                if not us
                else [f"MEWS of {score % 8}", f"MEWS {score % 8}", f"early warning score {score}"]
            )
        )
    if name == "bp":
        sys_bp = rng.randint(85, 210)
        return _plain(f"{rng.choice(['BP', 'BP', 'bp', 'B/P'])} {sys_bp}/{rng.randint(45, min(120, sys_bp - 25))}")
    if name == "daytime":
        h, m = rng.randint(8, 17), rng.choice(["00", "15", "30", "45"])
        return _plain(rng.choice([f"{h:02d}:{m}", f"{h:02d}{m}", f"{(h % 12) or 12}{'am' if h < 12 else 'pm'}"]))
    if name == "obs":
        return _plain(
            rng.choice(
                [
                    f"sats {rng.randint(84, 99)}% on {rng.randint(1, 4)}L",
                    f"HR {rng.randint(40, 160)}",
                    f"temp {rng.randint(35, 40)}.{rng.randint(0, 9)}",
                    f"RR {rng.randint(10, 34)}",
                    f"BM {rng.randint(2, 25)}.{rng.randint(0, 9)}",
                    f"SpO2 {rng.randint(85, 99)}%",
                ]
            )
        )
    if name == "staffid":
        return _plain(rng.choice([V.digits(rng, 6), V.digits(rng, 8), "E" + V.digits(rng, 6), V.digits(rng, 5)]))
    if name == "n":
        return _plain(str(rng.randint(2, 14)))
    if name == "n3":
        return _plain(str(rng.randint(100, 999)))
    if name == "n4":
        return _plain(V.digits(rng, 4))
    if name == "asset":
        return _plain(
            rng.choice([V.digits(rng, 6), "A" + V.digits(rng, 5), "IT" + V.digits(rng, 6), "00" + V.digits(rng, 4)])
        )
    if name == "devserial":
        return _plain(
            rng.choice(
                [
                    "ZBR" + V.digits(rng, 6),
                    "SN " + V.digits(rng, 8),
                    "D4J" + V.digits(rng, 5) + "X",
                    "CN" + V.digits(rng, 4) + "KQ" + V.digits(rng, 2),
                ]
            )
        )
    if name == "lot":
        return _plain(
            rng.choice(
                [
                    "lot " + V.digits(rng, 2) + rng.choice("ABCDJK") + V.digits(rng, 4),
                    "batch " + rng.choice("ABCDEFHKLMNPRST") + V.digits(rng, 5),
                ]
            )
        )
    if name == "queue":
        return _plain(rng.choice(["PRN-W9-01", "LBL-AMU-02", "\\\\print01\\ward7-zebra", "W12_LASER", "PRT-ED-TRIAGE"]))
    if name == "host":
        return _plain(
            rng.choice(["WS-W9-0123", "COW-AMU-07", "LTH-PC-48211", "wow-4west-12", "NCC-ED-03", "ipad-w24-05"])
        )
    if name == "site":
        return _plain(f"the {ctx.places.town(us)} site")
    if name == "url_clean":
        return _plain(
            rng.choice(
                [
                    "https://intranet.trust.nhs.uk/it/password-reset",
                    "https://status.epic.com",
                    "the intranet page /it/how-to",
                    "https://servicedesk.nhs.uk/kb/KB0012345",
                    "https://ehealth.trust.nhs.uk/downtime",
                    "http://printers/status",
                    "https://mychart.example.org/login",
                    "https://careflow.trust.nhs.uk/help",
                ]
            )
        )
    return None


# --- template expansion --------------------------------------------------------------------------------------

_ALT = re.compile(r"<([^<>]*)>")
_SLOT = re.compile(r"\{([A-Za-z0-9_.#]+)\}")


def _choose_alternatives(rng: random.Random, text: str) -> str:
    while True:
        m = _ALT.search(text)
        if not m:
            return text
        text = text[: m.start()] + rng.choice(m.group(1).split("|")) + text[m.end() :]


def fill(ctx: Ctx, name: str) -> list[Seg]:
    """One slot's segments; see templates.py for the slot vocabulary."""
    rng = ctx.rng
    head, _, form = name.partition(".")
    if head in ("P", "Q"):
        return name_segs(ctx, head, form or "any")
    if head == "R":
        if form in ("role", "kin"):  # kin: family only, for "X's daughter Y is NOK"
            p = ctx.person("R")
            roles = ROLES_F if p.gender == "f" else ROLES_M
            if form == "kin":
                roles = [r for r in roles if r not in ("NOK", "carer", "friend", "partner")]
            if p.gender == ctx.person("P").gender and rng.random() < 0.9:
                roles = [r for r in roles if r not in ("wife", "husband")]
            return _plain(rng.choice(roles))
        return name_segs(ctx, "R", form or rng.choice(["first", "first", "full", "title"]))
    if head in ("S", "S2"):
        return staff_segs(ctx, head, form or "first")
    if head == "DR":
        p = ctx.person("S")
        t = rng.choice(["Dr", "Dr", "dr", "Dr."])
        if form == "full" and p.last:
            return _plain(f"{t} {p.first} {p.last}")
        return _plain(f"{t} {p.last or p.first}")
    if name in ("she_s", "he_s"):
        return _plain("she" if ctx.person("S").gender == "f" else "he")
    if name in ("he", "him", "his", "man"):
        return _plain(_pron(ctx, name))
    if name in ("He", "His"):
        return _plain(_pron(ctx, name.lower()).capitalize())
    if name == "NHS" or name == "nhs":
        return slot_nhs(ctx, name == "NHS")
    if name in ("MRN", "mrn"):
        return slot_mrn(ctx, name == "MRN")
    if name == "KNUM":
        return [(V.letter_mrn(rng), "MRN")]
    if name == "PTNUM":
        return slot_ptnum(ctx)
    if head == "FIN":
        return slot_account(ctx, _FIN_LABELS, form.replace("_", " ") or None)
    if head == "INS":
        return slot_account(ctx, _INS_LABELS, form.replace("_", " ") or None)
    if name in ("SSN", "ssn"):
        return slot_ssn(ctx, name == "SSN")
    if name in ("NINO", "nino"):
        return slot_nino(ctx, name == "NINO")
    if name in ("TEL", "PHONE"):
        return slot_phone(ctx, name == "TEL")
    if head == "EMAIL":
        return slot_email(ctx, "R" if form == "rel" else "P")
    if name == "URL":
        return slot_url(ctx)
    if head == "IP":
        return slot_ip(ctx, form)
    if name in ("DOB", "dob"):
        return slot_dob(ctx, name == "DOB")
    if name == "BORN":
        return slot_born(ctx)
    if name in ("ADM", "DC", "TCI", "DOD", "APPT", "OP"):
        return slot_date(ctx, name.lower())
    if name == "date":
        return slot_date(ctx, None)
    if head == "AGE":
        return slot_age(ctx, form or "clause")
    if name == "age":
        return slot_age(ctx, "bare")
    if head == "youngage":
        return slot_young_age(ctx, form or "any")
    if name == "BED":
        return slot_bed(ctx, True)
    if name == "bed":
        return slot_bed(ctx, False)
    if name == "PC":
        return slot_postcode(ctx)
    if name == "STREET":
        return slot_street(ctx)
    if name == "TOWN":
        return slot_town(ctx, True)
    if name == "town":
        return slot_town(ctx, False)
    if name == "ADDR":
        return slot_addr(ctx)
    if head == "ID":
        return slot_id(ctx, form or "any")
    got = clean_slot(ctx, name)
    if got is None:
        raise KeyError(f"unknown slot {{{name}}}")
    return got


def expand(ctx: Ctx, template: str) -> list[Seg]:
    text = _choose_alternatives(ctx.rng, template)
    segs: list[Seg] = []
    pos = 0
    for m in _SLOT.finditer(text):
        if m.start() > pos:
            segs.append((text[pos : m.start()], None))
        segs.extend(fill(ctx, m.group(1)))
        pos = m.end()
    if pos < len(text):
        segs.append((text[pos:], None))
    return segs


# --- typing noise ------------------------------------------------------------------------------------

_KEY_NEIGHBOURS = {
    "a": "sq",
    "s": "adw",
    "d": "sfe",
    "e": "wrd",
    "i": "uok",
    "o": "ipl",
    "n": "bm",
    "t": "ryg",
    "r": "et",
    "l": "kp",
    "c": "xv",
    "m": "n",
    "u": "yi",
    "h": "gj",
    "g": "fh",
    "p": "ol",
}
_MISSPELL = {
    "receive": "recieve",
    "separate": "seperate",
    "definitely": "definately",
    "doesn't": "dosent",
    "please": "pls",
    "because": "cos",
    "tomorrow": "tomorow",
    "printer": "priner",
    "discharge": "dischage",
    "wristband": "wrist band",
    "wont": "wnt",
    "again": "agian",
    "the": "teh",
    "keeps": "keps",
    "showing": "shwoing",
    "through": "thru",
    "system": "sytem",
    "anyone": "any1",
    "someone": "some1",
}


def _typo_word(rng: random.Random, w: str) -> str:
    low = w.lower()
    if low in _MISSPELL and rng.random() < 0.6:
        out = _MISSPELL[low]
        return out.capitalize() if w[:1].isupper() else out
    i = rng.randrange(1, len(w) - 1)
    op = rng.choice(["swap", "drop", "double", "near"])
    if op == "swap":
        return w[:i] + w[i + 1] + w[i] + w[i + 2 :]
    if op == "drop":
        return w[:i] + w[i + 1 :]
    if op == "double":
        return w[:i] + w[i] + w[i:]
    near = _KEY_NEIGHBOURS.get(w[i].lower())
    return w[:i] + (rng.choice(near) if near else w[i]) + w[i + 1 :]


def add_typos(rng: random.Random, segs: list[Seg], count: int) -> list[Seg]:
    spots = []
    for si, (text, kind) in enumerate(segs):
        if kind is None:
            for m in re.finditer(r"(?<![\w/.@-])[A-Za-z']{3,}(?![\w/.@-])", text):
                if m.group(0).lower() in _MISSPELL or len(m.group(0)) >= 4:
                    spots.append((si, m.start(), m.end()))
    rng.shuffle(spots)
    chosen = sorted(spots[:count], key=lambda s: (s[0], -s[1]))
    out = list(segs)
    for si, a, b in chosen:
        text, kind = out[si]
        out[si] = (text[:a] + _typo_word(rng, text[a:b]) + text[b:], kind)
    return out


def _title_case(text: str) -> str:
    return re.sub(r"(^|(?<=\s))([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)


def apply_case(style: str, segs: list[Seg]) -> list[Seg]:
    if style == "lower":
        return [(_lower(t), k) for t, k in segs]
    if style == "upper":
        return [(t.upper(), k) for t, k in segs]
    if style == "title":
        out = []
        prev_end_space = True
        for t, k in segs:
            if prev_end_space and t[:1].islower():
                t = t[0].upper() + t[1:]
            t = _title_case(t)
            out.append((t, k))
            prev_end_space = t[-1:].isspace() if t else prev_end_space
        return out
    if style == "sentence" and segs:
        t, k = segs[0]
        return [(t[:1].upper() + t[1:], k), *segs[1:]]
    return segs


def noise(ctx: Ctx, segs: list[Seg]) -> list[Seg]:
    rng = ctx.rng
    # Slack chatter around the report
    if rng.random() < 0.08:
        segs = [(rng.choice(PREFIXES), None), *segs]
    if rng.random() < 0.08:
        segs = [*segs, (rng.choice(SUFFIXES), None)]
    if rng.random() < 0.13:
        segs = add_typos(rng, segs, 1 if rng.random() < 0.8 else 2)
    if rng.random() < 0.3:  # no apostrophes: cant, wont, pts
        segs = [(t.replace("'", "") if k is None else t, k) for t, k in segs]
    if rng.random() < 0.15:
        segs = [(t.replace(",", "") if k is None else t, k) for t, k in segs]
    style = rng.choices(["as_is", "lower", "upper", "title", "sentence"], weights=[36, 38, 7, 6, 13])[0]
    segs = apply_case(style, segs)
    r = rng.random()
    if r < 0.07:
        e = rng.choice(EMOJI)
        segs = [*segs, (" " + e, None)] if rng.random() < 0.85 else [(e + " ", None), *segs]
    elif r < 0.12:
        segs = [*segs, (rng.choice(["!!", "??", "...", "!", "?!", "."]), None)]
    return segs


def render(segs: list[Seg]) -> str:
    out = []
    for text, kind in segs:
        if kind is None:
            out.append(text.replace("\t", " ").replace("\n", " "))
        else:
            if kind not in KINDS:
                raise ValueError(kind)
            out.append(f"[[{kind}:{text}]]")
    line = "".join(out)
    line = re.sub(r" {2,}", " ", line).strip()
    if line.startswith(("#", "@")):  # would read as a comment or a source tag in the data files
        line = "re " + line
    return line


def plain_text(marked: str) -> str:
    return re.sub(r"\[\[[A-Z]+:(.*?)\]\]", r"\1", marked)


MARK = re.compile(r"\[\[([A-Z]+):(.*?)\]\]")


def check_line(line: str) -> list[str]:
    """Problems with one marked line (empty when it parses cleanly)."""
    problems = []
    if line.startswith(("#", "@")):
        problems.append("starts with # or @")
    if "\t" in line or "\n" in line:
        problems.append("tab/newline")
    for m in MARK.finditer(line):
        if m.group(1) not in KINDS:
            problems.append(f"unknown kind {m.group(1)}")
        t = m.group(2)
        if not t or t != t.strip():
            problems.append(f"span edge whitespace {t!r}")
        if "[[" in t or "]]" in t:
            problems.append("nested markup")
    rest = MARK.sub("", line)
    if "[[" in rest or "]]" in rest:
        problems.append("unbalanced markup")
    if "{" in line or "}" in line or "<" in line or ">" in line:
        problems.append("template syntax left in the line")
    return problems


Filler = Callable[[Ctx, str], list[Seg]]
