"""The diagram model: nodes (with a kind and an area), links (with a relation), the
area tree and the diagram's home area (``frame``), and what the caption says. Writers
(:mod:`governance.render.diagram`) and layout hints (:mod:`governance.render.layout`)
both read it.

>>> d = Diagram(title="demo")
>>> d.add_node(Node("x:spb", "Strategic Partnership Board", "board"))
>>> [n.label for n in d.ordered_nodes()]
['Strategic Partnership Board']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from . import style


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
    tooltip: str = ""


@dataclass(frozen=True)
class Area:
    id: str
    label: str
    parent: str | None = None
    code: str | None = None

    @property
    def title(self) -> str:
        return f"{self.label} ({self.code})" if self.code else self.label


@dataclass
class Diagram:
    """What to draw. ``facts`` are the things and qualified relations drawn (their
    evidence gives the sources); ``frame`` is the home area, drawn as the top level."""

    title: str
    view: str | None = None
    at: str | None = None
    nodes: dict[str, Node] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    focus: str | None = None
    areas: dict[str, Area] = field(default_factory=dict)
    frame: str | None = None
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    _seen: set = field(default_factory=set, repr=False, compare=False)

    def add_node(self, node: Node) -> None:
        self.nodes.setdefault(node.id, node)

    def add_link(self, link: Link) -> None:
        if link not in self._seen:
            self._seen.add(link)
            self.links.append(link)

    def caption_lines(self) -> list[str]:
        return [self.title,
                f"as of {self.at}" if self.at else "as of the latest state known",
                f"sources: {', '.join(self.sources) or 'none'}",
                *self.notes]

    @property
    def caption(self) -> str:
        return " | ".join(self.caption_lines())

    def ordered_nodes(self) -> list[Node]:
        """Nodes by label then id: the order every writer uses (and the n0, n1... ids)."""
        return sorted(self.nodes.values(), key=lambda n: (n.label, n.id))

    def ordered_links(self) -> list[Link]:
        return sorted(self.links)

    def kinds(self) -> list[str]:
        used = {n.kind for n in self.nodes.values()}
        return [k for k in style.KIND_ORDER if k in used] + sorted(used - set(style.KIND_ORDER))

    def relations(self) -> list[str]:
        used = {link.relation for link in self.links}
        return [r for r in style.RELATION_ORDER if r in used] + sorted(used - set(style.RELATION_ORDER))

    def cluster_path(self, area: str | None) -> list[str]:
        """The nested area clusters a node of ``area`` is drawn in, outermost first.

        Areas inside the frame nest down from it (the frame itself is the top level);
        an area outside the frame (a region, the country) is its own cluster."""
        if area is None or area == self.frame:
            return []
        chain: list[str] = []
        while area and area not in chain:
            if area == self.frame:
                break
            chain.append(area)
            record = self.areas.get(area)
            area = record.parent if record else None
        return list(reversed(chain))

    def outside(self, area: str) -> bool:
        """An area that does not lie within the frame."""
        if self.frame is None:
            return False
        seen = set()
        while area and area not in seen:
            if area == self.frame:
                return False
            seen.add(area)
            record = self.areas.get(area)
            area = record.parent if record else None
        return True

    def area_title(self, area: str) -> str:
        record = self.areas.get(area)
        return record.title if record else area.rsplit("/", 1)[-1]


# ---- DOT (and through Graphviz: svg, png, pdf) ----
