"""`governance push`: load a build into a SPARQL store with the Graph Store Protocol.

Each graph goes into its own named graph, replacing what was there, and a small
manifest graph says what was pushed (the remote store reads it back). A graph is sent
in pieces of about PUSH_CHUNK triples (the first replaces the graph, the rest are
added to it), so that a national graph is never one request body or one server
transaction: Virtuoso, given a 1M-triple graph in one PUT, held its locks and did not
answer within five minutes. A blank node and the triples about it travel in the same
piece as the named thing that points at it (store/blanks.py): in two documents it
would become two nodes.
"""
from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import QueryError, UsageError
from .blanks import owner_roots
from .embedded import RESTRICTED_GRAPHS, GraphStore
from .remote import PUSH_GRAPH, PUSH_MANIFEST, Endpoint, RemoteStore

PUSH_CHUNK = 50_000  # triples per request
TURTLE = {"Content-Type": "text/turtle; charset=utf-8"}  # N-Triples is Turtle; every store reads it


@dataclass
class Pushed:
    graph: str
    triples: int
    requests: int = 1


def pieces(triples: list[ox.Triple], size: int | None = None) -> list[list[ox.Triple]]:
    """TRIPLES in pieces of about SIZE, in their order; the triples of one named thing
    and of the blank nodes it owns are never split (such a group may exceed SIZE).

    >>> t = ox.NamedNode("http://ex/t"); p = ox.NamedNode("http://ex/p"); b = ox.BlankNode()
    >>> triples = [ox.Triple(t, p, b), ox.Triple(p, p, p), ox.Triple(b, p, p)]
    >>> [len(piece) for piece in pieces(triples, size=1)]
    [2, 1]
    """
    size = size or PUSH_CHUNK
    root = owner_roots(triples)
    groups: dict = {}
    for triple in triples:
        groups.setdefault(root(triple.subject), []).append(triple)
    out, piece = [], []
    for group in groups.values():
        if piece and len(piece) + len(group) > size:
            out.append(piece)
            piece = []
        piece += group
    return out + [piece] if piece or not out else out


def push(gs: GraphStore, url: str, *, include_restricted: bool = False, user: str | None = None,
         password: str | None = None, timeout: float = 300.0) -> list[Pushed]:
    """Load a build's graphs into a Graph Store Protocol endpoint, each graph into its
    own named graph (what was there is replaced); the restricted graphs only with
    ``include_restricted`` (otherwise they are deleted there, if a push left them)."""
    if not isinstance(gs, GraphStore) or isinstance(gs, RemoteStore):
        raise UsageError("push loads a local build: open the embedded store first")
    endpoint = Endpoint(url, user=user, password=password, timeout=timeout)
    names = [g.value for g in gs.graphs(include_restricted=False)]
    hidden = list(RESTRICTED_GRAPHS)
    if include_restricted:
        names += hidden
    pushed = []
    for name in names:
        source = gs.store_for(name in hidden)
        triples = [q.triple for q in source.quads_for_pattern(None, None, None, ox.NamedNode(name))]
        parts = pieces(triples)
        for number, part in enumerate(parts):  # PUT replaces the graph, POST adds to it
            data = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES) or b""
            endpoint.request("POST" if number else "PUT", graph_url(url, name), data, TURTLE)
        pushed.append(Pushed(name, len(triples), len(parts)))
    if not include_restricted:
        for name in hidden:
            try:
                endpoint.request("DELETE", graph_url(url, name), None, {})
            except QueryError as exc:
                if " 404 " not in str(exc):
                    raise
    manifest = {k: v for k, v in gs.manifest.items() if k not in ("files", "root", "graph_dir")}
    manifest.update({"graphs": [g for g in gs.manifest["graphs"]], "pushed": [p.graph for p in pushed],
                     "restricted_pushed": include_restricted})
    if not include_restricted:
        manifest["restricted_triples"] = 0
    literal = ox.Literal(json.dumps(manifest, sort_keys=True))
    record = ox.serialize([ox.Triple(ox.NamedNode(PUSH_GRAPH), ox.NamedNode(PUSH_MANIFEST), literal)],
                          format=ox.RdfFormat.N_TRIPLES)
    endpoint.request("PUT", graph_url(url, PUSH_GRAPH), record, TURTLE)
    return pushed


def graph_url(url: str, graph: str) -> str:
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}{urllib.parse.urlencode({'graph': graph})}"
