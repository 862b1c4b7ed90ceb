"""The rules engine: each rule fires on its fixture and not on its near misses, the
fixpoint equals pySHACL's own SHACL-AF run, derivations reach `ask --why`."""
from __future__ import annotations

import json
import shutil

import pyoxigraph as ox
import pytest

from conftest import FIXTURES, MINI, ROOT, Cli
from governance import vocab
from governance.errors import QueryError
from governance.store.project import Project
from governance.rules.engine import derivation_quads, load_rules, run_rules
from governance.rules.shacl import split_query, template_patterns, with_focus
from governance.build import build_store, open_store
from governance.store.embedded import parse_file

RULES = FIXTURES / "rules"
PROJECT = Project(root=ROOT, graph_dir=RULES)
T = vocab.ID + "test/"
INFERRED = ox.NamedNode(vocab.INFERRED_GRAPH)


def term(text: str):
    if text.startswith('"'):
        value, _, datatype = text[1:].partition('"^^')
        return ox.Literal(value, datatype=ox.NamedNode(vocab.PREFIXES[datatype.split(":")[0]] + datatype.split(":")[1]))
    prefix, _, local = text.partition(":")
    return ox.NamedNode(vocab.PREFIXES.get(prefix, T if prefix == "t" else "") + local)


def triple(text: str) -> ox.Triple:
    """'t:a org:reportsTo t:b' as a triple (t: is the fixtures' namespace)."""
    return ox.Triple(*(term(part) for part in text.split(" ", 2)))


def infer(*names: str, paths=None):
    """Load the vocabulary and fixture files into a fresh store and run the rules."""
    store = ox.Store()
    graphs = []
    for path in [ROOT / "ontology" / "govgraph.ttl", *(paths or []), *(RULES / n for n in names)]:
        graph = ox.NamedNode(vocab.GRAPH + path.name)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in parse_file(PROJECT, path))
        graphs.append(graph)
    inference = run_rules(store, load_rules(PROJECT), graphs, INFERRED)
    return store, inference


def fired(inference, rule: str) -> set:
    rule = vocab.PREFIXES["grule"] + rule
    return {t for t, reasons in inference.reasons.items() if any(r == rule for r, _ in reasons)}


REPOINTED = "inferred:test/line-delivery-group-old-board/to-new-board-via-event-merger-2012"
TWICE = REPOINTED + "/to-newest-board-via-event-replacement-2015"
CASES = {
    "repoint-line-through-event": ("repoint.ttl", "repoint-no.ttl", [
        f"{REPOINTED} rdf:type gov:ReportingLine",
        f"{REPOINTED} gov:from t:delivery-group",
        f"{REPOINTED} gov:to t:new-board",
        f"{REPOINTED} gov:kind gov:Reports",
        f'{REPOINTED} gov:validFrom "2012-09-01"^^xsd:date',
        f"{TWICE} gov:to t:newest-board",
        f'{TWICE} gov:validFrom "2015-04-01"^^xsd:date',
    ]),
    "transfer-duty": ("transfer.ttl", "transfer-no.ttl", [
        "inferred:test/event-duty-2013/dutyassignment-commissioner-duty-plan gov:holder t:commissioner",
        "inferred:test/event-duty-2013/dutyassignment-commissioner-duty-plan gov:duty t:duty-plan",
        'inferred:test/event-duty-2013/dutyassignment-commissioner-duty-plan gov:validFrom "2013-04-01"^^xsd:date',
    ]),
    "transfer-fund-from-funder": ("transfer.ttl", "transfer-no.ttl", [
        "inferred:test/event-safety-fund-2013/funding-commissioner-county gov:funder t:commissioner",
        "inferred:test/event-safety-fund-2013/funding-commissioner-county gov:recipient t:county",
        "inferred:test/event-safety-fund-2013/funding-commissioner-county gov:fundStream t:safety-fund",
        'inferred:test/event-safety-fund-2013/funding-commissioner-county gov:validFrom "2013-04-01"^^xsd:date',
    ]),
    "transfer-fund-to-recipient": ("transfer.ttl", "transfer-no.ttl", [
        "inferred:test/event-health-grant-2013/funding-to-new-trust gov:funder t:ministry",
        "inferred:test/event-health-grant-2013/funding-to-new-trust gov:recipient t:new-trust",
    ]),
    "category-line": ("categories.ttl", "categories-no.ttl", [
        "inferred:test/line-partnerships-top/from-north-partnership gov:from t:north-partnership",
        "inferred:test/line-partnerships-top/from-south-partnership gov:to t:cat-top-board",
        "inferred:test/line-partnerships-top/from-south-partnership gov:kind gov:Escalates",
        'inferred:test/line-partnerships-top/from-south-partnership gov:validFrom "2018-12-10"^^xsd:date',
        "inferred:test/line-partnerships-top/from-south-partnership gov:viaCategory t:partnerships",
    ]),
    "category-members": ("categories.ttl", "categories-no.ttl", [
        "inferred:test/membership-fire-partnerships/of-north-partnership org:member t:fire-service",
        "inferred:test/membership-fire-partnerships/of-north-partnership org:organization t:north-partnership",
        "inferred:test/membership-fire-partnerships/of-south-partnership org:role gov:StatutoryMember",
    ]),
    "category-membership": ("categories.ttl", "categories-no.ttl", [
        "inferred:test/membership-responders-forum/by-fire-service org:member t:fire-service",
        "inferred:test/membership-responders-forum/by-fire-service org:organization t:forum",
    ]),
    "category-duty": ("categories.ttl", "categories-no.ttl", [
        "inferred:test/assignment-partnerships-duty/held-by-north-partnership gov:holder t:north-partnership",
        "inferred:test/assignment-partnerships-duty/held-by-south-partnership gov:duty t:cat-duty",
        "inferred:test/assignment-partnerships-duty/held-by-south-partnership gov:viaCategory t:partnerships",
    ]),
    "reports-to": ("edges.ttl", "edges-no.ttl", [
        "t:team org:reportsTo t:programme-board",
        "t:strategy-board org:reportsTo t:edge-council",
        "t:escalation-panel org:reportsTo t:programme-board",
    ]),
    "subgroup-implies-reporting": ("edges.ttl", "edges-no.ttl", ["t:programme-board org:reportsTo t:strategy-board"]),
    "sub-organization-of": ("edges.ttl", "edges-no.ttl", ["t:programme-board org:subOrganizationOf t:strategy-board"]),
    "accountable-to": ("edges.ttl", "edges-no.ttl", [
        "t:team gov:accountableTo t:programme-board",
        "t:strategy-board gov:accountableTo t:edge-council",
    ]),
    "accountable-to-transitive": ("edges.ttl", "edges-no.ttl", [
        "t:team gov:accountableTo t:strategy-board",
        "t:team gov:accountableTo t:edge-council",
        "t:escalation-panel gov:accountableTo t:edge-council",
    ]),
    "member-of": ("edges.ttl", "edges-no.ttl", ["t:charity org:memberOf t:strategy-board"]),
    "funds": ("edges.ttl", "edges-no.ttl", ["t:edge-council gov:funds t:charity",
                                            "t:strategy-board gov:funds t:charity"]),
    "holds-duty": ("edges.ttl", "edges-no.ttl", ["t:edge-council gov:holdsDuty t:duty-cooperate"]),
    # what a plain W3C ORG client reads without a reasoner (issue 16)
    "organization-type": ("org.ttl", "org-no.ttl", ["t:org-board rdf:type org:Organization",
                                                    "t:org-council rdf:type org:Organization",
                                                    "t:org-new-panel rdf:type org:Organization"]),
    "has-member": ("org.ttl", "org-no.ttl", ["t:org-board org:hasMember t:org-council",
                                             "t:org-board org:hasMember t:org-chair"]),
    "has-sub-organization": ("org.ttl", "org-no.ttl", ["t:org-board org:hasSubOrganization t:org-group"]),
    "head-of": ("org.ttl", "org-no.ttl", ["t:org-chair org:headOf t:org-board"]),
    "resulted-from": ("org.ttl", "org-no.ttl", ["t:org-board org:resultedFrom t:org-event-board"]),
    "changed-by": ("org.ttl", "org-no.ttl", ["t:org-old-board org:changedBy t:org-event-board"]),
    "resulting-organization": ("org.ttl", "org-no.ttl", ["t:org-event-panel org:resultingOrganization t:org-new-panel"]),
}


def test_every_rule_has_a_case_and_an_id_label_and_comment():
    rules = load_rules(PROJECT)
    assert {r.id.rsplit("#", 1)[1] for r in rules} == set(CASES)
    for rule in rules:
        assert rule.label and rule.comment, rule.id
        assert rule.prefixes["gov"] == vocab.GOV  # declared with sh:prefixes


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_fires_on_its_fixture(rule):
    fixture, _, expected = CASES[rule]
    _, inference = infer(fixture)
    assert {triple(t) for t in expected} <= fired(inference, rule)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule_does_not_fire_on_its_near_misses(rule):
    _, near_misses, _ = CASES[rule]
    _, inference = infer(near_misses)
    assert fired(inference, rule) == set()


def test_near_misses_infer_nothing_about_advice_or_attendance():
    _, inference = infer("edges-no.ttl", "repoint-no.ttl", "transfer-no.ttl")
    predicates = {t.predicate.value for t in inference.reasons}
    assert vocab.ORG + "memberOf" not in predicates
    # no edge at all: being typed org:Organization (grule:organization-type) is not one
    assert not any(t.subject.value.startswith(T + "no-adviser") for t in inference.reasons
                   if t.predicate.value != vocab.RDF + "type")


def test_an_advice_line_carries_no_accountability():
    _, inference = infer("edges.ttl", "edges-no.ttl")
    assert triple("t:no-adviser gov:accountableTo t:no-advised") not in inference.reasons


def test_a_reporting_cycle_makes_a_body_accountable_to_itself(tmp_path):
    cycle = tmp_path / "cycle.ttl"
    cycle.write_text("""@prefix gov: <https://w3id.org/govgraph/ontology#> .
@prefix t: <https://w3id.org/govgraph/id/test/> .
t:l1 a gov:ReportingLine ; gov:from t:a ; gov:to t:b ; gov:kind gov:Reports .
t:l2 a gov:ReportingLine ; gov:from t:b ; gov:to t:a ; gov:kind gov:Reports .
""")
    _, inference = infer(paths=[cycle])
    assert triple("t:a gov:accountableTo t:a") in inference.reasons


def test_derivations_name_the_rule_and_the_premises():
    _, inference = infer("repoint.ttl")
    reasons = inference.reasons[triple(f"{REPOINTED} gov:to t:new-board")]
    assert reasons == {(vocab.PREFIXES["grule"] + "repoint-line-through-event",
                        (T + "event-merger-2012", T + "line-delivery-group-old-board"))}
    # the transitive step names the line it starts from
    _, inference = infer("edges.ttl")
    reasons = inference.reasons[triple("t:team gov:accountableTo t:edge-council")]
    assert (vocab.PREFIXES["grule"] + "accountable-to-transitive", (T + "line-team-programme-board",)) in reasons


def test_derivation_records_are_written_as_gov_derivation_nodes():
    store, inference = infer("edges.ttl")
    store.extend(derivation_quads(inference, INFERRED))
    rows = list(store.query("""
        PREFIX gov: <https://w3id.org/govgraph/ontology#>
        PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?rule ?premise WHERE { GRAPH ?g { ?d a gov:Derivation ; gov:rule ?rule ;
            gov:inferredSubject <https://w3id.org/govgraph/id/test/charity> ;
            gov:inferredPredicate org:memberOf ; gov:inferredObject ?o ; gov:premise ?premise } }"""))
    assert [(r["rule"].value, r["premise"].value) for r in rows] == [
        (vocab.PREFIXES["grule"] + "member-of", T + "membership-strategy-board-charity")]


def test_the_fixpoint_is_stable_a_second_run_adds_nothing():
    store, first = infer("repoint.ttl", "transfer.ttl", "edges.ttl")
    graphs = [g for g in store.named_graphs() if g != INFERRED]
    again = run_rules(store, load_rules(PROJECT), graphs + [INFERRED], ox.NamedNode(vocab.GRAPH + "again"))
    assert first.reasons and not again.reasons


def test_same_triples_as_pyshacl_shacl_af_rules(prepared_sparql):
    """pySHACL's own SHACL-AF execution (DESIGN.md §11) on the same data and rules."""
    import pyshacl
    import rdflib

    files = [ROOT / "ontology" / "govgraph.ttl", MINI / "mini.ttl",
             *sorted(p for p in RULES.glob("*.ttl") if p.name != "sources.ttl")]
    data = rdflib.Graph()
    for path in files:
        data.parse(path, format="turtle")
    before = set(data)
    shapes = rdflib.Graph()
    for path in sorted(PROJECT.rules_dir.glob("*.ttl")):
        shapes.parse(path, format="turtle")
    pyshacl.validate(data, shacl_graph=shapes, advanced=True, iterate_rules=True, inplace=True, inference="none")
    theirs = {" ".join(t.n3() for t in spo) for spo in set(data) - before}

    _, inference = infer(paths=files[1:])
    ours = {str(t) for t in inference.reasons}
    assert len(ours) > 60
    assert ours == theirs


def test_the_build_writes_the_inferred_graph_and_queries_see_it(tmp_path):
    build = build_store(PROJECT, tmp_path / "store")
    assert build.manifest["inferred_triples"] > 0
    gs = open_store(PROJECT, tmp_path / "store")
    assert ox.NamedNode(vocab.INFERRED_GRAPH) in gs.graphs()
    rows = gs.select("SELECT ?team ?p WHERE { ?team org:reportsTo ?p }", {"team": ox.NamedNode(T + "team")})
    assert [r["p"].value for r in rows] == [T + "programme-board"]


def test_ask_why_shows_the_derivation_and_the_premises_quotes(tmp_path):
    graph = tmp_path / "graph"
    graph.mkdir()
    for name in ("sources.ttl", "repoint.ttl"):
        shutil.copy(RULES / name, graph / name)
    cli = Cli(graph, tmp_path / "store")
    result = cli("ask", "reports-to", "New Board", "--why", "--format", "json")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)["rows"][0]
    assert row["reporter"]["label"] == "Delivery Group"
    assert row["derivation"] == [{"rule": "grule:repoint-line-through-event",
                                  "premises": [T + "event-merger-2012", T + "line-delivery-group-old-board"]}]
    assert {"source": "paper-a.txt", "quote": "The Delivery Group reports to the Old Board."} in row["evidence"]
    assert {"source": "paper-a.txt", "quote": "The Old Board merges into the New Board."} in row["evidence"]
    table = cli("ask", "reports-to", "New Board", "--why").stdout
    assert "derived by grule:repoint-line-through-event from" in table


def test_restricted_facts_infer_only_into_the_restricted_inferred_graph(mini_copy, tmp_path):
    gs = open_store(Project(root=ROOT, graph_dir=mini_copy), tmp_path / "store")
    query = "SELECT ?b ?p WHERE { ?b org:reportsTo ?p }"
    restricted_board = {"b": ox.NamedNode(vocab.ID + "llr/restricted-note")}
    assert gs.select(query, restricted_board) == []
    assert [r["p"].value for r in gs.select(query, restricted_board, include_restricted=True)] == [
        vocab.ID + "llr/spb"]


def test_a_template_with_a_blank_node_is_refused(tmp_path):
    rules = tmp_path / "ontology" / "rules"
    rules.mkdir(parents=True)
    (tmp_path / "ontology" / "govgraph.ttl").write_text("")
    (rules / "bad.ttl").write_text('''@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:rule ex:bad .
ex:bad a sh:SPARQLRule ;
    sh:construct "CONSTRUCT { $this <http://example.org/p> [] } WHERE { $this a <http://example.org/C> }" .
''')
    with pytest.raises(QueryError, match="example.org/bad: CONSTRUCT template makes blank nodes"):
        load_rules(Project(root=tmp_path, graph_dir=tmp_path))


def test_query_splitting_ignores_braces_in_strings_and_iris():
    parts = split_query('CONSTRUCT { ?a <http://x/p> "}" } WHERE { ?a <http://x/q> "{" . FILTER(?a < ?b) } LIMIT 5')
    assert parts.template.strip() == '?a <http://x/p> "}"'
    assert parts.where.strip() == '?a <http://x/q> "{" . FILTER(?a < ?b)'
    assert parts.tail == " LIMIT 5"
    select = with_focus("CONSTRUCT { ?a ?p ?o } WHERE { $this ?p ?o }", [("class", "<http://x/C>")], select_all=True)
    assert " ".join(select.split()).startswith("SELECT * WHERE { ?this <")


def test_template_variables_and_prefixed_names():
    patterns = template_patterns("?x a gov:Board ; gov:from $this", {"gov": vocab.GOV})
    assert [str(p[1]) for p in patterns] == [f"<{vocab.RDF}type>", f"<{vocab.GOV}from>"]
    assert patterns[1][2] == ox.Variable("this")
