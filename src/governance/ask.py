"""Answering a named question: resolve names, bind parameters, run, shape the rows.

>>> from governance.ask import parse_date
>>> parse_date("2012-09-01")
'2012-09-01'
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox

from . import vocab
from .catalogue import NamedQuery, get_query, internal_query
from .errors import UsageError
from .project import Project
from .resolve import LabelIndex
from .results import Answer, Entity, Money
from .store import GraphStore, at_params, date_term


def parse_date(text: str) -> str:
    """An ISO date (YYYY-MM-DD), or a UsageError that says what was wrong."""
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UsageError(f"bad date '{text}': use YYYY-MM-DD, e.g. 2013-06-01") from None


def label_index(gs: GraphStore, project: Project, include_restricted: bool = False) -> LabelIndex:
    """Every label of every thing, as indexed by the build (see store._label_data)."""
    key = ("index", include_restricted)
    if key not in gs._cache:
        gs._cache[key] = LabelIndex(gs.label_data(include_restricted))
    return gs._cache[key]


def entity_facts(gs: GraphStore, project: Project, iri: str, include_restricted: bool = False) -> dict:
    """A thing's label, types, dates and area, for notes and drawing."""
    rows = gs.select(internal_query(project.queries_dir, "entity"), {"thing": ox.NamedNode(iri)},
                     include_restricted=include_restricted)
    facts: dict = {"types": set()}
    for row in rows:
        facts["label"] = row["label"].value
        for key in ("from", "until", "area", "definition"):
            if key in row:
                facts[key] = row[key].value
        if "type" in row:
            facts["types"].add(row["type"].value)
    return facts


def evidence_for(gs: GraphStore, project: Project, iri: str, include_restricted: bool = False) -> list[dict]:
    rows = gs.select(internal_query(project.queries_dir, "evidence"), {"fact": ox.NamedNode(iri)},
                     include_restricted=include_restricted)
    return [{"source": r["file"].value, "quote": r["quote"].value} for r in rows]


def to_python(term):
    """A pyoxigraph term as a plain value: text, date text, Decimal, int or bool."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in (vocab.XSD + "decimal", vocab.XSD + "double", vocab.XSD + "float"):
            return Decimal(term.value)
        if datatype in (vocab.XSD + "integer", vocab.XSD + "int", vocab.XSD + "long"):
            return int(term.value)
        if datatype == vocab.XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def shape_row(query: NamedQuery, row: dict) -> dict:
    """SPARQL solution -> answer row, by the column kinds of the query header."""
    out = {}
    for column in query.columns:
        name = column.name
        if column.kind == "entities":  # several things in one cell: ?x_list of "id label" tab-separated
            listed = row.get(f"{name}_list")
            if listed is not None and listed.value:
                out[name] = sorted(Entity(*pair.split(" ", 1)) for pair in listed.value.split("\t"))
            continue
        if name not in row:
            continue
        if column.kind in ("entity", "concept", "duty"):
            label = row.get(f"{name}_label")
            out[name] = Entity(row[name].value, label.value if label else row[name].value)
        elif column.kind == "money":
            currency = row.get(f"{name}_currency")
            out[name] = Money(Decimal(row[name].value), currency.value if currency else "GBP",
                              to_python(row[f"{name}_from"]) if f"{name}_from" in row else None,
                              to_python(row[f"{name}_to"]) if f"{name}_to" in row else None)
        else:
            out[name] = to_python(row[name])
    return out


def row_facts(query: NamedQuery, row: dict) -> list[str]:
    """The qualified node behind a row (the query's ``fact`` variable)."""
    return [row[query.fact].value] if query.fact and query.fact in row else []


def ask(gs: GraphStore, project: Project, name: str, args: list[str], *, at: str | None = None,
        transitive: bool = False, why: bool = False, include_restricted: bool = False,
        options: dict | None = None) -> Answer:
    """Answer the named question NAME with positional ARGS.

    ``at`` is an ISO date (the structure as it stood that day); with none, the latest
    state known. Asked about a body that had ended, the answer is as of its last day.
    """
    query = get_query(project.queries_dir, name)
    if len(args) != len(query.params):
        raise UsageError(f"'{name}' takes {len(query.params)} argument(s): governance ask {query.usage()}")
    if transitive and not query.recurse:
        raise UsageError(f"'{name}' has no --transitive form")
    transitive = transitive or query.always_transitive
    for option in options or {}:
        if options[option] is not None and not query.option(option):
            raise UsageError(f"'{name}' takes no --{option} option: governance ask {query.usage()}")
    at = parse_date(at) if at is not None else None
    notes: list[str] = []
    index = label_index(gs, project, include_restricted)
    params, bound = {}, {}
    absent = False  # a body has no relations on a day it did not exist
    for param, value in zip(query.params, args):
        if param.kind in ("entity", "duty"):
            noun = "duty" if param.kind == "duty" else "body"
            match = index.resolve(value, param.kind, noun)
            params[param.name] = Entity(match.id, match.label)
            bound[param.name] = ox.NamedNode(match.id)
            life = entity_facts(gs, project, match.id, include_restricted)
            if at is None and life.get("until"):
                at = life["until"]
                notes.append(f"{match.label} ended on {life['until']}; answering as of that day")
            elif at and life.get("from") and at < life["from"]:
                absent = True
                notes.append(f"{match.label} did not exist yet on {at} (it began on {life['from']})")
            elif at and life.get("until") and at > life["until"]:
                absent = True
                notes.append(f"{match.label} no longer existed on {at} (it ended on {life['until']})")
        elif param.kind == "date":
            bound[param.name] = date_term(parse_date(value))
            params[param.name] = bound[param.name].value
        else:
            if not value.strip():
                raise UsageError(f"'{name}' needs some {param.name}: governance ask {query.usage()}")
            bound[param.name] = ox.Literal(value)
            params[param.name] = value
    for option, value in (options or {}).items():
        if value is not None:  # date options bind ?<name>_date (?from_date, ?to_date)
            bound[f"{option}_date"] = date_term(parse_date(value))
            params[option] = bound[f"{option}_date"].value
    bound.update(at_params(at))

    rollup_total = None
    if absent:
        rows, facts = [], []
    elif query.rollup:
        from .rollup import roll_up

        raw = gs.select(query.sparql, bound, include_restricted=include_restricted)
        rows, facts, rollup_total = roll_up(raw, query.rollup, at)
    elif query.rank:
        rows = _ranked(index, params[query.rank])
        facts = [[row["match"].id] for row in rows]
    else:
        rows, facts = _run(gs, query, bound, include_restricted, transitive)
    columns = [c.name for c in query.columns] + (["via", "depth"] if transitive else [])
    answer = Answer(query=name, params=params, at=at, columns=columns,
                    rows=rows, notes=notes, facts=facts)
    if query.totals_on and not at:
        if any(isinstance(r.get(c), Money) for r in rows for c in query.totals):
            answer.notes.append("no totals: these flows cover several periods and tables that overlap; "
                                "add --at DATE for the money on one day")
    elif query.totals_on:
        from .rollup import Entry, money_on

        for column in query.totals:
            entries = [Entry(flows[0], r[column].value, r[column].start, r[column].end,
                             r["table"].id if isinstance(r.get("table"), Entity) else None)
                       for r, flows in zip(rows, facts) if isinstance(r.get(column), Money) and flows]
            total, _ = money_on(entries, at)
            if total is not None:
                answer.totals[column] = Money(total, "GBP")
    for column in query.totals if not query.totals_on else ():
        amounts = [r[column] for r in rows if isinstance(r.get(column), Money)]
        if amounts:
            total = sum((m.value for m in amounts), Decimal(0))
            if rollup_total is not None and rollup_total != total:
                answer.notes.append("the total is the money on one day (--at, or the latest start), each allocation "
                                    "counted once however many funders name it or tables print it")
                total = rollup_total
            answer.totals[column] = Money(total, amounts[0].currency)
    if why:
        for row, nodes in zip(rows, facts):
            row["evidence"] = []
            for node in nodes:
                quotes = evidence_for(gs, project, node, include_restricted)
                row["evidence"] += quotes or _derivation(gs, project, row, node, include_restricted)
    return answer


def _derivation(gs: GraphStore, project: Project, row: dict, node: str, include_restricted: bool) -> list[dict]:
    """A fact with no quotes of its own may be inferred: add its derivation (rule and
    premises) to the row and return the premises' quotes."""
    from .rules import explain

    steps, premises = explain(gs, project, node, include_restricted)
    if steps:
        row.setdefault("derivation", []).extend(steps)
    quotes = [e for p in premises for e in evidence_for(gs, project, p, include_restricted)]
    return [e for i, e in enumerate(quotes) if e not in quotes[:i]]


def _run(gs: GraphStore, query: NamedQuery, bound: dict, include_restricted: bool,
         transitive: bool) -> tuple[list[dict], list[list[str]]]:
    """Run once, or breadth-first over ``recurse`` for --transitive (each step dated)."""
    rows, facts = [], []
    if not transitive:
        merged: dict[tuple, int] = {}
        for raw in gs.select(query.sparql, bound, include_restricted=include_restricted):
            shaped = shape_row(query, raw)
            # the same fact stated by two sources is one row with both pieces of evidence
            key = tuple((k, repr(v)) for k, v in shaped.items())
            if key in merged:
                facts[merged[key]] += [f for f in row_facts(query, raw) if f not in facts[merged[key]]]
                continue
            merged[key] = len(rows)
            rows.append(shaped)
            facts.append(row_facts(query, raw))
        return rows, facts
    child_var, parent_var = query.recurse
    expanded = {bound[parent_var].value}
    queue = [(bound, 1)]
    while queue:
        binding, depth = queue.pop(0)
        for raw in gs.select(query.sparql, binding, include_restricted=include_restricted):
            shaped = shape_row(query, raw)
            shaped["via"] = params_entity(raw, parent_var)
            shaped["depth"] = depth
            rows.append(shaped)
            facts.append(row_facts(query, raw))
            child = raw[child_var]
            if child.value not in expanded:
                expanded.add(child.value)
                queue.append(({**binding, parent_var: child}, depth + 1))
    return rows, facts


def _ranked(index: LabelIndex, text: str) -> list[dict]:
    """Search rows: best matches first, with the label that matched and a score."""
    rows = []
    for match in index.search(text, limit=10):
        kinds = sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in match.types)
        rows.append({"match": Entity(match.id, match.label), "matched": index.original(match.id, match.matched),
                     "type": ", ".join(kinds), "score": match.score})
    return rows


def params_entity(raw: dict, name: str) -> Entity:
    label = raw.get(f"{name}_label")
    return Entity(raw[name].value, label.value if label else raw[name].value)
