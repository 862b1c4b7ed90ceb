"""The one pipeline that makes a store: check the files, parse, check the literals, split
restricted facts, run the rules, write the name index, swap the finished build in.

A build is written aside (``tmp-<pid>-<n>/``) and swapped in atomically by a symlink,
so the last good build answers until the new one is complete; a build that fails
leaves it answering. This is the only module that calls both the store and the rules.
"""
from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox

from . import vocab
from .errors import GovernanceError, StoreError, UsageError
from .store.blanks import owner_roots
from .store.embedded import (
    RESTRICTED_FILE,
    RESTRICTED_GRAPHS,
    Build,
    GraphStore,
    current_build,
    open_build,
    parse_file,
    read_build,
    status_line,
    write_quads,
)
from .store.inputs import check_literals, input_files
from .store.labels import label_data, write_index
from .store.project import Project

BUILD_FORMAT = 11  # bump when the build changes what it writes, to force a rebuild
SENSITIVITY = ox.NamedNode(vocab.GOV + "sensitivity")
RESTRICTED = ox.NamedNode(vocab.GOV + "Restricted")


def fingerprint(project: Project) -> str:
    """A digest of every input's path, size and modification time: graph/, the ontology
    with its shapes and rules, and queries/ (each checked to be a readable regular file)."""
    digest = hashlib.sha256(f"format={BUILD_FORMAT}".encode())
    for path in input_files(project):
        stat = path.stat()
        digest.update(f"|{path}|{stat.st_size}|{stat.st_mtime_ns}".encode())
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
    A public triple that points at a restricted thing is hidden too (it would name it).
    """
    root = owner_roots(triples)
    return [root(t.subject) in restricted or t.object in restricted for t in triples]


RELATION_TYPES = {ox.NamedNode(vocab.GOV + t) for t in ("ReportingLine", "FundingFlow", "DutyAssignment")} | {
    ox.NamedNode(vocab.ORG + t) for t in ("Membership", "ChangeEvent", "Post")}
RDF_TYPE = ox.NamedNode(vocab.RDF + "type")
PREF_LABEL = ox.NamedNode(vocab.SKOS + "prefLabel")


def restricted_things(parsed: list[tuple[Path, list[ox.Triple]]]) -> set:
    """The things marked restricted, and the facts that only relate to them.

    A qualified relation (a reporting line, a membership, a funding flow ...) or any node
    without a name of its own that points at a restricted thing is restricted as a whole:
    shown without its restricted end it would be a half fact. A named public thing that
    points at one keeps its other facts; only the pointing triple is hidden.
    """
    triples = [t for _, file_triples in parsed for t in file_triples]
    restricted = {t.subject for t in triples if t.predicate == SENSITIVITY and t.object == RESTRICTED}
    named = {t.subject for t in triples if t.predicate == PREF_LABEL}
    relations = {t.subject for t in triples if t.predicate == RDF_TYPE and t.object in RELATION_TYPES}
    while True:
        more = {t.subject for t in triples
                if t.object in restricted and t.subject not in restricted and not isinstance(t.subject, ox.BlankNode)
                and (t.subject in relations or t.subject not in named)}
        if not more:
            return restricted
        restricted |= more


def _progress(stage: str | None) -> None:
    """The build's current stage on a terminal, cleared when it ends."""
    status_line(f"build: {stage}..." if stage else None)


def _collector_paused(function):
    """Run ``function`` with the garbage collector frozen: a build makes millions of
    small objects that live until it ends, and collecting them costs half the build."""
    @functools.wraps(function)
    def paused(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.freeze()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()
            gc.unfreeze()
    return paused


@_collector_paused
def build_store(project: Project, store_dir: str | os.PathLike, *, force: bool = False) -> Build:
    """Build the store aside and swap it in; the previous build answers until then.

    Every literal of a known XSD datatype is checked first: an ill-typed one is a
    SourceFileError naming the file and line, and nothing is swapped in. A failure of
    the disk (full, no permission) is a StoreError; either way the last good build stays.
    """
    if not isinstance(project, Project):
        raise UsageError(f"build_store needs a Project (governance.open_project()), not {type(project).__name__}")
    if not isinstance(store_dir, (str, os.PathLike)) or not str(store_dir):
        raise UsageError(f"the store folder must be a path (str or Path), not {store_dir!r}")
    store_dir = Path(store_dir)
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
    # imported here: a command that answers from a current build never runs the rules
    from .rules.engine import infer_into
    from .rules.timeline import timeline_into

    _sweep_abandoned(store_dir)
    _progress("parsing")
    parsed = [(path, parse_file(project, path)) for path in project.data_files()]
    for path, triples in parsed:
        check_literals(project, path, triples)
    restricted = restricted_things(parsed)
    tmp = store_dir / f"tmp-{os.getpid()}-{time.monotonic_ns()}"
    try:
        tmp.mkdir(parents=True)
    except OSError as exc:
        raise StoreError(f"cannot write a build in {store_dir} ({exc.strerror or exc})") from None
    store = failure = None
    try:
        # The build works in memory (queries there are several times faster than on
        # disk, and the rules and the timeline query it thousands of times), then the
        # finished dataset goes to disk with the bulk loader (_write_store).
        store = ox.Store()
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
            store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, restricted_graph if hide else graph)
                         for t, hide in zip(triples, marks))
            hidden += sum(marks)
            counts[project.relative(path)] = len(triples)
        parsed.clear()  # the store holds them now: bounded memory for the rules' work
        seen = triples = marks = None
        _progress("indexing names")
        labels = label_data(store, project, graphs)
        _progress("running the rules")
        inferred = infer_into(store, project, graphs)
        _progress("the timeline")
        # the timeline reads the rules' nodes too; queries see it beside the curated graph
        restricted_present = hidden > 0
        timeline = timeline_into(store, graphs + [vocab.INFERRED_GRAPH],
                                 list(RESTRICTED_GRAPHS) if restricted_present else [])
        graphs.append(vocab.TIMELINE_GRAPH)
        _progress("writing the store")
        _write_store(store, tmp / "db", [ox.NamedNode(g) for g in graphs + [vocab.INFERRED_GRAPH]])
        _write_restricted(store, tmp / RESTRICTED_FILE)
        del store
        _progress(None)
        for key, data in labels.items():  # one file per visibility: a call opens only its own
            write_index(tmp / f"names-{key}.sqlite", data)
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
            "timeline_triples": timeline,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2))
        target.parent.mkdir(exist_ok=True)
        try:
            if force and target.exists():
                _replace_build(tmp, target, store_dir)
            else:
                os.replace(tmp, target)
        except OSError:
            # another process finished the same build first (same inputs, same
            # fingerprint): keep theirs, which readers may already have open
            if not (target / "manifest.json").exists():
                raise
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError as exc:  # a full disk, no permission, a store that will not open
        failure = StoreError(f"the build could not be written in {store_dir} ({exc.strerror or exc})")
    except BaseException:
        store = None  # noqa: F841 (drops the last reference: the store closes)
        _progress(None)
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if failure is not None:
        # out of the except block the traceback no longer holds the half-written store
        # open, so its files are closed before the folder goes
        store = None  # noqa: F841 (drops the last reference: the store closes)
        shutil.rmtree(tmp, ignore_errors=True)
        raise failure
    try:
        _point_current(store_dir, target)
    except OSError as exc:
        raise StoreError(f"the finished build could not be swapped in at {store_dir} ({exc.strerror or exc})") from None
    _prune(store_dir, keep=target)
    return read_build(target)


def _write_store(store: ox.Store, path: Path, graphs: list[ox.NamedNode]) -> None:
    """The public graphs of the finished in-memory dataset to an on-disk store: only
    they, so that a query there reads the union of its graphs (store/embedded.py)."""
    write_quads(path, *(store.quads_for_pattern(None, None, None, g) for g in graphs))


def _write_restricted(store: ox.Store, path: Path) -> None:
    """The restricted graphs (facts and what the rules add with them) as N-Quads beside
    the store, when there are any: the first query that asks for them makes the store
    that holds them with the public graphs (GraphStore.full_store)."""
    quads = [q for g in RESTRICTED_GRAPHS for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))]
    if quads:
        path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))


def _replace_build(tmp: Path, target: Path, store_dir: Path) -> None:
    """--force: put a new build where one of the same inputs is. A folder cannot be
    replaced in one step, so the old one moves aside (back again if the move in fails)."""
    aside = store_dir / f"tmp-{os.getpid()}-{time.monotonic_ns()}-old"
    os.rename(target, aside)
    try:
        os.replace(tmp, target)
    except OSError:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


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

    If the rebuild fails for any reason (a syntax error or an ill-typed literal in a
    file, an odd file, a full disk), the last good build answers and ``warning`` says
    why, in one line; with no good build at all the error is raised.
    """
    if not isinstance(project, Project):
        raise UsageError(f"open_store needs a Project (governance.open_project()), not {type(project).__name__}")
    if store_dir is not None and not isinstance(store_dir, (str, os.PathLike)):
        raise UsageError(f"the store folder must be a path (str or Path), not {store_dir!r}")
    store_dir = Path(store_dir or project.default_store_dir())
    build, warning = current_build(store_dir), None
    if rebuild:
        try:
            if build is None or build.manifest.get("fingerprint") != fingerprint(project):
                build = build_store(project, store_dir)
        except Exception as exc:  # noqa: BLE001 - any failure: the last good build answers
            if build is None:
                if isinstance(exc, GovernanceError):
                    raise
                raise StoreError(f"the store could not be built ({type(exc).__name__}: {exc})") from None
            reason = str(exc) if isinstance(exc, GovernanceError) else f"the rebuild failed ({type(exc).__name__}: {exc})"
            warning = f"{reason.splitlines()[0]}; answering from the last good build of {build.manifest['built_at']}"
    if build is None:
        raise StoreError(f"no store at {store_dir}; run 'governance build'")
    return open_build(build, warning)
