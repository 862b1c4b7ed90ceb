"""RDF dumps of the store: Turtle (the union), TriG and N-Quads (every graph named:
curated, inferred, timeline, and the restricted ones only when asked), and JSON-LD
compacted with the context the project ships (``ontology/context.jsonld``), so that
it reads as plain JSON.

pyoxigraph writes Turtle, TriG and N-Quads; rdflib compacts the JSON-LD.
"""
from __future__ import annotations

import json

import pyoxigraph as ox

from .. import vocab
from ..store.embedded import GraphStore
from ..store.project import Project

RDF_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS}
CONTEXT_FILE = "context.jsonld"


def visible_quads(gs: GraphStore, include_restricted: bool = False) -> list[ox.Quad]:
    """Every quad of the graphs a query may see, graph by graph, in a stable order."""
    quads = []
    store = gs.store_for(include_restricted)
    for graph in gs.graphs(include_restricted):
        part = list(store.quads_for_pattern(None, None, None, graph))
        part.sort(key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))
        quads += part
    return quads


def dump_rdf(gs: GraphStore, fmt: str, include_restricted: bool = False) -> bytes:
    """The visible graphs in ``fmt`` (turtle: the union of the graphs, each triple once)."""
    quads = visible_quads(gs, include_restricted)
    if fmt == "turtle":
        seen, triples = set(), []
        for q in quads:
            if q.triple not in seen:
                seen.add(q.triple)
                triples.append(q.triple)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=vocab.PREFIXES)
    if fmt == "trig":
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=vocab.PREFIXES)
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS)


def context(project: Project) -> dict:
    """The JSON-LD context the project ships (``ontology/context.jsonld``)."""
    return json.loads((project.ontology_dir / CONTEXT_FILE).read_text(encoding="utf-8"))


def dump_jsonld(gs: GraphStore, project: Project, include_restricted: bool = False) -> bytes:
    """JSON-LD of every visible graph, each a named graph (``@graph`` with its ``@id``),
    compacted with the shipped context; the context is referenced by its IRI and also
    given inline so that a reader needs no network."""
    import rdflib

    dataset = rdflib.Dataset()
    dataset.parse(data=dump_rdf(gs, "nquads", include_restricted), format="nquads")
    ctx = context(project)
    text = dataset.serialize(format="json-ld", context=ctx["@context"], auto_compact=True)
    data = json.loads(text)
    if isinstance(data, dict):
        data["@context"] = ctx["@context"]
    return (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
