"""Every quote in graph/ is found, whitespace-normalised, in the seed file it cites."""
from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import DCTERMS, RDF

from check_curation import normalise  # the evidence rule's one definition
from conftest import ROOT, SEEDS

GOV = rdflib.Namespace("https://w3id.org/govgraph/ontology#")


def graph_files():
    return sorted((ROOT / "graph").rglob("*.ttl"))


@pytest.fixture(scope="module")
def seeds() -> dict[str, str]:
    return {p.name: normalise(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    g = rdflib.Graph().parse(ROOT / "graph" / "sources.ttl")
    return {str(s): str(g.value(s, GOV.fileName)) for s in g.subjects(RDF.type, GOV.Source)}


@pytest.mark.parametrize("path", graph_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quote_is_in_its_seed(path, seeds, sources):
    g = rdflib.Graph().parse(path)
    missing = []
    evidence = set(g.objects(None, GOV.evidence))
    for node in evidence:
        source, quote = g.value(node, DCTERMS.source), g.value(node, GOV.quote)
        assert source is not None and quote is not None, f"evidence without source or quote in {path}"
        text = seeds[sources[str(source)]]
        if normalise(str(quote)) not in text:
            missing.append(f"{sources[str(source)]}: {quote}")
    assert not missing, "quotes not found in their seed:\n" + "\n".join(missing)


def test_the_five_seeds_are_the_sources(sources):
    # a dated part of a paper (the minutes in the 2018 pack) is a source of its own, same file
    assert sorted(set(sources.values())) == sorted(p.name for p in SEEDS.glob("*.txt"))


def test_every_source_says_which_day_it_describes():
    g = rdflib.Graph().parse(ROOT / "graph" / "sources.ttl")
    days = {str(s).rsplit("/", 1)[1]: str(g.value(s, GOV.describesDate)) for s in g.subjects(RDF.type, GOV.Source)}
    assert days == {"000": "2011-06-01", "001": "2012-08-01", "002": "2012-04-01", "003": "2019-11-06",
                    "004": "2018-12-10", "004-minutes": "2018-10-01"}
