"""The one visual language of every diagram: node shape and colour per kind of thing,
edge style per relation, cluster style per area, and the graph attributes that keep a
diagram readable at 100+ nodes. Change a look here and every diagram follows (dot, svg,
png, pdf, and the mermaid classes).

Kinds and relations have short names (``board``, ``sub-group``) used in the JSON and
GraphML output, and a legend text.

>>> node_kind({"https://w3id.org/govgraph/ontology#CommunitySafetyPartnership",
...            "https://w3id.org/govgraph/ontology#Partnership"})[0]
'community-safety-partnership'
>>> relation_of("https://w3id.org/govgraph/ontology#SubgroupOf")
'sub-group'
"""
from __future__ import annotations

from .. import vocab

# kind name, rdf:type, legend text, Graphviz node attributes; checked in this order (most
# specific first), so a CSP is drawn as a CSP and not as a plain partnership.
NODE_KINDS = [
    ("community-safety-partnership", vocab.GOV + "CommunitySafetyPartnership", "community safety partnership",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#b7dfb0", "color": "#1e5e22", "penwidth": "1.4"}),
    ("safeguarding-board", vocab.GOV + "SafeguardingBoard", "safeguarding board",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#f6d2d2", "color": "#a12b2b", "penwidth": "1.4"}),
    ("statutory-committee", vocab.GOV + "StatutoryCommittee", "statutory committee (Police and Crime Panel)",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#d8e7f5", "color": "#1a3f73", "penwidth": "2"}),
    ("board", vocab.GOV + "Board", "board or group",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#d8e7f5", "color": "#2b6cb0"}),
    ("partnership", vocab.GOV + "Partnership", "partnership",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#e3f2df", "color": "#2f7d32", "peripheries": "2"}),
    ("office", vocab.GOV + "Office", "office (PCC, OPCC)",
     {"shape": "octagon", "style": "filled", "fillcolor": "#e9dcf3", "color": "#5b2a86", "penwidth": "1.4",
      "margin": "0,0"}),
    ("authority", vocab.GOV + "Authority", "authority",
     {"shape": "box", "style": "filled", "fillcolor": "#ebebeb", "color": "#4a4a4a"}),
    ("service", vocab.GOV + "Service", "service",
     {"shape": "component", "style": "filled", "fillcolor": "#fff2c2", "color": "#9c7a00"}),
    ("programme", vocab.GOV + "Programme", "programme",
     {"shape": "box3d", "style": "filled", "fillcolor": "#fde2cc", "color": "#b45309"}),
    ("voluntary", vocab.GOV + "VoluntaryOrganisation", "voluntary organisation",
     {"shape": "box", "style": "rounded,dashed,filled", "fillcolor": "#f7f0fb", "color": "#7b4fa0"}),
    ("company", vocab.GOV + "Company", "company",
     {"shape": "box", "style": "dotted,filled", "fillcolor": "#ffffff", "color": "#7b4fa0"}),
    ("category", vocab.GOV + "AgencyCategory", "category of bodies",
     {"shape": "folder", "style": "filled", "fillcolor": "#f3f3f3", "color": "#666666"}),
    ("fund", vocab.GOV + "Fund", "fund or funding stream",
     {"shape": "cylinder", "style": "filled", "fillcolor": "#cfe8ea", "color": "#0f5f69"}),
    ("duty", vocab.GOV + "StatutoryDuty", "statutory duty",
     {"shape": "note", "style": "filled", "fillcolor": "#fffbe0", "color": "#7a6000"}),
    ("strategy", vocab.GOV + "Strategy", "strategy or plan",
     {"shape": "note", "style": "filled", "fillcolor": "#ffffff", "color": "#2b6cb0"}),
    ("post", vocab.ORG + "Post", "post",
     {"shape": "ellipse", "style": "dashed,filled", "fillcolor": "#ffffff", "color": "#333333"}),
    ("person", vocab.FOAF + "Person", "person",
     {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff", "color": "#000000"}),
]
DEFAULT_NODE = ("other", {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": "#999999"})
NODE_KINDS_BY_NAME = {name: attrs for name, _, _, attrs in NODE_KINDS}
KIND_LEGEND = {name: text for name, _, text, _ in NODE_KINDS} | {"other": "other"}
KIND_ORDER = [name for name, _, _, _ in NODE_KINDS] + ["other"]

# relation -> Graphviz edge attributes. Edges point the way the relation reads:
# child -> parent for reporting lines, funder -> recipient, member -> body, holder -> duty.
EDGE_STYLES = {
    "reports": {"style": "solid", "color": "#2b6cb0", "arrowhead": "normal"},
    "accountable": {"style": "solid", "color": "#17365d", "arrowhead": "normal", "penwidth": "2.2"},
    "escalates": {"style": "dashed", "color": "#a12b2b", "arrowhead": "vee", "penwidth": "1.4"},
    "advises": {"style": "dotted", "color": "#777777", "arrowhead": "empty"},
    "sub-group": {"style": "solid", "color": "#2f7d32", "arrowhead": "odiamond"},
    "funds": {"style": "solid", "color": "#0f5f69", "arrowhead": "normal", "penwidth": "1.6", "fontcolor": "#0f5f69"},
    "member": {"style": "dashed", "color": "#7b4fa0", "arrowhead": "odot", "fontcolor": "#5b2a86"},
    "holds-duty": {"style": "dashed", "color": "#7a6000", "arrowhead": "box"},
    "other": {"style": "solid", "color": "#999999", "arrowhead": "normal"},
}
RELATION_LEGEND = {
    "reports": "reports to",
    "accountable": "accountable to",
    "escalates": "escalates to",
    "advises": "advises",
    "sub-group": "sub-group of",
    "funds": "funds (£ amount, period)",
    "member": "member of (role)",
    "holds-duty": "holds duty",
    "other": "other",
}
RELATION_ORDER = list(RELATION_LEGEND)
# the legend's line sample per relation (drawn in the relation's colour)
LEGEND_LINES = {
    "reports": "───▶",
    "accountable": "━━━▶",
    "escalates": "‒ ‒ ➤",
    "advises": "· · · ▷",
    "sub-group": "───◇",
    "funds": "───▶",
    "member": "‒ ‒ ○",
    "holds-duty": "‒ ‒ ■",
    "other": "───▶",
}

# gov:kind of a reporting line -> relation name
RELATION_OF = {
    vocab.GOV + "Reports": "reports",
    vocab.GOV + "Accountable": "accountable",
    vocab.GOV + "Escalates": "escalates",
    vocab.GOV + "Advises": "advises",
    vocab.GOV + "PriorityRelationship": "advises",  # peer, no accountability: drawn as advice
    vocab.GOV + "SubgroupOf": "sub-group",
}

# Clusters per area: nested areas get a slightly darker fill, so a district inside the
# county reads as inside it; areas outside the diagram's home area are grey.
CLUSTER_FILLS = ["#f7f9fc", "#eef3f9", "#e4ecf5", "#dae4f0"]
CLUSTER_ATTRS = {"style": "rounded,filled", "color": "#9fb3c8", "fontsize": "11", "fontcolor": "#334e68",
                 "penwidth": "1"}
OUTSIDE_CLUSTER_ATTRS = {"style": "rounded,filled,dashed", "fillcolor": "#f5f5f5", "color": "#aaaaaa",
                         "fontsize": "11", "fontcolor": "#555555"}

# Graph attributes: newrank keeps ranks across clusters, edges are drawn first so nodes
# sit on top of them, and wide graphs are spaced a little tighter.
GRAPH_ATTRS = {"fontname": "Helvetica", "fontsize": "10", "newrank": "true", "outputorder": "edgesfirst",
               "nodesep": "0.25", "ranksep": "0.45", "pad": "0.2", "labelloc": "b", "labeljust": "l",
               "splines": "spline", "remincross": "true"}
LARGE_GRAPH_ATTRS = {"nodesep": "0.18", "ranksep": "0.55"}
LARGE = 60  # nodes
NODE_ATTRS = {"fontname": "Helvetica", "fontsize": "10", "margin": "0.08,0.04", "height": "0.3"}
EDGE_ATTRS = {"fontname": "Helvetica", "fontsize": "8", "arrowsize": "0.7"}
FOCUS_ATTRS = {"penwidth": "3"}
LEGEND_PER_ROW = 4
LEGEND_ATTRS = {"label": "Legend", "fontsize": "10", "style": "rounded,dashed", "color": "#999999",
                "fontcolor": "#555555"}

# Which way a view's diagram is laid out: hierarchies bottom-to-top (parents on top,
# arrows point up), money and memberships left to right.
RANKDIR = {"reporting": "BT", "landscape": "RL", "funding": "LR", "membership": "LR", "duties": "LR"}
LARGE_RANKDIR = {"reporting": "RL"}  # a big hierarchy reads better across the page than down it
# org-chart elbows for the landscape; ortho cannot place edge labels and its time grows
# steeply with size, so labelled or big diagrams keep splines
SPLINES = {"landscape": "ortho"}
ORTHO_MAX = 150  # nodes
HIERARCHY_VIEWS = {"reporting", "landscape"}  # tops (report to nothing drawn) share one rank
WRAP = 26  # characters per label line
# Readable at 100+ nodes: a body with STAGGER or more leaf children (nothing below them)
# spreads them over two ranks, as Graphviz's unflatten does; bodies with no lines drawn
# sit in rows of LONE_PER_ROW instead of one long column.
STAGGER = 4
STAGGER_RANKS = 2
LONE_PER_ROW = 3


def node_kind(types: set[str]) -> tuple[str, dict]:
    """The kind name and Graphviz attributes for a thing with these rdf:types.

    >>> node_kind({"https://w3id.org/govgraph/ontology#Board"})[0]
    'board'
    >>> node_kind(set())[0]
    'other'
    """
    for name, iri, _, attrs in NODE_KINDS:
        if iri in types:
            return name, attrs
    return DEFAULT_NODE


def relation_of(kind_iri: str) -> str:
    """The relation name of a reporting line's ``gov:kind`` ('other' if unknown)."""
    return RELATION_OF.get(kind_iri, "other")


def node_attrs(kind: str) -> dict:
    return dict(NODE_KINDS_BY_NAME.get(kind, DEFAULT_NODE[1]))


def edge_attrs(relation: str) -> dict:
    return dict(EDGE_STYLES.get(relation, EDGE_STYLES["other"]))


def cluster_attrs(depth: int, outside: bool = False, rankdir: str = "BT") -> dict:
    """Attributes of an area cluster ``depth`` levels below the top (0 = outermost),
    in a graph that runs ``rankdir``."""
    attrs = dict(OUTSIDE_CLUSTER_ATTRS) if outside else {
        **CLUSTER_ATTRS, "fillcolor": CLUSTER_FILLS[min(depth, len(CLUSTER_FILLS) - 1)]}
    return {**attrs, **cluster_label_place(rankdir)}


def cluster_label_place(rankdir: str) -> dict:
    """Where a cluster's label goes so that it shows at the top left: Graphviz mirrors
    ``labelloc`` when the graph runs bottom to top and ``labeljust`` when it runs right
    to left.

    >>> cluster_label_place("BT"), cluster_label_place("RL")
    ({'labelloc': 'b', 'labeljust': 'l'}, {'labelloc': 't', 'labeljust': 'r'})
    """
    return {"labelloc": "b" if rankdir == "BT" else "t", "labeljust": "r" if rankdir == "RL" else "l"}


def rankdir(view: str | None, nodes: int) -> str:
    """Which way a view's diagram runs.

    >>> rankdir("reporting", 10), rankdir("reporting", 200), rankdir("funding", 10)
    ('BT', 'RL', 'LR')
    """
    if nodes > LARGE and view in LARGE_RANKDIR:
        return LARGE_RANKDIR[view]
    return RANKDIR.get(view or "", "BT")


def graph_attrs(view: str | None, nodes: int, labelled: bool = False, direction: str | None = None) -> dict:
    """Graph attributes for a view's diagram of ``nodes`` nodes (``labelled``: some
    edges carry text; ``direction``: the rankdir, if chosen already).

    >>> graph_attrs("landscape", 100)["splines"], graph_attrs("landscape", 400)["splines"]
    ('ortho', 'spline')
    """
    splines = SPLINES.get(view or "", "spline")
    if splines == "ortho" and (labelled or nodes > ORTHO_MAX):
        splines = "spline"
    attrs = {"rankdir": direction or rankdir(view, nodes), **GRAPH_ATTRS, "splines": splines}
    if nodes > LARGE:
        attrs.update(LARGE_GRAPH_ATTRS)
    return attrs


def wrap(label: str, width: int = WRAP) -> list[str]:
    """Break a label into lines of about ``width`` characters (a long word stays whole).

    >>> wrap("Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board")
    ['Leicester, Leicestershire', 'and Rutland Reducing', 'Re-offending Programme', 'Board']
    >>> wrap("SPB")
    ['SPB']
    """
    lines: list[str] = []
    line = ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines or [""]
