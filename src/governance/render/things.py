"""What a diagram needs to know about every thing: label, acronyms, kind, area, dates,
and the area tree (``gov:withinArea``) that the area clusters follow.

Loaded once per diagram with two queries (``_diagram-things`` and ``_evidence``), so
drawing a hundred nodes does not ask a hundred questions.

>>> things = Things.from_rows([
...     {"thing": "llr:area-llr", "label": "LLR", "type": "gov:Area"},
...     {"thing": "llr:area-leics", "label": "Leicestershire", "within": "llr:area-llr", "code": "E10000018"},
...     {"thing": "llr:area-blaby", "label": "Blaby", "within": "llr:area-leics"},
...     {"thing": "llr:area-rutland", "label": "Rutland", "within": "llr:area-llr"},
...     {"thing": "llr:yos", "label": "YOS", "area": "llr:area-rutland"},
...     {"thing": "llr:yos", "label": "YOS", "area": "llr:area-blaby"}])
>>> things.area("llr:yos")   # the smallest area holding all of a thing's areas
'llr:area-llr'
>>> things.areas["llr:area-leics"].code
'E10000018'
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .. import vocab
from ..query.facts import evidence_for
from ..store.embedded import GraphStore
from ..store.project import Project
from . import style
from .model import Area, Node

ORGANISATION_KINDS = {"community-safety-partnership", "safeguarding-board", "statutory-committee", "board",
                      "partnership", "office",
                      "authority", "service", "programme", "voluntary", "company", "category"}


@dataclass
class Thing:
    label: str
    types: set
    areas: set
    alt: set
    start: str | None = None
    end: str | None = None
    legislation: str | None = None
    known_from: str | None = None   # when it is known (the build's timeline): what a day shows
    known_until: str | None = None


class Things:
    """Every labelled thing in the visible graphs, with the area tree and evidence index."""

    def __init__(self) -> None:
        self.things: dict[str, Thing] = {}
        self.areas: dict[str, Area] = {}
        self.evidence: dict[str, set[str]] = {}  # fact -> source file names, as looked up
        self._evidence_of = None

    @classmethod
    def load(cls, gs: GraphStore, project: Project, include_restricted: bool = False) -> Things:
        rows = gs.select(project.internal_query("diagram-things"), include_restricted=include_restricted)
        things = cls.from_rows({k: v.value for k, v in row.items()} for row in rows)
        # evidence only for the facts drawn (a bound lookup each is far quicker than
        # reading every fact's evidence over the union of the graphs)
        things._evidence_of = lambda fact: evidence_for(gs, project, fact, include_restricted)
        return things

    @classmethod
    def from_rows(cls, rows) -> Things:
        """Build from plain rows (``thing`` and one or more of ``label``, ``type``,
        ``area``, ``alt``, ``from``, ``until``, ``legislation``, ``within``, ``code``);
        a thing with no label is left out."""
        self = cls()
        within: dict[str, str] = {}
        codes: dict[str, str] = {}
        facts: dict[str, list[dict]] = {}
        for row in rows:
            facts.setdefault(row["thing"], []).append(row)
        for iri in sorted(facts):
            labels = sorted(r["label"] for r in facts[iri] if "label" in r)
            if not labels:
                continue
            # two preferred labels: pick one, the same every time
            thing = self.things[iri] = Thing(label=labels[0], types=set(), areas=set(), alt=set())
            for row in facts[iri]:
                self._add(iri, thing, row, within, codes)
        for iri, thing in self.things.items():
            if vocab.GOV + "Area" in thing.types or iri in within or iri in codes:
                self.areas[iri] = Area(iri, thing.label, within.get(iri), codes.get(iri))
        return self

    @staticmethod
    def _add(iri: str, thing: Thing, row: dict, within: dict, codes: dict) -> None:
        for key, target in (("type", thing.types), ("area", thing.areas), ("alt", thing.alt)):
            if key in row:
                target.add(row[key])
        if "from" in row:
            thing.start = min(filter(None, (thing.start, row["from"])))
        if "until" in row:
            thing.end = max(filter(None, (thing.end, row["until"])))
        if "known_from" in row:
            thing.known_from = row["known_from"]
        if "known_until" in row:
            thing.known_until = row["known_until"]
        if "legislation" in row:
            thing.legislation = row["legislation"]
        if "within" in row:
            within[iri] = min(row["within"], within.get(iri, row["within"]))
        if "code" in row:
            codes[iri] = row["code"]

    # ---- things ----

    def __contains__(self, iri: str) -> bool:
        return iri in self.things

    def label(self, iri: str) -> str:
        thing = self.things.get(iri)
        return thing.label if thing else iri.rsplit("/", 1)[-1]

    def kind(self, iri: str) -> str:
        thing = self.things.get(iri)
        return style.node_kind(thing.types if thing else set())[0]

    def is_organisation(self, iri: str) -> bool:
        return self.kind(iri) in ORGANISATION_KINDS

    def alive(self, iri: str, at: str | None) -> bool:
        """Whether a thing is known on ``at`` (with no date: has not ended), as the build's
        timeline dates it (its explicit dates where there is none)."""
        thing = self.things.get(iri)
        if thing is None:
            return True
        start, end = thing.known_from or thing.start, thing.known_until or thing.end
        if at is None:
            return end is None
        return (start is None or start <= at) and (end is None or end >= at)

    def tooltip(self, iri: str) -> str:
        """Full name with acronyms and variants, kind, area, dates: shown on hover."""
        thing = self.things.get(iri)
        if thing is None:
            return iri
        first = thing.label + (f" ({', '.join(sorted(thing.alt))})" if thing.alt else "")
        parts = [first, style.KIND_LEGEND.get(self.kind(iri), "other")]
        area = self.area(iri)
        if area:
            parts.append(self.area_title(area))
        if thing.start or thing.end:
            parts.append(f"{thing.start or '…'} to {thing.end or 'now'}")
        if thing.legislation:
            parts.append(thing.legislation)
        return "\n".join(parts)

    def node(self, iri: str) -> Node:
        return Node(id=iri, label=self.label(iri), kind=self.kind(iri), tooltip=self.tooltip(iri),
                    area=self.area(iri))

    def sources(self, facts) -> list[str]:
        """The source files cited by these facts (things and qualified relations)."""
        for fact in sorted(set(facts) - set(self.evidence)):
            found = self._evidence_of(fact) if self._evidence_of else []
            self.evidence[fact] = {e["source"] for e in found}
        return sorted({f for fact in facts for f in self.evidence.get(fact, ())})

    # ---- areas ----

    def chain(self, area: str) -> list[str]:
        """An area and the areas it lies within, innermost first."""
        out: list[str] = []
        while area and area not in out:
            out.append(area)
            parent = self.areas.get(area)
            area = parent.parent if parent else None
        return out

    def area(self, iri: str) -> str | None:
        """A thing's area: the smallest area holding every ``gov:area`` it has."""
        thing = self.things.get(iri)
        if thing is None or not thing.areas:
            return None
        chains = [self.chain(a) for a in sorted(thing.areas)]
        common = set(chains[0]).intersection(*chains[1:])
        return next((a for a in chains[0] if a in common), None)

    def within(self, area: str | None, outer: str) -> bool:
        return area is not None and outer in self.chain(area)

    def area_title(self, area: str) -> str:
        record = self.areas.get(area)
        if record is None:
            return self.label(area)
        return f"{record.label} ({record.code})" if record.code else record.label

    def home_area(self) -> str | None:
        """The area most of the organisations lie in: the innermost area holding more than
        half of those with an area (LLR for the LLR graph). Diagrams draw the areas inside
        it as clusters and its own bodies at the top level."""
        placed = [self.area(i) for i in sorted(self.things) if self.is_organisation(i)]
        placed = [a for a in placed if a]
        counts: Counter = Counter()
        for area in placed:
            counts.update(self.chain(area))
        # areas holding a majority form one chain (two areas of a tree that each hold
        # more than half must nest), so the deepest of them is unique
        best = [a for a, n in counts.items() if n * 2 > len(placed)]
        return max(best, key=lambda a: len(self.chain(a))) if best else None
