"""Drawing an answer: the question's subject, each row's entities, and the edges the
query header declares (``#+ edge: funder -> body : amount``)."""
from __future__ import annotations

from ..ask import entity_facts, evidence_for
from ..catalogue import get_query
from ..project import Project
from ..results import Answer, Entity, Money, cell_text
from ..store import GraphStore
from . import style
from .diagram import Diagram, Link, Node


def node_for(gs: GraphStore, project: Project, entity: Entity, include_restricted: bool = False) -> Node:
    facts = entity_facts(gs, project, entity.id, include_restricted)
    kind, _ = style.node_kind(facts.get("types", set()))
    label = facts.get("label", entity.label)
    return Node(id=entity.id, label=label, kind=kind, tooltip=label, area=facts.get("area"))


def answer_diagram(gs: GraphStore, project: Project, answer: Answer, include_restricted: bool = False) -> Diagram:
    query = get_query(project.queries_dir, answer.query)
    subject = next((v for v in answer.params.values() if isinstance(v, Entity)), None)
    title = f"{answer.query} {subject.label if subject else ''}".strip()
    sources = sorted({e["source"] for row in answer.rows for e in row.get("evidence", [])}
                     or _sources(gs, project, answer, include_restricted))
    caption = f"{title} | as of {answer.at or 'latest state known'} | sources: {', '.join(sources) or 'none'}"
    diagram = Diagram(title=title, caption=caption, focus=subject.id if subject else None)
    if subject:
        diagram.add_node(node_for(gs, project, subject, include_restricted))
    edge = query.edge
    for row in answer.rows:
        ends = {}
        for name in (edge.source, edge.target) if edge else ():
            value = row.get(name) or answer.params.get(name)
            if name == (query.recurse[1] if query.recurse else None) and isinstance(row.get("via"), Entity):
                value = row["via"]
            ends[name] = value
        for value in ends.values():
            if isinstance(value, Entity):
                diagram.add_node(node_for(gs, project, value, include_restricted))
        source, target = ends.get(edge.source) if edge else None, ends.get(edge.target) if edge else None
        if isinstance(source, Entity) and isinstance(target, Entity):
            label_value = row.get(edge.label) if edge.label else None
            relation = _relation(query.name, label_value)
            label = str(label_value) if isinstance(label_value, Money) else ""
            diagram.add_link(Link(source.id, target.id, relation, label))
        elif not edge:
            for value in row.values():
                if isinstance(value, Entity):
                    diagram.add_node(node_for(gs, project, value, include_restricted))
    return diagram


def _relation(query_name: str, label_value) -> str:
    if isinstance(label_value, Money):
        return "funds"
    if isinstance(label_value, Entity):
        return style.RELATION_OF.get(label_value.id, "other")
    return {"members": "member", "memberships": "member", "duties": "duty", "duty-holders": "duty"}.get(
        query_name, cell_text(label_value) or "other")


def _sources(gs: GraphStore, project: Project, answer: Answer, include_restricted: bool) -> set[str]:
    files = set()
    for nodes in answer.facts:
        for node in nodes:
            files |= {e["source"] for e in evidence_for(gs, project, node, include_restricted)}
    return files
