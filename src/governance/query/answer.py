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
import os
import shutil
import sys
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from .. import vocab
from ..values import Entity, Money, json_number
from .asof import status_text

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


def format_table(answer: Answer, width: int | None = None) -> str:
    """Aligned plain-text columns, totals last, then evidence and notes, no line wider
    than WIDTH (default: ``table_width()``): a long cell wraps within its column."""
    table = [[c for c in answer.columns]]
    for row in answer.rows:
        table.append([status_text(row) if c == "status" else cell_text(row.get(c)) for c in answer.columns])
    if answer.totals:
        table.append([("total" if i == 0 else cell_text(answer.totals.get(c))) for i, c in enumerate(answer.columns)])
    width = table_width() if width is None else width
    natural = [max(len(r[i]) for r in table) for i in range(len(answer.columns))]
    longest_words = [max((len(w) for r in table for w in r[i].split()), default=1) for i in range(len(natural))]
    widths = column_widths(natural, width, longest_words)
    lines = []
    for n, row in enumerate(table):
        lines += wrapped_row(row, widths)
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    out = []  # the lines after the table, each wrapped to the width with a hanging indent
    evidence = [(i, row["evidence"]) for i, row in enumerate(answer.rows, 1) if row.get("evidence")]
    for i, items in evidence:
        for quote, sources in distinct_quotes(items):
            out.append((f"  [{i}] {', '.join(sources)}: \"{quote}\"", "      "))
        steps = [f"  [{i}] derived by {step['rule']} from {', '.join(step['premises'])}"
                 for step in answer.rows[i - 1].get("derivation", [])]
        out += [(step, "      ") for step in dict.fromkeys(steps)]  # each once, in order
    if not answer.rows:
        out.append(("(no rows)", ""))
    out += [(f"left out of the total: {item['what']}: {item['why']}", "  ") for item in answer.left_out]
    out += [(f"note: {n}", "      ") for n in answer.notes]
    for text, indent in out:
        lines += textwrap.wrap(text, width, subsequent_indent=indent, break_on_hyphens=False) or [""]
    return "\n".join(lines)


def table_width() -> int:
    """The width a table fits: COLUMNS, else the terminal's, else 100 (not a terminal)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return 100


def column_widths(natural: list[int], width: int, words: list[int] | None = None) -> list[int]:
    """Column widths whose row (two spaces between columns) fits WIDTH. Each column
    first gets a floor: a column up to 16 wide keeps its width and a wider one gets its
    longest word (up to 16; WORDS, by default 10), or less where the floors do not fit;
    then the wide ones share what is left in proportion to what they lack.

    >>> column_widths([10, 60, 40], 80)
    [10, 39, 27]
    >>> column_widths([10, 20], 80)
    [10, 20]
    """
    available = width - 2 * (len(natural) - 1)
    if sum(natural) <= available:
        return list(natural)
    words = [min(16, w) for w in words or [10] * len(natural)]
    for floors in ([n if n <= 16 else min(n, w) for n, w in zip(natural, words)],
                   [min(n, w) for n, w in zip(natural, words)],
                   [min(n, w, 8) for n, w in zip(natural, words)]):
        if sum(floors) <= available:
            break
    else:  # too narrow for any floor: each column a share in proportion to its floor
        floors = [max(1, f * available // sum(floors)) for f in floors]
    widths = floors
    left = available - sum(widths)
    while left > 0:
        lacking = {i: natural[i] - widths[i] for i in range(len(natural)) if widths[i] < natural[i]}
        if not lacking:
            break
        total = sum(lacking.values())
        given = {i: min(need, left * need // total) for i, need in lacking.items()}
        if not any(given.values()):  # the remainder: one each to the columns that lack most
            for i in sorted(lacking, key=lambda i: (-lacking[i], i))[:left]:
                widths[i] += 1
            break
        for i, extra in given.items():
            widths[i] += extra
        left -= sum(given.values())
    return widths


def wrapped_row(cells: list[str], widths: list[int]) -> list[str]:
    """One table row as lines: each cell wrapped within its column."""
    parts = [textwrap.wrap(cell, w, break_on_hyphens=False) or [""] for cell, w in zip(cells, widths)]
    return ["  ".join((p[k] if k < len(p) else "").ljust(w) for p, w in zip(parts, widths)).rstrip()
            for k in range(max(len(p) for p in parts))]


def distinct_quotes(items: list[dict]) -> list[tuple[str, list[str]]]:
    """Each distinct quote once, with every source that gives it, in order of first mention.

    >>> distinct_quotes([{"source": "a", "quote": "q"}, {"source": "b", "quote": "q"}, {"source": "a", "quote": "q"}])
    [('q', ['a', 'b'])]
    """
    quotes: dict[str, list[str]] = {}
    for item in items:
        sources = quotes.setdefault(item["quote"], [])
        if item["source"] not in sources:
            sources.append(item["source"])
    return list(quotes.items())


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
