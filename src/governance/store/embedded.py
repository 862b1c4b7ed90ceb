"""The embedded store: an opened pyoxigraph build, the graphs a query may see, and the
small reads every layer shares (a thing's evidence, dates bound as query terms).

Layout of a store folder (written by :mod:`governance.build`)::

    current -> builds/<fingerprint>     (a symlink, swapped atomically)
    builds/<fingerprint>/db/            (the pyoxigraph store of the public graphs)
    builds/<fingerprint>/restricted.nq  (the restricted graphs, when there are any)
    builds/<fingerprint>/db-all/        (public and restricted: made when first asked for)
    builds/<fingerprint>/manifest.json  (what was loaded, when, counts)
    builds/<fingerprint>/names-*.sqlite (the name index, one file per visibility)
    tmp-<pid>-<n>/                      (a build in progress; never read)

Public curated facts are in one graph (``https://w3id.org/govgraph/graph/curated``),
the rules' results and the timeline in theirs. Restricted facts (``gov:sensitivity
gov:Restricted``, with their evidence, and what the rules add with them) are not in
that store at all: a query that does not ask for them cannot reach them, and reads the
union of the store's graphs, 2-3x faster than naming graphs to see (pyoxigraph looks a
pattern up once, not once per graph). The first query that asks for them makes
``db-all/`` from the public store and ``restricted.nq``, once per build.
"""
from __future__ import annotations

import itertools
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError, SourceFileError, StoreError
from .binding import split_params
from .labels import NameIndex
from .project import Project

XSD_DATE = ox.NamedNode(vocab.XSD + "date")
RESTRICTED_FILE = "restricted.nq"
RESTRICTED_GRAPHS = (vocab.RESTRICTED_GRAPH, vocab.INFERRED_RESTRICTED_GRAPH)  # facts, what rules add with them
WRITE_CHUNK = 200_000  # quads per bulk-loader call: its buffers are what one call holds


def parse_file(project: Project, path: Path) -> list[ox.Triple]:
    """Parse one Turtle file; a syntax error names the file and line."""
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        detail = str(exc).split(" (", 1)[0]
        raise SourceFileError(project.relative(path), exc.lineno, f"Turtle syntax error: {detail}") from None
    except (OSError, ValueError) as exc:
        raise SourceFileError(project.relative(path), None, f"cannot read: {exc}") from None


@dataclass
class Build:
    """What a finished build holds, read from its manifest."""

    path: Path
    manifest: dict

    @property
    def db_path(self) -> Path:
        return self.path / "db"

    @property
    def full_db_path(self) -> Path:
        return self.path / "db-all"


def read_build(path: Path) -> Build:
    return Build(path=path, manifest=json.loads((path / "manifest.json").read_text()))


def current_build(store_dir: Path) -> Build | None:
    link = store_dir / "current"
    if not link.exists() or not (link / "manifest.json").exists():
        return None
    return read_build(link.resolve())


@dataclass
class GraphStore:
    """An opened, read-only store with the graphs a query may see."""

    store: ox.Store
    build: Build
    warning: str | None = None
    _cache: dict = field(default_factory=dict, repr=False)

    @property
    def manifest(self) -> dict:
        return self.build.manifest

    def label_data(self, include_restricted: bool = False):
        """The name-resolution index written by the build: its SQLite file, opened (not
        read) once (store.labels.NameIndex); a build from before it has a JSON file."""
        key = "all" if include_restricted else "public"
        if key not in self._cache:
            sqlite = self.build.path / f"names-{key}.sqlite"
            if sqlite.exists():
                self._cache[key] = NameIndex(sqlite)
            else:
                self._cache[key] = json.loads((self.build.path / f"labels-{key}.json").read_text(encoding="utf-8"))
        return self._cache[key]

    def graphs(self, include_restricted: bool = False) -> list[ox.NamedNode]:
        names = [ox.NamedNode(g) for g in self.manifest["graphs"]]
        if self.manifest.get("inferred_triples"):
            names.append(ox.NamedNode(vocab.INFERRED_GRAPH))
        if include_restricted:
            names += [ox.NamedNode(g) for g in RESTRICTED_GRAPHS]
        return names

    def full_store(self) -> ox.Store:
        """The store with the restricted graphs too (the public one when the build has
        none), made on first use (:func:`open_full`)."""
        if "full" not in self._cache:
            self._cache["full"] = open_full(self.build, self.store)
        return self._cache["full"]

    def store_for(self, include_restricted: bool) -> ox.Store:
        return self.full_store() if include_restricted else self.store

    def db_path_for(self, include_restricted: bool) -> Path:
        """The folder of the store a query sees (with the restricted graphs: made if need be)."""
        if include_restricted and self.full_store() is not self.store:
            return self.build.full_db_path
        return self.build.db_path

    def query(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False):
        """Run SPARQL over the union of the visible graphs; params are bound, not pasted:
        IRIs by a VALUES block first in the WHERE clause, so the engine starts from them
        (store/binding.py), other terms as substitutions."""
        sparql, substitutions = split_params(sparql, params)
        if include_restricted:  # named graphs too: GRAPH ?g reaches only the visible ones
            visible = self.graphs(include_restricted)
            dataset = {"default_graph": visible, "named_graphs": visible}
        else:  # the public store holds only the visible graphs
            dataset = {"use_default_graph_as_union": True}
        try:
            return self.store_for(include_restricted).query(sparql, substitutions=substitutions or None,
                                                            prefixes=vocab.PREFIXES, **dataset)
        except SyntaxError as exc:
            raise QueryError(sparql_syntax_message(str(exc))) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def subject_quads(self, subjects: list[ox.NamedNode], graph: ox.NamedNode):
        """Every quad of GRAPH about each of SUBJECTS (an index lookup each)."""
        store = self.store_for(graph.value in RESTRICTED_GRAPHS)
        return (q for subject in subjects for q in store.quads_for_pattern(subject, None, None, graph))

    def select(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False) -> list[dict]:
        """SELECT rows as dicts of variable name to pyoxigraph term (unbound left out)."""
        solutions = self.query(sparql, params, include_restricted=include_restricted)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        try:  # pyoxigraph evaluates lazily: errors can come while rows are read
            return [{n: s[n] for n in names if s[n] is not None} for s in solutions]
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed while reading rows: {exc}") from None


def open_build(build: Build, warning: str | None = None) -> GraphStore:
    """Open a finished build read-only."""
    try:
        store = ox.Store.read_only(str(build.db_path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {build.db_path}: {exc}") from None
    return GraphStore(store=store, build=build, warning=warning)


def status_line(text: str | None) -> None:
    """One status line on a terminal (never in captured or piped output), replaced by
    the next and cleared by None."""
    stream = sys.stderr
    if not getattr(stream, "isatty", lambda: False)() or os.environ.get("GOVERNANCE_NO_PROGRESS"):
        return
    stream.write("\r\x1b[K" + (text or ""))
    stream.flush()


def write_quads(path: Path, *sources) -> None:
    """A new on-disk store at PATH holding the quads of SOURCES, with the bulk loader a
    chunk at a time, so that its memory stays bounded whatever the size of the graph."""
    disk = ox.Store(str(path))
    quads = itertools.chain.from_iterable(sources)
    for first in quads:
        disk.bulk_extend(itertools.chain([first], itertools.islice(quads, WRITE_CHUNK - 1)))
    disk.flush()
    del disk


def open_full(build: Build, public: ox.Store) -> ox.Store:
    """The build's store with the restricted graphs: PUBLIC when it has none; else
    ``db-all/``, written aside from the public store and ``restricted.nq`` and renamed
    into place the first time (a process that loses the race uses the winner's)."""
    source, target = build.path / RESTRICTED_FILE, build.full_db_path
    if not source.exists():
        return public
    if not target.exists():
        tmp = build.path / f"db-all.tmp-{os.getpid()}-{time.monotonic_ns()}"
        status_line("making the store with restricted facts (once per build)...")
        try:
            write_quads(tmp, public.quads_for_pattern(None, None, None, None),
                        ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
            os.rename(tmp, target)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            if not target.exists():
                raise StoreError(f"cannot make the store with restricted facts in {build.path} "
                                 f"({exc.strerror or exc}); build again with write access") from None
        finally:
            status_line(None)
    try:
        return ox.Store.read_only(str(target))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {target}: {exc}") from None


def evidence_for(gs, project: Project, iri: str, include_restricted: bool = False) -> list[dict]:
    """The quotes that state a thing or fact: ``[{"source": file, "quote": text}]``."""
    rows = gs.select(project.internal_query("evidence"), {"fact": ox.NamedNode(iri)},
                     include_restricted=include_restricted)
    return [{"source": r["file"].value, "quote": r["quote"].value} for r in rows]


def date_term(day: str) -> ox.Literal:
    """An ISO date as the xsd:date term a query parameter is bound to."""
    return ox.Literal(day, datatype=XSD_DATE)


def at_params(at: str | None) -> dict:
    """``?at`` bound to a day, or unbound: the queries read no ``?at`` as the latest state."""
    return {"at": date_term(at)} if at else {}


def sparql_syntax_message(detail: str) -> str:
    """pyoxigraph's syntax errors list every token it expected; keep one short line.

    >>> sparql_syntax_message('error at 1:24: expected one of "$", "(", ...\\n| more')
    'SPARQL syntax error at 1:24: expected one of "$", "(", ...'
    """
    first = detail.splitlines()[0].removeprefix("error ")
    if len(first) > 100:
        first = first[:97].rsplit(",", 1)[0] + ", ..."
    return f"SPARQL syntax error {first}"


