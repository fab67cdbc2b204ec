"""The identifier guard's patterns for everything but names: numbers, dates, ages, contacts, links, places.

Each rule names the kind it finds and says why, in words an information-governance officer can review
(`pilotbot phi scan --explain`). A rule with `group` masks only that group (the value after "MRN", not the label).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    NAME = "NAME"
    MRN = "MRN"
    NHS = "NHS"
    SSN = "SSN"
    NINO = "NINO"
    ACCOUNT = "ACCOUNT"
    ID = "ID"
    DOB = "DOB"
    DATE = "DATE"
    AGE = "AGE"
    PHONE = "PHONE"
    EMAIL = "EMAIL"
    URL = "URL"
    IP = "IP"
    POSTCODE = "POSTCODE"
    ADDRESS = "ADDRESS"
    BED = "BED"


@dataclass(frozen=True)
class Rule:
    kind: Kind
    why: str
    pattern: re.Pattern[str]
    group: int | str = 0
    accept: Callable[[re.Match[str]], bool] | None = None
    needs_patient: bool = False  # only where a patient is in the same sentence
    place: bool = False  # a bed or room: kept when the sentence is about equipment and names no person
    old_date: bool = False  # only when the date lies more than ten years back (Guard's this_year)


_I = re.IGNORECASE
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
# Every written form of a day-month(-year) date: 12/03/1954, 3.4.40, 1948-07-22, 03-Feb-1948, the 14th of june 1931,
# June 14, 1931, 14 Jun 31.
DATE = (
    r"(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"
    r"|\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d.])"
    r"|(?:the\s+)?\d{1,2}" + _ORD + r"\s+day\s+of\s+" + MONTH + r",?\s+\d{4}"  # "the 12th day of December, 2001"
    r"|(?:the\s+)?\d{1,2}" + _ORD + r"(?:\s+of)?[\s-]*" + MONTH + r"\.?(?:[\s,-]+(?:\d{4}|'?\d{2}))?(?!\d)"
    r"|" + MONTH + r"\.?\s+\d{1,2}" + _ORD + r"(?:,?\s+(?:\d{4}|'\d{2}))?(?!\d)"
    r"|\d{1,2}/\d{1,2}(?![\d/.])"
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d(?!\d)|(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?!\d)"
    r")"
)
# Any date worth masking when a patient is in the sentence: the forms above, a month and year (May-2021, March of
# 2010), an ISO timestamp, a range ("15th to 20th of June"), each with a time after it where one is written.
_TIME = r"(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]\.?m\.?|Z|[+-]\d{2}:?\d{2})?)?"
ANY_DATE = re.compile(
    r"(?<![\w/.])(?:(?i:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?i:day)?\.?,?\s+(?=\d|" + MONTH + r"\b))?"
    r"(?:\d{1,2}" + _ORD + r"\s*(?:-|–|to)\s*)?(?:" + DATE + r"|" + MONTH + r"\.?[\s-]+(?:of\s+)?(?:\d{4}|'\d{2})"
    r"|" + MONTH + r"\s+\d{1,2}" + _ORD + r"\s*(?:-|–|to)\s*\d{1,2}" + _ORD + r"(?:,?\s+\d{4})?"
    r"|\d{8}(?=\d{4,6}\b)\d{4,6})"
    r"(?:\s*(?:-|–|to)\s*\d{1,2}" + _ORD + r")?(?:,?\s+\d{4}(?!\d))?" + _TIME + r"(?![\w/])",
    _I,
)
FULL_DATE = re.compile(
    r"(?<![\w/.])(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2})|\d{1,2}\.\d{1,2}\.\d{4}"
    r"|(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d\d"
    r"|\d{1,2}" + _ORD + r"(?:\s+of)?[\s-]*" + MONTH + r"\.?[\s,-]+\d{4}"
    r"|" + MONTH + r"\.?\s+\d{1,2}" + _ORD + r",?\s+\d{4})(?![\w/])",
    _I,
)
_AGE = r"(?:9\d|1[01]\d|120)"  # 90 to 120: older than anyone is, it is a dose or a count
_AGE_STATED = r"(?:9\d|1\d\d)"  # with "y/o" or "years" after it, a record's wrong age too ("161 y/o")
_AGE_TAIL = r"(?:\s*-?\s*(?i:years?|yrs?|y/?o|y\.o\.?|yo|y)\b(?:\s*-?\s*old)?)?(?:\s*,?\s*[MF]\b)?"


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def nhs_checksum_ok(digits: str) -> bool:
    """True when a ten-digit string passes the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _nhs_bare(m: re.Match[str]) -> bool:
    return nhs_checksum_ok(_digits(m.group(0)))


def _uk_phone(m: re.Match[str]) -> bool:
    if re.match(r"\s*\d{2}[-/.]\d{2}[-/.]\d{2}\s+\d{4}\b", m.group(0)):
        return False  # "epic downtime 05-09-25 0910": a date and a time
    digits = _digits(m.group(0))
    if m.group(0).lstrip().startswith("+"):
        return 10 <= len(digits) <= 15
    return len(digits) in (10, 11) and digits.startswith("0")


_HHMM = r"(?:[01]\d|2[0-3])[0-5]\d"


def _phone_shape(value: str) -> bool:
    """Seven to fifteen digits in a phone's groups: not a date, an IP, a dose range or a row of times."""
    main = re.split(r"\s?(?:x|ext\.?)\s?(?=\d)", value, maxsplit=1, flags=_I)[0]
    digits = _digits(main)
    if not 7 <= len(digits) <= 15 or re.search(r"\d+\.\d+\.\d+\.\d+", main):
        return False
    groups = re.split(r"[\s().-]+", main.strip("()+ "))
    if all(re.fullmatch(_HHMM, g) for g in groups if g) or re.fullmatch(r"\s*" + DATE + r"\s*", main):
        return False  # "obs at 0800 1200 1600", "0100-0400"
    return len(groups) > 1 or main.lstrip().startswith(("+", "(", "0"))


_URL_KEYS = r"(?:mrn\w*|id|pid|pt\w*|patient\w*|name|\w*name|nhs\w*|dob|ssn|email|fin|acct|account|user\w*|mrn)"


def _url_carries_id(url: str) -> bool:
    """A link with a record number (four digits or more), an identifying parameter, or a name in its path."""
    rest = re.sub(r"^(?:[a-z]{3,6}://|www\.)[^/?#]*", "", url, flags=_I)  # "https://", "htyp://", "file://"
    return bool(
        re.search(r"(?:^|[/=_-])\d{4,}(?:$|[/?&#._-])|@", rest)
        or re.search(r"[?&;]" + _URL_KEYS + r"=", rest, _I)
        or re.search(r"[?&;]\w+=[^&#\s]*\d[^&#\s]*\d[^&#\s]*\d", rest)
        or re.search(
            r"/[a-z]+[._](?!(?:docx?|xlsx?|pptx?|pdf|txt|csv|html?|aspx?|php|jsp|png|jpe?g|gif|exe|msi)\b)"
            r"[a-z]+(?:/|$|\?)",
            rest,
            _I,
        )  # "/jane.smith/", not "/rota.docx"
    )


def _in_hex(m: re.Match[str]) -> bool:
    """Digits inside a long hex string (a checksum, a hash) are not anyone's number."""
    start, end = m.start(), m.end()
    while start > 0 and m.string[start - 1] in "0123456789abcdefABCDEF":
        start -= 1
    while end < len(m.string) and m.string[end] in "0123456789abcdefABCDEF":
        end += 1
    return end - start >= 16 and bool(re.search(r"[a-fA-F]", m.string[start:end]))


# "202612020815" in an HL7 header: a message's time stamp (YYYYMMDDHHMM[SS]); "558004 558190 558301": a list of refs.
_TIMESTAMP = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(?:[01]\d|2[0-3])[0-5]\d(?:[0-5]\d)?")
_LIST_OF_NUMBERS = re.compile(r"\d{5,}(?:\s\d{5,})+")
_TIMES = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d(?:\s(?:[01]\d|2[0-3])[0-5]\d)+")  # "obs at 0800 1200 1600"


_SYSTEM_WORDS = re.compile(
    r"\b(?:audit\s+log|logs?|release(?:d|\s+notes)?|archive[ds]?|software|firmware|licen[cs]e\s+expir\w*|server|database"
    r"|backup|installed|patch(?:ed)?|upgraded?|go-live|certificate)\b",
    _I,
)
_PERSON_WORDS = re.compile(
    r"\b(?:pt|pts|patient|patients|mr|mrs|ms|miss|she|he|her|his|him|dob|born|nok|mum|dad|son|daughter|wife"
    r"|husband)\b",
    _I,
)


def _system_dated(text: str) -> bool:
    """ "audit log stops at 16/04/2010", "release notes say 2015-09-24": a system's date, with no person about."""
    return bool(_SYSTEM_WORDS.search(text)) and not _PERSON_WORDS.search(text)


def _eight_digit_date(text: str) -> bool:
    """ "29122026", "20261229": a date typed without separators (masked as a date where it is one of a person)."""
    if not re.fullmatch(r"\d{8}", text):
        return False
    for day, month, year in ((text[:2], text[2:4], text[4:]), (text[6:], text[4:6], text[:4])):
        if 1 <= int(day) <= 31 and 1 <= int(month) <= 12 and 1900 <= int(year) <= 2099:
            return True
    return False


def _luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _ipv4(m: re.Match[str]) -> bool:
    """Four numbers up to 255, and not a build or version ("build 10.2.0.114", "the client build, 10.2.0.118")."""
    around = m.string[max(0, m.start() - 24) : m.end() + 40]
    return all(int(part) <= 255 for part in m.group(0).split(".")) and not _BUILD.search(around)


_BUILD = re.compile(r"\b(?:build|version|ver|release|firmware|hotfix|patch|client\s+build|v)\b", re.I)


# Labels that introduce a record number, as wards write them.
_MRN_LABEL = (
    r"(?:mrn|m\.r\.n\.?|mr\s*(?:no\.?|number|#)|med(?:ical)?\.?\s*rec(?:ord)?s?\.?(?:\s*(?:no\.?|number|#|num))?"
    r"|(?:patient|pt)[\s_]*(?:record|rec|id|number|no\.?|#|num)|record\s*(?:no\.?|number|#)|h/no|h\.no"
    r"|hosp(?:ital)?\.?\s*(?:no\.?|number|num|#|id)|h/n|hn|unit\s*(?:no\.?|number|#)"
    r"|pas\s*(?:no\.?|number|num|#|id)?|case\s*(?:no\.?|number|#)|crn|cr\s*(?:no\.?|number|#)|k\s*(?:no\.?|number|#)"
    r"|chart\s*(?:no\.?|number|#)|empi|person\s*id|pid|wrist\s*band|id\s*band|band"
    r"|folder\s*(?:no\.?|number|#)|bht\s*(?:no\.?|number|#)?|fall(?:nummer|nr\.?)n?"
    r"|rx\s*(?:no\.?|number|#)|nhi|uhid|(?-i:UR)\b|ur\s*(?:no\.?|number|#)|ip\s*(?:no\.?|number|#)|mrd\s*(?:no\.?|#)?)"
)
_ACCOUNT_LABEL = (
    r"(?:fin|encounter|enc|csn|acct|acc|account|a/c|billing|visit|episode|spell|har|bank\s*account"
    r"|member|mbr|subscriber|policy|insurance|ins|health\s*plan|plan|medicaid|medicare|mbi|beneficiary|coverage"
    r"|health\s*card|medical\s*card|medicare\s*card|ohip|ramq|phn|dva(?:\s*card)?|medical\s*aid)"
    r"\.?\s*(?:id|no\.?|number|num|#)?"
)
_ID_LABEL = (
    r"(?:driv(?:er'?s|ing)\s*licen[cs]e|licen[cs]e|dl|dvla|passport|vehicle\s*reg(?:istration)?|reg(?:istration)?\s*plate"
    r"|number\s*plate|plate|vin|(?:pacemaker|implant|icd|device)\s*(?:serial)?|blue\s*badge|lic|ihi|aadhaa?r"
    r"|(?:state|national|photo|gov(?:ernment)?|military|tribal)\s*id(?:\s*card)?|(?-i:SIN|PPS|PPSN|NRIC|FIN)\b)"
    r"\.?\s*(?:id|no\.?|number|num|#)?"
)
_PROVINCES = r"(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT)"
_ADDRESS_WORD = r"(?:[A-ZÀ-Þ][\w'’.-]*|(?:de|la|le|del|do|da|di|van|der|en|sur)(?=\s+[A-ZÀ-Þ]))"
# Street words written in lower case after the name, in the languages of Europe ("Szabadság utca", "Ekmanin polku").
_STREET_TYPE = (
    r"(?:utca|út|útja|tér|köz|sor|körút|polku|katu|tie|kuja|ulica|ulice|náměstí|třída|gatan|vägen|gränd|gade|vej"
    r"|strada|calea|straße|strasse|gasse|weg|allee|platz|laan|straat|plein|steenweg|baan)"
)
_CA_POSTAL = r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d"  # "L5W 1E8"
_STATES = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK"
    "|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut"
    "|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland"
    "|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey"
    "|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island"
    "|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming"
)
# Labels before a long number that make it a system's number, not a person's.
_SAFE_NUMBER = re.compile(
    r"\b(?:staff|employee|emp|badge|smartcard|smart\s*card|esr|routing|sort\s*code|login|user(?:name)?|pin|ext(?:ension)?|bleep|pager"
    r"|asset(?:\s*tag)?|tag|error|err|code|build|version|ver|batch|lot|ticket|incident|inc|ref(?:erence)?|job|req(?:uest)?|call"
    r"|datix|change|chg|problem|prb|task|case\s*ref|order\s*set|kb|article|port|model|part|invoice|po"
    r"|serial|sn|s/n|printer|device|scanner|version|release|checksum|hash|imei|ean|gtin|upc|sku"
    r"|snomed(?:\s*ct)?|sctid|loinc|cpt|opcs|icd(?:-?10)?|concept|priority)\b"
    r"[\s#:.-]*(?:no\.?|number|id|#|num)?[\s#:.-]*(?:is\b[\s:]*)?$",
    re.IGNORECASE,
)
# Three capitals after a space that are a word, not the end of a number plate: "SR12 NOT", "BD12 AND".
_PLATE_WORD = re.compile(
    r"\s(?:ARE|AND|THE|FOR|NOT|HAS|WAS|BUT|ALL|ANY|CAN|HAD|HER|HIS|ITS|OUR|OUT|SHE|WHO|WHY|YOU|GOT)$"
)
# Capitals before a grouped number that are a word or a label, not a record number's prefix ("SSN 219-09-9999").
_NOT_PREFIXES = frozenset(
    """ON TO AT IN BY OF NO IS OR AND THE FOR MRN NHS PAS HN CRN UR NHI ID DOB TEL PH MOB
    SSN SIN NI FIN CSN ACC NPI""".split()
)
# "January 15, 2023 1415", "Jan 25 2024 0305": a date's day and year and a 24-hour time, not a long number.
_YEAR_AND_TIME = re.compile(r"(?:\d{1,2}[ ,]+)?(?:19|20)\d\d,?\s+(?:[01]\d|2[0-3])[0-5]\d")
_DIGIT_WORD = r"(?:zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double\s+\w+|triple\s+\w+)"
_VALUE = r"[\s:#=.?-]*(?:(?:it\s+|that\s+)?(?:is|was|are)\b[\s:#=-]*)?(?:#\s*)?"
# A value with at least three digits: K1234567, 0041233, 204 33 91 7, H-778-1234.
# A letter prefix may stand apart: "hosp no k 0 9 3 3 1 8 2", "RXH 009 3821".
_NUMBER = r"(?P<v>(?:(?-i:[A-Z]{1,3})\s|[A-Za-z]\s)?[A-Za-z]{0,4}[-/]?\d(?:[\dA-Za-z/-]|\s(?=\d)){2,39}(?<=\w))"

RULES: tuple[Rule, ...] = (
    Rule(
        Kind.EMAIL,
        "an email address",
        re.compile(r"(?<!://)(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}"),
        accept=lambda m: not re.search(r"://[^\s/@]*$", m.string[max(0, m.start() - 40) : m.start()]),  # user:pw@host
    ),
    Rule(
        Kind.URL,
        "a link that carries a record number, a name or an identifier",
        re.compile(
            r"(?:\b(?:h[a-z]{2,5}|s?ftp|file)://|www\.)[^\s<>|]*[^\s<>|.,;:!?)'\"]"
            r"|(?<![\w/])/(?:[\w.-]+/)*[\w.-]+\?[^\s<>|]+|(?<![\w/.])(?:/[\w.-]+){2,}",
            _I,
        ),
        accept=lambda m: _url_carries_id(m[0]),
    ),
    Rule(
        Kind.URL,
        "a link without its scheme, or a network share path, that carries an identifier",
        re.compile(r"(?<![/\w.:@-])[\w-]+(?:\.[\w-]+)+(?:/[\w.%-]+){2,}|\\\\[\w.$-]+(?:\\[^\s\\]+)+"),
        accept=lambda m: _url_carries_id("http://" + m[0].replace("\\", "/").lstrip("/")),
    ),
    Rule(
        Kind.URL,
        "a link parameter that carries an identifier (?mrn=, ?id=, ?name=)",
        re.compile(r"[?&;]" + _URL_KEYS + r"=[^\s&#]+", _I),
    ),
    Rule(Kind.IP, "an IP address", re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"), accept=_ipv4),
    Rule(
        Kind.IP,
        "an IPv6 address",
        re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}(?:(?:\d{1,3}\.){3}\d{1,3}|[0-9a-f]{1,4})(?![\w:.])", _I),
        accept=lambda m: "::" in m[0] or m[0].count(":") >= 5 or bool(re.search(r"[a-f]", m[0], _I)),
    ),
    Rule(
        Kind.NHS,
        "a number after 'NHS'",
        re.compile(r"\bNHS\s*(?:no\.?|number|num|#)?" + _VALUE + r"(?P<v>(?:\d[\s-]?){9}\d)\b", _I),
        group="v",
    ),
    Rule(
        Kind.NHS,
        "a ten-digit number that passes the NHS checksum",
        re.compile(r"(?<![\w/.-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w/.-])"),
        accept=_nhs_bare,
    ),
    Rule(Kind.SSN, "a US social security number", re.compile(r"(?<![\w.-])\d{3}(\s?[- .–]\s?)\d{2}\1\d{4}(?![\w.-])")),
    Rule(
        Kind.SSN,
        "a number after 'SSN' or 'social security'",
        re.compile(
            r"\b(?:ssn|ss#|ss\s*no\.?|soc\.?\s*sec\.?(?:\s*#)?|social(?:\s*security)?(?:\s*(?:no\.?|number|#))?)"
            + _VALUE
            + r"(?P<v>\d[\d ./-]{7,10}\d)",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.SSN,
        "the last four of a social security number ('ssn ending 8812')",
        re.compile(
            r"\b(?:ssn|social(?:\s*security)?(?:\s*(?:no\.?|number|#))?)\s+(?:ending|ends|ending\s+in|last\s+(?:4|four))"
            r"\s*(?:in|:|-)?\s*(?:is\s+)?(?P<v>\d{4})\b",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.SSN,
        "a social security number typed with slashes, in a sentence about an SSN",
        re.compile(r"(?<![\w/.-])\d{3}/\d{2}/\d{4}(?![\w/.-])(?=[^.;\n]{0,40}\b(?i:ssn|social)\b)"),
    ),
    Rule(
        Kind.NINO,
        "a National Insurance number missing its last letter, after its label",
        re.compile(
            r"\b(?:nino|ni\s*(?:no|number)|national\s+insurance(?:\s+(?:no|number))?)\b[^.;\n]{0,30}?"
            r"(?P<v>(?<![\w])[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2})(?!\s?\d)",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.NINO,
        "a UK National Insurance number",
        re.compile(
            r"(?<![\w])[a-z]{2}\s?(?:\d\s?){6}[a-d](?!\w)",
            _I,
        ),
    ),
    Rule(
        Kind.PHONE,
        "a North American phone number",
        re.compile(r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\s?\d{3}\s?\)|\d{3})[\s.-]?\d{3}[\s.-]\d{4}(?![\w])"),
    ),
    Rule(Kind.PHONE, "a seven-digit local phone number", re.compile(r"(?<![\w.-])[2-9]\d{2}-\d{4}(?![\w.-])")),
    Rule(
        Kind.PHONE,
        "a UK or international phone number",
        re.compile(
            r"(?<![\w+])(?:\+\d{1,3}[\s.-]?(?:\(0?\d{0,4}\)[\s.-]?)?\d{1,5}(?:[\s.-]?\d{2,4}){1,4}"
            r"|\(?0\d{1,5}\)?(?:[\s.-]?\d{2,8}){1,3})(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?![\w])"
        ),
        accept=_uk_phone,
    ),
    Rule(
        Kind.EMAIL,
        "an email address as dictation writes it (jo dot bloggs at gmail dot com, alice at example.io, arobase)",
        re.compile(
            r"(?<![\w.@])(?!(?:the|team|us|them|me|him|her|it|someone|somebody|everyone|staff|support|helpdesk|desk"
            r"|service|ward|pharmacy|office|you|we|look|looking|available|online|here|there)\s)"
            r"[\w+-]+(?:(?:\s+dot\s+|\.)[\w+-]+)*\s+(?:at|arobase|\(at\)|\[at\])\s+[\w-]+"
            r"(?:(?:\s+dot\s+|\.)[\w-]+)*(?:\s+dot\s+|\.)(?:com|org|net|io|co|uk|nhs|gov|edu|ac|info|me|de|fr|es|it"
            r"|nl|ie|au|ca|in|us)\b(?:(?:\s+dot\s+|\.)[a-z]{2,3}\b)?",
            _I,
        ),
        accept=lambda m: bool(re.search(r"\bdot\b|\barobase\b|\be-?mail", m.string, _I)),
    ),
    Rule(
        Kind.PHONE,
        "a phone number in any country's grouping after 'on', 'call', 'ring', 'contact' or 'number', about a patient",
        re.compile(
            r"\b(?:on|call|ring|rang|text|txt|number|no|contact|mobile|mob|phone|tel|cell|whatsapp|reach|left|is|:"
            r"|son|daughter|wife|husband|partner|mum|mom|dad|sister|brother|nok|carer|niece|nephew|friend)"
            r"\s*[:#-]?\s*(?P<v>(?:\+|\(\+?)?\d[\d ().-]{5,18}\d(?:\s?(?:x|ext\.?)\s?\d{1,6})?)(?![\w/-]|[.,]\d)",
            _I,
        ),
        group="v",
        accept=lambda m: _phone_shape(m["v"]),
        needs_patient=True,
    ),
    Rule(
        Kind.PHONE,
        "a number after 'tel', 'phone', 'mob' or 'fax'",
        re.compile(
            r"\b(?<!spreadsheet\s)(?<!excel\s)(?:tel(?:ephone)?|phone|ph|mob(?:ile)?|cell|fax|landline|contact\s*no|home\s*no"
            r"|call\s*back|callback|cb|t|m"
            r"|work\s*(?:no|number|phone|#))"
            r"\.?\s*(?:no\.?|number|#)?" + _VALUE + r"(?P<v>[+(]?\d[\d ()./-]{6,16}\d(?:\s?(?:x|ext\.?)\s?\d{1,5})?)",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.MRN,
        "a number after a record label (MRN, H/N, PAS no, wristband, pt)",
        re.compile(r"\b" + _MRN_LABEL + r"\.?\s*(?:no\.?|number|num|#)?" + _VALUE + _NUMBER, _I),
        group="v",
        accept=lambda m: (
            len(_digits(m["v"])) >= 4 or not re.search(r"\bband\s*$", m[0][: m.start("v") - m.start()], _I)
        ),
    ),
    Rule(
        Kind.MRN,
        "a number right after 'pt' or 'patient'",
        re.compile(r"\b(?:pt|patient|ptnt)\.?\s*#?\s*(?P<v>[A-Za-z]?\d{4,12})\b", _I),
        group="v",
    ),
    Rule(
        Kind.MRN,
        "a second record number set against the first ('one says 631696, the other 945009')",
        re.compile(
            r"(?:\b(?:one|first|second|other)\s+(?:one\s+)?(?:says|said|shows|reads)|\bthe\s+other)\s*[:#]?\s*"
            r"(?P<v>[A-Za-z]{0,2}\d{5,12})\b",
            _I,
        ),
        group="v",
        accept=lambda m: not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()]),
    ),
    Rule(
        Kind.MRN,
        "a hospital-number shape (one or two letters and six or more digits)",
        re.compile(r"(?<![\w/-])(?!inc|req|chg|prb|kb|cs|sr|ritm|tsk)[A-Za-z]{1,3}-?\d{6,10}(?![\w-])", _I),
        accept=lambda m: not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()]),
    ),
    Rule(
        Kind.ID,
        "a national identity number in its fixed shape (Pakistani CNIC, Malaysian MyKad, Sri Lankan NIC, HKID)",
        re.compile(r"\b(?:\d{5}-\d{7}-\d|\d{6}-\d{2}-\d{4}|\d{9}[VvXx])\b|\b[A-Z]{1,2}\d{6}\([0-9A]\)"),
    ),
    Rule(
        Kind.ID,
        "a long number typed in three or more groups with dashes ('1-1042-778109-04', '4821-7730-9154-2608')",
        re.compile(r"(?<![\w/.-])(?:[A-Za-z]{2,5}-)?\d{1,5}(?:-\d{2,7}){2,4}(?![\w/-]|\.\d)"),
        accept=lambda m: (
            len(_digits(m[0])) >= 10 and not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()])
        ),
    ),
    Rule(
        Kind.ID,
        "a payment card number (passes the Luhn check)",
        re.compile(r"(?<![\d-])\d{4}([ -]?)\d{4}\1\d{4}\1\d{1,7}(?![\d-])"),
        accept=lambda m: 13 <= len(_digits(m[0])) <= 19 and _luhn(_digits(m[0])),
    ),
    Rule(Kind.ACCOUNT, "an IBAN", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")),
    Rule(
        Kind.ID,
        "a number of nine digits or more, even run into words",
        re.compile(r"(?<![\d.:/-])(?<!inc)(?<!ritm)(?<!req)\d{9,}(?![\d.:/-])", _I),
        accept=lambda m: (
            not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()])
            and not _in_hex(m)
            and not _TIMESTAMP.fullmatch(m[0])
        ),
    ),
    Rule(
        Kind.ID,
        "a UK driving licence number",
        re.compile(r"\b[A-Z9]{5}\s?\d{6}\s?[A-Z9]{2}\d[A-Z0-9]{2}(?:\s?\d{2})?\b", _I),
    ),
    Rule(
        Kind.ID,
        "a UK vehicle registration (older styles)",
        re.compile(r"\b(?:[A-Z]\d{1,3}\s?[A-Z]{3}|[A-Z]{3}\s?\d{1,3}[A-Z])\b"),
        accept=lambda m: (
            not re.search(
                r"\b(?:BED|BAY|ARE|AND|THE|FOR|NOT|HAS|WAS|BUT|ALL|ANY|CAN|HAD|HER|HIS|ITS"
                r"|OUR|OUT|SHE|WHO|WHY|YOU|GOT|ROOM|RM)\b",
                m[0],
            )
        ),
    ),
    Rule(
        Kind.ID,
        "a vehicle registration after 'reg' or 'plate'",
        re.compile(
            r"\b(?:reg(?:istration)?\s*(?:no\.?|number|#)?|(?:number\s*)?plate)\s*[:#]?\s*"
            r"(?P<v>[a-z]{2}\d{2}\s?[a-z]{3}|[a-z]\d{1,3}\s?[a-z]{3}|[a-z]{3}\s?\d{1,3}[a-z])\b",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.ID,
        "a national identity number after its label (NIE, DNI, NRIC, codice fiscale, henkilötunnus, Personalausweis)",
        re.compile(
            r"\b(?:nie|nif|dni|nir|nric|bsn|cpf|pesel|ppsn|tfn|hetu|henkil[öo]tunnus|personal\s+identity\s+code"
            r"|pan|voter\s+id|tin|tnin|tckn|(?:tc\s+)?kimlik|rrn|pnr|personnummer|f[øo]dselsnummer|cpr|amka|cnp|egn|oib"
            r"|jmbg|emšo|emso|social\s+security|sozialversicherungs(?:nummer)?|rentenversicherungs(?:nummer)?|rvnr"
            r"|steuer-?id|steueridentifikationsnummer|(?:personal)?ausweis(?:nummer)?|reisepass(?:nummer)?|pasaporte"
            r"|passaporto|patente|permis|identity\s+(?:no|number)|id\s+(?:no|number)|kvnr|versichertennummer"
            r"|personalausweis|f(?:ü|u|ue)hrerschein(?:nummer)?|codice\s+fiscale|carta\s+d['’]identit[àa]"
            r"|national\s+id|id\s+card|identity\s+card|(?:finnish|german|italian|spanish|french|dutch|polish|swedish"
            r"|danish|norwegian|irish|indian|singapore(?:an)?|brazilian|argentinian)\s+id)\b\.?\s*(?:no\.?|number|#)?"
            r"\s*(?:[:#=-]|\bes\b|\bis\b)?\s*(?P<v>[A-Za-z0-9](?:[A-Za-z0-9]|[-+./](?=[A-Za-z0-9])){4,20})",
            _I,
        ),
        group="v",
        accept=lambda m: any(c.isdigit() for c in m["v"]),
    ),
    Rule(
        Kind.ID,
        "a car's number plate after 'car', 'reg' or 'Kennzeichen', in any country's style",
        re.compile(
            r"\b(?i:car(?:\s+reg)?|reg(?:istration)?|plates?|kennzeichen)\b\s*[:#]?\s*(?:(?i:is|was)\s+)?"
            r"(?P<v>(?:[A-Z]{1,3}|\d{1,4})(?:[\s-](?:[A-Z]{1,3}|\d{1,4})){1,3}(?![\w-])|(?=[A-Z]*\d)[A-Z0-9]{6,10}\b)"
        ),
        group="v",
        accept=lambda m: any(c.isdigit() for c in m["v"]) and any(c.isalpha() for c in m["v"]),
    ),
    Rule(
        Kind.ID,
        "a national identity number's shape (NRIC, NIE, NIF, Finnish HETU) in a sentence about a patient",
        re.compile(r"\b(?:[STFGMXYZ]\d{7}[A-Z]|\d{8}-?[A-Z]|\d{6}[-+A]\d{3}[0-9A-Y])\b"),
        needs_patient=True,
    ),
    Rule(
        Kind.NAME,
        "a name in HL7 form (SURNAME^GIVEN^MIDDLE)",
        re.compile(r"\b[A-Z][A-Za-z'’-]+\^[A-Z][A-Za-z'’-]+(?!\d)(?:\^[A-Z][A-Za-z.'’-]*){0,3}(?![\d\w])"),
        accept=lambda m: (
            not re.match(r"\s+(?:[A-Z]\.?\s+)?(?:MD|DO|RN|NP|PA|PhD)\b", m.string[m.end() :])
        ),  # a doctor's
    ),
    Rule(
        Kind.ADDRESS,
        "an address in HL7 form (STREET^OTHER^CITY^STATE^ZIP)",
        re.compile(r"\b\d{1,6}(?:-\d{1,4})?\s+[A-Z0-9 .'-]+(?:\^[A-Z0-9 .'-]*){2,5}\^\d{5}(?:-\d{4})?\b"),
    ),
    Rule(
        Kind.ADDRESS,
        "a Canadian postal code, with its province before it",
        re.compile(
            r"(?:\b(?:AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Ontario|Quebec|Québec|\(Québec\)|British\s+Columbia"
            r"|Alberta|Manitoba|Saskatchewan|Nova\s+Scotia)\s*,?\s*)?\b" + _CA_POSTAL + r"\b(?:,?\s*(?i:canada)\b)?"
        ),
    ),
    Rule(
        Kind.POSTCODE,
        "an Irish Eircode after its label",
        re.compile(r"\beircode\s*[:#]?\s*(?P<v>[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4})\b", _I),
        group="v",
    ),
    Rule(
        Kind.ADDRESS,
        "a French or Québec street address (405, rue Sainte-Catherine Est Montréal)",
        re.compile(
            r"\b\d{1,5},?\s+(?:rue|avenue|boulevard|bd|chemin|place|allée|impasse|route)\s+"
            r"(?:[\w'’-]+\s?){1,5}?(?=\s*(?:\(|" + _CA_POSTAL + r"|,|$))",
            _I,
        ),
    ),
    Rule(
        Kind.MRN,
        "a code right after 'record' (temporary record TMP00412)",
        re.compile(
            r"(?<!problem\s)(?<!change\s)(?<!incident\s)\b(?i:temp(?:orary)?\s+)?(?i:record)\s+"
            r"(?P<v>(?!PRB|INC|CHG|RITM|REQ|TASK|KB)[A-Z]{1,4}\d{4,10})\b"
        ),
        group="v",
    ),
    Rule(
        Kind.ID,
        "a serial number in a sentence about a patient (an implant's)",
        re.compile(
            r"\bserial\s*(?:no\.?|number|#)?"
            + _VALUE
            + r"(?P<v>[A-Za-z]{0,4}[-\s]?\d(?:[\dA-Za-z-]|\s(?=\d|(?-i:[A-Z])\b)){3,18})",
            _I,
        ),  # "PJN 440 918 K"
        group="v",
        needs_patient=True,
    ),
    Rule(
        Kind.ACCOUNT,
        "an insurer's or plan's member ID",
        re.compile(
            r"\b(?!staff\b|employee\b|badge\b|user\b|login\b)[a-z]+\s+id\s*[:#]?\s*(?P<v>[A-Za-z]{0,4}\d{5,}[\w-]*)", _I
        ),
        group="v",
        accept=lambda m: not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.end("v") - len(m["v"])]),
    ),
    Rule(
        Kind.ID,
        "a lab accession or specimen number",
        re.compile(
            r"\b(?:accession|specimen|sample|lab)\s*(?:no\.?|number|id|#)?"
            + _VALUE
            + r"(?P<v>[A-Za-z]{0,3}-?\d[\dA-Za-z-]{3,18})",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.ID,
        "a personal number in a fixed national shape (codice fiscale, CPF, Chinese resident ID)",
        re.compile(
            r"\b(?:[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]|\d{3}\.\d{3}\.\d{3}-\d{2}|[1-9]\d{16}[\dXx])(?![\w-])"
        ),
    ),
    Rule(
        Kind.ID,
        "an implant's unique device identifier in GS1 form ((01)...(17)...(21)...)",
        re.compile(r"\(01\)\d{14}(?:\(\d{2,4}\)[\w-]+)+"),
    ),
    Rule(
        Kind.ID,
        "a US driver's licence or state ID in its usual shape (D440-7719-2208)",
        re.compile(r"\b[A-Z]\d{3}-\d{4}-\d{4}\b|\b[A-Z]\d{3}-\d{3}-\d{2}-\d{3}-\d\b"),
    ),
    Rule(
        Kind.ID,
        "an Indian PAN (five letters, four digits, a letter; the fourth says who holds it)",
        re.compile(r"\b[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]\b"),
    ),
    Rule(
        Kind.ID,
        "a document number in a national shape about a patient (Indian plate MH12AB1234, Italian ID card CA12345AA, "
        "Spanish passport AAA123456, Korean licence 11-12-123456-12, Philippine TIN 123-456-789-000)",
        re.compile(
            r"\b(?:[A-Z]{2}\s?\d{1,2}\s?[A-Z]{1,3}\s?\d{4}|[A-Z]{2}\d{5}[A-Z]{2}|[A-Z]{3}\d{6}|\d{2}-\d{2}-\d{6}-\d{2}"
            r"|\d{3}-\d{3}-\d{3}-\d{3})\b"
        ),
        accept=lambda m: (
            not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()])
            and not re.match(r"(?:INC|REQ|RITM|CHG|PRB|TKT|TSK|SR|CR)\d", m[0])
        ),
        needs_patient=True,
    ),
    Rule(
        Kind.ID,
        "a birth-date-coded personal number (Korean RRN, Czech or Slovak rodné číslo) about a patient",
        re.compile(r"(?<![\w/.-])\d{6}[-/]\d{3,7}(?![\w/-])"),
        needs_patient=True,
    ),
    Rule(
        Kind.ID,
        "a number a patient's own record names as theirs ('pts RRN is …', 'her card no: …', 'pt wrote …')",
        re.compile(
            r"\b(?:(?:pts|pt['’]s|patients?['’]?s?|his|her|their|my|mum['’]?s|dad['’]?s)\s+(?!bp\b|news\b|obs\b|sats?\b"
            r"|temp\b|weight\b|height\b|bmi\b|dose\b|score\b|gcs\b|hr\b|rr\b|pulse\b|glucose\b|bm\b|inr\b|hb\b|ext\b"
            r"|bleep\b|pager\b)(?:[\w.'’-]+\s+){0,2}?[\w.'’-]+\s*(?:is|was|=|:|#|no\.?)\s*"
            r"|\bpt\s+(?:wrote|gave|said|put|typed)\s+)"
            r"(?P<v>(?=(?:[A-Za-z./-]*\d){6})[A-Za-z0-9](?:[A-Za-z0-9]|[-./](?=[A-Za-z0-9])){5,22})(?![\w/-])",
            _I,
        ),
        group="v",
        accept=lambda m: not _SAFE_NUMBER.search(m.string[max(0, m.start("v") - 24) : m.start("v")]),
    ),
    Rule(
        Kind.ACCOUNT,
        "a number after an account, encounter, FIN or health-plan label",
        re.compile(r"\b" + _ACCOUNT_LABEL + _VALUE + _NUMBER, _I),
        group="v",
    ),
    Rule(
        Kind.ID,
        "a number after a licence, passport, plate or serial label",
        re.compile(
            r"\b" + _ID_LABEL + _VALUE + r"(?P<v>[^\W_](?:[^\W_]|-|\s(?=\d)){3,18}[^\W_])\b", _I
        ),  # "NGUYỄ951619B"
        group="v",
        accept=lambda m: any(c.isdigit() for c in m["v"]),
    ),
    Rule(
        Kind.ACCOUNT,
        "a Medicare beneficiary identifier (digit, letter, letter or digit, digit, ... in the MBI's fixed shape)",
        re.compile(
            r"\b[1-9][ac-hjkmnp-rt-y][ac-hjkmnp-rt-y\d]\d-?[ac-hjkmnp-rt-y][ac-hjkmnp-rt-y\d]\d-?[ac-hjkmnp-rt-y]{2}\d\d\b",
            _I,
        ),
        accept=lambda m: not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()]),
    ),
    Rule(
        Kind.ID,
        "a UK vehicle registration",
        re.compile(r"\b[A-Z]{2}\d{2}\s?[A-Z]{3}\b"),
        accept=lambda m: not _PLATE_WORD.search(m[0]),  # "IN SR12 NOT WORKING" is a side room in capitals
    ),
    Rule(
        Kind.ID,
        "a number spelt out in words, six digits or more ('four zero one one two three')",
        re.compile(r"\b" + _DIGIT_WORD + r"(?:[\s,-]+" + _DIGIT_WORD + r"){5,}\b", _I),
    ),
    Rule(
        Kind.ID,
        "a long number (seven digits or more) with capital letters before it ('RXH 009 3821', 'H 220 7718')",
        re.compile(r"(?<![\w.,:/#-])[A-Z]{1,3}[ -](?P<d>\d(?:\d|[ -](?=\d)){5,}\d)(?:\s[A-Z])?(?![\w:/-]|[.,]\d)"),
        accept=lambda m: (
            len(_digits(m["d"])) >= 7
            and not m["d"].isdigit()  # typed in groups: "ON 03042025" in capitals is a date after a word
            and m[0].split(None, 1)[0].rstrip("-") not in _NOT_PREFIXES
            and not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()])
            and not _YEAR_AND_TIME.fullmatch(m["d"])
            and not _TIMES.fullmatch(m["d"])
            and not _LIST_OF_NUMBERS.fullmatch(m["d"])
        ),
    ),
    Rule(
        Kind.ID,
        "a long number (seven digits or more) that is not a time, a version or a ticket",
        re.compile(r"(?<![\w.,:/#-])(?<!\bv)(?<!\bver)\d(?:\d|\s(?=\d)){5,}\d(?![\w:/-]|[.,]\d)"),
        accept=lambda m: (
            len(_digits(m[0])) >= 7
            and not _SAFE_NUMBER.search(m.string[max(0, m.start() - 24) : m.start()])
            and not _eight_digit_date(m[0])
            and not _YEAR_AND_TIME.fullmatch(m[0])
            and not _TIMESTAMP.fullmatch(m[0])
            and not _LIST_OF_NUMBERS.fullmatch(m[0])
            and not _TIMES.fullmatch(m[0])
        ),
    ),
    Rule(
        Kind.DOB,
        "a date after 'DOB', 'born' or 'date of birth'",
        re.compile(
            r"\b(?:dob|d\.o\.b\.?|yob|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?|b\.)\s*"
            r"(?:is|was|of|[:=#-])?\s*[#(]?\s*(?P<v>\d{8}(?!\d)|" + DATE + r"|\d{4})",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.DATE,
        "a date next to an admission, discharge, death, procedure or appointment",
        re.compile(
            r"\b(?:admitted|adm|doa|dod|tci|edd|lmp|discharged|d/c|dc'?d|died|deceased|rip|passed\s+away|seen"
            r"|reviewed|operated|surgery|procedure|delivered|attended|transferred|appointment|appt|scanned|bloods"
            r"|swabbed|fell|came\s+in)\b[^.\n;]{0,25}?(?P<v>" + DATE + r")(?![\w/])",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.DATE,
        "a full date with a birth-like year (more than ten years ago)",
        FULL_DATE,
        old_date=True,
        accept=lambda m: (
            not re.search(r"\b(?:v|ver|version|build|release)\s*$", m.string[max(0, m.start() - 10) : m.start()], _I)
            and not re.match(r"\s+\d{1,2}:\d{2}", m.string[m.end() :])  # "2014-04-12 04:04 PM": a log's timestamp
            and not _system_dated(m.string)
        ),
    ),
    Rule(
        Kind.DOB,
        "a year of birth a few words after its label ('birth date on the band reads 1928')",
        re.compile(
            r"\b(?:dob|d\.o\.b|date\s+of\s+birth|birth\s*date|yob)\b[^.;\n\d]{1,40}?\b(?P<v>(?:18|19)\d\d)\b", _I
        ),
        group="v",
    ),
    Rule(
        Kind.AGE,
        "an age over 89 right after a bed ('SR3 is 94', 'Rusty in 14 is 96')",
        re.compile(
            r"\b(?:bed|bay|sr|side\s*room|room|rm|cubicle|in)\s*\d{1,3}[a-z]?\s+(?:is|was)\s+(?P<v>9\d|1[01]\d)\b"
            r"(?![\d.,%])(?!\s*(?:%|kg|bpm|mg|ml|mmhg|percent|on\b|per\b|at\b))",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.DATE,
        "a date in a sentence about a patient",
        ANY_DATE,
        needs_patient=True,
        accept=lambda m: (
            not re.fullmatch(r"\d{1,3}\.\d{1,2}\.\d{1,2}", m[0].strip())
            and not re.search(
                r"\b(?:v|ver|version|build|release|w/c|wc|week\s+commencing|rota\s+for)\s*$",
                m.string[max(0, m.start() - 20) : m.start()],
                _I,
            )  # "rota for w/c 6th Jan": a rota's week, not a patient's date
        ),
    ),
    Rule(
        Kind.DATE,
        "a date after DOA, DOD, TCI or an admission, discharge or death date",
        re.compile(
            r"\b(?:doa|dod|tci|edd|lmp|(?:admit|admission|discharge|death|op|surgery|appointment|appt)\s*date"
            r"|date\s+of\s+(?:admission|discharge|death|surgery))\b\W{0,3}(?:is\s+|was\s+)?(?P<v>\d{8}(?!\d)|"
            + DATE
            + ")",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.NAME,
        "the name a patient goes by ('goes by Bubba', 'likes to be called Pops', 'known as Sunny')",
        re.compile(
            r"\b(?:goes\s+by|known\s+as|(?:likes|prefers|wants|asks)\s+to\s+be\s+called|nicknamed?|a\.?k\.?a\.?)\s+"
            r"[\"'“\u2018]?(?P<v>(?!(?:the|a|an|it|this|that|his|her|their|our|my)\b)[A-Za-z][\w'’-]+"
            r"(?:\s+(?-i:[A-Z])[\w'’-]+)?)",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.NAME,
        "a test patient's name with digits run on (Synthea's 'Carolee951 Sanford861')",
        re.compile(r"\b[A-Z][a-z'’-]+\d{2,4}(?:\s+[A-Z][a-z'’-]+\d{2,4}){1,2}\b"),
    ),
    Rule(
        Kind.NAME,
        "a name in Chinese, Japanese or Korean characters in a report about a patient",
        re.compile(
            r"(?<![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,4}"
            r"(?![\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
        ),
        needs_patient=True,
    ),
    Rule(
        Kind.NAME,
        "a twin's or triplet's name ('twin 1 amelia', 'twin 2 of Mensah')",
        re.compile(
            r"\b(?:twin|triplet)\s*(?:1|2|3|one|two|three|a|b|c)\s+(?:of\s+)?"
            r"(?P<v>(?!(?:of|is|was|and|has|had|in|on|the|to|for|not|now|still|also|both|baby|girl|boy|are|were|cots?"
            r"|beds?|incubators?|weighs?|feeds?|born|needs?|wants?)\b)"
            r"(?![a-z]+(?:ing|ed)\b)[A-Za-z][\w'’-]{1,})",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.NAME,
        "a name after an in-law in capitals (SIL Crystal, MIL Joan)",
        re.compile(r"\b(?:SIL|BIL|MIL|FIL|DIL)\s+(?P<v>[A-Z][a-z'’-]+)"),
        group="v",
    ),
    Rule(
        Kind.NAME,
        "the word before '(real name ...)' is what a patient is called",
        re.compile(r"\b[A-Za-z][\w'’-]+(?=\s*\((?:real|legal|full|proper)\s+name\b)", _I),
    ),
    Rule(
        Kind.AGE,
        "an age over 89 a board or a system shows ('shows as 104 on the bed board')",
        re.compile(
            r"\b(?:shows|showing|shown|listed|down|comes\s+up|appears)\s+as\s+(?P<v>" + _AGE + r")\b(?![\d.,%])"
            r"(?!\s*(?i:%|mg|kg|ml|mmhg|bpm|units?|cm|mm|kcal))",
            _I,
        ),
        group="v",
        needs_patient=True,
    ),
    Rule(
        Kind.AGE,
        "an age over 89 after 'roughly' or 'about' ('DOB unknown, roughly 95')",
        re.compile(
            r"\b(?:roughly|about|approx\.?|approximately|around|nearly|almost|maybe|prob(?:ably)?)\s+(?P<v>"
            + _AGE
            + r")\b(?![\d.,%])(?!\s*(?i:%|mg|kg|ml|mins?|minutes|hours?|hrs?|secs?|bpm|mmhg|units?|times|x\b|cm|mm"
            r"|days?|weeks?|wks|months?|percent|beds?|pts|patients|people|staff|calls|%))",
            _I,
        ),
        group="v",
        needs_patient=True,
    ),
    Rule(
        Kind.AGE,
        "an age over 89 before 'today' after a patient ('Annie in side room 6, 101 today')",
        re.compile(r"(?<=,\s)(?P<v>" + _AGE + r")\s+today\b", _I),
        group="v",
        needs_patient=True,
    ),
    Rule(
        Kind.AGE,
        "an age over 89",
        re.compile(
            r"\b(?i:aged?|age:?|turned|turning)\s*"
            + _AGE
            + r"\b"
            + _AGE_TAIL
            + r"|\b"
            + _AGE_STATED
            + r"\s*-?\s*(?i:years?|yrs?|y/?o|y\.o\.?|yo|y)\b(?:\s*-?\s*old)?(?:\s*,?\s*[MF]\b)?"
            r"|\b(?i:she|he|they|pt|patient|mum|mom|dad|nan|nana|gran|grandma|grandpa|mother|father)(?i:'s|’s|\s+is|\s+was)\s+"
            + _AGE
            + r"\b"
            + _AGE_TAIL
            + r"|\b(?i:shes|hes|her\s+as|him\s+as|who['’]s|whos|who\s+is)\s+"  # "shes 95", "the one who's 102"
            + _AGE
            + r"\b"
            + _AGE_TAIL
            + r"|(?<![\w'’])[MFmf][\s,/]+"
            + _AGE
            + r"\b|\b"
            + _AGE
            + r"\s*,?\s*[MFmf]\b"
            r"|\(\s*(?:[MFmf]\s*,?\s*)?"
            + _AGE
            + r"\s*(?i:y\s*)?[MFmf]?\s*\)|(?<=,)\s*"
            + _AGE
            + r"\s*(?=,)|\b"
            + _AGE
            + r"\s+(?i:age)\b"
            r"|\b(?i:aged?|is|was|turned|turning|she's|he's|shes|hes)\s+(?i:ninety(?:[- ](?:one|two|three|four|five|six"
            r"|seven|eight|nine))?|(?:a|one)\s+hundred(?:\s+and\s+\w+)?)\b"
            r"|\b(?i:ninety(?:[- ]\w+)?|(?:a|one)[- ]hundred(?:[- ]and[- ]\w+)?)[- ]years?",
        ),
    ),
)


def is_old(text: str, this_year: int) -> bool:
    """A written date whose year lies more than ten years back: in a ward report, that is someone's birth."""
    four = re.findall(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", text)
    if four:
        return int(four[-1]) < this_year - 10
    two = re.search(r"(?:[/.-]|')(\d{2})$", text.strip())
    return two is not None and int(two.group(1)) > (this_year % 100) + 1
