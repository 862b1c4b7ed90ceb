"""`governance show BODY`: one profile of a body, assembled from the named questions."""
from __future__ import annotations

from .. import vocab
from ..store.embedded import GraphStore
from ..store.project import Project
from .answer import cell_text
from .asof import CARRIED, status_text
from .ask import ask
from .facts import entity_facts, evidence_for
from .resolve import label_index

SECTIONS = [
    ("Reports to", "chain", "parent", ("kind",)),
    ("Reported to by", "reports-to", "reporter", ("kind",)),
    ("Members", "members", "member", ("role",)),
    ("Member of", "memberships", "organization", ("role",)),
    ("Chair", "chair", "post|person", ("person",)),
    ("Statutory duties", "duties", "duty", ("legislation",)),
    ("Priorities", "priorities", "priority", ("of",)),
    ("Funded by", "funders", "funder", ("amount", "basis")),
    ("Funds", "funded-by", "recipient", ("amount", "basis")),
]


def profile(gs: GraphStore, project: Project, name: str, *, at: str | None = None,
            include_restricted: bool = False) -> dict:
    """Everything the catalogue knows about one body, as plain data."""
    match = label_index(gs, project, include_restricted).resolve(name, kind="any", noun="name")
    facts = entity_facts(gs, project, match.id, include_restricted)
    index = label_index(gs, project, include_restricted)
    out = {
        "id": match.id,
        "label": match.label,
        "labels": sorted(index.names.get(match.id, set()) - {match.label}),
        "types": sorted(vocab.shorten(t) for t in facts.get("types", ())),
        "area": index.labels.get(facts.get("area"), facts.get("area")),
        "from": facts.get("from"),
        "until": facts.get("until"),
        "definition": facts.get("definition"),
        "at": at,
        "sections": {},
        "sources": sorted({e["source"] for e in evidence_for(gs, project, match.id, include_restricted)}),
    }
    for title, query, key, extras in SECTIONS if index.kind_ok(match.id, "entity") else ():
        answer = ask(gs, project, query, [match.id], at=at, include_restricted=include_restricted)
        if query == "chain":
            answer.rows = [r for r in answer.rows if r.get("depth") == 1]
        lines, held_by = [], []
        for row in answer.rows:
            main = next((k for k in key.split("|") if row.get(k)), None)
            if main is None:
                continue
            extra = ", ".join(cell_text(row[x]) for x in extras if row.get(x) is not None and x != main)
            dates = "" if not (row.get("from") or row.get("until")) else \
                f" [{row.get('from') or '…'} to {row.get('until') or '…'}]"
            mark = f" — {status_text(row)}" if row.get("status") == CARRIED else ""
            line = f"{cell_text(row[main])}{' (' + extra + ')' if extra else ''}{dates}{mark}"
            # the holder of an office (the PCC) is shown as such, not as a member
            is_holder = query == "members" and getattr(row.get("role"), "id", None) == vocab.GOV + "OfficeHolder"
            (held_by if is_holder else lines).append(line)
        if held_by:
            out["sections"]["Held by"] = held_by
        if answer.totals:
            lines.append("total " + ", ".join(cell_text(v) for v in answer.totals.values()))
        out["sections"][title] = lines
        out.setdefault("notes", []).extend(n for n in answer.notes if n not in out.get("notes", []))
    return out


def format_profile(data: dict) -> str:
    lines = [data["label"], "=" * len(data["label"]), f"id: {data['id']}"]
    if data["labels"]:
        lines.append(f"also: {'; '.join(data['labels'])}")
    lines.append(f"type: {', '.join(data['types'])}")
    if data.get("definition"):
        lines.append(f"definition: {data['definition']}")
    if data["area"]:
        lines.append(f"area: {data['area']}")
    if data["from"] or data["until"]:
        lines.append(f"existed: {data['from'] or '…'} to {data['until'] or '…'}")
    lines.append(f"as of: {data['at'] or 'latest state known'}")
    for title, items in data["sections"].items():
        if items:
            lines += ["", f"{title}:"] + [f"  - {item}" for item in items]
    # the notes say what the empty sections found; the sources close the profile
    lines += [""] + [f"note: {n}" for n in data.get("notes", [])]
    lines.append(f"sources: {', '.join(data['sources']) or 'none'}")
    return "\n".join(lines)
