"""Adding up funding flows without counting the same money twice.

Printed tables overlap: one table can give an 18-month allocation and the year within
it, and two papers can print the same allocation. So money is added up for one day at a
time. Of the flows whose period contains the day:

- the same amount for the same period in two tables is one allocation printed twice
  (a restatement) and counts once;
- a flow whose period strictly contains another period *of the same table* is a broader
  view of the same money (the 18-month column around the 2012-13 column) and is left
  out, with its restatements.

``funders`` and ``funded-by`` roll flows up per party for ``--at`` (or, with none, the
start of the party's latest flow); ``funding`` gives totals only with ``--at``.

>>> e = [Entry("f1", Decimal(147000), "2011-10-01", "2013-03-31", "t"),
...      Entry("f2", Decimal(98000), "2012-04-01", "2013-03-31", "t"),
...      Entry("f3", Decimal(147000), "2011-10-01", "2013-03-31", "other-paper"),
...      Entry("f4", Decimal(5000), "2012-04-01", "2013-03-31", "t")]
>>> money_on(e, "2012-06-01")
(Decimal('103000'), ['f2', 'f4'])
>>> money_on(e, "2012-01-01")
(Decimal('147000'), ['f1', 'f3'])
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from ..values import Entity, Money


@dataclass(frozen=True)
class Entry:
    flow: str
    value: Decimal | None
    start: str | None
    end: str | None
    table: str | None

    @property
    def period(self) -> tuple[str, str]:
        return (self.start or "0000-01-01", self.end or "9999-12-31")

    def contains(self, day: str) -> bool:
        return self.period[0] <= day <= self.period[1]


def _strictly_inside(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    return inner != outer and outer[0] <= inner[0] and inner[1] <= outer[1]


def money_on(entries: list[Entry], day: str | None) -> tuple[Decimal | None, list[str]]:
    """The money on ``day`` (default: the latest start) and the flows that make it up."""
    if not entries:
        return None, []
    day = day or max(e.period[0] for e in entries)
    candidates = [e for e in entries if e.contains(day)]
    printed: dict[tuple, list[Entry]] = defaultdict(list)
    for entry in candidates:
        printed[(entry.value, entry.period)].append(entry)
    total, flows, valued = Decimal(0), [], False
    for (value, period), same in sorted(printed.items(), key=lambda kv: (kv[0][1], str(kv[0][0]))):
        tables = {e.table for e in same if e.table}
        if any(o.table in tables and _strictly_inside(o.period, period) for o in candidates):
            continue  # a broader column of a table whose narrower column also holds this day
        flows += sorted(e.flow for e in same)
        if value is not None:
            total += value
            valued = True
    return (total if valued else None), sorted(flows)


def _value(row: dict, name: str):
    term = row.get(name)
    return term.value if term is not None else None


def entry_of(row: dict) -> Entry:
    """An Entry from a funders/funded-by query row."""
    amount = _value(row, "amount")
    return Entry(row["flow"].value, Decimal(amount) if amount is not None else None,
                 _value(row, "amount_from"), _value(row, "amount_to"), _value(row, "table"))


def roll_up(raw_rows: list[dict], key: str, day: str | None = None) -> tuple[list[dict], list[list[str]], Decimal | None]:
    """Rows per ``key`` party with ``amount`` (Money) and ``flows``; their flow ids;
    and the total money, each allocation counted once across parties."""
    by_party: dict[str, dict[str, dict]] = defaultdict(dict)
    for raw in raw_rows:
        by_party[raw[key].value][raw["flow"].value] = raw
    out, facts, everything = [], [], {}
    for who, flows in by_party.items():
        entries = {f: entry_of(r) for f, r in flows.items()}
        everything.update(entries)
        amount, kept = money_on(list(entries.values()), day)
        sample = flows[kept[0]] if kept else next(iter(flows.values()))
        row = {key: Entity(who, _value(sample, f"{key}_label") or who), "flows": len(kept)}
        if amount is not None:
            periods = [entries[f].period for f in kept]
            start, end = max(p[0] for p in periods), min(p[1] for p in periods)
            row["amount"] = Money(amount, _value(sample, "amount_currency") or "GBP",
                                  None if start == "0000-01-01" else start, None if end == "9999-12-31" else end)
        out.append(row)
        facts.append(kept)
    order = sorted(range(len(out)), key=lambda i: (out[i][key].label.casefold(), out[i][key].id))
    total, _ = money_on(list(everything.values()), day)
    return [out[i] for i in order], [facts[i] for i in order], total
