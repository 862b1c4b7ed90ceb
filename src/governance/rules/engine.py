"""The rules engine: SHACL-AF SPARQL rules (``ontology/rules/*.ttl``) run to a fixpoint.

Each ``sh:SPARQLRule`` is a CONSTRUCT attached to a node shape; its focus nodes are the
shape's targets (see ``shacl``). The engine runs every rule as a ``SELECT *`` over the
same WHERE group, builds the template's triples per solution, and adds the new ones to
a separate inferred graph, pass after pass, until a pass adds nothing. Because it sees
the solutions, it also keeps a derivation per inferred triple: the rule and the
premises (the nodes bound to the rule's ``gov:premiseVariable`` names, ``$this`` by
default), written as ``gov:Derivation`` records next to the inferred triples.

Rules must mint IRIs for new nodes (``BIND(IRI(...))``), never blank nodes, and must be
monotonic in what rules derive (``NOT EXISTS`` only on curated facts), so that the
fixpoint is the same whatever the order; sh:order on shapes and rules only makes it
arrive sooner. pySHACL's own SHACL-AF run gives the same triples (tests/test_rules.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError
from ..store.embedded import evidence_for
from ..store.project import Project
from .shacl import (
    ShapesGraph,
    instantiate,
    mentions_this,
    query_reads,
    shape_id,
    split_query,
    template_patterns,
    with_focus,
)

MAX_PASSES = 50
RDF_TYPE = ox.NamedNode(vocab.RDF + "type")
SH = vocab.SH
GOV = vocab.GOV


@dataclass
class Rule:
    """One SPARQL rule, ready to run."""

    id: str
    label: str
    comment: str
    shape: str
    order: tuple[float, float]
    select: str          # SELECT * over the rule's WHERE group, focus pattern included
    patterns: list       # the CONSTRUCT template as triple patterns
    premises: tuple[str, ...]
    prefixes: dict
    focus_check: str | None = None   # ASK for a focus node, for rules that never name $this
    reads: tuple = (None, None)      # (predicates, classes) its patterns read; None: any

    def reads_any(self, keys) -> bool:
        """Whether new triples of these keys (a predicate's IRI, or ``("a", classes)`` for
        a type triple with its class and superclasses) can give this rule new solutions."""
        preds, types = self.reads
        for key in keys:
            if isinstance(key, tuple):
                if types is None or not types.isdisjoint(key[1]):
                    return True
            elif preds is None or key in preds:
                return True
        return False

    @property
    def mints(self) -> bool:
        """Whether the rule makes new nodes (its template types a node other than the focus
        node: typing ``$this`` itself, as org:Organization, makes nothing new)."""
        return any(p[1] == RDF_TYPE and p[0] != ox.Variable("this") for p in self.patterns)


@dataclass
class Inference:
    """What a run added: each new triple with its reasons (rule id, premise ids)."""

    reasons: dict = field(default_factory=dict)
    passes: int = 0

    @property
    def triples(self) -> list[ox.Triple]:
        return list(self.reasons)

    def minted(self) -> set:
        """Nodes the rules created (inferred rdf:type triples of IRIs the rules mint)."""
        return {t.subject for t in self.reasons
                if t.predicate == RDF_TYPE and t.subject.value.startswith(vocab.INFERRED)}


def load_rules(project: Project, paths=None) -> list[Rule]:
    """Every active SPARQL rule in ``ontology/rules/*.ttl``, in shape then rule order."""
    paths = sorted(project.rules_dir.glob("*.ttl")) if paths is None else paths
    if not paths:
        return []
    graph = ShapesGraph.from_files(project, paths)
    rules = []
    for shape in {q.subject for q in graph.store.quads_for_pattern(None, ox.NamedNode(SH + "rule"), None, None)}:
        if graph.is_deactivated(shape):
            continue
        targets = graph.targets(shape)
        for node in graph.objects(shape, SH + "rule"):
            if graph.is_deactivated(node):
                continue
            rule_id = shape_id(node)
            if ox.NamedNode(SH + "SPARQLRule") not in graph.objects(node, vocab.RDF + "type"):
                raise QueryError(f"rule {vocab.shorten(rule_id)}: only sh:SPARQLRule is supported")
            if graph.objects(node, SH + "condition"):
                raise QueryError(f"rule {vocab.shorten(rule_id)}: sh:condition is not supported")
            prefixes = graph.prefixes(node)
            for construct in graph.objects(node, SH + "construct"):
                rules.append(_compile(rule_id, graph, shape, node, construct.value, targets, prefixes))
    rules.sort(key=lambda r: (r.order, r.id))
    return rules


def _compile(rule_id, graph, shape, node, text, targets, prefixes) -> Rule:
    try:
        parts = split_query(text)
        if parts.template is None:
            raise QueryError("sh:construct must be a CONSTRUCT query")
        patterns = template_patterns(parts.template, prefixes)
    except QueryError as exc:
        raise QueryError(f"rule {vocab.shorten(rule_id)}: {exc}") from None
    uses_this = mentions_this(parts.where)
    premises = tuple(sorted(p.value for p in graph.objects(node, GOV + "premiseVariable"))) or ("this",)
    focus_check = None
    if not uses_this:  # pySHACL still runs it only when the shape has a focus node
        focus_check = with_focus("ASK { $this ?p ?o }", targets) if targets else "ASK { FILTER(false) }"
    select = with_focus(text, targets, select_all=True)
    preds, types = query_reads(select, prefixes)
    if focus_check is not None:
        more_preds, more_types = query_reads(focus_check, prefixes)
        preds = None if preds is None or more_preds is None else preds | more_preds
        types = None if types is None or more_types is None else types | more_types
    return Rule(
        id=rule_id,
        label=graph.text(node, vocab.RDFS + "label"),
        comment=graph.text(node, vocab.RDFS + "comment"),
        shape=shape_id(shape),
        order=(graph.number(shape, SH + "order"), graph.number(node, SH + "order")),
        select=select,
        patterns=patterns,
        premises=premises,
        prefixes=prefixes,
        focus_check=focus_check,
        reads=(preds, types),
    )


SUPERCLASSES = f"SELECT ?class ?c WHERE {{ ?class <{vocab.RDFS}subClassOf>* ?c }}"


def run_rules(store: ox.Store, rules: list[Rule], sources: list, target: ox.NamedNode,
              changed_graphs: list | None = None) -> Inference:
    """Run the rules over ``sources`` (plus what they add) until nothing new appears.

    New triples go into the ``target`` graph as soon as a rule has run, so later rules
    in the same pass see them. Triples already in a source graph are not added again.

    Semi-naive: every rule runs in the first pass; after that a rule runs again only if
    a predicate or class its patterns read (``Rule.reads``) got new triples since it last
    ran. The rules are monotonic, so a rule none of whose inputs changed can only find
    the solutions it found before. With ``changed_graphs``, the sources are a fixpoint
    already except for those graphs' triples: the first pass runs only the rules that
    read what those graphs hold (the restricted run, after the public one).
    """
    visible = list(sources) + [target]
    source_names = set(sources)
    inference = Inference()
    asserted: dict = {}
    supers: dict = {}

    def is_asserted(triple) -> bool:
        if triple not in asserted:
            asserted[triple] = any(q.graph_name in source_names for q in
                                   store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None))
        return asserted[triple]

    def key(triple):
        if triple.predicate != RDF_TYPE:
            return triple.predicate.value
        if triple.object not in supers:  # a type triple reaches the patterns of its superclasses
            found = {triple.object.value}
            if isinstance(triple.object, ox.NamedNode):  # the class bound, not written into the text
                rows = store.query(SUPERCLASSES, default_graph=visible,
                                   substitutions={ox.Variable("class"): triple.object})
                found |= {r["c"].value for r in rows if isinstance(r["c"], ox.NamedNode)}
            supers[triple.object] = ("a", frozenset(found))
        return supers[triple.object]

    # the keys of what each rule has not yet seen; None: everything (it has not run)
    pending: list = [None] * len(rules)
    if changed_graphs is not None:
        seed = {key(q.triple) for g in changed_graphs for q in store.quads_for_pattern(None, None, None, g)}
        pending = [set(seed) for _ in rules]
    changed = True
    while changed:
        changed = False
        inference.passes += 1
        if inference.passes > MAX_PASSES:
            raise QueryError(f"the rules did not reach a fixpoint in {MAX_PASSES} passes")
        for index, rule in enumerate(rules):
            if pending[index] is not None and not rule.reads_any(pending[index]):
                continue
            pending[index] = set()
            if rule.focus_check and not _run(store, rule, rule.focus_check, visible):
                continue
            new = []
            for solution in _run(store, rule, rule.select, visible):
                premises = tuple(solution[v].value for v in rule.premises if solution[v] is not None)
                for triple in instantiate(rule.patterns, solution):
                    reasons = inference.reasons.get(triple)
                    if reasons is not None:
                        reasons.add((rule.id, premises))
                    elif not is_asserted(triple):
                        inference.reasons[triple] = {(rule.id, premises)}
                        new.append(triple)
            if new:
                store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, target) for t in new)
                keys = {key(t) for t in new}
                for waiting in pending:
                    if waiting is not None:
                        waiting |= keys
                changed = True
    return inference


def _run(store, rule: Rule, text: str, graphs):
    try:
        return store.query(text, default_graph=graphs, prefixes=rule.prefixes)
    except (SyntaxError, ValueError, RuntimeError) as exc:
        raise QueryError(f"rule {vocab.shorten(rule.id)}: {exc}") from None


def derivation_quads(inference: Inference, graph: ox.NamedNode, keep=None):
    """``gov:Derivation`` records for the inferred triples (those whose subject is in
    ``keep``, when given)."""
    g = {name: ox.NamedNode(GOV + name) for name in
         ("Derivation", "rule", "inferredSubject", "inferredPredicate", "inferredObject", "premise")}
    for triple, reasons in inference.reasons.items():
        if keep is not None and triple.subject not in keep:
            continue
        for rule_id, premises in sorted(reasons):
            node = ox.BlankNode()
            yield ox.Quad(node, RDF_TYPE, g["Derivation"], graph)
            yield ox.Quad(node, g["rule"], ox.NamedNode(rule_id), graph)
            yield ox.Quad(node, g["inferredSubject"], triple.subject, graph)
            yield ox.Quad(node, g["inferredPredicate"], triple.predicate, graph)
            yield ox.Quad(node, g["inferredObject"], triple.object, graph)
            for premise in premises:
                yield ox.Quad(node, g["premise"], ox.NamedNode(premise), graph)


def infer_into(store: ox.Store, project: Project, graphs: list[str]) -> int:
    """The build step: infer from the public graphs into the inferred graph, and what
    restricted facts add into a graph seen only with --include-restricted.

    Returns the number of inferred triples in the public inferred graph.
    """
    rules = load_rules(project)
    if not rules:
        return 0
    public = [ox.NamedNode(g) for g in graphs]
    inferred, restricted = ox.NamedNode(vocab.INFERRED_GRAPH), ox.NamedNode(vocab.RESTRICTED_GRAPH)
    inference = run_rules(store, rules, public, inferred)
    store.bulk_extend(derivation_quads(inference, inferred))
    if next(store.quads_for_pattern(None, None, None, restricted), None) is not None:
        hidden = ox.NamedNode(vocab.INFERRED_RESTRICTED_GRAPH)
        more = run_rules(store, rules, public + [restricted, inferred], hidden, changed_graphs=[restricted])
        store.bulk_extend(derivation_quads(more, hidden))
    return len(inference.reasons)


def explain(gs, project: Project, iri: str, include_restricted: bool = False) -> tuple[list[dict], list[str]]:
    """How an inferred node was derived: the steps (rule and premises, as prefixed
    names) back to curated facts, and every premise's id (for its evidence).

    A node with no derivation gives ``([], [])``.
    """

    text = project.internal_query("derivation")
    steps, premises_seen, todo, seen = [], [], [iri], set()
    while todo:
        node = todo.pop(0)
        if node in seen:
            continue
        seen.add(node)
        found: dict = {}
        for row in gs.select(text, {"node": ox.NamedNode(node)}, include_restricted=include_restricted):
            premises = found.setdefault((row["rule"].value, row["derivation"].value), set())
            if "premise" in row:
                premises.add(row["premise"].value)
        if node != iri:
            premises_seen.append(node)
        for rule, premises in sorted({(r, tuple(sorted(p))) for (r, _), p in found.items()}):
            steps.append({"rule": vocab.shorten(rule), "premises": [vocab.shorten(p) for p in premises]})
            todo.extend(premises)
    return steps, premises_seen


def evidence_or_derivation(gs, project: Project, iri: str,
                           include_restricted: bool = False) -> tuple[list[dict], list[dict]]:
    """Why a fact holds: its own quotes; or, for an inferred fact, its derivation steps
    and the quotes of the curated premises it rests on (each quote once)."""
    quotes = evidence_for(gs, project, iri, include_restricted)
    if quotes:
        return quotes, []
    steps, premises = explain(gs, project, iri, include_restricted)
    quotes = [e for p in premises for e in evidence_for(gs, project, p, include_restricted)]
    return [e for i, e in enumerate(quotes) if e not in quotes[:i]], steps
