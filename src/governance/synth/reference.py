"""The fixed lists the synthetic data set draws on: the 43 force areas and the regions,
the dated parts of each area's text, name pools, themes, and the national bodies,
statutory duties and funds."""
from __future__ import annotations

BASE = "https://w3id.org/govgraph/id/synth/"
SOURCE = "https://w3id.org/govgraph/id/source/"
LEG = "http://www.legislation.gov.uk/id/"

# (force area, region key); the 43 territorial police force areas of England and Wales
FORCES = [
    ("Avon and Somerset", "sw"), ("Bedfordshire", "ee"), ("Cambridgeshire", "ee"), ("Cheshire", "nw"),
    ("City of London", "ldn"), ("Cleveland", "ne"), ("Cumbria", "nw"), ("Derbyshire", "em"),
    ("Devon and Cornwall", "sw"), ("Dorset", "sw"), ("Durham", "ne"), ("Dyfed-Powys", "wales"),
    ("Essex", "ee"), ("Gloucestershire", "sw"), ("Greater Manchester", "nw"), ("Gwent", "wales"),
    ("Hampshire", "se"), ("Hertfordshire", "ee"), ("Humberside", "yh"), ("Kent", "se"),
    ("Lancashire", "nw"), ("Leicestershire", "em"), ("Lincolnshire", "em"), ("Merseyside", "nw"),
    ("Metropolitan Police", "ldn"), ("Norfolk", "ee"), ("North Wales", "wales"), ("North Yorkshire", "yh"),
    ("Northamptonshire", "em"), ("Northumbria", "ne"), ("Nottinghamshire", "em"), ("South Wales", "wales"),
    ("South Yorkshire", "yh"), ("Staffordshire", "wm"), ("Suffolk", "ee"), ("Surrey", "se"),
    ("Sussex", "se"), ("Thames Valley", "se"), ("Warwickshire", "wm"), ("West Mercia", "wm"),
    ("West Midlands", "wm"), ("West Yorkshire", "yh"), ("Wiltshire", "sw"),
]
REGIONS = {
    "ne": ("North East", "E12000001"), "nw": ("North West", "E12000002"),
    "yh": ("Yorkshire and The Humber", "E12000003"), "em": ("East Midlands", "E12000004"),
    "wm": ("West Midlands", "E12000005"), "ee": ("East of England", "E12000006"),
    "ldn": ("London", "E12000007"), "se": ("South East", "E12000008"), "sw": ("South West", "E12000009"),
    "wales": ("Wales", "W92000004"),
}
METRO = {"Greater Manchester", "Merseyside", "West Midlands", "West Yorkshire", "South Yorkshire", "Northumbria"}

# dated parts of each area's text: (key, day the part describes, heading)
PARTS = [
    ("2011", "2011-06-01", "Part 1. The partnership landscape in 2011"),
    ("2012", "2012-08-01", "Part 2. Arrangements for the Police and Crime Commissioner, 2012"),
    ("2014", "2014-09-01", "Part 3. Changes to probation and health, 2013-2014"),
    ("2017", "2017-04-01", "Part 4. Plans and funding, 2015-2017"),
    ("2019", "2019-10-01", "Part 5. The position in 2019"),
]
YEARS = list(range(2011, 2020))
MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # financial years 2011/12 .. 2019/20

ROOTS = ["Ash", "Bram", "Carl", "Dun", "Elm", "Fen", "Glen", "Hart", "Ivel", "Kings", "Lang", "Mar",
         "Nor", "Oak", "Pen", "Rad", "Stan", "Thorn", "Wes", "Wold", "Brack", "Cran", "Dray", "Ems",
         "Fal", "Gran", "Hal", "Kel", "Lud", "Mel", "Ned", "Orm", "Pol", "Rye", "Sel", "Tam", "Ux",
         "Wen", "Yar", "Bel", "Cal", "Dor", "Hol", "Lin", "Mal", "Rom", "Sand", "Wal", "Whit", "Ald"]
ENDS = ["ford", "ley", "ton", "bury", "field", "ham", "worth", "wick", "by", "stead", "mouth", "dale",
        "borough", "chester", "minster", "well", "bridge", "combe", "hurst", "more"]
FIRST = ["Alison", "Andrew", "Angela", "Anil", "Barbara", "Ben", "Catherine", "Chris", "David", "Deborah",
         "Edward", "Elaine", "Fiona", "Gareth", "Gillian", "Hannah", "Harjit", "Ian", "Jane", "John",
         "Karen", "Kevin", "Linda", "Mark", "Mary", "Michael", "Nadia", "Neil", "Nicola", "Paul", "Priya",
         "Rachel", "Richard", "Sarah", "Simon", "Susan", "Tom", "Wendy", "Yusuf", "Zoe"]
LAST = ["Adams", "Ahmed", "Bailey", "Barker", "Bennett", "Brown", "Clarke", "Davies", "Evans", "Fisher",
        "Green", "Hall", "Harris", "Hughes", "Jones", "Khan", "Lewis", "Martin", "Mills", "Moore", "Patel",
        "Price", "Roberts", "Shaw", "Singh", "Smith", "Taylor", "Thomas", "Turner", "Walker", "Ward",
        "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Young"]
THEMES = ["domestic abuse and sexual violence", "anti-social behaviour", "reducing reoffending",
          "substance misuse", "serious violence and knife crime", "hate crime", "child sexual exploitation",
          "road safety", "cyber crime and fraud", "modern slavery", "preventing extremism",
          "vulnerable people", "rural crime", "night-time economy", "youth offending", "burglary"]
VERBS = ["Reduce", "Tackle", "Prevent", "Improve the response to", "Protect people from",
         "Work with communities to reduce", "Support victims of", "Understand and address"]
SUBGROUPS = ["Joint Action Group", "Domestic Abuse Forum", "ASB Delivery Group", "Tactical Group",
             "Reducing Reoffending Group", "Hate Crime Forum", "Night-Time Economy Group"]
NATIONAL = "national"


NATIONAL_BODIES = [
    ("home-office", "Home Office", "gov:Authority", ["HO"]),
    ("ministry-of-justice", "Ministry of Justice", "gov:Authority", ["MoJ"]),
    ("department-of-health", "Department of Health", "gov:Authority", ["DoH"]),
    ("mhclg", "Ministry of Housing, Communities and Local Government", "gov:Authority", ["MHCLG"]),
    ("noms", "National Offender Management Service", "gov:Authority", ["NOMS"]),
    ("national-probation-service", "National Probation Service", "gov:Authority", ["NPS"]),
    ("hm-prison-service", "HM Prison Service", "gov:Authority", ["HMPS"]),
    ("yjb", "Youth Justice Board for England and Wales", "gov:Authority", ["YJB", "Youth Justice Board"]),
    ("public-health-england", "Public Health England", "gov:Authority", ["PHE"]),
]
# (id, label, legislation path, altLabels, holders: kinds of body that hold it)
NATIONAL_LABELS = {f"nat:{ident}": label for ident, label, _, _ in NATIONAL_BODIES}
DUTIES = [
    ("duty-cda-s17", "Duty to consider crime and disorder implications (Crime and Disorder Act 1998, s.17)",
     "ukpga/1998/37/section/17", ["section 17 duty"], {"council", "police", "fire", "pcc"}),
    ("duty-cda-s6", "Duty to formulate and implement a crime and disorder strategy (Crime and Disorder Act 1998, s.6)",
     "ukpga/1998/37/section/6", ["crime and disorder strategy duty"], {"council", "police", "fire", "probation", "health"}),
    ("duty-cda-s39", "Duty to establish youth offending teams (Crime and Disorder Act 1998, s.39)",
     "ukpga/1998/37/section/39", ["youth offending team duty"], {"upper"}),
    ("duty-prsra-s10", "Duty of the PCC and responsible authorities to co-operate (Police Reform and Social Responsibility Act 2011, s.10)",
     "ukpga/2011/13/section/10", ["co-operation duty"], {"pcc"}),
    ("duty-ca2004-s11", "Duty to safeguard and promote the welfare of children (Children Act 2004, s.11)",
     "ukpga/2004/31/section/11", ["section 11 duty"], {"upper", "police", "health"}),
    ("duty-ca2004-s13", "Duty to establish a Local Safeguarding Children Board (Children Act 2004, s.13)",
     "ukpga/2004/31/section/13", ["LSCB duty"], {"upper"}),
    ("duty-care-act-s43", "Duty to establish a Safeguarding Adults Board (Care Act 2014, s.43)",
     "ukpga/2014/23/section/43", ["SAB duty"], {"upper"}),
    ("duty-cja2003-s325", "Duty to establish arrangements for assessing and managing risks posed by offenders (Criminal Justice Act 2003, s.325)",
     "ukpga/2003/44/section/325", ["MAPPA duty"], {"police", "probation"}),
    ("duty-cca-2004", "Civil Contingencies Act 2004 duty: assess the risk of emergencies in the area",
     "ukpga/2004/36", ["Category 1 responder duty"], {"council", "police", "fire"}),
]
FUNDS = [
    ("fund-community-safety-fund", "Community Safety Fund", ["CSF"]),
    ("fund-youth-justice-grant", "Youth Justice Grant", ["YJG"]),
    ("fund-police-main-grant", "Police Main Grant", []),
    ("fund-victims-services-grant", "Victims' Services Grant", []),
    ("fund-drug-interventions-programme", "Drug Interventions Programme funding", ["DIP funding"]),
]

