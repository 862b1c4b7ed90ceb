"""The embedded store: graph/ and ontology/ loaded into an on-disk pyoxigraph cache.

Layout of a store folder::

    current -> builds/<fingerprint>     (a symlink, swapped atomically)
    builds/<fingerprint>/db/            (the pyoxigraph store)
    builds/<fingerprint>/manifest.json  (what was loaded, when, counts)
    tmp-<pid>-<n>/                      (a build in progress; never read)

The curated files are loaded into one graph (``https://w3id.org/govgraph/graph/curated``;
the manifest counts the triples of each file); facts marked ``gov:sensitivity
gov:Restricted`` (and their evidence) go to a separate restricted graph, which queries
leave out unless asked to include it. The rules
(``ontology/rules/``) then add what they infer to the inferred graph, with a derivation
per triple, and what restricted facts add to a graph seen only with them (see rules.py).
A build that fails (say, a Turtle syntax error) leaves ``current`` pointing at the last
good build.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import vocab
from .errors import QueryError, SourceFileError, StoreError
from .project import Project

BUILD_FORMAT = 7  # bump when the build changes what it writes, to force a rebuild
SENSITIVITY = ox.NamedNode(vocab.GOV + "sensitivity")
RESTRICTED = ox.NamedNode(vocab.GOV + "Restricted")
XSD_DATE = ox.NamedNode(vocab.XSD + "date")


def fingerprint(project: Project) -> str:
    """A digest of every input file's path, size and modification time."""
    digest = hashlib.sha256(f"format={BUILD_FORMAT}".encode())
    inputs = project.data_files() + sorted(project.rules_dir.glob("*.ttl"))
    for path in inputs:
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


def parse_file(project: Project, path: Path) -> list[ox.Triple]:
    """Parse one Turtle file; a syntax error names the file and line."""
    try:
        return [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        detail = str(exc).split(" (", 1)[0]
        raise SourceFileError(project.relative(path), exc.lineno, f"Turtle syntax error: {detail}") from None
    except (OSError, ValueError) as exc:
        raise SourceFileError(project.relative(path), None, f"cannot read: {exc}") from None


def _first_statements(triples: list[ox.Triple], seen: set) -> list[ox.Triple]:
    """The triples not already stated by an earlier file. A query's default graph is
    the union of the file graphs, and pyoxigraph keeps duplicates in a union, so a
    triple stated by two files would count twice in a SUM or COUNT. Triples with blank
    nodes are file-local and always kept."""
    fresh = []
    for triple in triples:
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            fresh.append(triple)
        elif triple not in seen:
            seen.add(triple)
            fresh.append(triple)
    return fresh


def restricted_triples(triples: list[ox.Triple], restricted: set) -> list[bool]:
    """Mark triples that belong to a restricted subject, following blank-node owners.

    A blank node (an evidence node, a stated total) belongs to the subject that points
    at it, so the quote of a restricted fact is as hidden as the fact.
    """
    owner = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode)}

    def root(node):
        seen = set()
        while isinstance(node, ox.BlankNode) and node in owner and node not in seen:
            seen.add(node)
            node = owner[node]
        return node

    return [root(t.subject) in restricted for t in triples]


@dataclass
class Build:
    """What a finished build holds, read from its manifest."""

    path: Path
    manifest: dict

    @property
    def db_path(self) -> Path:
        return self.path / "db"


def build_store(project: Project, store_dir: Path, *, force: bool = False) -> Build:
    """Build the store aside and swap it in; the previous build answers until then."""
    try:
        store_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot use {store_dir} as the store folder ({exc.strerror or exc}); "
                         "choose another with --store or GOVERNANCE_STORE") from None
    fp = fingerprint(project)
    target = store_dir / "builds" / fp
    if target.exists() and not force and (target / "manifest.json").exists():
        _point_current(store_dir, target)
        return _read_build(target)
    _sweep_abandoned(store_dir)
    parsed = [(path, parse_file(project, path)) for path in project.data_files()]
    restricted = {t.subject for _, triples in parsed for t in triples
                  if t.predicate == SENSITIVITY and t.object == RESTRICTED}
    tmp = store_dir / f"tmp-{os.getpid()}-{time.monotonic_ns()}"
    tmp.mkdir(parents=True)
    try:
        store = ox.Store(str(tmp / "db"))
        counts, hidden = {}, 0
        # All public curated triples go to one graph: a query over one graph is many
        # times faster than over the union of a graph per file (and a union is a bag).
        graph = ox.NamedNode(vocab.CURATED_GRAPH)
        graphs = [graph.value]
        restricted_graph = ox.NamedNode(vocab.RESTRICTED_GRAPH)
        seen: set = set()  # state each triple once, whichever files repeat it
        for path, triples in parsed:
            triples = _first_statements(triples, seen)
            marks = restricted_triples(triples, restricted)
            store.extend(ox.Quad(t.subject, t.predicate, t.object, restricted_graph if hide else graph)
                         for t, hide in zip(triples, marks))
            hidden += sum(marks)
            counts[project.relative(path)] = len(triples)
        labels = _label_data(store, project, graphs)
        from .rules import infer_into

        inferred = infer_into(store, project, graphs)
        store.flush()
        del store
        for key, data in labels.items():  # one file per visibility: a call reads only its own
            (tmp / f"labels-{key}.json").write_text(json.dumps(data, ensure_ascii=False))
        manifest = {
            "fingerprint": fp,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "root": str(project.root),
            "graph_dir": str(project.graph_dir),
            "graphs": graphs,
            "files": counts,
            "triples": sum(counts.values()),
            "restricted_triples": hidden,
            "inferred_triples": inferred,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        target.parent.mkdir(exist_ok=True)
        try:
            os.replace(tmp, target)
        except OSError:
            # another process finished the same build first (same inputs, same
            # fingerprint): keep theirs, which readers may already have open
            if not (target / "manifest.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _point_current(store_dir, target)
    _prune(store_dir, keep=target)
    return _read_build(target)


def _label_data(store: ox.Store, project: Project, graphs: list[str]) -> dict:
    """Name-resolution indexes, public and with restricted facts, so that a CLI call
    resolves names without scanning every label (see resolve.LabelIndex)."""
    from .resolve import LabelIndex

    text = (project.queries_dir / "search.rq").read_text(encoding="utf-8")
    public = [ox.NamedNode(g) for g in graphs]
    out = {}
    for key, visible in (("public", public), ("all", public + [ox.NamedNode(vocab.RESTRICTED_GRAPH)])):
        solutions = store.query(text, default_graph=visible)
        names = [v.value for v in solutions.variables]
        rows = [{n: s[n] for n in names if s[n] is not None} for s in solutions]
        out[key] = LabelIndex.data_from_rows(rows)
    return out


def _read_build(path: Path) -> Build:
    return Build(path=path, manifest=json.loads((path / "manifest.json").read_text()))


def _point_current(store_dir: Path, target: Path) -> None:
    link = store_dir / "current"
    if link.is_symlink() and os.readlink(link) == str(target.relative_to(store_dir)):
        return
    tmp_link = store_dir / f"current.{os.getpid()}.{time.monotonic_ns()}"
    os.symlink(target.relative_to(store_dir), tmp_link)
    os.replace(tmp_link, link)  # atomic: readers see the old build or the new one


def _prune(store_dir: Path, keep: Path) -> None:
    for old in (store_dir / "builds").iterdir():
        if old != keep:
            shutil.rmtree(old, ignore_errors=True)


def _sweep_abandoned(store_dir: Path) -> None:
    """Remove half-builds left by killed processes (their pid is gone)."""
    for tmp in store_dir.glob("tmp-*"):
        try:
            pid = int(tmp.name.split("-")[1])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(tmp, ignore_errors=True)
        except (ValueError, IndexError, PermissionError):
            continue


def current_build(store_dir: Path) -> Build | None:
    link = store_dir / "current"
    if not link.exists() or not (link / "manifest.json").exists():
        return None
    return _read_build(link.resolve())


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

    def label_data(self, include_restricted: bool = False) -> dict:
        """The name-resolution index written by the build."""
        key = "all" if include_restricted else "public"
        if key not in self._cache:
            self._cache[key] = json.loads((self.build.path / f"labels-{key}.json").read_text(encoding="utf-8"))
        return self._cache[key]

    def graphs(self, include_restricted: bool = False) -> list[ox.NamedNode]:
        names = [ox.NamedNode(g) for g in self.manifest["graphs"]]
        if self.manifest.get("inferred_triples"):
            names.append(ox.NamedNode(vocab.INFERRED_GRAPH))
        if include_restricted:
            names.append(ox.NamedNode(vocab.RESTRICTED_GRAPH))
            names.append(ox.NamedNode(vocab.INFERRED_RESTRICTED_GRAPH))  # what restricted facts add
        return names

    def query(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False):
        """Run SPARQL over the union of the visible graphs; params are bound, not pasted."""
        substitutions = {ox.Variable(k): v for k, v in (params or {}).items() if v is not None}
        try:
            return self.store.query(sparql, default_graph=self.graphs(include_restricted),
                                    substitutions=substitutions or None, prefixes=vocab.PREFIXES)
        except SyntaxError as exc:
            raise QueryError(sparql_syntax_message(str(exc))) from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def select(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False) -> list[dict]:
        """SELECT rows as dicts of variable name to pyoxigraph term (unbound left out)."""
        solutions = self.query(sparql, params, include_restricted=include_restricted)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


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


def open_store(project: Project, store_dir: Path | None = None, *, rebuild: bool = True) -> GraphStore:
    """Open the store, rebuilding it first if a source file changed.

    If the rebuild fails (a syntax error in a file), the last good build answers and
    ``warning`` says why; with no good build at all the error is raised.
    """
    store_dir = Path(store_dir or project.default_store_dir())
    build, warning = current_build(store_dir), None
    if rebuild and (build is None or build.manifest.get("fingerprint") != fingerprint(project)):
        try:
            build = build_store(project, store_dir)
        except SourceFileError as exc:
            if build is None:
                raise
            warning = f"{exc}; answering from the last good build of {build.manifest['built_at']}"
    if build is None:
        raise StoreError(f"no store at {store_dir}; run 'governance build'")
    try:
        store = ox.Store.read_only(str(build.db_path))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {build.db_path}: {exc}") from None
    return GraphStore(store=store, build=build, warning=warning)

