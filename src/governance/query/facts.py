"""What the graph says of one thing: its label, kinds, dates and area, and the evidence
(or, for an inferred fact, the derivation) behind a fact. Used by ask, show and render."""
from __future__ import annotations

import pyoxigraph as ox

from ..store.embedded import GraphStore, evidence_for
from ..store.project import Project

__all__ = ["entity_facts", "evidence_for", "row_evidence"]


def entity_facts(gs: GraphStore, project: Project, iri: str, include_restricted: bool = False) -> dict:
    """A thing's label, types, dates and area, for notes and drawing."""
    rows = gs.select(project.internal_query("entity"), {"thing": ox.NamedNode(iri)},
                     include_restricted=include_restricted)
    facts: dict = {"types": set()}
    for row in rows:
        facts["label"] = row["label"].value
        for key in ("from", "until", "valid_from", "valid_until", "created", "area", "definition"):
            if key in row:
                facts[key] = row[key].value
        if "type" in row:
            facts["types"].add(row["type"].value)
    return facts


def row_evidence(gs: GraphStore, project: Project, iri: str,
                 include_restricted: bool = False) -> tuple[list[dict], list[dict]]:
    """The quotes behind the fact of an answer row, and its derivation if inferred."""
    # imported here: the rules engine is a heavy import that a plain answer never needs
    from ..rules.engine import evidence_or_derivation

    return evidence_or_derivation(gs, project, iri, include_restricted)
