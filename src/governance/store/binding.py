"""Parameters bound so the engine starts from them: a VALUES block first in the outer WHERE
clause, each term written by pyoxigraph's N-Triples serializer (never pasted user text).

pyoxigraph's ``substitutions`` bind a variable without pushing it into the plan, so a
query about one body scans the whole graph (memberships 920 ms at 1M triples); the same
text with ``VALUES ?body { <iri> }`` first gives the same rows in a few milliseconds.
The embedded store binds IRIs this way (store/embedded.py); the remote store's
``with_values`` (store/remote.py) is the same rule for endpoints.

>>> with_values("SELECT ?x WHERE { ?x a ?t }", {"t": ox.NamedNode("http://ex/T")})
'SELECT ?x WHERE { VALUES (?t) { (<http://ex/T>) }\\n ?x a ?t }'
>>> with_values('SELECT ?x WHERE { ?x ?p "say \\\\"{\\\\"" }', {"p": ox.Literal('a "b"\\n')})
'SELECT ?x WHERE { VALUES (?p) { ("a \\\\"b\\\\"\\\\n") }\\n ?x ?p "say \\\\"{\\\\"" }'
>>> query_form("# a {comment}\\nPREFIX a: <http://a/>\\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
'CONSTRUCT'
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError, UsageError

VARIABLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def term_text(term) -> str:
    """A term as SPARQL text: pyoxigraph's N-Triples form (escaped by it)."""
    if isinstance(term, ox.BlankNode):
        raise UsageError("a blank node cannot be bound as a query parameter")
    if not isinstance(term, (ox.NamedNode, ox.Literal)):
        raise UsageError(f"cannot bind {term!r} as a query parameter")
    return str(term)


def outer_brace(text: str) -> int:
    """The position of the first opening brace outside comments, strings and IRIs."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            if i < 0:
                break
        elif c == "<":
            end = re.match(r"<[^<>\"{}|^`\\\s]*>", text[i:])
            i += len(end.group(0)) - 1 if end else 0
        elif c in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else c
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote) - 1
        elif c == "{":
            return i
        i += 1
    raise QueryError("the query has no WHERE clause to bind its parameters in")


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such word outside comments."""
    match = FORM.search(re.sub(r"#[^\n]*", "", text))
    return match.group(1).upper() if match else None


def with_values(text: str, params: dict) -> str:
    """The query with its parameters bound by a VALUES block first in the WHERE clause."""
    bound = {k: v for k, v in (params or {}).items() if v is not None}
    if not bound:
        return text
    for name in bound:
        if not VARIABLE.match(name):
            raise UsageError(f"bad parameter name {name!r}")
    names = " ".join(f"?{k}" for k in bound)
    row = " ".join(term_text(v) for v in bound.values())
    at = outer_brace(text) + 1
    return f"{text[:at]} VALUES ({names}) {{ ({row}) }}\n{text[at:]}"


def split_params(sparql: str, params: dict | None) -> tuple[str, dict]:
    """The text with its IRI parameters bound by VALUES (SELECT and ASK queries: the
    first brace is their WHERE clause), and the other parameters as substitutions.

    Literals (dates, flags) stay substitutions: a FILTER in a nested group reads them,
    where a VALUES row at the top would not reach.

    >>> text, rest = split_params("SELECT * WHERE { ?b ?p ?at }",
    ...     {"b": ox.NamedNode("http://ex/b"), "at": ox.Literal("2012-01-01")})
    >>> text, sorted(v.value for v in rest)
    ('SELECT * WHERE { VALUES (?b) { (<http://ex/b>) }\\n ?b ?p ?at }', ['at'])
    """
    bound = {k: v for k, v in (params or {}).items() if v is not None}
    iris = {k: v for k, v in bound.items() if isinstance(v, ox.NamedNode)}
    if iris and query_form(sparql) in ("SELECT", "ASK"):
        sparql = with_values(sparql, iris)
    else:
        iris = {}
    return sparql, {ox.Variable(k): v for k, v in bound.items() if k not in iris}
