"""The pack's money: the funding tables as printed, the pooled budgets and the streams that
move to the PCC, for :class:`governance.reports.brief.BriefBuilder` (``b``: its answers,
its area and its period).

Nothing here adds money up. Rows and totals are the tables' own (``queries/_table-rows.rq``,
``_table-totals.rq``) and the library's (``ask funding``); how flows overlap is read from
the roll-up's ledger (:func:`governance.query.rollup.ledger`: ``gov:partOf``,
``gov:restates``, ``gov:share``), so that each sum of money is shown once and where the
papers print it again is said.
"""
from __future__ import annotations

from .. import vocab
from ..store.embedded import evidence_for
from ..values import Entity, Money
from .model import Table, cell, slug
from .order import amount_of, money_key


def row_in_area(b, r) -> bool:
    funders = r["funders"].value.split() if "funders" in r else []
    recipient = r["recipient"].value if "recipient" in r else None
    return b.any_in_area([recipient, *funders])


def funding_tables(b) -> list[Table]:
    """The funding tables as printed (``queries/_table-rows.rq``, ``_table-totals.rq``),
    the ones that hold money for the pack's period (with --area, the rows of the area).

    Rows are largest first; a row that is part of another row (``gov:partOf``) follows
    it as "of which" and is not added to it; a row the papers print again elsewhere
    (``gov:restates``) says so, and where. The totals are the tables' own, as printed."""
    from decimal import Decimal

    from ..query.facts import row_evidence
    from ..query.rollup import ledger
    from ..values import pounds

    book = ledger(b.gs, b.project, b.include_restricted)
    rows = b.gs.select(b.project.internal_query("table-rows"), include_restricted=b.include_restricted)
    totals = b.gs.select(b.project.internal_query("table-totals"), include_restricted=b.include_restricted)
    by_table: dict[str, list] = {}
    for r in rows:
        by_table.setdefault(r["table"].value, []).append(r)
    labels = {t["table"].value: t["table_label"].value for t in totals if "table_label" in t}
    table_of = {r["flow"].value: t for t, flows in by_table.items() for r in flows}

    def where(flow_id: str) -> str:
        table = table_of.get(flow_id)
        return f" in “{labels.get(table, b.things.label(table))}”" if table else ""

    out = []
    for table, flows in by_table.items():
        if not in_period(b, flows):
            continue
        kept = [r for r in flows if row_in_area(b, r)]
        if not kept:
            continue
        partial = len({r["flow"].value for r in kept}) < len({r["flow"].value for r in flows})
        columns, printed = [], {}
        for r in kept:
            column = r["column"].value if "column" in r else ""
            label = r["row"].value if "row" in r else (r["recipient_label"].value if "recipient_label" in r else "")
            if column not in columns:
                columns.append(column)
            entry = printed.setdefault(label, {"label": label, "cells": {}, "flows": [], "amounts": [],
                                               "notes": [], "part_of": None, "depth": 0})
            if r["flow"].value not in entry["flows"]:
                entry["flows"].append(r["flow"].value)
            if "amount" in r:
                quotes, steps = row_evidence(b.gs, b.project, r["flow"].value, b.include_restricted)
                period = f"{r['from'].value if 'from' in r else '…'} to {r['until'].value if 'until' in r else '…'}"
                entry["amounts"].append(Decimal(r["amount"].value))
                # two flows printed in one row and column (two items of one line's spend) are both kept
                entry["cells"].setdefault(column, []).append({"amount": pounds(Decimal(r["amount"].value)),
                                                              "period": period, "evidence": quotes,
                                                              "derivation": steps})
        entry_of = {f: e["label"] for e in printed.values() for f in e["flows"]}
        table_notes: list[str] = []
        for entry in printed.values():
            for flow_id in entry["flows"]:
                flow = book.flows.get(flow_id)
                if flow is None:
                    continue
                for whole in flow.part_of:
                    if entry_of.get(whole) == entry["label"]:
                        continue  # another column of the same row (spend to date of the amount agreed)
                    if entry_of.get(whole):
                        entry["part_of"] = entry_of[whole]
                        if flow.share:
                            entry["notes"].append(flow.share)
                    elif whole in book.flows:
                        note = f"part of {book.describe(book.flows[whole])}{where(whole)}"
                        if note not in table_notes:
                            table_notes.append(note)
                linked = [o for o in flow.restates if o in book.flows]
                linked += sorted(f.id for f in book.flows.values() if flow_id in f.restates)
                for other in linked:
                    if entry_of.get(other) == entry["label"]:
                        continue
                    note = (f"the same money is printed again{where(other)}: count it once" if where(other)
                            else f"the same money as {book.describe(book.flows[other])}: count it once")
                    if note not in entry["notes"]:
                        entry["notes"].append(note)
        stated = []
        for t in totals:
            if t["table"].value != table or "amount" not in t:
                continue
            label = t["row"].value if "row" in t else "Total"
            if partial:
                label += f" (the whole table, not only {b.things.label(b.frame)})"
            entry = next((x for x in stated if x["label"] == label), None)
            if entry is None:
                entry = {"label": label, "cells": {}}
                stated.append(entry)
            column = t["column"].value if "column" in t else ""
            if column not in columns:
                columns.append(column)
            entry["cells"][column] = pounds(Decimal(t["amount"].value))
        row_columns = [c for c in columns if any(c in e["cells"] for e in printed.values())]
        if len(row_columns) == 1:  # a total printed under its own heading: under the rows' one column
            only, moved = row_columns[0], []
            for entry in stated:
                for column, amount in entry["cells"].items():
                    label = entry["label"] if column in ("", only) else f"{entry['label']}: {column}"
                    moved.append({"label": label, "cells": {only: amount}})
            stated, columns = moved, row_columns
        starts = [r["from"].value for r in kept if "from" in r]
        out.append(Table(id=table, label=labels.get(table, b.things.label(table)), columns=columns,
                         rows=nest(list(printed.values()), columns), totals=stated,
                         evidence=evidence_for(b.gs, b.project, table, b.include_restricted),
                         anchor="table-" + slug(table), partial=partial, notes=table_notes,
                         start=min(starts) if starts else ""))
    # in time order, then the largest table first
    return sorted(out, key=lambda t: (t.start or "9999", money_key(max(
        (a for r in t.rows for a in r["amounts"]), default=None), t.label.casefold())))


def nest(entries: list[dict], columns: list[str]) -> list[dict]:
    """Rows column by column as printed (a table's columns are its periods), largest
    first in each; each row's parts ("of which") straight after it, largest first."""
    children: dict[str, list] = {}
    for e in entries:
        if e["part_of"]:
            children.setdefault(e["part_of"], []).append(e)

    def key(e):
        first = min((columns.index(c) for c in e["cells"] if c in columns), default=len(columns))
        return (first, *money_key(max(e["amounts"], default=None), e["label"].casefold()))

    out: list[dict] = []

    def add(e, depth):
        if e in out:
            return
        e["depth"] = depth
        out.append(e)
        for child in sorted(children.get(e["label"], []), key=key):
            add(child, depth + 1)

    for e in sorted((e for e in entries if not e["part_of"]), key=key):
        add(e, 0)
    for e in sorted(entries, key=key):  # a part whose whole is itself a part of it (a loop): at the end
        add(e, 0)
    return out


def in_period(b, flows) -> bool:
    """A table belongs in the pack when a flow in it holds money on ``at`` or in the
    year before (``since`` to ``at``); with no date, every table."""
    if not b.at:
        return True
    start = b.since or b.at
    for r in flows:
        begins = r["from"].value if "from" in r else None
        ends = r["until"].value if "until" in r else None
        if (begins is None or begins <= b.at) and (ends is None or ends >= start) and (begins or ends):
            return True
    return False


def flow_in_period(b, flow) -> bool:
    """A flow holds money from ``since`` to ``at`` (with no date, or a flow with none: yes)."""
    if not b.at or not (flow.start or flow.end):
        return True
    return (flow.start or "") <= b.at and (flow.end or "9999") >= (b.since or b.at)


def pooled_budgets(b, tables: list[Table] = ()) -> list[dict]:
    """Pooled budgets as the papers state them: the pool's stated total, its
    contributors (each one's own amount where a paper states it, otherwise "share not
    stated" — never the whole pool) and the quotes. With --area, the pools a body of
    the area pays into or draws from."""
    from ..query.facts import row_evidence
    from ..query.rollup import ledger

    book = ledger(b.gs, b.project, b.include_restricted)
    pools = []
    for iri, thing in b.things.things.items():
        if vocab.GOV + "PooledBudget" not in thing.types:
            continue
        wholes = [f for f in book.flows.values() if f.stream == iri and flow_in_period(b, f)]
        if not wholes:
            continue
        parties = {p for f in wholes for p in (*f.funders, f.recipient)}
        if not (b.in_area(iri) or b.any_in_area(sorted(parties))):
            continue
        counted = [f for f in wholes if not any(o in book.flows for o in f.restates)]
        totals = []
        for f in sorted(counted, key=lambda f: (f.start or "", -(f.value or 0))):
            if f.value is None:
                continue
            quotes, steps = row_evidence(b.gs, b.project, f.id, b.include_restricted)
            again = [book.describe(g) for g in wholes if f.id in g.restates]
            totals.append({"text": f"{f.money()} paid to {book.label(f.recipient)}",
                           "again": again, "evidence": quotes, "derivation": steps})
        whole_ids = {f.id for f in counted if f.joint_pool or len(wholes) == 1}
        shares: dict[str, list] = {}
        for f in sorted(book.flows.values(), key=lambda f: (f.start or "", f.id)):
            own = f.stream == iri and f.id not in whole_ids and len(f.funders) == 1
            part = bool(whole_ids & set(f.part_of)) and not any(
                o in book.flows and whole_ids & set(book.flows[o].part_of) for o in f.restates)
            if f.value is None or not (own or part) or not flow_in_period(b, f):
                continue
            quotes, steps = row_evidence(b.gs, b.project, f.id, b.include_restricted)
            for funder in f.funders:
                shares.setdefault(funder, []).append({"text": f"{f.money()}" + (f" ({f.share})" if f.share else ""),
                                                      "value": f.value, "evidence": quotes, "derivation": steps})
        totals = [t for t, f in zip(totals, [f for f in sorted(counted, key=lambda f: (f.start or "", -(f.value or 0)))
                                             if f.value is not None]) if f.id in whole_ids]
        funders = sorted({p for f in wholes for p in f.funders} | set(shares),
                         key=lambda p: (p not in shares, -max((x["value"] for x in shares.get(p, [])), default=0),
                                        book.label(p).casefold()))
        quotes = evidence_for(b.gs, b.project, iri, b.include_restricted)
        quotes = [q for i, q in enumerate(quotes) if q not in quotes[:i]
                  and not any(q["quote"] != o["quote"] and q["quote"] in o["quote"] for o in quotes)]
        pools.append({"label": thing.label, "totals": totals, "evidence": quotes,
                      "contributors": [(book.label(p), shares.get(p)) for p in funders],
                      "size": max((f.value for f in counted if f.value is not None), default=None)})
        if not totals:
            # the pool's totals are those of the tables its contributions are printed in
            shown = {t.id: t for t in tables}
            printed_in = sorted({f.table for f in wholes if f.table})
            pools[-1]["totals_in"] = [(shown[t].label, shown[t].anchor) if t in shown else (b.things.label(t), None)
                                      for t in printed_in]
            pools[-1]["no_total"] = not printed_in
    return sorted(pools, key=lambda p: money_key(p["size"], p["label"].casefold()))


def fold(rows: list[dict], money: str) -> list[dict]:
    """Answer rows with each restated sum folded into the row it restates: one row per
    sum of money, noting where the papers print it again (the roll-up's basis)."""
    kept, again = [], []
    for r in rows:
        basis = str(r.get("basis") or "")
        (again if basis.startswith("not in the total: the same money") else kept).append(dict(r, also=[]))
    for r in again:
        value = r.get(money)
        twin = next((k for k in kept if str(k.get(money)) == str(value) and k.get("stream") == r.get("stream")),
                    None)
        if twin is None:
            kept.append(r)
            continue
        twin["also"].append(r)
    return sorted(kept, key=lambda r: money_key(amount_of(r.get(money)), cell(r.get("stream")).casefold()))


def money_to_pcc(b) -> dict:
    """The streams that move to the PCC: the transfer changes, the PCC's funding once
    they have moved (each sum once, largest first, with the library's total), and the
    flows of those streams as the papers print them before (in time order)."""
    answer = b.ask("changes", [], at=None)
    moved = [r for r in answer.rows if r.get("change") == "transfer"]
    pcc = b.resolve("PCC")
    rows, streams, when, total, notes = [], [], None, None, []
    if pcc and moved:
        when = max(r["date"] for r in moved)
        after = b.ask("funding", [pcc], at=max(when, b.at or when))
        for r in after.rows:
            stream = r.get("stream")
            if isinstance(stream, Entity) and stream not in streams:
                streams.append(stream)
        rows = [r for r in after.rows if b.any_in_area(r.get("counterpart"))]
        if len(rows) == len(after.rows):
            total = after.totals.get("paid")
            notes = list(after.notes)
        elif rows:
            whole = after.totals.get("paid")
            notes = [f"no total for {b.things.label(b.frame)} alone: the streams' total for all areas "
                     f"is {whole}" if whole else "no total is stated"]
    before = []
    origin = b.resolve("Home Office")
    if origin and streams:
        answer_ho = b.ask("funding", [origin], at=None)
        ids = {s.id for s in streams}
        before = [r for r in answer_ho.rows if isinstance(r.get("stream"), Entity) and r["stream"].id in ids
                  and isinstance(r.get("paid"), Money) and b.any_in_area(r.get("counterpart"))]
        before = sorted(fold(before, "paid"), key=lambda r: (
            r["paid"].start or "", *money_key(amount_of(r["paid"]), cell(r.get("stream")).casefold())))
    return {"changes": [r for r in moved if b.any_in_area([r.get("subject"), *(
                v for v in (r.get("before"), r.get("after")) if isinstance(v, Entity))]) or not b.area_asked],
            "pcc_rows": fold(rows, "paid"), "total": total, "total_notes": notes,
            "streams": streams, "home_office": before, "when": when,
            "pcc": b.things.label(pcc) if pcc else "the PCC"}
