"""`governance sparql`: any read-only SPARQL 1.1 query, in the answer formats.

Updates (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY) and federated
SERVICE calls are refused before anything runs.

>>> refusal("SELECT * WHERE { ?s ?p 'DELETE' }") is None
True
>>> refusal("DELETE WHERE { ?s ?p ?o }")
'updates are refused (DELETE): governance sparql is read-only'
>>> refusal("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }")
'SERVICE (federated query) is refused: queries run on the local graph only'
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from ..errors import QueryError
from ..store.embedded import GraphStore
from ..store.project import Project
from ..values import Entity
from .answer import Answer, to_python
from .resolve import label_index

UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY")
_STRIP = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>|#[^\n]*')


def refusal(text: str) -> str | None:
    """Why a query text is refused, or None when it may run."""
    bare = _STRIP.sub(" ", text)
    for word in UPDATE_WORDS:
        if re.search(rf"(?<![\w:?$]){word}(?![\w:])", bare, re.IGNORECASE):
            return f"updates are refused ({word}): governance sparql is read-only"
    if re.search(r"(?<![\w:?$])SERVICE(?![\w:])", bare, re.IGNORECASE):
        return "SERVICE (federated query) is refused: queries run on the local graph only"
    return None


def run_sparql(gs: GraphStore, project: Project, text: str, *, include_restricted: bool = False):
    """Run read-only SPARQL: an Answer for SELECT, a bool for ASK, N-Triples for graphs."""
    reason = refusal(text)
    if reason:
        raise QueryError(reason)
    result = gs.query(text, include_restricted=include_restricted)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QueryTriples):
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)
    index = label_index(gs, project, include_restricted)
    columns = [v.value for v in result.variables]
    rows = []
    for solution in result:
        row = {}
        for name in columns:
            term = solution[name]
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                row[name] = Entity(term.value, index.labels.get(term.value, term.value))
            else:
                row[name] = to_python(term)
        rows.append(row)
    return Answer(query="sparql", params={}, at=None, columns=columns, rows=rows)


def read_query_text(argument: str) -> str:
    """The query from the argument, a file path, or '-' for standard input."""
    import sys
    from pathlib import Path

    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    if len(argument) < 4096 and path.suffix in (".rq", ".sparql") and path.exists():
        return path.read_text(encoding="utf-8")
    return argument
