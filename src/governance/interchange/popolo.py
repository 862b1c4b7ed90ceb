"""Popolo JSON: ``{"organizations", "memberships", "posts", "persons"}``, each item valid
against its Popolo schema (``organization.json``, ``membership.json`` ...).

- organizations: ``id`` (the IRI), ``name``, ``other_names`` (acronyms and variants),
  ``classification`` (the kind), ``parent_id`` (the body it is a sub-group of),
  ``founding_date`` / ``dissolution_date`` (explicit dates, else the day an event
  created or ended it), ``identifiers`` (its org-id where known), ``sources``;
- memberships: ``organization_id``, the member as ``person_id``, ``post_id`` or
  ``member`` (an organisation), ``role`` (one membership per role), ``start_date`` /
  ``end_date``;
- posts with their ``organization_id``; persons with their names.
"""
from __future__ import annotations

import json

from .. import vocab
from ..render import style
from .giving import org_ids
from .tables import Tables, local_name


def _sources(tables: Tables, iri: str) -> list[dict]:
    return [{"url": tables.sources.get(file, file) if not file.startswith("http") else file,
             "note": f"{file}: {quote}"} for file, quote in sorted(tables.evidence.get(iri, ()))]


def _dates(record: dict, start_key: str, end_key: str, start, end) -> dict:
    if start:
        record[start_key] = start
    if end:
        record[end_key] = end
    return record


def popolo(tables: Tables) -> dict:
    """The structure as Popolo organizations, memberships, posts and persons."""
    persons = {iri for iri, thing in tables.things.things.items() if vocab.FOAF + "Person" in thing.types}
    posts = {p["post"] for p in tables.posts}
    parents: dict[str, list[str]] = {}
    for line in tables.lines:
        if line["kind"] == vocab.GOV + "SubgroupOf":
            parents.setdefault(line["from"], []).append(line["to"])
    created, ended = {}, {}
    for event in tables.events:
        for body in event["resulting"]:
            created.setdefault(body, event.get("date"))
        for body in event["original"]:
            if event.get("kind") != vocab.GOV + "Transfer":
                ended.setdefault(body, event.get("date"))
    organizations = []
    for body in tables.bodies:
        iri = body["id"]
        record = {"id": iri, "name": body["label"],
                  "classification": style.KIND_LEGEND.get(body["kind"], body["kind"])}
        if body["alt_labels"]:
            record["other_names"] = [{"name": n} for n in body["alt_labels"]]
        if iri in org_ids():
            record["identifiers"] = [{"identifier": org_ids()[iri], "scheme": org_ids()[iri].rsplit("-", 1)[0]}]
        if parents.get(iri):
            record["parent_id"] = sorted(parents[iri])[0]
        _dates(record, "founding_date", "dissolution_date", body["valid_from"] or created.get(iri),
               body["valid_until"] or ended.get(iri))
        record["sources"] = _sources(tables, iri)
        organizations.append(record)
    memberships = []
    for m in tables.memberships:
        for role in m["role"] or [None]:
            record = {"id": f"{m['membership']}#{local_name(role) or 'member'}", "organization_id": m["organization"],
                      "label": f"{tables.label(m['member'])}, {local_name(role) or 'member'} of {tables.label(m['organization'])}"}
            if role:
                record["role"] = tables.term(role)
            member = m["member"]
            if member in persons:
                record["person_id"] = member
            elif member in posts:
                record["post_id"] = member
            else:
                record["member"] = {"@type": "Organization", "id": member}
            _dates(record, "start_date", "end_date", m.get("valid_from"), m.get("valid_until"))
            record["sources"] = _sources(tables, m["membership"])
            memberships.append(record)
    for p in tables.posts:  # a post's holders as memberships of the post's organisation
        for holder in p["holder"]:
            if p.get("organization"):
                memberships.append({"id": f"{p['post']}#{vocab.shorten(holder)}", "person_id": holder,
                                    "post_id": p["post"], "organization_id": p["organization"],
                                    "role": p.get("label") or "post holder", "sources": _sources(tables, p["post"])})
    post_records = []
    for p in tables.posts:
        record = {"id": p["post"], "label": p.get("label") or tables.label(p["post"])}
        if p.get("organization"):
            record["organization_id"] = p["organization"]
        if p.get("role"):
            record["role"] = local_name(p["role"])
        record["sources"] = _sources(tables, p["post"])
        post_records.append(record)
    person_records = []
    for iri in sorted(persons):
        thing = tables.things.things[iri]
        record = {"id": iri, "name": thing.label, "sources": _sources(tables, iri)}
        if thing.alt:
            record["other_names"] = [{"name": n} for n in sorted(thing.alt)]
        person_records.append(record)
    return {"organizations": organizations, "memberships": memberships, "posts": post_records,
            "persons": person_records}


def to_popolo(tables: Tables) -> bytes:
    return (json.dumps(popolo(tables), indent=1, ensure_ascii=False) + "\n").encode()
