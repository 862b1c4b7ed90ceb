"""What the papers state of a category of bodies reaches each body in it (issue 12), and
chains follow accountability only."""
from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES, ROOT, Cli
from governance.build import open_store
from governance.rules.review import review
from governance.store.project import Project

REVIEW = FIXTURES / "review"
# seed 001, "Borough and District Community Safety Partnerships (CSPs)", and the city's
# and Rutland's partnerships, named as CSPs
CSPS = ["Blaby District Community Safety Partnership", "Charnwood Community Safety Partnership",
        "Harborough District Community Safety Partnership", "Hinckley and Bosworth Community Safety Partnership",
        "Safer Melton Partnership", "Safer North West Partnership", "Oadby & Wigston Community Safety Partnership",
        "Safer Leicester Partnership", "Safer Rutland Partnership"]
REOFFENDING = "Duty of Community Safety Partnerships to reduce re-offending"


def rows(cli, *args):
    result = cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("csp", CSPS)
def test_every_csp_holds_the_duty_to_reduce_reoffending_via_its_category(llr_cli, csp):
    duties = rows(llr_cli, "ask", "duties", csp)["rows"]
    held = [r for r in duties if r["duty"]["label"] == REOFFENDING]
    assert [r["via"]["label"] for r in held] == ["Community Safety Partnerships"]


def test_the_duty_of_the_category_has_a_derivation_back_to_both_premises(llr_cli):
    row = next(r for r in rows(llr_cli, "ask", "duties", "Safer Leicester Partnership", "--why")["rows"]
               if r["duty"]["label"] == REOFFENDING)
    assert row["derivation"][0]["rule"] == "grule:category-duty"
    quotes = {e["quote"] for e in row["evidence"]}
    assert "SLP Safer Leicester Partnership – CSP in Leicester City" in quotes  # the SLP is a CSP
    assert any("re-offending" in q for q in quotes)  # the duty stated of the CSPs


def test_duty_holders_lists_each_csp_by_its_category(llr_cli):
    holders = rows(llr_cli, "ask", "duty-holders", REOFFENDING)["rows"]
    via_category = sorted(r["holder"]["label"] for r in holders if r.get("via"))
    assert via_category == sorted(CSPS)


@pytest.mark.parametrize("csp", CSPS)
def test_every_csp_has_the_statutory_members_stated_of_each_partnership(llr_cli, csp):
    """Seed 001: "as of November 2012 the agencies listed under the legislation will be:
    - Police - Local Authorities - Fire Authority - Probation - Health Service"."""
    members = rows(llr_cli, "ask", "members", csp, "--at", "2012-11-01")["rows"]
    statutory = {r["member"]["label"] for r in members if r["role"]["label"] == "statutory member"}
    assert {"Police", "Local Authorities", "Fire Authority", "Probation", "Health Service"} <= statutory


def test_a_csp_escalates_to_the_spb_as_the_category_does(llr_cli):
    """Seed 004: "so that Joint Action Groups (JAGs) are able to escalate issues up through
    Community Safety Partnerships (CSPs), ultimately to the SPB"."""
    chain = rows(llr_cli, "ask", "chain", "Blaby District Community Safety Partnership")["rows"]
    first = {(r["parent"]["label"], r["kind"]["label"]) for r in chain if r["depth"] == 1}
    assert ("Strategic Partnership Board", "escalates to") in first


def test_chains_follow_accountability_and_advice_only_when_asked(llr_cli):
    plain = rows(llr_cli, "ask", "chain", "Blaby District Community Safety Partnership")["rows"]
    assert not any("not accountability" in r["kind"]["label"] for r in plain)
    wide = rows(llr_cli, "ask", "chain", "Blaby District Community Safety Partnership", "--include-advice")["rows"]
    extra = [r for r in wide if "not accountability" in r["kind"]["label"]]
    assert extra and {r["kind"]["label"] for r in extra} <= {
        "advises (not accountability)", "priority relationship with (not accountability)"}
    assert len(wide) > len(plain)


def test_an_empty_chain_says_why(llr_cli):
    answer = rows(llr_cli, "ask", "chain", "SPB")
    assert answer["rows"] == []
    assert "top of its structure: the papers state no line upward from Strategic Partnership Board" in answer["notes"]


def test_include_advice_is_refused_where_it_means_nothing(llr_cli):
    result = llr_cli("ask", "members", "SPB", "--include-advice")
    assert result.exit_code == 2
    assert "takes no --include-advice option" in result.output


def test_no_csp_of_llr_is_reported_without_its_responsible_authorities(llr_cli):
    findings = rows(llr_cli, "review")["findings"]
    assert not [f for f in findings if f["shape"]["id"].endswith("CspResponsibleAuthorities")]


def test_the_police_and_crime_panel_is_a_statutory_end(llr_cli):
    findings = rows(llr_cli, "review")["findings"]
    assert not [f for f in findings if f["focus"]["label"] == "Leicestershire Police and Crime Panel"]


def test_csp_finding_only_where_neither_the_csp_nor_its_category_names_the_authority(tmp_path):
    graph = tmp_path / "graph"
    graph.mkdir()
    for name in ("sources.ttl", "clean.ttl", "csp-category.ttl"):
        shutil.copy(REVIEW / name, graph / name)
    project = Project(root=ROOT, graph_dir=graph)
    result = review(open_store(project, tmp_path / "store"), project)
    found = {f.focus.label: f.message for f in result.findings if f.shape.id.endswith("CspResponsibleAuthorities")}
    assert found == {
        "Southby Community Safety Partnership":
            "the papers name no member for the statutory responsible authorities: "
            "health (PCT or CCG), probation and the council for the area",
        "Westby Community Safety Partnership":
            "the papers name no member for the statutory responsible authorities: "
            "fire and rescue, health (PCT or CCG), probation and the police",
    }


def test_a_category_line_reaches_its_bodies_on_the_cli(tmp_path):
    graph = tmp_path / "graph"
    graph.mkdir()
    for name in ("sources.ttl", "categories.ttl"):
        shutil.copy(FIXTURES / "rules" / name, graph / name)
    cli = Cli(graph, tmp_path / "store")
    chain = rows(cli, "ask", "chain", "North Partnership")["rows"]
    assert [(r["parent"]["label"], r["kind"]["label"]) for r in chain] == [("Top Board", "escalates to")]
