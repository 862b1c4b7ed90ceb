"""The one visual language of every diagram: node shape and colour per kind of thing,
edge style per relation. Change a look here and every diagram follows."""
from __future__ import annotations

from .. import vocab

# kind -> Graphviz node attributes; checked in this order (most specific first)
NODE_KINDS = [
    ("community-safety-partnership", vocab.GOV + "CommunitySafetyPartnership",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#d9ead3", "color": "#38761d"}),
    ("safeguarding-board", vocab.GOV + "SafeguardingBoard",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#f4cccc", "color": "#990000"}),
    ("board", vocab.GOV + "Board",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#cfe2f3", "color": "#0b5394"}),
    ("partnership", vocab.GOV + "Partnership",
     {"shape": "box", "style": "rounded,filled", "fillcolor": "#d9ead3", "color": "#38761d"}),
    ("office", vocab.GOV + "Office",
     {"shape": "doubleoctagon", "style": "filled", "fillcolor": "#ead1dc", "color": "#741b47"}),
    ("authority", vocab.GOV + "Authority",
     {"shape": "box", "style": "filled", "fillcolor": "#eeeeee", "color": "#434343"}),
    ("service", vocab.GOV + "Service",
     {"shape": "component", "style": "filled", "fillcolor": "#fff2cc", "color": "#bf9000"}),
    ("programme", vocab.GOV + "Programme",
     {"shape": "hexagon", "style": "filled", "fillcolor": "#fce5cd", "color": "#b45f06"}),
    ("voluntary", vocab.GOV + "VoluntaryOrganisation",
     {"shape": "box", "style": "dashed,filled", "fillcolor": "#ffffff", "color": "#674ea7"}),
    ("company", vocab.GOV + "Company",
     {"shape": "box", "style": "dotted,filled", "fillcolor": "#ffffff", "color": "#674ea7"}),
    ("category", vocab.GOV + "AgencyCategory",
     {"shape": "folder", "style": "filled", "fillcolor": "#f3f3f3", "color": "#666666"}),
    ("fund", vocab.GOV + "Fund",
     {"shape": "cylinder", "style": "filled", "fillcolor": "#d0e0e3", "color": "#134f5c"}),
    ("duty", vocab.GOV + "StatutoryDuty",
     {"shape": "note", "style": "filled", "fillcolor": "#fffde7", "color": "#7f6000"}),
    ("strategy", vocab.GOV + "Strategy",
     {"shape": "note", "style": "filled", "fillcolor": "#ffffff", "color": "#0b5394"}),
    ("post", vocab.ORG + "Post",
     {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff", "color": "#434343"}),
    ("person", vocab.FOAF + "Person",
     {"shape": "ellipse", "style": "filled", "fillcolor": "#ffffff", "color": "#000000"}),
]
DEFAULT_NODE = ("other", {"shape": "box", "style": "filled", "fillcolor": "#ffffff", "color": "#999999"})

# relation -> Graphviz edge attributes
EDGE_STYLES = {
    "reports": {"style": "solid", "color": "#0b5394", "arrowhead": "normal"},
    "accountable": {"style": "bold", "color": "#0b5394", "arrowhead": "normal"},
    "escalates": {"style": "solid", "color": "#990000", "arrowhead": "vee"},
    "advises": {"style": "dashed", "color": "#666666", "arrowhead": "open"},
    "sub-group": {"style": "solid", "color": "#38761d", "arrowhead": "diamond"},
    "funds": {"style": "solid", "color": "#134f5c", "arrowhead": "normal", "penwidth": "1.5"},
    "member": {"style": "dotted", "color": "#674ea7", "arrowhead": "odot"},
    "duty": {"style": "dashed", "color": "#7f6000", "arrowhead": "box"},
    "other": {"style": "solid", "color": "#999999", "arrowhead": "normal"},
}

# gov:kind / relation IRIs -> edge style names
RELATION_OF = {
    vocab.GOV + "Reports": "reports",
    vocab.GOV + "Accountable": "accountable",
    vocab.GOV + "Escalates": "escalates",
    vocab.GOV + "Advises": "advises",
    vocab.GOV + "SubgroupOf": "sub-group",
}

GRAPH_ATTRS = {"rankdir": "BT", "fontname": "Helvetica", "fontsize": "11", "nodesep": "0.3",
               "ranksep": "0.5", "labelloc": "b", "labeljust": "l"}
NODE_ATTRS = {"fontname": "Helvetica", "fontsize": "10", "margin": "0.1,0.05"}
EDGE_ATTRS = {"fontname": "Helvetica", "fontsize": "9"}


def node_kind(types: set[str]) -> tuple[str, dict]:
    """The kind name and Graphviz attributes for a thing with these rdf:types.

    >>> node_kind({"https://w3id.org/govgraph/ontology#Board"})[0]
    'board'
    """
    for name, iri, attrs in NODE_KINDS:
        if iri in types:
            return name, attrs
    return DEFAULT_NODE


def wrap(label: str, width: int = 26) -> str:
    """Wrap a label onto lines of about ``width`` characters.

    >>> wrap("Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board")
    'Leicester, Leicestershire\\\\nand Rutland Reducing\\\\nRe-offending Programme\\\\nBoard'
    """
    words, lines, line = label.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return "\\n".join(lines)

NODE_KINDS_BY_NAME = {name: attrs for name, _, attrs in NODE_KINDS}
