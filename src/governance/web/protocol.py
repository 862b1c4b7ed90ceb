"""The SPARQL 1.1 Protocol, query only: reading a request, choosing a result format by
content negotiation, and writing results (by :mod:`governance.query.results`, with
pyoxigraph's own serializers, as ``governance sparql --format`` does).

The query itself runs through the one guarded path (:mod:`governance.query.sparql`);
this module only knows HTTP. Results of SELECT and ASK are written as SPARQL JSON, XML,
CSV or TSV, graphs (CONSTRUCT, DESCRIBE) as Turtle, N-Triples, RDF/XML or JSON-LD.

>>> negotiate("application/sparql-results+xml, */*;q=0.1", SOLUTION_TYPES)
'application/sparql-results+xml'
>>> negotiate("text/html,application/xhtml+xml,*/*;q=0.8", SOLUTION_TYPES, html=True)
'text/html'
>>> negotiate("*/*", GRAPH_TYPES)
'text/turtle'
>>> negotiate("image/png", SOLUTION_TYPES) is None
True
"""
from __future__ import annotations

from urllib.parse import parse_qs

from ..errors import UsageError

MAX_QUERY_BYTES = 100_000  # a longer text is refused with 413 before any parser sees it

# each media type offered, and the name of its format in governance.query.results
SOLUTION_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "text/plain": "ntriples",
}
# ?format= short names (as many endpoints accept), for links and curl
SHORT = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml", "csv": "text/csv",
         "tsv": "text/tab-separated-values", "turtle": "text/turtle", "ttl": "text/turtle",
         "ntriples": "application/n-triples", "nt": "application/n-triples", "jsonld": "application/ld+json",
         "json-ld": "application/ld+json", "rdfxml": "application/rdf+xml", "html": "text/html"}
# what a short name means for the other kind of result (json asked of a CONSTRUCT: JSON-LD)
OTHER_KIND = {"application/sparql-results+json": "application/ld+json", "text/csv": None,
              "application/sparql-results+xml": "application/rdf+xml", "text/tab-separated-values": None,
              "text/turtle": None, "application/n-triples": None,
              "application/ld+json": "application/sparql-results+json",
              "application/rdf+xml": "application/sparql-results+xml"}


class ProtocolError(UsageError):
    """A request the protocol does not allow; ``status`` is its HTTP status code."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first.

    >>> parse_accept("text/csv;q=0.5, application/sparql-results+json")
    [('application/sparql-results+json', 1.0), ('text/csv', 0.5)]
    """
    ranges = []
    for n, part in enumerate((header or "*/*").split(",")):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranges.append((pieces[0].lower(), q, n))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(r[0], r[1]) for r in ranges if r[1] > 0]


def negotiate(accept: str | None, offered: dict, *, html: bool = False) -> str | None:
    """The media type to answer with, or None when nothing acceptable is offered. An
    explicit html asks for the page; ``*/*`` alone means the first type offered."""
    names = list(offered) + (["text/html"] if html else [])
    for media, _ in parse_accept(accept):
        if media in names:
            return media
        if media.endswith("/*") and media != "*/*":
            family = [n for n in names if n.startswith(media[:-1])]
            if family:
                return family[0]
        if media == "*/*":
            return next(iter(offered), "text/html" if html else None)
    return None


def read_request(method: str, content_type: str | None, query_string: str, body: bytes) -> dict:
    """The protocol's parameters of one request: ``{"query": text, ...}``.

    GET takes ``query=`` from the URL; POST takes a form (``query=``) or a body of type
    ``application/sparql-query``. An update (``update=``, ``application/sparql-update``)
    is refused: this endpoint is read-only.
    """
    params = parse_qs(query_string, keep_blank_values=True)
    media = (content_type or "").split(";")[0].strip().lower()
    if method == "POST":
        if len(body) > MAX_QUERY_BYTES:
            raise ProtocolError(f"the request is {len(body)} bytes, more than the limit of {MAX_QUERY_BYTES}", 413)
        if media == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError("the query is not UTF-8 text") from None
            if "query" in params:
                raise ProtocolError("give the query once: in the body or as query=, not both")
            params["query"] = [text]
        elif media == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
            except UnicodeDecodeError:
                raise ProtocolError("the form is not UTF-8 text") from None
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-update":
            raise ProtocolError("updates are refused: this SPARQL endpoint is read-only")
        else:
            raise ProtocolError(f"a POST to /sparql takes application/x-www-form-urlencoded or "
                                f"application/sparql-query, not {media or 'no content type'}", 415)
    if "update" in params:
        raise ProtocolError("updates are refused: this SPARQL endpoint is read-only")
    if "default-graph-uri" in params or "named-graph-uri" in params:
        raise ProtocolError("default-graph-uri and named-graph-uri are not taken: the endpoint answers over its "
                            "public graphs (use FROM or GRAPH inside the query)")
    queries = params.get("query", [])
    if len(queries) > 1:
        raise ProtocolError("give one query= parameter, not several")
    out = {"query": queries[0] if queries else None}
    if out["query"] is not None and len(out["query"].encode("utf-8")) > MAX_QUERY_BYTES:
        raise ProtocolError(f"the query is longer than the limit of {MAX_QUERY_BYTES} bytes", 413)
    # format= overrides the Accept header when it names a format this endpoint writes
    # (clients such as SPARQLWrapper also send names it does not, like n3: Accept decides)
    known = [SHORT.get(f.lower(), f) for f in params.get("format", [])
             if f.lower() in SHORT or f in SOLUTION_TYPES or f in GRAPH_TYPES]
    out["format"] = known[0] if known else None
    return out


def write(result, media: str) -> bytes:
    """A :class:`~governance.query.results.SparqlResult` in the media type's format,
    by the one writer the CLI's ``sparql --format`` uses too."""
    return result.serialize(SOLUTION_TYPES.get(media) or GRAPH_TYPES[media])
