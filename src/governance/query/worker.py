"""The query worker: a separate process that checks and runs one free SPARQL query at a time.

It is started by :mod:`governance.query.sparql` as ``python worker.py`` (a script, so it
imports nothing of the package: only the standard library, pyoxigraph and rdflib's
parser), opens the store read-only, and answers requests read as JSON lines on stdin
with JSON lines on stdout, streaming rows as the query yields them. The parent enforces
the time-out and the memory bound by killing this process, the only way to stop a
running pyoxigraph query.

Why a second parser: pyoxigraph has no public API to inspect a parsed query, so the
worker parses the text with rdflib's SPARQL 1.1 grammar first and walks the parse tree:
an update, a SERVICE in any form, or a text rdflib cannot parse is refused before
pyoxigraph sees it. The dataset (FROM, FROM NAMED) is taken from that parse and cut down
to the graphs the caller may see; pyoxigraph is then given both lists explicitly, which
override the query's own. Where the kernel allows it, the worker also drops its network
(a user and network namespace), so even a SERVICE the check missed reaches nothing.

Protocol, one JSON value a line. Request: ``{"db", "query", "prefixes", "graphs",
"max_rows", "max_depth"}``. Replies: ``{"select": [vars]}`` then one array of cells a
row, or ``{"construct": true}`` then ``[s, p, o]`` rows, or ``{"ask": bool}``; then
``{"end": n}`` or ``{"capped": n}``; or ``{"error": kind, "message": text}``. A cell is
``null``, ``["i", iri]``, ``["b", id]``, ``["l", text, datatype]``, ``["L", text, lang]``
or ``["t", ntriples]`` (a quoted triple).
"""
from __future__ import annotations

import ctypes
import functools
import json
import re
import sys
import threading

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
OPENERS, CLOSERS = "({[", ")}]"
UPDATE_WORDS = {"InsertData": "INSERT", "DeleteData": "DELETE", "DeleteWhere": "DELETE", "Load": "LOAD",
                "Clear": "CLEAR", "Drop": "DROP", "Create": "CREATE", "Add": "ADD", "Move": "MOVE",
                "Copy": "COPY"}
# A second, lexical look for SERVICE after the parse, on the raw text (nothing stripped,
# so no string, IRI or comment can hide it): the word followed by what a SERVICE clause
# takes (SILENT, an IRI, a variable or a prefixed name). It can only refuse more.
_SERVICE = re.compile(r"(?<![\w:?$/#.-])SERVICE(?:\s|#[^\n]*\n)*(?:SILENT\b|<|\?|\$|[A-Za-z_][\w.-]*:|:)",
                      re.IGNORECASE)


class Refused(Exception):
    """A query the guarded path does not run; ``kind`` is refused or syntax."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in the raw text (strings and comments counted
    too: an over-count only refuses, an under-count could crash a parser).

    >>> nesting_depth("SELECT * { { ?s ?p (1 2) } }")
    3
    """
    depth = deepest = 0
    for char in text:
        if char in OPENERS:
            depth += 1
            deepest = max(deepest, depth)
        elif char in CLOSERS:
            depth = max(depth - 1, 0)
    return deepest


def _walk(node):
    """Every parse-tree node under ``node`` (rdflib CompValues, ParseResults, lists)."""
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif hasattr(item, "asList") and not isinstance(item, str):
            stack.extend(list(item))


def _parse(text: str):
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        return parseQuery(text)
    except ParseException as query_error:
        try:
            update = parseUpdate(text)
        except Exception:
            update = None
        if update is not None and update.get("request"):
            name = getattr(update["request"][0], "name", "")
            word = UPDATE_WORDS.get(name) or ("DELETE" if update["request"][0].get("delete") else "INSERT")
            raise Refused("refused", f"updates are refused ({word}): governance sparql is read-only") from None
        found = re.sub(r"\s+", " ", str(query_error)).split(" (at char", 1)[0]
        raise Refused("syntax", f"SPARQL syntax error at line {query_error.lineno}, column "
                                f"{query_error.col}: {found} (SPARQL 1.1 is accepted)") from None


@functools.lru_cache(maxsize=256)  # rdflib's parser is slow; a served endpoint repeats its queries
def inspect(text: str, max_depth: int) -> tuple[list[str] | None, list[str] | None]:
    """Check a query text; the graphs its FROM and FROM NAMED name (None when absent).

    Raises Refused for too deep a nesting, an update, SERVICE, or a syntax error.
    """
    depth = nesting_depth(text)
    if depth > max_depth:
        raise Refused("refused", f"the query nests {depth} levels deep, more than the limit of {max_depth} "
                                 "(--max-depth)")
    result: dict = {}

    def run():  # pyparsing recurses per level: a deep stack, in a thread of its own
        try:
            result["parsed"] = _parse(text)
        except Refused as exc:
            result["refused"] = exc
        except RecursionError:
            result["refused"] = Refused("refused", "the query nests too deeply to be checked (--max-depth)")
        except Exception as exc:  # any other failure of the checker is a refusal, never a run
            result["refused"] = Refused("syntax", f"SPARQL syntax error: {exc}")

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 200 + 120 * max_depth))
    threading.stack_size(min(512, 16 + max_depth) * 1024 * 1024)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "refused" in result:
        raise result["refused"]
    parsed = result["parsed"]
    for node in _walk(parsed):
        if getattr(node, "name", None) == "ServiceGraphPattern":
            raise Refused("refused", "SERVICE (federated query) is refused: queries run on the local graph only")
    if _SERVICE.search(text):
        raise Refused("refused", "SERVICE (federated query) is refused: queries run on the local graph only")
    default, named = None, None
    for node in _walk(parsed):
        if getattr(node, "name", None) == "DatasetClause":
            keys = set(dict.keys(node))
            if "default" in keys:
                default = (default or []) + [str(dict.__getitem__(node, "default"))]
            if "named" in keys:
                named = (named or []) + [str(dict.__getitem__(node, "named"))]
    return (tuple(default) if default is not None else None), (tuple(named) if named is not None else None)


def dataset(visible: list[str], default: list[str] | None, named: list[str] | None):
    """The default and named graphs a query runs over: the visible graphs, or the ones
    its FROM / FROM NAMED name that are visible (SPARQL: a FROM alone means no named
    graphs). A graph that is not visible is as empty as one that does not exist."""
    if default is None and named is None:
        return visible, visible
    return [g for g in default or [] if g in visible], [g for g in named or [] if g in visible]


def cell(term):
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ["i", term.value]
    if isinstance(term, ox.BlankNode):
        return ["b", term.value]
    if isinstance(term, ox.Literal):
        if term.language:
            return ["L", term.value, term.language]
        return ["l", term.value, term.datatype.value]
    return ["t", str(term)]


def drop_network() -> None:
    """Leave the network behind where the kernel lets an unprivileged process do so."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.unshare(CLONE_NEWUSER | CLONE_NEWNET)
    except (OSError, AttributeError):
        pass


def answer(stores: dict, request: dict, write) -> None:
    """Check and run one request, writing the reply lines."""
    import pyoxigraph as ox

    text = request["query"]
    try:
        default, named = inspect(text, request["max_depth"])
    except Refused as exc:
        write({"error": exc.kind, "message": str(exc)})
        return
    if request["db"] not in stores:
        stores[request["db"]] = ox.Store.read_only(request["db"])
    store = stores[request["db"]]
    default, named = dataset(request["graphs"], default, named)
    max_rows = request["max_rows"]
    try:
        result = store.query(text, default_graph=[ox.NamedNode(g) for g in default],
                             named_graphs=[ox.NamedNode(g) for g in named], prefixes=request["prefixes"])
        if isinstance(result, ox.QueryBoolean):
            write({"ask": bool(result)})
            return
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            write({"select": names})
            rows = ([cell(s[n]) for n in names] for s in result)
        else:
            write({"construct": True})
            rows = ([cell(t.subject), cell(t.predicate), cell(t.object)] for t in result)
        count = 0
        for row in rows:
            if count == max_rows:
                write({"capped": count})
                return
            write(row)
            count += 1
        write({"end": count})
    except SyntaxError as exc:
        write({"error": "syntax", "message": str(exc)})
    except Exception as exc:  # a failure while rows are read is the query's failure
        write({"error": "failed", "message": str(exc).splitlines()[0] if str(exc) else type(exc).__name__})


def main() -> None:
    drop_network()
    out = sys.stdout.buffer
    stores: dict = {}

    def write(value) -> None:
        out.write(json.dumps(value, ensure_ascii=False).encode() + b"\n")
        if not isinstance(value, list):
            out.flush()

    for line in sys.stdin.buffer:
        if not line.strip():
            continue
        try:
            answer(stores, json.loads(line), write)
        except Exception as exc:  # never a traceback: the parent reads one error line
            write({"error": "failed", "message": f"{type(exc).__name__}: {exc}".splitlines()[0]})
        out.flush()


if __name__ == "__main__":
    main()
