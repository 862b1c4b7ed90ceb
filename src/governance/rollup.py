"""Rolling funding flows up per funder or recipient without double counting.

For each funder (or recipient) the roll-up takes one reference day: ``--at``, or with
none the start of its latest flow. Of the flows whose period contains that day it keeps
the most specific: a flow whose period strictly contains another's is a broader view of
the same money (an 18-month allocation around the year within it, a multi-year figure)
and is left out; the same amount for the same period printed in two tables (two papers
restating one allocation) counts once. ``funding`` lists every flow without this.

>>> import pyoxigraph as ox
>>> def flow(n, start, end, amount, table="t"):
...     return {"funder": ox.NamedNode("http://x/a"), "funder_label": ox.Literal("A"),
...             "flow": ox.NamedNode(f"http://x/f{n}"), "table": ox.NamedNode(f"http://x/{table}"),
...             "amount": ox.Literal(amount), "amount_from": ox.Literal(start), "amount_to": ox.Literal(end)}
>>> rows, facts = roll_up([flow(1, "2011-10-01", "2013-03-31", "147000"),
...                        flow(2, "2012-04-01", "2013-03-31", "98000"),
...                        flow(3, "2012-04-01", "2013-03-31", "98000", table="restated"),
...                        flow(4, "2012-04-01", "2013-03-31", "5000")], "funder")
>>> rows[0]["amount"].value, rows[0]["flows"], facts[0]
(Decimal('103000'), 2, ['http://x/f2', 'http://x/f4'])
>>> rolled_up_total([flow(2, "2012-04-01", "2013-03-31", "98000"),
...                  flow(3, "2012-04-01", "2013-03-31", "98000", table="restated")], [["http://x/f2"], ["http://x/f3"]])
Decimal('98000')
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from .results import Entity, Money


def _value(row: dict, name: str):
    term = row.get(name)
    return term.value if term is not None else None


def _period(row: dict) -> tuple[str, str]:
    return (_value(row, "amount_from") or "0000-01-01", _value(row, "amount_to") or "9999-12-31")


def _broader(outer: tuple[str, str], inner: tuple[str, str]) -> bool:
    return outer != inner and outer[0] <= inner[0] and outer[1] >= inner[1]


def most_specific(rows: list[dict], day: str | None) -> list[dict]:
    """The flows that make up the money on ``day`` (see the module docstring)."""
    day = day or max(_period(r)[0] for r in rows)
    candidates = [r for r in rows if _period(r)[0] <= day <= _period(r)[1]]
    periods = {_period(r) for r in candidates}
    kept, seen = [], {}
    for row in sorted(candidates, key=lambda r: r["flow"].value):
        if any(_broader(_period(row), other) for other in periods):
            continue
        restated = (_value(row, "amount"), _period(row))
        table = _value(row, "table")
        if restated in seen and seen[restated] != table:
            continue
        seen.setdefault(restated, table)
        kept.append(row)
    return kept


def roll_up(raw_rows: list[dict], key: str, day: str | None = None) -> tuple[list[dict], list[list[str]]]:
    """Rows per ``key`` entity with ``amount`` (Money), ``flows`` (count) and the flow ids."""
    by_party: dict[str, dict[str, dict]] = defaultdict(dict)
    for raw in raw_rows:
        by_party[raw[key].value][raw["flow"].value] = raw
    out, facts = [], []
    for who, flows in by_party.items():
        kept = most_specific(list(flows.values()), day)
        sample = kept[0]
        amounts = [Decimal(_value(r, "amount")) for r in kept if _value(r, "amount") is not None]
        starts = [_value(r, "amount_from") for r in kept if _value(r, "amount_from")]
        ends = [_value(r, "amount_to") for r in kept if _value(r, "amount_to")]
        row = {key: Entity(who, _value(sample, f"{key}_label") or who), "flows": len(kept)}
        if amounts:
            row["amount"] = Money(sum(amounts, Decimal(0)), _value(sample, "amount_currency") or "GBP",
                                  max(starts) if starts else None, min(ends) if ends else None)
        out.append(row)
        facts.append(sorted(r["flow"].value for r in kept))
    order = sorted(range(len(out)), key=lambda i: (out[i][key].label.casefold(), out[i][key].id))
    return [out[i] for i in order], [facts[i] for i in order]


def rolled_up_total(raw_rows: list[dict], facts: list[list[str]]) -> Decimal:
    """The money in a roll-up, each flow once and each restated allocation once,
    however many funders name it and however many tables print it."""
    by_flow = {r["flow"].value: r for r in raw_rows}
    kept = [by_flow[f] for f in sorted({f for row in facts for f in row})]
    seen: dict[tuple, str | None] = {}
    total = Decimal(0)
    for row in kept:
        amount = _value(row, "amount")
        if amount is None:
            continue
        restated = (amount, _period(row))
        if restated in seen and seen[restated] != _value(row, "table"):
            continue
        seen.setdefault(restated, _value(row, "table"))
        total += Decimal(amount)
    return total
