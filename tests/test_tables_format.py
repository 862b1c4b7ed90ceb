"""The table format fits the terminal (issue 12, Readable tables): COLUMNS, else 100 when
not a terminal; long cells wrap within their column; no line is wider, for every
catalogue query on a few bodies; --why gives each distinct quote once per row; JSON and
CSV do not depend on the width.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from conftest import ROOT
from governance.query.answer import Answer, column_widths, format_table, table_width
from governance.query.catalogue import catalogue
from governance.values import Entity, Money

BODIES = ["SPB", "UAVA", "Safer Rutland Partnership", "Blaby District Community Safety Partnership", "PCC"]
ARGS = {"entity": BODIES, "duty": ["section 17", "Civil Contingencies Act 2004 Category 1 responder"],
        "text": ["domestic abuse"], "date": ["2012-01-01"]}


def long_answer() -> Answer:
    body = Entity("https://w3id.org/govgraph/id/llr/x", "Leicester, Leicestershire and Rutland Reducing "
                                                        "Re-offending Programme Board and its delivery groups")
    return Answer(query="demo", params={}, at=None, columns=["body", "amount", "note"],
                  rows=[{"body": body, "amount": Money(Decimal("1500"), "GBP", "2018-04-01", "2019-03-31"),
                         "note": "a note long enough to need more than one line at forty columns wide",
                         "evidence": [{"source": "001.txt", "quote": "q " * 40},
                                      {"source": "003.txt", "quote": "q " * 40},
                                      {"source": "001.txt", "quote": "another"}]}],
                  notes=["a note that is also far too long for forty columns and has to wrap onto a second line"])


@pytest.mark.parametrize("width", [40, 60, 80, 100])
def test_no_line_is_wider_than_the_width_and_no_word_is_lost(width):
    answer = long_answer()
    table = format_table(answer, width=width)
    assert max(len(line) for line in table.splitlines()) <= width
    words = " ".join(table.split())
    for word in ("Re-offending", "delivery", "£1,500", "2019-03-31)", "forty", "second"):
        assert word in words


def test_a_table_that_fits_is_as_before():
    answer = long_answer()
    answer.rows[0]["note"] = "short"
    answer.rows[0]["body"] = Entity("x", "SPB")
    assert format_table(answer, width=100).splitlines()[:3] == [
        "body  amount                             note",
        "----  ---------------------------------  -----",
        "SPB   £1,500 (2018-04-01 to 2019-03-31)  short",
    ]


def test_a_narrow_column_keeps_its_width_and_the_wide_ones_share_the_rest():
    assert column_widths([5, 90, 30], 80) == [5, 51, 20]
    assert sum(column_widths([5, 90, 30], 80)) + 4 == 80


def test_the_width_is_columns_else_100_when_not_a_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "72")
    assert table_width() == 72
    monkeypatch.delenv("COLUMNS")
    assert table_width() == 100  # pytest's stdout is not a terminal


def test_why_gives_each_distinct_quote_once_per_row():
    table = format_table(long_answer(), width=200)
    quoted = [line for line in table.splitlines() if line.startswith("  [1] ")]
    assert quoted[0] == f'  [1] 001.txt, 003.txt: "{"q " * 40}"'
    assert quoted[1] == '  [1] 001.txt: "another"'
    assert len(quoted) == 2


def catalogue_calls():
    for query in catalogue(ROOT / "queries").values():
        kinds = [p.kind for p in query.params]
        if len(kinds) > 1:
            continue
        for arg in ARGS.get(kinds[0], []) if kinds else [None]:
            yield query.name, [] if arg is None else [arg]


@pytest.mark.parametrize("width", ["60", "80"])
def test_every_catalogue_query_fits_columns(width, llr_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", width)
    seen = 0
    for name, args in catalogue_calls():
        for extra in ([], ["--why"]):
            result = llr_cli("ask", name, *args, *extra)
            if result.exit_code != 0:
                continue  # e.g. a body the query does not take; the width is what is tested
            seen += 1
            wide = [line for line in result.stdout.splitlines() if len(line) > int(width)]
            assert not wide, f"ask {name} {args} {extra}: {wide[0]!r}"
    assert seen > 40


def test_why_tables_quote_each_distinct_quote_once_per_row(llr_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # one line per quote
    for name, args in [("funded-by", ["LSCSB"]), ("funded-by", ["Safer Rutland Partnership"]),
                       ("duty-holders", ["section 17"]), ("members", ["UAVA"])]:
        table = llr_cli("ask", name, *args, "--why").stdout
        per_row: dict[str, list[str]] = {}
        for line in table.splitlines():
            match = re.match(r'  \[(\d+)\] [^"]*: "(.*)"$', line)
            if match:
                per_row.setdefault(match.group(1), []).append(match.group(2))
        assert per_row, f"{name} {args}: no quotes"
        for row, quotes in per_row.items():
            assert len(quotes) == len(set(quotes)), f"{name} {args} row {row} repeats a quote"


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_do_not_depend_on_the_width(fmt, llr_cli, monkeypatch):
    outputs = set()
    for width in ("40", "300"):
        monkeypatch.setenv("COLUMNS", width)
        outputs.add(llr_cli("ask", "funders", "UAVA", "--why", "--format", fmt).stdout)
    assert len(outputs) == 1
    if fmt == "json":
        json.loads(outputs.pop())
