"""Layout hints that keep a big diagram readable on one page, written into the DOT text
(so the result stays deterministic and needs nothing but ``dot``).

- **Staggered leaves** (the idea of Graphviz's ``unflatten``): a body with many leaf
  children (nothing below them) spreads them over two ranks instead of one long row.
- **Rows of lone bodies**: bodies with no line drawn sit in short rows, not one column.
- **Tops on one rank**: in a hierarchy every body that reports to nothing drawn is
  aligned, so the top tier reads as one row (or column).
- **Columns**: a big hierarchy that runs across the page (rankdir RL/LR) would stack
  its area clusters into one tall strip; instead its top-level blocks (the home area's
  own bodies, then each top-level area cluster) are folded into side-by-side columns,
  chosen to give a page-like shape. Lines between blocks then do not constrain ranks.

>>> from governance.render.model import Diagram, Node, Link
>>> d = Diagram(title="t", view="reporting")
>>> for n in "pabcde":
...     d.add_node(Node(n, n, "board"))
>>> for n in "abcd":
...     d.add_link(Link(n, "p", "sub-group"))
>>> hints = plan(d, {n: [] for n in d.nodes}, "BT")
>>> sorted((link.source, attrs["minlen"]) for link, attrs in hints.edge_attrs.items())
[('a', '1'), ('b', '2'), ('c', '1'), ('d', '2')]
>>> hints.same_rank   # the top, p, and the lone body e
[['p', 'e']]
"""
from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from . import style
from .model import Diagram, Link

# rough sizes (inches) used only to choose how many columns give a page-like shape
RANK_WIDTH = 2.3
LINE_HEIGHT = 0.17
NODE_GAP = 0.3
PAGE_ASPECT = 1.41  # A-series paper, landscape
MAX_COLUMNS = 4
FOLD_CROSSING = 0.15  # fold only when at most this share of the lines runs between blocks


@dataclass
class Plan:
    """What to add to the DOT text: attributes per link, invisible edges (in the
    container of the given cluster path), and groups of nodes that share a rank."""

    edge_attrs: dict[Link, dict] = field(default_factory=dict)
    invisible: list[tuple[tuple, str, str, dict]] = field(default_factory=list)
    same_rank: list[list[str]] = field(default_factory=list)
    columns: int = 1


def plan(diagram: Diagram, paths: dict[str, list[str]], rankdir: str) -> Plan:
    """Layout hints for a diagram whose nodes sit in the given cluster paths."""
    out = Plan()
    links = [link for link in diagram.ordered_links() if link.source != link.target]
    nodes = [n.id for n in diagram.ordered_nodes()]
    block = {n: (paths[n][0] if paths[n] else "") for n in nodes}
    hierarchy = diagram.view in style.HIERARCHY_VIEWS
    crossing = sum(block[link.source] != block[link.target] for link in links)
    fold = (hierarchy and rankdir in ("LR", "RL") and len(nodes) > style.LARGE and len(set(block.values())) > 1
            and crossing <= FOLD_CROSSING * len(links))  # lines between columns loop round: keep them few
    structural = [link for link in links if not fold or block[link.source] == block[link.target]]
    for link in links:
        if link not in structural:
            out.edge_attrs[link] = {"constraint": "false"}

    into = Counter(link.target for link in structural)
    leaving = Counter(link.source for link in structural)
    minlen = _stagger(diagram, structural, into, leaving)
    for link, n in minlen.items():
        out.edge_attrs[link] = {"minlen": str(n)}

    chains: list[tuple[str, str]] = []
    row_ends = []
    lone: dict[tuple, list[str]] = defaultdict(list)
    for node in nodes:
        if not into[node] and not leaving[node] and (node != diagram.focus or fold):
            lone[tuple(paths[node])].append(node)
    for path in sorted(lone):
        for start in range(0, len(lone[path]), style.LONE_PER_ROW):
            row = lone[path][start:start + style.LONE_PER_ROW]
            for a, b in zip(row, row[1:]):
                out.invisible.append((path, a, b, {"style": "invis"}))
                chains.append((a, b))
            row_ends.append(row[-1])

    tops = [n for n in nodes if into[n] and not leaving[n]] + row_ends
    if not fold:
        if hierarchy and links and len(tops) > 1:
            out.same_rank.append(tops)
        return out

    # fold the blocks into columns
    edges = [(link.source, link.target, minlen.get(link, 1)) for link in structural] + [(a, b, 1) for a, b in chains]
    rank = _ranks(nodes, edges)
    blocks = sorted(set(block.values()), key=lambda b: (b != "", diagram.area_title(b) if b else ""))
    span = {b: 1 + max(rank[n] for n in nodes if block[n] == b) for b in blocks}
    height = {}
    for b in blocks:
        per_rank: Counter = Counter()
        for n in nodes:
            if block[n] == b:
                per_rank[rank[n]] += len(style.wrap(diagram.nodes[n].label)) * LINE_HEIGHT + NODE_GAP
        height[b] = max(per_rank.values()) + NODE_GAP
    columns = _columns(blocks, span, height)
    out.columns = len(columns)
    for column in columns:
        members = set(column)
        column_tops = [n for n in tops if block[n] in members]
        if column_tops:
            out.same_rank.append(column_tops)
    # each column sits wholly beside the previous one: its tops are at least the
    # previous column's span of ranks further along
    for before, after in zip(columns, columns[1:]):
        first = next(n for n in tops if block[n] in set(before))
        second = next(n for n in tops if block[n] in set(after))
        gap = max(span[b] for b in before)
        out.invisible.append(((), second, first, {"style": "invis", "minlen": str(gap)}))
    return out


def choose_rankdir(diagram: Diagram) -> str:
    """Which way to run the diagram. A reporting diagram runs bottom to top (parents
    above) or right to left (parents on the left), whichever gives the shape nearer a
    landscape page: a flat structure with many sub-groups reads better across the
    page. Other views run as :func:`style.rankdir` says.

    >>> from governance.render.model import Node, Link
    >>> d = Diagram(title="t", view="reporting")
    >>> for n in "pabc":
    ...     d.add_node(Node(n, n))
    >>> for n in "ab":
    ...     d.add_link(Link(n, "p"))
    >>> choose_rankdir(d)
    'BT'
    >>> for n in "cdefghij":
    ...     d.add_node(Node(n, n)); d.add_link(Link(n, "p"))
    >>> choose_rankdir(d)
    'RL'
    """
    default = style.rankdir(diagram.view, len(diagram.nodes))
    if diagram.view != "reporting" or not diagram.links:
        return default
    edges = [(link.source, link.target, 1) for link in diagram.links if link.source != link.target]
    linked = sorted({n for a, b, _ in edges for n in (a, b)})  # lone bodies go in rows anyway
    rank = _ranks(linked, edges)
    per_rank = Counter(rank[n] for n in linked)
    ranks, widest = len(per_rank), max(per_rank.values())
    shapes = {"BT": (widest * 2.0) / (ranks * 0.9), "RL": (ranks * RANK_WIDTH) / (widest * 0.55)}
    return min(("BT", "RL"), key=lambda d: abs(math.log(shapes[d] / PAGE_ASPECT)))


def _stagger(diagram: Diagram, links: list[Link], into: Counter, leaving: Counter) -> dict[Link, int]:
    """minlen 1, 2, 1, 2... for the leaves (tails with nothing pointing at them: the
    children in a hierarchy, the funders of a body) of a body that has many."""
    leaves: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if not into[link.source] and leaving[link.source] == 1 and not link.label:
            leaves[link.target].append(link)  # a labelled edge already takes a rank of its own
    minlen = {}
    for head in sorted(leaves):
        if len(leaves[head]) >= style.STAGGER:
            ordered = sorted(leaves[head], key=lambda link: (diagram.nodes[link.source].label, link.source))
            for i, link in enumerate(ordered):
                minlen[link] = 1 + i % style.STAGGER_RANKS
    return minlen


def _ranks(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, int]:
    """Longest-path ranks (a source is rank 0; a head at least minlen above its tail),
    as dot would assign them; a cycle is cut where it is found."""
    incoming = defaultdict(list)
    for a, b, n in edges:
        incoming[b].append((a, n))
    rank: dict[str, int] = {}
    active: set[str] = set()

    def visit(node: str) -> int:
        if node in rank:
            return rank[node]
        if node in active:
            return 0
        active.add(node)
        rank[node] = max((visit(a) + n for a, n in incoming[node]), default=0)
        active.discard(node)
        return rank[node]

    for node in nodes:
        visit(node)
    return rank


def _columns(blocks: list[str], span: dict, height: dict) -> list[list[str]]:
    """Split the blocks, in order, into the number of columns whose drawing comes
    closest to a landscape page; within a number, the split with the shortest column.

    >>> _columns(["a", "b", "c", "d"], dict.fromkeys("abcd", 3), dict.fromkeys("abcd", 5.0))
    [['a', 'b'], ['c', 'd']]
    """
    best, best_score = [blocks], math.inf
    for k in range(1, min(MAX_COLUMNS, len(blocks)) + 1):
        split = _balanced(blocks, k, height)
        width = sum(max(span[b] for b in column) for column in split) * RANK_WIDTH
        tall = max(sum(height[b] for b in column) for column in split)
        score = abs(math.log((width / tall) / PAGE_ASPECT))
        if score < best_score - 1e-9:
            best, best_score = split, score
    return best


def _balanced(blocks: list[str], k: int, height: dict) -> list[list[str]]:
    """The contiguous split of blocks into k columns with the shortest tallest column."""
    if k == 1:
        return [list(blocks)]
    best, best_tall = None, math.inf
    for cut in range(1, len(blocks) - k + 2):
        rest = _balanced(blocks[cut:], k - 1, height)
        tall = max(sum(height[b] for b in blocks[:cut]), *(sum(height[b] for b in c) for c in rest))
        if tall < best_tall - 1e-9:
            best, best_tall = [list(blocks[:cut])] + rest, tall
    return best
