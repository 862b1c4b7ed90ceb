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
    if body is not None and (not isinstance(body, str) or not body.strip()):
        raise UsageError(f"an empty name: give 'analyse {view}' a body's name, or no BODY at all")
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
        found = network.hubs(graph)
        rows = [{"body": entity(h["body"]), "reports_in": h["in"], "reports_out": h["out"],
                 "betweenness": h["betweenness"]} for h in found]
        answer = Answer("analyse hubs", {}, at, ["body", "reports_in", "reports_out", "betweenness"], rows)
        if any(h["method"] != "exact" for h in found):  # a national graph: the figure is an estimate
            answer.notes.append(f"betweenness {found[0]['method']}")
        return answer
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
    """Money per funder, per recipient and per fund stream, through the one roll-up
    (query/rollup.py): on ``at``, or each party's latest money; each allocation once; a
    pool's contributors without a stated share get none of it; a stream counts the money
    that enters it, not what its recipients pay on from it."""
    from collections import defaultdict

    from ..query.rollup import in_view, ledger, party_day, period_text, roll_up, tally
    from ..values import pounds

    book = ledger(gs, project, include_restricted)
    ids = [f.id for f in book.flows.values() if at is None or f.contains(at)]
    rows = []
    for by, credit in (("funder", False), ("recipient", True)):
        party_rows, _, _ = roll_up(book, ids, by, at, credit_pools=credit)
        rows += [{"by": by, "body": r[by], "amount": r.get("amount"), "basis": r.get("basis")} for r in party_rows]
    streams: dict[str, list] = defaultdict(list)
    for iri in ids:
        if book.flows[iri].stream:
            streams[book.flows[iri].stream].append(book.flows[iri])
    for stream, flows in streams.items():
        day = party_day(flows, at)
        shown = in_view(flows, day)
        receiving = {f.recipient for f in shown}
        onward = [f for f in shown if set(f.funders) & receiving]
        result = tally([f for f in shown if f not in onward], day, book.labels, book.flows)
        basis = [f"{len(result.left_out)} flow(s) counted once (restated or part of another)"] if result.left_out else []
        if onward:
            basis.append(f"{len(onward)} onward flow(s) not added: paid on by bodies that received this stream")
        if result.total is None and result.by_period:
            basis.append("no single total: " + "; ".join(f"{pounds(v)} for {period_text(p)}"
                                                         for p, v in result.by_period.items()))
        rows.append({"by": "stream", "body": Entity(stream, book.label(stream)),
                     "amount": Money(result.total, "GBP", *_period(result)) if result.total is not None else None,
                     "basis": "; ".join(basis) or None})
    order = {"funder": 0, "recipient": 1, "stream": 2}
    rows.sort(key=lambda r: (order[r["by"]], r["amount"] is None, -(r["amount"].value if r["amount"] else 0),
                             r["body"].label.casefold()))
    rows = [{k: v for k, v in r.items() if v is not None} for r in rows]
    return Answer("analyse funding", {}, at, ["by", "body", "amount", "basis"], rows)


def _period(result) -> tuple:
    """The period of a stream's money when it is one period, else none."""
    if len(result.by_period) != 1:
        return (None, None)
    (start, end), = result.by_period
    return (None if start == "0000-01-01" else start, None if end == "9999-12-31" else end)
