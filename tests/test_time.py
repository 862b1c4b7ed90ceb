"""Answers as of a day (issue 11): statement dates, carried-forward facts, supersession,
no invented ends. The expected rows are written from the papers, each with its quote.

The papers describe: 000 June 2011, 001 August 2012 ("At the time of writing (August
2012)"), 002 April 2012 (the 2012-13 plan), 004 the meeting of 10 December 2018 and, in
its minutes, 1 October 2018, 003 6 November 2019 (graph/sources.ttl).
"""
from __future__ import annotations

import json

import pytest
from governance.render.views import build_view

PAPER_DAYS = ["2011-06-01", "2012-04-01", "2012-08-01", "2018-10-01", "2018-12-10", "2019-11-06"]
LSCSB = "Leicestershire Safer Communities Strategy Board"
CSPS = {"blaby-csp", "charnwood-csp", "harborough-csp", "hinckley-and-bosworth-csp", "melton-csp",
        "north-west-leicestershire-csp", "oadby-and-wigston-csp"}
# first described in the 2018 pack (its minutes: 1 October 2018; the meeting: 10 December 2018)
LATER_BODIES = {"uava-improvement-board", "dsva-lead-member-group", "people-zones", "hate-and-prevent-delivery-group"}


def asked(llr_cli, *args) -> dict:
    result = llr_cli("ask", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def labels(data: dict, column: str) -> set[str]:
    return {row[column]["label"] for row in data["rows"] if column in row}


def landscape(llr, llr_project, day: str) -> set[str]:
    """The ids (after llr:) of the bodies the landscape draws on a day."""
    diagram = build_view(llr, llr_project, "landscape", at=day)
    return {node.rsplit("/", 1)[-1] for node in diagram.nodes}


# --- the landscape and chains on each day a paper describes ---

def test_landscape_2011_has_the_agreement_bodies_and_none_of_later_papers(llr, llr_project):
    bodies = landscape(llr, llr_project, "2011-06-01")
    # 000: "Community Safety Partnerships are responsible to the Board for their delivery
    # against the priorities in this Agreement"
    assert {"lscsb", "leicestershire-together"} | CSPS <= bodies
    # 001: "From September 2012, it has been agreed that the Community Safety Programme
    # Board ... will be replaced"; the PCC was elected in November 2012 (002)
    assert not bodies & ({"spb", "pcc"} | LATER_BODIES)


def test_landscape_2012_has_the_cspb_not_yet_the_spb(llr, llr_project):
    bodies = landscape(llr, llr_project, "2012-08-01")
    assert "cspb" in bodies
    assert "spb" not in bodies  # "from September 2012"
    assert not bodies & LATER_BODIES


def test_landscape_2013_has_the_spb_and_the_pcc(llr, llr_project):
    bodies = landscape(llr, llr_project, "2013-06-01")
    # 001: "The new Strategic Partnership Board brings together the CSPB and LCJB from September 2012"
    assert {"spb", "pcc"} <= bodies
    assert "cspb" not in bodies
    assert not bodies & LATER_BODIES


def test_landscape_2018_has_the_bodies_of_the_2018_pack(llr, llr_project):
    bodies = landscape(llr, llr_project, "2018-12-10")
    assert {"spb", "lscsb", "pcc"} <= bodies
    assert "cspb" not in bodies


def test_chains_in_2011_go_to_the_lscsb_and_leicestershire_together(llr_cli):
    data = asked(llr_cli, "chain", "Charnwood CSP", "--at", "2011-06-01")
    assert LSCSB in labels(data, "parent")
    assert "Strategic Partnership Board" not in labels(data, "parent")
    assert {row["status"] for row in data["rows"]} == {"stated"}


def test_chain_of_the_rrpb_in_2012_and_2013(llr_cli):
    # 001: the RRPB reported to the CSPB and LCJB until they were replaced in September 2012
    before = labels(asked(llr_cli, "chain", "Reducing Re-offending Programme Board", "--at", "2012-08-01"), "parent")
    assert {"Community Safety Programme Board", "Local Criminal Justice Board"} <= before
    assert "Strategic Partnership Board" not in before
    after = asked(llr_cli, "chain", "Reducing Re-offending Programme Board", "--at", "2013-06-01")
    assert "Strategic Partnership Board" in labels(after, "parent")
    assert not labels(after, "parent") & {"Community Safety Programme Board", "Local Criminal Justice Board"}


def test_csp_lines_are_carried_forward_after_2013_not_ended(llr_cli):
    """The 2011-13 Agreement's period is not the end of the lines it describes."""
    data = asked(llr_cli, "chain", "Charnwood CSP", "--at", "2013-06-01")
    rows = [r for r in data["rows"] if r["parent"]["label"] == LSCSB and r["depth"] == 1]
    assert rows and rows[0]["status"] == "carried-forward"
    assert rows[0]["last_stated"] and rows[0]["last_stated_in"]["id"].startswith("https://w3id.org/govgraph/id/source/")
    assert "until" not in rows[0]


def test_no_line_ends_on_the_agreement_end(llr_cli):
    data = asked(llr_cli, "changes", "--from", "2013-03-31", "--to", "2013-03-31")
    assert not [r for r in data["rows"] if r["change"].startswith("line ended")]


# --- chairs and the PCC: one holder at a time ---

@pytest.mark.parametrize("day, post, person", [
    # 001: "Chaired by the County Council's Cabinet Lead Member for Safer Communities"
    ("2012-08-01", "Leicestershire County Council Cabinet Lead Member for Safer Communities", None),
    # 004 minutes: "Ivan Ould CC (Chairman)"
    ("2018-10-01", None, "Ivan Ould"),
    ("2018-12-10", None, "Ivan Ould"),
    # 003: "The Board is chaired by the County Council's Lead Member for Children and Families and Community Safety"
    ("2019-11-06", "Leicestershire County Council Cabinet Lead Member for Children and Family Services and Community Safety", None),
])
def test_the_lscsb_has_one_chair_on_each_day(llr_cli, day, post, person):
    data = asked(llr_cli, "chair", "LSCSB", "--at", day)
    assert len(data["rows"]) == 1, data["rows"]
    row = data["rows"][0]
    assert (row.get("post") or {}).get("label") == post
    assert (row.get("person") or {}).get("label") == person


def test_the_2018_chair_is_carried_forward_to_the_december_meeting(llr_cli):
    row = asked(llr_cli, "chair", "LSCSB", "--at", "2018-12-10")["rows"][0]
    assert row["status"] == "carried-forward"
    assert row["last_stated"] == "2018-10-01"
    assert row["last_stated_in"]["id"].endswith("/source/004-minutes")


def test_single_holder_roles_have_one_holder_on_every_paper_day(llr):
    """Every board, every day a paper describes: at most one chair, vice-chair, office holder
    (unless two papers of that same day disagree, which the review reports)."""
    rows = llr.select("""
        PREFIX gov: <https://w3id.org/govgraph/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?m ?org ?role ?member ?from ?until WHERE {
          ?m org:organization ?org ; org:role ?role ; org:member ?member ; gov:knownFrom ?from .
          VALUES ?role { gov:Chair gov:ViceChair gov:OfficeHolder }
          OPTIONAL { ?m gov:knownUntil ?until }
        }""")
    clashes = []
    for day in PAPER_DAYS:
        holders: dict = {}
        for r in rows:
            if r["from"].value <= day and ("until" not in r or r["until"].value >= day):
                holders.setdefault((r["org"].value, r["role"].value), set()).add(r["member"].value)
        clashes += [(day, key, sorted(v)) for key, v in holders.items() if len(v) > 1]
    assert not clashes


def test_show_pcc_names_the_holder_in_2018(llr_cli):
    result = llr_cli("show", "PCC", "--at", "2018-12-10")
    lines = result.stdout.splitlines()
    # 004: "Chaired by the Police and Crime Commissioner Lord Willy Bach."
    assert "Held by:" in lines
    assert lines[lines.index("Held by:") + 1].startswith("  - Lord Willy Bach (office holder)")


# --- memberships: a later whole list replaces the earlier one ---

def test_lscsb_members_in_2012(llr_cli):
    # 001: "the Board currently comprises the seven local CSP Chairs and ... police, fire and
    # rescue, County Council, District Councils, Probation Trust and the PCT Cluster"
    members = labels(asked(llr_cli, "members", "LSCSB", "--at", "2012-08-01"), "member")
    assert {"Leicestershire and Rutland Probation Trust", "PCT Cluster"} <= members


def test_lscsb_members_in_2018_not_the_probation_trust_or_the_pct_cluster(llr_cli):
    data = asked(llr_cli, "members", "LSCSB", "--at", "2018-12-10")
    members = labels(data, "member")
    assert not members & {"Leicestershire and Rutland Probation Trust", "PCT Cluster"}
    # 004 minutes, apologies: "Carolyn Maclean National Probation Service", the CRC, the CCGs
    assert {"National Probation Service", "Leicestershire CCGs"} <= members or \
        {"National Probation Service"} <= members
    roles = {(r["member"]["label"], r["role"]["label"]) for r in data["rows"]}
    # those listed under "Present" are members; apologies are not membership
    assert ("Ivan Ould", "member") in roles
    assert not any(role == "apologies" for _, role in roles)


def test_apologies_are_recorded_as_apologies(llr_cli):
    data = asked(llr_cli, "members", "LSCSB", "--at", "2018-10-01")
    roles = {(r["member"]["label"], r["role"]["label"]) for r in data["rows"]}
    # 004 minutes: "Apologies for absence ... Keith Aubrey Melton Borough Council"
    assert ("Keith Aubrey", "apologies") in roles
    assert ("Keith Aubrey", "member") not in roles
    # listed under "Present": "Cllr. Lee Breckon JP Community Safety Partnership Strategy Group Chair - Blaby"
    assert ("Lee Breckon", "member") in roles


def test_a_repeated_member_row_is_one_row(llr_cli):
    data = asked(llr_cli, "members", "LSCSB", "--at", "2019-11-06")
    keys = [(r["member"]["id"], r["role"]["id"]) for r in data["rows"]]
    assert len(keys) == len(set(keys))


# --- marks, --stated-only, notes ---

def test_every_carried_forward_row_names_its_last_statement(llr_cli):
    for args in (("chain", "Charnwood CSP", "--at", "2013-06-01"), ("members", "LSCSB", "--at", "2013-06-01"),
                 ("chair", "LSCSB", "--at", "2018-12-10"), ("chain", "SPB"), ("members", "UAVA")):
        for row in asked(llr_cli, *args)["rows"]:
            assert row["status"] in ("stated", "carried-forward"), (args, row)
            if row["status"] == "carried-forward":
                assert row["last_stated"] and row["last_stated_in"]["label"], (args, row)


def test_stated_only_leaves_carried_forward_rows_out(llr_cli):
    everything = asked(llr_cli, "chain", "Charnwood CSP", "--at", "2013-06-01")
    stated = asked(llr_cli, "chain", "Charnwood CSP", "--at", "2013-06-01", "--stated-only")
    assert any(r["status"] == "carried-forward" for r in everything["rows"])
    assert all(r["status"] == "stated" for r in stated["rows"])
    assert len(stated["rows"]) < len(everything["rows"])


def test_a_day_before_a_body_is_known_gives_nothing_and_says_why(llr_cli):
    data = asked(llr_cli, "members", "People Zones", "--at", "2012-08-01")
    assert data["rows"] == []
    assert any("People Zones is not known on 2012-08-01" in n for n in data["notes"])


# --- changes between two days ---

def test_changes_between_two_days_lists_supersession_and_carrying_forward(llr_cli):
    data = asked(llr_cli, "changes", "--from", "2018-09-01", "--to", "2019-12-31")
    changes = {(r["change"], r["subject"]["label"]) for r in data["rows"]}
    assert any(change.startswith("superseded") for change, _ in changes)
    assert any(change == "began carried-forward" for change, _ in changes)


def test_changes_from_after_to_is_a_usage_error(llr_cli):
    result = llr_cli("ask", "changes", "--from", "2019-01-01", "--to", "2012-01-01")
    assert result.exit_code == 2
    assert "--from" in result.output
