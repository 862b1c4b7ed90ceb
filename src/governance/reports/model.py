"""What the documents print, as plain data: answer rows with their evidence, profile
sections, diagrams and funding tables; and the small helpers that turn the library's
values into text for a page (no figure is computed here)."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..query.answer import cell_text


@dataclass
class Row:
    """One answer row as the pack prints it, with what cites it."""

    text: str
    extra: str = ""
    dates: str = ""
    link: str | None = None
    status: str | None = None          # "stated" / "carried-forward", when the library says
    last_stated: str | None = None
    evidence: list = field(default_factory=list)
    derivation: list = field(default_factory=list)

    @property
    def carried_forward(self) -> bool:
        return self.status == "carried-forward"


@dataclass
class Section:
    title: str
    query: str
    rows: list[Row]
    totals: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class Profile:
    id: str
    label: str
    kind: str
    area: str
    names: list[str]
    existed: str
    purpose: str
    evidence: list
    sections: list[Section]
    notes: list[str]
    anchor: str


@dataclass
class Figure:
    """One diagram: inline SVG, its title and the alt text that says what it shows."""

    title: str
    svg: str
    alt: str
    sources: list[str]
    anchor: str
    tall: bool = False        # taller than wide: printed on a portrait page, not a landscape one


@dataclass
class Table:
    """A funding table as printed: its rows by column, the stated totals, its quotes."""

    id: str
    label: str
    columns: list[str]
    rows: list[dict]          # {"label", "cells": {column: [{"amount", "period", "evidence", "derivation"}]},
                              #  "amounts", "notes", "part_of", "depth"}
    totals: list[dict]        # {"label", "cells": {column: amount text}}
    evidence: list
    anchor: str
    partial: bool = False     # with --area: only the area's rows of a wider table
    start: str = ""           # the earliest period of its rows (tables are listed in time order)
    notes: list = field(default_factory=list)   # what its rows are part of, outside the table


class Progress:
    """What the builder reports as it goes; the CLI draws it as a bar on a terminal."""

    def start(self, total: int) -> None: ...

    def advance(self, what: str) -> None: ...


def inline_svg(svg: str, n: int) -> str:
    """Graphviz SVG for inside an HTML page: no XML prologue; ids kept apart from other
    diagrams' (prefix ``d<n>-``); ``role="img"`` labelled by its title; it scales down to
    the page width but never up beyond its natural size.

    >>> inline_svg('<?xml?><svg width="100pt" height="50pt" viewBox="0 0 100 50"><g id="graph0"><title>g</title></g></svg>', 3)
    '<svg role="img" aria-labelledby="fig3-title" style="max-width:100pt" viewBox="0 0 100 50"><g id="d3-graph0"><title id="fig3-title">g</title></g></svg>'
    """
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r'\bid="', f'id="d{n}-', svg)
    size = re.match(r'<svg width="([^"]*)" height="[^"]*"', svg)
    width = f' style="max-width:{size.group(1)}"' if size else ""
    svg = re.sub(r'<svg width="[^"]*" height="[^"]*"', f'<svg role="img" aria-labelledby="fig{n}-title"{width}', svg, 1)
    return re.sub(r"<title>", f'<title id="fig{n}-title">', svg, 1)


def is_tall(svg: str) -> bool:
    """Whether a diagram is taller than it is wide (from its viewBox), so that it reads
    larger on a portrait page.

    >>> is_tall('<svg viewBox="0 0 100 250">'), is_tall('<svg viewBox="0 0 400 250">')
    (True, False)
    """
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ([\d.]+)"', svg)
    return bool(box) and float(box.group(2)) > float(box.group(1))


def one_year_before(day: str) -> str:
    """
    >>> one_year_before("2012-11-01"), one_year_before("2016-02-29")
    ('2011-11-01', '2015-02-28')
    """
    d = dt.date.fromisoformat(day)
    try:
        return d.replace(year=d.year - 1).isoformat()
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28).isoformat()


def slug(text: str) -> str:
    """
    >>> slug("https://w3id.org/govgraph/id/llr/spb")
    'llr-spb'
    """
    tail = text.split("/id/", 1)[-1]
    return re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")


cell = cell_text  # a cell as the reports print it: as the answer tables do


def dates_of(row: dict) -> str:
    if not (row.get("from") or row.get("until")):
        return ""
    return f"{row.get('from') or '…'} to {row.get('until') or '…'}"


def to_row(row: dict, key: str, extras: tuple) -> Row:
    main = row.get(key)
    link = None
    extra = ", ".join(cell(row[x]) for x in extras if row.get(x) is not None and not _is_url(row[x]))
    for x in extras:
        if _is_url(row.get(x)):
            link = legislation_url(row[x])
    return Row(text=cell(main), extra=extra, dates=dates_of(row), link=link, status=row.get("status"),
               last_stated=row.get("last_stated"), evidence=row.get("evidence", []),
               derivation=row.get("derivation", []))


def _is_url(value) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def legislation_url(url: str) -> str:
    """The legislation.gov.uk page for a legislation identifier (``/id/`` URIs redirect).

    >>> legislation_url("http://www.legislation.gov.uk/id/ukpga/1998/37/section/6")
    'https://www.legislation.gov.uk/ukpga/1998/37/section/6'
    """
    return re.sub(r"^https?://www\.legislation\.gov\.uk/id/", "https://www.legislation.gov.uk/", url)
