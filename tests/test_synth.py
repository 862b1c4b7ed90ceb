"""The synthetic national data set (`governance synth`): reproducible from its seed, every
quote a substring of its generated source text, conforming to the data shapes, and
answering every catalogue query, on a small real set (2 areas)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF

from check_curation import normalise  # the evidence rule's one definition
from conftest import ROOT
from governance.build import build_store, open_store
from governance.query.ask import ask
from governance.query.catalogue import catalogue
from governance.store.project import Project
from governance.synth.generate import BASE, synthesise

GOV = rdflib.Namespace("https://w3id.org/govgraph/ontology#")
AREA = BASE + "avon-and-somerset/"
NAT = BASE + "national/"
# a body (or duty, or text) that each catalogue query is asked about
TARGETS = {
    "chain": AREA + "whittonshire-yos-management-board", "chair": AREA + "strategic-partnership-board",
    "duties": AREA + "police", "duty-holders": NAT + "duty-cda-s17", "funded-by": AREA + "pcc",
    "funders": AREA + "pcc", "funding": AREA + "pcc", "members": AREA + "strategic-partnership-board",
    "memberships": AREA + "police", "priorities": AREA + "avon-and-somerset-police-and-crime-plan-2017-2021",
    "reports-to": AREA + "strategic-partnership-board", "subgroups": AREA + "strategic-partnership-board",
    "search": "Strategic Partnership Board",
}


@pytest.fixture(scope="module")
def synth_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "graph"
    synthesise(out, areas=2, seed=1)
    return out


@pytest.fixture(scope="module")
def synth_store(tmp_path_factory, synth_dir):
    project = Project(root=ROOT, graph_dir=synth_dir)
    store_dir = tmp_path_factory.mktemp("synth-store")
    build_store(project, store_dir)
    return project, open_store(project, store_dir)


def test_the_same_seed_gives_the_same_files(synth_dir, tmp_path):
    again = tmp_path / "again"
    synthesise(again, areas=2, seed=1)
    files = sorted(p.relative_to(synth_dir) for p in synth_dir.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert all((synth_dir / f).read_bytes() == (again / f).read_bytes() for f in files)
    other = tmp_path / "other"
    synthesise(other, areas=2, seed=2)
    assert (other / "areas" / "avon-and-somerset.ttl").read_bytes() != (again / "areas" / "avon-and-somerset.ttl").read_bytes()


def test_every_quote_is_in_its_generated_source(synth_dir):
    sources = rdflib.Graph().parse(synth_dir / "sources.ttl")
    files = {str(s): str(sources.value(s, GOV.fileName)) for s in sources.subjects(RDF.type, GOV.Source)}
    assert all(sources.value(s, GOV.describesDate) is not None for s in sources.subjects(RDF.type, GOV.Source))
    texts = {name: normalise((synth_dir / name).read_text(encoding="utf-8")) for name in set(files.values())}
    assert sorted(texts) == sorted(["national.txt"] + [f"areas/{p.stem}.txt" for p in (synth_dir / "areas").glob("*.ttl")])
    missing, quotes = [], 0
    for path in sorted(synth_dir.rglob("*.ttl")):
        g = rdflib.Graph().parse(path)
        for node in set(g.objects(None, GOV.evidence)):
            source, quote = g.value(node, DCTERMS.source), g.value(node, GOV.quote)
            quotes += 1
            if normalise(str(quote)) not in texts[files[str(source)]]:
                missing.append(f"{files[str(source)]}: {quote}")
    assert quotes > 5000 and not missing, "quotes not found in their source:\n" + "\n".join(missing[:20])


def test_the_synthetic_data_conform_to_the_shapes(synth_dir):
    from governance.rules.validate import validate

    findings = [f for f in validate(Project(root=ROOT, graph_dir=synth_dir)) if f.severity == "violation"]
    assert findings == []


def test_the_shape_follows_the_llr_graph(synth_store):
    """The class mix of LLR: memberships first, then priorities and funding flows; some
    restricted facts, hidden by default."""
    project, gs = synth_store
    rows = gs.select("SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class")
    counts = {r["class"].value.rsplit("#", 1)[-1]: int(r["n"].value) for r in rows}
    assert counts["Membership"] > counts["FundingFlow"] > 100 and counts["Priority"] > 100
    for kind in ("CommunitySafetyPartnership", "SafeguardingBoard", "StatutoryCommittee", "PooledBudget",
                 "ChangeEvent", "DutyAssignment", "ReportingLine", "FundingTable", "Meeting", "Strategy"):
        assert counts.get(kind, 0) > 0, kind
    assert gs.manifest["restricted_triples"] > 0


@pytest.mark.parametrize("name", sorted(TARGETS) + ["changes"])
def test_every_catalogue_query_answers(synth_store, name):
    project, gs = synth_store
    assert set(TARGETS) | {"changes"} >= {n for n in catalogue(project.queries_dir) if not n.startswith("_")}
    answer = ask(gs, project, name, [TARGETS[name]] if name in TARGETS else [])
    assert answer.rows, f"{name} gave no rows"


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("GOVERNANCE_FULL"), reason="the national set: GOVERNANCE_FULL=1")
def test_43_areas_give_a_million_triples(tmp_path):
    assert synthesise(tmp_path / "national", areas=43, seed=1)["triples"] >= 1_000_000
