"""Dates after a date cue, in the words of many languages and as dictation writes them.

"DOB 13. studenog 1989.", "admitted 22 janvier 2015", "DOB as september the twenty-first nineteen seventy eight",
"DOD sunday jan twenty one two thousand and eighteen", "DOB 2016年3月20日": after a cue that ties a date to a
person (DOB, born, admitted, discharge, TCI, appointment, surgery), the run of date words that follows is masked.
A run is only taken when it holds a number (in digits of any script or in words) and a month or a numeric date;
it stops at the first word that is no part of a date. Month names are the standard ones of each language (CLDR),
in the nominative and the genitive where the two differ.
"""

from __future__ import annotations

import re

_MONTHS = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec
    janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre
    janv févr fevr avr juil sept déc
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
    ene abr ago dic
    gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag giu lug ott
    janeiro fevereiro março marco maio junho julho setembro outubro novembro dezembro fev dez
    januar jänner februar märz maerz juni juli oktober dezember
    januari februari maart mei augustus
    ianuarie februarie martie aprilie iunie iulie septembrie octombrie noiembrie decembrie
    styczeń stycznia luty lutego marzec marca kwiecień kwietnia maj maja czerwiec czerwca lipiec lipca
    sierpień sierpnia wrzesień września październik października listopad listopada grudzień grudnia
    siječanj siječnja veljača veljače ožujak ožujka travanj travnja svibanj svibnja lipanj lipnja srpanj srpnja
    kolovoz kolovoza rujan rujna studeni studenoga studenog prosinac prosinca
    leden ledna únor února březen března duben dubna květen května červen června červenec července srpen srpna
    září říjen října listopadu prosince
    augusti marts desember
    tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta
    marraskuuta joulukuuta tammikuu helmikuu maaliskuu huhtikuu toukokuu kesäkuu heinäkuu elokuu syyskuu lokakuu
    marraskuu joulukuu
    január február március április május június július augusztus szeptember október
    января февраля марта апреля мая июня июля августа сентября октября ноября декабря
    январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь
    січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня
    січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень
    януари февруари април юни юли септември октомври ноември декември
    ιανουαρίου φεβρουαρίου μαρτίου απριλίου μαΐου ιουνίου ιουλίου αυγούστου σεπτεμβρίου οκτωβρίου νοεμβρίου
    δεκεμβρίου
    มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม
    जनवरी फ़रवरी फरवरी मार्च अप्रैल मई जून जुलाई अगस्त सितंबर सितम्बर अक्टूबर नवंबर नवम्बर दिसंबर दिसम्बर
    জানুয়ারি ফেব্রুয়ারি মার্চ এপ্রিল মে জুন জুলাই আগস্ট সেপ্টেম্বর অক্টোবর নভেম্বর ডিসেম্বর
    იანვარი თებერვალი მარტი აპრილი მაისი ივნისი ივლისი აგვისტო სექტემბერი ოქტომბერი ნოემბერი დეკემბერი
    يناير فبراير مارس أبريل ابريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر
    maret agustus desember mac julai ogos disember
    pebrero marso hunyo hulyo setyembre oktubre nobyembre disyembre
    """.split()
    # Turkish, its dotless i written out
    + "ocak şubat mart nisan may\u0131s haziran temmuz ağustos eylül ekim kas\u0131m aral\u0131k".split()
)
_WEEKDAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles jueves viernes sábado domingo
    montag dienstag mittwoch donnerstag freitag samstag sonntag lunedì martedì mercoledì giovedì venerdì sabato
    domenica""".split()
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen
    eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand oh
    first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth
    fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth""".split()
)
_GLUE = frozenset("of the de del di and à a year წლის \u0433".split())  # Georgian "of the year", Russian "g." (year)
_CUE = re.compile(
    r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|birthday|born|doa|dod|tci|admitted|admission|discharged?"
    r"|d/c|died|death|surgery|op\s+date|operated|appt|appointment|clinic|ingreso|seen)\b"
    r"(?:\s+(?:is|was|as|on|of|date|for|given|put|typed|written|in|at|per|says))*\s*[:=#-]?\s*",
    re.IGNORECASE,
)
_BIRTH = re.compile(r"^(?:dob|d\.o\.b|date\s+of\s+birth|birth|born)", re.IGNORECASE)
# Cues that tie a date to a patient by themselves; after the others (appointment, clinic, seen) the report must be
# about a patient too.
_OWN = re.compile(r"^(?:doa|dod|tci|admitted|admission|discharged?|d/c|died|death)", re.IGNORECASE)
_TOKEN = re.compile(r"[^\s,]+,?|,")
_CJK_DATE = re.compile(r"^\d+年\d+月\d+日$")
_LIMIT = 9  # words in a date


def _word(token: str) -> str:
    return token.rstrip(".,;:").lower()


def _kind(token: str) -> tuple[bool, bool, bool]:
    """(holds a number, holds a month, is a numeric date) for one word of a possible date."""
    word = _word(token)
    if _CJK_DATE.match(word):
        return True, False, True
    parts = [p for p in re.split(r"[-./]", word) if p]
    numbers = [p for p in parts if p.isdigit() or re.fullmatch(r"\d{1,2}(?:st|nd|rd|th|শে)", p) or p in _NUMBER_WORDS]
    months = [p for p in parts if p in _MONTHS]
    if not parts or len(numbers) + len(months) < len(parts):
        return False, False, False
    return bool(numbers), bool(months), len(parts) > 1 and any(p.isdigit() for p in parts)


def dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, cue) of each date run after a date cue; cue is "birth", "own" (admission, discharge, death:
    a patient's by itself) or "other"."""
    found: list[tuple[int, int, str]] = []
    for cue in _CUE.finditer(text):
        start = last = -1
        cursor, skipped, taken = cue.end(), 0, 0
        numbers = months = 0
        numeric_date = False
        for token in _TOKEN.finditer(text, cue.end()):
            if token.start() > cursor + 2 or taken >= _LIMIT:
                break
            value, word = token.group(0), _word(token.group(0))
            cursor = token.end()
            number, month, numeric = _kind(value)
            if number or month or word in _WEEKDAYS:
                numbers += number
                months += month
                numeric_date = numeric_date or numeric
                start = token.start() if start < 0 else start
                last = token.start() + len(value.rstrip(","))
            elif start < 0 and skipped < 2 and word.isalpha() and word == value:
                skipped += 1  # "admitted abroad 2011 ...", "DOB given as ..."
                continue
            elif start < 0 or not (word in _GLUE or value in (",", "-", "/")):
                break
            taken += 1
        if start >= 0 and numbers and (months or numeric_date or numbers >= 3):
            while last > start and text[last - 1] in ".,":
                last -= 1
            cue_kind = "birth" if _BIRTH.match(cue.group(0)) else "own" if _OWN.match(cue.group(0)) else "other"
            found.append((start, last, cue_kind))
    return found
