"""Every funding table printed in the seeds, row by row and total by total, in the built store.

The expected numbers below are transcribed from the seed texts (``../shared/seeds``; the
file and lines are given for each table), not from ``graph/``. The store is read through
the package's internal queries ``queries/_table-rows.rq`` and ``queries/_table-totals.rq``.

A printed cell (a flow with a gov:column) is matched on its row label as printed; a
figure quoted in running text (no column) on who pays whom ("funder+funder > recipient",
ids without the ``llr:`` prefix). Periods are the gov:validFrom / gov:validUntil the
column, row or sentence gives (a financial year 2012/13 = 2012-04-01 to 2013-03-31).

Totals are kept as printed even when the rows do not add up (graph/CURATION.md);
``test_the_totals_that_do_not_add_up_are_exactly_these`` lists those disagreements so a
reviewer sees them recorded, not silently fixed.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
import pytest


LLR = "https://w3id.org/govgraph/id/llr/"

# --- periods -----------------------------------------------------------------------------
NONE = (None, None)                      # no year given ("per annum", "annual budget")
APR_SEP11 = ("2011-04-01", "2011-09-30")  # "To September 2011" (six-month extension from April 2011)
OCT11_MAR12 = ("2011-10-01", "2012-03-31")
OCT11_MAR13 = ("2011-10-01", "2013-03-31")
FY11 = ("2011-04-01", "2012-03-31")
FY12 = ("2012-04-01", "2013-03-31")
Q1_12 = ("2012-04-01", "2012-06-30")
DEC15_MAR16 = ("2015-12-01", "2016-03-31")
FY16 = ("2016-04-01", "2017-03-31")
FY17 = ("2017-04-01", "2018-03-31")
FY18 = ("2018-04-01", "2019-03-31")
APR16_MAR19 = ("2016-04-01", "2019-03-31")
JAN19_MAR20 = ("2019-01-01", "2020-03-31")


def D(text: str) -> Decimal:
    """An amount as printed: '£1,021,996' -> Decimal('1021996')."""
    return Decimal(text.replace("£", "").replace(",", ""))


@dataclass(frozen=True)
class Printed:
    """One table as printed. rows: (row label | 'funders > recipient', column, period, amount);
    totals: (row label | None, column | None, period, amount) - a None column is not
    compared (the figure is quoted in text, the column is the curator's wording)."""

    where: str
    rows: tuple
    totals: tuple
    parties: dict = field(default_factory=dict)  # row label -> "funders > recipient", where the seed names them


def cells(column: str, period: tuple, *pairs: tuple[str, str]) -> tuple:
    return tuple((label, column, period, D(amount)) for label, amount in pairs)


# --- seed 000: Safer Communities Agreement 2011-13, Appendix 1 (lines 110-130) -------------
CSP_REVENUE = "CSP REVENUE ALLOCATION to September 2011 (rounded to nearest £)"
CSP_ROWS_000 = ("Blaby", "Charnwood", "Harborough", "Hinckley & Bosworth", "Melton",
                "North West Leics", "Oadby & Wigston")

# the seven district CSP rows: paid by the County Council through the LSCSB
CSP_PARTIES = {"Blaby": "leicestershire-county-council+lscsb > blaby-csp",
               "Charnwood": "leicestershire-county-council+lscsb > charnwood-csp",
               "Harborough": "leicestershire-county-council+lscsb > harborough-csp",
               "Hinckley & Bosworth": "leicestershire-county-council+lscsb > hinckley-and-bosworth-csp",
               "Melton": "leicestershire-county-council+lscsb > melton-csp",
               "North West Leics": "leicestershire-county-council+lscsb > north-west-leicestershire-csp",
               "Oadby & Wigston": "leicestershire-county-council+lscsb > oadby-and-wigston-csp"}

# --- seed 002: Commissioning Plan 2012-13, para 8 (lines 42-52), 11 (65-70), 14 (84-91) ----
M18 = "18 month to March 2013"
IOM_002 = "Integrated IOM including commissioned mentoring service"
DA_ROW = "Domestic Abuse Outreach transitional arrangements"
MH_002 = "Mental Health peer support pilot"
ASB_002 = "Mentoring for young people involved in ASB"

# --- seed 001: landscape briefing, Community Safety Fund (lines 1151-1173) ------------------
OCT_MAR = "Oct 2011 to Mar 2013"
A1213 = "2012-13 allocation"
MH_001 = "Safe Inside, Safe Outside; Mental Health peer support pilot"
ASB_001 = "Mentoring for young people involved in ASB (20:20 rolled out across the county)"
LOC18, LOC1213 = "18 month Allocation", "2012-13 Allocation"

# --- seed 001: Safer Leicester Partnership CSF (lines 1177-1188) ---------------------------
AGREED = "Amount Agreed (£)"
Q1 = "1 st Quarter Spend 1 st April – 30 th June 2012 (£)"

# --- seed 001: Safer Rutland Partnership Board Budget 2012/13 (lines 1190-1212) ------------
BCU, COUNCIL = "BCU funding", "Council revenue funding"

# --- seed 004: UAVA appendix (lines 778-806) ------------------------------------------------
CM_2015 = "1 st Dec 2015- 31 st March 2016 (6 months pro-rata basis to cover recruitment costs etc"
CM_2016 = ("1 st April 2016 -31 st March 2019 (calculated on the level of proportional "
           "contribution to the pooled fund)")
UAVA_FUNDERS = {
    "Leicester City Council": "leicester-city-council > uava",
    "Leicestershire County Council": "leicestershire-county-council > uava",
    "Office of the Police & Crime Commissioner": "opcc > uava",
    "Rutland County Council": "rutland-county-council > uava",
}

PRINTED: dict[str, Printed] = {
    "table-lscsb-csp-revenue-2011-13": Printed(
        where="000 lines 110-130 (Appendix 1 – ABG Safer Communities Revenue Funding 2011 to 2013)",
        rows=cells(CSP_REVENUE, APR_SEP11,
                   ("Blaby", "£22,380"), ("Charnwood", "£36,209"), ("Harborough", "£19,398"),
                   ("Hinckley & Bosworth", "£24,506"), ("Melton", "£16,423"),
                   ("North West Leics", "£24,106"), ("Oadby & Wigston", "£17,071"),
                   ("Countywide allocation", "£118,370"),
                   # the printed Total Revenue is also recorded as the Home Office's money to
                   # the County Council (para 10.2), a flow in its own right
                   ("Total Revenue", "£278,464"))
        + cells("From October 2011", OCT11_MAR12, ("2011/12 Revenue (October 2011 to March 2012)", "£278,481"))
        + cells("From October 2011", FY12, ("2012/13 Revenue", "£281,759")),
        totals=(("Total CSP allocation", CSP_REVENUE, APR_SEP11, D("£160,094")),
                ("Total Revenue", CSP_REVENUE, APR_SEP11, D("£278,464"))),
        parties=CSP_PARTIES,
    ),
    "table-lscsb-community-safety-fund-2011-13": Printed(
        where="002 lines 42-52 (allocations October 2011 to March 2013)",
        rows=cells(M18, OCT11_MAR13,
                   (IOM_002, "£291,250"), (DA_ROW, "£33,690"), (MH_002, "£25,730"),
                   # printed on the 'Reducing ASB:' heading line; the mentoring row's own cell
                   # is empty and para 13 gives "£91,000 to support the roll-out of mentoring"
                   (ASB_002, "£91,000"),
                   ("Locality Allocations", "£147,000"), ("Programme Evaluation", "£11,440")),
        totals=(("Total", M18, OCT11_MAR13, D("£600,110")),
                ("Reducing re-offending:", M18, OCT11_MAR13, D("£291,250")),
                ("Protecting the most vulnerable:", M18, OCT11_MAR13, D("£59,420")),
                ("Reducing ASB:", M18, OCT11_MAR13, D("£91,000"))),
    ),
    "table-lscsb-domestic-abuse-outreach-2011-13": Printed(
        where="002 lines 65-70 (domestic abuse outreach by area)",
        rows=cells("Allocation", OCT11_MAR13,
                   ("Harborough", "£3,500"), ("Melton", "£3,500"), ("NWL", "£23,190"),
                   ("Oadby & Wigston", "£3,500")),
        totals=(("Total", "Allocation", OCT11_MAR13, D("£33,690")),),
    ),
    "table-lscsb-locality-allocations-2011-13": Printed(
        where="002 lines 84-91 (locality allocations to the District CSPs)",
        rows=cells("Allocation", OCT11_MAR13,
                   ("Blaby", "£20,938"), ("Charnwood", "£32,752"), ("Harborough", "£17,948"),
                   ("Hinckley & Bosworth", "£22,629"), ("Melton", "£15,103"),
                   ("North West Leics", "£21,343"), ("Oadby & Wigston", "£16,287")),
        # no total row is printed under this table; the graph states the main table's
        # 'Locality Allocations £147,000' (line 50) as its total, with a comment saying so
        totals=(("Locality Allocations", M18, OCT11_MAR13, D("£147,000")),),
        parties=CSP_PARTIES,
    ),
    "table-csf-leicestershire-2012-13": Printed(
        where="001 lines 1151-1161 (full use of the Community Safety Fund in Leicestershire)",
        rows=cells(OCT_MAR, OCT11_MAR13,
                   ("Integrated Offender Management", "£291,250"), (DA_ROW, "£33,690"),
                   (MH_001, "£25,730"), (ASB_001, "£91,000"),
                   ("Locality Allocations", "£147,000"), ("Programme Evaluation", "£11,440"))
        + cells(A1213, FY12,
                ("Integrated Offender Management", "£194,000"), (DA_ROW, "£25,190"),
                (MH_001, "£25,730"), (ASB_001, "£61,000"),
                ("Locality Allocations", "£98,000"), ("Programme Evaluation", "£11,440")),
        totals=(("Total", OCT_MAR, OCT11_MAR13, D("£600,110")),
                ("Total", A1213, FY12, D("£415,360")),
                ("Protecting the most vulnerable:", OCT_MAR, OCT11_MAR13, D("£59,420")),
                ("Protecting the most vulnerable:", A1213, FY12, D("£50,920"))),
    ),
    "table-csf-leicestershire-locality-2012-13": Printed(
        where="001 lines 1165-1173 (locality allocations to each CSP)",
        rows=cells(LOC18, OCT11_MAR13,
                   ("Blaby", "£20,938"), ("Charnwood", "£32,752"), ("Harborough", "£17,948"),
                   ("Hinckley & Bosworth", "£22,629"), ("Melton", "£15,103"),
                   ("North West Leics", "£21,343"), ("Oadby & Wigston", "£16,287"))
        + cells(LOC1213, FY12,
                ("Blaby", "£13,959"), ("Charnwood", "£21,835"), ("Harborough", "£11,965"),
                ("Hinckley & Bosworth", "£15,086"), ("Melton", "£10,069"),
                ("North West Leics", "£14,229"), ("Oadby & Wigston", "£10,858")),
        totals=(("Total", LOC18, OCT11_MAR13, D("£147,000")),
                ("Total", LOC1213, FY12, D("£98,001"))),
        parties={"Blaby": "lscsb > blaby-csp", "Charnwood": "lscsb > charnwood-csp",
                 "Harborough": "lscsb > harborough-csp",
                 "Hinckley & Bosworth": "lscsb > hinckley-and-bosworth-csp",
                 "Melton": "lscsb > melton-csp", "North West Leics": "lscsb > north-west-leicestershire-csp",
                 "Oadby & Wigston": "lscsb > oadby-and-wigston-csp"},
    ),
    "table-slp-csf-2012-13": Printed(
        where="001 lines 1177-1188 (The Safer Leicester Partnership – Community Safety Fund)",
        rows=cells(AGREED, FY12,
                   ("YOS DYO Staff", "35,000"), ("YOS Substance Misuse", "19,000"),
                   ("Overall Crime Delivery Group", "40,000"),  # Citywatch Training
                   ("Domestic Homicide Review", "10,000"),
                   ("Anchor Centre (if unavailable through LCC/Probation)", "10,578"),  # "(To be confirmed)"
                   ("IOM", "55,000"))
        + cells(Q1, Q1_12,
                ("YOS DYO Staff", "8,750"), ("YOS Substance Misuse", "4,750"),
                ("Overall Crime Delivery Group", "3,000"),  # Citywatch Training
                # 'Vehicle Crime Catalytic Converter Marker Kits': Proposal cell blank, i.e.
                # still the Overall Crime Delivery Group; Domestic Homicide Review and
                # Anchor Centre spent 'Nil' (no flow)
                ("Overall Crime Delivery Group", "1,200"),
                ("IOM", "13,750"))
        # the sentence above the table (line 1177); 'Amount To Be Allocated 14,998' is
        # unallocated money, not a flow
        + (("home-office > slp", None, FY12, D("£184,576")),),
        totals=(("Total Allocated", AGREED, FY12, D("169,578")),
                ("Total Allocated", Q1, Q1_12, D("17,700"))),
        parties={"YOS DYO Staff": "slp > yos-leicester-city", "YOS Substance Misuse": "slp > yos-leicester-city",
                 "IOM": "slp > iom"},
    ),
    "table-safer-rutland-budget-2012-13": Printed(
        where="001 lines 1190-1212 (Safer Rutland Partnership Board Budget 2012/13)",
        # 'Allocation in total £12,000 £171,800' is what the partnership received (kept as
        # two flows outside the table); Priorities 2 and 5 print no amounts
        rows=cells(BCU, FY12, ("Community Based Survey", "£2,730"), ("IDVA", "£2,600"))
        + cells(COUNCIL, FY12,
                ("Youth Inclusion and Support Programme (YISP)", "£21,700"), ("Sentinel Fee", "£5,100"),
                ("Victim Support Grant", "£579"),
                ("Multi-agency prolific and priority offender management (MAPPOM)", "£8,400"),
                ("CCTV monitoring and services", "£9,300"), ("Strategic Assessment", "£2,500"),
                ("Youth Offending Service", "£67,764"), ("Domestic Violence Outreach Worker", "£39,645"),
                ("Domestic Homicide Review Process", "£2,000"), ("IDVA", "£13,000"),
                ("Refuge Support", "£1,500"), ("Marac Co-ordinator funding", "260")),  # printed without £
        totals=(("Grand Total", BCU, FY12, D("£6,670")),
                ("Grand Total", COUNCIL, FY12, D("£171,748"))),
    ),
    "table-youth-justice-grant-2011-12": Printed(
        where="001 line 1216 (Youth Justice Grant, in the text)",
        rows=(("home-office > yos-leicestershire", None, FY11, D("£100,108")),  # "for Leicestershire and Rutland"
              ("home-office > yos-leicester-city", None, FY11, D("£132,860")),
              ("youth-justice-board > yos-leicestershire", None, FY11, D("£770,067")),
              ("youth-justice-board > yos-leicester-city", None, FY11, D("£1,021,996"))),
        totals=((None, None, FY11, D("£770,067")), (None, None, FY11, D("£1,021,996"))),
    ),
    "table-dip-pooled-budget-2011-12": Printed(
        where="001 line 1240 (Drug Interventions Programme: Commissioning Arrangements / Funding)",
        rows=(("department-of-health+home-office+noms+pct-cluster > cjdats", None, FY11,
               Decimal("3300000")),  # "£3.3million"
              ("home-office > cjdats", None, FY11, D("£621,000")),  # "for treatment services"
              ("home-office > leicestershire-police", None, FY11, D("£544,000"))),  # "In addition to this funding"
        totals=((None, None, FY11, Decimal("3300000")),),  # "£3.3million"
    ),
    "table-cjscg-pooled-budget-2011-12": Printed(
        where="001 line 743 (Criminal Justice Strategic Commissioning Group)",
        rows=(("department-of-health+leicester-city-pct+leicestershire-county-and-rutland-pct"
               "+ministry-of-justice+noms > cjscg", None, FY11, Decimal("3300000")),  # "£3.3 million"
              ("home-office > cjscg", None, FY11, D("£621,000"))),  # printed "£621, 000"
        totals=((None, None, FY11, Decimal("3300000")),),
    ),
    "table-cps-east-midlands-budget-2012-13": Printed(
        where="001 line 1055 (Crown Prosecution Service)",
        rows=(("central-government > cps-east-midlands", None, FY12, D("£24,851,090")),),
        totals=((None, None, FY12, D("£24,851,090")),),
    ),
    "table-lrpt-budget-2012-13": Printed(
        where="001 line 1086 (Probation Trust: 'a total budget of £18 million in 2012/13 from all sources')",
        rows=(),  # no breakdown by funder is printed
        totals=((None, None, FY12, Decimal("18000000")),),
    ),
    "table-mappa-annual-budget": Printed(
        where="001 line 723 (MAPPA: 'The annual budget for MAPPA is approximately £140,000')",
        # "jointly funded each year by contributions from the RA and DTC Agencies"; the
        # £16,000 operational budget is part of the £140,000
        rows=(("electronic-monitoring-providers+health-bodies+hm-prison-service+jobcentre-plus"
               "+leicestershire-police+local-authority-social-services+local-education-authorities"
               "+local-housing-authorities+lrpt+registered-social-landlords+youth-offending-teams > mappa",
               None, NONE, D("£140,000")),),
        totals=((None, None, NONE, D("£140,000")),),
    ),
    "table-police-yos-contribution": Printed(
        where="001 line 1228 ('Leicestershire Police also contributes £91,687 per annum')",
        rows=(("leicestershire-police > yos-leicestershire", None, NONE, D("£91,687")),),
        totals=((None, None, NONE, D("£91,687")),),
    ),
    "table-caaci-fund-leicestershire": Printed(
        where="001 line 873 ('£242,505 income into Leicestershire ... two year programme ending 31 March 2013')",
        rows=(("home-office > caaci-fund-successful-groups-leicestershire", None,
               ("2011-04-01", "2013-03-31"), D("£242,505")),),
        totals=((None, None, (None, "2013-03-31"), D("£242,505")),),  # the sentence states the end only
    ),
    "table-uava-contract-price": Printed(
        where="004 lines 780-787 (Contract Price)",
        rows=tuple(
            row
            for column, period, amounts in (
                ("1/12/15 – 31/3/16", DEC15_MAR16, ("£92,313.33", "£76,493.33", "£85,736.67", "£18,623.33")),
                ("1/4/16 – 31/3/17", FY16, ("£279,150", "£231,300", "£259,225", "£56,325")),
                ("1/4/17 – 31/3/18", FY17, ("£279,150", "£231,300", "£259,225", "£56,325")),
                ("1/4/18 – 31/3/19", FY18, ("£279,150", "£231,300", "£259,225", "£56,325")))
            for row in cells(column, period, *zip(UAVA_FUNDERS, amounts))),
        totals=(("TOTAL", "1/12/15 – 31/3/16", DEC15_MAR16, D("£273,166.66")),
                ("TOTAL", "1/4/16 – 31/3/17", FY16, D("£826,000")),
                ("TOTAL", "1/4/17 – 31/3/18", FY17, D("£826,000")),
                ("TOTAL", "1/4/18 – 31/3/19", FY18, D("£826,000"))),
        parties=UAVA_FUNDERS,
    ),
    "table-uava-contract-management-price": Printed(
        where="004 lines 791-794 (Contributions toward Contract Management Price)",
        # rows are periods, columns funders ("3,960.50" and "£7921" as printed)
        rows=tuple(
            cell
            for label, period, amounts in (
                (CM_2015, DEC15_MAR16, ("£4,780", "3,960.50", "£964.50", "£4,438.50")),
                (CM_2016, APR16_MAR19, ("£9,560", "£7921", "£1,929", "£8,877")))
            for column, amount in zip(("City (in kind)", "County", "Rutland", "OPCC"), amounts)
            for cell in cells(column, period, (label, amount))),
        totals=((None, "Total", DEC15_MAR16, D("£9,363.50")),    # printed "£9,363.50 + city in kind"
                (None, "Total", APR16_MAR19, D("£18,727"))),     # printed "£18,727 + City Council In-kind"
    ),
    "table-uava-additional-contributions": Printed(
        where="004 lines 796-806 (Additional Contributions 2017-19)",
        # "Amount per annum 2017-2019": each printed amount is paid in 2017/18 and again in 2018/19
        rows=tuple(row for period in (FY17, FY18)
                   for row in cells("Amount per annum 2017-2019", period,
                                    ("OPCC", "£111,125.00"), ("OPCC", "£16,000"), ("County Council", "£16,250"),
                                    ("City Council", "£16,864.89"))),
        totals=tuple((None, "Amount per annum 2017-2019", period, D("£160,239.89"))  # unlabelled line, per annum
                     for period in (FY17, FY18)),
        parties={"OPCC": "opcc > uava", "County Council": "leicestershire-county-council > uava",
                 "City Council": "leicester-city-council > uava"},
    ),
    "table-hope-project-mhclg-2019-20": Printed(
        where="004 lines 300, 309, 751 (MHCLG bid for the Hope Project, in the text)",
        # "will commence in January 2019 and will run until the end of March 2020"
        rows=(("mhclg > hope-project", None, JAN19_MAR20, D("£882,373")),),
        totals=((None, None, JAN19_MAR20, D("£882,373")),),
    ),
}

# Which printed rows a labelled sub-total covers (read off the printed layout): the data
# does not say, so the check below takes it from here. Any other total covers every row
# of its column (or, when its column is not a row column, of its period).
SUBTOTALS = {
    ("table-lscsb-csp-revenue-2011-13", "Total CSP allocation"): set(CSP_ROWS_000),
    ("table-lscsb-community-safety-fund-2011-13", "Reducing re-offending:"): {IOM_002},
    ("table-lscsb-community-safety-fund-2011-13", "Protecting the most vulnerable:"): {DA_ROW, MH_002},
    ("table-lscsb-community-safety-fund-2011-13", "Reducing ASB:"): {ASB_002},
    ("table-csf-leicestershire-2012-13", "Protecting the most vulnerable:"): {DA_ROW, MH_001},
}

# Printed totals that differ from the sum of their printed rows, kept as printed:
# (table, period, printed total) -> (column, sum of the rows).
PRINTED_TOTALS_THAT_DISAGREE = {
    # seven CSP rows add up to £160,093 ("rounded to nearest £")
    ("table-lscsb-csp-revenue-2011-13", APR_SEP11, D("160094")): (CSP_REVENUE, D("160093")),
    # Total Revenue = printed Total CSP allocation + Countywide; the rows give £1 less
    ("table-lscsb-csp-revenue-2011-13", APR_SEP11, D("278464")): (CSP_REVENUE, D("278463")),
    # 8,750 + 4,750 + 3,000 + 1,200 + 13,750; the printed 17,700 leaves out the IOM's 13,750
    ("table-slp-csf-2012-13", Q1_12, D("17700")): (Q1, D("31450")),
    # Community Based Survey £2,730 + IDVA £2,600
    ("table-safer-rutland-budget-2012-13", FY12, D("6670")): (BCU, D("5330")),
    # the printed totals add the County, Rutland and OPCC cells and say "+ city in kind"
    # for the City's in-kind column (£4,780 and £9,560)
    ("table-uava-contract-management-price", DEC15_MAR16, D("9363.50")): ("Total", D("14143.50")),
    ("table-uava-contract-management-price", APR16_MAR19, D("18727")): ("Total", D("28287")),
}

# Figures quoted in running text and recorded as a table so the stated figure is kept:
# there the total is itself one of the figures and the others are parts of it (or in
# addition to it), so the rows are not a breakdown and do not add up.
TEXT_FIGURES_NOT_A_BREAKDOWN = {
    # the £3.3m pool + the £621,000 DIP monies that are part of it
    ("table-cjscg-pooled-budget-2011-12", FY11, D("3300000")): D("3921000"),
    # the £3.3m pool + £621,000 (part of it) + £544,000 ("In addition to this funding")
    ("table-dip-pooled-budget-2011-12", FY11, D("3300000")): D("4465000"),
    # each YJB grant is a per-YOS total; the Home Office contributions are 13 per cent of them
    ("table-youth-justice-grant-2011-12", FY11, D("770067")): D("2025031"),
    ("table-youth-justice-grant-2011-12", FY11, D("1021996")): D("2025031"),
    # no breakdown of the Probation Trust's £18 million is printed
    ("table-lrpt-budget-2012-13", FY12, D("18000000")): D("0"),
}

# The same money printed twice: the rows of a breakdown table against the row (or total)
# they break down, and one paper against another. Each side is ("rows", table, column):
# the sum of that column, or ("cell", table, column, row label): a printed row or total.
SAME_MONEY = {
    "001 CSP locality allocations, 18 months = 'Locality Allocations' of the CSF table":
        (("rows", "table-csf-leicestershire-locality-2012-13", LOC18),
         ("cell", "table-csf-leicestershire-2012-13", OCT_MAR, "Locality Allocations")),
    "001 CSP locality allocations, 2012-13 = 'Locality Allocations' of the CSF table":
        (("rows", "table-csf-leicestershire-locality-2012-13", LOC1213),
         ("cell", "table-csf-leicestershire-2012-13", A1213, "Locality Allocations")),
    "002 District CSP allocations = 'Locality Allocations' of the allocations table":
        (("rows", "table-lscsb-locality-allocations-2011-13", "Allocation"),
         ("cell", "table-lscsb-community-safety-fund-2011-13", M18, "Locality Allocations")),
    "002 domestic abuse outreach by area = its row of the allocations table":
        (("rows", "table-lscsb-domestic-abuse-outreach-2011-13", "Allocation"),
         ("cell", "table-lscsb-community-safety-fund-2011-13", M18, DA_ROW)),
    "001 CSF table, 18 months = 002 allocations table":
        (("rows", "table-csf-leicestershire-2012-13", OCT_MAR),
         ("rows", "table-lscsb-community-safety-fund-2011-13", M18)),
    "001 locality allocations, 18 months = 002 District CSP allocations":
        (("rows", "table-csf-leicestershire-locality-2012-13", LOC18),
         ("rows", "table-lscsb-locality-allocations-2011-13", "Allocation")),
    "000 revenue from October 2011 (2011/12 + 2012/13) = 002 funding available Oct 2011 - Mar 2013":
        (("rows", "table-lscsb-csp-revenue-2011-13", "From October 2011"),
         ("cell", "table-lscsb-community-safety-fund-2011-13", M18, "Total")),
}

SAME_MONEY_DISAGREES = {
    # the breakdown prints (and adds up to) £98,001; the CSF table's row prints £98,000
    "001 CSP locality allocations, 2012-13 = 'Locality Allocations' of the CSF table": (D("98001"), D("98000")),
    # £278,481 + £281,759 against the £600,110 the Commissioning Plan says is available
    "000 revenue from October 2011 (2011/12 + 2012/13) = 002 funding available Oct 2011 - Mar 2013":
        (D("560240"), D("600110")),
}


# --- reading the store ---------------------------------------------------------------------
@dataclass(frozen=True)
class Row:
    table: str
    flow: str
    parties: str
    amount: Decimal | None
    row: str | None
    column: str | None
    period: tuple

    @property
    def key(self) -> str | None:
        """A printed cell by its row label; a figure from the text by who pays whom."""
        return self.row if self.column is not None else self.parties


@dataclass(frozen=True)
class Total:
    table: str
    amount: Decimal | None
    row: str | None
    column: str | None
    period: tuple


def short(term) -> str | None:
    if term is None:
        return None
    return term.value.removeprefix(LLR)


def _rows(answers) -> list[Row]:
    out = []
    for a in answers:
        funders = "+".join(sorted(f.removeprefix(LLR) for f in a["funders"].value.split()))
        out.append(Row(table=short(a["table"]), flow=short(a["flow"]),
                       parties=f"{funders} > {short(a.get('recipient'))}",
                       amount=Decimal(a["amount"].value) if "amount" in a else None,
                       row=short(a.get("row")), column=short(a.get("column")),
                       period=(short(a.get("from")), short(a.get("until")))))
    return out


def _totals(answers) -> list[Total]:
    return [Total(table=short(a["table"]), amount=Decimal(a["amount"].value) if "amount" in a else None,
                  row=short(a.get("row")), column=short(a.get("column")),
                  period=(short(a.get("from")), short(a.get("until"))))
            for a in answers if "total" in a]


def table_rows(llr, project, table: str | None = None) -> list[Row]:
    params = {"table": ox.NamedNode(LLR + table)} if table else None
    return _rows(llr.select(project.internal_query("table-rows"), params, include_restricted=True))


def table_totals(llr, project, table: str | None = None) -> list[Total]:
    params = {"table": ox.NamedNode(LLR + table)} if table else None
    return _totals(llr.select(project.internal_query("table-totals"), params, include_restricted=True))


@pytest.fixture(scope="module")
def every_row(llr, llr_project) -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = {}
    for row in table_rows(llr, llr_project):
        out.setdefault(row.table, []).append(row)
    return out


@pytest.fixture(scope="module")
def every_total(llr, llr_project) -> dict[str, list[Total]]:
    answers = llr.select(llr_project.internal_query("table-totals"), include_restricted=True)
    out: dict[str, list[Total]] = {short(a["table"]): [] for a in answers}
    for total in _totals(answers):
        out[total.table].append(total)
    return out


# --- every table, row by row and total by total ----------------------------------------------
def test_every_funding_table_in_the_graph_is_transcribed_here(every_total):
    assert set(every_total) == set(PRINTED)


@pytest.mark.parametrize("table", sorted(PRINTED))
def test_rows_are_reproduced_as_printed(llr, llr_project, table):
    printed = PRINTED[table]
    rows = table_rows(llr, llr_project, table)
    got = Counter((r.key, r.column, r.period, r.amount) for r in rows)
    want = Counter(printed.rows)
    missing, unexpected = sorted(want - got, key=str), sorted(got - want, key=str)
    assert not missing and not unexpected, (
        f"{table} (seed {printed.where}):\n  printed but not in the graph: {missing}\n"
        f"  in the graph but not printed: {unexpected}")
    assert len(rows) == len(printed.rows), f"{table}: a flow answers more than once"


@pytest.mark.parametrize("table", sorted(t for t in PRINTED if PRINTED[t].parties))
def test_rows_name_the_bodies_the_seed_names(llr, llr_project, table):
    wrong = [(r.row, r.parties) for r in table_rows(llr, llr_project, table)
             if r.row in PRINTED[table].parties and r.parties != PRINTED[table].parties[r.row]]
    assert not wrong, f"{table}: rows whose funder/recipient is not the one printed: {wrong}"


@pytest.mark.parametrize("table", sorted(PRINTED))
def test_stated_totals_are_the_printed_ones(llr, llr_project, table):
    printed = PRINTED[table]
    expected = list(printed.totals)
    unmatched = []
    for total in table_totals(llr, llr_project, table):
        match = next((e for e in expected
                      if e[3] == total.amount and e[2] == total.period
                      and (e[1] is None or e[1] == total.column)
                      and (total.row is None or total.row == e[0])), None)
        if match is None:
            unmatched.append(total)
        else:
            expected.remove(match)
    assert not expected and not unmatched, (
        f"{table} (seed {printed.where}):\n  printed totals not stated: {expected}\n"
        f"  stated totals not printed: {unmatched}")


# --- totals that do not add up are marked, not hidden ---------------------------------------
def rows_of_total(table: str, total: Total, rows: list[Row], totals: list[Total]) -> list[Row]:
    """The rows a stated total adds up: same period (the bounds it states), same column when
    its column is a row column, not a printed total recorded as a flow, and for a labelled
    sub-total only the rows it covers."""
    columns = {r.column for r in rows if r.column is not None}
    total_labels = {t.row for t in totals if t.row is not None}
    covered = SUBTOTALS.get((table, total.row))
    return [r for r in rows
            if r.amount is not None
            and (total.period[0] is None or r.period[0] == total.period[0])
            and (total.period[1] is None or r.period[1] == total.period[1])
            and (total.column not in columns or r.column == total.column)
            and r.row not in total_labels
            and (covered is None or r.row in covered)]


def test_the_totals_that_do_not_add_up_are_exactly_these(every_row, every_total):
    disagree = {}
    for table, totals in every_total.items():
        for total in totals:
            rows = rows_of_total(table, total, every_row.get(table, []), totals)
            added = sum((r.amount for r in rows), Decimal(0))
            if added != total.amount:
                disagree[(table, total.period, total.amount)] = (total.column, added)
    printed_tables = {k: v for k, v in disagree.items() if k not in TEXT_FIGURES_NOT_A_BREAKDOWN}
    assert printed_tables == PRINTED_TOTALS_THAT_DISAGREE
    text_figures = {k: added for k, (_, added) in disagree.items() if k in TEXT_FIGURES_NOT_A_BREAKDOWN}
    assert text_figures == TEXT_FIGURES_NOT_A_BREAKDOWN


def test_every_subtotal_covers_rows_that_exist(every_row, every_total):
    for (table, label), covered in SUBTOTALS.items():
        assert any(t.row == label for t in every_total[table]), (table, label)
        assert covered <= {r.row for r in every_row[table]}, (table, label)


def figure(side: tuple, every_row, every_total) -> Decimal:
    if side[0] == "rows":
        _, table, column = side
        rows = [r for r in every_row[table] if r.column == column]
        assert rows, side
        return sum((r.amount for r in rows), Decimal(0))
    _, table, column, label = side
    found = [r.amount for r in every_row.get(table, []) if r.column == column and r.row == label]
    found = found or [t.amount for t in every_total[table] if t.column == column and t.row == label]
    assert len(found) == 1, side
    return found[0]


def test_the_same_money_printed_twice_disagrees_only_here(every_row, every_total):
    disagree = {}
    for what, (left, right) in SAME_MONEY.items():
        pair = (figure(left, every_row, every_total), figure(right, every_row, every_total))
        if pair[0] != pair[1]:
            disagree[what] = pair
    assert disagree == SAME_MONEY_DISAGREES
