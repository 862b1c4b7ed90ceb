"""`governance export`: every format read back by the tool it is for (rdflib for RDF and
JSON-LD, jsonschema for 360Giving and Popolo, networkx and igraph for GraphML)."""
from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from governance.interchange.export import export
from governance.interchange.tables import read_tables

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
GOV = "https://w3id.org/govgraph/"


@pytest.fixture(scope="module")
def tables(llr, llr_project):
    return read_tables(llr, llr_project)


def exported(llr, llr_project, fmt, **kw) -> bytes:
    return export(llr, llr_project, fmt, **kw).data


# ---- RDF ----

@pytest.mark.parametrize("fmt,rdflib_format", [("trig", "trig"), ("nquads", "nquads")])
def test_rdf_dump_names_every_graph_and_reads_back_whole(llr, llr_project, fmt, rdflib_format):
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=exported(llr, llr_project, fmt), format=rdflib_format)
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert {GOV + "graph/curated", GOV + "graph/inferred", GOV + "graph/timeline"} <= names
    in_store = sum(len(list(llr.store.quads_for_pattern(None, None, None, g))) for g in llr.graphs())
    assert sum(len(dataset.graph(rdflib.URIRef(n))) for n in names) == in_store  # round-trip count


def test_turtle_dump_is_the_union_each_triple_once(llr, llr_project):
    import rdflib

    graph = rdflib.Graph().parse(data=exported(llr, llr_project, "turtle"), format="turtle")
    distinct = {q.triple for g in llr.graphs() for q in llr.store.quads_for_pattern(None, None, None, g)}
    assert len(graph) == len(distinct)


def test_restricted_graphs_only_when_asked(tmp_path_factory, llr_project):
    from conftest import FIXTURES, built_store
    from governance.build import open_store
    from governance.store.project import Project

    graph_dir = FIXTURES / "restricted"
    if not graph_dir.is_dir():
        pytest.skip("no restricted fixture")
    project = Project(root=llr_project.root, graph_dir=graph_dir)
    gs = open_store(project, built_store(tmp_path_factory, graph_dir, "restricted-export"))
    public = exported(gs, project, "nquads").decode()
    everything = exported(gs, project, "nquads", include_restricted=True).decode()
    assert GOV + "graph/restricted" not in public
    assert GOV + "graph/restricted" in everything


def test_jsonld_reads_back_with_rdflib_and_as_plain_json(llr, llr_project):
    import rdflib

    data = exported(llr, llr_project, "jsonld")
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format="json-ld")
    nquads = rdflib.Dataset()
    nquads.parse(data=exported(llr, llr_project, "nquads"), format="nquads")
    count = lambda ds: sum(len(g) for g in ds.graphs())  # noqa: E731
    assert count(dataset) == count(nquads)  # round-trip count
    plain = json.loads(data)
    curated = next(g for g in plain["graph"] if g["id"] == GOV + "graph/curated")
    flow = next(x for x in curated["graph"] if x.get("id") == "llr:funding-uava-contract-management-rcc-2015")
    assert flow["type"] == "FundingFlow" and flow["funder"] == "llr:rutland-county-council"
    assert flow["validFrom"] == "2015-12-01" and flow["amount"] == "964.5"
    shipped = json.loads((llr_project.ontology_dir / "context.jsonld").read_text())
    assert plain["@context"] == shipped["@context"]


def test_at_is_refused_for_rdf_dumps(llr_cli):
    result = llr_cli("export", "--format", "trig", "--at", "2013-01-01")
    assert result.exit_code == 2 and "--at does not apply to trig" in result.output


# ---- GraphML, Cytoscape ----

def test_graphml_reads_in_networkx_with_typed_attributes(llr, llr_project, tmp_path):
    import networkx as nx

    path = tmp_path / "llr.graphml"
    path.write_bytes(exported(llr, llr_project, "graphml"))
    text = path.read_text()
    assert 'for="all"' not in text and 'attr.name="amount" attr.type="double"' in text
    graph = nx.read_graphml(path)
    spb = GOV + "id/llr/spb"
    assert graph.nodes[spb]["label"] == "Strategic Partnership Board" and graph.nodes[spb]["kind"] == "board"
    money = [d for _, _, d in graph.edges(data=True) if d.get("relation") == "funding" and "amount" in d]
    assert money and all(isinstance(d["amount"], float) for d in money)
    assert any(d["fact"].endswith("funding-uava-contract-management-rcc-2015") and d["amount"] == 964.5
               and d["valid_from"] == "2015-12-01" for d in money)
    kinds = {d["kind"] for _, _, d in graph.edges(data=True) if d["relation"] == "reporting"}
    assert {"Reports", "SubgroupOf"} <= kinds


def test_graphml_reads_in_igraph_with_labels_and_amounts(llr, llr_project, tmp_path):
    import igraph

    path = tmp_path / "llr.graphml"
    path.write_bytes(exported(llr, llr_project, "graphml"))
    graph = igraph.Graph.Read_GraphML(str(path))
    assert "label" in graph.vs.attributes() and "amount" in graph.es.attributes()
    spb = graph.vs.find(id=GOV + "id/llr/spb")
    assert spb["label"] == "Strategic Partnership Board"
    amounts = [a for a in graph.es["amount"] if a == a]  # NaN where a line has none
    assert amounts and all(isinstance(a, float) for a in amounts)


def test_cytoscape_json_elements(llr, llr_project):
    data = json.loads(exported(llr, llr_project, "cytoscape"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    ids = {n["data"]["id"] for n in nodes}
    assert all(e["data"]["source"] in ids and e["data"]["target"] in ids for e in edges)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert any(e["data"].get("amount") == 964.5 for e in edges)


# ---- CSV ----

def test_csv_is_one_file_per_relation_kind(llr_cli, tmp_path):
    out = tmp_path / "csv"
    result = llr_cli("export", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{k}.csv" for k in ("bodies", "lines", "memberships", "funding", "duties", "events", "posts"))
    lines = list(csv.DictReader((out / "lines.csv").open()))
    assert any(r["from"] == "llr:asb-strategy-group" and r["to"] == "llr:spb" for r in lines)
    assert all(r["source"] and r["quote"] for r in lines)


def test_csv_zip(llr_cli, tmp_path):
    out = tmp_path / "llr.zip"
    assert llr_cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        assert "funding.csv" in archive.namelist()
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open("funding.csv"), encoding="utf-8")))
    assert any(r["amount"] == "964.5" and r["funders"] == "llr:rutland-county-council" for r in rows)


# ---- 360Giving, Popolo ----

def _registry(folder: Path, extra: dict | None = None):
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3, DRAFT202012

    resources = []
    for path in folder.glob("*.json"):
        schema = json.loads(path.read_text())
        spec = DRAFT3 if "draft-03" in schema.get("$schema", "") else DRAFT202012
        resource = Resource.from_contents(schema, default_specification=spec)
        for uri in {schema.get("$id"), schema.get("id"), *(extra or {}).get(path.name, [])} - {None}:
            resources.append((uri.rstrip("#"), resource))
            resources.append((uri, resource))
    return Registry().with_resources(resources)


def test_360giving_package_is_valid_against_the_1_4_3_schema(llr, llr_project):
    import jsonschema

    folder = REFERENCE / "360giving"
    package_schema = json.loads((folder / "360-giving-package-schema.json").read_text())
    # the 1.4.3 package refers to its grant schema by the 1.4.2 address
    registry = _registry(folder, {"360-giving-schema.json": [
        "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"]})
    package = json.loads(exported(llr, llr_project, "360giving"))
    validator = jsonschema.Draft202012Validator(package_schema, registry=registry,
                                                format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(package), key=lambda e: list(e.path))
    assert not errors, errors[0].message
    grants = {g["id"]: g for g in package["grants"]}
    rcc = grants["360G-govgraph-llr-funding-uava-contract-management-rcc-2015"]
    assert rcc["amountAwarded"] == 964.5 and rcc["awardDate"] == "2015-12-01"
    assert rcc["plannedDates"] == [{"startDate": "2015-12-01", "endDate": "2016-03-31"}]
    assert rcc["fundingOrganization"] == [{"id": "GB-LAE-RUT", "name": "Rutland County Council"}]
    home_office = [g for g in package["grants"] if any(o["name"] == "Home Office" for o in g["fundingOrganization"])]
    assert home_office and all(o["id"] == "GB-GOR-D16" for g in home_office for o in g["fundingOrganization"]
                               if o["name"] == "Home Office")


def test_popolo_is_valid_against_the_popolo_schemas(llr, llr_project):
    import jsonschema

    folder = REFERENCE / "popolo"
    registry = _registry(folder)
    data = json.loads(exported(llr, llr_project, "popolo"))
    for key, schema_file in (("organizations", "organization.json"), ("memberships", "membership.json"),
                             ("posts", "post.json"), ("persons", "person.json")):
        schema = json.loads((folder / schema_file).read_text())
        validator = jsonschema.Draft3Validator(schema, registry=registry, format_checker=jsonschema.FormatChecker())
        assert data[key], key
        for item in data[key]:
            errors = list(validator.iter_errors(item))
            assert not errors, (key, item["id"], errors[0].message)
    orgs = {o["id"]: o for o in data["organizations"]}
    asb = orgs[GOV + "id/llr/asb-strategy-group"]
    assert asb["classification"] == "board or group" and asb["parent_id"] == GOV + "id/llr/spb"
    assert any(n["name"] for o in orgs.values() for n in o.get("other_names", []))
    assert any("founding_date" in o for o in orgs.values())
    chairs = [m for m in data["memberships"] if m.get("role") == "chair"]
    assert chairs and all(m["organization_id"] in orgs for m in chairs)
