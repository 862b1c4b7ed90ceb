"""networkx analysis of the governance structure: paths, cycles, hubs (money: query/rollup.py).

The graph is a projection of the qualified relations at a date, filtered by
sensitivity: an edge ``child -> parent`` per reporting line (attribute ``kind``), a
node per body (attributes ``label`` and ``types``). Functions take a graph and return
plain data, networkx style.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_edge("a", "b", kind="reports"); G.add_edge("b", "c", kind="reports")
0
0
>>> G.add_edge("a", "d", kind="reports")
0
>>> accountability_chains(G, "a")
[['a', 'b', 'c'], ['a', 'd']]
>>> dual_reporting(G)
{'a': ['b', 'd']}
"""
from __future__ import annotations


from .. import vocab
from ..rules.timeline import asof_params
from ..store.embedded import GraphStore
from ..store.project import Project

# bodies an accountability path may end at: elected or statutory bodies
ANCHOR_TYPES = {vocab.GOV + t for t in ("Authority", "Office", "CommunitySafetyPartnership", "SafeguardingBoard")}


def reporting_graph(gs: GraphStore, project: Project, at: str | None = None, include_restricted: bool = False):
    """The reporting structure at ``at`` (default: the latest state) as a MultiDiGraph."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for row in gs.select(project.internal_query("network-nodes"), include_restricted=include_restricted):
        node = row["thing"].value
        if node not in graph:
            graph.add_node(node, label=row["label"].value, types=set())
        if "type" in row:
            graph.nodes[node]["types"].add(row["type"].value)
    for row in gs.select(project.internal_query("network-lines"), asof_params(gs, at),
                         include_restricted=include_restricted):
        graph.add_edge(row["child"].value, row["parent"].value, key=row["line"].value, kind=row["kind"].value,
                       accountable="accountable" in row and row["accountable"].value == "true")
    return graph


def _upward(graph):
    """Only the lines that carry accountability (not advice, not a peer priority
    relationship: ``gov:carriesAccountability`` of their kind)."""
    import networkx as nx

    view = nx.DiGraph()
    view.add_nodes_from(graph.nodes(data=True))
    view.add_edges_from((u, v) for u, v, accountable in graph.edges(data="accountable", default=True) if accountable)
    return view


def accountability_chains(graph, body: str) -> list[list[str]]:
    """Every upward path from ``body`` to a top (a body that reports to no one)."""
    up = _upward(graph)
    chains: list[list[str]] = []

    def walk(path):
        parents = sorted(up.successors(path[-1]))
        fresh = [p for p in parents if p not in path]
        if not fresh:
            if len(path) > 1:
                chains.append(path)
            return
        for parent in fresh:
            walk(path + [parent])

    walk([body])
    return chains


def reporting_cycles(graph) -> list[list[str]]:
    """Reporting cycles (a body that ends up accountable to itself)."""
    import networkx as nx

    return sorted(sorted(c) for c in nx.simple_cycles(_upward(graph)))


def dual_reporting(graph) -> dict[str, list[str]]:
    """Bodies with two or more parents, for a human look."""
    up = _upward(graph)
    return {n: sorted(up.successors(n)) for n in sorted(up) if up.out_degree(n) > 1}


def unanchored(graph, anchor_types: set[str] = ANCHOR_TYPES) -> list[str]:
    """Bodies in the reporting structure with no path to an elected or statutory body."""
    import networkx as nx

    up = _upward(graph)
    anchors = {n for n, types in up.nodes(data="types") if types and types & anchor_types}
    involved = {n for n in up if up.degree(n) > 0}
    return sorted(n for n in involved
                  if n not in anchors and not (nx.descendants(up, n) & anchors))


SAMPLE_ABOVE = 2000  # bodies; exact betweenness is quadratic (60 s at 1M triples)
SAMPLE_SOURCES = 500


def hubs(graph, limit: int = 15) -> list[dict]:
    """The most connected bodies: degree and betweenness centrality.

    Betweenness is exact up to SAMPLE_ABOVE bodies; above, it is estimated from
    SAMPLE_SOURCES sampled sources (seed 0, so the same graph gives the same answer),
    and each row's ``method`` says which.
    """
    import networkx as nx

    up = _upward(graph)
    involved = up.subgraph(n for n in up if up.degree(n) > 0)
    if len(involved) > SAMPLE_ABOVE:
        between = nx.betweenness_centrality(involved, k=SAMPLE_SOURCES, seed=0)
        method = f"sampled ({SAMPLE_SOURCES} of {len(involved)} bodies as sources, seed 0)"
    else:
        between = nx.betweenness_centrality(involved)
        method = "exact"
    ranked = sorted(involved, key=lambda n: (-involved.degree(n), -between[n], n))[:limit]
    return [{"body": n, "in": involved.in_degree(n), "out": involved.out_degree(n),
             "betweenness": round(between[n], 4), "method": method} for n in ranked]
