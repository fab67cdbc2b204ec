"""Identifier values (valid NHS numbers, SSNs, fictional phones, MRNs, dates, ...) and the clean look-alikes.

Every function takes the line's ``random.Random``. Phone numbers come only from ranges kept for drama and
tests (Ofcom's 07700 900xxx etc., NANP 555-01xx), so no real line is printed.
"""

from __future__ import annotations

import random
import string

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


# --- NHS number (mod 11) -------------------------------------------------------------------------


def nhs_number(rng: random.Random) -> str:
    while True:
        body = [int(rng.choice("4679"))] + [rng.randrange(10) for _ in range(8)]
        total = sum(d * (10 - i) for i, d in enumerate(body))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        return "".join(map(str, body)) + str(check)


def nhs_valid(num: str) -> bool:
    d = [int(c) for c in num if c.isdigit()]
    if len(d) != 10:
        return False
    check = 11 - sum(x * (10 - i) for i, x in enumerate(d[:9])) % 11
    check = 0 if check == 11 else check
    return check != 10 and check == d[9]


def nhs_text(rng: random.Random) -> str:
    n = nhs_number(rng)
    style = rng.choices(["spaced", "bare", "dash", "odd"], weights=[45, 38, 12, 5])[0]
    if style == "spaced":
        return f"{n[:3]} {n[3:6]} {n[6:]}"
    if style == "dash":
        return f"{n[:3]}-{n[3:6]}-{n[6:]}"
    if style == "odd":
        return rng.choice([f"{n[:3]}{n[3:6]} {n[6:]}", f"{n[:3]} {n[3:]}", f"{n[:5]} {n[5:]}"])
    return n


# --- US SSN ----------------------------------------------------------------------------------------


def ssn_text(rng: random.Random) -> str:
    area = rng.randrange(1, 900)
    while area == 666:
        area = rng.randrange(1, 900)
    group, serial = rng.randrange(1, 100), rng.randrange(1, 10000)
    a, g, s = f"{area:03d}", f"{group:02d}", f"{serial:04d}"
    sep = rng.choices(["-", " ", "", ".", " - ", "/"], weights=[55, 15, 15, 7, 4, 4])[0]
    return f"{a}{sep}{g}{sep}{s}"


# --- phones ------------------------------------------------------------------------------------------

_UK_GEO = [
    ("0113", "496"),
    ("0114", "496"),
    ("0115", "496"),
    ("0116", "496"),
    ("0117", "496"),
    ("0118", "496"),
    ("0121", "496"),
    ("0131", "496"),
    ("0141", "496"),
    ("0151", "496"),
    ("0161", "496"),
    ("0191", "498"),
]


def uk_phone(rng: random.Random) -> str:
    kind = rng.choices(["mobile", "london", "geo", "ni", "nogeo"], weights=[50, 15, 27, 3, 5])[0]
    if kind == "mobile":
        tail = f"900{rng.randrange(1000):03d}"
        style = rng.choices(["std", "bare", "intl", "intl0", "split"], weights=[40, 25, 15, 5, 15])[0]
        return {
            "std": f"07700 {tail}",
            "bare": f"07700{tail}",
            "intl": f"+44 7700 {tail}",
            "intl0": f"+44 (0)7700 {tail}",
            "split": f"07700 {tail[:3]} {tail[3:]}",
        }[style]
    if kind == "london":
        tail = f"0{rng.randrange(1000):03d}"
        return rng.choice(
            [f"020 7946 {tail}", f"0207 946 {tail}", f"02079460{tail[1:]}", f"+44 20 7946 {tail}", f"(020) 7946 {tail}"]
        )
    if kind == "ni":
        tail = f"6{rng.randrange(1000):03d}"
        return rng.choice([f"028 9649 {tail}", f"02896 49{tail}"])
    if kind == "nogeo":
        tail = f"960{rng.randrange(1000):03d}"
        return rng.choice([f"01632 {tail}", f"01632{tail}"])
    code, ex = rng.choice(_UK_GEO)
    tail = f"0{rng.randrange(1000):03d}"
    return rng.choice(
        [
            f"{code} {ex} {tail}",
            f"{code} {ex}{tail}",
            f"({code}) {ex} {tail}",
            f"{code}{ex}{tail}",
            f"{code}-{ex}-{tail}",
            f"+44 {code[1:]} {ex} {tail}",
        ]
    )


_US_AREAS = [
    "202",
    "212",
    "213",
    "214",
    "215",
    "216",
    "267",
    "305",
    "312",
    "313",
    "404",
    "415",
    "469",
    "503",
    "504",
    "512",
    "602",
    "617",
    "646",
    "702",
    "713",
    "718",
    "773",
    "786",
    "818",
    "832",
    "901",
    "917",
    "919",
    "929",
    "954",
    "972",
]


def us_phone(rng: random.Random) -> str:
    if rng.random() < 0.6:  # 555-0100..0199 in any area code: set aside for fiction
        area, ex, line = rng.choice(_US_AREAS), "555", f"01{rng.randrange(100):02d}"
    else:  # "area code 555" numbers, never assigned
        area, ex, line = "555", f"01{rng.randrange(10)}", digits(rng, 4)
    style = rng.choices(["paren", "dash", "dot", "plus", "one", "bare", "space"], weights=[30, 25, 12, 10, 8, 7, 8])[0]
    return {
        "paren": f"({area}) {ex}-{line}",
        "dash": f"{area}-{ex}-{line}",
        "dot": f"{area}.{ex}.{line}",
        "plus": f"+1 {area} {ex} {line}",
        "one": f"1-{area}-{ex}-{line}",
        "bare": f"{area}{ex}{line}",
        "space": f"{area} {ex} {line}",
    }[style]


# --- record numbers -----------------------------------------------------------------------------------


def mrn_value(rng: random.Random, us: bool = False) -> str:
    """The number after a label ("MRN", "H/N", "PAS no"): the label itself is not part of it."""
    if us:
        return rng.choice([digits(rng, 8), digits(rng, 9), "00" + digits(rng, 7), digits(rng, 7), "E" + digits(rng, 7)])
    style = rng.choices(["letter7", "seven", "zero", "rx", "spaced", "six", "ten"], weights=[25, 25, 15, 8, 8, 10, 9])[
        0
    ]
    if style == "letter7":
        return rng.choice("KHMJDAST") + digits(rng, 7)
    if style == "seven":
        return str(rng.randrange(1, 10)) + digits(rng, 6)
    if style == "zero":
        return "00" + digits(rng, 5)
    if style == "rx":
        return rng.choice(["RX", "RXH", "RM", "RR8"]) + digits(rng, 7)
    if style == "spaced":
        d = digits(rng, 8)
        return rng.choice([f"{d[:3]} {d[3:5]} {d[5:7]} {d[7]}", f"{d[:4]} {d[4:]}", f"{d[:2]} {d[2:5]} {d[5:]}"])
    if style == "six":
        return str(rng.randrange(1, 10)) + digits(rng, 5)
    return digits(rng, 10) if rng.random() < 0.3 else "M" + digits(rng, 8)


def letter_mrn(rng: random.Random) -> str:
    """A hospital number that carries its own letter and is written with no label: K1234567."""
    return rng.choice(["K", "H", "K", "M", "RX", "J"]) + digits(rng, 7)


def account_value(rng: random.Random, label: str) -> str:
    low = label.lower()
    if "fin" in low:
        return rng.choice([digits(rng, 9), digits(rng, 10), digits(rng, 8)])
    if "csn" in low or "enc" in low or "visit" in low:
        return rng.choice([digits(rng, 9), digits(rng, 10), "V" + digits(rng, 8), "ENC" + digits(rng, 7)])
    if "har" in low or "acct" in low or "account" in low or "billing" in low:
        return rng.choice([digits(rng, 8), "000" + digits(rng, 6), digits(rng, 10), "A" + digits(rng, 9)])
    if "medicare" in low:  # MBI: 1EG4-TE5-MK73
        a = "ACDEFGHJKMNPQRTUVWXY"
        mbi = (
            str(rng.randrange(1, 10))
            + rng.choice(a)
            + rng.choice(a + string.digits)
            + rng.choice(string.digits)
            + rng.choice(a)
            + rng.choice(a + string.digits)
            + rng.choice(string.digits)
            + rng.choice(a)
            + rng.choice(a)
            + rng.choice(string.digits)
            + rng.choice(string.digits)
        )
        return rng.choice([mbi, f"{mbi[:4]}-{mbi[4:7]}-{mbi[7:]}"])
    if "medicaid" in low:
        return (
            rng.choice(string.ascii_uppercase)
            + rng.choice(string.ascii_uppercase)
            + digits(rng, 5)
            + rng.choice("ABCDEFGHJK")
        )
    if "policy" in low:
        return rng.choice(["POL-" + digits(rng, 7), digits(rng, 10), rng.choice("ABHKW") + digits(rng, 9)])
    # member / subscriber / health plan id
    pre = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    return rng.choice(
        [
            f"{pre}{digits(rng, 9)}",
            "W" + digits(rng, 9),
            f"{pre}{digits(rng, 6)}-{digits(rng, 2)}",
            digits(rng, 11),
            "U" + digits(rng, 8) + "01",
        ]
    )


def nino_text(rng: random.Random) -> str:
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        pre = rng.choice(first) + rng.choice(second)
        if pre not in ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ"):
            break
    d = digits(rng, 6)
    suf = rng.choice("ABCD")
    style = rng.choices(["bare", "spaced", "lower"], weights=[55, 35, 10])[0]
    if style == "spaced":
        return f"{pre} {d[:2]} {d[2:4]} {d[4:]} {suf}"
    if style == "lower":
        return f"{pre}{d}{suf}".lower()
    return f"{pre}{d}{suf}"


def other_id(rng: random.Random, surname: str, first: str) -> tuple[str, str]:
    """(label, value) for the ID kind: passport, licence, plate, implant serial."""
    kind = rng.choice(["passport", "licence", "plate", "implant", "us_dl", "blue_badge"])
    if kind == "passport":
        return rng.choice(["passport no", "passport number", "passport"]), rng.choice(
            [digits(rng, 9), rng.choice("CLM") + digits(rng, 8), "P" + digits(rng, 7)]
        )
    if kind == "licence":
        s = "".join(c for c in surname.upper() if c.isalpha())[:5].ljust(5, "9")
        month = rng.randrange(1, 13) + (50 if rng.random() < 0.5 else 0)
        initials = first[:1].upper() + rng.choice(["9", rng.choice(string.ascii_uppercase)])
        lic = (
            f"{s}{rng.randrange(10)}{month:02d}{rng.randrange(1, 29):02d}{rng.randrange(10)}{initials}9"
            f"{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
        )
        return rng.choice(["driving licence", "licence no", "DL no"]), lic
    if kind == "plate":
        letters = "ABCDEFGHJKLMNOPRSTUVWXYZ"
        plate = (
            rng.choice(letters)
            + rng.choice(letters)
            + f"{rng.choice([16, 17, 18, 19, 20, 21, 22, 23, 24, 66, 67, 68, 69, 70, 71, 72, 73, 74]):02d}"
            + " "
            + "".join(rng.choice(letters) for _ in range(3))
        )
        if rng.random() < 0.3:
            plate = plate.replace(" ", "")
        return rng.choice(["reg", "car reg", "reg no", "number plate"]), plate
    if kind == "implant":
        return rng.choice(
            ["pacemaker serial", "ICD serial no", "implant serial", "device serial no", "serial #"]
        ), rng.choice(
            [
                "PJN" + digits(rng, 6) + "H",
                "SN" + digits(rng, 7),
                rng.choice(["RNB", "BLX", "ATL"]) + digits(rng, 6),
                digits(rng, 6) + "-" + digits(rng, 3),
            ]
        )
    if kind == "us_dl":
        return rng.choice(["DL#", "driver's license", "drivers lic"]), rng.choice(string.ascii_uppercase) + digits(
            rng, rng.choice([7, 8, 12])
        )
    return rng.choice(["blue badge no", "blue badge"]), surname.upper()[:5] + digits(rng, 6) + rng.choice("ABC")


# --- dates -----------------------------------------------------------------------------------------------


def _ordinal(d: int) -> str:
    return f"{d}{'th' if 11 <= d % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(d % 10, 'th')}"


def date_text(
    rng: random.Random,
    year: int,
    month: int,
    day: int,
    *,
    us: bool = False,
    allow_no_year: bool = False,
    prose: bool = True,
) -> str:
    """One date in one of the many ways a ward writes it."""
    mon = MONTHS[month - 1]
    yy = f"{year % 100:02d}"
    if us:
        forms = [
            f"{month}/{day}/{year}",
            f"{month:02d}/{day:02d}/{year}",
            f"{month}/{day}/{yy}",
            f"{year}-{month:02d}-{day:02d}",
            f"{mon} {day}, {year}",
            f"{mon[:3]} {day} {year}",
            f"{month}-{day}-{year}",
            f"{month:02d}-{day:02d}-{yy}",
        ]
        weights = [30, 15, 15, 8, 10, 8, 7, 7]
    else:
        forms = [
            f"{day:02d}/{month:02d}/{year}",
            f"{day}/{month}/{year}",
            f"{day}/{month}/{yy}",
            f"{day:02d}.{month:02d}.{year}",
            f"{day:02d}-{mon[:3]}-{year}",
            f"{day} {mon} {year}",
            f"{day} {mon[:3].lower()} {yy}",
            f"{year}-{month:02d}-{day:02d}",
            f"{_ordinal(day)} {mon} {year}",
            f"{day:02d}-{month:02d}-{year}",
            f"{day:02d}{month:02d}{year}",
            f"{day} {mon[:3]} {year}",
        ]
        weights = [22, 14, 12, 8, 8, 7, 5, 5, 6, 5, 3, 5]
        if prose:
            forms.append(f"the {_ordinal(day)} of {mon.lower()} {year}")
            weights.append(3)
    if allow_no_year:
        forms += (
            [f"{month}/{day}", f"{mon[:3]} {day}"]
            if us
            else [
                f"{day}/{month}",
                f"{day:02d}/{month:02d}",
                f"{_ordinal(day)} {mon[:3].lower()}",
                f"{day} {mon}",
                f"{_ordinal(day)} {mon}",
            ]
        )
        weights += [12, 6] if us else [12, 8, 4, 4, 4]
    text = rng.choices(forms, weights=weights)[0]
    if rng.random() < 0.25:
        text = text.lower()
    return text


def random_day(rng: random.Random, y0: int, y1: int) -> tuple[int, int, int]:
    year = rng.randint(y0, y1)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28 if month == 2 else (30 if month in (4, 6, 9, 11) else 31))
    return year, month, day


def dob_text(rng: random.Random, *, us: bool = False, age: int | None = None) -> str:
    if age is not None:
        year = 2025 - age - rng.randint(0, 1)
        y, m, d = random_day(rng, year, year)
    else:
        y, m, d = random_day(rng, 1924, 2006)
    return date_text(rng, y, m, d, us=us)


def person_date_text(rng: random.Random, *, us: bool = False) -> str:
    y, m, d = random_day(rng, 2023, 2026)
    return date_text(rng, y, m, d, us=us, allow_no_year=True, prose=False)


# --- places ----------------------------------------------------------------------------------------------

UK_POSTCODE_AREAS = [
    "AL",
    "B",
    "BA",
    "BB",
    "BD",
    "BH",
    "BL",
    "BN",
    "BR",
    "BS",
    "BT",
    "CA",
    "CB",
    "CF",
    "CH",
    "CM",
    "CO",
    "CR",
    "CT",
    "CV",
    "CW",
    "DA",
    "DE",
    "DH",
    "DL",
    "DN",
    "DY",
    "E",
    "EC",
    "EH",
    "EN",
    "EX",
    "FY",
    "G",
    "GL",
    "GU",
    "HA",
    "HD",
    "HG",
    "HP",
    "HU",
    "HX",
    "IG",
    "IP",
    "KT",
    "L",
    "LA",
    "LE",
    "LN",
    "LS",
    "LU",
    "M",
    "ME",
    "MK",
    "N",
    "NE",
    "NG",
    "NN",
    "NP",
    "NR",
    "NW",
    "OL",
    "OX",
    "PE",
    "PL",
    "PO",
    "PR",
    "RG",
    "RM",
    "S",
    "SE",
    "SG",
    "SK",
    "SL",
    "SM",
    "SN",
    "SO",
    "SR",
    "SS",
    "ST",
    "SW",
    "SY",
    "TA",
    "TF",
    "TN",
    "TQ",
    "TS",
    "TW",
    "UB",
    "W",
    "WA",
    "WD",
    "WF",
    "WN",
    "WR",
    "WS",
    "WV",
    "YO",
]


def uk_postcode(rng: random.Random) -> str:
    area = rng.choice(UK_POSTCODE_AREAS)
    district = str(rng.randint(1, 29 if len(area) == 2 else 40))
    if area in ("EC", "W", "SW", "E", "N", "WC") and rng.random() < 0.2:
        district = str(rng.randint(1, 2)) + rng.choice("ABCEHMNPRVWXY")
    inward = str(rng.randint(0, 9)) + "".join(rng.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2))
    sep = rng.choices([" ", "", "  "], weights=[78, 19, 3])[0]
    pc = f"{area}{district}{sep}{inward}"
    return pc.lower() if rng.random() < 0.25 else pc


def us_zip(rng: random.Random) -> str:
    z = f"{rng.randint(1001, 99950):05d}"
    return f"{z}-{digits(rng, 4)}" if rng.random() < 0.2 else z


UK_STREET_BASES = [
    "Church",
    "Station",
    "Mill",
    "Park",
    "Victoria",
    "Albert",
    "Queens",
    "Kings",
    "Manor",
    "Chapel",
    "Beech",
    "Oak",
    "Elm",
    "Ash",
    "Willow",
    "Meadow",
    "Green",
    "Bridge",
    "School",
    "North",
    "South",
    "West",
    "London",
    "York",
    "Windsor",
    "Grange",
    "Highfield",
    "Springfield",
    "Orchard",
    "Hawthorn",
    "Cedar",
    "Holly",
    "Chestnut",
    "Main",
    "New",
    "Castle",
    "Market",
    "Stanley",
    "Nelson",
    "Derby",
    "Cross",
    "Moor",
    "Hill",
    "Abbey",
    "Priory",
    "St Johns",
    "St Marys",
    "Heather",
    "Rowan",
    "Laburnum",
    "Alexandra",
    "Clarence",
    "Milton",
    "Shakespeare",
    "Wellington",
    "Cavendish",
    "Belgrave",
    "Harewood",
    "Otley",
    "Roundhay",
    "Moss",
    "Brook",
    "Lime",
    "Sycamore",
    "Poplar",
    "Primrose",
    "Foxglove",
]
UK_STREET_SUFFIX = [
    "Road",
    "Street",
    "Lane",
    "Avenue",
    "Close",
    "Drive",
    "Grove",
    "Crescent",
    "Way",
    "Court",
    "Gardens",
    "Terrace",
    "Place",
    "View",
    "Walk",
    "Rise",
    "Mews",
    "Mount",
    "Fold",
    "Green",
]
UK_SUFFIX_ABBR = {
    "Road": "Rd",
    "Street": "St",
    "Avenue": "Ave",
    "Close": "Cl",
    "Drive": "Dr",
    "Crescent": "Cres",
    "Gardens": "Gdns",
    "Terrace": "Ter",
    "Lane": "Ln",
    "Court": "Ct",
}
US_STREET_BASES = [
    "Main",
    "Oak",
    "Maple",
    "Pine",
    "Cedar",
    "Elm",
    "Washington",
    "Lake",
    "Hill",
    "Park",
    "2nd",
    "3rd",
    "5th",
    "Walnut",
    "Sunset",
    "Lincoln",
    "Jackson",
    "Franklin",
    "Highland",
    "Madison",
    "Jefferson",
    "Ridge",
    "Church",
    "Willow",
    "Magnolia",
    "Peachtree",
    "Cherry",
    "Spring",
    "Center",
    "Mill",
    "Dogwood",
    "Sycamore",
    "Martin Luther King Jr",
    "Broadway",
    "Lakeview",
    "Meadowbrook",
]
US_STREET_SUFFIX = [
    "St",
    "Street",
    "Ave",
    "Avenue",
    "Rd",
    "Road",
    "Dr",
    "Drive",
    "Blvd",
    "Ln",
    "Ct",
    "Pl",
    "Way",
    "Terrace",
    "Pkwy",
    "Cir",
]
US_STATES = [
    "AL",
    "AZ",
    "CA",
    "CO",
    "CT",
    "FL",
    "GA",
    "IL",
    "IN",
    "KY",
    "LA",
    "MA",
    "MD",
    "MI",
    "MN",
    "MO",
    "NC",
    "NJ",
    "NM",
    "NY",
    "OH",
    "OK",
    "OR",
    "PA",
    "SC",
    "TN",
    "TX",
    "UT",
    "VA",
    "WA",
    "WI",
]


def uk_street(rng: random.Random) -> str:
    suffix = rng.choice(UK_STREET_SUFFIX)
    base = rng.choice(UK_STREET_BASES)
    street = (
        f"{base} {suffix}"
        if rng.random() < 0.85 or suffix not in UK_SUFFIX_ABBR
        else f"{base} {UK_SUFFIX_ABBR[suffix]}"
    )
    num = str(rng.randint(1, 180))
    style = rng.choices(["plain", "flat", "letter", "flatslash", "house"], weights=[45, 22, 12, 11, 10])[0]
    if style == "flat":
        return f"{rng.choice(['Flat', 'flat', 'Apt'])} {rng.randint(1, 24)}, {num} {street}"
    if style == "letter":
        return f"{num}{rng.choice('abcAB')} {street}"
    if style == "flatslash":
        return f"{rng.randint(1, 12)}/{num} {street}"
    if style == "house":
        name = rng.choice(
            ["Rose Cottage", "The Willows", "Orchard House", "1 The Mews", "Ivy Cottage", "The Old Forge"]
        )
        return f"{name}, {street}"
    return f"{num} {street}"


def us_street(rng: random.Random) -> str:
    num = str(rng.randint(10, 9899))
    direction = rng.choice(["", "", "", "N ", "S ", "E ", "W "])
    street = f"{direction}{rng.choice(US_STREET_BASES)} {rng.choice(US_STREET_SUFFIX)}"
    unit = rng.choices(
        [
            "",
            f" Apt {rng.randint(1, 40)}{rng.choice(['', 'A', 'B', 'C'])}",
            f", Apt {rng.randint(1, 9)}{rng.choice('ABCD')}",
            f" #{rng.randint(1, 400)}",
            f" Unit {rng.randint(1, 30)}",
            f", Unit {rng.randint(100, 999)}",
        ],
        weights=[40, 20, 12, 12, 8, 8],
    )[0]
    return f"{num} {street}{unit}"


# --- clean look-alikes ------------------------------------------------------------------------------------


def ticket(rng: random.Random) -> str:
    kind = rng.choice(["INC", "INC", "REQ", "RITM", "CHG", "R-", "CS", "TASK", "#"])
    if kind == "R-":
        return f"R-{rng.randint(1, 999)}"
    if kind == "#":
        return f"#{rng.randint(1000, 99999)}"
    if kind == "CS":
        return f"CS{digits(rng, 7)}"
    return f"{kind}{rng.choice(['00', '001', '0'])}{digits(rng, 5)}"


def version(rng: random.Random) -> str:
    return rng.choice(
        [
            f"v{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
            f"{rng.randint(1, 12)}.{rng.randint(0, 20)}.{rng.randint(0, 40)}",
            f"version {rng.randint(1, 9)}.{rng.randint(0, 9)}",
            f"v{rng.randint(2019, 2025)}.{rng.randint(1, 4)}",
            f"build {rng.randint(100, 9999)}",
        ]
    )


def clock(rng: random.Random, us: bool = False) -> str:
    h, m = rng.randint(0, 23), rng.choice([0, 0, 5, 10, 15, 20, 30, 30, 40, 45, 50])
    if us:
        return rng.choice(
            [
                f"{h:02d}:{m:02d}",
                f"{h:02d}{m:02d}",
                f"{(h % 12) or 12}{'am' if h < 12 else 'pm'}",
                f"{(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}",
                f"{(h % 12) or 12}:{m:02d}{'a' if h < 12 else 'p'}",
            ]
        )
    return rng.choice(
        [
            f"{h:02d}:{m:02d}",
            f"{h:02d}{m:02d}",
            f"{(h % 12) or 12}{'am' if h < 12 else 'pm'}",
            f"{(h % 12) or 12}.{m:02d}{'am' if h < 12 else 'pm'}",
            f"{h:02d}.{m:02d}",
            f"{h}:{m:02d}",
        ]
    )


def system_date(rng: random.Random, us: bool = False) -> str:
    y, m, d = random_day(rng, 2023, 2026)
    return date_text(rng, y, m, d, us=us, allow_no_year=True, prose=False)
