"""Check curated Turtle files against the seeds and the vocabulary.

Usage: python scripts/check_curation.py FILE.ttl [FILE.ttl ...]

Reports, per file: parse errors, quotes not found in the seed they cite,
typed subjects without evidence, gov: terms not defined in ontology/govgraph.ttl.
Exit 0 when clean, 1 otherwise.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import rdflib
from rdflib.namespace import RDF, SKOS, DCTERMS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
GOV = rdflib.Namespace("https://w3id.org/govgraph/ontology#")
SRC = "https://w3id.org/govgraph/id/source/"


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seed_texts() -> dict[str, str]:
    texts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        texts[path.name[:3]] = normalise(path.read_text(encoding="utf-8"))
    return texts


def vocabulary() -> set[str] | None:
    onto = ROOT / "ontology" / "govgraph.ttl"
    if not onto.exists():
        return None
    g = rdflib.Graph().parse(onto)
    return {str(s) for s in g.subjects() if str(s).startswith(str(GOV))}


def check(path: Path, texts: dict[str, str], vocab: set[str] | None) -> list[str]:
    problems = []
    g = rdflib.Graph()
    try:
        g.parse(path, format="turtle")
    except Exception as exc:  # report and move on: one line per file
        return [f"{path}: parse error: {exc}"]
    for ev in set(g.objects(None, GOV.evidence)):
        source = g.value(ev, DCTERMS.source)
        quote = g.value(ev, GOV.quote)
        if source is None or quote is None:
            problems.append(f"{path}: evidence node without dcterms:source or gov:quote")
            continue
        key = str(source).removeprefix(SRC).split("-", 1)[0]  # a dated part (004-minutes) quotes its paper
        if key not in texts:
            problems.append(f"{path}: unknown source {source}")
        elif normalise(str(quote)) not in texts[key]:
            problems.append(f"{path}: quote not in seed {key}: {str(quote)[:90]!r}")
    for s in set(g.subjects(RDF.type, None)):
        if isinstance(s, rdflib.BNode) or (s, RDF.type, GOV.Source) in g:
            continue  # sources are the evidence themselves
        if (s, GOV.evidence, None) not in g:
            problems.append(f"{path}: {s} has a type but no gov:evidence")
    if vocab is not None:
        for term in set(g.predicates()) | set(g.objects()):
            if isinstance(term, rdflib.URIRef) and str(term).startswith(str(GOV)) and str(term) not in vocab:
                problems.append(f"{path}: gov: term not in ontology: {term}")
    for s in set(g.subjects(SKOS.prefLabel, None)):
        labels = list(g.objects(s, SKOS.prefLabel))
        if len(labels) > 1:
            problems.append(f"{path}: {s} has {len(labels)} prefLabels")
    return problems


def cross_file(files: list[Path]) -> list[str]:
    """Across all files: referenced ids never defined, labels shared by two ids."""
    g = rdflib.Graph()
    for f in files:
        g.parse(f, format="turtle")
    problems = []
    llr = "https://w3id.org/govgraph/id/"
    defined = {s for s in g.subjects(SKOS.prefLabel, None)}
    for s, p, o in g:
        if isinstance(o, rdflib.URIRef) and str(o).startswith(llr) and o not in defined and p != DCTERMS.source:
            problems.append(f"undefined: {o} (used by {s} {p})")
        if isinstance(s, rdflib.URIRef) and str(s).startswith(llr) and s not in defined:
            problems.append(f"no prefLabel: {s}")
    for s in defined:
        if len(set(g.objects(s, SKOS.prefLabel))) > 1:
            problems.append(f"several prefLabels: {s}: {sorted(map(str, g.objects(s, SKOS.prefLabel)))}")
    names: dict[str, set] = {}
    skip = {GOV.Priority, GOV.Evidence, GOV.Source}
    for s in defined:
        if set(g.objects(s, RDF.type)) & skip:
            continue
        for label in set(g.objects(s, SKOS.prefLabel)) | set(g.objects(s, SKOS.altLabel)):
            names.setdefault(re.sub(r"[^a-z0-9]+", " ", str(label).lower()).strip(), set()).add(s)
    for name, things in sorted(names.items()):
        if len(things) > 1:
            problems.append(f"shared label {name!r}: {sorted(map(str, things))}")
    return sorted(set(problems))


def main(argv: list[str]) -> int:
    texts = seed_texts()
    vocab = vocabulary()
    files = [Path(a) for a in argv] or sorted((ROOT / "graph").rglob("*.ttl"))
    problems = [p for f in files for p in check(f, texts, vocab)]
    if not argv:
        problems += cross_file(files)
    for p in problems:
        print(p)
    print(f"{len(files)} file(s), {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
