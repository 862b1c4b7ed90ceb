"""``governance export``: the graph in one of the ecosystem's formats.

RDF (turtle, trig, nquads, jsonld) dumps the visible graphs as they are; the others
(graphml, cytoscape, csv, 360giving, popolo) are made from the structure's tables
(:mod:`governance.interchange.tables`), as of ``at`` when given. Restricted facts
only with ``include_restricted``.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from ..store.embedded import GraphStore
from ..store.project import Project

RDF = ("turtle", "trig", "nquads", "jsonld")
STRUCTURED = ("graphml", "cytoscape", "csv", "360giving", "popolo")
FORMATS = RDF + STRUCTURED
EXTENSIONS = {"turtle": ".ttl", "trig": ".trig", "nquads": ".nq", "jsonld": ".jsonld", "graphml": ".graphml",
              "cytoscape": ".json", "csv": "", "360giving": ".json", "popolo": ".json"}


@dataclass
class Export:
    """What an export made: one file's bytes, or several files (CSV) by name."""

    fmt: str
    data: bytes | None = None
    files: dict | None = None


def export(gs: GraphStore, project: Project, fmt: str, at: str | None = None,
           include_restricted: bool = False) -> Export:
    """The graph in ``fmt`` (see :data:`FORMATS`)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format '{fmt}': use one of {', '.join(FORMATS)}")
    if fmt in RDF:
        if at:
            raise UsageError(f"--at does not apply to {fmt}: an RDF dump holds every fact with its dates "
                             "(gov:knownFrom/gov:knownUntil in the timeline graph); use it with "
                             + ", ".join(STRUCTURED))
        from .rdf import dump_jsonld, dump_rdf

        data = dump_jsonld(gs, project, include_restricted) if fmt == "jsonld" else dump_rdf(gs, fmt, include_restricted)
        return Export(fmt, data=data)
    from ..query.asof import parse_date
    from .tables import read_tables

    tables = read_tables(gs, project, parse_date(at) if at else None, include_restricted)
    if fmt == "csv":
        from .tabular import csv_files

        return Export(fmt, files=csv_files(tables))
    if fmt == "graphml":
        from .network import to_graphml

        return Export(fmt, data=to_graphml(tables))
    if fmt == "cytoscape":
        from .network import to_cytoscape

        return Export(fmt, data=to_cytoscape(tables))
    if fmt == "360giving":
        from .giving import to_360giving

        return Export(fmt, data=to_360giving(tables))
    from .popolo import to_popolo

    return Export(fmt, data=to_popolo(tables))


def write_export(result: Export, path: str | Path) -> list[Path]:
    """Write an export to ``path`` atomically. CSV goes to a folder (one file per
    relation kind) or, for a ``.zip`` name, one zip; returns the files written."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")
    if result.files is None:
        _atomic(path, result.data)
        return [path]
    if path.suffix.lower() == ".zip":
        from .tabular import zip_bytes

        _atomic(path, zip_bytes(result.files))
        return [path]
    if path.exists() and not path.is_dir():
        raise UsageError(f"cannot write CSV files into {path}: it is a file (give a folder or a .zip name)")
    path.mkdir(exist_ok=True)
    written = []
    for name, text in sorted(result.files.items()):
        _atomic(path / name, text.encode("utf-8"))
        written.append(path / name)
    return written


def _atomic(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
