"""`governance ask changes` (issue 11): plain SPARQL 1.1 dated by the build's timeline
(gov:supersededFrom, gov:carriedForwardFrom), fast, and checked against the papers.

The papers: 001 describes August 2012 ("the Board currently comprises the seven local
CSP Chairs and senior officers or representatives of the responsible authorities –
police, fire and rescue, County Council, District Councils, Probation Trust and the PCT
Cluster"); the minutes of 1 October 2018 (in pack 004) list who was present, the
officers, "Others" and the apologies; 003 (6 November 2019) gives the Board's members
again ("senior representatives from the responsible authorities; the police, public
health, Fire and Rescue, and both the National Probation Service and Community
Rehabilitation Company, and the Police and Crime Commissioner (PCC)").
"""
from __future__ import annotations

import datetime as dt
import json
import time

import pyoxigraph as ox
from conftest import ROOT

LSCSB = "Leicestershire Safer Communities Strategy Board"
LIST = "a later whole membership list"
LLR = "https://w3id.org/govgraph/id/llr/"
GOV = "https://w3id.org/govgraph/ontology#"


def changes(llr_cli, *args) -> list[dict]:
    result = llr_cli("ask", "changes", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def events(rows: list[dict]) -> list[tuple]:
    """The rows other than "began carried-forward", as (change, subject, before, after)."""
    return [(r["change"], r["subject"]["label"], r.get("before", ""), r.get("after", ""))
            for r in rows if r["change"] != "began carried-forward"]


def timeline(llr, node: str) -> dict:
    rows = llr.select(f"SELECT ?p ?o WHERE {{ <{LLR}{node}> ?p ?o FILTER(STRSTARTS(STR(?p), '{GOV}')) }}")
    return {r["p"].value[len(GOV):]: r["o"].value for r in rows}


def day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


# --- the query: SPARQL 1.1, no date arithmetic, fast ---

def test_changes_query_has_no_date_arithmetic():
    text = (ROOT / "queries" / "changes.rq").read_text(encoding="utf-8")
    assert "dayTimeDuration" not in text and '"P1D"' not in text
    assert "gov:supersededFrom" in text and "gov:carriedForwardFrom" in text


def test_the_two_timeline_terms_are_in_the_ontology():
    ontology = ox.Store()
    ontology.load(path=str(ROOT / "ontology" / "govgraph.ttl"), format=ox.RdfFormat.TURTLE)
    for term, label in (("supersededFrom", "superseded from"), ("carriedForwardFrom", "carried forward from")):
        found = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value
                 for q in ontology.quads_for_pattern(ox.NamedNode(GOV + term), None, None)}
        assert found["label"] == label
        assert found["comment"].startswith("Inferred by the build")


def test_changes_over_the_papers_years_is_fast(llr_cli):
    changes(llr_cli, "--from", "2012-01-01", "--to", "2019-12-31")  # warm: labels, store
    start = time.perf_counter()
    rows = changes(llr_cli, "--from", "2012-01-01", "--to", "2019-12-31")
    assert time.perf_counter() - start < 5  # 50-100 s with the date arithmetic in the query
    assert len(rows) > 500


def test_the_change_days_are_the_day_after_the_ends(llr):
    """gov:supersededFrom is the day after gov:knownUntil; gov:carriedForwardFrom the day
    after gov:statedUntil, written exactly when the fact is still known then."""
    rows = llr.select("""
        PREFIX gov: <https://w3id.org/govgraph/ontology#>
        SELECT ?f ?stated ?known ?by ?sup ?carried WHERE {
          { ?f gov:statedUntil ?stated } UNION { ?f gov:supersededBy ?by }
          OPTIONAL { ?f gov:statedUntil ?stated } OPTIONAL { ?f gov:knownUntil ?known }
          OPTIONAL { ?f gov:supersededBy ?by } OPTIONAL { ?f gov:supersededFrom ?sup }
          OPTIONAL { ?f gov:carriedForwardFrom ?carried }
        }""")
    assert len(rows) > 1000
    for r in rows:
        get = {k: v.value for k, v in r.items()}
        if "by" in get:
            assert get.get("sup") == day_after(get["known"]), get
        else:
            assert "sup" not in get, get
        carried = "stated" in get and ("known" not in get or get["known"] > get["stated"])
        assert get.get("carried") == (day_after(get["stated"]) if carried else None), get


def test_timeline_of_the_lscsb_chairs(llr):
    # 001: "Chaired by the County Council's Cabinet Lead Member for Safer Communities"
    chair_2012 = timeline(llr, "membership-lscsb-chair")
    assert (chair_2012["knownFrom"], chair_2012["statedUntil"], chair_2012["carriedForwardFrom"]) == \
        ("2012-08-01", "2012-08-01", "2012-08-02")
    # minutes of 1 October 2018: "Ivan Ould CC (Chairman)"
    assert (chair_2012["knownUntil"], chair_2012["supersededFrom"]) == ("2018-09-30", "2018-10-01")
    assert chair_2012["supersededBy"] == LLR + "membership-lscsb-ivan-ould-chair"
    ould = timeline(llr, "membership-lscsb-ivan-ould-chair")
    # 003: "The Board is chaired by the County Council's Lead Member for Children and Families and Community Safety"
    assert (ould["knownFrom"], ould["carriedForwardFrom"], ould["knownUntil"], ould["supersededFrom"]) == \
        ("2018-10-01", "2018-10-02", "2019-11-05", "2019-11-06")
    chair_2019 = timeline(llr, "membership-lscsb-chair-2019")
    # the latest paper: carried forward after its day, superseded by nothing
    assert chair_2019["carriedForwardFrom"] == "2019-11-07" and "supersededFrom" not in chair_2019


# --- the changes on the days the papers describe ---

def test_changes_on_1_october_2018(llr_cli):
    assert events(changes(llr_cli, "--from", "2018-10-01", "--to", "2018-10-01")) == [
        ("superseded", LSCSB, "Leicestershire County Council Cabinet Lead Member for Safer Communities (chair)",
         "Ivan Ould"),
        # the minutes' list names no one of the district councils' category (graph data)
        ("superseded", LSCSB, "Leicestershire District Councils (responsible authority)", LIST),
        # "Others: ... Matthew Cane  Leicestershire Fire and Rescue Service": attended only
        ("superseded", LSCSB, "Leicestershire Fire and Rescue Service (responsible authority)", LIST),
        # the NPS and the CRC ("Carolyn Maclean  National Probation Service") instead
        ("superseded", LSCSB, "Leicestershire and Rutland Probation Trust (responsible authority)", LIST),
        ("superseded", LSCSB, "PCT Cluster (responsible authority)", LIST),
        # 001: "the Mayor and two other elected members, one of whom is the CSP chair";
        # the minutes: "Cllr. Kevin Loydall  Community Safety Partnership Strategy Group Chair - Oadby and Wigston"
        ("superseded (holder named)", "Oadby & Wigston Community Safety Partnership",
         "Chair of Oadby & Wigston Community Safety Partnership (chair)", "Kevin Loydall"),
    ]


def test_a_list_naming_a_representative_keeps_the_body(llr_cli):
    """The minutes list "Superintendent Shane O'Neill  Leicestershire Police" and "Ivan Ould
    CC (Chairman)  Leicestershire County Council": the police and the County Council are
    not left out in 2018; 003 names the police itself, which replaces the 2012 row."""
    result = llr_cli("ask", "members", "LSCSB", "--at", "2018-12-10", "--format", "json")
    rows = {(r["member"]["label"], r["role"]["label"]): r for r in json.loads(result.stdout)["rows"]}
    for body in ("Leicestershire Police", "Leicestershire County Council"):
        row = rows[(body, "responsible authority")]
        assert (row["status"], row["last_stated"]) == ("carried-forward", "2012-08-01")
        assert row["last_stated_in"]["id"].endswith("/source/001")
    assert ("Leicestershire Fire and Rescue Service", "responsible authority") not in rows
    later = json.loads(llr_cli("ask", "members", "LSCSB", "--at", "2019-11-06", "--format", "json").stdout)
    roles = {(r["member"]["label"], r["role"]["label"]) for r in later["rows"]}
    assert ("Leicestershire Police", "member") in roles
    assert ("Leicestershire Police", "responsible authority") not in roles
    # 003: "The Board is chaired by the County Council's Lead Member ...": the County Council's post
    assert ("Leicestershire County Council", "responsible authority") in roles


def test_changes_on_6_november_2019(llr_cli):
    rows = events(changes(llr_cli, "--from", "2019-11-06", "--to", "2019-11-06"))
    assert ("superseded", LSCSB, "Ivan Ould (chair)",
            "Leicestershire County Council Cabinet Lead Member for Children and Family Services and Community Safety") in rows
    assert ("superseded", LSCSB, "Leicestershire Police (responsible authority)", LIST) in rows
    people = {before for change, _, before, after in rows if after == LIST}
    assert people == {f"{name} (member)" for name in (
        "Deborah Taylor", "Ivan Ould", "Joshna Mavji", "Kevin Loydall", "Lee Breckon", "Lord Willy Bach",
        "Malise Graham", "Michael Rickman", "Shane O'Neill", "Trevor Pendleton")} | \
        {"Leicestershire Police (responsible authority)"}
    assert all(change == "superseded" for change, *_ in rows)


def test_no_end_from_a_documents_period_between_the_papers(llr_cli):
    """Between the first and the last paper no line ends except by the merger of
    September 2012 (001: the RRPB reported to the CSPB and LCJB, which the SPB replaced)."""
    rows = changes(llr_cli, "--from", "2011-06-01", "--to", "2019-11-06")
    ended = [(r["date"], r["change"], r["subject"]["label"], r.get("before", "")) for r in rows
             if r["change"].startswith("line ended") or r["change"] == "ended with a body"]
    assert {(date, change) for date, change, *_ in ended} == {
        ("2012-08-31", "line ended: reports to"), ("2012-08-31", "ended with a body")}
    assert {subject for _, change, subject, _ in ended if change == "ended with a body"} == \
        {"Community Safety Programme Board", "Local Criminal Justice Board"}


def test_began_carried_forward_is_the_day_after_the_last_paper(llr_cli):
    rows = [r for r in changes(llr_cli, "--from", "2011-06-01", "--to", "2019-11-06")
            if r["change"] == "began carried-forward"]
    # the day after a paper's day: 000, 002, 001, the minutes, the pack (003 is the last)
    assert {r["date"] for r in rows} >= {"2011-06-02", "2012-04-02", "2012-08-02", "2018-10-02", "2018-12-11"}
    assert all(r.get("before", "") == "" and r["after"] for r in rows)
