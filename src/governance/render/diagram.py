"""A diagram model and its writers: dot/svg/png/pdf through pydot and Graphviz,
mermaid, graphml and json without Graphviz.

Output is deterministic: nodes and edges are sorted before writing, so the same
graph and options give the same bytes.
"""
from __future__ import annotations

import html
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import GraphvizMissingError, UsageError
from . import style

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")
FORMATS = ("dot", "mmd", "graphml", "json") + GRAPHVIZ_FORMATS


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str = "other"
    tooltip: str = ""
    area: str | None = None


@dataclass(frozen=True, order=True)
class Link:
    source: str
    target: str
    relation: str = "other"
    label: str = ""


@dataclass
class Diagram:
    title: str
    caption: str = ""
    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    focus: str | None = None

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def add_link(self, link: Link) -> None:
        if link not in self.links:
            self.links.append(link)


def _dot_id(index: int) -> str:
    return f"n{index}"


def to_dot(diagram: Diagram) -> str:
    """The diagram as Graphviz DOT text (pydot), with a legend and a caption."""
    import pydot

    graph = pydot.Dot("governance", graph_type="digraph", **style.GRAPH_ATTRS)
    graph.set_label(_quote(diagram.caption))
    graph.set_node_defaults(**style.NODE_ATTRS)
    graph.set_edge_defaults(**style.EDGE_ATTRS)
    ids = {}
    for index, node_id in enumerate(sorted(diagram.nodes, key=lambda n: (diagram.nodes[n].label, n))):
        node = diagram.nodes[node_id]
        ids[node_id] = _dot_id(index)
        attrs = dict(style.NODE_KINDS_BY_NAME.get(node.kind, style.DEFAULT_NODE[1]))
        if node_id == diagram.focus:
            attrs["penwidth"] = "2.5"
        graph.add_node(pydot.Node(ids[node_id], label=_quote(style.wrap(node.label)),
                                  tooltip=_quote(node.tooltip or node.label), **attrs))
    for link in sorted(diagram.links):
        attrs = dict(style.EDGE_STYLES.get(link.relation, style.EDGE_STYLES["other"]))
        if link.label:
            attrs["label"] = _quote(link.label)
        graph.add_edge(pydot.Edge(ids[link.source], ids[link.target], **attrs))
    _add_legend(graph, diagram)
    return graph.to_string()


def _add_legend(graph, diagram: Diagram) -> None:
    """A small cluster listing the node kinds and relations the diagram uses."""
    import pydot

    kinds = sorted({n.kind for n in diagram.nodes.values()})
    relations = sorted({link.relation for link in diagram.links})
    legend = pydot.Cluster("legend", label="Legend", fontsize="9", style="dashed", color="#999999")
    for kind in kinds:
        attrs = dict(style.NODE_KINDS_BY_NAME.get(kind, style.DEFAULT_NODE[1]))
        legend.add_node(pydot.Node(f"legend_{kind.replace('-', '_')}", label=_quote(kind), fontsize="8", **attrs))
    for n, relation in enumerate(relations):
        a, b = f"legend_r{n}a", f"legend_r{n}b"
        legend.add_node(pydot.Node(a, label='""', shape="point", width="0.05"))
        legend.add_node(pydot.Node(b, label=_quote(relation), shape="plaintext", fontsize="8"))
        legend.add_edge(pydot.Edge(a, b, **style.EDGE_STYLES.get(relation, style.EDGE_STYLES["other"])))
    graph.add_subgraph(legend)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\\\\n", "\\n") + '"'


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid flowchart text (renders in GitHub and most Markdown viewers)."""
    lines = ["flowchart BT", f"  %% {diagram.caption}"]
    ids = {nid: _dot_id(i) for i, nid in enumerate(sorted(diagram.nodes, key=lambda n: (diagram.nodes[n].label, n)))}
    for node_id, dot_id in sorted(ids.items(), key=lambda kv: kv[1]):
        label = diagram.nodes[node_id].label.replace('"', "'")
        lines.append(f'  {dot_id}["{label}"]')
    arrows = {"advises": "-.->", "member": "-.-o", "duty": "-.->"}
    for link in sorted(diagram.links):
        arrow = arrows.get(link.relation, "-->")
        label = f"|{link.label.replace('|', '/')}|" if link.label else ""
        lines.append(f"  {ids[link.source]} {arrow}{label} {ids[link.target]}")
    return "\n".join(lines) + "\n"


def to_graphml(diagram: Diagram) -> str:
    """GraphML for yEd, Gephi or networkx."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="all" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
           '  <graph id="governance" edgedefault="directed">']
    for node_id in sorted(diagram.nodes):
        node = diagram.nodes[node_id]
        out.append(f'    <node id="{html.escape(node_id)}"><data key="label">{html.escape(node.label)}</data>'
                   f'<data key="kind">{node.kind}</data></node>')
    for n, link in enumerate(sorted(diagram.links)):
        out.append(f'    <edge id="e{n}" source="{html.escape(link.source)}" target="{html.escape(link.target)}">'
                   f'<data key="relation">{link.relation}</data><data key="label">{html.escape(link.label)}</data></edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def to_json(diagram: Diagram) -> str:
    data = {
        "title": diagram.title,
        "caption": diagram.caption,
        "nodes": [{"id": n.id, "label": n.label, "kind": n.kind, "area": n.area}
                  for n in sorted(diagram.nodes.values(), key=lambda n: n.id)],
        "edges": [{"source": link.source, "target": link.target, "relation": link.relation, "label": link.label}
                  for link in sorted(diagram.links)],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def write(diagram: Diagram, path: str | Path) -> Path:
    """Write a diagram; the format comes from the file extension."""
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise UsageError(f"cannot draw '{path.name}': use one of .{', .'.join(FORMATS)}")
    if fmt in GRAPHVIZ_FORMATS and not graphviz_available():
        raise GraphvizMissingError()
    if fmt == "mmd":
        data: bytes = to_mermaid(diagram).encode()
    elif fmt == "graphml":
        data = to_graphml(diagram).encode()
    elif fmt == "json":
        data = to_json(diagram).encode()
    elif fmt == "dot":
        data = to_dot(diagram).encode()
    else:
        data = _graphviz(to_dot(diagram), fmt)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never leave half a diagram behind
    return path


def _graphviz(dot_text: str, fmt: str) -> bytes:
    import subprocess

    try:
        done = subprocess.run(["dot", f"-T{fmt}"], input=dot_text.encode(), capture_output=True, check=False)
    except FileNotFoundError:
        raise GraphvizMissingError() from None
    if done.returncode != 0:
        raise UsageError(f"Graphviz failed: {done.stderr.decode(errors='replace').strip().splitlines()[0]}")
    return done.stdout
