"""The diagram writers: dot, svg, png and pdf through pydot and Graphviz; mermaid,
graphml and json without Graphviz.

Writers draw a :class:`~governance.render.model.Diagram` in the one visual language of :mod:`governance.render.style`: nodes clustered
per area (areas inside the home area nested as ``gov:withinArea`` says; the home area's
own bodies at the top level), a legend of the kinds and relations used, and a caption
with the as-of date and the source files.

Output is deterministic: nodes, links and clusters are sorted before writing and
nothing depends on time, so the same graph and options give the same bytes.

>>> d = Diagram(title="demo")
>>> d.add_node(Node("x:spb", "Strategic Partnership Board", "board"))
>>> d.add_node(Node("x:asb", "ASB Strategy Group", "board"))
>>> d.add_link(Link("x:asb", "x:spb", "sub-group"))
>>> print(to_mermaid(d), end="")
flowchart BT
  %% demo
  %% as of the latest state known
  %% sources: none
  classDef board fill:#d8e7f5,stroke:#2b6cb0,color:#000
  n0("ASB Strategy Group"):::board
  n1("Strategic Partnership Board"):::board
  n0 --> n1
  linkStyle 0 stroke:#2f7d32
"""
from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

from ..errors import GraphvizMissingError, UsageError
from . import style
from .layout import choose_rankdir, plan
from .model import Area, Diagram, Link, Node

__all__ = ["Area", "Diagram", "Link", "Node", "graphviz", "render", "to_dot", "write"]

GRAPHVIZ_FORMATS = ("svg", "png", "pdf")
FORMATS = ("dot", "mmd", "graphml", "json") + GRAPHVIZ_FORMATS


def _escape(text: str) -> str:
    """Text for inside a DOT double-quoted string (Graphviz escString)."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quoted(lines, end: str = "\\n", last: str = "") -> str:
    """Lines as one quoted DOT string, joined by ``end`` (``\\l`` left-justifies)."""
    return '"' + end.join(_escape(line) for line in lines) + last + '"'


def _text(text: str) -> str:
    return _quoted(text.split("\n"))


def to_dot(diagram: Diagram, links=None) -> str:
    """The diagram as Graphviz DOT text (built with pydot): area clusters, a legend
    of the kinds and relations used, and the caption. With ``links`` (a function of a
    node's IRI, or ``True`` for the IRI itself) each node links there (``URL``): the
    drawings (SVG, PDF) link every body to its IRI; ``serve`` passes its pages."""
    import pydot


    graph_attrs = style.graph_attrs(diagram.view, len(diagram.nodes), any(link.label for link in diagram.links),
                                    choose_rankdir(diagram))
    graph = pydot.Dot("governance", graph_type="digraph", **graph_attrs)
    graph.set("label", _quoted(diagram.caption_lines(), "\\l", "\\l"))
    graph.set_node_defaults(**style.NODE_ATTRS)
    graph.set_edge_defaults(**style.EDGE_ATTRS)

    nodes = diagram.ordered_nodes()
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    paths = {node.id: diagram.cluster_path(node.area) for node in nodes}
    containers = _clusters(graph, diagram, {tuple(p) for p in paths.values() if p}, graph_attrs["rankdir"])
    for node in nodes:
        attrs = style.node_attrs(node.kind)
        if node.id == diagram.focus:
            attrs.update(style.FOCUS_ATTRS)
        if links:
            attrs["URL"] = _quoted([node.id if links is True else links(node.id)])
            attrs["target"] = "_top"
        containers[tuple(paths[node.id])].add_node(pydot.Node(
            ids[node.id], label=_quoted(style.wrap(node.label)), tooltip=_text(node.tooltip or node.label),
            **{"class": node.kind}, **attrs))
    hints = plan(diagram, paths, graph_attrs["rankdir"])
    for path, a, b, attrs in hints.invisible:
        containers[tuple(path)].add_edge(pydot.Edge(ids[a], ids[b], **attrs))
    for n, group in enumerate(hints.same_rank):
        same = pydot.Subgraph(f"rank{n}", rank="same")
        for node in group:
            same.add_node(pydot.Node(ids[node]))
        graph.add_subgraph(same)
    for link in diagram.ordered_links():
        attrs = {**style.edge_attrs(link.relation), **hints.edge_attrs.get(link, {})}
        if link.label:
            attrs["label"] = _text(link.label)
        if link.tooltip:
            attrs["tooltip"] = _text(link.tooltip)
        graph.add_edge(pydot.Edge(ids[link.source], ids[link.target], **attrs))
    if diagram.nodes:
        graph.add_subgraph(_legend(diagram, graph_attrs["rankdir"]))
    return graph.to_string()


def _clusters(graph, diagram: Diagram, paths: set[tuple], rankdir: str) -> dict[tuple, object]:
    """One pydot cluster per area on any path, nested; returns path -> container."""
    import pydot

    prefixes = sorted({p[:i] for p in paths for i in range(1, len(p) + 1)},
                      key=lambda p: [diagram.area_title(a) for a in p])
    numbers = {area: n for n, area in enumerate(sorted({p[-1] for p in prefixes}))}
    containers: dict[tuple, object] = {(): graph}
    for prefix in prefixes:
        area = prefix[-1]
        outside = diagram.outside(area)
        cluster = pydot.Cluster(f"area{numbers[area]}", label=_quoted([diagram.area_title(area)]),
                                tooltip=_quoted([diagram.area_title(area)]),
                                **style.cluster_attrs(len(prefix) - 1, outside, rankdir))
        containers[prefix[:-1]].add_subgraph(cluster)
        containers[prefix] = cluster
    return containers


def _legend(diagram: Diagram, rankdir: str):
    """A small cluster showing each node kind the diagram uses as a real node (its true
    shape and colours), in groups of four that share a rank, and each relation it uses
    as one table of line samples in the relation's colour. The groups are chained by
    invisible edges, so the legend takes a few ranks, whichever way the graph runs."""
    import pydot

    legend = pydot.Cluster("legend", **{k: (_quoted([v]) if k == "label" else v)
                                        for k, v in style.LEGEND_ATTRS.items()},
                           **style.cluster_label_place(rankdir))
    groups: list[str] = []
    kinds = diagram.kinds()
    across = rankdir in ("TB", "BT")  # ranks are rows: rows of four; else one column
    per_group = style.LEGEND_PER_ROW if across else max(len(kinds), 1)
    group = None
    for start in range(0, len(kinds), per_group):
        group = pydot.Subgraph(f"legend_g{len(groups)}", rank="same")
        for n, kind in enumerate(kinds[start:start + per_group], start):
            group.add_node(pydot.Node(f"legend_k{n}", label=_quoted(style.wrap(style.KIND_LEGEND.get(kind, kind), 16)),
                                      fontsize="8", height="0.25", **style.node_attrs(kind)))
        legend.add_subgraph(group)
        groups.append(f"legend_k{start}")
    relations = diagram.relations()
    if relations:
        rows = "".join(
            f'<TR><TD ALIGN="RIGHT"><FONT COLOR="{style.edge_attrs(r)["color"]}">{style.LEGEND_LINES.get(r, "───▶")}'
            f'</FONT></TD><TD ALIGN="LEFT">{html.escape(style.RELATION_LEGEND.get(r, r))}</TD></TR>'
            for r in relations)
        table = pydot.Node("legend_relations", shape="plaintext", fontsize="8", margin="0",
                           label=f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>')
        if across or group is None:
            legend.add_node(table)
            groups.append("legend_relations")
        else:
            group.add_node(table)
    for first, second in zip(groups, groups[1:]):  # kinds first: above, or to the left
        tail, head = (first, second) if rankdir in ("LR", "TB") else (second, first)
        legend.add_edge(pydot.Edge(tail, head, style="invis"))
    return legend


# ---- mermaid ----

MERMAID_SHAPES = {
    "board": ('("', '")'), "safeguarding-board": ('("', '")'), "partnership": ('(["', '"])'),
    "community-safety-partnership": ('(["', '"])'), "office": ('{{"', '"}}'), "authority": ('["', '"]'),
    "service": ('[["', '"]]'), "programme": ('{{"', '"}}'), "fund": ('[("', '")]'), "duty": ('>"', '"]'),
    "strategy": ('>"', '"]'), "post": ('(("', '"))'), "person": ('(("', '"))'),
}
MERMAID_ARROWS = {"accountable": "==>", "escalates": "-.->", "advises": "-.->", "member": "-.->",
                  "holds-duty": "-.->"}


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(diagram: Diagram) -> str:
    """Mermaid flowchart text (renders in GitHub and most Markdown viewers): the same
    kinds, colours, area subgraphs and relation colours as the Graphviz drawing."""

    lines = [f"flowchart {choose_rankdir(diagram)}"] + [f"  %% {_mermaid_text(line)}" for line in diagram.caption_lines()]
    for kind in diagram.kinds():
        attrs = style.node_attrs(kind)
        dashed = ",stroke-dasharray:4 3" if "dashed" in attrs.get("style", "") else ""
        lines.append(f"  classDef {kind} fill:{attrs['fillcolor']},stroke:{attrs['color']},color:#000{dashed}")
    nodes = diagram.ordered_nodes()
    ids = {node.id: f"n{i}" for i, node in enumerate(nodes)}
    tree: dict[tuple, list] = {}
    for node in nodes:
        path = tuple(diagram.cluster_path(node.area))
        for i in range(len(path) + 1):
            tree.setdefault(path[:i], [])
        tree[path].append(node)
    numbers = {area: n for n, area in enumerate(sorted({p[-1] for p in tree if p}))}

    def emit(path: tuple, indent: str) -> None:
        for node in tree[path]:
            left, right = MERMAID_SHAPES.get(node.kind, ('["', '"]'))
            lines.append(f"{indent}{ids[node.id]}{left}{_mermaid_text(node.label)}{right}:::{node.kind}")
        children = sorted((p for p in tree if len(p) == len(path) + 1 and p[:-1] == path),
                          key=lambda p: diagram.area_title(p[-1]))
        for child in children:
            lines.append(f'{indent}subgraph area{numbers[child[-1]]}["{_mermaid_text(diagram.area_title(child[-1]))}"]')
            emit(child, indent + "  ")
            lines.append(f"{indent}end")

    emit((), "  ")
    links = diagram.ordered_links()
    for link in links:
        arrow = MERMAID_ARROWS.get(link.relation, "-->")
        # quoted, so that parentheses, brackets and the like are text (Mermaid 11)
        label = f'|"{_mermaid_text(link.label)}"|' if link.label else ""
        lines.append(f"  {ids[link.source]} {arrow}{label} {ids[link.target]}")
    for n, link in enumerate(links):
        lines.append(f"  linkStyle {n} stroke:{style.edge_attrs(link.relation)['color']}")
    return "\n".join(lines) + "\n"


# ---- graphml, json ----

def to_graphml(diagram: Diagram) -> str:
    """GraphML for yEd, Gephi, igraph or networkx: label, kind, area and tooltip on nodes,
    relation and label on edges, the caption on the graph; each key declared for its
    own domain (igraph drops keys declared ``for="all"``)."""
    esc = html.escape
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
           '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
           '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
           '  <key id="area" for="node" attr.name="area" attr.type="string"/>',
           '  <key id="tooltip" for="node" attr.name="tooltip" attr.type="string"/>',
           '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
           '  <key id="edge_label" for="edge" attr.name="label" attr.type="string"/>',
           '  <key id="caption" for="graph" attr.name="caption" attr.type="string"/>',
           '  <graph id="governance" edgedefault="directed">',
           f'    <data key="caption">{esc(diagram.caption)}</data>']
    for node in sorted(diagram.nodes.values(), key=lambda n: n.id):
        area = f'<data key="area">{esc(diagram.area_title(node.area))}</data>' if node.area else ""
        out.append(f'    <node id="{esc(node.id)}"><data key="label">{esc(node.label)}</data>'
                   f'<data key="kind">{node.kind}</data>{area}'
                   f'<data key="tooltip">{esc(node.tooltip)}</data></node>')
    for n, link in enumerate(diagram.ordered_links()):
        out.append(f'    <edge id="e{n}" source="{esc(link.source)}" target="{esc(link.target)}">'
                   f'<data key="relation">{link.relation}</data><data key="edge_label">{esc(link.label)}</data></edge>')
    out += ["  </graph>", "</graphml>"]
    return "\n".join(out) + "\n"


def to_json(diagram: Diagram) -> str:
    """JSON Graph Format v2 (``{"graph": ...}``, valid against the JGF schema): nodes keyed
    by IRI with their label and, in ``metadata``, kind, area, tooltip and area cluster;
    edges with source, target, relation and label; the title, view, date, caption,
    sources, notes, focus, frame, the area clusters used and the legend in the graph's
    ``metadata``."""
    used = sorted({a for n in diagram.nodes.values() for a in diagram.cluster_path(n.area)})
    nodes = {}
    for n in sorted(diagram.nodes.values(), key=lambda n: n.id):
        nodes[n.id] = {"label": n.label, "metadata": {"kind": n.kind, "area": n.area, "tooltip": n.tooltip,
                                                      "cluster": diagram.cluster_path(n.area), "iri": n.id}}
    edges = []
    for i, link in enumerate(diagram.ordered_links()):
        edge = {"id": f"e{i}", "source": link.source, "target": link.target, "relation": link.relation,
                "directed": True}
        if link.label:
            edge["label"] = link.label
        if link.tooltip:
            edge["metadata"] = {"tooltip": link.tooltip}
        edges.append(edge)
    metadata = {
        "title": diagram.title, "view": diagram.view, "at": diagram.at, "caption": diagram.caption,
        "sources": diagram.sources, "notes": diagram.notes, "focus": diagram.focus, "frame": diagram.frame,
        "areas": [{"id": a, "label": diagram.areas[a].label if a in diagram.areas else a,
                   "code": diagram.areas[a].code if a in diagram.areas else None,
                   "cluster": diagram.cluster_path(a)} for a in used],
        "legend": {"kinds": {k: style.KIND_LEGEND.get(k, k) for k in diagram.kinds()},
                   "relations": {r: style.RELATION_LEGEND.get(r, r) for r in diagram.relations()}},
    }
    data = {"graph": {"id": "governance", "label": diagram.title, "directed": True, "type": "govgraph diagram",
                      "metadata": metadata, "nodes": nodes, "edges": edges}}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---- files ----

def graphviz_available() -> bool:
    return shutil.which("dot") is not None


def output_format(path: str | Path) -> str:
    """The format for a file name, or a UsageError naming the ones there are.

    >>> output_format("spb.SVG"), output_format("x.mmd")
    ('svg', 'mmd')
    """
    path = Path(path)
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise UsageError(f"cannot draw '{path.name}': use one of .{', .'.join(FORMATS)}")
    return fmt


def check_output(path: str | Path) -> str:
    """Fail early (before any work) on an unknown extension or a missing Graphviz."""
    fmt = output_format(path)
    if fmt in GRAPHVIZ_FORMATS and not graphviz_available():
        raise GraphvizMissingError()
    return fmt


def render(diagram: Diagram, fmt: str) -> bytes:
    """The diagram in one format, as bytes."""
    if fmt == "mmd":
        return to_mermaid(diagram).encode()
    if fmt == "graphml":
        return to_graphml(diagram).encode()
    if fmt == "json":
        return to_json(diagram).encode()
    if fmt == "dot":
        return to_dot(diagram).encode()
    return graphviz(to_dot(diagram, links=True), fmt)


def write(diagram: Diagram, path: str | Path) -> Path:
    """Write a diagram; the format comes from the file extension."""
    path = Path(path)
    fmt = check_output(path)
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    data = render(diagram, fmt)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)  # never leave half a diagram behind
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


ORTHO = re.compile(r"^splines=ortho;$", re.M)


def graphviz(dot_text: str, fmt: str) -> bytes:
    """Run Graphviz ``dot -T<fmt>`` on DOT text.

    Graphviz's orthogonal router can fail on some clustered graphs (an assertion in
    maze.c, "failed at node N"); the same diagram is then drawn with polyline elbows,
    which every graph can take.
    """
    try:
        done = subprocess.run(["dot", f"-T{fmt}"], input=dot_text.encode(), capture_output=True, check=False)
        if done.returncode != 0 and ORTHO.search(dot_text):
            done = subprocess.run(["dot", f"-T{fmt}"], input=ORTHO.sub("splines=polyline;", dot_text).encode(),
                                  capture_output=True, check=False)
    except FileNotFoundError:
        raise GraphvizMissingError() from None
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines() or ["no output"]
        raise UsageError(f"Graphviz failed: {lines[0]}")
    return done.stdout
