"""The closed word lists the identifier guard reads names against: who is staff, who is a patient, and the words
of a hospital that look like names but are not (systems, devices, drugs, eponyms, wards, months).

All lower case. The lexicon (bot/domain/lexicon) says what a name is; these say when a name is not a patient's.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Titles a patient (or relative) is named with. "Dr" and "Prof" are staff titles unless a patient context precedes.
PATIENT_TITLES = _words(
    "mr mrs ms miss mx master mstr madam mme mlle messrs mrs. señor senor señora senora sra herr frau"
    " rev revd reverend fr pastor sir dame lord"
)

# Titles and roles that name staff. A name right after one of these (or followed by "the <role>") is kept.
STAFF_TITLES = _words(
    """dr doctor prof professor sister nurse matron sr charge staff consultant registrar reg spr sho
    fy1 fy2 f1 f2 ct1 ct2 ct3 st1 st2 st3 st4 st5 st6 st7 st8 hca rn rgn rmn lpn cna midwife physio
    pharmacist porter clerk receptionist manager coordinator dietitian paramedic anp acp np pa
    houseman intern attending fellow hospitalist surgeon anaesthetist anesthetist anesthesiologist
    physician gp therapist ot slt salt radiographer sonographer phlebotomist technician tech
    educator trainer champion superuser facilitator analyst engineer administrator admin secretary holder rt
    chaplain volunteer student nic cnm officer director lead supervisor doc practitioner specialist
    associate assistant orderly sonographer optometrist podiatrist psychologist psychiatrist
    neurologist cardiologist oncologist radiologist pathologist microbiologist anaesthesiologist pharmd cns
    odp hcsw ahp tna cne cnc crna msw wardsperson wardsman wardswoman wardie wardies kaumātua kaumatua
    interpreter caseworker hod rmo hmo resident cpn amhp hv nnp annp mca worker keyworker screener"""
)

# Words after a name that say it is a member of staff: "Priya the ward clerk", "Kim on nights", "Jo from IT".
# Letters after a name that only staff carry: "John Smith, MD", "Y.Y. Justin MD FRCS".
POSTNOMINALS = _words("md do dds rn rgn np pa-c phd mbbs mbchb frcs frcp mrcp frcr frca mrcs bsc msc dnp cns")
STAFF_AFTER = (STAFF_TITLES | POSTNOMINALS | _words("resident attending")) - _words("charge staff sr dr prof professor")
# "on nights", "from nights", "on reception"
STAFF_SHIFT = _words("nights days earlies lates shift duty call bleep reception switchboard leave al holiday")
STAFF_TEAMS = _words(
    "it ict pharmacy estates helpdesk facilities ehr epr informatics digital training switchboard reception rrt"
    " vendor supplier"
)

# Words before a name that say it is a patient or someone close to one.
PATIENT_BEFORE = _words(
    """patient patients pt pts ptnt pat lady gent gentleman man woman boy girl baby infant child kid
    toddler teenager son daughter husband wife partner mother mum mom mam mummy dad daddy father
    brother grandson granddaughter grandma grandmother grandad grandpa grandfather nan nana niece
    nephew aunt auntie uncle cousin nok kin carer relative neighbour neighbor friend called named hubby cuz
    daughter-in-law son-in-law mother-in-law father-in-law sister-in-law brother-in-law"""
)
# Phrases after which staff write the patient a record was confused with: "belongs to X", "meant for X", "shows X
# but the band says Y", "registration put X's ssn under Y". The value says what must follow the name: "" nothing,
# "fail" a failure ("for X wont validate"), "contrast" a contrast ("shows X but", "shows X in bed 13").
SLOTS: dict[tuple[str, ...], str] = {
    **dict.fromkeys(
        [
            ("belongs", "to"),
            ("belong", "to"),
            ("belonging", "to"),
            ("meant", "for"),
            ("intended", "for"),
            ("instead", "of"),
            ("address", "for"),
            ("against",),
            ("new", "admission"),
            ("discharge",),
            ("give",),
            ("band", "says"),
            ("wristband", "says"),
            ("label", "says"),
            ("bracelet", "says"),
            ("but", "its"),
            ("but", "it's"),
            ("but", "it’s"),
            ("but", "it", "is"),
        ],
        "",
    ),
    **dict.fromkeys([("for",)], "fail"),
    **dict.fromkeys([("shows",), ("showing",), ("opens",), ("opening",)], "contrast"),
}
# Verbs that make "under X" the record something was filed under: "registration put X's ssn under Y".
FILED = _words("put puts filed registered merged saved booked logged listed showing shows")
SLOT_FAIL = _words(
    """wont won't cant can't keeps keep isnt isn't doesnt doesn't didnt didn't never not is was has hasnt
    missing failing stuck printing pulls pulling looks on"""
)
SLOT_CONTRAST = _words("but not instead in on under against as")

# Possessives that turn "sister" from a title into a relative: "her sister Ama".
POSSESSIVES = _words("her his their pt's patient's pts my your our")

# Nouns after "<name>'s" that make the name a patient's: "Blessing Ndlovu's label".
PATIENT_NOUNS = _words(
    """obs observations meds medication medications bloods blood chart charts label labels wristband
    band notes note results result allergies allergy drug drugs fluid fluids name record records dob
    nhs mrn bed family daughter son wife husband mum dad discharge referral scan xray x-ray ecg news
    cannula catheter sats bp temp weight height dressing wound details prescription prescriptions
    tto ttos letter appointment appt care plan file id number mar emar kardex bm bms insulin dose
    doses pain score scores sample samples swab swabs urine stool stools feed feeds diet nbm iv
    oxygen o2 pump obs' relatives nok address phone transfer admission ward bay room hearing glasses
    dentures belongings property valuables mobile wheelchair frame stick bag clothes sticker stickers armband
    bracelet encounter tto home partner sister brother mum mam dad daughter son niece nephew grandson
    granddaughter carer husband wife friend subscriber account results medicare medicaid insurance plan policy
    passport social licence license appt appts home health member"""
)
# States after "<name> is": "Chad is fine", "nanda is tci on".
PATIENT_STATES = _words(
    """fine ok okay stable asleep awake well comfortable safe unwell confused agitated tci nbm npo dnacpr
    palliative septic febrile drowsy sleeping here still back"""
)
# Verbs and states right after a name that make it a patient: "Grace fell", "Tendai refused".
PATIENT_AFTER = _words(
    """fell falls fallen admitted discharged died passed refused refuses refusing pulled pulling
    vomited vomiting desatted desaturated deteriorated deteriorating collapsed arrested nbm
    confused agitated wandering absconded self-discharged transferred stepped went came arrived
    needs needed requires required wants wanted complained complaining adm tci doa dod deceased lives lived"""
)

# Events that only happen to a person: a sentence with one is about a patient, whatever else it says.
PATIENT_EVENTS = _words(
    """fell falls fallen admitted discharged died passed refused vomited desatted desaturated deteriorated
    collapsed arrested absconded self-discharged transferred deceased"""
)

# Labels of a person's identifiers: a word right before one is a name ("itay ssn 129-28-5329").
ID_LABELS = _words("ssn dob nhs mrn hn pas fin csn nino ni born aged age d.o.b mrn# nhs# hosp hospital deceased")
# Verbs before "to"/"from" that make the next name a place: "referrals to Pinderfields", "transport from St Jude".
PLACE_VERBS = _words(
    "referral referrals referred transport transfer transfers transferred courier sent bus taxi ambulance ambulances"
    " flown diverted diverting divert overflow"
)

# Bed, bay and room words; a number after one is a place, and a patient's only when one is in the sentence.
PLACE_WORDS = _words("bed beds bay bays room rm cubicle cube trolley chair cot incubator sr side bedspace")

# Function words, pronouns and auxiliaries: never a name, whatever the lexicon says.
STOP = _words(
    """the a an and or but nor so if then than that this these those there here where when what which who
    whom whose why how in on at to of for from by with without into onto over under up down out off about else elses
    after before since until till via per as is are was were be been being am has have had having do does
    did done it its it's i me my mine you your yours we us our ours they them their theirs he him his she
    her hers not no yes ok okay all any some each every both either neither none just also only still even
    very too again already yet now today tonight tomorrow yesterday can could shall should would must may
    might will wont won't cant can't dont don't didnt didn't isnt isn't wasnt wasn't doesnt doesn't pls
    arent aren't werent weren't wouldnt couldnt shouldnt hasnt havent hadnt im ive youre theyre thats whats
    we're we'll we've we'd you'll you've you'd they'll they've they'd it'll i'll i'd he'll she'll he'd she'd
    shes hes lets wouldn't couldn't shouldn't hasn't haven't hadn't i'm i've you're they're that's what's
    teh hte tge tje thw rhe theres wheres heres whos hows
    please thanks thx re fyi asap eta lol omg btw tbh imo idk"""
)

# Particles inside names: "van der Berg", "bin Rashid", "da Silva".
PARTICLES = _words("van von der den de del della da das dos di du le la al el bin ibn bint ap ter ten")

# Hospital words that the lexicon also lists as names. Never a patient's name on their own (a title or a patient
# context still makes them one: "patient Sara", "Mrs May").
NOT_NAMES = _words(
    """
    january february march april may june july august september october november december
    feb mar apr jun jul aug sep sept oct nov dec
    puff puffs tab tabs caps sachet sachets drops units vial vials ampoule ampoules
    aldrete apgar waterlow braden ryles venflon seldinger valsalva kussmaul trendelenburg heimlich babinski romberg
    mcburney korotkoff guedel yankauer drager dräger mallampati blatchford rockall cockcroft cheyne-stokes
    aintree christie lister seacole swan-ganz zoll epley medtronic stryker baxter mindray philips whipple ballard moro
    wi-fi caldicott hotfix hotfixes
    mondays tuesdays wednesdays thursdays fridays saturdays sundays
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    christmas easter eid diwali ramadan
    epic cerner oracle lorenzo sunrise meditech allscripts millennium powerchart soarian expanse athena
    athenahealth nextgen eclinicalworks systmone emis vision adastra symphony trakcare orion ascribe jac
    sectra agfa philips siemens mindray masimo allyn zebra honeywell citrix imprivata vocera ascom
    spectralink cisco dell lenovo hp apple samsung android iphone ipad dragon nuance pyxis omnicell
    carefusion alaris baxter hospira plum sapphire braun fresenius kangaroo flocare stryker arjo
    huntleigh hillrom stedy marisa maxi datix ulysses nervecentre careflow patientrack vitalpac
    medway maxims rio wardview medchart icip iclip bluespier theatreman galaxy civica winpath telepath
    ice openice evolve mediviewer wellsky cosmic tiara badger kardex teams outlook windows chrome edge
    excel word office microsoft google zoom webex slack jira servicenow oracle sap workday allocate
    healthroster rosterpro bank nhsp nhsmail spine pds nrls lfpse swift cardiff meditec gemini
    addenbrooke addenbrookes barts guys tommies pinderfields musgrove frimley whipps radcliffe
    queen king prince princess royal saint st max min mins secs sec hrs hr wks mths yrs
    emar epma epr ehr pas wifi login logon ipad iphone app apps smartcard sats spo2 obs bloods meds
    english british scottish welsh irish american canadian australian indian pakistani bangladeshi chinese
    japanese korean vietnamese thai filipino polish romanian bulgarian russian ukrainian german french
    spanish portuguese italian greek turkish kurdish arabic persian farsi urdu hindi punjabi bengali
    gujarati tamil somali nigerian ghanaian kenyan zimbabwean jamaican caribbean african asian european
    latino hispanic jewish muslim sikh hindu christian catholic
    london paris berlin madrid rome dublin edinburgh glasgow cardiff belfast manchester birmingham leeds
    liverpool bristol sheffield newcastle nottingham leicester coventry oxford cambridge york brighton
    southampton portsmouth plymouth reading luton croydon hull derby swansea aberdeen dundee
    boston chicago houston dallas phoenix denver seattle atlanta miami detroit philadelphia toronto
    vancouver montreal sydney melbourne delhi mumbai lagos nairobi cairo dubai
    england scotland wales ireland britain america canada australia india pakistan nigeria ghana kenya
    poland romania germany france spain italy china japan europe africa asia
    list lists summary banner record records safety details detail portal search flow chart charts notes
    tracker status admin administration transport name names information access lookup look id number
    numbers demographics journey pathway handover view screen tab board whiteboard centre center hub
    experience feedback care identification identity label labels wristband wristbands alert alerts group
    lab labs park trust practice hopkins lot batch
    groups level queue queues selection select selector menu module task tasks header form forms
    location locations movement movements transfer transfers discharge admission admissions
    login logon password account profile settings home page dashboard report reports order orders set
    sets round rounds team ward wards bay bays bed beds theatre theatres clinic clinics
    glasgow waterlow braden barthel wells parkinson parkinsons alzheimer alzheimers crohn crohns
    addison addisons cushing cushings down downs hodgkin hodgkins guillain barre foley hickman swan ganz
    ryles ryle venturi guedel yankauer doppler holter apgar bristol morse norton gillick manchester
    ottawa epworth rockwood snellen tinetti beers parkland lund browder mallampati cormack lehane
    korotkoff kussmaul cheyne stokes babinski romberg trendelenburg fowler fowlers sims heimlich
    raynaud raynauds huntington huntingtons tourette tourettes asperger aspergers
    kaposi kaposis hashimoto marfan klinefelter wilms burkitt
    richmond rass glasgow gcs mews pews news qsofa curb waterlow must malnutrition frailty
    paracetamol ibuprofen morphine oramorph oxycodone codeine tramadol fentanyl gabapentin pregabalin
    amoxicillin co-amoxiclav augmentin tazocin meropenem gentamicin vancomycin teicoplanin clarithromycin
    doxycycline metronidazole flucloxacillin ceftriaxone cefuroxime ciprofloxacin trimethoprim
    nitrofurantoin heparin enoxaparin clexane dalteparin fragmin apixaban rivaroxaban edoxaban
    dabigatran warfarin aspirin clopidogrel ticagrelor atorvastatin simvastatin insulin novorapid
    humalog lantus levemir tresiba metformin gliclazide omeprazole lansoprazole ranitidine ondansetron
    cyclizine metoclopramide haloperidol lorazepam diazepam midazolam salbutamol ipratropium prednisolone
    hydrocortisone dexamethasone furosemide bumetanide spironolactone ramipril lisinopril amlodipine
    bisoprolol digoxin levothyroxine sertraline citalopram mirtazapine quetiapine olanzapine
    risperidone levetiracetam keppra phenytoin sodium valproate lactulose senna movicol laxido
    pabrinex thiamine potassium sandoz calcichew adcal ensure fortisip oxygen saline hartmann hartmanns
    """
)

# The calendar: never a name, even where a report names a patient ("the rota for Christmas", "due in March").
CALENDAR = _words(
    """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas xmas easter eid diwali ramadan hanukkah
    thanksgiving halloween"""
)

# Products whose names read like a person's: kept whole wherever they appear.
PRODUCTS = tuple(
    tuple(phrase.split())
    for phrase in (
        "welch allyn",
        "bair hugger",
        "sara stedy",
        "system c",
        "nerve centre",
        "hill rom",
        "dr foster",
        "mr men",
        "ms teams",
        "ms word",
        "ms excel",
        "ms office",
        "sunrise clinical manager",
        "bristol stool",
        "johns hopkins",
        "mayo clinic",
        "great ormond street",
        "john radcliffe",
        "william harvey",
        "royal free",
        "whipps cross",
        "edith cavell",
        "mary seacole",
        "florence nightingale",
        "queen elizabeth",
        "royal marsden",
        "derriford",
        "wythenshawe",
        "addenbrookes",
        "pinderfields",
        "allen test",
        "sloan kettering",
        "citizens advice",
        "martin luther king",
        "new orleans",
        "hill-rom",
        "allens test",
        "hudson mask",
        "cheyne stokes",
    )
)

# Things a bed, bay or room can hold that break: a sentence about one (with no person in it) is about the place.
EQUIPMENT = _words(
    """monitor monitors printer printers pump pumps screen screens computer computers pc pcs laptop laptops
    tablet tablets ipad scanner scanners phone phones socket sockets plug light lights lamp tap taps sink
    bell bells buzzer keyboard mouse wifi wi-fi network signal tv television door doors window windows blind
    blinds wow wows cow workstation terminal charger cable fridge freezer heater radiator aircon fan hoist
    machine machines device devices dinamap suction outlet panel display camera dispenser drawer cupboard
    locker brake brakes mattress rail rails remote controller handset sensor sensors alarm ceiling floor
    leak leaking flooded wall toilet shower reader readers glucometer tv bedside welch allyn dinamap omnicell
    pyxis alaris battery handheld handhelds probe probes meter meters motor tele telemetry box boxes pole commode
    scale scales latch lifter stand stands burner cart carts vent vents ventilator ventilators whiteboard
    whiteboards cuff cuffs thermometer thermometers defib defibs defibrillator ecg ekg otoscope headset speaker
    speakers intercom clock clocks thermostat"""
)
# People, pronouns and relatives: a sentence with one of these is about a person, equipment or not.
PERSON_CUES = (
    (PATIENT_BEFORE - _words("called named"))
    | PATIENT_TITLES
    | _words("she he her him his hers herself himself pt's patient's pts' family relatives visitor visitors")
)
# A bed or room's state in bed management: a sentence about one (with no person in it) is about the place.
PLACE_STATES = _words("blocked cleaned dirty vacant unblock unblocked closed reopened reopening")
# An organisation's business: a sentence about a supplier, an invoice or a company, with no person in it, holds the
# organisation's numbers (tax, company, VAT numbers), not a patient's.
ORGANISATION_CUES = _words(
    """firm company companies supplier suppliers agency wholesaler contractor vendor vendors invoice invoices
    procurement llc ltd inc gmbh plc corp corporation contract consignment catalogue courier manufacturer
    distributor vat tax donation donations"""
)
# For dates: a person, or an event only a person has (obs and charts are apps too: "since the obs app update").
DATE_CUES = PERSON_CUES | PATIENT_EVENTS | _words("death dod")

# Words after a name that make it the name of a place or a thing: "Victoria ward", "Seacole Centre".
PLACE_AFTER = _words(
    """ward wards unit wing building block house centre center hospital infirmary clinic suite theatre
    theatres lounge site campus department dept scale score
    criteria catheter line tube mask pump stedy disease syndrome's syndrome sign test tool method
    protocol pathway chart charts lab labs hospice hospital trust practice surgery pharmacy general civic casualty
    county elementary area hotline"""
)

# Hospital and IT abbreviations and words the English lists lack; never a name without a title or context.
ABBREVIATIONS = _words(
    """nhs gp gps tto ttos nok dnacpr dnar respect camhs sbar nbm nil npo prn stat od bd tds qds nocte mane
    iv ivi ivabx abx im sc po pr sl ng ngt peg rig picc cvc art ecg ekg cxr xr ct mri us usg echo eeg emg
    abg vbg fbc cbc ue lft lfts crp esr inr aptt pt/inr hba1c trop bnp ddimer cultures mrsa cdiff vre
    cpe covid cpap bipap nippv niv hfno ecmo tpn hdu icu itu ccu cicu nicu picu scbu ae ed er or pacu
    amu mau sdec sau cdu ward obs news news2 mews pews gcs avpu sats spo2 rr hr bp temp bm bms cbg
    vte dvt pe uti aki ckd copd chf mi nstemi stemi tia cva af svt vf vt cpr rosc dka hhs
    wow wows cow cows pc pcs ipad wifi vpn citrix rdp sso mfa otp pin pins login logon logout logoff
    eprescribing eprescription emar epma epr ehr emr pas pacs ris lims hl7 fhir api ui ux app apps
    webv badgernet vocera hospedia dinamap patientrack careflow cadence spine pds scr gpconnect mychart
    hyperspace synapse bcma reboot reboots rebooted rebooting restart restarted popup popups toner firmware
    haiku canto rover beaker radiant kaleidoscope prelude resolute tapestry bugsy optime firstnet surginet
    pathnet radnet careaware healtheintent sunquest euroking cellma swisslog paragon cpoe mdt
    screensaver sync synced syncing vitals gastro cardio resp neuro ortho onc haem derm uro gynae paeds endo rheum
    geris psych micro vascular plastics maxfax ent obgyn
    helpdesk servicedesk itsm datix ulysses ticket inc incident
    abpi nipe ebme pls plz thx ty tyvm ta cheers hiya hi hello morning evening night nights lates earlies
    asap fyi eta tbc tba wrt re fwd cc bcc lol omg ffs smh imo btw tbh idk irl
    cb callback dob nhsno mrn csn fin enc acct hn pid
    hca hcas rn rns rgn rmn np anp acp pa pas fy1 fy2 sho spr reg regs cons sr srs rt rrt crna
    offline online hostname passcode bluetooth usb hdmi vpn firefox dropdown textbox signin signout laggy
    barcode barcodes qr config dropdowns tickbox tickboxes hotdesk e-obs eobs eprescribing worklist
    worklists orderset ordersets comms glucometer tachycardic neutropenic eol mca dols lpa
    lovenox lasix zosyn vanco norco dilaudid percocet zofran protonix ativan haldol ambien lipitor plavix
    eliquis xarelto pradaxa januvia narcan flomax colace miralax senokot dulcolax kcl nacl d5w unasyn
    levaquin bactrim macrobid diflucan tamiflu solumedrol medrol synthroid glucophage humulin novolog
    basaglar toujeo trulicity ozempic jardiance farxiga entresto coreg toprol norvasc cozaar hctz bumex
    digox argatroban tpa alteplase tenecteplase co-codamol cocodamol codydramol oramorph zomorph oxynorm
    oxycontin buprenorphine butrans dihydrocodeine diclofenac voltarol nefopam propofol tranexamic txa
    cefalexin co-trimoxazole septrin ertapenem linezolid daptomycin aciclovir valaciclovir oseltamivir
    remdesivir budesonide fostair seretide symbicort spiriva tiotropium montelukast sando-k sandok subq
    telehealth telemedicine telecare onboarding offboarding rostering eobs ehic healthlink shiley shileys
    epipen epipens epi-pen
    subcut sub-q mg mcg ml mls kg ng mmol mmhg bpm units iu med-surg medsurg micu sicu ccu dvla vicodin
    http https www picklist picklists formulary ortho orthopaedics ortho's flowsheet flowsheets tylenol"""
)
