"""The patient-identifier guard: each kind of leak the issue names, both false-positive classes, the traps, and the
figures on every evaluation set (own, blind hand-written, other projects', generated with a fresh seed)."""

from __future__ import annotations

import os
import random

import pytest

from bot.domain.phi import Guard, Kind, nhs_checksum_ok
from tests.phi_eval import load, parse, score

GUARD = Guard([r"\bRX\d{7}\b"])


def masked(text: str) -> str:
    return GUARD.scan(text).masked


def leaks(line: str) -> list[str]:
    """The marked identifiers of a labelled line that survive masking."""
    case = parse(line)
    found = [(f.start, f.end) for f in GUARD.findings(case.text)]
    return [
        case.text[s:e]
        for _, s, e in case.spans
        if not all(any(a <= i < b for a, b in found) for i in range(s, e) if case.text[i].isalnum())
    ]


# Every leak class in the issue, as ward staff type it.
LEAK_CLASSES = {
    "first name alone": "[[NAME:mavis]] in [[BED:bay 2]] keeps getting logged out",
    "full name as subject": "[[NAME:Tahmina Akter]] enoxaparin was given but its not there",
    "possessive": "[[NAME:Blessing Ndlovu]]'s label printed blank",
    "lower-case full name": "label printed for [[NAME:kalyani nageswaran]] instead",
    "another culture": "[[NAME:Oluwaseun Adebayo]] wont show on the whiteboard",
    "lower-case surname after title": "mr [[NAME:okonkwo]] obs not saving",
    "accented name after title": "Mr [[NAME:José Muñoz]] came up twice",
    "SSN with dashes": "SSN [[SSN:078-05-1120]] on the wrong chart",
    "SSN with spaces": "his ssn is [[SSN:219 09 9999]] apparently",
    "NANP phone": "daughter on [[PHONE:(555) 013-4567]] wants a call",
    "NANP phone dotted": "call back [[PHONE:555.013.4567]] please",
    "FIN": "FIN [[ACCOUNT:12345678]] duplicated on the board",
    "acct #": "acct # [[ACCOUNT:5566778899]] billing error",
    "room number": "pt in [[BED:room 812]] cant get the TV to work",
    "rm": "[[BED:rm 9]] pt says the call light is broken",
    "H/N": "H/N [[MRN:0012345]] wrong on the label",
    "PAS no": "PAS no [[MRN:4412789]] shows someone else",
    "med rec #": "med rec # [[MRN:99812345]] opens the wrong chart",
    "patient record": "patient record [[MRN:K556677]] locked",
    "K number": "K number [[MRN:K123456]] not found",
    "wristband": "wristband [[MRN:4472119]] scans blank",
    "band": "band [[MRN:7788123]] wont scan",
    "number after pt": "pt [[MRN:4829103]] no obs since 2am",
    "spaced record number": "hospital no [[MRN:204 33 91 7]] on the wrong letter",
    "link path": "the link [[URL:https://epr.trust.nhs.uk/patient/5829014/chart]] breaks",
    "link mrn parameter": "opened [[URL:/app/view?mrn=7712345]] and got the wrong pt",
    "link id parameter": "portal [[URL:https://portal.example.org/p?id=884422]] shows someone else",
    "link name parameter": "search [[URL:https://epr.example.org/find?name=jane.smith]] fails",
    "date 03-Feb-1948": "DOB [[DOB:03-Feb-1948]] wrong on the banner",
    "the 14th of june 1931": "born [[DOB:the 14th of june 1931]] per the notes",
    "dotted date": "dob [[DOB:07.11.1949]] shows as 1994",
    "ISO date": "date of birth [[DOB:1948-07-22]] not matching",
    "DOA": "DOA [[DATE:02/11/2026]] missing from the summary",
    "TCI": "TCI [[DATE:14/12/2026]] not on the list",
    "she's 93": "[[AGE:she's 93]] and the form asks about contraception",
    "M, 94": "[[AGE:M, 94]] frail, the falls tool errors",
    "96 Y M": "[[AGE:96 Y M]] confused, the obs app crashed",
    "street address with unit": "lives at [[ADDRESS:Apt 4B, 221 Baker Street]] per the letter",
    "lower-case postcode": "postcode [[POSTCODE:sw1a 1aa]] wont validate",
    "ZIP code": "address zip [[POSTCODE:90210]] rejected",
    "my date of birth is": "he says my date of birth is [[DOB:12/03/1954]] but PAS differs",
    "IP address": "the pt portal login came from [[IP:192.168.10.24]]",
    "health-plan member number": "member ID [[ACCOUNT:XJH123456789]] not verified",
    "insurance policy": "policy # [[ACCOUNT:H165246204]] rejected",
    "National Insurance number": "NI number [[NINO:AB 12 34 56 C]] typed into the NHS box",
    "NHS number": "NHS number [[NHS:943 476 5919]] rejected by the spine",
    "email": "send it to [[EMAIL:mary.jones@example.com]] please",
    "record number, its letter typed apart": "hosp no [[MRN:k 0 9 3 3 1 8 2]] says patient not found",
    "record number, capitals then groups": "no nhs number on the wristband just [[MRN:RXH 009 3821]]",
    "implant serial in groups": "mr okeke pacemaker serial [[ID:PJN 440 918 K]] doesnt match the log",
    "policy number with a letter prefix": "the policy # [[ACCOUNT:BCX 4482 91177]] is wrong on the face sheet",
    "state ID": "her state id [[ID:T20-448-917]] is the only id she has",
    "word surname, comma, given name": "[[NAME:Nuclear, Nancy]]. SSN: [[SSN:444114567]] shares a phone",
    "nickname in brackets after the name": "[[NAME:Oluwaseun]] ([[NAME:seun]]) 11yo DKA on the protocol",
    "language in brackets, then a role": "Mrs [[NAME:Kaur]] (Punjabi) needs an interpreter for the ward round",
    "handover list beds before names": "[[BED:b11]] [[NAME:angus]] and [[BED:b12]] [[NAME:ewan]] both for US abdo",
    "bed before a titled name": "[[BED:b6]] mrs [[NAME:begum]] for d/c am",
    "a test patient's name with digits": "pt [[NAME:Carolee951 Sanford861]] is in the demo data on live",
    "a name in Chinese characters": "name [[NAME:张无忌]] shows as boxes, MRN [[MRN:3112219680806371X]] ok",
    "full name before a labelled ZIP code": "[[NAME:hunter cole]] zip [[POSTCODE:30310-1842]] not validating",
    "surname first in capitals before DOB": "[[NAME:WALKER JOHN]] DOB [[DOB:12/02/48]] TKR L, pre-op Hb 98",
    "lower-case unlisted name owning a record": "can someone unlock [[NAME:wairimu njorogez]] record, it says open",
    "Pakistani CNIC": "her CNIC [[ID:42101-3382910-6]] is linked to the baby's record",
    "Malaysian MyKad": "MyKad [[ID:580412-10-5523]] returns a different patient in the HIS",
    "Sri Lankan NIC": "NIC [[ID:561234567V]] does not match the one on the record",
    "Hong Kong ID": "HKID [[ID:Y382910(1)]] was admitted under her employer's name",
    "a long number in dashed groups": "card [[ACCOUNT:1-1042-778109-04]] shows expired but she renewed",
    "letters, a dash and seven digits": "his senior citizen ID [[ID:QC-0482717]] went in as the wrong number",
    "folder number with slashes": "Folder No. [[MRN:KBTH/12345/24]] got merged with another patient's",
    "a room abroad": "Noor in [[BED:kamer 4]] has an allergy entered as free text",
    "a room and bed in German": "MÜLLER, Gertrud, [[BED:Zi. 214 Bett 1]], fall-risk flag vanished overnight",
    "a word-name in a bed": "[[NAME:will]] in [[BED:bed 4]] asking for his oramorph again",
    "a word-name owning a thing": "printer wont print [[NAME:june]]'s tto, been waiting 40 mins",
    "surname first, lower case, before a label": "[[NAME:jian, bo]] dob [[DOB:may 16 1995]] - duplicate chart",
    "surname first in capitals": "error says FIN locked for [[NAME:OKAFOR, CHIDI]] by another user",
}


@pytest.mark.parametrize("line", LEAK_CLASSES.values(), ids=LEAK_CLASSES.keys())
def test_each_leak_class_is_masked(line: str) -> None:
    assert leaks(line) == []


# Leak classes of how wards write, each beside a clean line the same rule must leave alone.
RULE_PAIRS = {
    "name before 'hospital number'": (
        "[[NAME:wayne byrd]] hospital number [[MRN:7947736]] - chart shows him as discharged",
        "Kings Mill Hospital number for switchboard is in the directory",
    ),
    "name before 'unit no'": (
        "[[NAME:ODETTE MARCHAND]] UNIT NO [[MRN:K2210934]] - BAND WONT PRINT",
        "the Renal Unit printer is offline again",
    ),
    "possessive of a given name, no apostrophe": (
        "printer wont print [[NAME:Graces]] TTO, been waiting an hour",
        "the nurses notes template is blank",
    ),
    "possessive before a drug": (
        "EPMA wont let me give [[NAME:Birks]] lisinopril, says already given",
        "EPMA wont let me give lisinopril at 14:00, says already given",
    ),
    "shows X but the band says Y": (
        "PAS no [[MRN:1289453]] shows [[NAME:Imre Farkas]] but the band says [[NAME:Tohru]]",
        "the glucometer says low battery but its plugged in",
    ),
    "belongs to X not Y": (
        "ssn [[SSN:259-05-6233]] is on the wrong chart - belongs to [[NAME:chance hurley]] not [[NAME:ozana]]",
        "that charger belongs to the ward, not the porters",
    ),
    "registration put X's ssn under Y": (
        "er registration put [[NAME:nelya bashpolchenko]]'s ss no [[SSN:737.06.0866]] under [[NAME:jiwan john]]",
        "the form is filed under the wrong heading",
    ),
    "for X wont validate": (
        "post code [[POSTCODE:np28 6xr]] for [[NAME:Bernadette]] wont validate on pas",
        "the drop-down for Windows wont load on the ward PC",
    ),
    "discharge X on a system": (
        "Sister Lemmens cant discharge [[NAME:jorge dixon]] on Lorenzo, button greyed out",
        "Dennis the discharge coordiantor cant open the TTO queue",
    ),
    "new admission X": (
        "new admission [[NAME:oyelaran tunde]] wont appear on the bed board",
        "new admission form wont appear on the bed board",
    ),
    "age in words after a name": (
        "[[NAME:marlin]] [[AGE:ninety-three]] this week and the ward wants a card",
        "ninety-three beds are open this week",
    ),
    "a second band number": (
        "pt has 2 wristbands printed, one says [[MRN:631696]] the other [[MRN:945009]]",
        "one of the 2 printers says paper jam, the other is fine",
    ),
    "name an email address is made of": (
        "sent a secure message to [[EMAIL:tad.bernard@hotmail.com]] but [[NAME:tad]] never got it",
        "sent the rota to the ward inbox but it never arrived",
    ),
    "name opening a report before a record number": (
        "quick one - [[NAME:Emerita]] [[MRN:K7061517]] - wristband printer printing half a barcode",
        "quick one - wristband printer printing half a barcode again",
    ),
    "lower-case full name opening a report": (
        "[[NAME:ping cheng]] cant get into the patient wifi on his phone",
        "scanner cant get into the patient wifi on its own",
    ),
    "link with a typed scheme or trailing punctuation": (
        "cannot open https://results.example.org[[URL:/patient/2562044]], is the server down?",
        "cannot open https://results.example.org/help, is the server down?",
    ),
    "ward name typed with a slip": (
        "badge access for mary seacole wqrd not working since the update",
        "badge access for mary seacole wqrd not working since the update",
    ),
    "bay shorthand right after a name": (
        "mrs [[NAME:Okafor]] [[BED:B3]] - obs not saving on the tablet",
        "the B3 printer is out of toner again",
    ),
    "a surname opening a report before a bed": (
        "[[NAME:yip]] [[BED:b6]]: obs not saving",
        "tap b4: dripping again",
    ),
    "a word opening a report before a bed is not equipment": (
        "[[NAME:loo]] [[BED:bed 3]] - fluids chart not saving",
        "pump bed 4 - keeps alarming occlusion",
    ),
    "lower-case initial and surname opening a report": (
        "[[NAME:m kwan]] showing as discharged",
        "x ray showing as requested but not booked",
    ),
    "two unlisted words before a person's verb": (
        "[[NAME:hector larik]] says his appointment letter never came",
        "Pump Firmware says it needs an update",
    ),
    "age after 'is' right after a name": (
        "[[NAME:Lau]] is [[AGE:ninety]] today and the card printer is down",
        "Sats is 94 on room air but NEWS did not update",
    ),
    "a rare capitalised word after a given name": (
        "[[NAME:Priya Tamarin]] wrong label printed twice",
        "the Tamarin printer is out of toner again",
    ),
    "a short uncommon surname in a bed": (
        "the label for [[NAME:lei]] in [[BED:bed 3]] printed blank",
        "the gel in bed 3 dispenser is empty",
    ),
    "a hospital-word surname before an identifier label": (
        "[[NAME:ellis christian]] ssn [[SSN:219-09-9999]] shows twice",
        "the christian chaplain is on the ward list",
    ),
    "Medicare beneficiary identifier without a label": (
        "medicare card shows [[ACCOUNT:4TE2-HN5-KR38]] for another pt",
        "error code 4TE2HN5KR38 on the pump",
    ),
    "a town of several words after 'moved to'": (
        "[[NAME:Idris Pemberton]] moved to [[ADDRESS:Stockton on Tees]] but the letters go to the old address",
        "the scanner was moved to another desk last week",
    ),
    "a Dutch street, postcode and town": (
        "daughter gave [[ADDRESS:Molenweg 14]], [[POSTCODE:2512 CK Den Haag]] as the address",
        "we need the 2 pumps, 1000 ML Saline bags are on order",
    ),
    "a relative's given name that is an English word, then what they did": (
        "Mrs [[NAME:Adeyemi]]'s daughter [[NAME:heather]] says the link we texted doesnt work",
        "her daughter will call back later about the portal",
    ),
    "a lower-case initial and surname where a report names the patient": (
        "post code [[POSTCODE:np28 6xr]] for [[NAME:r cobb]] wont validate on pas",
        "the drop-down for x ray wont load on the ward PC",
    ),
    "two unlisted lower-case words after a patient word": (
        "acct # [[ACCOUNT:55120934]] on hold, pt [[NAME:sarn le goud]]",
        "pt hasnt got teh wristband on yet",
    ),
    "two unlisted lower-case words after 'X and'": (
        "[[NAME:Oyelaran]] and [[NAME:kesto vunar]] showing in [[BED:bed 12]] on the board",
        "the bloods and teh obs wont save on the tablet",
    ),
    "the town right after a street, no comma": (
        "clinic letter went to [[ADDRESS:4 mill lane bury]] - she moved",
        "the 4 pumps went to the main store - fixed",
    ),
    "a blue badge number with accented letters": (
        "blue badge no [[ID:ÖZTÜR481206C]] for mrs [[NAME:Öztürk]] is missing",
        "blue badge parking is full again",
    ),
    "a name grows over the uncommon English word typed beside it": (
        "new admission [[NAME:léo piquet]] dob: [[DOB:4/4/53]] wont appear on the bed board",
        "the piquet table in the day room is broken",
    ),
    "a capitalised surname that is an English word, after a given name": (
        "[[NAME:Jemma Fresco]] can't log into MyChart to see her letters",
        "the Fresco room printer is offline again",
    ),
    "a listed given name that is also a word, before a surname found": (
        "whiteboard on victoria ward shows [[NAME:rose smith]] in [[BED:bay 6]] but she's actually in [[BED:bay 5]]",
        "whiteboard on victoria ward shows the old bay layout",
    ),
    "a name after 'X and', in lower case": (
        "[[NAME:yousif muhammad]] and [[NAME:shahid]] both showing in [[BED:bay 9]] on the bed board",
        "the bloods and obs both showing twice in the app",
    ),
    "names in a line whose small words are lower case are no Title Case": (
        "[[NAME:Mohamed Ramadan]] moved to [[ADDRESS:Lerwick]] but BadgerNet still has the old address",
        "Consent Form Wont Print On The Ward PC Again",
    ),
    "a surname that is a word, where a report names the patient a record failed for": (
        "d/c summary for [[NAME:bender]] wont send to the gp",
        "d/c summary for review wont send to the gp",
    ),
    "a name opening a report before a person's verb, whatever the dictionary says": (
        "it - [[NAME:tai song]] says his appt never came through on the nhs app",
        "new starter says her login wont work on the ward PC",
    ),
    "'lives in' typed in a hurry": (
        "[[NAME:douglas barlow]] luves in [[ADDRESS:spokane valley 91663]] - the home health referral wont go through",
        "EMAR went live in 2015 and still nobody can print from it",
    ),
    "bay shorthand after 'from'": (
        "vitals from [[BED:B5]] going to the wrong pt (miss [[NAME:odetola]])",
        "the printer from B5 is in the corridor",
    ),
    "a given name that is a word and a surname after 'pt'": (
        "acct # [[ACCOUNT:47480017]] on billing hold, pt [[NAME:heather smith]]",
        "pt will need a new band before transfer",
    ),
    "a three-letter name is no slip of an equipment word": (
        "[[NAME:Tam]] in [[BED:side room 3]] is asking for the wifi code again",
        "the tap in side room 3 is dripping again",
    ),
    "a full name whose surname is a word, owning an identifier": (
        "ER registration put [[NAME:Yon Soon]]'s SSN [[SSN:800-58-5440]] under [[NAME:Gary Wolfe]]",
        "the night staff's notes template is blank again",
    ),
    "a name split across two words of an email address": (
        "sent a secure message to [[EMAIL:bum.heesoo@outlook.com]] but [[NAME:hee soo]] never got it",
        "sent a secure message to the ward inbox but it never got there",
    ),
    "a name before 'case no'": (
        "[[NAME:Izzat Mazen]] case no [[MRN:0035807]] - e-obs shows her as deceased",
        "the printer case is cracked again",
    ),
    "a friend's name that no list holds, then what they did": (
        "mrs [[NAME:łańcucka]]'s friend [[NAME:amita]] says the mychart link we texted doesn't work",
        "a friend says the mychart link doesn't work",
    ),
    "the given name after 'SURNAME,' before the record's details": (
        "[[NAME:sasikumar]], [[NAME:sharad]] date of birth: [[DOB:march 19, 1993]] - duplicate chart",
        "printer, toner - duplicate order on the system",
    ),
    "the name opening a report before an address": (
        "[[NAME:asa burke]], [[ADDRESS:80 church road, northampton]] - address not updating on pas",
        "ward 12, 80 beds - capacity board not updating",
    ),
    "the other name after 'but its'": (
        "wrong patient on the screen in [[BED:bed 22]], shows [[NAME:naila ramy]] but its [[NAME:neeta]]",
        "the screen shows the old version but its fine after a restart",
    ),
    "the town after a street, before 'contact no'": (
        "mr [[NAME:ralph sykes]] dob [[DOB:02/03/1944]] [[ADDRESS:89 london crescent brentwood]] contact no: "
        "[[PHONE:+44 (0)7700 900295]] - registered twice",
        "the 3 printers on london ward went offline",
    ),
    "a long name one letter from a rare English word is still a name": (
        "nok number for [[NAME:libora brandejs]] wont save - [[PHONE:0113 496 0933]]",
        "the monitor keeps losing its pairing after every reeboot",
    ),
    "a surname that is a staff word, at the end of the clause": (
        "acct # [[ACCOUNT:000036264]] on billing hold, pt [[NAME:Edmundo Porter]] thank you",
        "the billing hold screen is stuck, ask the porter",
    ),
    "a relative named before a bracket that says whose": (
        "[[NAME:bonn]] ([[NAME:mathilde dittmar]]'s partner) called asking why the app shows [[NAME:mathilde]] as gone",
        "pharmacy (the dispensary team) called asking why the app shows the order as discharged",
    ),
    "the town a patient is from, after their name": (
        "mrs [[NAME:hurley]] from [[ADDRESS:clacton on sea]] - community referral bouncing back",
        "Jo from IT - the community referral is bouncing back",
    ),
    "an organisation's own address is no patient's": (
        "lives at [[ADDRESS:30 Bond St]], per the GP letter",
        "the hospital is located at 30 Bond St - that address prints on our discharge letters",
    ),
    "two syllables joined by a hyphen, English has neither": (
        "[[NAME:Zhi-Jian Na]]'s Home Number [[PHONE:07700 900 140]] Is Showing Against [[NAME:Li Wei]]",
        "The Co-Op Pharmacy Number Is Showing Against The Ward",
    ),
    "a relative in Title Case, after a possessive": (
        "Mr [[NAME:Ashrafs]] Sister [[NAME:Rula Ashraf]] Is NOK But Nervecentre Has [[NAME:Tariq Ashraf]]",
        "Sister Byrne Is On Nights But Nervecentre Has The Old Rota",
    ),
    "the surname 'Ward' where a report names the patient a record was meant for": (
        "can IT remove the alert on [[NAME:Cinta]]'s record it was meant for [[NAME:Cynthia Ward]]",
        "the printer on Florence Ward is jammed again",
    ),
    "a house on 'the mews' and its street": (
        "transport booked to [[ADDRESS:1 the mews, hawthorn lane]] for mrs [[NAME:Amin]] but she moved",
        "transport booked to the mews car park for the day unit",
    ),
    "an eponym after a title is a surname": (
        "the reg wants Mr [[NAME:Fowlers]] CT on PACS but its not there",
        "sit him up in Fowlers position, the bed control is broken",
    ),
    "the name opening a report before a bracketed date of birth": (
        "it - [[NAME:eun sil kim]] (dob: [[DOB:12/03/1944]]) double-booked in cadence",
        "it - the clinic (dob field) double-booked in cadence",
    ),
    "a doctor who is the patient, in brackets after the name": (
        "dr [[NAME:hale]] (pt, retired GP) in [[BED:SR1]] says he can see other pts names on the bedside tablet",
        "dr hale (the reg) in SR1 says the bedside tablet is broken",
    ),
    "a room number with no 'room', after a name": (
        "CSN [[ACCOUNT:100234789]] - [[NAME:Aaliyah Jones]] in [[BED:402B]], order set not loading",
        "the order set in 402B is not loading",
    ),
    "a given name right before a record number": (
        "TTO for [[NAME:Grace]] [[MRN:K2093847]] says 0 items, pharmacy cant see it either",
        "TTO for Grace ward says 0 items, pharmacy cant see it either",
    ),
    "the last four of an SSN": (
        "ssn ending [[SSN:8812]] for [[NAME:Darnell]] - registration says it belongs to another MRN",
        "the ssn field ending in the wrong box is a form bug",
    ),
    "an SSN typed with slashes": (
        "someone typed [[SSN:377/21/6604]] in the SSN box with slashes for [[NAME:Ernesto Guzman]]",
        "someone typed 12/21/2026 in the date box with slashes",
    ),
    "a National Insurance number missing its last letter": (
        "NINO for [[NAME:Kayode]] typed as [[NINO:jm 71 22 04]] missing the last letter and the form took it",
        "NINO field typed as free text and the form took it",
    ),
    "an age after 'shes' and 'her as'": (
        "born [[DOB:Jan 5th 1927]] per the family, mrs [[NAME:lindsay]] - it calculates [[AGE:her as 99]]",
        "the form calculates the score as 99 for everyone",
    ),
    "a year of birth a few words after its label": (
        "Birth date on the band reads [[DOB:1928]] only for Mrs [[NAME:Lund]]",
        "the DOB field has been broken since 2019",
    ),
    "an age after a bed": (
        "[[NAME:Bill]] in [[BED:SR3]] is [[AGE:94]] and the frailty score box wont take anything",
        "the pump in bed 3 is 95% charged, the board says",
    ),
    "a link without a scheme and a network share path": (
        "bookmark goes to [[URL:epr.local/pt/7730218/summary]], share [[URL:\\\\fs01\\wards\\NOWAK_P_1949.docx]]",
        "the bookmark goes to epr.local/help/index and the share \\\\fs01\\wards\\rota.docx",
    ),
    "a national identity number after its label, in another language": (
        "spanish pt says mi NIE es [[ID:X9613851N]], finnish one gave henkilötunnus [[ID:020594X902N]]",
        "the NIE field on PAS is too short for spanish numbers",
    ),
    "a car's plate in another country's style": (
        "NOKs car reg [[ID:B AB 1234]] on the parking permit, another car [[ID:KA53ME3456]] blocking the entrance",
        "NOKs car is blocking the ambulance entrance, can switchboard put out a call",
    ),
    "a name and an address in HL7 form": (
        "subscriber [[NAME:BENNETT^NELLY]] at [[ADDRESS:322-10 GOODLIN AVE^APT B31^FLUSHING^NY^11355]] copied on",
        "subscriber segment at position 3 copied onto the wrong field",
    ),
    "a Canadian address with its province and postal code": (
        "pt lives at [[ADDRESS:7034 Gilliespie Lane, Mississauga, ON L5W1E8]], address finder says invalid",
        "the ON call rota for the lane closure is on the board",
    ),
    "a phone number with slashes or an extension": (
        "NOK phone [[PHONE:650/253/1234]] with slashes, london number [[PHONE:+44 2034567890x456]] for the solicitor",
        "the phone on bay 3 has a cracked screen, ext 4471",
    ),
    "a weekday before a patient's date and time": (
        "pts last bloods [[DATE:Fri, 12 Dec 2014 10:55:50]] not showing on the results screen",
        "the last bloods run was on Friday, the results screen is slow",
    ),
    "a date written the legal way": (
        "date of death written as [[DATE:12th day of December, 2001]] on the old paper notes",
        "the 12th day of the rota is blank on the old paper notes",
    ),
    "a name after 'my name is'": (
        "pt typed My name is [[NAME:Mike]] into the search bar of the kiosk and it crashed",
        "the search bar of the kiosk says my name is required and crashes",
    ),
    "a ZIP before 'is my zip'": (
        "portal message says my number is [[PHONE:(415) 666 7777]]. [[POSTCODE:34215]] is my zip-code.",
        "portal message says 34215 characters is too long",
    ),
    "an age over 89 right after a date of birth": (
        "[[NAME:Lars Nielsen]] [[DOB:8 May 1930]] [[AGE:96]] flagged as paediatric?!",
        "the old archive has 96 boxes flagged as paediatric",
    ),
    "a code right after 'temporary record'": (
        "merge hospital number [[MRN:B448201]] with the temporary record [[MRN:TMP00412]]",
        "the temporary record screen is slow to merge",
    ),
    "whoever has two wristbands is a patient": (
        "[[NAME:serin]] has 2 wristbands printed, one says [[MRN:7712345]] the other [[MRN:7712346]]",
        "bay 3 has 2 wristband printers and both are jammed",
    ),
    "an email's own word, even a common one": (
        "sent a secure message to [[EMAIL:rod.baxter@mail.example.com]] but [[NAME:rod]] never got it",
        "sent a secure message to the ward but the rod on the curtain is broken",
    ),
    "a capital initial and a surname opening a report about a patient": (
        "A [[NAME:Bartyzel]] showing as discharged but he is still here",
        "A Bartyzel pump showing as offline again",
    ),
    "a relative after 'nok' who then rang": (
        "mrs [[NAME:Okafor]]'s nok [[NAME:martin]] rang, says the portal shows the wrong address",
        "the nok field rang true, says the portal shows the wrong address",
    ),
    "a relative named before a bracket with a possessive": (
        "[[NAME:Maribel]] ([[NAME:Aiko]]'s sister) called asking why the app shows [[NAME:Aiko]] as discharged",
        "Pharmacy (the sister site) called asking why the app shows the order as discharged",
    ),
    "a street named 'Park Street' and a town 'on the Naze'": (
        "Mr [[NAME:Okafor]] moved to [[ADDRESS:1508 W Park Street Apt 19B]] and the pharmacy has the old one",
        "the 1508 park and ride bus is late again",
    ),
    "a given name's possessive typed without its apostrophe, lower case": (
        "the PC froze while I was in [[NAME:joannes]] record",
        "the PC froze while I was in the nurses record",
    ),
    "a name that is a hospital word, where a record failed for it": (
        "post code [[POSTCODE:wd28 3xy]] for [[NAME:christian]] wont validate on pas",
        "the rota for ward wont load on pas",
    ),
    "the word before an identifier's label, beside a name": (
        "[[NAME:parrish tia]] dob: [[DOB:3/4/1950]] - merge request pls",
        "tia dob field is greyed out - merge request pls",
    ),
    "a name in a 'for X on' slot": (
        "remote monitoring hub for [[NAME:wenyan jin]] on [[IP:10.20.30.40]] not uploading",
        "remote monitoring hub for the ward on the wifi is not uploading",
    ),
    "a surname that is a word, with an age and a sex after it": (
        "not urgent but [[NAME:kyle miller]], [[AGE:93 m]], [[BED:bay 4]]: weight not carrying across",
        "the app shows 100% battery then dies, the miller unit printer too",
    ),
    "a surname 'House' before a Medicare label": (
        "medicare eligibility check failing for [[NAME:barrett house]] medicare # [[ACCOUNT:1EG4-TE5-MK73]]",
        "medicare eligibility check failing for the whole house today",
    ),
    "a US unit and room code after a name": (
        "[[NAME:Abdirahman Warsame]] [[BED:5W-522]] NPO, his nephew [[NAME:Hassan]] is translating",
        "the 5W-522 printer is NPO for paper, ask the nephew of the unit manager",
    ),
    "a room number alone after 'IN' in capitals": (
        "MR. [[NAME:KOWALSKI]] IN [[BED:12]] FELL, NO INJURY, FAMILY NOTIFIED",
        "PRINTER IN 12 IS JAMMED, NO PAPER, ESTATES NOTIFIED",
    ),
    "a doctor admitted as a patient": (
        "our own hospitalist Dr. [[NAME:Greer]] is admitted to [[BED:rm 801]] as a patient, VIP flag is on",
        "our own hospitalist Dr. Greer is rounding on the 8th floor today",
    ),
    "an age after 'mom is'": (
        "her daughter [[NAME:Faith]] says mom is [[AGE:94]] not 84, registration has the wrong dob",
        "the mom and baby unit is 94% full, registration says",
    ),
    "a ZIP a few words after 'ZIP for'": (
        "ZIP for [[NAME:Tyrell Simmons]] is [[POSTCODE:60619]], insurance kicked the claim back",
        "the ZIP field for the clinic is blank, insurance kicked the claim back",
    ),
    "a sister in lower case after a patient named earlier is a relative": (
        "[[NAME:May Tran]] in [[BED:bed 4]] wants her rosary, sister [[NAME:Linh]] coming at 10",
        "Sister Linh is coming at 10 to fix the rota",
    ),
    "a unit before the bed": (
        "[[NAME:Jolene Yazzie]] in [[BED:ICU bed 3]] keeps pressing the call bell",
        "the monitor in ICU bed 3 is broken",
    ),
    "a name after a record number and a slash": (
        "MRN [[MRN:6104478]] / [[NAME:Dang Van Hieu]] on CIWA, score 18 at 0300",
        "MRN field / Printer settings broken on the ward",
    ),
    "an office is no officer": (
        "DOD [[DATE:01/12/26]] for [[NAME:Herbert Fenwick]], bereavement office need the MCCD",
        "bereavement office need the MCCD form reprinted",
    ),
    "a named house on a street written 'dr'": (
        "clinic letter for [[NAME:helmuth gerhardt]] went to [[ADDRESS:the old forge, oak dr lincoln]] - he moved",
        "the old forge printer is out of toner",
    ),
    # 2026-12-02, from other countries' layouts (Faker's locales) and the new blind and external sets' dev halves
    "the postcode, town and state after a street": (
        "pt moved to [[ADDRESS:14 Wattle Street, Dubbo, NSW, 2830]] and the letters still go to the old one",
        "the NSW 2830 form is on the shared drive",
    ),
    "a continental street, house number and postcode": (
        "daughter says mum now lives at [[ADDRESS:ul. Polna 16, 62-334 Gniezno]]",
        "ward 16, 62 beds in all, 334 admissions this month",
    ),
    "a lower-case street word in a European address": (
        "NOK lives at [[ADDRESS:Szabadság utca 220., H-2620 Vác]], can someone update the contact box",
        "the street field on the import template is blank",
    ),
    "a street found as a name starts the address": (
        "pts home [[ADDRESS:92-10 Roosevelt Avenue Jackson Heights Queens 11372]], the form breaks",
        "Roosevelt ward printer is out of toner",
    ),
    "a phone number in another country's grouping after a relative": (
        "ring son [[PHONE:08-987 55 31]] when [[NAME:Ingrid]] is back on the ward",
        "obs due at 0800 1200 1600 on the chart template",
    ),
    "a birth-date-coded personal number about a patient": (
        "pts RRN is [[ID:960603-1319514]], the form wont take it",
        "ticket 960603-1319514 is closed",
    ),
    "a number spelt out in words": (
        "patient name [[NAME:Muthu Kumar]] UHID [[MRN:four zero one one two three eight]] pls update",
        "one or two pumps in the store are broken",
    ),
    "an NHI number": (
        "[[NAME:Tevita Havili]] NHI [[MRN:ZRP3391]] has two records",
        "the NHI lookup screen is slow today",
    ),
    "a date in words after DOB": (
        "pt gave DOB as [[DOB:september the twenty-first nineteen seventy eight]] to the kiosk",
        "the kiosk froze at twenty past nine",
    ),
    "a date with another language's month name": (
        "croatian pt DOB [[DOB:13. studenog 1989]] on passport, PAS cant read it",
        "the croatian keyboard layout is missing on the ward PC",
    ),
    "an email as dictation writes it": (
        "son spelled out [[EMAIL:jo dot bloggs at gmail dot com]] for the portal",
        "email the team at nhs.net about it",
    ),
    "a capitalised name in any script after a title": (
        "Mrs [[NAME:Ramírez-López]] needs an interpreter",
        "the SpO2 probe and the eMAR tablet are both flat",
    ),
    "an age after 'roughly'": (
        "[[NAME:Ali Reza Hosseini]] speaking, DOB unknown, roughly [[AGE:95]]",
        "roughly 95 beds are open tonight",
    ),
    "a given name with a child's age after it": (
        "[[NAME:jasmine]] 16yo asked that her aunt [[NAME:Tonya]] not be told anything",
        "the 16yo and under clinic moved to Thursdays",
    ),
    "a twin's name": (
        "twin 1 [[NAME:amelia]] and twin 2 [[NAME:ava]] both have a tongue tie",
        "twin 1 and twin 2 cots are both in the nursery",
    ),
    "a handover list's patient after the bed": (
        "[[BED:bed 8]] [[NAME:WINNIE]] PULLED HER CANNULA, [[BED:bed 9]] [[NAME:FRANK]] SHOUTING OUT",
        "bed 4 call bell broken again",
    ),
    "the street's own word before a continental address": (
        "discharge letter to [[ADDRESS:boulevard Sandoz 19, 9057 Cosendey-Dessus]] came back undelivered",
        "the boulevard entrance is closed for works",
    ),
    "a Brazilian address with its CEP and state": (
        "NOK lives at [[ADDRESS:Rua das Flores, 26, Coração Eucarístico, 30856-409 Sousa / RS]], pls update",
        "the Rua ward printer is out of toner",
    ),
    "a suite in a report about a home": (
        "korean pt home [[ADDRESS:Suite 1005, 36, Teheran-ro 87-gil, Gangnam-gu Seoul 06164]], too long",
        "the printer in Suite #2 jammed again",
    ),
    "a relative after 'hubby'": (
        "[[NAME:eileen]] in [[BED:bed 5]] hubby [[NAME:Jimmy]] wants to bring the dog in",
        "hubby jokes on the staff noticeboard again",
    ),
}


@pytest.mark.parametrize("pair", RULE_PAIRS.values(), ids=RULE_PAIRS.keys())
def test_each_rule_masks_its_leak_class_and_leaves_its_clean_line(pair: tuple[str, str]) -> None:
    leak, clean = pair
    assert leaks(leak) == []
    assert GUARD.scan(clean).found == ()


# The two false-positive classes, and the traps clinicians write all day.
KEPT = {
    "staff by role after": "Dr Osei the registrar says the order set is missing",
    "staff title": "Sister Adeyemi cant log in to the obs app",
    "ward clerk": "ask Priya the ward clerk, she has the login",
    "nurse on nights": "Nurse Kim on nights says the scanner is dead",
    "staff with a slip": "our nurse maanger Wei wants the devices replaced",
    "equipment in a bay": "the monitor in bay 5 is broken",
    "printer in a room": "the printer in room 12 is jammed again",
    "side room kit": "the suction in side room 3 is not working",
    "dose and time": "give 5 mg at 14:30",
    "version": "v2.3.1 broke it",
    "bleep": "bleep 4471 if stuck",
    "extension": "ext 2231 for the helpdesk",
    "ward codes": "Ward 7 and W9 both lost the printer",
    "ticket": "INC0012345 is still open",
    "staff ID": "my staff ID 45123 is locked out",
    "screen names": "Patient List screen is slow",
    "BP": "BP 120/80 wont save",
    "system date": "since the update on 12/11/2026 the app is slow",
    "NEWS2": "NEWS2 of 7 did not alert",
    "product": "Lorenzo keeps crashing on the ward PC",
    "ward named after a person": "Victoria ward printer offline",
    "capitalised word": "Will it save if I go offline?",
    "month": "the May update broke the drug chart",
    "month abbreviation that is a name, in a system date": "Epic downtime Jan 14 2025 0230, are the PCs ready?",
    "a year and a time are no long number": "PACS downtime October 3, 2025 2215, forms are in the office",
    "asset tag": "asset tag KT203948 on the WOW in bay 3 is wrong on the inventory",
    "side room in capitals is no number plate": "CARD READER ON THE WOW IN SR14 NOT WORKING",
    "equipment typed with a slip in a bay": "estates say the sokcet in bay 7 is dead again",
    "a prefixed word is no double name": "post-op obs not saving on the pre-op checklist",
    "a count before 'the green' is no house number": "give 2 the green tablets before the yellow ones",
    "a bed that is the kit itself": "Hiya the bariatric bed in SR6 keeps deflating - estates?",
    "a supplier's company number": "courier firm ACN 005 499 981 printed on the delivery note for the new pumps",
    "staff in a team, after an opener": "sorry to bother - Jaswinder in pharmacy says the Omnicell interface is down",
    "eponyms before what they name": "Hudson mask and Venflon swapped codes, Seldinger kit lot K8823, Ryles tube list",
    "an eponymous test with its possessive": "Allen's test now mandatory for every ABG?? on ITU thats 40 a day",
    "a hospital called 'the X'": "the tube from AMU keeps sending stuff to path reception at the Lister",
    "beds blocked and empty in bed management": "ITU has 2 beds blocked on the system, bed 9 and bed 11, cant unblock",
    "a room cleaned": "EVS says rm 509 was cleaned 2 hrs ago but the board still says dirty",
    "a rota's week": "rota for w/c 6th Jan not showing on healthroster for any of the band 5s",
    "staff titles PharmD and CNS": "our PharmD Nicole says the heparin nomogram is old, CNS Helen needs access",
    "an ESR staff number": "my ESR number is 20482291 and the new system says no such user",
    "'theres' is no name": "theres a bill for the replacement handsets sat on my desk",
    "work on a bay with nobody in it": "bay 2 curtains need changing, whiteboard markers in bay 8 have run out",
    "a device maker and an eponymous manoeuvre": "Zoll on the crash cart failed its check, Epley maneuver helped",
    "a weekday in the plural": "Citizens Advice do a drop in on Tuesdays at the main entrance",
    "staff titles typed with a slip": "sitser Jatinder on ortho says the scanner is dead, mtaron Lee wants a list",
    "a date and a time is no phone number": "epic downtime 05-09-25 0910, are the bca pcs ready?",
    "a handheld in a bed space": "the handheld in bed 7a wont sync",
    "a hospital named after a person": "the John Radcliffe bloods not coming across to ICE",
    "a dose unit": "salbutamol 2 puffs prn shows twice on the drug chart",
    "a long typo capitalised": "Paeds Printer Oflfine Again",
    "an age's 'old' in capitals": "57YR OLD FELL DATIX WONT SUBMIT",
    "a role after 'teh'": "Mr Guyon teh consultant wants the theatre list printed",
    "a surname that is a slip, with no patient about": "Grace from the IT desk said to report it herre",
    "the bleep holder named a few words on": "bleep holder for Edith Cavell ward tonight is Connor, bleep 004",
    "a company named like a person": "FIRECAKES LLC doughnuts for the night staff were charged to the ward budget",
    "a device's MAC address": "printer on the ward shows mac 0a:23:f5:67:89:ac on its config page, IT asked for it",
    "a MAC address after 'MAC address is'": "fridge logger MAC address is 00:1A:2B:3C:4D:5E, it keeps dropping off",
    "a ward handheld's IMEI": "ward handheld IMEI 352099001761481 keeps dropping calls, ticket raised",
    "a log's timestamp with an old year": "audit log timestamp 2014-04-12 04:04 PM on every entry, clock is wrong",
    "a spreadsheet cell is no phone": "audit spreadsheet cell 80.585 (79.964) breaks the import",
    "an HL7 message type is no name": "ORU^R01 message stuck in the interface engine again",
    "a credential in a link is no email address": "rota link https://test:secret@example.org has the password in it",
    "a probe in a bay": "the sats probe in bay 5 reads 70 on everyone, think its broken",
    "an email address is no postal address": "Pharmacy email address on the TTO footer is the old one, pls update",
    "a day and month before a year is no name": "eObs ipads on 11 all showing the wrong date (says 1 Jan 2020)",
    "a specialty is no name": "ANP Rosa says the e-referral to gastro wont attach the letter",
    "a colour after 'shows' is no name": "is the epr down? https://status.trust.nhs.uk shows green but nothing loads",
    "a link without a scheme and nothing personal": "the help link this.is/a/long/page is good on desktop",
    "a label opening a report is no name": "med rec # is missing from the ward template",
    "a bed with only kit in the sentence": "cot side latch on bed 8 is broken, do not use, rang biomed",
    "a 'pt lifter' is kit": "the pt lifter in bay 4 has a flat battery again",
    "a hospital on diversion": "Middlemore ED is in code red, ambulances to Auckland City",
    "a staff role new to the lists": "Glasgow coma scale teaching with CNE Priyanka at 1330",
    "the calendar is no name": "the HCA rota for Christmas is up in the office",
    "a message time stamp": "MSH|^~\\&|PAS|RXH|EPR|RXH|202612020815||ADT^A02|MSG00441|P|2.4 fails in the engine",
    "a list of ticket numbers": "estates reported it 3 times, 558004 558190 558301",
    "an old date in a system's log": "audit log stops at 16/04/2010, nothing since, is the archive broken",
    "one unknown word in a report about no person": "Papworth both say our emails bounce, IT checking the relay",
    "a modal verb is no street word": "fire drill at 1430 on level 5, wardies will close the smoke doors",
    "a colleague copied in": "cc Kevin - the Vocera badges on the step-down unit are dropping calls",
    "a colleague copied in, with a team": "cc Dave in Estates - the nurse call panel in bay 3 shows the wrong layout",
    "a colleague thanked, with a team": "thanks to Kelechi in the RRT for spotting the NEWS2 total was wrong",
    "a date after a word in capitals": "SINCE THE UPDATE ON 03042025 THE OBS APP CRASHES EVERY TIME",
    "an ISO date after a word in capitals": "GO LIVE FOR THE BCMA SCANNER MOVED TO 2023-08-03?",
    "a vitamin is no bed": "B12 levels are not on the ward list since the lab upgrade",
    "a cart in a room": "EKG cart in room 14 won't transmit to MUSE",
    "a ward named by floor and wing": "the vent in 4 north room 2 has a leak alarm that wont clear",
    "a hospital of a country": "National Hospital of Sri Lanka's Ward 44 can't print the BHT labels",
    "a specialty's doctor": "dr kowalski the intensivist wants the vent alarm volume turned up",
    "words of another language, no person": "the TV on medicinsk afdeling shows only the test card",
    "a ticket in dashed groups": "ticket INC-2026-004512 closed by the vendor",
    "a build in dashed groups": "build 2026-11-30-0412 failed on the test server",
    "a patch number": "the patch KB-5034441 broke printing on the ward PCs",
    "a ward owning its kit": "Cavell ward's obs devices aren't syncing since 03:14",
    "a day owning the obs": "today's obs are missing from the chart",
    "words before a bed that are no person": "so in bay 4 the monitor keeps alarming, asking estates to look",
}


@pytest.mark.parametrize("text", KEPT.values(), ids=KEPT.keys())
def test_staff_equipment_and_traps_are_left_alone(text: str) -> None:
    assert GUARD.scan(text).found == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mrs Patel in bay 3 bed 2", "Mrs [NAME] in [BED]"),
        ("MRN 4412789 wrong", "MRN [MRN] wrong"),
        ("DOB 12/03/1954 wrong", "DOB [DOB] wrong"),
        ("call 07700 900123", "call [PHONE]"),
        ("NHS number 642 621 2997", "NHS number [NHS]"),
        ("aged 94, frail", "[AGE], frail"),
        ("aged 54, frail", "aged 54, frail"),
        ("lives at 12 Acacia Avenue", "lives at [ADDRESS]"),
        ("mail j.doe@example.com", "mail [EMAIL]"),
        ("Mr Van der Berg fell", "Mr [NAME] fell"),
        ("label RX1234567 blank", "label [MRN] blank"),
        ("her SSN 219-09-9999 shows", "her SSN [SSN] shows"),  # the label stays, the number's kind is named
        ("Dr Osei the registrar says Mrs Patel fell", "Dr Osei the registrar says Mrs [NAME] fell"),
    ],
)
def test_masks_exactly(text: str, expected: str) -> None:
    assert masked(text) == expected


def test_a_bed_is_masked_when_a_patient_is_in_the_sentence_and_kept_when_only_kit_is() -> None:
    assert masked("the monitor in bay 5 is broken") == "the monitor in bay 5 is broken"
    assert masked("she fell in bay 5") == "she fell in [BED]"
    assert masked("bay 4 bed 2 obs overdue") == "[BED] obs overdue"


def test_staff_named_in_a_patient_context_are_patients() -> None:
    assert masked("patient Dr Hale not on the list") == "patient Dr [NAME] not on the list"


def test_hospital_formats_are_only_masked_when_configured() -> None:
    assert Guard().scan("label RX12345 blank").found == ()
    assert Guard([r"\bRX\d{5}\b"]).scan("label RX12345 blank").found == (Kind.MRN,)


def test_nhs_checksum() -> None:
    assert nhs_checksum_ok("6426212997")
    assert not nhs_checksum_ok("6426212996")
    assert not nhs_checksum_ok("642621299")


def test_found_lists_each_kind_once_in_order_of_appearance() -> None:
    result = Guard().scan("bed 4, Mr Lee, bed 9, 07700 900555")
    assert result.found == (Kind.BED, Kind.NAME, Kind.PHONE)
    assert "Lee" not in result.masked and "07700" not in result.masked


def test_every_finding_says_why_and_kept_names_say_why_too() -> None:
    scan = Guard().scan("Dr Osei the registrar says mavis in bay 2 fell")
    assert all(f.why for f in scan.findings)
    assert [scan.masked] == ["Dr Osei the registrar says [NAME] in [BED] fell"]
    assert [k.why for k in scan.kept] == ["kept: staff named by title or role"]


def test_the_old_year_rule_follows_the_year_it_is_given() -> None:
    assert Guard(this_year=2026).scan("seen 03/04/2010 per the notes").found == (Kind.DATE,)
    assert Guard(this_year=2012).scan("since 03/04/2010 the app is slow").found == ()


# --- figures on each evaluation set (the bench prints them in full; these guard against regressions) ---------


@pytest.mark.parametrize(
    ("name", "recall", "fp"),
    [
        ("phi_corpus.txt", 0.98, 0.03),  # own, tuned on
        ("phi_holdout.txt", 0.98, 0.03),  # own, written after the first rules were frozen
        ("phi_handwritten.txt", 0.96, 0.01),  # written blind by a separate session
        ("phi_handwritten2.txt", 0.94, 0.02),  # a second blind session (2026-12-02)
        ("phi_handwritten3.txt", 0.96, 0.03),  # a third, 60% clean traps
        ("phi_handwritten4.txt", 0.92, 0.05),  # a fourth, half in US hospital voice
        ("phi_handwritten5.txt", 0.86, 0.10),  # a fifth: Australian, NZ, Irish, Canadian, Indian, SG, SA wards
        ("phi_handwritten6.txt", 0.95, 0.05),  # a sixth, 60% clean traps, UK and US
        ("phi_external.txt", 0.93, 0.06),  # other projects' published test cases
        ("phi_external2.txt", 0.91, 0.12),  # fifteen more projects' (2026-12-02)
        ("phi_external3.txt", 0.87, 0.09),  # thirteen more (Recognizers-Text, Duckling, libpostal, dateparser, ...)
        ("phi_external4.txt", 0.81, 0.13),  # eleven more (NHS Digital PDS/NHAIS, HL7 FHIR, Synthea, DLP, CommonRegex)
        ("phi_handwritten7.txt", 0.83, 0.07),  # a seventh: maternity, paeds, mental health, community, handover lists
        ("phi_handwritten8.txt", 0.89, 0.10),  # an eighth: responders' notes, bulletins, survey answers, replies
        ("phi_handwritten9.txt", 0.80, 0.07),  # a ninth: names in every position, word-names against words
        ("phi_handwritten10.txt", 0.82, 0.04),  # a tenth: typed on a phone (lower case, typos, dictation)
        ("phi_handwritten11.txt", 0.93, 0.06),  # an eleventh: 65% clean traps (staff, wards named after people)
        ("phi_handwritten12.txt", 0.81, 0.37),  # a twelfth: wards abroad writing English (the weakest set today)
        ("phi_external5.txt", 0.85, 0.09),  # thirteen more projects' (Microsoft, natty, redact-pii, piicatcher, ...)
    ],
)
def test_recall_and_false_positive_rate_on_the_evaluation_sets(name: str, recall: float, fp: float) -> None:
    result = score(GUARD, load(name))
    assert result.recall >= recall, [c.text for c, _ in result.leaks]
    assert result.fp_rate <= fp, [c.text for c, _ in result.false_positives]


@pytest.mark.parametrize("names", ["mimesis", "faker"])
def test_generated_lines_with_a_fresh_seed(names: str) -> None:
    from tests.phigen import generate

    seed = int(os.environ.get("PILOTBOT_PHI_SEED") or random.SystemRandom().randrange(1, 10**9))
    result = score(GUARD, [parse(line) for line in generate(seed, 600, names=names)])
    where = f"seed {seed} ({names}); rerun with PILOTBOT_PHI_SEED={seed}"
    assert result.recall >= 0.93, where
    assert result.fp_rate <= 0.05, where


def test_other_countries_addresses_phones_and_ids_with_a_fresh_seed() -> None:
    from tests.phigen.world import generate_world

    seed = int(os.environ.get("PILOTBOT_PHI_SEED") or random.SystemRandom().randrange(1, 10**9))
    result = score(GUARD, [parse(line) for line in generate_world(seed, 400)])
    assert result.recall >= 0.92, f"seed {seed}; rerun with PILOTBOT_PHI_SEED={seed}"


# --- institutions and towns (2026-12-02): a name that is a hospital's or a town's is kept, unless a person lives there


@pytest.mark.parametrize(
    "text",
    [
        "Vicente Sotto Memorial Medical Center referral form has no field for the category",
        "Aga Khan University Hospital Nairobi lab results arrive with the name field empty",
        "Hospital Raja Permaisuri Bainun asked us for the referral template",
        "Szpital im. Jana Pawła II asked for the HL7 spec again",
        "Sir Ganga Ram Hospital lab codes don't map to ours for HbA1c",
        "Karachi and Hyderabad sites show different bed counts for the ICU",
        "the Abu Dhabi site shows different drug prices for Augmentin",
        "Lady Reading Hospital Peshawar interface sends the Urdu name field as question marks",
    ],
)
def test_an_institution_or_a_town_named_like_a_person_is_kept(text: str) -> None:
    assert GUARD.scan(text).findings == ()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("pt from Karachi, transport wont book the flight", "Karachi"),  # where a patient comes from
        ("mr weis clinic visit on aug 7 disappeared from epic", "weis"),  # a patient's visit to a clinic
        ("moore has 2 wristbands printed, one says 0087322", "moore"),  # a surname that is also a town
        ("MAFRA, Etéria - duplicate on Cerner, please merge", "MAFRA"),  # a town's name beside a given name
        ("Sotto Vicente is in bay 4 and the obs wont save", "Sotto Vicente"),  # no institution after it
    ],
)
def test_a_name_that_is_a_town_is_still_masked_where_a_person_is(text: str, name: str) -> None:
    scan = GUARD.scan(text)
    assert name not in scan.masked, scan.masked


def test_the_gazetteer_is_shipped_and_holds_towns_and_countries() -> None:
    from bot.domain.lexicon import load

    places = load().places
    assert all(p in places for p in ("karachi", "abu dhabi", "sri lanka", "nairobi", "kraków", "krakow"))
    assert "mavis" not in places and "the monitor" not in places
    assert len(places) > 30_000


@pytest.mark.parametrize("code", ["34068001", "15777000", "162673000", "73211009", "22298006", "38341003"])
def test_snomed_concept_ids_pass_the_verhoeff_check(code: str) -> None:
    from bot.domain.phi_codes import verhoeff

    assert verhoeff(code)
    assert not verhoeff(code[:-1] + str((int(code[-1]) + 1) % 10))  # one digit wrong fails


@pytest.mark.parametrize(
    ("text", "masked_text"),
    [
        ("procedure 34068001 Heart valve replacement missing from the picklist", None),
        ("encounter type General examination of patient (procedure) 162673000 not mapped", None),
        ("MRN 34068001 wrong on the procedure list", "MRN [MRN] wrong on the procedure list"),
        ("pt 34068002 on the procedure list twice", "pt [MRN] on the procedure list twice"),
    ],
)
def test_a_terminology_code_is_kept_and_a_labelled_record_number_is_not(text: str, masked_text: str | None) -> None:
    assert GUARD.scan(text).masked == (masked_text or text)
