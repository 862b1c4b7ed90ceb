"""`governance review`: the structure checked against the compliance shapes, with evidence.

1. ``prepare`` copies the visible curated graphs into an in-memory store and runs the
   rules over all of it, so that change events make their dated nodes (re-pointed lines,
   moved funding and duties). It then leaves out the structure that does not hold on the
   review date (``queries/_not-holding.rq``; no date: what has ended) and runs the rules
   again, without those that make nodes, so that accountability and the convenience
   edges describe that day.
2. ``check`` runs each SHACL-SPARQL constraint of ``ontology/shapes/compliance*.ttl`` once
   over the prepared data (the targets bind ``$this``, see ``shacl``) and returns SHACL
   validation results: the same ones pySHACL gives on the same data (tests compare).
3. ``review`` groups the results into findings, one per shape, focus and message, each
   with the evidence of the facts involved: quotes, and for inferred facts the rule and
   premises they came from.

Exit codes follow pySHACL: 0 no violation, 1 violations, 2 error.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError
from ..store.embedded import evidence_for
from ..store.project import Project
from ..values import Entity, iso_date, pounds
from .engine import derivation_quads, explain, load_rules, run_rules
from .timeline import asof_params
from .shacl import ShapesGraph, shape_id, with_focus

SEVERITIES = ("violation", "warning", "info")
MADE_GRAPH = vocab.GRAPH + "review-made"  # nodes the rules make from change events
MESSAGE_VARIABLE = re.compile(r"\{[$?](\w+)\}")


@dataclass
class Dataset:
    """The review's in-memory copy of the data; ``select`` works as GraphStore.select."""

    store: ox.Store
    graphs: list

    def select(self, sparql: str, params: dict | None = None, *, include_restricted: bool = False) -> list[dict]:
        substitutions = {ox.Variable(k): v for k, v in (params or {}).items() if v is not None}
        solutions = self.store.query(sparql, default_graph=self.graphs, substitutions=substitutions or None,
                                     prefixes=vocab.PREFIXES)
        names = [v.value for v in solutions.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


@dataclass
class Constraint:
    """One sh:sparql constraint of a compliance shape, ready to run."""

    shape: str
    label: str
    description: str
    severity: str
    message: str
    select: str
    prefixes: dict
    cites: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Result:
    """A SHACL validation result: source shape, focus node, value node, the solution."""

    shape: str
    focus: ox.NamedNode
    value: object
    bindings: tuple  # ((variable, term), ...)


@dataclass
class Finding:
    severity: str
    focus: Entity
    message: str
    shape: Entity
    cites: list[str]
    description: str
    evidence: list[dict] = field(default_factory=list)
    derivation: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"severity": self.severity, "focus": self.focus.to_json(), "message": self.message,
                "shape": self.shape.to_json(), "cites": self.cites, "guidance": self.description,
                "evidence": self.evidence, "derivation": self.derivation}


@dataclass
class Review:
    at: str | None
    findings: list[Finding]

    def counts(self) -> dict[str, int]:
        return {s: sum(f.severity == s for f in self.findings) for s in SEVERITIES}

    @property
    def exit_code(self) -> int:
        return 1 if self.counts()["violation"] else 0

    def to_json(self) -> dict:
        return {"at": self.at, "counts": self.counts(), "findings": [f.to_json() for f in self.findings]}


def load_constraints(project: Project, paths=None) -> list[Constraint]:
    """The SPARQL constraints of the compliance shapes (not core.ttl, which `check` uses)."""
    paths = sorted(project.shapes_dir.glob("compliance*.ttl")) if paths is None else paths
    graph = ShapesGraph.from_files(project, paths)
    constraints = []
    for shape in sorted(set(graph.subjects(vocab.SH + "sparql")), key=str):
        if graph.is_deactivated(shape):
            continue
        severity = graph.value(shape, vocab.SH + "severity", ox.NamedNode(vocab.SH + "Violation"))
        cites = sorted(n.value for p in ("http://purl.org/dc/terms/source", vocab.RDFS + "seeAlso")
                       for n in graph.objects(shape, p) if isinstance(n, ox.NamedNode))
        for node in graph.objects(shape, vocab.SH + "sparql"):
            if graph.is_deactivated(node):
                continue
            text = graph.text(node, vocab.SH + "select")
            try:
                select = with_focus(text, graph.targets(shape))
            except QueryError as exc:
                raise QueryError(f"shape {vocab.shorten(shape_id(shape))}: {exc}") from None
            constraints.append(Constraint(
                shape=shape_id(shape),
                label=graph.text(shape, vocab.RDFS + "label"),
                description=graph.text(shape, "http://purl.org/dc/terms/description"),
                severity=severity.value.rsplit("#", 1)[-1].lower(),
                message=graph.text(node, vocab.SH + "message") or graph.text(shape, vocab.SH + "message"),
                select=select,
                prefixes=graph.prefixes(node),
                cites=cites,
            ))
    return constraints


def prepare(gs, project: Project, at: str | None = None, include_restricted: bool = False,
            rules=None) -> Dataset:
    """The data as the review sees it: curated facts holding on ``at``, plus inferences."""
    hidden_inferred = {vocab.INFERRED_GRAPH, vocab.INFERRED_RESTRICTED_GRAPH}
    curated = [g for g in gs.graphs(include_restricted) if g.value not in hidden_inferred]
    store = ox.Store()
    source = gs.store_for(include_restricted)
    store.bulk_extend(q for g in curated for q in source.quads_for_pattern(None, None, None, g))
    made = ox.NamedNode(MADE_GRAPH)
    # keep the nodes change events make; the edges are derived again for the day
    if rules is None:  # the build ran these rules: its inferred graphs hold the nodes made
        rules = load_rules(project)
        store.bulk_extend(_built_nodes(gs, project, include_restricted, made))
    else:
        first = run_rules(store, rules, curated, made)
        minted = first.minted()
        store.clear_graph(made)
        store.extend(ox.Quad(t.subject, t.predicate, t.object, made) for t in first.reasons if t.subject in minted)
        store.extend(derivation_quads(first, made, keep=minted))
    dataset = Dataset(store, curated + [made])
    _leave_out_what_does_not_hold(dataset, project, asof_params(gs, at))
    inferred = ox.NamedNode(vocab.INFERRED_GRAPH)
    second = run_rules(store, [r for r in rules if not r.mints], dataset.graphs, inferred)
    store.extend(derivation_quads(second, inferred))
    dataset.graphs.append(inferred)
    return dataset


def _built_nodes(gs, project: Project, include_restricted: bool, graph: ox.NamedNode):
    """The nodes the rules made, with their derivations, from the build's inferred graphs
    (queries/_minted.rq): the same quads as running the rules on the curated graphs
    again, without the time (half the review's at 300k triples)."""
    text = project.internal_query("minted")
    visible = gs.graphs(include_restricted)
    for inferred in (ox.NamedNode(vocab.INFERRED_GRAPH), ox.NamedNode(vocab.INFERRED_RESTRICTED_GRAPH)):
        if inferred in visible:
            for row in gs.select(text, {"graph": inferred}, include_restricted=include_restricted):
                yield ox.Quad(row["s"], row["p"], row["o"], graph)


def _leave_out_what_does_not_hold(dataset: Dataset, project: Project, params: dict) -> None:
    """Drop what is not known on the review day (``params``: ``asof_params``), as every
    answer does."""
    rows = dataset.select(project.internal_query("not-holding"), {"asof": params["asof"]} if "asof" in params else {})
    rdf_type = ox.NamedNode(vocab.RDF + "type")
    doomed = []
    for row in rows:
        whole = row["relation"].value == "true"
        doomed += dataset.store.quads_for_pattern(row["node"], None if whole else rdf_type, None, None)
    for quad in doomed:
        dataset.store.remove(quad)


def check(dataset: Dataset, constraints: list[Constraint]) -> list[Result]:
    """Every SHACL result of the constraints on the prepared data."""
    results = []
    for constraint in constraints:
        try:
            solutions = dataset.store.query(constraint.select, default_graph=dataset.graphs,
                                            prefixes=constraint.prefixes)
        except (SyntaxError, ValueError, RuntimeError) as exc:
            raise QueryError(f"shape {vocab.shorten(constraint.shape)}: {exc}") from None
        names = [v.value for v in solutions.variables]
        for solution in solutions:
            focus = solution["this"]
            if focus is None:
                continue
            value = solution["value"] if "value" in names and solution["value"] is not None else focus
            bindings = tuple((n, solution[n]) for n in names if solution[n] is not None)
            results.append(Result(constraint.shape, focus, value, bindings))
    return results


def review(gs, project: Project, at: str | None = None, include_restricted: bool = False) -> Review:
    """Review the structure as it stood on ``at`` (default: the latest state known)."""
    at = iso_date(at) if at is not None else None
    constraints = load_constraints(project)
    dataset = prepare(gs, project, at, include_restricted)
    labels = {r["thing"].value: r["label"].value
              for r in dataset.select(project.internal_query("labels"))}
    by_shape = {c.shape: c for c in constraints}
    grouped: dict[tuple, list[Result]] = {}
    for result in check(dataset, constraints):
        # results that differ only in ?value make one finding that lists the values,
        # when ?value is all the message says
        template = by_shape[result.shape].message
        merge = set(MESSAGE_VARIABLE.findall(template)) == {"value"}
        others = {k: v for k, v in result.bindings if k != "value" or not merge}
        message = render_message(template, others, labels)
        grouped.setdefault((result.shape, result.focus.value, message), []).append(result)
    findings = []
    for (shape, focus, message), results in grouped.items():
        constraint = by_shape[shape]
        values = sorted({display(r.value, labels) for r in results if "value" in dict(r.bindings)})
        message = MESSAGE_VARIABLE.sub(lambda m: and_list(values) if m.group(1) == "value" else m.group(0), message)
        finding = Finding(
            severity=constraint.severity,
            focus=Entity(focus, labels.get(focus, vocab.shorten(focus))),
            message=message,
            shape=Entity(shape, constraint.label),
            cites=constraint.cites,
            description=constraint.description,
        )
        _add_evidence(finding, dataset, project, _facts(results), labels)
        findings.append(finding)
    findings.sort(key=lambda f: (SEVERITIES.index(f.severity), f.focus.label.casefold(), f.shape.id, f.message))
    return Review(at, findings)


def _facts(results: list[Result]) -> list[str]:
    """The nodes a finding is about: its focus, an IRI value, and every ?fact."""
    facts = [results[0].focus.value]
    for result in results:
        for name, term in result.bindings:
            if name in ("value", "fact") and isinstance(term, ox.NamedNode) and term.value not in facts:
                facts.append(term.value)
    return facts


def _add_evidence(finding: Finding, dataset: Dataset, project: Project, facts: list[str], labels: dict) -> None:
    seen = set()

    def quote(fact: str) -> bool:
        items = evidence_for(dataset, project, fact)
        for item in items:
            key = (item["source"], item["quote"])
            if key not in seen:
                seen.add(key)
                finding.evidence.append({"fact": _entity(fact, labels).to_json(), **item})
        return bool(items)

    for fact in facts:
        if quote(fact):
            continue
        steps, premises = explain(dataset, project, fact)  # an inferred node: why it holds
        for step in steps:
            finding.derivation.append({"fact": _entity(fact, labels).to_json(), **step})
        for premise in premises:
            quote(premise)


def _entity(iri: str, labels: dict) -> Entity:
    return Entity(iri, labels.get(iri, vocab.shorten(iri)))


def display(term, labels: dict) -> str:
    """A term as a reader knows it: a label, a £ amount, a date or the text.

    >>> display(ox.Literal("826000", datatype=ox.NamedNode(vocab.XSD + "decimal")), {})
    '£826,000'
    >>> display(ox.NamedNode("https://w3id.org/govgraph/id/llr/spb"), {})
    'llr:spb'
    """
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value, vocab.shorten(term.value))
    if isinstance(term, ox.Literal) and term.datatype.value == vocab.XSD + "decimal":
        return pounds(Decimal(term.value))
    return getattr(term, "value", str(term))


def and_list(items: list[str]) -> str:
    """
    >>> and_list(["fire", "probation", "the police"])
    'fire, probation and the police'
    """
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1] if items else ""


def render_message(template: str, bindings: dict, labels: dict) -> str:
    """Fill ``{?var}`` / ``{$var}`` in a SHACL message from one solution.

    >>> render_message("total {?value}", {"value": ox.Literal("5")}, {})
    'total 5'
    """
    return MESSAGE_VARIABLE.sub(lambda m: display(bindings[m.group(1)], labels) if m.group(1) in bindings
                                else m.group(0), template)
