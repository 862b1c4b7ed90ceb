"""The named-query catalogue: ``queries/*.rq`` files with a ``#+`` metadata header.

A header looks like::

    #+ summary: Bodies that report to BODY
    #+ params: body (entity)
    #+ options: transitive (flag), at (date)
    #+ columns: reporter (entity), kind (concept), from (date), until (date)
    #+ fact: line
    #+ edge: reporter -> body : kind
    #+ recurse: reporter -> body

``params`` are positional arguments, ``options`` flags and values; ``columns`` name
the answer's cells and their kinds (an ``entity`` column ``x`` reads ``?x`` and
``?x_label``; a ``money`` column ``m`` reads ``?m``, ``?m_from``, ``?m_to``); ``fact``
names the variable holding the qualified relation whose evidence ``--why`` shows;
``edge`` says how to draw a row; ``recurse`` makes ``--transitive`` re-ask the query
with each answer as the new parameter; ``totals`` lists money columns to add up.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import UsageError
from ..store.project import expand_asof

HEADER = re.compile(r"^#\+\s*([\w-]+)\s*:\s*(.*)$")
TYPED = re.compile(r"^\s*([\w-]+)\s*(?:\((\w+)\))?\s*$")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # entity, duty, date, flag, text, money, concept, number


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    label: str | None = None


@dataclass
class NamedQuery:
    name: str
    path: Path
    sparql: str
    summary: str = ""
    params: list[Field] = field(default_factory=list)
    options: list[Field] = field(default_factory=list)
    columns: list[Field] = field(default_factory=list)
    fact: str | None = None
    edge: Edge | None = None
    recurse: tuple[str, str] | None = None
    totals: list[str] = field(default_factory=list)
    always_transitive: bool = False
    rank: str | None = None
    rollup: str | None = None
    totals_on: str | None = None
    empty: str | None = None  # the note of an empty answer, e.g. "top of its structure: ..."

    def option(self, name: str) -> Field | None:
        return next((o for o in self.options if o.name == name), None)

    def usage(self) -> str:
        args = " ".join(p.name.upper() for p in self.params)
        opts = " ".join(f"[--{o.name}{'' if o.kind == 'flag' else ' ' + o.kind.upper()}]" for o in self.options
                        if not (o.name == "at" and any(x.name == "to" for x in self.options)))
        return " ".join(x for x in (self.name, args, opts) if x)


def _fields(text: str) -> list[Field]:
    out = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        match = TYPED.match(part)
        if not match:
            raise ValueError(f"bad field {part!r}")
        out.append(Field(match.group(1), match.group(2) or "text"))
    return out


def parse_query_file(path: Path) -> NamedQuery:
    """Read one ``.rq`` file: the header becomes metadata, the whole text is the SPARQL.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "demo.rq"
    >>> _ = p.write_text("#+ summary: Demo\\n#+ params: body (entity)\\nSELECT ?x WHERE {}\\n")
    >>> q = parse_query_file(p)
    >>> q.name, q.summary, q.params[0]
    ('demo', 'Demo', Field(name='body', kind='entity'))
    """
    text = path.read_text(encoding="utf-8")
    query = NamedQuery(name=path.stem, path=path, sparql=expand_asof(text, path.parent))
    for line in text.splitlines():
        match = HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "summary":
            query.summary = value
        elif key in ("params", "options", "columns"):
            setattr(query, key, _fields(value))
        elif key == "fact":
            query.fact = value
        elif key == "edge":
            ends, _, label = value.partition(":")
            source, _, target = ends.partition("->")
            query.edge = Edge(source.strip(), target.strip(), label.strip() or None)
        elif key == "recurse":
            source, _, target = value.partition("->")
            query.recurse = (source.strip(), target.strip())
        elif key == "transitive":
            query.always_transitive = value == "always"
        elif key == "rank":
            query.rank = value
        elif key == "rollup":
            query.rollup = value
        elif key == "empty":
            query.empty = value
        elif key == "totals-on":
            query.totals_on = value
        elif key == "totals":
            query.totals = [t.strip() for t in value.split(",") if t.strip()]
    return query


@lru_cache(maxsize=8)
def _load(folder: str, stamp: tuple) -> dict[str, NamedQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(Path(folder).glob("*.rq")) if not p.stem.startswith("_")}


def catalogue(folder: Path) -> dict[str, NamedQuery]:
    """All public named queries in a folder (files starting with ``_`` are internal)."""
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.rq")))
    return _load(str(folder), stamp)


def get_query(folder: Path, name: str) -> NamedQuery:
    queries = catalogue(folder)
    if name not in queries:
        from rapidfuzz import process

        close = [m[0] for m in process.extract(name, list(queries), limit=3, score_cutoff=60)]
        hint = f"; did you mean: {', '.join(close)}?" if close else ""
        raise UsageError(f"no query named '{name}'{hint} ('governance queries' lists them)")
    return queries[name]
