"""scripts/organise_graph.py keeps every statement and writes the same bytes twice."""
from __future__ import annotations

import shutil
import subprocess
import sys

import rdflib

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "organise_graph.py"


def graph_of(folder) -> rdflib.Graph:
    g = rdflib.Graph()
    for path in sorted(folder.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def statements(graph: rdflib.Graph) -> set:
    """The graph's statements with each blank node written as its content, so two
    graphs compare equal when they say the same (rdflib's isomorphism is too slow here)."""
    def name(node, depth=0):
        if not isinstance(node, rdflib.BNode) or depth > 5:
            return node.n3()
        return "[" + ";".join(sorted(f"{p.n3()} {name(o, depth + 1)}" for p, o in graph.predicate_objects(node))) + "]"

    return {(name(s), p.n3(), name(o)) for s, p, o in graph}


def organise(folder, *args):
    subprocess.run([sys.executable, str(SCRIPT), "--dir", str(folder), *map(str, args)], check=True,
                   capture_output=True)


def test_organising_the_llr_graph_loses_nothing_and_is_stable(tmp_path):
    folder = tmp_path / "llr"
    shutil.copytree(ROOT / "graph" / "llr", folder)
    before = graph_of(folder)
    organise(folder)
    first = {p.name: p.read_bytes() for p in folder.glob("*.ttl")}
    assert statements(graph_of(folder)) == statements(before)
    organise(folder)
    assert {p.name: p.read_bytes() for p in folder.glob("*.ttl")} == first


def test_a_new_file_is_filed_by_topic_and_removed(tmp_path):
    folder = tmp_path / "llr"
    folder.mkdir()
    new = tmp_path / "new.ttl"
    new.write_text("""
@prefix gov: <https://w3id.org/govgraph/ontology#> .
@prefix llr: <https://w3id.org/govgraph/id/llr/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix src: <https://w3id.org/govgraph/id/source/> .
llr:x a gov:Board ; skos:prefLabel "X"@en ; gov:evidence [ dcterms:source src:001 ; gov:quote "X" ] .
llr:line-x a gov:ReportingLine ; gov:from llr:x ; gov:to llr:spb ; gov:kind gov:Reports ;
    gov:evidence [ dcterms:source src:001 ; gov:quote "X" ] .
""")
    organise(folder, new)
    assert not new.exists()
    assert "llr:x a gov:Board" in (folder / "bodies.ttl").read_text()
    reporting = (folder / "reporting.ttl").read_text()
    assert "llr:line-x a gov:ReportingLine" in reporting and "_:" not in reporting
