"""`governance serve`: the explorer and /sparql, tested over real HTTP against a server
the tests start on 127.0.0.1 and stop by its own pid: pages, the JSON API against
`ask --format json`, the SPARQL 1.1 Protocol with SPARQLWrapper in every format, and the
hostile requests (updates, SERVICE, oversized and slow queries, path traversal,
restricted data, bad parameters), each one clear error with the right status and never
a traceback."""
from __future__ import annotations

import csv
import io
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import FIXTURES, MINI, ROOT

from remote_servers import start_governance

SPB = "https://w3id.org/govgraph/id/llr/spb"
TRACEBACK_MARKS = ("Traceback", 'File "/', "site-packages", ".py\", line")


@pytest.fixture(scope="module")
def web(llr_store_dir, tmp_path_factory):
    server = start_governance(llr_store_dir, ROOT / "graph", "--timeout", "3",
                              folder=tmp_path_factory.mktemp("web"))
    yield server.store_url
    server.stop()


@pytest.fixture(scope="module")
def restricted_web(tmp_path_factory):
    """A server over the mini graph plus the restricted fixture, without --include-restricted."""
    folder = tmp_path_factory.mktemp("restricted-web")
    graph = folder / "graph"
    shutil.copytree(MINI, graph)
    shutil.copy(FIXTURES / "restricted" / "restricted.ttl", graph / "restricted.ttl")
    server = start_governance(folder / "store", graph, folder=folder)
    yield server.store_url
    server.stop()


def get(base: str, path: str, *, method: str = "GET", data: bytes | None = None, headers: dict | None = None):
    """(status, headers, body text) of one request; never raises for an HTTP error."""
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def no_traceback(text: str) -> None:
    for mark in TRACEBACK_MARKS:
        assert mark not in text


def q(**params) -> str:
    return urllib.parse.urlencode(params)


# -- pages ----------------------------------------------------------------------------

def test_home_lists_every_question(web, llr_project):
    from governance.query.catalogue import catalogue

    status, headers, body = get(web, "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    for name in catalogue(llr_project.queries_dir):
        assert f'href="/query/{name}"' in body


def test_body_page_has_profile_diagram_evidence_and_links(web):
    status, _, body = get(web, "/body/llr/spb")
    assert status == 200
    assert "<h1 id=\"body-title\">Strategic Partnership Board</h1>" in body
    assert "<svg" in body and "Reported to by" in body
    assert 'href="/body/llr/' in body  # related bodies link to their pages
    assert "<q>" in body  # evidence quotes


def test_the_date_is_kept_on_every_link(web):
    status, _, body = get(web, "/body/llr/spb?at=2013-06-01")
    assert status == 200 and "2013-06-01" in body
    links = [l for l in body.split('href="')[1:] if l.startswith("/body/") and ">latest<" not in l[:60]]
    assert links and all("at=2013-06-01" in l.split('"', 1)[0] for l in links)
    assert 'class="muted">latest</a>' in body  # and one link back to the latest state


def test_search_page_and_suggestions(web):
    status, _, body = get(web, "/search?q=SPB")
    assert status == 200 and "Strategic Partnership Board" in body
    status, headers, body = get(web, "/api/search?q=spb")
    assert status == 200 and headers["Content-Type"] == "application/json"
    first = json.loads(body)[0]
    assert first["id"] == SPB and first["href"] == "/body/llr/spb"


def test_question_form_answers_with_downloads(web):
    status, _, body = get(web, "/query/reports-to?" + q(body="SPB", run=1))
    assert status == 200 and "<table" in body and "Safer Leicester Partnership" in body
    assert "/api/ask/reports-to?body=SPB&amp;format=csv" in body
    status, headers, text = get(web, "/api/ask/reports-to?" + q(body="SPB", format="csv"))
    assert status == 200 and headers["Content-Type"].startswith("text/csv")
    assert next(csv.reader(io.StringIO(text)))[0] == "reporter"


@pytest.mark.parametrize("name,args,options", [
    ("reports-to", ["SPB"], {}),
    ("funders", ["UAVA"], {"at": "2018-06-01", "why": "true"}),
    ("chain", ["Safer Rutland Partnership"], {}),
    ("duty-holders", ["s.17 Crime and Disorder Act 1998"], {}),
    ("duties", ["Safer Rutland Partnership"], {"at": "2013-06-01"}),
    ("members", ["LSCSB"], {"stated-only": "true"}),
])
def test_api_mirrors_ask_json(web, llr_cli, llr_project, name, args, options):
    from governance.query.catalogue import get_query

    query = get_query(llr_project.queries_dir, name)
    params = {p.name: a for p, a in zip(query.params, args)} | options
    status, _, body = get(web, f"/api/ask/{name}?" + q(**params))
    assert status == 200, body
    cli_args = ["ask", name, *args, "--format", "json"]
    for key, value in options.items():
        cli_args += [f"--{key}"] if value == "true" else [f"--{key}", value]
    assert json.loads(body) == json.loads(llr_cli(*cli_args).stdout)


def test_review_page(web):
    status, _, body = get(web, "/review")
    assert status == 200 and "Governance review" in body and "finding" in body
    status, _, body = get(web, "/review?format=json")
    assert status == 200 and "findings" in json.loads(body)


# -- the SPARQL 1.1 Protocol with a real client ----------------------------------------

SELECT = "SELECT ?b ?l WHERE { ?b a gov:CommunitySafetyPartnership ; skos:prefLabel ?l } ORDER BY ?l"
CONSTRUCT = "CONSTRUCT { ?b skos:prefLabel ?l } WHERE { ?b a gov:CommunitySafetyPartnership ; skos:prefLabel ?l }"


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_reads_select_in_every_format(web, fmt, method):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(web + "/sparql")
    client.setQuery(SELECT)
    client.setReturnFormat(fmt)
    client.setMethod(method)
    result = client.query()
    converted = result.convert()
    if fmt == "json":
        labels = [b["l"]["value"] for b in converted["results"]["bindings"]]
    elif fmt == "xml":
        labels = [n.firstChild.nodeValue for n in converted.getElementsByTagName("literal")]
    else:
        text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
        rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t",
                               quoting=csv.QUOTE_MINIMAL if fmt == "csv" else csv.QUOTE_NONE))[1:]
        labels = [r[1].split('"')[1] if fmt == "tsv" else r[1] for r in rows]
    assert "Safer Leicester Partnership" in labels and len(labels) >= 9


@pytest.mark.parametrize("fmt,rdflib_format", [("turtle", "turtle"), ("n3", "nt"), ("json-ld", "json-ld")])
def test_sparqlwrapper_reads_construct(web, fmt, rdflib_format):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(web + "/sparql")
    client.setQuery(CONSTRUCT)
    client.setReturnFormat({"n3": "n3", "turtle": "turtle", "json-ld": "json-ld"}[fmt])
    if fmt == "n3":
        client.addCustomHttpHeader("Accept", "application/n-triples")
    graph = client.queryAndConvert()
    if not hasattr(graph, "triples"):
        import rdflib

        graph = rdflib.Graph().parse(data=graph, format=rdflib_format)
    labels = {str(o) for o in graph.objects()}
    assert "Safer Leicester Partnership" in labels


@pytest.mark.parametrize("query,fmt,media", [
    (SELECT, "json", "application/sparql-results+json"), (SELECT, "xml", "application/sparql-results+xml"),
    (SELECT, "csv", "text/csv"), (SELECT, "tsv", "text/tab-separated-values"),
    (CONSTRUCT, "table", "text/turtle"), (CONSTRUCT, "rdfxml", "application/rdf+xml"),
    (CONSTRUCT, "jsonld", "application/ld+json"), ("ASK { llr:spb a gov:Board }", "json", "application/json")])
def test_sparql_endpoint_answers_what_the_cli_prints(web, llr_cli, query, fmt, media):
    status, headers, body = get(web, "/sparql?" + q(query=query), headers={"Accept": media})
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    printed = llr_cli("sparql", query, "--format", fmt).stdout_bytes.decode("utf-8")
    assert printed in (body, body + "\n")


def test_ask_and_sparql_query_body(web):
    status, headers, body = get(web, "/sparql", method="POST", data=b"ASK { llr:spb a gov:Board }",
                                headers={"Content-Type": "application/sparql-query",
                                         "Accept": "application/sparql-results+json"})
    assert status == 200 and json.loads(body) == {"head": {}, "boolean": True}


def test_the_sparql_form(web):
    status, _, body = get(web, "/sparql", headers={"Accept": "text/html"})
    assert status == 200 and "<textarea" in body
    status, _, body = get(web, "/sparql?" + q(query=SELECT, format="html"))
    assert status == 200 and "Safer Leicester Partnership" in body


# -- hostile requests: one clear error, the right status, no traceback ------------------

@pytest.mark.parametrize("query", [
    "INSERT DATA { <http://x> <http://y> <http://z> }",
    "DELETE WHERE { ?s ?p ?o }",
    "DROP ALL",
    "LOAD <http://example.org/data.ttl>",
])
def test_updates_are_refused(web, query):
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    client = SPARQLWrapper(web + "/sparql")
    client.setQuery(query)
    client.setMethod("POST")
    with pytest.raises(QueryBadFormed) as caught:
        client.query()
    assert "refused" in str(caught.value) and "read-only" in str(caught.value)
    for path, data, media in (("/sparql", q(update=query).encode(), "application/x-www-form-urlencoded"),
                              ("/sparql", query.encode(), "application/sparql-update")):
        status, _, body = get(web, path, method="POST", data=data, headers={"Content-Type": media})
        assert status == 400 and "read-only" in body
        no_traceback(body)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:1/> { ?s ?p ?o } }",
    "SELECT * WHERE { ?x ?y ?z . service ?g { ?s ?p ?o } }",
])
def test_service_is_refused(web, query):
    status, headers, body = get(web, "/sparql?" + q(query=query))
    assert status == 400 and headers["Content-Type"] == "application/json"
    assert "SERVICE" in json.loads(body)["error"]


def test_oversized_query_is_413(web):
    huge = "SELECT * WHERE { ?s ?p ?o } # " + "x" * 200_000
    status, _, body = get(web, "/sparql", method="POST", data=huge.encode(),
                          headers={"Content-Type": "application/sparql-query"})
    assert status == 413 and "limit" in json.loads(body)["error"]


def test_deep_nesting_is_refused(web):
    status, _, body = get(web, "/sparql?" + q(query="SELECT * WHERE " + "{" * 300 + "}" * 300))
    assert status == 400 and "nests" in json.loads(body)["error"]


def test_slow_query_stops_at_the_time_out(web):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    status, _, body = get(web, "/sparql?" + q(query=slow))
    assert status == 503 and "time-out" in json.loads(body)["error"]
    # the endpoint answers the next query (a fresh worker)
    assert get(web, "/sparql?" + q(query="ASK { ?s ?p ?o }"))[0] == 200


def test_row_cap(web):
    status, _, body = get(web, "/sparql?" + q(query="SELECT * WHERE { ?s ?p ?o }"))
    assert status == 413 and "row cap" in json.loads(body)["error"]


def test_syntax_error_and_no_query(web):
    status, _, body = get(web, "/sparql?" + q(query="SELEC nothing"))
    assert status == 400 and "syntax" in json.loads(body)["error"].lower()
    status, _, body = get(web, "/sparql", headers={"Accept": "application/sparql-results+json"})
    assert status == 400 and "give a query" in json.loads(body)["error"]


def test_not_acceptable(web):
    status, _, body = get(web, "/sparql?" + q(query=SELECT), headers={"Accept": "image/png"})
    assert status == 406


@pytest.mark.parametrize("path", [
    "/static/../app.py", "/static/..%2Fapp.py", "/static/%2e%2e%2fpages.py", "/static/....//app.py",
    "/static/explorer.js/../../app.py", "/static/web.css", "/static/%00", "/static/.",
    "/body/../../etc/passwd", "/body/llr/..%2F..%2Fetc%2Fpasswd", "/body/%2e%2e/%2e%2e/etc/passwd",
    "/query/..%2F..%2Fetc%2Fpasswd", "/query/../_evidence", "/query/_evidence", "/query/%2e%2e",
    "/diagram/..%2Fapp.svg?id=x", "/templates/base.html", "/web.css", "/print.css",
])
def test_path_traversal_is_404(web, path):
    status, headers, body = get(web, path)
    assert status == 404, (path, status)
    assert "root:" not in body and "import " not in body and "{%" not in body
    no_traceback(body)


def test_static_file_is_served(web):
    status, headers, body = get(web, "/static/explorer.js")
    assert status == 200 and headers["Content-Type"].startswith("text/javascript")


@pytest.mark.parametrize("path,status,words", [
    ("/body/llr/no-such-body", 404, "no body"),
    ("/body?id=http://example.org/x", 404, "no body"),
    ("/body", 400, "which body"),
    ("/body/llr/spb?at=2013-13-45", 400, "date"),
    ("/body/llr/spb?at=yesterday", 400, "date"),
    ("/body/llr/spb?at=2013-01-01&at=2014-01-01", 400, "one as-of date"),
    ("/body/llr/spb?view=sideways", 400, "unknown view"),
    ("/query/no-such-question", 404, "no question"),
    ("/api/ask/reports-to?body=Nobody%20At%20All", 404, "unknown"),
    ("/api/ask/reports-to?body=SPB&colour=red", 400, "no parameter colour"),
    ("/api/ask/reports-to?body=SPB&transitive=maybe", 400, "true or false"),
    ("/api/ask/reports-to?body=SPB&format=xlsx", 400, "unknown format"),
    ("/api/ask/reports-to", 400, "needs body"),
    ("/api/ask/changes?from=2014-01-01&to=2012-01-01", 400, "after"),
    ("/api/ask/members?body=Safer", 409, "ambiguous"),
    ("/api/search?q=" + "x" * 300, 400, "longer"),
    ("/api/show", 400, "which body"),
])
def test_bad_parameters_are_one_clear_error(web, path, status, words):
    got, headers, body = get(web, path)
    assert got == status, (path, got, body[:300])
    text = json.loads(body)["error"] if path.startswith("/api/") else body
    assert words.lower() in text.lower()
    no_traceback(body)


def test_method_not_allowed(web):
    status, _, body = get(web, "/body/llr/spb", method="POST", data=b"")
    assert status == 405
    no_traceback(body)


# -- restricted data through every route -------------------------------------------------

HIDDEN = ("Restricted Test Board", "Exempt Scrutiny Panel", "Exempt Funding Body", "exempt-panel", "exempt-funder",
          "Exempt item", "16,250", "16250", "SPB Exempt Panel")


@pytest.mark.parametrize("path", [
    "/", "/search?q=Exempt", "/search?q=ESP", "/search?q=Restricted", "/api/search?q=Exempt%20Scrutiny%20Panel",
    "/api/search?q=Restricted%20Test%20Board", "/body/llr/spb", "/body/llr/spb?view=membership",
    "/body/llr/uava", "/body/llr/uava?view=funding", "/body/llr/asb-strategy-group",
    "/query/reports-to?body=SPB&run=1", "/query/members?body=SPB&run=1", "/query/funders?body=UAVA&run=1&why=true",
    "/query/changes?run=1", "/api/ask/reports-to?body=SPB&transitive=true&why=true",
    "/api/ask/funders?body=UAVA&why=true", "/api/ask/changes", "/api/ask/memberships?body=SPB",
    "/api/show?id=https://w3id.org/govgraph/id/llr/uava", "/review", "/review?format=json",
    "/diagram/reporting.svg?id=https://w3id.org/govgraph/id/llr/spb",
    "/diagram/funding.svg?id=https://w3id.org/govgraph/id/llr/uava",
    "/sparql?" + q(query="SELECT ?s ?p ?o WHERE { ?s ?p ?o }"),
    "/sparql?" + q(query="SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"),
    "/sparql?" + q(query="SELECT * FROM <https://w3id.org/govgraph/graph/restricted> WHERE { ?s ?p ?o }"),
    "/sparql?" + q(query="SELECT * FROM NAMED <https://w3id.org/govgraph/graph/restricted> WHERE { GRAPH ?g { ?s ?p ?o } }"),
    "/sparql?" + q(query="CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", format="turtle"),
    "/sparql?" + q(query="DESCRIBE <https://w3id.org/govgraph/id/llr/exempt-panel>"),
])
def test_restricted_data_through_every_route(restricted_web, path):
    status, _, body = get(restricted_web, path)
    assert status in (200, 404), (path, status, body[:300])
    for word in HIDDEN:
        assert word not in body, (path, word)


@pytest.mark.parametrize("path", ["/body/llr/exempt-panel", "/body/llr/restricted-note",
                                  "/body?id=https://w3id.org/govgraph/id/llr/exempt-funder",
                                  "/api/ask/reports-to?body=Exempt%20Scrutiny%20Panel",
                                  "/api/show?name=ESP",
                                  "/diagram/reporting.svg?id=https://w3id.org/govgraph/id/llr/exempt-panel"])
def test_a_restricted_thing_is_not_found(restricted_web, path):
    status, _, body = get(restricted_web, path)
    assert status == 404, (path, status)
    # the page may repeat what was asked, and suggest public names; nothing restricted
    for word in ("Exempt Funding Body", "Restricted Test Board", "Exempt item", "SPB Exempt Panel"):
        assert word not in body, (path, word)
    if "exempt-panel" not in path and "Exempt%20Scrutiny" not in path:
        assert "Exempt Scrutiny Panel" not in body
