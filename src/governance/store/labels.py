"""The name index a build writes beside the store: every label of every thing,
normalised, so that a command resolves names without scanning the graph.

>>> normalise("The Safer Leicester Partnership (SLP)")
'safer leicester partnership slp'
>>> normalise("Oadby & Wigston")
'oadby and wigston'
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from .. import vocab
from .project import Project


def normalise(text: str) -> str:
    text = text.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w']+", " ", text).replace("'", "")
    text = re.sub(r"^the ", "", text.strip())
    return re.sub(r"\s+", " ", text).strip()


def index_data(rows: list[dict]) -> dict:
    """Plain, JSON-ready index data from label query rows (computed once per build)."""
    labels: dict[str, str] = {}
    types: dict[str, set] = {}
    names: dict[str, set] = {}
    for row in rows:
        thing = row["thing"].value
        if thing.startswith(vocab.GOV):
            continue
        labels[thing] = row["pref"].value
        names.setdefault(thing, set()).add(row["label"].value)
        if "type" in row:
            types.setdefault(thing, set()).add(row["type"].value)
    by_name: dict[str, set] = {}
    by_pref: dict[str, set] = {}
    for thing, all_names in names.items():
        for name in all_names:
            by_name.setdefault(normalise(name), set()).add(thing)
        by_pref.setdefault(normalise(labels[thing]), set()).add(thing)

    def lists(mapping):
        return {k: sorted(v) for k, v in sorted(mapping.items())}

    return {"labels": dict(sorted(labels.items())), "types": lists(types), "names": lists(names),
            "by_name": lists(by_name), "by_pref": lists(by_pref)}



def label_data(store: ox.Store, project: Project, graphs: list[str]) -> dict:
    """The index data for each visibility: public, and with restricted facts."""
    text = (project.queries_dir / "search.rq").read_text(encoding="utf-8")
    public = [ox.NamedNode(g) for g in graphs]
    out = {}
    for key, visible in (("public", public), ("all", public + [ox.NamedNode(vocab.RESTRICTED_GRAPH)])):
        solutions = store.query(text, default_graph=visible)
        names = [v.value for v in solutions.variables]
        out[key] = index_data([{n: s[n] for n in names if s[n] is not None} for s in solutions])
    return out
