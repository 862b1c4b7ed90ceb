"""Organise curated Turtle into one file per topic under graph/llr/.

Usage: python scripts/organise_graph.py [--dir FOLDER] [--merge OLD_ID=NEW_ID ...] [SOURCE.ttl ...]

Curators may work in any files (e.g. one per seed paper); this merges them and writes
graph/llr/<topic>.ttl, each subject (with its evidence) in the file of its kind, sorted
by id, so the same input always gives the same files. ``--merge old=new`` folds a
duplicate id into another (ids as ``llr:x``): its statements move over and its
preferred label becomes an alternative label, so no name is lost. The sources given are removed
after a successful write (areas.ttl is never touched: it is edited by hand).
"""
from __future__ import annotations

import sys
from pathlib import Path

import rdflib
from rdflib.namespace import FOAF, RDF

ROOT = Path(__file__).resolve().parent.parent
LLR = ROOT / "graph" / "llr"
GOV = rdflib.Namespace("https://w3id.org/govgraph/ontology#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")

# first match wins: relations before things, so a node is filed by what it is
TOPICS = [
    ("changes", {ORG.ChangeEvent}),
    ("reporting", {GOV.ReportingLine}),
    ("memberships", {ORG.Membership, GOV.Meeting, GOV.MembershipList}),
    ("funding", {GOV.FundingFlow, GOV.FundingTable, GOV.Fund}),
    ("duties", {GOV.DutyAssignment, GOV.StatutoryDuty}),
    ("priorities", {GOV.Priority}),
    ("strategies", {GOV.Strategy}),
    ("glossary", {GOV.Term}),
    ("people", {ORG.Post, FOAF.Person}),
    ("areas", {GOV.Area}),
]
HEADERS = {
    "bodies": "Organisations: boards, partnerships, CSPs, authorities, offices, services, programmes, voluntary bodies, categories of bodies.",
    "reporting": "Reporting, accountability, escalation, advice and sub-group lines (gov:ReportingLine).",
    "memberships": "Memberships with roles (org:Membership): members, chairs, responsible authorities, consortium members, attendance at meetings.",
    "funding": "Funds, funding tables as printed (with stated totals) and funding flows (gov:FundingFlow).",
    "duties": "Statutory duties with their legislation, and who holds them (gov:DutyAssignment).",
    "priorities": "Priorities of boards and strategies, per period.",
    "strategies": "Strategies, plans and agreements, with their owners.",
    "changes": "Structural changes (org:ChangeEvent): mergers, replacements, creations, abolitions, transfers.",
    "glossary": "Glossary terms and acronyms that are not bodies (seed 001's acronym list and others).",
    "people": "Posts (org:Post) and named people (foaf:Person).",
}
PREFIXES = {
    "gov": "https://w3id.org/govgraph/ontology#", "llr": "https://w3id.org/govgraph/id/llr/",
    "src": "https://w3id.org/govgraph/id/source/", "org": str(ORG), "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/", "foaf": str(FOAF), "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#", "leg": "http://www.legislation.gov.uk/id/",
}


def topic_of(graph: rdflib.Graph, subject) -> str:
    types = set(graph.objects(subject, RDF.type))
    for topic, classes in TOPICS:
        if types & classes:
            return topic
    return "bodies"


def closure(graph: rdflib.Graph, subject) -> list:
    """The subject's triples and those of the blank nodes it owns (evidence, totals)."""
    out, todo, seen = [], [subject], set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            out.append(triple)
            if isinstance(triple[2], rdflib.BNode):
                todo.append(triple[2])
    return out


def fold(graph: rdflib.Graph, old: rdflib.URIRef, new: rdflib.URIRef) -> None:
    """Move every statement about or to ``old`` onto ``new``."""
    pref = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    alt = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#altLabel")
    for s, p, o in list(graph.triples((old, None, None))):
        graph.remove((s, p, o))
        if p == pref:
            graph.add((new, alt, rdflib.Literal(str(o))))
        elif p != RDF.type or not set(graph.objects(new, RDF.type)):
            graph.add((new, p, o))
    for s, p, o in list(graph.triples((None, None, old))):
        graph.remove((s, p, o))
        graph.add((s, p, new))


def expand(name: str) -> rdflib.URIRef:
    return rdflib.URIRef(PREFIXES["llr"] + name.removeprefix("llr:")) if not name.startswith("http") else rdflib.URIRef(name)


def unshare_blank_nodes(graph: rdflib.Graph) -> None:
    """Give every fact its own copy of a blank node two facts point at (an evidence
    node is part of the fact it supports), so each is written inside its fact."""
    for node in [n for n in set(graph.objects()) if isinstance(n, rdflib.BNode)]:
        pointers = sorted(graph.subject_predicates(node))
        for subject, predicate in pointers[1:]:
            copy = rdflib.BNode()
            for p, o in list(graph.predicate_objects(node)):
                graph.add((copy, p, o))
            graph.remove((subject, predicate, node))
            graph.add((subject, predicate, copy))


def stable_blank_nodes(graph: rdflib.Graph) -> rdflib.Graph:
    """Name each blank node by a digest of its content, so that rdflib writes lists of
    evidence and totals in the same order every time (its blank node ids are random)."""
    import hashlib

    def key(node, depth=0):
        if not isinstance(node, rdflib.BNode) or depth > 5:
            return node.n3()
        return "[" + ";".join(sorted(f"{p.n3()} {key(o, depth + 1)}" for p, o in graph.predicate_objects(node))) + "]"

    def owner(node):
        # the same quote on two facts stays two evidence nodes, each inside its fact
        return " ".join(sorted(f"{s.n3()} {p.n3()}" for s, p in graph.subject_predicates(node)))

    names = {b: rdflib.BNode("b" + hashlib.sha1((owner(b) + key(b)).encode()).hexdigest()[:16])
             for b in set(graph.all_nodes()) if isinstance(b, rdflib.BNode)}
    out = rdflib.Graph()
    for s, p, o in graph:
        out.add((names.get(s, s), p, names.get(o, o)))
    return out


def main(argv: list[str]) -> int:
    options = ("--merge", "--dir")
    merges = [a.split("=", 1) for a, flag in zip(argv[1:], argv) if flag == "--merge"]
    folder = next((Path(a) for a, flag in zip(argv[1:], argv) if flag == "--dir"), LLR)
    sources = [Path(a) for a, prev in zip(argv, [""] + argv) if a not in options and prev not in options]
    existing = [p for p in sorted(folder.glob("*.ttl")) if p.name != "areas.ttl"]
    merged = rdflib.Graph()
    for path in existing + sources:
        merged.parse(path, format="turtle")
    for old, new in merges:
        fold(merged, expand(old), expand(new))
    unshare_blank_nodes(merged)
    parts: dict[str, rdflib.Graph] = {}
    for subject in sorted({s for s in merged.subjects() if isinstance(s, rdflib.URIRef)}):
        topic = topic_of(merged, subject)
        if topic == "areas":
            continue
        part = parts.setdefault(topic, rdflib.Graph())
        for triple in closure(merged, subject):
            part.add(triple)
    for topic, part in sorted(parts.items()):
        part = stable_blank_nodes(part)
        for prefix, ns in PREFIXES.items():
            part.bind(prefix, ns, override=True)
        text = part.serialize(format="turtle")
        header = f"# {HEADERS.get(topic, topic)}\n# Curated from ../shared/seeds/ (see graph/CURATION.md); every fact has evidence.\n\n"
        tmp = folder / f".{topic}.ttl.tmp"
        tmp.write_text(header + text, encoding="utf-8")
        tmp.replace(folder / f"{topic}.ttl")
        print(f"graph/llr/{topic}.ttl: {len(part)} triples")
    for path in sources:
        path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
