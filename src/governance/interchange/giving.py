"""360Giving JSON (Data Standard 1.4.3): one grant per funding flow with a stated
amount, as a package ``{"grants": [...]}`` valid against the package schema.

- ``amountAwarded`` the flow's amount; ``currency`` its currency (GBP);
- ``awardDate`` the start of its period, else the day of the first paper that states
  it (the build's timeline); ``plannedDates`` the period (start and end) as printed;
- ``fundingOrganization`` every funder, ``recipientOrganization`` the recipient, each
  with its org-id where one is known (``data/org-ids.csv``: GB-LAE-... councils,
  GB-GOR-... departments), else a govgraph identifier;
- ``grantProgramme`` the fund stream; ``description`` the purpose, the row and column
  as printed, and the flow it is part of or restates (so that a reader does not add it
  twice).

A flow with no stated amount cannot be a 360Giving grant (``amountAwarded`` is
required): it is left out, and the package description says how many were.
"""
from __future__ import annotations

import csv
import json
from functools import lru_cache
from pathlib import Path

from .. import vocab
from .tables import Tables

ORG_IDS = Path(__file__).with_name("data") / "org-ids.csv"
PREFIX = "360G-govgraph-"


@lru_cache(maxsize=1)
def org_ids() -> dict[str, str]:
    """Body IRI -> org-id, from ``data/org-ids.csv`` (each row names its register record)."""
    with ORG_IDS.open(encoding="utf-8", newline="") as handle:
        return {_expand(row["id"]): row["org_id"] for row in csv.DictReader(handle)}


def _expand(name: str) -> str:
    prefix, _, rest = name.partition(":")
    return vocab.PREFIXES[prefix] + rest if prefix in vocab.PREFIXES and not name.startswith("http") else name


def _local_id(iri: str) -> str:
    return vocab.shorten(iri).replace(":", "-").replace("/", "-")


def organisation(tables: Tables, iri: str) -> dict:
    return {"id": org_ids().get(iri) or f"{PREFIX}org-{_local_id(iri)}", "name": tables.label(iri)}


def grant(tables: Tables, flow: dict) -> dict:
    funders = [tables.label(f) for f in flow["funder"]]
    recipient = tables.label(flow["recipient"])
    notes = [flow.get("purpose")]
    if flow.get("row") or flow.get("column"):
        notes.append("As printed: " + ", ".join(x for x in (flow.get("row"), flow.get("column")) if x) + ".")
    notes += [f"Part of {vocab.shorten(p)} (not to be added to it)." for p in flow["part_of"]]
    notes += [f"Restates {vocab.shorten(r)} (the same money)." for r in flow["restates"]]
    if len(funders) > 1:
        notes.append("Paid by the funders together; no funder's own share is stated.")
    record = {
        "id": PREFIX + _local_id(flow["flow"]),
        "title": f"{' and '.join(funders)} to {recipient}",
        "description": " ".join(n for n in notes if n) or f"Funding from {' and '.join(funders)} to {recipient}.",
        "currency": flow.get("currency") or "GBP",
        "amountAwarded": float(flow["amount"]),
        "awardDate": flow.get("valid_from") or flow.get("known_from"),
        "fundingOrganization": [organisation(tables, f) for f in flow["funder"]],
        "recipientOrganization": [organisation(tables, flow["recipient"])],
        "url": flow["flow"],
    }
    if flow.get("valid_from") or flow.get("valid_until"):
        dates = {"startDate": flow.get("valid_from") or flow.get("valid_until")}
        if flow.get("valid_until"):
            dates["endDate"] = flow["valid_until"]
        record["plannedDates"] = [dates]
    if flow.get("stream"):
        record["grantProgramme"] = [{"code": vocab.shorten(flow["stream"]), "title": tables.label(flow["stream"])}]
    return record


def giving_package(tables: Tables) -> dict:
    """The 360Giving package of every funding flow with a stated amount and a date."""
    grants, left_out = [], []
    for flow in tables.funding:
        if flow.get("amount") is None or not (flow.get("valid_from") or flow.get("known_from")):
            left_out.append(flow["flow"])
            continue
        grants.append(grant(tables, flow))
    description = (f"Funding flows of the govgraph knowledge graph ({len(grants)} grants"
                   + (f"; {len(left_out)} flows with no stated amount or date are left out" if left_out else "")
                   + (f"; as of {tables.at}" if tables.at else "") + ").")
    return {"version": "1.4", "title": "govgraph funding flows", "description": description, "grants": grants}


def to_360giving(tables: Tables) -> bytes:
    return (json.dumps(giving_package(tables), indent=1, ensure_ascii=False) + "\n").encode()
