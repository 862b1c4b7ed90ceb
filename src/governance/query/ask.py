"""Answering a named question: resolve names, bind parameters, run, shape the rows."""
from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox

from .. import vocab
from ..errors import UsageError, expect
from ..store.embedded import GraphStore, date_term
from ..store.project import Project
from ..values import Entity, Money
from .answer import Answer, to_python
from .asof import answer_day, asof_params, latest_day, life_notes, mark_rows, parse_date
from .catalogue import NamedQuery, get_query
from .facts import entity_facts, row_evidence
from .resolve import LabelIndex, label_index


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
        options: dict | None = None, stated_only: bool = False) -> Answer:
    """Answer the named question NAME with positional ARGS.

    ``at`` is an ISO date (the structure as it stood that day); with none, the latest
    state known. Asked about a body that had ended, the answer is as of its last day.
    Each row is marked "stated" or "carried-forward" on that day (see ``asof``);
    ``stated_only`` leaves the carried-forward rows out.
    """
    expect(gs, GraphStore, "an opened store (governance.open_store(project))")
    expect(project, Project, "a Project (governance.open_project())")
    expect(name, str, "a query name (see 'governance queries')")
    args = list(expect(args, (list, tuple), "a list of arguments"))
    for arg in args:
        expect(arg, str, f"'{name}' takes text arguments: a text argument")
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
    group: tuple[str, tuple] | None = None  # a citation of several duties: (param, duty ids)
    for param, value in zip(query.params, args):
        if param.kind == "duty" and group is None:
            match = index.resolve(value, "duty", "duty", allow_group=True)
            if match.group:  # the answer is asked of each duty; each row says which
                params[param.name] = Entity(match.id, match.label)
                group = (param.name, match.group)
                notes.append(f"'{value}' cites {len(match.group)} duties of {index.acts[match.id]['label']}; "
                             f"each row names its {param.name}")
                continue
        if param.kind in ("entity", "duty"):
            noun = "duty" if param.kind == "duty" else "body"
            match = index.resolve(value, param.kind, noun)
            params[param.name] = Entity(match.id, match.label)
            bound[param.name] = ox.NamedNode(match.id)
            life = entity_facts(gs, project, match.id, include_restricted)
            at, gone, life_note = life_notes(match.label, life, at, latest=latest_day(gs))
            absent = absent or gone
            notes += life_note
        elif param.kind == "date":
            bound[param.name] = date_term(parse_date(value))
            params[param.name] = bound[param.name].value
        else:
            if not value.strip():
                raise UsageError(f"'{name}' needs some {param.name}: governance ask {query.usage()}")
            bound[param.name] = ox.Literal(value)
            params[param.name] = value
    for option, value in (options or {}).items():
        if value is None or value is False:
            continue
        if query.option(option).kind == "flag":  # a flag binds ?<name> true (?include_advice)
            bound[option.replace("-", "_")] = ox.Literal("true", datatype=ox.NamedNode(vocab.XSD + "boolean"))
            params[option] = True
        else:  # date options bind ?<name>_date (?from_date, ?to_date)
            bound[f"{option}_date"] = date_term(parse_date(value))
            params[option] = bound[f"{option}_date"].value
    if params.get("from") and params.get("to") and params["from"] > params["to"]:
        raise UsageError(f"--from {params['from']} is after --to {params['to']}: give the earlier day first")
    bound.update(asof_params(gs, at))
    if "?asof" not in query.sparql:  # a query without the as-of pattern (money periods read ?at)
        bound.pop("asof", None)

    money = None  # the roll-up's tally (DESIGN.md §2 Money): what a total counts and leaves out
    if absent:
        rows, facts = [], []
    elif query.rollup:
        from .rollup import ledger, roll_up

        raw = gs.select(query.sparql, bound, include_restricted=include_restricted)
        book = ledger(gs, project, include_restricted)
        rows, facts, money = roll_up(book, [r["flow"].value for r in raw], query.rollup, at)
    elif query.rank:
        rows = _ranked(index, params[query.rank])
        facts = [[row["match"].id] for row in rows]
    elif group:
        rows, facts = _run_each(gs, index, query, bound, group, include_restricted, transitive)
    else:
        rows, facts = _run(gs, query, bound, include_restricted, transitive)
    columns = [c.name for c in query.columns] + (["via", "depth"] if transitive else [])
    if group:
        columns.insert(1, group[0])
    answer = Answer(query=name, params=params, at=at, columns=columns,
                    rows=rows, notes=notes, facts=facts)
    if not query.rank and not query.option("to"):  # a name match, a range of days: not facts of one day
        mark_rows(answer, gs, answer_day(gs, at), stated_only=stated_only, include_restricted=include_restricted)
    if query.empty and not rows and not absent and query.params:
        answer.notes.append(query.empty.format(**{p.name: params[p.name] for p in query.params}))
    if money is None and query.totals_on and rows:
        money = _flow_totals(gs, project, query, answer, at, include_restricted)
    if money is not None:
        from .rollup import ledger, left_out_rows, total_notes

        if money.total is not None and not query.totals_on:
            answer.totals[query.totals[0]] = Money(money.total, "GBP")
        answer.left_out = left_out_rows(ledger(gs, project, include_restricted), money)
        answer.notes += total_notes(money, at)
    if why:
        for row, nodes in zip(answer.rows, answer.facts):
            row["evidence"] = []
            for node in nodes:
                quotes, steps = row_evidence(gs, project, node, include_restricted)
                row["evidence"] += quotes
                if steps:
                    row.setdefault("derivation", []).extend(steps)
    return answer


def _flow_totals(gs: GraphStore, project: Project, query: NamedQuery, answer: Answer, at: str | None,
                 include_restricted: bool):
    """Totals of a one-row-per-flow answer (``funding``): each money column added up by
    the roll-up (a day's money, each allocation once); each row says why it is left out."""
    from .rollup import ledger, tally

    book = ledger(gs, project, include_restricted)
    combined = None
    for column in query.totals:
        flows = [book.flows[f[0]] for r, f in zip(answer.rows, answer.facts)
                 if isinstance(r.get(column), Money) and f and f[0] in book.flows]
        if not flows:
            continue
        result = tally(flows, at, book.labels, book.flows)
        if result.total is not None:
            answer.totals[column] = Money(result.total, "GBP")
        for row, facts in zip(answer.rows, answer.facts):
            if facts and facts[0] in result.left_out and isinstance(row.get(column), Money):
                row["basis"] = "not in the total: " + result.left_out[facts[0]]
        if combined is None:
            combined = result
        else:
            combined.left_out.update(result.left_out)
            for period, value in result.by_period.items():
                combined.by_period[period] = combined.by_period.get(period, 0) + value
            combined.total = None
    return combined


def _run_each(gs: GraphStore, index: LabelIndex, query: NamedQuery, bound: dict, group: tuple[str, tuple],
              include_restricted: bool, transitive: bool) -> tuple[list[dict], list[list[str]]]:
    """The answer for each of several things a parameter names, each row saying which."""
    name, things = group
    rows, facts = [], []
    for thing in things:
        some, their_facts = _run(gs, query, {**bound, name: ox.NamedNode(thing)}, include_restricted, transitive)
        for row in some:
            row[name] = Entity(thing, index.labels[thing])
        rows += some
        facts += their_facts
    return rows, facts


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
    """Search rows: best matches first, one per thing, with what it belongs to (the board
    or strategy of a priority, the body of a post), its type and a score."""
    rows = []
    for match in index.search(text, limit=10):
        kinds = sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in match.types)
        owners = sorted(Entity(o, index.labels[o]) for o in index.owners.get(match.id, ()) if o in index.labels)
        row = {"match": Entity(match.id, match.label), "type": ", ".join(kinds), "score": match.score}
        if owners:
            row["of"] = owners
        rows.append(row)
    return rows


def params_entity(raw: dict, name: str) -> Entity:
    label = raw.get(f"{name}_label")
    return Entity(raw[name].value, label.value if label else raw[name].value)
