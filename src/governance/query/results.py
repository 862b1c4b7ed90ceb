"""The W3C result formats of a free SPARQL query, written by pyoxigraph's own serializers.

One implementation for ``governance sparql --format`` and the web endpoint's ``/sparql``:
SELECT and ASK as SPARQL 1.1 Query Results JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE
as Turtle, N-Triples, RDF/XML or JSON-LD.

>>> r = SparqlResult("select", ["x"], [[ox.NamedNode("https://example.org/a")]])
>>> r.serialize("json").decode()
'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"uri","value":"https://example.org/a"}}]}}'
>>> r.serialize("tsv").decode()
'?x\\n<https://example.org/a>\\n'
>>> SparqlResult("ask", boolean=True).serialize("json").decode()
'{"head":{},"boolean":true}'
>>> result_format("construct", "xml")
'rdfxml'
>>> result_format("select", "turtle")
Traceback (most recent call last):
...
governance.errors.UsageError: a SELECT query answers in table, json, xml, csv or tsv, not turtle
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import vocab
from ..errors import UsageError

SOLUTION_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                 "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD}
# a solution format's name asked of a graph: json means JSON-LD, xml RDF/XML
GRAPH_ALIASES = {"json": "jsonld", "xml": "rdfxml"}
# literal datatypes Turtle writes without naming them
PLAIN = {vocab.XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"}
# every name `governance sparql --format` takes; table is the readable one
CLI_FORMATS = ("table", *SOLUTION_FORMATS, *GRAPH_FORMATS)


def result_format(kind: str, fmt: str) -> str:
    """The format FMT means for a result of KIND (``select``, ``ask``, ``construct``),
    or a UsageError naming the ones it can take. ``table`` stays ``table``."""
    if fmt == "table":
        return fmt
    if kind == "construct":
        name = GRAPH_ALIASES.get(fmt, fmt)
        if name not in GRAPH_FORMATS:
            raise UsageError(f"a CONSTRUCT or DESCRIBE query answers as RDF: table (Turtle), turtle, ntriples, "
                             f"rdfxml or jsonld, not {fmt}")
        return name
    if fmt not in SOLUTION_FORMATS:
        raise UsageError(f"a{'n' if kind == 'ask' else ''} {kind.upper()} query answers in table, json, xml, csv "
                         f"or tsv, not {fmt}")
    return fmt


def _cell(term) -> dict:
    """One term as a SPARQL JSON results cell."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    cell = {"type": "literal", "value": term.value}
    if term.language:
        cell["xml:lang"] = term.language
    elif term.datatype.value != vocab.XSD + "string":
        cell["datatype"] = term.datatype.value
    return cell


def _used_prefixes(triples: list) -> dict:
    """The project prefixes whose namespace some IRI of the triples starts with."""
    iris = set()
    for triple in triples:
        for term in triple:
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype.value not in PLAIN:
                iris.add(term.datatype.value)
    return {p: ns for p, ns in vocab.PREFIXES.items() if any(iri.startswith(ns) for iri in iris)}


@dataclass
class SparqlResult:
    """The whole answer of one free query, as terms.

    ``kind`` is ``select`` (``variables`` and ``rows``: lists of pyoxigraph terms, None
    for unbound), ``ask`` (``boolean``) or ``construct`` (``rows``: (s, p, o) triples;
    DESCRIBE too).
    """

    kind: str
    variables: list[str] | None = None
    rows: list = field(default_factory=list)
    boolean: bool | None = None

    def query_results(self):
        """The result as pyoxigraph QuerySolutions or QueryBoolean (its serializers read them)."""
        if self.kind == "ask":
            data = {"head": {}, "boolean": bool(self.boolean)}
        elif self.kind == "select":
            data = {"head": {"vars": list(self.variables)},
                    "results": {"bindings": [{v: _cell(t) for v, t in zip(self.variables, row) if t is not None}
                                             for row in self.rows]}}
        else:
            raise UsageError("a CONSTRUCT or DESCRIBE answer is a graph, not query results")
        return ox.parse_query_results(json.dumps(data).encode("utf-8"), ox.QueryResultsFormat.JSON)

    def serialize(self, fmt: str) -> bytes:
        """The result in FMT (a name of :data:`SOLUTION_FORMATS` or :data:`GRAPH_FORMATS`;
        ``json`` and ``xml`` of a graph are JSON-LD and RDF/XML)."""
        fmt = result_format(self.kind, fmt)
        if fmt == "table":
            raise UsageError("table is written by governance.query.answer, not as a W3C format")
        if self.kind == "construct":
            triples = [ox.Triple(*t) for t in self.rows]
            prefixes = _used_prefixes(triples) if fmt in ("turtle", "rdfxml") else None
            return ox.serialize(triples, format=GRAPH_FORMATS[fmt], prefixes=prefixes)
        return self.query_results().serialize(format=SOLUTION_FORMATS[fmt])
