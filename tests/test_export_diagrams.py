"""Diagram files other tools read: the diagram JSON is JSON Graph Format (validated
against the JGF v2 schema), GraphML keys are declared per domain (igraph keeps the
labels), SVG nodes link to the body's IRI, and DOT stays as it was."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from governance.render.diagram import render, to_dot
from governance.render.views import build_view

JGF = ROOT.parent / "shared" / "reference" / "jgf-v2.json"
VIEWS = [("reporting", "SPB"), ("funding", "UAVA"), ("duties", "Charnwood CSP"), ("membership", "SPB"),
         ("landscape", None)]


@pytest.mark.parametrize("view,body", VIEWS)
def test_diagram_json_is_valid_json_graph_format(llr, llr_project, view, body):
    import jsonschema

    data = json.loads(render(build_view(llr, llr_project, view, body), "json"))
    jsonschema.Draft7Validator(json.loads(JGF.read_text()), format_checker=jsonschema.FormatChecker()).validate(data)
    graph = data["graph"]
    assert graph["directed"] and graph["nodes"] and graph["metadata"]["view"] == view
    assert all(e["source"] in graph["nodes"] and e["target"] in graph["nodes"] for e in graph["edges"])


def test_diagram_graphml_reads_in_igraph_with_labels(llr, llr_project, tmp_path):
    import igraph

    path = tmp_path / "uava.graphml"
    path.write_bytes(render(build_view(llr, llr_project, "funding", "UAVA"), "graphml"))
    assert 'for="all"' not in path.read_text()
    graph = igraph.Graph.Read_GraphML(str(path))
    assert "United Against Violence and Abuse" in graph.vs["label"]
    assert any(label.startswith("£") for label in graph.es["label"])


def test_svg_nodes_link_to_the_body_iri_and_dot_is_unchanged(llr, llr_project):
    diagram = build_view(llr, llr_project, "reporting", "SPB")
    svg = render(diagram, "svg").decode()
    assert 'xlink:href="https://w3id.org/govgraph/id/llr/spb"' in svg
    assert "URL=" not in to_dot(diagram) and render(diagram, "dot").decode() == to_dot(diagram)
    served = to_dot(diagram, links=lambda iri: "/body/" + iri.rsplit("/", 1)[-1])
    assert 'URL="/body/spb"' in served
