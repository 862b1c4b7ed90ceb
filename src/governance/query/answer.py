"""Answers and their cells, and the three output formats (table, json, csv).

The JSON shape is the contract of DESIGN.md §4: entity cells ``{"id", "label"}``,
money cells ``{"value", "currency", "from", "to"}`` with numbers as JSON numbers,
dates as ISO 8601 text.

>>> a = Answer(query="demo", params={}, at=None, columns=["body", "amount"],
...            rows=[{"body": Entity("https://w3id.org/govgraph/id/llr/spb", "Strategic Partnership Board"),
...                   "amount": Money(Decimal("1500"), "GBP", "2018-04-01", "2019-03-31")}])
>>> print(format_table(a))
body                         amount
---------------------------  ---------------------------------
Strategic Partnership Board  £1,500 (2018-04-01 to 2019-03-31)
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from .. import vocab
from ..values import Entity, Money, json_number

FORMATS = ("table", "json", "csv")


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


@dataclass
class Answer:
    """One answer to a named question: columns, rows, totals and notes."""

    query: str
    params: dict
    at: str | None
    columns: list[str]
    rows: list[dict]
    totals: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    facts: list[list[str]] = field(default_factory=list)  # per row: the qualified nodes behind it
    left_out: list[dict] = field(default_factory=list)  # money a total left out, and why (query.rollup)

    def to_json(self) -> dict:
        out = {
            "query": self.query,
            "params": {k: cell_json(v) for k, v in self.params.items()},
            "at": self.at,
            "columns": self.columns,
            "rows": [{k: cell_json(v) for k, v in row.items()} for row in self.rows],
        }
        if self.totals:
            out["totals"] = {k: cell_json(v) for k, v in self.totals.items()}
        if self.left_out:
            out["left_out"] = [{k: cell_json(v) for k, v in item.items() if v is not None} for item in self.left_out]
        if self.notes:
            out["notes"] = self.notes
        return out


def cell_json(value):
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, Decimal):
        return json_number(value)
    if isinstance(value, list):
        return [cell_json(v) for v in value]
    if isinstance(value, dict):
        return {k: cell_json(v) for k, v in value.items()}
    return value


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell_text(v) for v in value)
    return str(value)


def format_json(answer: Answer) -> str:
    return json.dumps(answer.to_json(), indent=2, ensure_ascii=False)


def format_table(answer: Answer) -> str:
    """Aligned plain-text columns, totals last, then notes and evidence."""
    table = [[c for c in answer.columns]]
    for row in answer.rows:
        table.append([cell_text(row.get(c)) for c in answer.columns])
    if answer.totals:
        table.append([("total" if i == 0 else cell_text(answer.totals.get(c))) for i, c in enumerate(answer.columns)])
    widths = [max(len(r[i]) for r in table) for i in range(len(answer.columns))]
    lines = []
    for n, row in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    evidence = [(i, row["evidence"]) for i, row in enumerate(answer.rows, 1) if row.get("evidence")]
    for i, items in evidence:
        for item in items:
            lines.append(f"  [{i}] {item['source']}: \"{item['quote']}\"")
        for step in answer.rows[i - 1].get("derivation", []):
            lines.append(f"  [{i}] derived by {step['rule']} from {', '.join(step['premises'])}")
    if not answer.rows:
        lines.append("(no rows)")
    lines += [f"left out of the total: {item['what']}: {item['why']}" for item in answer.left_out]
    lines += [f"note: {n}" for n in answer.notes]
    return "\n".join(lines)


def format_csv(answer: Answer) -> str:
    """One line per row; entity cells as label and id, money as value and period.

    A column is split when any of its cells is an entity or money (not just its first:
    a free query's column can mix IRIs and literals); other cells fill its first part.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    kinds = {}
    for column in answer.columns:
        cells = [r.get(column) for r in answer.rows]
        kinds[column] = Entity if any(isinstance(c, Entity) for c in cells) else (
            Money if any(isinstance(c, Money) for c in cells) else None)
    header = []
    for column in answer.columns:
        if kinds[column] is Entity:
            header += [column, f"{column}_id"]
        elif kinds[column] is Money:
            header += [column, f"{column}_currency", f"{column}_from", f"{column}_to"]
        else:
            header.append(column)
    writer.writerow(header)
    for row in answer.rows:
        out = []
        for column in answer.columns:
            value = row.get(column)
            if kinds[column] is Entity:
                out += [value.label, value.id] if isinstance(value, Entity) else [cell_text(value), ""]
            elif kinds[column] is Money:
                out += ([str(value.value), value.currency, value.start or "", value.end or ""]
                        if isinstance(value, Money) else [cell_text(value), "", "", ""])
            else:
                out.append(cell_text(value))
        writer.writerow(out)
    return buffer.getvalue().rstrip("\n")


def render(answer: Answer, fmt: str) -> str:
    return {"table": format_table, "json": format_json, "csv": format_csv}[fmt](answer)
