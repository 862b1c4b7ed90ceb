"""Drawing an answer (``governance ask ... --diagram FILE``): the question's subject,
each row's entities, and the edges the query header declares
(``#+ edge: funder -> body : amount``), in the same visual language, area clusters,
legend and caption as ``governance diagram``."""
from __future__ import annotations

from ..query.answer import Answer
from ..query.catalogue import get_query
from ..store.embedded import GraphStore
from ..store.project import Project
from ..values import Entity, Money
from . import style
from .model import Diagram, Link
from .things import Things
from .views import edge_label, row_label

# which view's layout and relation each named question is drawn with
VIEW_OF = {"reports-to": "reporting", "chain": "reporting", "subgroups": "reporting",
           "funders": "funding", "funded-by": "funding", "funding": "funding",
           "members": "membership", "memberships": "membership", "chair": "membership",
           "duties": "duties", "duty-holders": "duties"}
RELATION_OF_VIEW = {"funding": "funds", "membership": "member", "duties": "holds-duty"}


def answer_diagram(gs: GraphStore, project: Project, answer: Answer, include_restricted: bool = False) -> Diagram:
    """The diagram of one answer."""
    things = Things.load(gs, project, include_restricted)
    query = get_query(project.queries_dir, answer.query)
    subject = next((v for v in answer.params.values() if isinstance(v, Entity)), None)
    view = VIEW_OF.get(answer.query)
    diagram = Diagram(title=f"{answer.query} {subject.label if subject else ''}".strip(), view=view, at=answer.at,
                      focus=subject.id if subject else None, areas=dict(things.areas), frame=things.home_area(),
                      notes=list(answer.notes))
    drawn = set()

    def draw(entity: Entity) -> None:
        diagram.add_node(things.node(entity.id) if entity.id in things else _unknown(entity))
        drawn.add(entity.id)

    if subject:
        draw(subject)
    edge = query.edge
    for row in answer.rows:
        ends = _ends(query, answer, row) if edge else _flow_ends(row, subject)
        if ends is None:
            for value in row.values():
                for entity in _entities(value):
                    draw(entity)
            continue
        sources, targets, label_value = ends
        for end in sources + targets:
            draw(end)
        relation = _relation(view, label_value)
        label = row_label(query, row) if edge else edge_label(label_value)
        for source in sources:
            for target in targets:
                tip = f"{source.label} {style.RELATION_LEGEND.get(relation, relation).split(' (')[0]} {target.label}"
                diagram.add_link(Link(source.id, target.id, relation, label, tip + (f": {label}" if label else "")))
    facts = {fact for nodes in answer.facts for fact in nodes}
    diagram.sources = things.sources(facts | drawn)
    return diagram


def _entities(value) -> list[Entity]:
    """A cell's things: one entity, a list of them (several funders of one flow), or none."""
    if isinstance(value, Entity):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, Entity)]
    return []


def _ends(query, answer: Answer, row: dict):
    """The things at each end of a row's edge and its label value, as the query header
    says; a --transitive row starts from the body it was reached from (``via``)."""
    edge = query.edge
    ends = {}
    for name in (edge.source, edge.target):
        # "post|person": the first of the columns the row has
        value = next((row[n] for n in name.split("|") if row.get(n)), None) or answer.params.get(name)
        if query.recurse and name == query.recurse[1] and isinstance(row.get("via"), Entity):
            value = row["via"]
        ends[name] = _entities(value)
    return ends[edge.source], ends[edge.target], row.get(edge.label) if edge.label else None


def _flow_ends(row: dict, subject: Entity | None):
    """The ``funding`` question's rows: money in from its funder(s), or out to a recipient."""
    counterparts = _entities(row.get("counterpart"))
    if subject is None or not counterparts:
        return None
    if row.get("direction") == "in":
        return counterparts, [subject], row.get("received")
    if row.get("direction") == "out":
        return [subject], counterparts, row.get("paid")
    return None


def _relation(view: str | None, label_value) -> str:
    if isinstance(label_value, Money):
        return "funds"
    if view == "reporting" and isinstance(label_value, Entity):
        return style.relation_of(label_value.id)
    return RELATION_OF_VIEW.get(view or "", "other")


def _unknown(entity: Entity):
    from .model import Node

    return Node(id=entity.id, label=entity.label, tooltip=entity.label)
