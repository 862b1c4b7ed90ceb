"""The diagram views of ``governance diagram``: each builds a :class:`Diagram` from the
store.

``reporting``
    BODY's reporting lines: up to what it reports to, down to what reports to it (the
    networkx projection of :mod:`governance.network`), every kind of line.
``funding``
    who funds BODY (up) and what it funds (down), one edge per funder and recipient with
    the £ amount and period of the named questions ``funders`` and ``funded-by``.
``membership``
    the bodies BODY is a member of (up) and its members (down), with roles
    (``memberships`` and ``members``).
``duties``
    the statutory duties BODY holds (up) and, from a duty, its holders (down)
    (``duties`` and ``duty-holders``); with ``both`` the walk goes either way, so
    ``--depth 2`` from a body adds the other holders of its duties.
``landscape``
    the partnership landscape of an area (default: the graph's home area, LLR), chosen
    by type and reporting lines rather than by a list of ids (see :func:`landscape`).

``--up``/``--down``/``--both`` choose the direction and ``--depth N`` how many steps
to walk from BODY (``--both`` walks up and down separately: ancestors and descendants,
never siblings). The other views reuse the catalogue's named questions, so a diagram
and ``governance ask`` always agree.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from .. import vocab
from ..errors import UnknownNameError, UsageError
from ..query.ask import ask
from ..query.asof import latest_day, life_notes, parse_date
from ..query.catalogue import get_query
from ..query.resolve import label_index
from ..store.embedded import GraphStore
from ..store.labels import normalise
from ..store.project import Project
from ..values import Entity, Money
from . import style
from .model import Diagram, Link
from .things import Things

VIEWS = ("reporting", "funding", "duties", "membership", "landscape")
DIRECTIONS = ("up", "down", "both")
MEMBER_ROLE = vocab.GOV + "Member"

# the landscape: kinds that are always in it, and kinds that are in it when they head
# a reporting structure (something reports to them and they report to nothing in the area)
LANDSCAPE_CORE = {"partnership", "community-safety-partnership", "safeguarding-board", "statutory-committee", "office"}
LANDSCAPE_HEADS = {"board", "programme"}
LANDSCAPE_DEPTH = 3


@dataclass(frozen=True)
class Step:
    """One direction of a query-based view: the named question, the answer column that
    holds the next body, and the relation its edges are drawn as."""

    query: str
    column: str
    relation: str


@dataclass(frozen=True)
class QueryView:
    up: Step
    down: Step
    default_depth: int = 1
    walk_both_ways: bool = False  # --both: walk up and down from every node, not just BODY


QUERY_VIEWS = {
    "funding": QueryView(Step("funders", "funder", "funds"), Step("funded-by", "recipient", "funds")),
    "membership": QueryView(Step("memberships", "organization", "member"), Step("members", "member", "member")),
    "duties": QueryView(Step("duties", "duty", "holds-duty"), Step("duty-holders", "holder", "holds-duty"),
                        walk_both_ways=True),
}
TITLES = {"reporting": "Reporting lines of {}", "funding": "Funding of {}", "membership": "Memberships of {}",
          "duties": "Statutory duties of {}"}


def check_options(view: str, depth, direction: str | None, at: str | None) -> tuple[int | None, str | None]:
    """Validate the options every view takes; one clear UsageError each.

    >>> check_options("reporting", "2", "up", None)
    (2, None)
    >>> check_options("reporting", "two", None, None)
    Traceback (most recent call last):
    ...
    governance.errors.UsageError: bad depth 'two': use a whole number of steps, 1 or more (e.g. --depth 2)
    """
    if view not in VIEWS:
        raise UsageError(f"unknown view '{view}': use one of {', '.join(VIEWS)}")
    if direction is not None and direction not in DIRECTIONS:
        raise UsageError(f"unknown direction '{direction}': use --up, --down or --both")
    if depth is not None:
        text = str(depth).strip()
        if not text.isdigit() or int(text) < 1:
            raise UsageError(f"bad depth '{depth}': use a whole number of steps, 1 or more (e.g. --depth 2)")
        depth = int(text)
    return depth, (parse_date(at) if at is not None else None)


def build_view(gs: GraphStore, project: Project, view: str, name: str | None = None, *, depth=None,
               direction: str | None = None, at: str | None = None, include_restricted: bool = False,
               include_advice: bool = False) -> Diagram:
    """The diagram of one view; ``name`` is BODY (a duty for ``duties``), or an area
    (or nothing) for ``landscape``. The reporting view draws lines of accountability;
    ``include_advice`` adds advice and peer priority relationships."""
    depth, at = check_options(view, depth, direction, at)
    if view == "landscape":
        return landscape(gs, project, name, depth=depth, at=at, include_restricted=include_restricted)
    if not name:
        raise UsageError(f"the {view} view needs a BODY: governance diagram BODY --view {view} -o FILE")
    things = Things.load(gs, project, include_restricted)
    index = label_index(gs, project, include_restricted)
    try:
        body = index.resolve(name).id
    except UnknownNameError:
        if view != "duties":
            raise
        body = index.resolve(name, "duty", "duty or body").id
    life = things.things.get(body)  # as `ask` does: a body has no lines on a day it did not exist
    notes, absent = [], False
    if life:
        at, absent, notes = life_notes(life.label, {"from": life.known_from or life.start, "until": life.known_until or life.end,
                                                    "valid_from": life.start, "valid_until": life.end},
                                       at, "drawn", latest=latest_day(gs))
    direction = direction or "both"
    if view == "reporting":
        steps = _reporting_steps(gs, project, things, at, include_restricted, include_advice)
        walk_both_ways = False
    else:
        spec = QUERY_VIEWS[view]
        depth = depth or spec.default_depth
        steps = {"up": _query_step(gs, project, things, spec.up, at, include_restricted),
                 "down": _query_step(gs, project, things, spec.down, at, include_restricted)}
        walk_both_ways = spec.walk_both_ways
    nodes, links, facts = ({body}, [], set()) if absent else walk(body, steps, direction, depth, walk_both_ways)
    diagram = Diagram(title=f"{TITLES[view].format(things.label(body))} ({_scope(direction, depth)})",
                      view=view, at=at, focus=body, areas=dict(things.areas), frame=things.home_area(),
                      notes=notes)
    for node in sorted(nodes):
        diagram.add_node(things.node(node))
    for link in links:
        diagram.add_link(link)
    diagram.sources = things.sources(facts | set(nodes))
    return diagram


def _scope(direction: str, depth: int | None) -> str:
    ways = {"up": "up", "down": "down", "both": "up and down"}[direction]
    levels = "all levels" if depth is None else f"{depth} level{'s' if depth != 1 else ''}"
    return f"{ways}, {levels}"


def walk(start: str, steps: dict, direction: str, depth: int | None, both_ways: bool = False):
    """Breadth-first from ``start``: ``steps[d](node)`` gives ``(neighbour, link, facts)``
    one step in direction ``d``. Returns the nodes reached, the links and the facts.

    With ``both`` the walk goes up and down separately (ancestors and descendants);
    with ``both_ways`` it may turn (up from one node, then down from the next).

    >>> tree = {"up": lambda n: {"b": [("a", Link("b", "a"), {"l1"})]}.get(n, []),
    ...         "down": lambda n: {"b": [("c", Link("c", "b"), {"l2"})]}.get(n, [])}
    >>> nodes, links, facts = walk("b", tree, "both", None)
    >>> sorted(nodes), sorted(facts)
    (['a', 'b', 'c'], ['l1', 'l2'])
    """
    nodes, links, facts = {start}, [], set()
    directions = ["up", "down"] if direction == "both" else [direction]
    runs = [directions] if both_ways else [[d] for d in directions]
    for ways in runs:
        seen = {start}
        queue = deque([(start, 0)])
        while queue:
            node, level = queue.popleft()
            if depth is not None and level >= depth:
                continue
            for way in ways:
                for neighbour, link, link_facts in steps[way](node):
                    links.append(link)
                    facts |= link_facts
                    nodes.add(neighbour)
                    if neighbour not in seen:
                        seen.add(neighbour)
                        queue.append((neighbour, level + 1))
    return nodes, links, facts


def _reporting_steps(gs, project, things: Things, at, include_restricted, include_advice=False) -> dict:
    """Up and down one reporting line, from the networkx projection (child -> parent)."""
    from ..network.graph import reporting_graph

    graph = reporting_graph(gs, project, at, include_restricted)

    def link(child, parent, kind) -> Link:
        relation = style.relation_of(kind)
        tip = f"{things.label(child)} {style.RELATION_LEGEND.get(relation, relation)} {things.label(parent)}"
        return Link(child, parent, relation, tooltip=tip)

    def up(node):
        if node not in graph:
            return []
        return [(parent, link(node, parent, kind), {line})
                for _, parent, line, kind in sorted(graph.out_edges(node, keys=True, data="kind"))
                if include_advice or graph.edges[node, parent, line]["accountable"]]

    def down(node):
        if node not in graph:
            return []
        return [(child, link(child, node, kind), {line})
                for child, _, line, kind in sorted(graph.in_edges(node, keys=True, data="kind"))
                if include_advice or graph.edges[child, node, line]["accountable"]]

    return {"up": up, "down": down}


def _query_step(gs, project, things: Things, step: Step, at, include_restricted):
    """One step of a query-based view: ask the named question about a node (exactly as
    ``governance ask`` does, roll-ups included) and draw each row as the query header's
    ``#+ edge`` says."""
    query = get_query(project.queries_dir, step.query)
    param = query.params[0]
    edge = query.edge

    def run(node):
        if (param.kind == "duty") != (things.kind(node) == "duty"):
            return []  # duties are asked about with duty questions, bodies with body questions
        answer = ask(gs, project, step.query, [node], at=at, include_restricted=include_restricted)
        out = []
        for row, row_facts in zip(answer.rows, answer.facts):
            other = row.get(step.column)
            if not isinstance(other, Entity):
                continue
            ends = {param.name: node, step.column: other.id}
            source, target = ends[edge.source], ends[edge.target]
            label = row_label(query, row)
            tip = f"{things.label(source)} {style.RELATION_LEGEND[step.relation].split(' (')[0]} {things.label(target)}"
            out.append((other.id, Link(source, target, step.relation, label, tip + (f": {label}" if label else "")),
                        set(row_facts)))
        return sorted(out, key=lambda t: (t[1], t[0]))

    return run


def row_label(query, row: dict) -> str:
    """The text on a row's edge: its ``#+ edge`` label cell, or for a duty held as a
    member of a category, 'via' the category."""
    label = edge_label(row.get(query.edge.label) if query.edge and query.edge.label else None)
    if not label and str(row.get("basis", "")).startswith("share not stated"):
        label = "share not stated"  # a pool contributor (query/rollup.py): never the whole pool
    if not label and not query.recurse and isinstance(row.get("via"), Entity):
        label = f"via {row['via'].label}"
    return label


def edge_label(value) -> str:
    """The text on an edge: money with its period, or a role other than plain member.

    >>> from decimal import Decimal
    >>> edge_label(Money(Decimal("231300"), "GBP", "2018-04-01", "2019-03-31"))
    '£231,300 (2018-04-01 to 2019-03-31)'
    >>> edge_label(Entity("https://w3id.org/govgraph/ontology#Chair", "chair"))
    'chair'
    >>> edge_label(Entity("https://w3id.org/govgraph/ontology#SubgroupOf", "sub-group of"))
    ''
    """
    if isinstance(value, Money):
        return str(value)
    if (isinstance(value, Entity) and value.id.startswith(vocab.GOV) and value.id != MEMBER_ROLE
            and value.id not in style.RELATION_OF):  # the line's own style says the kind
        return value.label  # a role such as chair or responsible authority
    return ""


# ---- the landscape ----

def resolve_area(things: Things, name: str) -> str:
    """An area by label, acronym, variant or id (e.g. 'LLR', 'Leicestershire')."""
    key = normalise(name)
    hits = sorted(a for a in things.areas
                  if key in {normalise(n) for n in {things.label(a), *things.things[a].alt}}
                  or name in (a, vocab.shorten(a)))
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise UsageError(f"'{name}' names several areas: {', '.join(things.label(a) for a in hits)}")
    from rapidfuzz import process

    labels = sorted({things.label(a) for a in things.areas} | {alt for a in things.areas for alt in things.things[a].alt})
    close = [m[0] for m in process.extract(name, labels, limit=3, score_cutoff=60)]
    raise UnknownNameError(f"unknown area '{name}' (the landscape takes an area such as LLR, or none)", close)


def landscape(gs: GraphStore, project: Project, area: str | None = None, *, depth: int | None = None,
              at: str | None = None, include_restricted: bool = False) -> Diagram:
    """The partnership landscape of an area on one page.

    What goes in is decided by type and reporting lines, not by a list of ids:

    1. the bodies in the area (their ``gov:area`` lies within it) that exist on the date,
       plus bodies with no area that have a reporting line to one of them;
    2. every partnership (community safety partnerships included), safeguarding board
       and office (the PCC, the OPCC);
    3. every board or programme that heads a reporting structure: something reports to
       it and it reports to nothing in the area (the Strategic Partnership Board, the
       MAPPA Strategic Management Board, the YOS management boards...);
    4. everything that reports, directly or through others, into those (sub-groups,
       delivery groups, the Reducing Re-offending Board, the criminal-justice
       commissioning group...), down to ``depth`` levels from the top (default 3);
    5. every reporting line between the bodies drawn.

    Advisory lines and peer priority relationships are drawn but do not place a body
    below another.
    """
    import networkx as nx

    from ..network.graph import reporting_graph

    things = Things.load(gs, project, include_restricted)
    frame = resolve_area(things, area) if area else things.home_area()
    graph = reporting_graph(gs, project, at, include_restricted)

    def placed(node):
        return frame is None or things.within(things.area(node), frame)

    day = at or latest_day(gs)  # the latest state: as the latest paper's day
    scope = {n for n in things.things if things.is_organisation(n) and things.alive(n, day) and placed(n)}
    lines = [(c, p, line, data["kind"], data["accountable"]) for c, p, line, data in graph.edges(keys=True, data=True)]
    grown = True
    while grown:  # bodies with no area join through a line to a body in scope
        extra = {x for c, p, *_ in lines for x, y in ((c, p), (p, c))
                 if y in scope and x not in scope and things.area(x) is None and things.is_organisation(x)}
        scope |= extra
        grown = bool(extra)
    up = nx.DiGraph()
    up.add_nodes_from(sorted(scope))
    up.add_edges_from(sorted((c, p) for c, p, _, _, accountable in lines if accountable and c in scope and p in scope))

    core = {n for n in scope if things.kind(n) in LANDSCAPE_CORE}
    heads = {n for n in scope if things.kind(n) in LANDSCAPE_HEADS and up.in_degree(n) and not up.out_degree(n)}
    chosen = set(core | heads)
    for node in sorted(core | heads):
        chosen |= nx.ancestors(up, node)  # networkx ancestors = bodies that report into it
    hierarchy = up.subgraph(chosen)
    level = _levels(hierarchy)
    depth = depth or LANDSCAPE_DEPTH
    kept = {n for n in chosen if level[n] <= depth}

    where = things.label(frame) if frame else "all areas"
    diagram = Diagram(title=f"Partnership landscape: {where} ({depth} level{'s' if depth != 1 else ''} from the top)",
                      view="landscape", at=at, areas=dict(things.areas), frame=frame)
    for node in sorted(kept):
        diagram.add_node(things.node(node))
    facts = set(kept)
    for child, parent, line, kind, _ in sorted(lines):
        if child in kept and parent in kept:
            relation = style.relation_of(kind)
            tip = f"{things.label(child)} {style.RELATION_LEGEND.get(relation, relation)} {things.label(parent)}"
            diagram.add_link(Link(child, parent, relation, tooltip=tip))
            facts.add(line)
    diagram.sources = things.sources(facts)
    return diagram


def _levels(hierarchy) -> dict[str, int]:
    """Each body's level: 1 for a top (reports to nothing drawn), then one more per
    line down; the shortest way counts. A body only in a cycle counts as a top."""
    level: dict[str, int] = {}
    queue = deque((n, 1) for n in sorted(hierarchy) if hierarchy.out_degree(n) == 0)
    while queue:
        node, n = queue.popleft()
        if node in level:
            continue
        level[node] = n
        for child in sorted(hierarchy.predecessors(node)):
            if child not in level:
                queue.append((child, n + 1))
    for node in hierarchy:
        level.setdefault(node, 1)
    return level
