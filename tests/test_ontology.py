"""The ontology beside the standards it reuses: consistent with W3C ORG and PROV-O under
owlrl and HermiT, pySHACL conforms with it as ont_graph, and a plain ORG client answers
its questions from the export without a reasoner."""
from __future__ import annotations

import os
import shutil

import pytest

from conftest import MINI, ROOT
from governance.interchange.export import export

REFERENCE = ROOT.parent / "shared" / "reference"
ONTOLOGY = ROOT / "ontology" / "govgraph.ttl"
FULL = os.environ.get("GOVERNANCE_FULL") == "1"
# the files whose terms the issue found inconsistent (events and meetings with evidence,
# entities with dates, strategies with areas), and the people, posts and reporting lines;
# with GOVERNANCE_FULL=1 the whole graph
SAMPLE = ["sources.ttl", "llr/areas.ttl", "llr/changes.ttl", "llr/strategies.ttl", "llr/people.ttl",
          "llr/reporting.ttl"]
HERMIT_SAMPLE = SAMPLE[:4]  # HermiT (a tableau reasoner) takes minutes over the reporting lines
ERRORS = "http://www.daml.org/2002/03/agents/agent-ont#error"


def standards():
    import rdflib

    graph = rdflib.Graph()
    for path in (ONTOLOGY, REFERENCE / "org.ttl", REFERENCE / "prov-o.ttl"):
        graph.parse(path, format="turtle")
    return graph


def llr_sample(llr, sample=SAMPLE):
    """Curated facts of the sample files (or all), with what the rules inferred and the
    timeline, as a plain ORG or PROV client would load the export."""
    import rdflib

    data = rdflib.Graph()
    files = sorted((ROOT / "graph").rglob("*.ttl")) if FULL else [ROOT / "graph" / f for f in sample]
    for path in files:
        data.parse(path, format="turtle")
    subjects = set(data.subjects())
    lines = [f"{quad.triple} ." for quad in llr.store.quads_for_pattern(None, None, None, None)
             if quad.graph_name.value.endswith(("/inferred", "/timeline"))
             and rdflib.URIRef(quad.subject.value) in subjects]
    data.parse(data="\n".join(lines), format="nt")
    return data


def test_the_header_names_its_definition_version_licence_and_creator():
    import rdflib
    from rdflib.namespace import DCTERMS, OWL, RDFS

    graph = rdflib.Graph().parse(ONTOLOGY)
    ontology = rdflib.URIRef("https://w3id.org/govgraph/ontology")
    assert (ontology, rdflib.RDF.type, OWL.Ontology) in graph
    for predicate in (RDFS.isDefinedBy, OWL.versionIRI, DCTERMS.license, DCTERMS.creator):
        assert graph.value(ontology, predicate) is not None, predicate


def test_owlrl_finds_ontology_org_prov_and_data_consistent(llr):
    import owlrl
    import rdflib

    graph = standards()
    graph += llr_sample(llr)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    errors = sorted(str(o) for o in graph.objects(None, rdflib.URIRef(ERRORS)))
    assert errors == [], errors[:3]
    org, prov = rdflib.Namespace("http://www.w3.org/ns/org#"), rdflib.Namespace("http://www.w3.org/ns/prov#")
    llr_ = rdflib.Namespace("https://w3id.org/govgraph/id/llr/")
    strategies = set(graph.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/govgraph/ontology#Strategy")))
    assert strategies and not any((s, rdflib.RDF.type, org.Organization) in graph for s in strategies)
    assert (llr_["event-spb-2012"], rdflib.RDF.type, prov.Activity) in graph
    assert (llr_["event-spb-2012"], rdflib.RDF.type, prov.Entity) not in graph


def test_the_mini_graph_with_its_inferences_is_consistent_under_owlrl(mini_store_dir):
    import owlrl
    import rdflib

    from governance.build import open_store
    from governance.store.project import Project

    project = Project(root=ROOT, graph_dir=MINI)
    dataset = rdflib.Dataset()
    dataset.parse(data=export(open_store(project, mini_store_dir), project, "nquads").data, format="nquads")
    graph = standards()
    for part in dataset.graphs():
        graph += part
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    assert not list(graph.objects(None, rdflib.URIRef(ERRORS)))


@pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java (Debian default-jre)")
def test_hermit_finds_ontology_org_prov_and_data_consistent(llr, tmp_path):
    import owlready2

    graph = standards()
    graph += llr_sample(llr, HERMIT_SAMPLE)
    path = tmp_path / "combined.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    world.get_ontology(path.as_uri()).load(format="ntriples")
    # xsd:date and xsd:gYear are not in the OWL 2 datatype map: HermiT is told to ignore them
    owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)  # raises if inconsistent
    assert list(world.inconsistent_classes()) == []


def test_pyshacl_conforms_with_the_ontology_as_ont_graph():
    """Roles and kinds are owl:NamedIndividual too, so pySHACL, which takes only the
    ontology's axioms and named individuals from ont_graph, knows them."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    for path in sorted((ROOT / "graph").rglob("*.ttl")):
        data.parse(path, format="turtle")
    shapes = rdflib.Graph().parse(ROOT / "ontology" / "shapes" / "core.ttl")
    conforms, _, text = pyshacl.validate(data, shacl_graph=shapes, ont_graph=rdflib.Graph().parse(ONTOLOGY),
                                         inference="none", allow_warnings=True)
    assert conforms, text[:2000]


PLAIN_ORG = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX llr: <https://w3id.org/govgraph/id/llr/>
"""


@pytest.fixture(scope="module")
def plain_client(llr, llr_project):
    """The TriG export in rdflib, queried as a plain ORG client would: no reasoner, no gov:."""
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=export(llr, llr_project, "trig").data, format="trig")
    return lambda q: {tuple(str(v) for v in row) for row in dataset.query(PLAIN_ORG + q)}


def test_a_plain_org_client_finds_every_organisation(plain_client, llr, llr_project):
    from governance.interchange.tables import read_tables

    found = {row[0] for row in plain_client("SELECT ?o WHERE { ?o a org:Organization }")}
    bodies = {b["id"] for b in read_tables(llr, llr_project).bodies}
    assert bodies <= found
    assert "https://w3id.org/govgraph/id/llr/spb" in found


def test_a_plain_org_client_reads_members_sub_organisations_heads_and_events(plain_client):
    llr = "https://w3id.org/govgraph/id/llr/"
    subs = {r[0] for r in plain_client("SELECT ?s WHERE { llr:spb org:hasSubOrganization ?s }")}
    assert llr + "asb-strategy-group" in subs
    members = {r[0] for r in plain_client("SELECT ?m WHERE { llr:blaby-csp org:hasMember ?m }")}
    assert llr + "person-lee-breckon" in members
    assert (llr + "blaby-csp",) in plain_client("SELECT ?o WHERE { llr:person-lee-breckon org:memberOf ?o }")
    assert (llr + "blaby-csp",) in plain_client("SELECT ?o WHERE { llr:person-lee-breckon org:headOf ?o }")
    assert (llr + "event-spb-2012",) in plain_client("SELECT ?e WHERE { llr:spb org:resultedFrom ?e }")
    assert (llr + "event-spb-2012",) in plain_client("SELECT ?e WHERE { llr:cspb org:changedBy ?e }")
    reports = plain_client("SELECT ?b WHERE { ?b org:reportsTo llr:spb }")
    assert len(reports) > 3
