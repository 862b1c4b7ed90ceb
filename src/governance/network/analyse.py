"""`governance analyse`: the network analyses as answers (same formats as ask)."""
from __future__ import annotations

from ..errors import UsageError
from ..query.answer import Answer
from ..store.embedded import GraphStore
from ..store.project import Project
from ..values import Entity, Money
from . import graph as network

VIEWS = ("accountability", "funding", "hubs")


def analyse(gs: GraphStore, project: Project, view: str, at: str | None = None,
            include_restricted: bool = False, body: str | None = None) -> Answer:
    """Run one analysis; with BODY, ``accountability`` lists every upward path from it."""
    from ..query.asof import parse_date
    from ..query.resolve import label_index

    at = parse_date(at) if at is not None else None
    if body and view != "accountability":
        raise UsageError(f"'analyse {view}' takes no BODY (only 'analyse accountability BODY' does)")
    if view not in VIEWS:
        raise UsageError(f"unknown analysis '{view}': use one of {', '.join(VIEWS)}")
    if view == "funding":
        return _funding(gs, project, at, include_restricted)
    graph = network.reporting_graph(gs, project, at, include_restricted)

    def entity(node):
        return Entity(node, graph.nodes[node].get("label", node) if node in graph else node)

    if body:
        match = label_index(gs, project, include_restricted).resolve(body)
        chains = network.accountability_chains(graph, match.id) if match.id in graph else []
        rows = [{"path": n, "chain": " -> ".join(entity(node).label for node in chain),
                 "top": entity(chain[-1]), "steps": len(chain) - 1} for n, chain in enumerate(chains, 1)]
        answer = Answer("analyse accountability", {"body": Entity(match.id, match.label)}, at,
                        ["path", "chain", "top", "steps"], rows)
        if not rows:
            answer.notes.append(f"{match.label} reports to no one on this day")
        return answer
    if view == "hubs":
        rows = [{"body": entity(h["body"]), "reports_in": h["in"], "reports_out": h["out"],
                 "betweenness": h["betweenness"]} for h in network.hubs(graph)]
        return Answer("analyse hubs", {}, at, ["body", "reports_in", "reports_out", "betweenness"], rows)
    rows = []
    for cycle in network.reporting_cycles(graph):
        rows.append({"finding": "reporting cycle", "body": entity(cycle[0]),
                     "detail": " -> ".join(entity(n).label for n in cycle)})
    for body in network.unanchored(graph):
        rows.append({"finding": "no path to an elected or statutory body", "body": entity(body),
                     "detail": " | ".join(" -> ".join(entity(n).label for n in chain[1:])
                                          for chain in network.accountability_chains(graph, body)) or "reports to no one"})
    for body, parents in network.dual_reporting(graph).items():
        rows.append({"finding": "dual reporting", "body": entity(body),
                     "detail": "; ".join(entity(p).label for p in parents)})
    rows.sort(key=lambda r: (r["finding"], r["body"].label.casefold()))
    return Answer("analyse accountability", {}, at, ["finding", "body", "detail"], rows)


def _funding(gs: GraphStore, project: Project, at: str | None, include_restricted: bool) -> Answer:
    from ..query.resolve import label_index

    index = label_index(gs, project, include_restricted)
    totals = network.funding_rollup(gs, project, at, include_restricted)
    rows = []
    for by in ("funder", "recipient", "stream"):
        for node, amount in sorted(totals[by].items(), key=lambda kv: (-kv[1], kv[0])):
            rows.append({"by": by, "body": Entity(node, index.labels.get(node, node)), "amount": Money(amount)})
    return Answer("analyse funding", {}, at, ["by", "body", "amount"], rows)
