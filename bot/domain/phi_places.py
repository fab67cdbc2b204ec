"""The identifier guard's rules for places: postcodes and ZIP codes, street addresses in the layouts of many
countries, the town a patient lives in, and beds, bays and rooms (masked only where a patient is in the sentence).

They follow bot/domain/phi_patterns.py's rules in the guard's order (phi.py joins the two tables): where two rules
find the same span, the earlier one names it.
"""

from __future__ import annotations

import re

from bot.domain.phi_patterns import _ADDRESS_WORD, _I, _PROVINCES, _STATES, _STREET_TYPE, MONTH, Kind, Rule

_LIVES = ("lives", "lived")
_ENGLISH_NEAR_LIVES = frozenset("live love loves loved lines lined liver lover lies likes liked limes lives".split())


def _slip_of_lives(word: str) -> bool:
    """ "livse", "lievs", "luves", "lves": one slip (a swap, a letter changed, dropped or added) from "lives"."""
    if word in _LIVES or word in _ENGLISH_NEAR_LIVES or not word.startswith("l"):
        return False  # typed right, the rule above has it
    for target in _LIVES:
        if len(word) == len(target):
            diff = [k for k in range(len(word)) if word[k] != target[k]]
            swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and word[diff[0]] == target[diff[1]]
            if len(diff) == 1 or (swapped and word[diff[1]] == target[diff[0]]):
                return True
        elif abs(len(word) - len(target)) == 1:
            short, long_ = sorted((word, target), key=len)
            if any(long_[:k] + long_[k + 1 :] == short for k in range(len(long_))):
                return True
    return False


PLACE_RULES: tuple[Rule, ...] = (
    Rule(
        Kind.BED,
        "a room number after 'in' in a sentence about a patient (US style: 'in 501', 'the patient in 12')",
        re.compile(
            r"(?:(?<=\bin\s)|(?<=\bpatient\sin\s)|(?<=\bpt\sin\s))(?!(?:19|20)\d\d\b)\d{3,4}[A-Za-z]?\b(?![.,:/]\d)"
            r"(?!\s*(?:mls?|mg|mcg|units?|kg|g|mins?|minutes|hours?|hrs?|days?|weeks?|wks|months?|years?|yrs|patients|pts"
            r"|beds|staff|people|times|%))"
            r"|(?<=\bpatient\sin\s)\d{1,2}[A-Za-z]?\b|(?<=\bpt\sin\s)\d{1,2}[A-Za-z]?\b",
            _I,
        ),
        place=True,
    ),
    Rule(
        Kind.POSTCODE,
        "a UK postcode",
        re.compile(r"(?<![\w#-])(?:GIR\s?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s{0,2}\d[ABD-HJLNP-UW-Z]{2})(?![\w-])", _I),
        accept=lambda m: not re.fullmatch(r"[a-z]\d\s?\d[a-z]{2}", m[0], _I) or bool(re.search(r"\s", m[0])),
    ),
    Rule(
        Kind.POSTCODE,
        "a US ZIP code after 'zip'",
        re.compile(r"\bzip(?:\s*code)?s?\b[\s:,#]*(?P<v>\d{5}(?:-\d{4})?(?:\s*(?:,|and|&)\s*\d{5}(?:-\d{4})?)*)\b", _I),
        group="v",
    ),
    Rule(
        Kind.POSTCODE,
        "a US ZIP code a few words after 'zip' ('ZIP for Tyrell Simmons is 60619')",
        re.compile(r"\bzip(?:\s*code)?\b[^.;\n\d]{1,40}?\b(?:is|was|:)\s*(?P<v>\d{5}(?:-\d{4})?)\b", _I),
        group="v",
    ),
    Rule(
        Kind.POSTCODE,
        "a US ZIP code before 'is my zip'",
        re.compile(r"(?<![\d-])(?P<v>\d{5}(?:-\d{4})?)\s+(?:is|was)\s+(?:my|her|his|their|the|pts|pt's)\s+zip", _I),
        group="v",
    ),
    Rule(
        Kind.POSTCODE,
        "a US ZIP code after a city and state",
        re.compile(r"(?:,\s*|\b[A-Z][a-z]+\s+)(?:" + _STATES + r")\.?,?\s+(?P<v>\d{5}(?:-\d{4})?)\b"),
        group="v",
    ),
    Rule(
        Kind.POSTCODE,
        "a Dutch postcode and its town after a street (Dorpsstraat 4, 1234 AB Zwolle)",
        re.compile(
            r"(?<=,\s)[1-9]\d{3}\s?(?!SA|SD|SS|MG|ML|IU|KG|MM|CM|PM|AM)[A-Z]{2}\s+[A-Z][a-z]{2,}(?:[- ][A-Z][a-z]+)?\b"
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "a Dutch or German street and house number (Parallelweg 2, Hauptstraße 14a)",
        re.compile(
            r"\b[A-Z][a-zà-ÿ]+(?:straat|weg|laan|plein|gracht|kade|dijk|singel|steeg|straße|strasse|gasse)"
            r"\s+\d{1,4}[a-z]?\b"
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "a street, house number and postcode in a continental layout (ul. Polna 16, 62-334; Rua Nova, 61, 6663-588)",
        re.compile(
            r"(?:\b(?i:ul|pl|al|os|rue|via|viale|piazza|calle|avda|avenida|av|rua|travessa|largo|strada|corso|bd"
            r"|chemin|route|plaza|paseo|carrer)\.?\s+)?"
            r"\b[A-ZÀ-Þ][\w'’.-]+(?:\s+(?:[a-zà-ÿ]{1,3}\s+)?[A-ZÀ-Þ][\w'’.-]+){0,3}(?:\s+" + _STREET_TYPE + r")?"
            r",?\s+(?:\d{1,4}[a-zA-Z]?(?:[-/]\d{1,4})?\.?|S/N)(?:\s+Piano\s+\d{1,2})?\s*,\s*"
            r"(?:[A-Z]{1,2}-)?(?:\d{5}(?:-\d{3})?|\d{4}-\d{3}|\d{2}-\d{3}|\d{3}\s\d{2}(?=\s+[A-ZÀ-Þ])"
            r"|\d{4}\s?[A-Z]{2}(?![\w'’])|\d{4}(?=,?\s+[A-ZÀ-Þ]))\b"
        ),
        needs_patient=True,
    ),
    Rule(
        Kind.ADDRESS,
        "a house number and street, the town, then a postcode (2 Kent St, Dubbo, NSW, 2650; rue Vaneau, 59551 Lille)",
        re.compile(
            r"(?<![\w'’./-])(?:(?:\d{1,5}[A-Za-z]?(?:/\d{1,5})?,?\s+)(?:" + _ADDRESS_WORD + r"\s+){0,4}"
            r"|(?i:rue|boulevard|avenue|chemin|calle|via|ul\.|pl\.)\s+(?:"
            + _ADDRESS_WORD
            + r"\s+){0,3})"
            + _ADDRESS_WORD
            + r"(?:\s*,\s*(?:"
            + _ADDRESS_WORD
            + r"\s+){0,3}"
            + _ADDRESS_WORD
            + r"){0,2}"
            r"\s*,\s*(?:(?:NSW|VIC|QLD|TAS|ACT|SA|WA|NT)\s*,?\s*)?(?:\d{4,6}|\d{4}-\d{3}|\d{2}-\d{3})(?![\w'’/.-])"
        ),
        needs_patient=True,
    ),
    Rule(
        Kind.ADDRESS,
        "a Singapore block address (Blk 412 Ang Mo Kio Ave 10 #08-1123)",
        re.compile(
            r"\b(?i:blk|block)\s*\d{1,4}[A-Z]?\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:(?i:ave|avenue|st|street|rd|road|dr|drive"
            r"|cres|crescent|lane|ln|ring|central|north|south|east|west)\.?\s+)?(?:\d{1,3}\b)?(?:\s*#\d{1,3}-\d{1,5})?"
        ),
        needs_patient=True,
    ),
    Rule(
        Kind.ADDRESS,
        "a street named without a house number, then its town (COLLEGE ROAD, EAST HALTON; Canal Rd, Deltona)",
        re.compile(
            r"\b(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|crescent|way"
            r"|terrace|grove|gardens|place|court|square|walk|row|hill|view|mews)\b\.?(?=\s*,\s*(?:[A-Z][A-Za-z'’-]+))"
        ),
        accept=lambda m: not re.match(r"(?i)the\s", m[0]),
        needs_patient=True,
    ),
    Rule(
        Kind.ADDRESS,
        "a street named without a house number, its town and its postcode (Hindhead Road, Earl's Croome WR8 4WX)",
        re.compile(
            r"\b(?:[A-Z][A-Za-z'’-]+\s+){1,3}(?i:road|rd|street|st|lane|ln|avenue|ave|close|drive|dr|crescent|way"
            r"|terrace|grove|gardens|place|court|square|walk|row|hill|view|mews)\b\.?\s*,\s*(?:[A-Z][A-Za-z'’-]+\s*){1,3},?\s*"
            r"[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?\s{0,2}\d[ABD-HJLNP-UW-Z]{2}\b"
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "an Indian town and PIN code (Dehri-695769)",
        re.compile(
            r"\b[A-Z][\w'’.]+(?:\s[A-Z][\w'’.]+)?\s?-\s?[1-9]\d{5}\b|(?:(?<=,\s)|(?<=\bfrom\s))[A-Z][a-z]{2,}(?:\s[A-Z][a-z]+)?\s[1-9]\d{5}\b"
        ),
        needs_patient=True,
    ),
    Rule(Kind.POSTCODE, "a ZIP+4 code", re.compile(r"(?<![\w-])\d{5}-\d{4}(?![\w-])")),
    Rule(
        Kind.ADDRESS,
        "a street address",
        re.compile(
            r"(?<![\d/.-])\b(?:(?:flat|apt|apartment|unit|suite|ste|#)\.?\s*\d+[a-z]?,?\s+)?(?:\d{1,4}/)?\d{1,5}[a-z]?,?\s+"
            r"(?:(?!(?:the|and|an?|at|on|in|to|of|for|is|was|has|have|no|not|both|all|will|would|can|could|should"
            r"|must|may|might|be|are|were|they|we|you|i|it)\b)[a-z0-9][a-z0-9'’.-]*\s+){1,5}?"
            r"(?:street|st|road|rd|avenue|ave|av|lane|ln|close|cl|drive|dr|way|court|ct|crescent|cres|place|pl"
            r"|gardens|gdns|terrace|terr|grove|square|sq|mews|row|walk|hill|rise|parade|boulevard|blvd|parkway|pkwy"
            r"|highway|hwy|circle|cir|trail|trl|terrace|green|park|view|fold|wynd|brae|chase|drove|garth|croft"
            r"|meadow|meadows|heights|fields|mount|ter|crt|quay|wharf"
            # more of the USPS street suffixes (Publication 28, appendix C1), where no ward word shares the name
            # (not those a ward also says of a building: corner, landing, crossing, bridge, annex, extension, ports)
            r"|alley|bayou|beach|bluffs?|brooks?|burgs?|bypass|canyon|causeway|cliffs?|coves?|creek|crest|dale"
            r"|estates?|expressway|ferry|flats|fords?|forest|freeway|glens?|greens|groves|harbou?rs?|haven|hollow"
            r"|inlet|islands?|knolls?|lakes?|lodge|manors?|mills?|motorway|orchard|pines|plaza|prairie|ranch|rapids|ridges?"
            r"|river|shoals?|springs|turnpike|valleys?|vista|villages?|ville|wells)\b\.?"
            r"(?:\s+(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|way|close|crescent|place|court|terrace|gardens|grove"
            r"|row|walk|hill|rise)\b\.?)?"  # "1508 W Park Street", "Green Lane"
            r"(?:,?\s*(?:apt|apartment|unit|suite|ste|flat|#)\.?\s*\d+[a-z]?)?"
            r"(?:,\s*(?!and\b|but\b|the\b|he\b|she\b|it\b|pt\b)(?:st\.?\s|saint\s)?[a-z][a-z'’-]+(?:\s(?:upon|on|in|under|le)\s[a-z]+)?"
            r"|\s(?!(?:and|but|the|he|she|it|pt|is|was|has|for|on|in|to|at|now|again|today|yesterday|instead|too"
            r"|please|pls|thanks|ty|apparently|still|not|no)\b)[a-z][a-z'’-]{2,}(?:\s(?:upon|on|in|under|le)(?:\sthe)?\s[a-z]+)?"
            r"(?=\s*$|\s*[,.;!?(]|\s[-–]|\s+(?:contact|mobile|mob|tel|phone|home|nok|dob|but|and|so)\b))?"
            r"(?:\s+(?:[a-z]\.?\s+)?[a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){0,2}\s+(?:" + _STATES + r")\.?,?(?=\s+\d{5}))?"
            r"(?:,?\s*(?:" + _STATES + r"|" + _PROVINCES + r")\b\.?)?"
            r"(?:,?\s*\d{5}(?:-\d{4})?\b)?",  # "12 rowan drive redcar - she moved": the town, no comma
            _I,
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "the place after 'lives at/in'",
        re.compile(
            r"\b(?<!nursing\s)(?<!care\s)(?:lives|lived|living|resides|resided|residing|home)\s+(?:(?:alone|out)\s+)?"
            r"(?:(?:at|in|is)\s+"
            r"|(?=(?-i:[A-Z])[a-z]))"
            r"(?P<v>[^,.;\n]{3,50}?)(?=$|[,.;\n]|\s[-–—]|\s+(?:and|but|with|so|according|per|now|still)\b)",
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.ADDRESS,
        "the place after 'lives in' typed in a hurry ('livse in Meridian 63914')",
        re.compile(
            r"\b(?P<verb>[a-z]{3,6})\s+(?:at|in)\s+"
            r"(?P<v>[^\W\d_][^,.;\n]{2,49}?)(?=$|[,.;\n]|\s[-–—]|\s+(?:and|but|with|so|according|per|now|still)\b)",
            _I,
        ),
        group="v",
        accept=lambda m: _slip_of_lives(m["verb"].lower()),
    ),
    Rule(
        Kind.ADDRESS,
        "the address after 'address'",
        re.compile(
            r"(?<!email\s)(?<!e-mail\s)(?<!\bip\s)(?<!\bweb\s)(?<![Mm][Aa][Cc]\s)(?<![Hh]ardware\s)(?<![Nn]etwork\s)"
            r"\b(?:address(?:es)?|addr\.?)"
            r"(?:\s+(?:is|was|on\s+(?:the\s+)?\w+\b|of\s+the\s+\w+\b|for\s+the\s+\w+\b))?\s*[:-]?\s*"
            r"(?P<v>(?:\d|(?i:flat|apt|unit|building|house|north|south|east|west)\b|[A-Z])[^;\n]{2,110}?)"
            r"(?=\s*(?:$|[;\n]|(?<!\bSt)(?<!\bst)(?<!\b\w)(?<!\b\w\w)\.(?:\s|$)|\s[-–]\s|,?\s+(?i:for|and\s+(?:the|it|she|he)|but|wont|won't|doesnt"
            r"|doesn't|isnt|is\s+not|cant|can't|on\s+the|in\s+the|which|so|says|shows|keeps)\b))"
        ),
        group="v",
    ),
    Rule(
        Kind.ADDRESS,
        "a street address ending in a postcode or ZIP",
        re.compile(
            r"(?<![\d/.-])\b(?:(?:flat|apt|unit|building)\s+[\w]+,?\s+)?(?:\d{1,4}/)?\d{1,5}[a-z]?\b[^.;\n]{3,60}?,?\s*"
            r"(?:[a-pr-uwyz][a-hk-y]?\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}|(?:" + _STATES + r")\s+\d{5}(?:-\d{4})?)\b",
            _I,
        ),
    ),
    Rule(
        Kind.NAME,
        "initials after 'initials'",
        re.compile(r"\binitials\s*(?:are|is|:)?\s*(?P<v>[A-Z](?:\.?\s?[A-Z]){1,3}\.?)", _I),
        group="v",
    ),
    Rule(Kind.ADDRESS, "a PO box", re.compile(r"\bp\.?\s?o\.?\s*box\s*\d+", _I)),
    Rule(
        Kind.ADDRESS,
        "a house number on 'the Mews', 'the Green' and the street or town after its comma",
        re.compile(
            r"\b\d{1,4}[a-z]?,?\s+the\s+(?:mews|close|green|crescent|drive|grove|avenue|parade|square|row|walk|rise"
            r"|chase|drove|court|paddock|orchard|croft|spinney|maltings|meadows?)\b"
            r"(?:,\s*(?!and\b|but\b|the\b|she\b|he\b|for\b)[a-z][\w'’-]+(?:\s(?!for\b|but\b|and\b)[a-z][\w'’-]+){0,2})+",
            _I,
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "a named house and its street, ending in a postcode",
        re.compile(
            r"\b(?:the\s+)?(?:[a-z][\w'’-]*\s+){0,3}(?:house|cottage|farm|lodge|forge|barn|mill|court|hall|manor"
            r"|villa|bungalow|mansions|flats|view|rise)\b[^.;\n]{0,60}?,?\s*"
            r"[a-pr-uwyz][a-hk-y]?\d[a-z\d]?\s?\d[abd-hjlnp-uw-z]{2}\b",
            _I,
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "a named house and its street",
        re.compile(
            r"\b(?:the\s+)?(?:[a-z][\w'’-]*\s+){0,2}(?:house|cottage|farm|lodge|forge|barn|mill|hall|manor|villa"
            r"|bungalow|willows|oaks|elms|pines|laurels|beeches|firs|limes|cedars|hollies|gables|orchard|paddock"
            r"|croft|grange|rectory|vicarage)\s*,\s*(?:[a-z][\w'’-]*\s+){1,3}(?:street|st|road|rd|avenue|ave|lane"
            r"|ln|close|cl|drive|dr|way|court|ct|crescent|cres|place|pl|gardens|gdns|terrace|grove|square|sq|mews"
            r"|row|walk|hill|rise|green|park|view|mount|fold|wynd|brae|chase|drove|garth|meadows?|heights|fields)\b\.?(?:,\s*(?!and\b|but\b|the\b|she\b|he\b)[a-z][\w'’-]+(?:\s[a-z][\w'’-]+)?"
            r"|\s(?!(?:and|but|the|she|he|for|is|was|has|now|not)\b)[a-z][\w'’-]{2,}(?=\s*$|\s*[,.;!?(]|\s[-–]))?",
            _I,
        ),
    ),
    Rule(
        Kind.ADDRESS,
        "the town after 'moved to'",
        re.compile(
            r"\bmoved\s+to\s+(?P<v>(?!the\b|a\b|another\b|ward\b|bay\b|bed\b|room\b|" + MONTH + r"\b"
            r"|(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b|pharmacy\b|theatres?\b|recovery\b|clinic\b|icu\b|itu\b"
            r"|hdu\b|ccu\b|ed\b|a&e\b|resus\b|majors\b|minors\b|radiology\b|x-?ray\b|paeds\b|maternity\b"
            r"|outpatients\b|dialysis\b|endoscopy\b|day\s+(?:unit|case)\b|side\b|sr\b|cubicle\b|nhs\b|epic\b|cerner\b)"
            r"(?:(?:port|fort|st\.?|saint|mount|lake|east|west|north|south|new|great|little|upper|lower|market"
            r"|long|kings?|bishops?|castle|church|high|old)\s+)?[a-z][\w'’-]+"
            r"(?:[- ]upon[- ][a-z][\w'’-]+|[- ](?:on|under|in|by|le)[- ](?-i:[A-Z])[\w'’-]+)?)",  # Newcastle upon Tyne
            _I,
        ),
        group="v",
    ),
    Rule(
        Kind.ADDRESS,
        "a flat, apartment or unit number",
        re.compile(r"\b(?:flat|apt|apartment)\.?\s*#?\s*\d+[a-z]?\b", _I),
    ),
    Rule(
        Kind.ADDRESS,
        "a suite number in a report about a person or a home (not 'the printer in Suite #2')",
        re.compile(r"\b(?:suite|ste)\.?\s*#?\s*\d+[a-z]?\b", _I),
        needs_patient=True,
    ),
    Rule(
        Kind.BED,
        "a bed, bay or room number where a patient is in the sentence",
        re.compile(
            r"\b(?:(?:icu|itu|hdu|ccu|nicu|picu|amu|cdu|sdec|majors|minors|resus|trauma|ed|er|paeds|peds|nursery"
            r"|recovery|scbu|mau|sau|ldr)\s+)?"  # "in ICU bed 3", "recovery bay 4"
            r"(?:bed\s*space|bedspace|bed|bay|side\s*(?:room|rm)|sr|cubicle|cube|trolley|chair|cot|incubator|room|rm"
            r"|bedroom|ldr|labour\s+room|delivery\s+room|nursery|majors|minors|resus|recovery|gwely|warmer|pod|picu|nicu"
            r"|scbu|kamer|zimmer|zi|bett|sala|rom|katil|seng|säng|cama)"  # abroad: "kamer 4", "Zi. 214"
            r"\.?\s*(?:no\.?|number|#)?\s*[:#]?\s*(?:\d{1,4}[a-z]?(?:-[a-z0-9]{1,3})?|[a-h](?![\w'’])|one|two|three|four"
            r"|five|six|seven|eight|nine|ten|eleven|twelve)(?![\w'’])"
            r"(?:\s*,?\s*(?:bed|b|bay|bett)\s*(?:\d{1,2}[a-z]?|[a-f])\b)?",
            _I,
        ),
        place=True,
    ),
    Rule(
        Kind.BED,
        "a bay and bed in shorthand (B4 BED 1, B3B2, in B5)",
        re.compile(
            r"\b[bB]\d{1,2}\s*(?:[bB]|BED|[Bb]ed)\s*\d{1,2}\b|(?:(?<=\b[Ii][Nn]\s)|(?<=\b[Ff][Rr][Oo][Mm]\s)|(?<=\b[Aa][Tt]\s))[bB]\d{1,2}\b|(?<=,\s)[bB]\d{1,2}(?=\s*[:,])"
        ),
        place=True,
    ),
)
