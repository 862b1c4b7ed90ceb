"""The structure as a network for graph tools: GraphML written by networkx (typed
attributes, keys declared per domain: node, edge, graph), read by networkx, igraph,
Gephi and yEd; and Cytoscape.js JSON (``elements.nodes`` / ``elements.edges``).

Nodes are the bodies and the other things the relations reach (funds, duties, posts,
people); edges are the qualified relations, one per reporting line, membership role,
funder of a flow and duty assignment, each with its id (the GraphML edge id) and the IRI of its fact (``fact``), ``relation``,
``kind`` and dates as ISO text; money as numbers (``amount``, a double).
"""
from __future__ import annotations

import io
import json

from .. import vocab
from .tables import Tables, local_name


def _node_attrs(tables: Tables, iri: str) -> dict:
    thing = tables.things.things.get(iri)
    attrs = {"iri": iri, "label": tables.label(iri), "kind": tables.things.kind(iri)}
    if thing is not None:
        attrs["types"] = " ".join(sorted(local_name(t) for t in thing.types))
        if thing.alt:
            attrs["alt_labels"] = "; ".join(sorted(thing.alt))
        if thing.areas:
            attrs["area"] = "; ".join(sorted(tables.label(a) for a in thing.areas))
        for key, value in (("valid_from", thing.start), ("valid_until", thing.end),
                           ("known_from", thing.known_from), ("known_until", thing.known_until)):
            if value:
                attrs[key] = value
    return attrs


def _clean(attrs: dict) -> dict:
    """networkx writes no None; lists become text."""
    return {k: ("; ".join(map(str, v)) if isinstance(v, list) else v) for k, v in attrs.items()
            if v is not None and v != []}


def structure_graph(tables: Tables):
    """A networkx MultiDiGraph of the structure (see the module docstring)."""
    import networkx as nx

    graph = nx.MultiDiGraph(name="govgraph", at=tables.at or "all dates")
    edges: list[tuple[str, str, str, dict]] = []
    for line in tables.lines:
        edges.append((line["from"], line["to"], line["line"], {
            "relation": "reporting", "kind": local_name(line["kind"]),
            "valid_from": line.get("valid_from"), "valid_until": line.get("valid_until"),
            "known_from": line.get("known_from"), "known_until": line.get("known_until")}))
    for m in tables.memberships:
        for role in m["role"] or [None]:
            edges.append((m["member"], m["organization"], f"{m['membership']}#{local_name(role) or 'member'}", {
                "relation": "membership", "kind": local_name(role) or "Member", "membership": m["membership"],
                "valid_from": m.get("valid_from"), "valid_until": m.get("valid_until"),
                "known_from": m.get("known_from"), "known_until": m.get("known_until")}))
    for flow in tables.funding:
        for funder in flow["funder"]:
            edges.append((funder, flow["recipient"], f"{flow['flow']}#{local_name(funder)}", {
                "relation": "funding", "kind": "funds", "flow": flow["flow"],
                "amount": float(flow["amount"]) if flow.get("amount") is not None else None,
                "currency": flow.get("currency") or ("GBP" if flow.get("amount") is not None else None),
                "funders": len(flow["funder"]),
                "valid_from": flow.get("valid_from"), "valid_until": flow.get("valid_until"),
                "fund_stream": flow.get("stream"), "purpose": flow.get("purpose")}))
    for duty in tables.duties:
        edges.append((duty["holder"], duty["duty"], duty["assignment"], {
            "relation": "duty", "kind": "holds-duty", "legislation": duty["legislation"],
            "valid_from": duty.get("valid_from"), "valid_until": duty.get("valid_until")}))
    for body in tables.bodies:
        graph.add_node(body["id"], **_clean(_node_attrs(tables, body["id"])))
    for source, target, key, attrs in sorted(edges, key=lambda e: e[2]):
        for end in (source, target):
            if end not in graph:
                graph.add_node(end, **_clean(_node_attrs(tables, end)))
        fact = key.split("#")[0]
        graph.add_edge(source, target, key=key, fact=fact, inferred=fact.startswith(vocab.INFERRED), **_clean(attrs))
    return graph


def to_graphml(tables: Tables) -> bytes:
    """GraphML (networkx's writer: ``attr.type`` double for money, string for dates
    and kinds, keys ``for="node"`` / ``for="edge"``)."""
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(structure_graph(tables), out, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return out.getvalue()


def to_cytoscape(tables: Tables) -> bytes:
    """Cytoscape.js JSON: ``{"data": {...}, "elements": {"nodes": [...], "edges": [...]}}``,
    each element's ``data`` with ``id``, ``label`` and the typed attributes (edges with
    ``source``, ``target`` and their own ``id``)."""
    graph = structure_graph(tables)
    nodes = [{"data": {"id": node, **attrs}} for node, attrs in sorted(graph.nodes(data=True))]
    edges = []
    for source, target, key, attrs in sorted(graph.edges(keys=True, data=True), key=lambda e: e[2]):
        data = {**attrs, "id": key, "source": source, "target": target}
        data["label"] = data.get("kind")
        if "amount" in data:
            data["label"] = f"£{data['amount']:,.0f}"
        edges.append({"data": data})
    data = {"data": {"name": "govgraph", "at": tables.at, "prefixes": vocab.PREFIXES},
            "directed": True, "multigraph": True, "elements": {"nodes": nodes, "edges": edges}}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode()
