"""The structure as plain tables (bodies, lines, memberships, funding, duties, events,
posts) read in bulk from the store: what every export, the import round trip and the diffs share.

Each table is read with one helper query (``queries/_export-*.rq``); parameters are
bound. Without a day every fact is read, whatever its dates (an export of the whole
record); with ``at`` the shared as-of pattern (``# @asof``, see ``query/asof.py``)
keeps what is known on that day, as every named question does.

Cells are plain values: ids as IRIs, dates as ISO text, amounts as ``Decimal``.

>>> local_name("https://w3id.org/govgraph/ontology#SubgroupOf")
'SubgroupOf'
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .. import vocab
from ..query.asof import asof_params
from ..render.things import Things
from ..store.embedded import GraphStore
from ..store.project import Project

RELATIONS = ("bodies", "lines", "memberships", "funding", "duties", "events", "posts")
ORGANISATION = vocab.ORG + "Organization"


def local_name(iri: str | None) -> str | None:
    """The last part of a vocabulary IRI (after ``#`` or the last ``/``)."""
    if iri is None:
        return None
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _value(term):
    if term is None:
        return None
    datatype = getattr(term, "datatype", None)
    if datatype is not None and datatype.value in (vocab.XSD + "decimal", vocab.XSD + "integer"):
        return Decimal(term.value)
    return term.value


@dataclass
class Tables:
    """The structure as rows; ``evidence`` maps a fact's IRI to its (source, quote) pairs."""

    at: str | None
    things: Things
    organisations: set = field(default_factory=set)
    bodies: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    memberships: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    duties: list = field(default_factory=list)
    events: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    evidence: dict = field(default_factory=dict)
    sources: dict = field(default_factory=dict)  # source file name -> source IRI
    terms: dict = field(default_factory=dict)  # vocabulary term (role, kind) -> its label

    def term(self, iri: str | None) -> str | None:
        """A role's or kind's label as the ontology gives it (``gov:Chair`` -> ``chair``)."""
        return None if iri is None else self.terms.get(iri, local_name(iri))

    def first_evidence(self, iri: str) -> tuple[str | None, str | None]:
        found = sorted(self.evidence.get(iri, ()))
        return found[0] if found else (None, None)

    def label(self, iri: str | None) -> str | None:
        return None if iri is None else self.things.label(iri)


def _rows(gs: GraphStore, project: Project, name: str, at: str | None, include_restricted: bool) -> list[dict]:
    if at:  # the library's as-of semantics: the shared pattern, bound to the day
        text, params = project.internal_query(name), asof_params(gs, at)
    else:   # the whole record: the pattern line stays a comment
        text, params = (project.queries_dir / f"_{name}.rq").read_text(encoding="utf-8"), {}
    return [{k: _value(v) for k, v in row.items()}
            for row in gs.select(text, params, include_restricted=include_restricted)]


def _grouped(rows: list[dict], key: str, many: tuple[str, ...]) -> list[dict]:
    """One row per ``key``; the columns in ``many`` become sorted lists."""
    out: dict[str, dict] = {}
    for row in rows:
        merged = out.setdefault(row[key], {k: v for k, v in row.items() if k not in many} | {m: set() for m in many})
        for m in many:
            if row.get(m) is not None:
                merged[m].add(row[m])
        for k, v in row.items():
            if k not in many and merged.get(k) is None:
                merged[k] = v
    return [{**r, **{m: sorted(r[m]) for m in many}} for _, r in sorted(out.items())]


def read_tables(gs: GraphStore, project: Project, at: str | None = None, include_restricted: bool = False) -> Tables:
    """Every table of the structure (as of ``at`` when given); restricted facts only
    with ``include_restricted``."""
    things = Things.load(gs, project, include_restricted)
    tables = Tables(at=at, things=things)
    organisation_types = {r["type"].value for r in gs.select(
        "SELECT DISTINCT ?type WHERE { ?type rdfs:subClassOf* org:Organization }")}
    for row in gs.select(project.internal_query("evidence"), include_restricted=include_restricted):
        tables.evidence.setdefault(row["fact"].value, set()).add((row["file"].value, row["quote"].value))
    for row in gs.select("SELECT ?source ?file WHERE { ?source a gov:Source ; gov:fileName ?file }",
                         include_restricted=include_restricted):
        tables.sources[row["file"].value] = row["source"].value
    for row in gs.select("SELECT ?term ?label WHERE { VALUES ?class { org:Role gov:ReportingKind gov:EventKind } "
                         "?term a ?class ; skos:prefLabel ?label }"):
        tables.terms[row["term"].value] = row["label"].value
    for iri, thing in sorted(things.things.items()):
        if not (thing.types & organisation_types) or not iri.startswith(vocab.ID):
            continue
        if at and not things.alive(iri, at):
            continue
        tables.organisations.add(iri)
        tables.bodies.append({
            "id": iri, "label": thing.label, "kind": things.kind(iri),
            "types": sorted(t for t in thing.types if t.startswith(vocab.GOV) or t.startswith(vocab.ORG)),
            "alt_labels": sorted(thing.alt), "areas": sorted(thing.areas),
            "valid_from": thing.start, "valid_until": thing.end,
            "known_from": thing.known_from, "known_until": thing.known_until})
    tables.lines = _grouped(_rows(gs, project, "export-lines", at, include_restricted), "line", ())
    tables.memberships = _grouped(_rows(gs, project, "export-memberships", at, include_restricted),
                                  "membership", ("role",))
    tables.funding = _grouped(_rows(gs, project, "export-funding", at, include_restricted), "flow",
                              ("funder", "part_of", "restates"))
    tables.duties = _grouped(_rows(gs, project, "export-duties", at, include_restricted), "assignment",
                             ("legislation",))
    tables.events = _grouped(_rows(gs, project, "export-events", None, include_restricted), "event",
                             ("original", "resulting"))
    if at:  # an event is part of the record of a day once it has happened
        tables.events = [e for e in tables.events if not e.get("date") or e["date"] <= at]
    tables.posts = _grouped(_rows(gs, project, "export-posts", None, include_restricted), "post", ("holder",))
    return tables
