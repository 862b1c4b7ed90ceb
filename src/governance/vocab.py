"""Namespaces and IRIs of the govgraph vocabulary and the standards it reuses."""
from __future__ import annotations

GOV = "https://w3id.org/govgraph/ontology#"
ID = "https://w3id.org/govgraph/id/"
SOURCE = ID + "source/"
INFERRED = "https://w3id.org/govgraph/inferred/"  # nodes the rules make (never curated)
GRAPH = "https://w3id.org/govgraph/graph/"
CURATED_GRAPH = GRAPH + "curated"
RESTRICTED_GRAPH = GRAPH + "restricted"
INFERRED_GRAPH = GRAPH + "inferred"
# what the rules add when restricted facts are included too (visible only with them)
INFERRED_RESTRICTED_GRAPH = GRAPH + "inferred-restricted"
# when each fact is known, last stated, carried forward, ended (rules/timeline.py)
TIMELINE_GRAPH = GRAPH + "timeline"

ORG = "http://www.w3.org/ns/org#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "gov": GOV,
    "llr": ID + "llr/",
    "gsh": "https://w3id.org/govgraph/shapes#",
    "grule": "https://w3id.org/govgraph/rules#",
    "inferred": INFERRED,
    "src": SOURCE,
    "org": ORG,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
}


def shorten(iri: str) -> str:
    """Write an IRI as a prefixed name where a known prefix fits.

    >>> shorten("https://w3id.org/govgraph/id/llr/spb")
    'llr:spb'
    >>> shorten("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri

