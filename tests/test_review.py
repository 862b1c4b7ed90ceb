"""`governance review`: each compliance shape fires on its fixture and not on its near
misses, a clean structure gives no findings, native results equal pySHACL's, and the
command's formats and exit codes."""
from __future__ import annotations

import json
import shutil

import pytest
import pyoxigraph as ox

from conftest import FIXTURES, ROOT, Cli
from governance import vocab
from governance.store.project import Project
from governance.rules.review import check, load_constraints, prepare, review
from governance.build import open_store

REVIEW = FIXTURES / "review"
T = vocab.ID + "test/"


def graph_of(tmp_path, *files: str):
    """A graph folder with the papers, the clean structure and the given fixtures."""
    graph = tmp_path / "graph"
    graph.mkdir(exist_ok=True)
    for name in ("sources.ttl", "clean.ttl", *files):
        shutil.copy(REVIEW / name, graph / name)
    return graph


def review_of(tmp_path, *files: str, at=None, include_restricted=False):
    project = Project(root=ROOT, graph_dir=graph_of(tmp_path, *files))
    return review(open_store(project, tmp_path / "store"), project, at=at, include_restricted=include_restricted)


def summary(result) -> list[tuple]:
    return [(f.severity, f.shape.id.rsplit("#", 1)[1], f.focus.label, f.message) for f in result.findings]


# shape: (fixture that triggers it, (severity, focus label, message), fixture that does not)
CASES = {
    "CspResponsibleAuthorities": ("csp.ttl", ("violation", "Otherby Community Safety Partnership",
        "the papers name no member for the statutory responsible authorities: "
        "fire and rescue, health (PCT or CCG), probation and the police"), "csp-ok.ttl"),
    "NoReportingCycle": ("cycle.ttl", ("violation", "Cycle Board A",
        "is accountable to itself through a reporting cycle"), "cycle-ok.ttl"),
    "AccountabilityPath": ("path.ttl", ("warning", "Orphan Board",
        "has no accountability path to an elected or statutory body"), "path-ok.ttl"),
    "OneChairAtATime": ("chair.ttl", ("warning", "Chaired Board", "has more than one chair at the same time"),
                        "chair-ok.ttl"),
    "DualReporting": ("dual.ttl", ("info", "Dual Group", "reports to more than one body"), "dual-ok.ttl"),
    "FundingRowsAddUp": ("funding.ttl", ("warning", "Short table 2013/14",
        "the printed total is £1,000 but its rows add up to £900"), "funding-ok.ttl"),
    "SubtotalsAddUp": ("subtotals.ttl", ("warning", "Subtotalled table 2013/14",
        "the printed total is £701 but the rows it covers add up to £700"), "subtotals-ok.ttl"),
    "StatedTotalsAgree": ("totals.ttl", ("warning", "Twice printed table",
        "the same total is printed as £500 and as £550"), "totals-ok.ttl"),
    "EventDatesAgree": ("events.ttl", ("warning", "Commissioner elected (as planned in 2011)",
        "is dated 2012-05-01, but Commissioner elected dates the same change 2012-11-01"), "events-ok.ttl"),
    "BodyDatesAgree": ("body-dates.ttl", ("warning", "Twice Started Board",
        "the papers give two dates for when it started: 2008-05-01 and 2009-01-01"), "body-dates-ok.ttl"),
    "RelationDatesAgree": ("relation-dates.ttl", ("warning", "Testshire Police (member) in Testshire Strategy Board",
        "two records of it start on different dates: 2011-01-01 and 2012-01-01"), "relation-dates-ok.ttl"),
    "NamesAgree": ("names.ttl", ("warning", "Renamed Board", "is named both 'Named Board' and 'Renamed Board'"),
                   "names-ok.ttl"),
}


def test_every_shape_has_a_case_a_label_and_guidance():
    constraints = load_constraints(Project(root=ROOT, graph_dir=REVIEW))
    assert {c.shape.rsplit("#", 1)[1] for c in constraints} == set(CASES)
    for constraint in constraints:
        assert constraint.label and constraint.description and constraint.message, constraint.shape
        assert all(c.startswith("http://www.legislation.gov.uk/id/") for c in constraint.cites)
    statutory = {c.shape.rsplit("#", 1)[1]: c.cites for c in constraints}
    assert statutory["CspResponsibleAuthorities"] == ["http://www.legislation.gov.uk/id/ukpga/1998/37/section/5"]


def test_the_clean_fixture_gives_no_findings(tmp_path):
    assert summary(review_of(tmp_path)) == []


@pytest.mark.parametrize("shape", sorted(CASES))
def test_shape_fires_on_its_fixture(tmp_path, shape):
    fixture, (severity, focus, message), _ = CASES[shape]
    assert (severity, shape, focus, message) in summary(review_of(tmp_path, fixture))


@pytest.mark.parametrize("shape", sorted(CASES))
def test_shape_does_not_fire_on_its_near_misses(tmp_path, shape):
    assert summary(review_of(tmp_path, CASES[shape][2])) == []


def test_disagreeing_sources_are_reported_with_both_quotes(tmp_path):
    result = review_of(tmp_path, "events.ttl", "relation-dates.ttl")
    quotes = {f.shape.id.rsplit("#", 1)[1]: {e["quote"] for e in f.evidence} for f in result.findings}
    assert quotes["EventDatesAgree"] == {"the Commissioner, to be elected May 2012",
                                         "following the election of the Commissioner in November 2012"}
    assert quotes["RelationDatesAgree"] == {"The police have sat on the Board since 2011.",
                                            "The police joined the Board in 2012."}


def test_a_funding_finding_quotes_the_total_and_the_rows(tmp_path):
    finding = next(f for f in review_of(tmp_path, "funding.ttl").findings if f.shape.id.endswith("FundingRowsAddUp"))
    assert [(e["source"], e["quote"]) for e in finding.evidence] == [
        ("review-a.txt", "TOTAL £1,000"), ("review-a.txt", "Delivery Group £300"),
        ("review-a.txt", "Testby CSP £600")]
    assert finding.focus.id == T + "table-short"


def test_a_cycle_is_one_finding_with_every_line_of_it(tmp_path):
    findings = [f for f in review_of(tmp_path, "cycle.ttl").findings if f.shape.id.endswith("NoReportingCycle")]
    assert len(findings) == 1
    assert {e["quote"] for e in findings[0].evidence} == {
        "Board A reports to Board B.", "Board B is a sub-group of Board C.", "Board C escalates to Board A."}


def test_a_finding_on_an_inferred_line_shows_its_derivation(tmp_path):
    finding = review_of(tmp_path, "dual-inferred.ttl").findings[0]
    assert finding.shape.id.endswith("DualReporting") and finding.focus.label == "Testshire Delivery Group"
    assert [(d["rule"], d["premises"]) for d in finding.derivation] == [
        ("grule:repoint-line-through-event", [T + "event-strategy-board-2012", T + "line-delivery-group-old-board"])]
    quotes = {e["quote"] for e in finding.evidence}
    assert {"The Delivery Group reports to the Old Board.", "The Delivery Group reports to the County Council.",
            "The Old Board merges into the Strategy Board from September 2012."} <= quotes


def test_at_a_date_checks_the_structure_of_that_day(tmp_path):
    # before the merger the Delivery Group reported to the Old Board, accountable to no one
    assert summary(review_of(tmp_path, at="2012-06-01")) == [
        ("warning", "AccountabilityPath", "Testshire Delivery Group",
         "has no accountability path to an elected or statutory body"),
        ("warning", "AccountabilityPath", "Testshire Old Board",
         "has no accountability path to an elected or statutory body")]


def test_overlapping_chair_terms_are_found_on_a_day_they_overlap(tmp_path):
    result = review_of(tmp_path, "chair-ok.ttl", at="2012-09-01")
    expected = ("warning", "OneChairAtATime", "Succession Board", "has more than one chair at the same time")
    assert expected in summary(result)


def test_restricted_facts_are_reviewed_only_when_included(tmp_path):
    assert summary(review_of(tmp_path, "restricted.ttl")) == []
    assert summary(review_of(tmp_path, "restricted.ttl", include_restricted=True)) == [
        ("warning", "AccountabilityPath", "Secret Board", "has no accountability path to an elected or statutory body")]


def test_native_results_equal_pyshacl(tmp_path, prepared_sparql):
    """The same SHACL-SPARQL constraints run by pySHACL on the same prepared data."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    fixtures = sorted(p.name for p in REVIEW.glob("*.ttl") if p.name not in ("sources.ttl", "clean.ttl"))
    project = Project(root=ROOT, graph_dir=graph_of(tmp_path, *fixtures))
    dataset = prepare(open_store(project, tmp_path / "store"), project, include_restricted=True)
    ours = {(r.focus.value, r.shape, str(r.value)) for r in check(dataset, load_constraints(project))}

    data = rdflib.Graph()
    data.parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for g in dataset.graphs
                              for q in dataset.store.quads_for_pattern(None, None, None, g)), format="nt")
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes" / "compliance.ttl", format="turtle")
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_infos=True, allow_warnings=True)
    theirs = {(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)), report.value(r, SH.value).n3())
              for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)}
    assert len({shape for _, shape, _ in ours}) == len(CASES)
    assert ours == theirs


def made_by_rules(dataset) -> tuple[set, set]:
    """The review's made graph, blank nodes aside: its triples about the nodes made, and
    each derivation record as (rule, subject, predicate, object, premises)."""
    from governance.rules.review import MADE_GRAPH

    made = ox.NamedNode(MADE_GRAPH)
    triples, records = set(), {}
    for q in dataset.store.quads_for_pattern(None, None, None, made):
        if isinstance(q.subject, ox.BlankNode):
            records.setdefault(q.subject, []).append((q.predicate.value, q.object))
        else:
            triples.add(q.triple)
    derivations = {tuple(sorted(fields, key=str)) for fields in records.values()}
    return triples, derivations


@pytest.mark.parametrize("include_restricted", [False, True])
def test_the_nodes_made_come_from_the_build_as_the_rules_make_them(tmp_path, include_restricted):
    """prepare takes the nodes the rules made from the build's inferred graphs: the same
    triples and derivation records as running the rules again (rules= given)."""
    from governance.rules.engine import load_rules

    fixtures = sorted(p.name for p in REVIEW.glob("*.ttl") if p.name not in ("sources.ttl", "clean.ttl"))
    for project, store in ((Project(root=ROOT, graph_dir=graph_of(tmp_path, *fixtures)), tmp_path / "store"),
                           (Project(root=ROOT, graph_dir=ROOT / "graph"), tmp_path / "llr")):
        gs = open_store(project, store)
        built = made_by_rules(prepare(gs, project, include_restricted=include_restricted))
        again = made_by_rules(prepare(gs, project, include_restricted=include_restricted, rules=load_rules(project)))
        assert built == again
        assert built[0] and built[1]  # the LLR graph's change events make nodes


# ---- the command ------------------------------------------------------------------------

def test_cli_clean_exits_0(tmp_path):
    result = Cli(graph_of(tmp_path), tmp_path / "store")("review")
    assert result.exit_code == 0
    assert result.stdout == ("Governance review as of the latest state known: 0 violations, 0 warnings, 0 info\n"
                             "no findings\n")


def test_cli_table_groups_by_severity_with_evidence_and_exits_1(tmp_path):
    result = Cli(graph_of(tmp_path, "csp.ttl", "dual.ttl", "funding.ttl"), tmp_path / "store")("review")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:8] == [
        "Governance review as of the latest state known: 1 violation, 1 warning, 1 info",
        "",
        "VIOLATION (1)",
        "  1. Otherby Community Safety Partnership <https://w3id.org/govgraph/id/test/otherby-csp>: the papers name "
        "no member for the statutory responsible authorities: fire and rescue, health (PCT or CCG), probation and "
        "the police",
        "     [gsh:CspResponsibleAuthorities] cites http://www.legislation.gov.uk/id/ukpga/1998/37/section/5",
        '     - review-a.txt: "Otherby Community Safety Partnership"',
        '     - review-a.txt: "Otherby Borough Council leads the Otherby CSP."',
        "",
    ]
    assert "WARNING (1)" in result.stdout and "INFO (1)" in result.stdout


def test_cli_json(tmp_path):
    cli = Cli(graph_of(tmp_path, "funding.ttl"), tmp_path / "store")
    result = cli("review", "--format", "json", "--at", "2014-01-01")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["at"] == "2014-01-01"
    assert data["counts"] == {"violation": 0, "warning": 1, "info": 0}
    finding = data["findings"][0]
    assert finding["focus"] == {"id": T + "table-short", "label": "Short table 2013/14"}
    assert finding["shape"]["id"] == "https://w3id.org/govgraph/shapes#FundingRowsAddUp"
    assert finding["evidence"][0] == {"fact": {"id": T + "table-short", "label": "Short table 2013/14"},
                                      "source": "review-a.txt", "quote": "TOTAL £1,000"}


def test_cli_html(tmp_path):
    result = Cli(graph_of(tmp_path, "csp.ttl"), tmp_path / "store")("review", "--format", "html")
    assert result.exit_code == 1
    assert result.stdout.startswith("<!doctype html>")
    assert '<section class="violation"><h2>Violation (1)</h2>' in result.stdout
    assert "<q>Otherby Borough Council leads the Otherby CSP.</q> <cite>review-a.txt</cite>" in result.stdout


def test_cli_bad_date_is_one_line_and_exit_2(tmp_path):
    result = Cli(graph_of(tmp_path), tmp_path / "store")("review", "--at", "2013-13-01")
    assert result.exit_code == 2
    assert result.stderr == "error: bad date '2013-13-01': use YYYY-MM-DD, e.g. 2013-06-01\n"


def test_review_runs_on_the_real_graph(llr_cli):
    """The LLR graph is still being curated: the lead pins its findings later."""
    result = llr_cli("review", "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    data = json.loads(result.stdout)
    assert data["findings"]
    assert all(f["evidence"] or f["derivation"] for f in data["findings"])
    assert result.exit_code == (1 if data["counts"]["violation"] else 0)
    table = llr_cli("review")
    assert table.stdout.startswith("Governance review as of the latest state known:")
