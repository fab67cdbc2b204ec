"""The rest of an address: what follows a street the guard found, in the layouts of many countries.

A street rule finds "Via Roma 12" or "4 Elm Street"; the postcode, town, suburb, state or province that follow it
("…, 71026, Foggia (FG)", "…, 2851 NSW", "…, 06801 Freiburg", "…, Nagaon-383383") belong to the same address and are
masked with it. Only what touches an address already found is taken: a run stops at the first word that is not
part of an address, so nothing is masked on a line with no address in it.
"""

from __future__ import annotations

import re

_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND"
    r"|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT"
    r"|NSW|VIC|QLD|TAS|ACT|SA)"
)
# One part of an address, in the order a run tries them.
_PART = re.compile(
    r"(?:"
    r"\(" + r"[A-Z]{2}\)"  # an Italian province (FG)
    r"|" + _STATE + r"(?![\w'’])"
    r"|[A-Z]{1,2}-\d{4,5}(?!\w)"  # D-79098, CH-8000
    r"|\d{4}\s?[A-Z]{2}(?![\w'’])"  # a Dutch postcode, 1549 PB
    r"|\d{3}\s\d{2}(?![\w'’])"  # a Swedish or Czech postcode, 403 43
    r"|[AC-FHKNPRTV-Y]\d{2}\s?[AC-FHKNPRTV-Y0-9]{4}(?!\w)"  # an Eircode
    r"|(?i:apt|apartment|unit|suite|ste|flat|#)\.?\s*\d{1,5}[a-z]?(?![\w'’])"
    r"|#\d{1,3}-\d{1,5}(?!\w)"  # a Singapore unit, #08-1123
    r"|(?i:lot|plot|space|pitch)\s*\d{1,4}(?!\w)"  # a trailer park's lot
    r"|\d{1,4}-(?:gil|ro|dong|gu|ga|ri|chome|ban|go)(?![\w'’])"  # Korean and Japanese block numbers, 87-gil
    r"|\d{5}-?\d{3}(?![\w'’])"  # a Brazilian CEP, 41260-790
    r"|\d{1,2}[ªº°](?![\w'’])"  # "3ª Seção"
    r"|(?i:nr|bl|sc|ap|et|kv|d)\.\s*\d{1,4}(?![\w'’])"  # Romanian and Russian blocks: "Nr. 743 Bl. 98 Sc. 85"
    r"|\d{1,6}(?:[-/]\d{1,5})?[A-Za-z]?(?![\w'’])"  # a house number, 23154, 57-010, 4705-914, 417/396
    r"|(?:[A-ZÀ-Þ][\w'’.]*(?:-[\w'’]+)*)"  # a town, suburb or street word (Saint-Denis, O'Neillville)
    r")"
)
# Words that open the next part of a sentence, not the next part of an address.
_NOT_PART = frozenset(
    "the a an and but or so if when pt pts patient she he they her his their it its is was has have had can could "
    "will would should please pls thanks thx nok gp dob mrn nhs pas epr ehr emr tel mob phone mobile contact email "
    "ward bay bed room rm side icu ed ae a&e her his mum dad son daughter wife husband she's he's i we you "
    "called says said wants needs rang phoned".split()
)
_JOIN = re.compile(r"\s*,\s*|\s*/\s*(?=[A-Z]{2}\b)|\s+|-(?=\d)")  # "…, Niterói / RJ"
_PARTICLE = re.compile(
    r"(?:(?:de|la|le|les|du|do|da|di|del|der|den|des|am|an|im|bei|ob|sur|sous|upon|on|en|y|van|von)\s+){1,2}"
)
_JOIN_BACK = re.compile(r"(?:\s*,\s*|\s+)$")
_NUMBER_BACK = re.compile(
    r"(?<![\w'’./-])(?:(?i:unit|flat|apt|level|suite|box|no\.?|h\.?\s?no\.?)\s*)?(?:\d{1,5}-)?\d{1,6}[A-Za-z]?"
    r"(?:/\d{1,5}[A-Za-z]?)?$"
    # the street's own word where it comes first and in lower case: "avenue de Bouvier 69", "Via Édgar", "H.No."
    r"|(?<![\w'’.-])(?i:avenue|av|boulevard|bd|rue|via|viale|piazza|calle|avenida|avda|rua|strada|ul|pl|al|aleea"
    r"|bulevardul|soseaua|str|h\.?\s?no|level|floor)\.?$"
)
_ABBREVIATION = re.compile(r"\b(?i:st|rd|ave?|blvd|dr|ln|ct|ste|apt|no|pl|ul|hwy|pkwy|w|e|n|s)$")
_STREET_WORD = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|close|crescent"
    r"|terrace|parkway|highway|hwy|rua|avenida|travessa|alameda|praça|rodovia|estrada|largo|via|viale|piazza"
    r"|calle|aleea|bulevardul|soseaua|strada|ulica)\b\.?|\w(?:katu|tie|strasse|straße|gasse|weg|laan|straat|utca|vej|gatan|gata)\b",
    re.IGNORECASE,
)
_HOME_CUE = re.compile(
    r"\b(?:home|lives|lived|living|resides|resided|residing|wohnt|address|addr)\b(?:\s+(?:is|at|in|now))?\s*[:-]?\s*$",
    re.IGNORECASE,
)
_TOWN_AFTER_CODE = re.compile(r",\s*[A-ZÀ-Þ][a-zà-ÿ]")
_LIMIT = 7  # parts a run may take beyond the street


def _is_part(text: str, at: int, *, shouted: bool = False) -> int:
    """Where an address part starting at `at` ends, or -1. In an address typed in capitals ("COLLEGE ROAD, EAST
    HALTON, IMMINGHAM") a word in capitals is a town; elsewhere it is a system ("PAS", "EPR")."""
    m = _PART.match(text, at)
    if m is None:
        return -1
    word = m.group(0)
    if word.rstrip(".").lower() in _NOT_PART or (word.isupper() and len(word) > 3 and word.isalpha() and not shouted):
        return -1
    return m.end()


def _leads(text: str, start: int, ends: dict[int, int]) -> list[tuple[int, int]]:
    """House, unit and level numbers before an address, hopping over the street words found as names."""
    found: list[tuple[int, int]] = []
    cursor = start
    for _ in range(4):
        head = text[:cursor]
        join = _JOIN_BACK.search(head)
        if join is None:
            break
        at = join.start()
        if at in ends:
            cursor = ends[at]
            continue
        number = _NUMBER_BACK.search(text, 0, at)
        if number is None:
            break
        found.append((number.start(), number.end()))
        cursor = number.start()
    return found


def _street_named(text: str, start: int, end: int) -> bool:
    """A run of names that is a street: it holds a street word, or a home address cue comes right before it."""
    return bool(_STREET_WORD.search(text, start, end) or _HOME_CUE.search(text, 0, start))


def tails(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """For each ADDRESS span, the span grown over the parts of the same address that follow it, and the house
    numbers before it."""
    starts = {start: end for start, end, kind in spans if kind in ("ADDRESS", "POSTCODE", "NAME")}
    ends = {end: start for start, end, kind in spans if kind in ("ADDRESS", "NAME")}
    grown: list[tuple[int, int]] = []
    for start, end, kind in spans:
        town_after_code = kind == "POSTCODE" and bool(_TOWN_AFTER_CODE.match(text, end))  # "94105, San Francisco"
        if kind != "ADDRESS" and not town_after_code and not (kind == "NAME" and _street_named(text, start, end)):
            continue
        grown += _leads(text, start, ends)
        shouted = sum(c.isupper() for c in text[start:end]) > sum(c.islower() for c in text[start:end])
        if kind == "NAME":
            grown.append((start, end))  # "Roosevelt Avenue Jackson Heights", "Hämeenkatu, Tampere": a street
        cursor, taken = end, 0
        while taken < _LIMIT:
            if text.startswith(".", cursor) and (_ABBREVIATION.search(text, 0, cursor) or text[cursor - 1].isdigit()):
                cursor += 1  # "blvd. ste. 406"
            join = _JOIN.match(text, cursor)
            if join is None:
                break
            at = join.end()
            particle = _PARTICLE.match(text, at)
            if particle and text[particle.end() : particle.end() + 1].isupper():
                at = particle.end()
            if at in starts:
                cursor = starts[at]
            else:
                stop = _is_part(text, at, shouted=shouted)
                if stop < 0:
                    break
                cursor = stop
            taken += 1
        if cursor > end:
            grown.append((start, cursor))
    return grown
