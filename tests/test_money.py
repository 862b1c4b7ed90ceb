"""The money of seeds 001 and 004 as the papers state it: pools, shares, parts,
restatements and the streams that move to the PCC in April 2013 (DESIGN.md §2 Money).

Every figure below is transcribed from the seed texts (``../shared/seeds``; file and line
given), not from ``graph/``; the answers come from the CLI (``ask``, ``analyse``) as JSON.
"""
from __future__ import annotations

import json
from decimal import Decimal

import pytest

LLR = "https://w3id.org/govgraph/id/llr/"
FY11 = ("2011-04-01", "2012-03-31")  # "2011/12"
FY12 = ("2012-04-01", "2013-03-31")  # "2012/13"


def D(text: str) -> Decimal:
    return Decimal(text.replace("£", "").replace(",", ""))


def asked(llr_cli, *args) -> dict:
    result = llr_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def money(cell) -> tuple | None:
    return None if cell is None else (Decimal(str(cell["value"])), cell["from"], cell["to"])


def by_label(data: dict, column: str) -> dict:
    return {r[column]["label"]: r for r in data["rows"]}


# --- seed 001 line 743 (CJSCG) and line 1240 (DIP): one pooled budget ---------------------
# "The pool is made up of Department of Health pooled treatment monies, Drug Interventions
# Programme (DIP) monies from both DoH and Ministry of Justice, mainstream contributions from
# city and county/Rutland Primary Care Trusts and National Offender Management (NOMs). The total
# value of the pool for 2011/12 was £3.3 million. Of this, the DIP Home Office monies were
# £621, 000, i.e. 18 per cent of the total pool."
POOL = Decimal("3300000")
POOL_CONTRIBUTORS = {"Department of Health", "Ministry of Justice", "Leicester City Primary Care Trust",
                     "Leicestershire County and Rutland Primary Care Trust", "National Offender Management Service"}


def test_cjscg_pool_total_is_the_pool_and_no_contributor_is_credited_with_it(llr_cli):
    data = asked(llr_cli, "ask", "funders", "CJSCG", "--at", "2011-06-01")
    rows = by_label(data, "funder")
    assert set(rows) == POOL_CONTRIBUTORS | {"Home Office"}
    for name in POOL_CONTRIBUTORS:
        assert "amount" not in rows[name], name  # never the whole pool
        assert rows[name]["basis"].startswith("share not stated: one of 5 contributors to the £3,300,000")
    assert money(rows["Home Office"]["amount"]) == (D("£621,000"), *FY11)
    assert "part of the £3,300,000" in rows["Home Office"]["basis"] and "(18 per cent)" in rows["Home Office"]["basis"]
    assert money(data["totals"]["amount"])[0] == POOL  # not £17,121,000, not £3,921,000
    assert [(Decimal(str(i["amount"]["value"])), i["why"].split(" ")[0]) for i in data["left_out"]] == [
        (D("£621,000"), "part")]


def test_cjscg_latest_includes_the_pcc_stream_as_the_same_money(llr_cli):
    data = asked(llr_cli, "ask", "funders", "CJSCG")
    rows = by_label(data, "funder")
    pcc = rows["Police and Crime Commissioner for Leicestershire"]
    assert money(pcc["amount"]) == (D("£621,000"), *FY11)  # the amount and period the paper gives
    assert pcc["basis"].startswith("moved from Home Office on 2013-04-01; the amount as last stated before the move")
    assert money(data["totals"]["amount"])[0] == POOL
    assert {Decimal(str(i["amount"]["value"])) for i in data["left_out"]} == {D("£621,000")}


# --- seed 001 line 723: "The annual budget for MAPPA is approximately £140,000" -------------
# "jointly funded each year by contributions from the RA and DTC Agencies"; no agency's
# own contribution is printed.
def test_mappa_is_one_jointly_funded_budget(llr_cli):
    data = asked(llr_cli, "ask", "funders", "MAPPA")
    assert len(data["rows"]) == 11
    assert all("amount" not in r for r in data["rows"])  # no agency pays £140,000
    assert all(r["basis"] == "share not stated: one of 11 contributors to the £140,000 MAPPA annual budget"
               for r in data["rows"])
    assert money(data["totals"]["amount"]) == (D("£140,000"), None, None)


# --- seed 001 line 1216: Youth Justice Grant 2011/12 -----------------------------------------
# "the Home Office provided a contribution to the Youth Justice grant ... amounting to £100,108
# for Leicestershire and Rutland and £132,860 for Leicester City. This constitutes 13 per cent
# of the total youth justice grant of £770,067 for the County and £1,021,996 for Leicester City."
@pytest.mark.parametrize("yos,home_office,grant", [
    ("Leicester City Youth Offending Service", "£132,860", "£1,021,996"),
    ("Leicestershire Youth Offending Service", "£100,108", "£770,067"),
])
def test_home_office_contribution_is_part_of_the_youth_justice_grant(llr_cli, yos, home_office, grant):
    data = asked(llr_cli, "ask", "funders", yos, "--at", "2011-06-01")
    rows = by_label(data, "funder")
    assert money(rows["Youth Justice Board for England and Wales"]["amount"]) == (D(grant), *FY11)
    assert money(rows["Home Office"]["amount"]) == (D(home_office), *FY11)
    assert rows["Home Office"]["basis"] == (
        f"not in the total: part of Youth Justice Board for England and Wales's {grant} to {yos} "
        f"(2011-04-01 to 2012-03-31) (13 per cent)")
    assert [Decimal(str(i["amount"]["value"])) for i in data["left_out"]] == [D(home_office)]


def test_leicester_city_yos_grant_total_is_the_grant(llr_cli):
    data = asked(llr_cli, "ask", "funders", "Leicester City Youth Offending Service", "--at", "2011-06-01")
    assert money(data["totals"]["amount"])[0] == D("£1,021,996")  # not £1,154,856


def test_leicester_city_yos_latest_gives_no_total_across_years(llr_cli):
    # the YJB grant is for 2011/12; the SLP's 'Amount Agreed' for 2012/13 (line 1181-1182:
    # YOS DYO Staff 35,000 and YOS Substance Misuse 19,000; first-quarter spend is part of it)
    data = asked(llr_cli, "ask", "funders", "Leicester City Youth Offending Service")
    assert "totals" not in data
    slp = by_label(data, "funder")["Safer Leicester Partnership"]
    assert money(slp["amount"]) == (D("35,000") + D("19,000"), *FY12)
    assert any(n.startswith("no single total: the money shown is for different periods (£1,021,996 for "
                            "2011-04-01 to 2012-03-31; £54,000 for 2012-04-01 to 2013-03-31)") for n in data["notes"])


# --- seed 001 lines 1131, 1216, 1240 and 1177; seed 000 Appendix 1: streams to the PCC --------
# "The following funding streams will transfer to the PCC from April 2013"; DIP: "The Home
# Office DIP budget of £621,000 for treatment services ... the Police receive £544,000 directly
# from the Home Office ... The entirety of this funding will transfer to the Police and Crime
# Commissioner from April 2013"; Youth Justice Grant (Home Office contribution, 2011/12): "This
# will transfer to the Police and Crime Commissioner in 2013/14"; Community Safety Fund: the
# SLP "has received £184,576 from the Home Office for 2012/13", and the County Council's
# 2012/13 Revenue £281,759 (seed 000, Appendix 1).
TO_PCC = {
    "Criminal Justice Drug and Alcohol Treatment Service": (D("£621,000"), *FY11),
    "Criminal Justice Strategic Commissioning Group": (D("£621,000"), *FY11),  # the same £621,000, printed twice
    "Leicestershire Police": (D("£544,000"), *FY11),
    "Leicester City Youth Offending Service": (D("£132,860"), *FY11),
    "Leicestershire Youth Offending Service": (D("£100,108"), *FY11),
    "Safer Leicester Partnership": (D("£184,576"), *FY12),
    "Leicestershire County Council": (D("£281,759"), *FY12),
}


def test_streams_move_to_the_pcc_with_their_amounts(llr_cli):
    data = asked(llr_cli, "ask", "funded-by", "PCC", "--at", "2013-06-01")
    rows = by_label(data, "recipient")
    assert {name: money(r.get("amount")) for name, r in rows.items()} == TO_PCC
    assert all(r["basis"].startswith("moved from Home Office on 2013-04-01") for r in data["rows"])
    expected = sum(v[0] for v in TO_PCC.values()) - D("£621,000")  # the DIP treatment money once
    assert money(data["totals"]["amount"])[0] == expected == D("£1,864,303")
    assert [i["why"] for i in data["left_out"]] == [
        "the same money as Police and Crime Commissioner for Leicestershire's £621,000 to Criminal Justice Drug "
        "and Alcohol Treatment Service (2011-04-01 to 2012-03-31), printed again"]


def test_funding_of_the_pcc_shows_the_same_moved_amounts(llr_cli):
    data = asked(llr_cli, "ask", "funding", "PCC", "--at", "2013-06-01")
    paid = sorted(money(r["paid"]) for r in data["rows"] if r["direction"] == "out")
    assert paid == sorted(TO_PCC.values())
    assert money(data["totals"]["paid"])[0] == D("£1,864,303")


def test_a_moved_stream_shows_its_derivation(llr_cli):
    data = asked(llr_cli, "ask", "funded-by", "PCC", "--at", "2013-06-01", "--why")
    police = by_label(data, "recipient")["Leicestershire Police"]
    assert police["derivation"] == [{"rule": "grule:transfer-fund-from-funder",
                                     "premises": ["llr:event-dip-transfer-pcc-2013",
                                                  "llr:funding-dip-police-processes-home-office-leicestershire-police-2011"]}]
    quotes = {e["quote"] for e in police["evidence"]}
    assert "The entirety of this funding will transfer to the Police and Crime Commissioner from April 2013." in quotes
    assert "In addition to this funding, the Police receive £544,000 directly from the Home Office to support " \
           "the DIP processes within custody suites." in quotes


def test_nothing_moves_before_april_2013(llr_cli):
    assert asked(llr_cli, "ask", "funded-by", "PCC", "--at", "2013-03-01")["rows"] == []


# --- the Community Safety Fund in Leicestershire, seed 001 lines 1149-1173 ---------------------
# "The second column shows the allocation for the 18 months, and the third column the amount of
# the 18-month allocation that relates to 2012-13": Integrated Offender Management £291,250 /
# £194,000; the SLP agreed £55,000 for IOM (line 1186), of which 13,750 spent in the first quarter.
def test_iom_on_a_day_in_2012_13_counts_the_year_not_the_18_months(llr_cli):
    data = asked(llr_cli, "ask", "funders", "IOM", "--at", "2012-06-01")
    assert money(data["totals"]["amount"])[0] == D("£194,000") + D("55,000")
    why = {Decimal(str(i["amount"]["value"])): i["why"] for i in data["left_out"]}
    assert why[D("£291,250")].startswith("a broader column")
    assert why[D("13,750")].startswith("part of Safer Leicester Partnership's £55,000")


def test_a_csp_locality_allocation_printed_twice_counts_once(llr_cli):
    # seed 001 line 1172 'Oadby & Wigston £16,287 £10,858' and seed 002 line 91 'Oadby & Wigston £16,287'
    data = asked(llr_cli, "ask", "funding", "Oadby and Wigston Community Safety Partnership", "--at", "2012-01-01")
    assert money(data["totals"]["received"])[0] == D("£16,287")
    data = asked(llr_cli, "ask", "funding", "Oadby and Wigston Community Safety Partnership", "--at", "2012-06-01")
    assert money(data["totals"]["received"])[0] == D("£10,858")


# --- seed 004 lines 780-787: UAVA contract price, "contributions payable by each commissioner" -
def test_uava_contributors_add_up_to_the_printed_total(llr_cli):
    data = asked(llr_cli, "ask", "funders", "UAVA", "--at", "2016-06-01")
    fy16 = ("2016-04-01", "2017-03-31")
    assert {name: money(r["amount"]) for name, r in by_label(data, "funder").items()} == {
        "Leicester City Council": (D("£279,150"), *fy16),
        "Leicestershire County Council": (D("£231,300"), *fy16),
        "Office of the Police and Crime Commissioner": (D("£259,225"), *fy16),
        "Rutland County Council": (D("£56,325"), *fy16)}
    assert money(data["totals"]["amount"])[0] == D("£826,000")  # TOTAL as printed


def test_hope_project_is_its_share_of_the_national_fund(llr_cli):
    # seed 004 line 300: "for a share of the funding (£882,373)"
    data = asked(llr_cli, "ask", "funders", "Hope Project")
    assert money(data["totals"]["amount"]) == (D("£882,373"), None, None)


# --- analyse funding: no adding across years and pools -----------------------------------------
def test_analyse_funding_credits_no_pool_contributor_with_the_pool(llr_cli):
    rows = asked(llr_cli, "analyse", "funding")["rows"]
    funders = {r["body"]["label"]: r for r in rows if r["by"] == "funder"}
    for name in ("Department of Health", "National Offender Management Service", "Ministry of Justice"):
        assert "amount" not in funders[name], name  # was £6,600,000 / £3,300,000
    assert "share not stated" in funders["Ministry of Justice"]["basis"]
    streams = {r["body"]["label"]: money(r.get("amount")) for r in rows if r["by"] == "stream"}
    assert streams["Criminal justice substance misuse pooled budget (Force Area)"] == (POOL, *FY11)
    assert streams["Home Office Drug Interventions Programme funding"] == (D("£621,000") + D("£544,000"), *FY11)
    assert streams["MAPPA annual budget"] == (D("£140,000"), None, None)
    assert streams["UAVA contract pooled fund"] == (D("£826,000"), "2018-04-01", "2019-03-31")  # seed 004 line 787


def test_analyse_funding_stream_counts_what_enters_it_once(llr_cli):
    rows = asked(llr_cli, "analyse", "funding", "--at", "2012-06-01")["rows"]
    streams = {r["body"]["label"]: r for r in rows if r["by"] == "stream"}
    csf = streams["Community Safety Fund"]
    # the Home Office's 2012/13 money to the County Council (seed 000) and to the SLP (seed 001)
    assert money(csf["amount"]) == (D("£281,759") + D("£184,576"), *FY12)
    assert "onward flow(s) not added" in csf["basis"]


# --- the pools in the graph, as the papers list their contributors ---------------------------
POOL_QUERY = """PREFIX gov: <https://w3id.org/govgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?label WHERE { ?pool a gov:PooledBudget ; skos:prefLabel ?name ; gov:contributor ?c .
  ?c skos:prefLabel ?label . FILTER(STR(?name) = "%s") } ORDER BY ?label"""


@pytest.mark.parametrize("pool,contributors", [
    # seed 001 lines 743 and 1240 (the two descriptions of the one pool, together)
    ("Criminal justice substance misuse pooled budget (Force Area)",
     POOL_CONTRIBUTORS | {"Home Office", "PCT Cluster"}),
    # seed 001 lines 706-723: the Responsible Authority and Duty to Co-operate agencies
    ("MAPPA annual budget", {"Electronic Monitoring Providers", "Health Bodies", "Jobcentre Plus",
                             "Leicestershire and Rutland Probation Trust", "Leicestershire Police",
                             "Local Authority Social Services", "Local Education Authorities",
                             "Local Housing Authorities", "Prison Service", "Registered Social Landlords",
                             "Youth Offending Services or Teams"}),
    # seed 004 lines 780-794: "the contributions payable by each commissioner", "the pooled fund"
    ("UAVA contract pooled fund", {"Leicester City Council", "Leicestershire County Council",
                                   "Office of the Police and Crime Commissioner", "Rutland County Council"}),
])
def test_pools_name_their_contributors(llr_cli, pool, contributors):
    result = llr_cli("sparql", POOL_QUERY % pool, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found = {row["label"]["value"] for row in json.loads(result.stdout)["results"]["bindings"]}
    assert found == contributors


def test_check_flags_a_pool_without_contributors_and_a_part_of_a_non_flow(mini_copy, tmp_path):
    from conftest import Cli

    (mini_copy / "bad-money.ttl").write_text("""
@prefix gov: <https://w3id.org/govgraph/ontology#> .
@prefix llr: <https://w3id.org/govgraph/id/llr/> .
@prefix src: <https://w3id.org/govgraph/id/source/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
llr:empty-pool a gov:Fund, gov:PooledBudget ; skos:prefLabel "Empty pool"@en ;
    gov:evidence [ dcterms:source src:001 ; gov:quote "Strategic Partnership Board" ] .
llr:odd-part a gov:FundingFlow ; gov:funder llr:uava ; gov:recipient llr:uava ; gov:amount 5.0 ;
    gov:partOf llr:empty-pool ;
    gov:evidence [ dcterms:source src:001 ; gov:quote "Strategic Partnership Board" ] .
""")
    result = Cli(mini_copy, tmp_path / "store")("check")
    assert result.exit_code == 1
    assert "a pooled budget needs at least one gov:contributor (an organisation) [gsh:PooledBudget]" in result.stdout
    assert "gov:partOf must be another gov:FundingFlow (and not one this flow restates) [gsh:FlowOverlap]" in result.stdout


# --- seed 001 lines 1177-1188 and 1190-1212: what a partnership received and what it agreed ---
def test_safer_leicester_partnership_received_and_allocated(llr_cli):
    # "The Safer Leicester Partnership (SLP) has received £184,576 from the Home Office for
    # 2012/13"; "Total Allocated 169,578"; first-quarter spend is part of each amount agreed
    data = asked(llr_cli, "ask", "funding", "SLP", "--at", "2012-06-01")
    assert money(data["totals"]["received"]) == (D("£184,576"), None, None)
    assert money(data["totals"]["paid"]) == (D("169,578"), None, None)
    spent = sorted(Decimal(str(i["amount"]["value"])) for i in data["left_out"])
    assert spent == sorted(D(x) for x in ("8,750", "4,750", "3,000", "1,200", "13,750"))
    assert all(i["why"].startswith("part of Safer Leicester Partnership's") for i in data["left_out"])


def test_safer_rutland_rows_are_parts_of_its_allocations(llr_cli):
    # "Allocation in total £12,000 £171,800"; the rows under it break it down
    data = asked(llr_cli, "analyse", "funding", "--at", "2012-06-01")
    funders = {r["body"]["label"]: r for r in data["rows"] if r["by"] == "funder"}
    assert money(funders["Rutland County Council"]["amount"]) == (D("£171,800"), *FY12)
    assert "not in the total: part of Rutland County Council's £171,800 to Safer Rutland Partnership" in \
        funders["Rutland County Council"]["basis"]


def test_the_strategy_boards_latest_money_is_the_printed_2012_13_total(llr_cli):
    # seed 001 line 1161: "Total £600,110 £415,360" - the 2012-13 column, not the 18 months,
    # and neither the 2011 plan's rows (seed 002) nor their breakdowns added again
    rows = asked(llr_cli, "analyse", "funding")["rows"]
    lscsb = next(r for r in rows if r["by"] == "funder"
                 and r["body"]["label"] == "Leicestershire Safer Communities Strategy Board")
    assert money(lscsb["amount"]) == (D("£415,360"), *FY12)


def test_what_a_pool_contributor_funds_is_never_the_whole_pool(llr_cli):
    # the Department of Health pays into the £3.3 million pool (seed 001 lines 743, 1240) and
    # into the DIP (line 1234), with no amount of its own printed anywhere
    data = asked(llr_cli, "ask", "funded-by", "Department of Health")
    assert "totals" not in data
    assert all("amount" not in r for r in data["rows"])
    assert {i["why"] for i in data["left_out"]} == {"a pool of 5 contributors; no one's share is stated",
                                                    "a pool of 4 contributors; no one's share is stated"}
    dip = by_label(data, "recipient")["Drug Interventions Programme"]
    assert dip["basis"].startswith("amount not stated; its stated parts: Home Office's £621,000")


def test_the_county_council_passes_on_its_total_revenue(llr_cli):
    # seed 000 Appendix 1, "To September 2011": Total Revenue £278,464 from the Home Office; the
    # seven CSP rows and the Countywide allocation £118,370 are its parts (the rows add up to
    # £278,463: "rounded to nearest £")
    data = asked(llr_cli, "ask", "funding", "Leicestershire County Council", "--at", "2011-06-01")
    assert money(data["totals"]["received"])[0] == D("£278,464")
    assert money(data["totals"]["paid"])[0] == D("£278,463")
