"""CSV: one file per relation kind. bodies, lines, memberships and funding have the
columns of the import templates (``templates/columns.csv``), so an export imports
back; duties, events and posts have their own.

Ids are prefixed names where a known prefix fits (``llr:spb``), vocabulary terms their
local names (``SubgroupOf``, ``Chair``), several values one cell separated by ``; ``,
dates ISO, amounts plain numbers. Each row carries its first evidence (source file and
quote); a fact with more evidence has one more row per quote holding only its id,
source and quote. Only curated facts: what the rules infer is left out (an import
infers it again).

>>> template_columns("lines")
['id', 'from', 'to', 'kind', 'valid_from', 'valid_until', 'source', 'quote']
"""
from __future__ import annotations

import csv
import io
import zipfile
from functools import lru_cache
from pathlib import Path

from .. import vocab
from .tables import Tables, local_name

TEMPLATES = Path(__file__).with_name("templates")
IMPORT_KINDS = ("bodies", "lines", "memberships", "funding")
OTHER_COLUMNS = {
    "duties": ["id", "holder", "duty", "legislation", "valid_from", "valid_until", "source", "quote"],
    "events": ["id", "kind", "date", "original", "resulting", "source", "quote"],
    "posts": ["id", "label", "organization", "holders", "role", "source", "quote"],
}


@lru_cache(maxsize=1)
def template_spec() -> dict[str, list[dict]]:
    """The documented columns of each import template, in order."""
    spec: dict[str, list[dict]] = {}
    with (TEMPLATES / "columns.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            spec.setdefault(row["kind"], []).append(row)
    return spec


def template_columns(kind: str) -> list[str]:
    return [row["column"] for row in template_spec()[kind]]


def template_text(kind: str) -> str:
    """The template of an import kind: its header line (the columns are documented in
    ``templates/columns.csv`` and the README)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(template_columns(kind))
    return out.getvalue()


def _id(iri):
    return vocab.shorten(iri) if iri else ""


def _many(values, fn=_id) -> str:
    return "; ".join(fn(v) for v in values)


def _text(value) -> str:
    return "" if value is None else str(value)


def table_rows(tables: Tables, kind: str) -> list[dict]:
    """The rows of one CSV file (cells as text): the curated facts, what the papers
    state; what the rules infer from them (``inferred:`` ids) is left out, as an import
    of the file would infer it again."""
    rows = []
    for row in _rows(tables, kind):
        if row["id"].startswith("inferred:"):
            continue
        rows.append(row)
        for source, quote in sorted(tables.evidence.get(_expand(row["id"]), ()))[1:]:
            rows.append({"id": row["id"], "source": source, "quote": quote})  # more evidence of the same fact
    return rows


def _expand(name: str) -> str:
    prefix, _, rest = name.partition(":")
    return vocab.PREFIXES[prefix] + rest if prefix in vocab.PREFIXES else name


def _rows(tables: Tables, kind: str) -> list[dict]:
    rows = []

    def evidence(iri: str) -> dict:
        source, quote = tables.first_evidence(iri)
        return {"source": source or "", "quote": quote or ""}

    if kind == "bodies":
        for b in tables.bodies:
            gov_types = [local_name(t) for t in b["types"] if t.startswith(vocab.GOV)]
            rows.append({"id": _id(b["id"]), "label": b["label"], "type": (sorted(gov_types) or ["Organization"])[0],
                         "alt_labels": "; ".join(b["alt_labels"]), "area": _many(b["areas"]),
                         "valid_from": _text(b["valid_from"]), "valid_until": _text(b["valid_until"]),
                         **evidence(b["id"])})
    elif kind == "lines":
        for line in tables.lines:
            rows.append({"id": _id(line["line"]), "from": _id(line["from"]), "to": _id(line["to"]),
                         "kind": local_name(line["kind"]), "valid_from": _text(line.get("valid_from")),
                         "valid_until": _text(line.get("valid_until")), **evidence(line["line"])})
    elif kind == "memberships":
        for m in tables.memberships:
            rows.append({"id": _id(m["membership"]), "member": _id(m["member"]),
                         "organization": _id(m["organization"]), "role": _many(m["role"], local_name),
                         "valid_from": _text(m.get("valid_from")), "valid_until": _text(m.get("valid_until")),
                         **evidence(m["membership"])})
    elif kind == "funding":
        for f in tables.funding:
            rows.append({"id": _id(f["flow"]), "funders": _many(f["funder"]), "recipient": _id(f["recipient"]),
                         "amount": _text(f.get("amount")), "currency": _text(f.get("currency")),
                         "valid_from": _text(f.get("valid_from")), "valid_until": _text(f.get("valid_until")),
                         "fund_stream": _id(f.get("stream")), "purpose": _text(f.get("purpose")),
                         "part_of": _many(f["part_of"]), "restates": _many(f["restates"]), **evidence(f["flow"])})
    elif kind == "duties":
        for d in tables.duties:
            rows.append({"id": _id(d["assignment"]), "holder": _id(d["holder"]), "duty": _id(d["duty"]),
                         "legislation": _many(d["legislation"], str), "valid_from": _text(d.get("valid_from")),
                         "valid_until": _text(d.get("valid_until")), **evidence(d["assignment"])})
    elif kind == "events":
        for e in tables.events:
            rows.append({"id": _id(e["event"]), "kind": local_name(e.get("kind")) or "", "date": _text(e.get("date")),
                         "original": _many(e["original"]), "resulting": _many(e["resulting"]), **evidence(e["event"])})
    elif kind == "posts":
        for p in tables.posts:
            rows.append({"id": _id(p["post"]), "label": _text(p.get("label")), "organization": _id(p.get("organization")),
                         "holders": _many(p["holder"]), "role": local_name(p.get("role")) or "", **evidence(p["post"])})
    return rows


def columns(kind: str) -> list[str]:
    return template_columns(kind) if kind in IMPORT_KINDS else OTHER_COLUMNS[kind]


def csv_text(tables: Tables, kind: str) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns(kind), lineterminator="\n")
    writer.writeheader()
    writer.writerows(table_rows(tables, kind))
    return out.getvalue()


CSV_KINDS = IMPORT_KINDS + tuple(OTHER_COLUMNS)


def csv_files(tables: Tables) -> dict[str, str]:
    """``{"bodies.csv": text, ...}``: one file per relation kind."""
    return {f"{kind}.csv": csv_text(tables, kind) for kind in CSV_KINDS}


def zip_bytes(files: dict[str, str]) -> bytes:
    """The files as one zip (fixed timestamps: the same export gives the same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in sorted(files.items()):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return out.getvalue()
