"""`governance stats`: what the graph holds, and how well it is evidenced."""
from __future__ import annotations

from .. import vocab
from ..store.embedded import GraphStore
from ..store.project import Project


def graph_stats(gs: GraphStore, project: Project, include_restricted: bool = False) -> dict:
    """Counts per class and relation kind, evidence coverage, quotes per seed file."""
    def run(name):
        return gs.select(project.internal_query(name), include_restricted=include_restricted)

    classes = {vocab.shorten(r["class"].value): int(r["count"].value) for r in run("stats-classes")}
    relations = [{"relation": r["relation"].value, "kind": r["kind"].value, "count": int(r["count"].value)}
                 for r in run("stats-relations")]
    evidence = run("stats-evidence")[0]
    facts, evidenced = int(evidence["facts"].value), int(evidence["with_evidence"].value)
    return {
        # without --include-restricted not even how many restricted facts there are
        "triples": gs.manifest["triples"] - (0 if include_restricted else gs.manifest["restricted_triples"]),
        "restricted_triples": gs.manifest["restricted_triples"] if include_restricted else None,
        "organisations": int(run("stats-organisations")[0]["count"].value),
        "classes": classes,
        "relations": relations,
        "facts": facts,
        "facts_with_evidence": evidenced,
        "evidence_share": round(100.0 * evidenced / facts, 1) if facts else 100.0,
        "quotes_per_source": {r["file"].value: int(r["quotes"].value) for r in run("stats-quotes")},
    }


def format_stats(stats: dict) -> str:
    restricted = stats.get("restricted_triples")
    lines = [f"triples: {stats['triples']} " + ("(restricted facts left out)" if restricted is None
                                                 else f"({restricted} restricted)"),
             f"organisations: {stats['organisations']}",
             f"facts with evidence: {stats['facts_with_evidence']} of {stats['facts']} ({stats['evidence_share']}%)",
             "", "things per class:"]
    width = max((len(c) for c in stats["classes"]), default=0)
    lines += [f"  {c.ljust(width)}  {n}" for c, n in stats["classes"].items()]
    lines += ["", "relations per kind:"]
    lines += [f"  {r['relation']}{': ' + r['kind'] if r['kind'] else ''}  {r['count']}" for r in stats["relations"]]
    lines += ["", "distinct quotes per source:"]
    lines += [f"  {f}  {n}" for f, n in stats["quotes_per_source"].items()]
    return "\n".join(lines)
