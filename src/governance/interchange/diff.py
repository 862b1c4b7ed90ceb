"""``governance diff``: what changed in the structure, as an answer (table, json, csv).

- between two days (``--from D --to D``): the structure as of each day, read with the
  library's as-of semantics (:mod:`governance.interchange.tables` binds the shared
  ``# @asof`` pattern through :func:`governance.query.asof.asof_params`);
- between two git revisions of graph/ (``--rev A..B``): each revision's graph/ built
  into its own temporary store (with the current ontology, rules and queries), every
  fact compared whatever its dates.

Bodies, reporting lines, memberships and money are compared by id: ``added``,
``removed`` or ``changed`` (one row per changed field, with before and after).
"""
from __future__ import annotations

import subprocess
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from .. import vocab
from ..errors import UsageError
from ..query.answer import Answer
from ..store.embedded import GraphStore
from ..store.project import Project
from ..values import Entity
from .tables import Tables, local_name, read_tables

COLUMNS = ["what", "change", "fact", "summary", "field", "before", "after"]


def _money(value) -> str | None:
    return None if value is None else f"£{value:,.2f}".replace(".00", "")


def facts_of(tables: Tables) -> dict[tuple[str, str], dict]:
    """``(what, id) -> {"summary": text, field: value ...}`` for the compared kinds."""
    label = tables.label
    facts: dict[tuple[str, str], dict] = {}
    for b in tables.bodies:
        facts["body", b["id"]] = {"summary": b["label"], "label": b["label"], "kind": b["kind"],
                                  "valid_from": b["valid_from"], "valid_until": b["valid_until"]}
    for line in tables.lines:
        facts["line", line["line"]] = {
            "summary": f"{label(line['from'])} {tables.term(line['kind'])} {label(line['to'])}",
            "from": label(line["from"]), "to": label(line["to"]), "kind": tables.term(line["kind"]),
            "valid_from": line.get("valid_from"), "valid_until": line.get("valid_until")}
    for m in tables.memberships:
        roles = ", ".join(tables.term(r) for r in m["role"]) or "member"
        facts["membership", m["membership"]] = {
            "summary": f"{label(m['member'])} ({roles}) in {label(m['organization'])}",
            "member": label(m["member"]), "organization": label(m["organization"]), "role": roles,
            "valid_from": m.get("valid_from"), "valid_until": m.get("valid_until")}
    for f in tables.funding:
        funders = " and ".join(label(x) for x in f["funder"])
        facts["money", f["flow"]] = {
            "summary": f"{funders} to {label(f['recipient'])}" + (f" {_money(f['amount'])}" if f.get("amount") else ""),
            "funders": funders, "recipient": label(f["recipient"]), "amount": _money(f.get("amount")),
            "valid_from": f.get("valid_from"), "valid_until": f.get("valid_until")}
    return facts


ORDER = {"body": 0, "line": 1, "membership": 2, "money": 3}


def compare(before: Tables, after: Tables) -> list[dict]:
    """The rows of a diff: added, removed, changed (per field), in a stable order."""
    old, new = facts_of(before), facts_of(after)
    rows = []
    for key in sorted(old.keys() | new.keys(), key=lambda k: (ORDER[k[0]], k[1])):
        what, iri = key
        fact = Entity(iri, vocab.shorten(iri))
        if key not in old:
            rows.append({"what": what, "change": "added", "fact": fact, "summary": new[key]["summary"]})
        elif key not in new:
            rows.append({"what": what, "change": "removed", "fact": fact, "summary": old[key]["summary"]})
        else:
            for name in old[key]:
                if name != "summary" and old[key][name] != new[key].get(name):
                    rows.append({"what": what, "change": "changed", "fact": fact, "summary": new[key]["summary"],
                                 "field": name, "before": old[key][name], "after": new[key].get(name)})
    return rows


def _answer(name: str, params: dict, rows: list[dict], notes: list[str]) -> Answer:
    counts = {}
    for row in rows:
        counts[row["change"]] = counts.get(row["change"], 0) + 1
    summary = ", ".join(f"{n} {change}" for change, n in sorted(counts.items())) or "no changes"
    return Answer(query=name, params=params, at=None, columns=COLUMNS, rows=rows, notes=[summary, *notes])


def diff_dates(gs: GraphStore, project: Project, from_date: str, to_date: str,
               include_restricted: bool = False) -> Answer:
    """The structure as of ``to_date`` compared with ``from_date``."""
    from ..query.asof import parse_date

    start, end = parse_date(from_date), parse_date(to_date)
    if start > end:
        raise UsageError(f"--from {start} is after --to {end}: give the earlier day first")
    before = read_tables(gs, project, start, include_restricted)
    after = read_tables(gs, project, end, include_restricted)
    return _answer("diff", {"from": start, "to": end}, compare(before, after), [])


def diff_revisions(project: Project, revisions: str, include_restricted: bool = False) -> Answer:
    """graph/ at git revision B compared with revision A (``"A..B"``)."""
    from ..build import build_store, open_store

    first, sep, second = revisions.partition("..")
    if not sep or not first or not second:
        raise UsageError(f"--rev '{revisions}': give two git revisions as A..B, e.g. HEAD~3..HEAD")
    top = _git(project.graph_dir, "rev-parse", "--show-toplevel").decode().strip()
    try:
        graph_path = str(project.graph_dir.resolve().relative_to(Path(top).resolve()))
    except ValueError:
        raise UsageError(f"the graph folder {project.graph_dir} is not in the git repository at {top}") from None
    with tempfile.TemporaryDirectory(prefix="govgraph-diff-") as tmp:
        tables = []
        for n, rev in enumerate((first, second)):
            folder = Path(tmp) / f"rev{n}"
            archive = _git(Path(top), "archive", "--format=tar", rev, "--", graph_path)
            with tarfile.open(fileobj=BytesIO(archive)) as tar:
                tar.extractall(folder, filter="data")
            graph = folder / graph_path
            graph.mkdir(parents=True, exist_ok=True)
            rev_project = Project(root=project.root, graph_dir=graph)
            build_store(rev_project, Path(tmp) / f"store{n}")
            gs = open_store(rev_project, Path(tmp) / f"store{n}", rebuild=False)
            tables.append(read_tables(gs, rev_project, None, include_restricted))
            del gs
    return _answer("diff", {"rev": revisions}, compare(*tables),
                   [f"graph/ at {second} compared with {first} (every fact, whatever its dates)"])


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("--rev needs git, which is not installed") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines() or ["git failed"]
        raise UsageError(f"git {args[0]}: {message[-1]}")
    return done.stdout


__all__ = ["compare", "diff_dates", "diff_revisions", "facts_of", "local_name"]
