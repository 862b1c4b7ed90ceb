"""A remote store: the same named queries against any SPARQL 1.1 endpoint.

:class:`RemoteStore` has the interface of the embedded :class:`GraphStore` (``query``,
``select``, ``graphs``, ``label_data``, ``manifest``, ``subject_quads``,
``store.quads_for_pattern``), so every answering command runs unchanged on it
(``--endpoint URL``). What differs is only how a query travels:

- prefixes the embedded store is given as an argument are declared in the text
  (``PREFIX gov: <...>``), so the endpoint sees standard SPARQL 1.1;
- parameters are bound with a ``VALUES`` block first in the outer WHERE clause, each term
  written by pyoxigraph's N-Triples serializer (never pasted text);
- the visible graphs are the protocol's ``default-graph-uri`` and ``named-graph-uri``.

``store/push.py`` loads a build into such a store with the Graph Store Protocol; the
manifest graph it writes says what was pushed, and the remote store reads it back.

>>> with_values("SELECT ?x WHERE { ?x a ?t }", {"t": ox.NamedNode("http://ex/T")})
'SELECT ?x WHERE { VALUES (?t) { (<http://ex/T>) }\\n ?x a ?t }'
>>> with_values('SELECT ?x WHERE { ?x ?p "say \\\\"{\\\\"" }', {"p": ox.Literal('a "b"\\n')})
'SELECT ?x WHERE { VALUES (?p) { ("a \\\\"b\\\\"\\\\n") }\\n ?x ?p "say \\\\"{\\\\"" }'
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError, StoreError, UsageError
from .binding import outer_brace, term_text, with_values
from .embedded import GraphStore
from .labels import NameIndex, index_data, law_data, write_index

PUSH_GRAPH = vocab.GRAPH + "push"  # what `governance push` loaded, as one JSON literal
PUSH_MANIFEST = vocab.GOV + "pushManifest"
USER_AGENT = "govgraph (SPARQL 1.1 client)"
MIRRORED = {vocab.INFERRED_RESTRICTED_GRAPH}  # small, and read by subject row by row
SUBJECTS_PER_QUERY = 400  # IRIs in one VALUES block: well under the endpoints' request limits


def _skip(text: str, i: int) -> int:
    """The position after a comment, string or IRI that starts at ``i`` (else ``i``)."""
    c = text[i]
    if c == "#":
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if c == "<":
        end = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
        return i + len(end.group(0)) - 1 if end else i
    if c in "\"'":
        quote = text[i:i + 3] if text[i:i + 3] in ('\"\"\"', "'''") else c
        j = i + len(quote)
        while j < len(text) and not text.startswith(quote, j):
            j += 2 if text[j] == "\\" else 1
        return j + len(quote) - 1
    return i


def _outer_close(text: str, start: int) -> int:
    """The position of the brace that closes the one opened at ``start``."""
    depth, i = 0, start
    while i < len(text):
        j = _skip(text, i)
        if j == i:
            if text[i] == "{":
                depth += 1
            elif text[i] == "}":
                depth -= 1
                if depth == 0:
                    return i
        i = j + 1
    raise QueryError("the query's WHERE clause is not closed")


ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def split_order(text: str) -> tuple[str, str | None]:
    """The query without its outer ORDER BY, and that clause (None when it cannot be
    applied afterwards: a LIMIT or OFFSET, or a sort on what the query does not return).

    >>> split_order("SELECT ?a ?b WHERE { ?a ?p ?b } ORDER BY LCASE(STR(?b)) ?a")
    ('SELECT ?a ?b WHERE { ?a ?p ?b }', 'LCASE(STR(?b)) ?a')
    >>> split_order("SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b")[1] is None
    True
    """
    close = _outer_close(text, outer_brace(text))
    tail = re.sub(r"#[^\n]*", "", text[close + 1:])
    match = ORDER_BY.search(tail)
    if not match or re.search(r"\b(LIMIT|OFFSET|VALUES)\b", tail, re.IGNORECASE):
        return text, None
    clause = tail[match.end():].strip()
    head = text[:outer_brace(text)]
    projected = set(re.findall(r"[?$](\w+)", head[re.search(r"\bSELECT\b", head, re.I).end():])) \
        if re.search(r"\bSELECT\b", head, re.I) else set()
    if "*" not in head.split("SELECT", 1)[-1] and not set(re.findall(r"[?$](\w+)", clause)) <= projected:
        return text, None
    return (text[:close + 1] + tail[:match.start()]).rstrip(), clause


def order_locally(solutions, clause: str):
    """Rows sorted by an ORDER BY clause with SPARQL 1.1's own ordering (pyoxigraph's),
    whatever the endpoint's collation; None when a row holds a blank node."""
    names = [v.value for v in solutions.variables]
    rows = []
    for s in solutions:
        row = [s[n] for n in names]
        if any(isinstance(t, ox.BlankNode) for t in row):
            return None
        rows.append(" ".join("UNDEF" if t is None else str(t) for t in row))
    if not names:
        return None
    body = "\n".join(f"({r})" for r in rows)
    text = f"SELECT * WHERE {{ VALUES ({' '.join('?' + n for n in names)}) {{\n{body}\n}} }} ORDER BY {clause}"
    return ox.Store().query(text, prefixes=vocab.PREFIXES)


def standard_json(body: bytes) -> bytes:
    """SPARQL JSON results as the W3C Recommendation writes them: some stores (Virtuoso)
    send ``typed-literal`` cells and blank nodes named ``nodeID://b123``.

    >>> standard_json(b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"bnode","value":"nodeID://b1"}}]}}')
    b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "bnode", "value": "nodeID_b1"}}]}}'
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise QueryError(f"the endpoint sent results that are not JSON: {exc}") from None
    changed = False
    for row in data.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("type") == "typed-literal":
                cell["type"] = "literal"
                changed = True
            elif cell.get("type") == "bnode" and not re.match(r"^[A-Za-z0-9_]+$", cell.get("value", "")):
                cell["value"] = re.sub(r"[^A-Za-z0-9_]+", "_", cell["value"]).strip("_") or "b"
                changed = True
    return json.dumps(data).encode("utf-8") if changed else body


def with_prefixes(text: str) -> str:
    """The query with a PREFIX declaration for each project prefix it does not declare."""
    missing = [(p, ns) for p, ns in vocab.PREFIXES.items()
               if not re.search(rf"(?im)^\s*PREFIX\s+{re.escape(p)}:", text)]
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in missing) + text


class Endpoint:
    """HTTP to one SPARQL endpoint (and, for push, its Graph Store endpoint)."""

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None, timeout: float = 60.0):
        parsed = urllib.parse.urlsplit(url or "")
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise UsageError(f"bad endpoint URL '{url}': give http://host:port/path")
        self.url, self.timeout, self.user = url, timeout, user
        handlers = []
        if user is not None:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, url, user, password or "")
            handlers += [urllib.request.HTTPDigestAuthHandler(passwords),
                         urllib.request.HTTPBasicAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    def authorization(self, method: str, url: str) -> str | None:
        """The Authorization header for one request with a body, from the server's
        challenge to a HEAD of the same URL: the body is then sent once, with its
        credentials (Virtuoso answers 401 and closes the connection while a body sent
        without them is still arriving, so the client sees only a reset)."""
        try:
            urllib.request.urlopen(urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT}),
                                   timeout=self.timeout).close()
            return None  # no credentials asked for
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("WWW-Authenticate", "")
            exc.close()
        except (urllib.error.URLError, OSError):
            return None  # the request itself says why
        scheme = challenge.split(" ", 1)[0].lower()
        kind = {"digest": urllib.request.HTTPDigestAuthHandler, "basic": urllib.request.HTTPBasicAuthHandler}
        handler = next((h for h in self.opener.handlers if isinstance(h, kind.get(scheme, ()))), None)
        if handler is None:
            return None
        if scheme == "basic":
            user, password = handler.passwd.find_user_password(None, url)
            return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(challenge[7:])))
        value = handler.get_authorization(urllib.request.Request(url, method=method), chal)
        return f"Digest {value}" if value else None  # get_authorization leaves out the scheme

    def request(self, method: str, url: str, data: bytes | None, headers: dict) -> tuple[bytes, str]:
        for _ in range(2):  # a connection closed while a body was sent: once more, freshly challenged
            try:
                return self._request(method, url, data, headers)
            except ConnectionError as exc:
                closed = exc
        try:  # refused credentials: the 401 that a request without a body gets, said as such
            self._request("HEAD", url, None, {})
        except QueryError as exc:
            if " 401 " in str(exc):
                raise
        raise StoreError(f"the endpoint {self.url} closed the connection twice while {len(data or b'')} bytes "
                         f"were sent ({closed.__class__.__name__})")

    def _request(self, method: str, url: str, data: bytes | None, headers: dict) -> tuple[bytes, str]:
        if self.user is not None and data:
            authorization = self.authorization(method, url)
            if authorization:
                headers = {**headers, "Authorization": authorization}
        request = urllib.request.Request(url, data=data, method=method,
                                         headers={"User-Agent": USER_AGENT, **headers})
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read(400).decode("utf-8", "replace").split())
            hint = " (check --user and --password)" if exc.code == 401 else ""
            raise QueryError(f"the endpoint {self.url} answered {exc.code} {exc.reason}{hint}"
                             f"{': ' + detail[:300] if detail else ''}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if data and isinstance(reason, ConnectionError) and not isinstance(reason, ConnectionRefusedError):
                raise reason from None  # closed while the body was sent: request() retries it
            raise StoreError(f"cannot reach the endpoint {self.url}: {reason}") from None


class RemoteQuads:
    """``store.quads_for_pattern`` over the endpoint: one query for a pattern with a bound
    term; a whole graph (the review's copy) or a MIRRORED one is read once, kept here."""

    def __init__(self, remote: "RemoteStore"):
        self.remote = remote
        self._graphs: dict[str, ox.Store] = {}

    def mirror(self, graph: str) -> ox.Store:
        if graph not in self._graphs:
            local = ox.Store()
            g = ox.NamedNode(graph)
            rows = self.remote.select_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": g})
            local.bulk_extend(ox.Quad(r["s"], r["p"], r["o"], g) for r in rows)
            self._graphs[graph] = local
        return self._graphs[graph]

    def quads_for_pattern(self, subject, predicate, obj, graph=None):
        graphs = [graph.value] if isinstance(graph, ox.NamedNode) else \
            [g.value for g in self.remote.graphs(include_restricted=False)]
        out = []
        for name in graphs:
            g = ox.NamedNode(name)
            if name in self._graphs or name in MIRRORED or (subject, predicate, obj) == (None, None, None):
                out += list(self.mirror(name).quads_for_pattern(subject, predicate, obj, g))
                continue
            bound = {k: v for k, v in (("s", subject), ("p", predicate), ("o", obj), ("g", g)) if v is not None}
            rows = self.remote.select_raw("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", bound)
            out += [ox.Quad(r.get("s", subject), r.get("p", predicate), r.get("o", obj), g) for r in rows]
        return iter(out)


class RemoteStore(GraphStore):
    """A SPARQL 1.1 endpoint with the interface of the embedded store."""

    def __init__(self, url: str, *, user: str | None = None, password: str | None = None,
                 timeout: float = 60.0, cache_dir: str | os.PathLike | None = None):
        self.endpoint = Endpoint(url, user=user, password=password, timeout=timeout)
        self.url, self.cache_dir = url, cache_dir
        self.warning = None
        self._cache = {}
        self._manifest: dict | None = None
        self.store = RemoteQuads(self)

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"

    def full_store(self):
        return self.store  # the endpoint holds what was pushed; the graphs asked for say what is seen

    @property
    def build(self):
        """Nothing is built on this machine: free SPARQL goes to the endpoint itself."""
        raise UsageError(f"free SPARQL runs on the local build: send it to {self.url} itself "
                         "(or leave out --endpoint)")

    @property
    def manifest(self) -> dict:
        """What `governance push` loaded (its manifest graph); the standard graphs when
        the data were loaded some other way."""
        if self._manifest is None:
            rows = self.select_raw(f"SELECT ?m WHERE {{ GRAPH <{PUSH_GRAPH}> {{ <{PUSH_GRAPH}> <{PUSH_MANIFEST}> ?m }} }}",
                                   {})
            if rows:
                self._manifest = json.loads(rows[0]["m"].value)
            else:
                self._manifest = {"graphs": [vocab.CURATED_GRAPH, vocab.TIMELINE_GRAPH], "inferred_triples": 1,
                                  "triples": None, "restricted_triples": None, "built_at": None}
        return self._manifest

    def label_data(self, include_restricted: bool = False):
        """The name index, made from the endpoint's answers as the build makes it. Made
        once per push: it is kept in the cache folder under the push's manifest (a new
        push is a new manifest) and opened from there as the build's index is; data
        loaded some other way say nothing of when they change, and are read each time."""
        key = "all" if include_restricted else "public"
        if key not in self._cache:
            kept = self._kept_index(key)
            if kept is not None and kept.exists():
                self._cache[key] = NameIndex(kept)
                return self._cache[key]
            graphs = [vocab.CURATED_GRAPH] + ([vocab.RESTRICTED_GRAPH] if include_restricted else [])
            project = self._cache.get("project")
            if project is None:
                raise StoreError("the remote store needs its project's queries (open it with open_remote)")
            rows = self.select_raw((project.queries_dir / "search.rq").read_text(encoding="utf-8"), {}, graphs)
            data = index_data(rows)
            data["laws"] = law_data(self.select_raw(project.internal_query("laws"), {}, graphs))
            self._cache[key] = data
            if kept is not None:
                _keep(kept, data)
        return self._cache[key]

    def _kept_index(self, key: str) -> Path | None:
        if self.cache_dir is None or not self.manifest.get("fingerprint"):
            return None
        return Path(self.cache_dir) / "remote" / _digest(self.url) / _digest(self.manifest) / f"names-{key}.sqlite"

    def subject_quads(self, subjects: list[ox.NamedNode], graph: ox.NamedNode):
        """Every quad of GRAPH about SUBJECTS, in a few queries (a VALUES block of IRIs
        each), not one per subject; a mirrored graph from its local copy."""
        if graph.value in self.store._graphs or graph.value in MIRRORED:
            return super().subject_quads(subjects, graph)
        rows, where = [], f"GRAPH {term_text(graph)} {{ ?s ?p ?o }}"
        for start in range(0, len(subjects), SUBJECTS_PER_QUERY):
            iris = " ".join(term_text(s) for s in subjects[start:start + SUBJECTS_PER_QUERY])
            rows += self.select_raw(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {iris} }} {where} }}", {})
        return (ox.Quad(r["s"], r["p"], r["o"], graph) for r in rows)

    def query(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False):
        visible = [g.value for g in self.graphs(include_restricted)]
        return self._run(sparql, params, visible, visible)

    def select_raw(self, sparql: str, params: dict, graphs: list[str] | None = None) -> list[dict]:
        """SELECT rows over GRAPHS (default: the endpoint's own dataset)."""
        solutions = self._run(sparql, params, graphs, graphs)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]

    def _run(self, sparql: str, params: dict | None, default: list[str] | None, named: list[str] | None):
        # Stores collate differently (Virtuoso orders long literals by a prefix and IRIs
        # by internal ids): the outer ORDER BY is applied here, with SPARQL's own order.
        unordered, clause = split_order(sparql)
        if clause is not None:
            solutions = self._send(unordered, params, default, named)
            if isinstance(solutions, ox.QuerySolutions):
                ordered = order_locally(solutions, clause)
                if ordered is not None:
                    return ordered
        return self._send(sparql, params, default, named)

    def _send(self, sparql: str, params: dict | None, default: list[str] | None, named: list[str] | None):
        text = with_prefixes(with_values(sparql, params or {}))
        form = [("query", text)] + [("default-graph-uri", g) for g in default or ()] + \
               [("named-graph-uri", g) for g in named or ()]
        body, media = self.endpoint.request("POST", self.endpoint.url, urllib.parse.urlencode(form).encode(), {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json, application/n-triples;q=0.9"})
        media = media.split(";")[0].strip().lower()
        try:
            if media in ("application/n-triples", "text/plain", "text/turtle"):
                return [q.triple for q in ox.parse(body, format=ox.RdfFormat.TURTLE)]
            return ox.parse_query_results(standard_json(body), ox.QueryResultsFormat.JSON)
        except (SyntaxError, ValueError) as exc:
            raise QueryError(f"the endpoint {self.url} sent an answer that cannot be read ({media}): {exc}") from None


def _digest(value) -> str:
    return hashlib.sha256(json.dumps(value, sort_keys=True).encode()).hexdigest()[:16]


def _keep(path: Path, data: dict) -> None:
    """Write a remote store's name index into the cache, atomically, in place of the
    index of an earlier push to the same endpoint; a cache that cannot be written (no
    room, no permission) is only not kept."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_index(tmp, data)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)
        return
    for other in path.parent.parent.iterdir():
        if other != path.parent:
            shutil.rmtree(other, ignore_errors=True)


def open_remote(url: str, project, *, user: str | None = None, password: str | None = None,
                timeout: float = 60.0, cache_dir: str | os.PathLike | None = None) -> RemoteStore:
    """A remote store for PROJECT's queries at URL (checked with one small query); its
    name index is kept in CACHE_DIR, when given, once per push."""
    remote = RemoteStore(url, user=user, password=password, timeout=timeout, cache_dir=cache_dir)
    remote._cache["project"] = project
    remote.manifest  # noqa: B018  (reaches the endpoint once: a wrong URL fails here, clearly)
    return remote


__all__ = ["Endpoint", "RemoteStore", "open_remote", "with_values", "with_prefixes", "term_text"]
