"""Write a synthetic England-and-Wales graph: 43 police force areas with their councils,
community safety partnerships, safeguarding boards, PCCs and panels, YOS and MAPPA
arrangements, funds, flows and pools, change events over 2011-2019 and a few restricted
items, each area with the source text its quotes are taken from.

The output is shaped like ``graph/llr/`` (the classes, relations, evidence and dates of
the curated LLR data, ``graph/CURATION.md``), so that the build, the rules, ``check``,
``review`` and every catalogue query run on it unchanged::

    DIR/sources.ttl             every gov:Source (one text per area; dated parts of it)
    DIR/national.ttl, .txt      England, Wales, the regions, departments, duties, funds
    DIR/areas/<slug>.ttl, .txt  one police force area and the text its quotes come from

Every quote is a sentence of its area's text, so the evidence rule holds. The same
seed gives the same bytes: all choices come from one ``random.Random(seed)``. Place,
body and person names are invented (the 43 force areas and the regions are real);
ONS-style codes are synthetic (``E07900001`` ...).

>>> import tempfile
>>> out = Path(tempfile.mkdtemp())
>>> summary = synthesise(out, areas=1, seed=3)
>>> summary["areas"], summary["triples"] > 10000
(1, True)
>>> sorted(p.name for p in (out / "areas").iterdir())[:1]
['avon-and-somerset.ttl']
"""
from __future__ import annotations

import random
from pathlib import Path
from typing import Callable

from .. import vocab
from .area import AreaBuilder
from .reference import BASE, DUTIES, FORCES, FUNDS, LEG, NATIONAL, NATIONAL_BODIES, PARTS, REGIONS, SOURCE
from .text import Doc, Names, day, lit

__all__ = ["BASE", "synthesise"]


def national(rng: random.Random) -> tuple[Doc, list[str]]:
    """England, Wales, the regions, the departments, the statutory duties and the funds."""
    doc = Doc("nat", NATIONAL, "England and Wales: national bodies, duties and funds")
    p = "2011"
    doc.thing("nat:area-england-and-wales", "gov:Area",
              [("skos:prefLabel", lit("England and Wales") + "@en"), ("gov:onsCode", lit("K04000001"))],
              [doc.say(p, "This paper covers the police force areas of England and of Wales.")])
    doc.thing("nat:area-england", "gov:Area", [("skos:prefLabel", lit("England") + "@en"), ("gov:onsCode", lit("E92000001")),
                                               ("gov:withinArea", "nat:area-england-and-wales")],
              [doc.say(p, "This paper covers the police force areas of England and of Wales.")])
    for key, (label, code) in REGIONS.items():
        # a landscape of "England and Wales" draws one cluster per force area, inside its region
        within = [("gov:withinArea", "nat:area-england-and-wales" if key == "wales" else "nat:area-england")]
        doc.thing(f"nat:region-{key}", "gov:Area", [("skos:prefLabel", lit(label) + "@en"),
                                                     ("gov:onsCode", lit(code))] + within,
                  [doc.say(p, f"The {label} area is one of the areas this paper covers.")])
    for ident, label, kind, alts in NATIONAL_BODIES:
        doc.thing(f"nat:{ident}", kind, [("skos:prefLabel", lit(label) + "@en"),
                                         ("skos:altLabel", [lit(a) for a in alts]), ("gov:area", "nat:area-england")],
                  [doc.say(p, f"The {label} ({alts[0]}) is a national body.")])
    for ident, label, path, alts, _ in DUTIES:
        doc.thing(f"nat:{ident}", "gov:StatutoryDuty",
                  [("skos:prefLabel", lit(label) + "@en"), ("skos:altLabel", [lit(a) for a in alts]),
                   ("gov:legislation", f"<{LEG}{path}>")],
                  [doc.say(p, f"The law places a duty on public bodies: {label}.")])
    for ident, label, alts in FUNDS:
        doc.thing(f"nat:{ident}", "gov:Fund", [("skos:prefLabel", lit(label) + "@en"),
                                               ("skos:altLabel", [lit(a) for a in alts])],
                  [doc.say(p, f"The {label} is a national funding stream.")])
    return doc, [p]



def synthesise(out: str | Path, *, areas: int = 43, seed: int = 0, scale: float = 1.0,
               progress: Callable[[str], None] | None = None) -> dict:
    """Write the synthetic graph into ``out`` and return a summary (areas, triples, files).

    ``areas`` takes the first N of the 43 force areas (alphabetical); ``scale`` multiplies
    the number of priorities per plan (the largest class, as in LLR). ``progress`` is
    called with each area's name once it is written.
    """
    if not 1 <= areas <= len(FORCES):
        from ..errors import UsageError
        raise UsageError(f"--areas must be between 1 and {len(FORCES)}, not {areas}")
    out = Path(out)
    (out / "areas").mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    names = Names(rng)
    prefixes = {"gov": vocab.GOV, "org": vocab.ORG, "skos": vocab.SKOS, "dcterms": "http://purl.org/dc/terms/",
                "foaf": "http://xmlns.com/foaf/0.1/", "xsd": vocab.XSD, "src": SOURCE, "nat": BASE + NATIONAL + "/"}
    doc, parts = national(rng)
    (out / "national.ttl").write_text(doc.turtle(prefixes), encoding="utf-8")
    (out / "national.txt").write_text(doc.text(), encoding="utf-8")
    sources = [_source_block(NATIONAL, "England and Wales: national bodies, duties and funds", "national.txt", parts)]
    triples = doc.triples
    for index, (force, region) in enumerate(FORCES[:areas]):
        builder = AreaBuilder(random.Random(rng.random()), names, index, force, region, scale)
        area_doc = builder.build()
        area_prefixes = dict(prefixes, a=BASE + builder.slug + "/")
        (out / "areas" / f"{builder.slug}.ttl").write_text(area_doc.turtle(area_prefixes), encoding="utf-8")
        (out / "areas" / f"{builder.slug}.txt").write_text(area_doc.text(), encoding="utf-8")
        sources.append(_source_block(builder.slug, area_doc.title, f"areas/{builder.slug}.txt", list(area_doc.sections)))
        triples += area_doc.triples
        if progress:
            progress(force)
    head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items())
    (out / "sources.ttl").write_text("# The synthetic papers (governance synth): one text per area, in dated parts.\n"
                                     + head + "\n" + "\n".join(b for b, _ in sources), encoding="utf-8")
    triples += sum(n for _, n in sources)
    return {"areas": areas, "seed": seed, "triples": triples, "directory": str(out)}


def _source_block(slug: str, title: str, file_name: str, parts: list[str]) -> tuple[str, int]:
    """The gov:Source of one text and of each dated part of it (as src:004-minutes in LLR)."""
    days = {key: described for key, described, _ in PARTS}
    blocks, count = [], 0
    whole = f"src:synth-{slug}"
    latest = max(days[p] for p in parts)
    blocks.append(f"{whole} a gov:Source ;\n    skos:prefLabel {lit(title)}@en ;\n    dcterms:title {lit(title)} ;\n"
                  f"    gov:fileName {lit(file_name)} ;\n    dcterms:date {day(latest)} ;\n    gov:describesDate {day(latest)} .\n")
    count += 6
    headings = {key: heading for key, _, heading in PARTS}
    for part in parts:
        label = f"{title}, {headings[part].split('. ', 1)[1]}"
        blocks.append(f"{whole}-{part} a gov:Source ;\n    skos:prefLabel {lit(label)}@en ;\n    dcterms:title {lit(label)} ;\n"
                      f"    dcterms:isPartOf {whole} ;\n    gov:fileName {lit(file_name)} ;\n"
                      f"    dcterms:date {day(days[part])} ;\n    gov:describesDate {day(days[part])} .\n")
        count += 7
    return "\n".join(blocks), count

