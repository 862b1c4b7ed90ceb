"""`governance sparql --format`: the W3C formats, exactly.

SPARQL 1.1 Query Results JSON (https://www.w3.org/TR/sparql11-results-json/), XML
(https://www.w3.org/TR/rdf-sparql-XMLres/), CSV and TSV
(https://www.w3.org/TR/sparql11-results-csv-tsv/) for SELECT and ASK; Turtle (the
default), N-Triples, RDF/XML and JSON-LD for CONSTRUCT and DESCRIBE. All are written by
pyoxigraph's serializers through governance.query.results, as /sparql writes them.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

LLR = "https://w3id.org/govgraph/id/llr/"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RESULTS_NS = "{http://www.w3.org/2005/sparql-results#}"
# two bodies, a language-tagged label, a typed number and a variable never bound
SELECT = ("SELECT ?b ?l ?n ?x WHERE { VALUES ?b { llr:spb llr:cspb } ?b skos:prefLabel ?l "
          "OPTIONAL { ?b gov:noSuchProperty ?x } BIND(STRLEN(?l) AS ?n) } ORDER BY ?l")
CONSTRUCT = "CONSTRUCT { ?b skos:prefLabel ?l } WHERE { VALUES ?b { llr:spb llr:cspb } ?b skos:prefLabel ?l }"

# The JSON format's shape (§3 of the Recommendation): a head with vars (and perhaps
# link), then results.bindings or boolean; each bound variable an RDF term object.
TERM = {"oneOf": [
    {"type": "object", "properties": {"type": {"enum": ["uri", "bnode"]}, "value": {"type": "string"}},
     "required": ["type", "value"], "additionalProperties": False},
    {"type": "object", "properties": {"type": {"const": "literal"}, "value": {"type": "string"},
                                      "xml:lang": {"type": "string"}},
     "required": ["type", "value", "xml:lang"], "additionalProperties": False},
    {"type": "object", "properties": {"type": {"const": "literal"}, "value": {"type": "string"},
                                      "datatype": {"type": "string", "format": "uri"}},
     "required": ["type", "value"], "additionalProperties": False},
]}
W3C_JSON = {
    "type": "object",
    "properties": {
        "head": {"type": "object", "properties": {
            "vars": {"type": "array", "items": {"type": "string", "pattern": "^[A-Za-z0-9_\u00b7-]+$"}},
            "link": {"type": "array", "items": {"type": "string"}}}, "additionalProperties": False},
        "results": {"type": "object", "properties": {
            "bindings": {"type": "array", "items": {"type": "object", "additionalProperties": TERM}}},
            "required": ["bindings"], "additionalProperties": False},
        "boolean": {"type": "boolean"},
    },
    "required": ["head"],
    "oneOf": [{"required": ["results"]}, {"required": ["boolean"]}],
    "additionalProperties": False,
}


def w3c_json(text: str) -> dict:
    import jsonschema

    data = json.loads(text)
    jsonschema.validate(data, W3C_JSON)
    if "results" in data:  # a binding names only variables of the head
        for binding in data["results"]["bindings"]:
            assert set(binding) <= set(data["head"]["vars"])
    return data


def run(cli, *args) -> str:
    result = cli("sparql", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes.decode("utf-8")  # .stdout turns CRLF into LF


def test_select_json_is_exactly_the_w3c_results(mini_cli):
    data = w3c_json(run(mini_cli, SELECT, "--format", "json"))
    assert data == {
        "head": {"vars": ["b", "l", "n", "x"]},
        "results": {"bindings": [
            {"b": {"type": "uri", "value": LLR + "cspb"},
             "l": {"type": "literal", "value": "Community Safety Programme Board", "xml:lang": "en"},
             "n": {"type": "literal", "value": "32", "datatype": XSD_INTEGER}},
            {"b": {"type": "uri", "value": LLR + "spb"},
             "l": {"type": "literal", "value": "Strategic Partnership Board", "xml:lang": "en"},
             "n": {"type": "literal", "value": "27", "datatype": XSD_INTEGER}},
        ]},
    }


def test_select_xml_reads_in_the_w3c_namespace(mini_cli):
    root = ET.fromstring(run(mini_cli, SELECT, "--format", "xml"))
    assert root.tag == RESULTS_NS + "sparql"
    assert [v.get("name") for v in root.find(RESULTS_NS + "head")] == ["b", "l", "n", "x"]
    results = root.find(RESULTS_NS + "results").findall(RESULTS_NS + "result")
    assert len(results) == 2
    first = {b.get("name"): b[0] for b in results[0].findall(RESULTS_NS + "binding")}
    assert set(first) == {"b", "l", "n"}  # ?x unbound: no binding element
    assert (first["b"].tag, first["b"].text) == (RESULTS_NS + "uri", LLR + "cspb")
    assert (first["l"].tag, first["l"].text) == (RESULTS_NS + "literal", "Community Safety Programme Board")
    assert first["l"].get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert (first["n"].text, first["n"].get("datatype")) == ("32", XSD_INTEGER)


def test_select_csv_is_plain_values_with_crlf(mini_cli):
    assert run(mini_cli, SELECT, "--format", "csv") == (
        "b,l,n,x\r\n"
        f"{LLR}cspb,Community Safety Programme Board,32,\r\n"
        f"{LLR}spb,Strategic Partnership Board,27,\r\n")


def test_select_tsv_is_n_triples_terms_under_question_marks(mini_cli):
    assert run(mini_cli, SELECT, "--format", "tsv") == (
        "?b\t?l\t?n\t?x\n"
        f'<{LLR}cspb>\t"Community Safety Programme Board"@en\t32\t\n'
        f'<{LLR}spb>\t"Strategic Partnership Board"@en\t27\t\n')


def test_csv_quotes_a_value_with_a_comma(llr_cli):
    query = 'SELECT ?l WHERE { llr:reducing-reoffending-programme-board skos:prefLabel ?l }'
    assert run(llr_cli, query, "--format", "csv") == (
        'l\r\n"Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board"\r\n')


def test_empty_select_keeps_its_head(mini_cli):
    data = w3c_json(run(mini_cli, "SELECT ?s WHERE { ?s gov:noSuchProperty ?o }", "--format", "json"))
    assert data == {"head": {"vars": ["s"]}, "results": {"bindings": []}}
    assert run(mini_cli, "SELECT ?s WHERE { ?s gov:noSuchProperty ?o }", "--format", "tsv") == "?s\n"


@pytest.mark.parametrize("query,value", [("ASK { llr:spb a gov:Board }", True),
                                         ("ASK { llr:spb a gov:Duty }", False)])
def test_ask_is_a_w3c_boolean(mini_cli, query, value):
    assert run(mini_cli, query, "--format", "json") == json.dumps({"head": {}, "boolean": value},
                                                                  separators=(",", ":")) + "\n"
    assert w3c_json(run(mini_cli, query, "--format", "json"))["boolean"] is value
    root = ET.fromstring(run(mini_cli, query, "--format", "xml"))
    assert root.find(RESULTS_NS + "boolean").text == str(value).lower()
    assert run(mini_cli, query) == str(value).lower() + "\n"


def expected_labels():
    import rdflib

    graph = rdflib.Graph()
    for body, label in (("spb", "Strategic Partnership Board"), ("cspb", "Community Safety Programme Board")):
        graph.add((rdflib.URIRef(LLR + body), rdflib.URIRef(SKOS_LABEL), rdflib.Literal(label, lang="en")))
    return graph


@pytest.mark.parametrize("fmt,rdflib_format", [(None, "turtle"), ("turtle", "turtle"), ("ntriples", "nt"),
                                               ("rdfxml", "xml"), ("xml", "xml"), ("jsonld", "json-ld"),
                                               ("json", "json-ld")])
def test_construct_is_rdf_that_rdflib_reads_back(mini_cli, fmt, rdflib_format):
    import rdflib
    from rdflib.compare import isomorphic

    text = run(mini_cli, CONSTRUCT, *(["--format", fmt] if fmt else []))
    assert isomorphic(rdflib.Graph().parse(data=text, format=rdflib_format), expected_labels())


def test_construct_turtle_declares_only_the_prefixes_it_uses(mini_cli):
    lines = run(mini_cli, CONSTRUCT).splitlines()
    assert [line.split()[1] for line in lines if line.startswith("@prefix")] == ["skos:", "llr:"]


@pytest.mark.parametrize("query,fmt,message", [
    (CONSTRUCT, "csv", "error: a CONSTRUCT or DESCRIBE query answers as RDF: table (Turtle), turtle, ntriples, "
                       "rdfxml or jsonld, not csv\n"),
    (SELECT, "turtle", "error: a SELECT query answers in table, json, xml, csv or tsv, not turtle\n"),
    ("ASK { ?s ?p ?o }", "jsonld", "error: an ASK query answers in table, json, xml, csv or tsv, not jsonld\n"),
])
def test_a_format_the_kind_of_query_cannot_take_is_one_line(mini_cli, query, fmt, message):
    result = mini_cli("sparql", query, "--format", fmt)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", message)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_w3c_formats_hide_the_restricted_graph(mini_cli, fmt):
    query = "SELECT ?l WHERE { ?b a gov:Board ; gov:sensitivity gov:Restricted ; skos:prefLabel ?l }"
    assert "Restricted Test Board" not in run(mini_cli, query, "--format", fmt)
    assert "Restricted Test Board" in run(mini_cli, query, "--format", fmt, "--include-restricted")


def test_construct_hides_the_restricted_graph(mini_cli):
    query = "CONSTRUCT { ?b skos:prefLabel ?l } WHERE { ?b gov:sensitivity gov:Restricted ; skos:prefLabel ?l }"
    assert "Restricted Test Board" not in run(mini_cli, query, "--format", "ntriples")
    assert "Restricted Test Board" in run(mini_cli, query, "--format", "ntriples", "--include-restricted")


def test_the_endpoint_writes_with_the_same_function(mini_store_dir):
    """/sparql and the CLI share governance.query.results: the same bytes per format."""
    from conftest import MINI, ROOT
    from governance.build import open_store
    from governance.query.sparql import query_sparql
    from governance.store.project import Project
    from governance.web import protocol

    gs = open_store(Project(root=ROOT, graph_dir=MINI), mini_store_dir)
    result = query_sparql(gs, SELECT)
    for media, fmt in protocol.SOLUTION_TYPES.items():
        assert protocol.write(result, media) == result.serialize(fmt)
    graph = query_sparql(gs, CONSTRUCT)
    for media, fmt in protocol.GRAPH_TYPES.items():
        assert protocol.write(graph, media) == graph.serialize(fmt)
