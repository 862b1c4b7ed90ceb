"""The one pipeline that makes a store: parse, check, split restricted facts, run the
rules, write the name index, swap the finished build in.

A build is written aside (``tmp-<pid>-<n>/``) and swapped in atomically by a symlink,
so the last good build answers until the new one is complete; a build that fails
leaves it answering. This is the only module that calls both the store and the rules.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from . import vocab
from .errors import SourceFileError, StoreError
from .rules.engine import infer_into
from .store.embedded import (
    Build,
    GraphStore,
    current_build,
    open_build,
    parse_file,
    read_build,
)
from .store.labels import label_data
from .store.project import Project

BUILD_FORMAT = 7  # bump when the build changes what it writes, to force a rebuild
SENSITIVITY = ox.NamedNode(vocab.GOV + "sensitivity")
RESTRICTED = ox.NamedNode(vocab.GOV + "Restricted")


def fingerprint(project: Project) -> str:
    """A digest of every input file's path, size and modification time."""
    digest = hashlib.sha256(f"format={BUILD_FORMAT}".encode())
    inputs = project.data_files() + sorted(project.rules_dir.glob("*.ttl"))
    for path in inputs:
        stat = path.stat()
        digest.update(f"|{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


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
        return read_build(target)
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
        labels = label_data(store, project, graphs)
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
    return read_build(target)


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
    return open_build(build, warning)
