"""Reading a spreadsheet for ``governance import``: a .csv (UTF-8) or .xlsx (openpyxl)
file as its header and numbered rows, and the vocabulary its cells may name."""
from __future__ import annotations

import csv
from pathlib import Path

from .. import vocab
from ..errors import UsageError
from ..store.project import Project


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The header and the rows (with their row numbers as a spreadsheet shows them) of
    a .csv or .xlsx file; blank rows are skipped."""
    if not path.is_file():
        raise UsageError(f"cannot read {path}: no such file")
    if path.suffix.lower() == ".xlsx":
        import openpyxl

        try:
            sheet = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one line
            raise UsageError(f"cannot read {path} as a workbook: {exc}") from None
        values = [["" if v is None else (v.date().isoformat() if hasattr(v, "date") and callable(v.date) else str(v))
                   for v in row] for row in sheet.iter_rows(values_only=True)]
    elif path.suffix.lower() == ".csv":
        try:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                values = list(csv.reader(handle))
        except (UnicodeDecodeError, csv.Error) as exc:
            raise UsageError(f"cannot read {path} as UTF-8 CSV: {exc}") from None
    else:
        raise UsageError(f"cannot import '{path.name}': give a .csv or .xlsx file")
    if not values:
        raise UsageError(f"{path.name} is empty: start from 'governance import --template KIND'")
    header = [h.strip() for h in values[0]]
    rows = []
    for number, cells in enumerate(values[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue
        rows.append((number, {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}))
    return header, rows


class Vocabulary:
    """The terms a cell may name, read from the ontology (not a list in the code)."""

    def __init__(self, project: Project):
        import pyoxigraph as ox

        store = ox.Store()
        store.load(path=str(project.ontology_dir / "govgraph.ttl"), format=ox.RdfFormat.TURTLE)

        def select(query: str) -> set[str]:
            return {row[0].value for row in store.query(query, prefixes=vocab.PREFIXES)}

        self.body_types = select("SELECT ?c WHERE { ?c rdfs:subClassOf+ org:Organization FILTER(isIRI(?c)) }")
        self.line_kinds = select("SELECT ?k WHERE { ?k a gov:ReportingKind }")
        self.roles = select("SELECT ?r WHERE { ?r a org:Role }")

    @staticmethod
    def term(cell: str, allowed: set[str]) -> str | None:
        cell = cell.strip()
        for iri in allowed:
            if cell in (iri, vocab.shorten(iri), iri.rsplit("#", 1)[-1]):
                return iri
        lowered = cell.lower()
        matches = [iri for iri in allowed if iri.rsplit("#", 1)[-1].lower() == lowered]
        return matches[0] if len(matches) == 1 else None

    @staticmethod
    def names(allowed: set[str]) -> str:
        return " ".join(sorted(iri.rsplit("#", 1)[-1] for iri in allowed))
