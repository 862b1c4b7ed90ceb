"""Every acronym in seed 001's "ACRONYMS AND THEIR MEANING" list resolves in the graph.

The list is printed in two interleaved columns; the acronyms below are transcribed
from it (lines 1260-1316), in the order printed.
"""
from __future__ import annotations

import json

import pytest

from governance.query.resolve import label_index
from governance.store.labels import normalise

ACRONYMS = [
    "ACPO", "ACPO (TAM)", "FOI", "ASB", "HMCTS", "BCU", "HMIC", "CAB", "HRYO", "CC", "HSE", "CCP", "ICSB",
    "CDRP", "ICV", "CJSCG", "ICVA", "CJS", "IDVA", "CPS", "IEM", "CSB", "IOM", "CSP", "IPCC", "CSPB", "JAG",
    "DAT", "KPI", "DAAT", "LA", "DACG", "LAA", "DCC", "LCJB", "DIP", "LGA", "DPP", "LPU", "DTC", "LPS", "DV",
    "LRP", "DYO", "LSCB", "EMA", "LCSCB", "Force Area", "LRPT", "LSP", "MAPPA", "PCSO", "MAPPOM", "PCT",
    "MARAC", "PNC", "MATRA", "PND", "MoJ", "PRSRA", "MSF", "PSA", "MSG", "PVP", "NCA", "PYO", "NCJB", "RA",
    "NMIS", "RSG", "NOMS", "SAB", "NPJA", "SDVC", "NPP", "SFC", "NPT", "SLP", "OCJR", "SMPB", "PA", "SPI",
    "PQQ", "SPR", "PARO", "SV", "PCC", "VAL", "PaCCA", "VCS", "PCP", "WRVS", "PCSD", "YJB", "YOS", "YOT",
]

# acronyms whose meaning names one body: the top match must be that body
BODIES = {
    "LRPT": "Leicestershire and Rutland Probation Trust",
    "SLP": "Safer Leicester Partnership",
    "LCSCB": "Leicestershire Safer Communities Strategy Board",
    "CSPB": "Community Safety Programme Board",
    "LCJB": "Local Criminal Justice Board",
    "HMCTS": "HM Courts and Tribunals Service",
    "CPS": "Crown Prosecution Service",
    "MAPPA": "Multi Agency Public Protection Arrangements",
    "VAL": "Voluntary Action LeicesterShire",
    "MoJ": "Ministry of Justice",
}


def test_the_list_has_all_96_entries():
    assert len(ACRONYMS) == len(set(ACRONYMS)) == 96


@pytest.mark.parametrize("acronym", ACRONYMS)
def test_acronym_resolves_to_something_with_that_name(acronym, llr, llr_project):
    matches = label_index(llr, llr_project).search(acronym, limit=3)
    assert matches, f"{acronym} resolves to nothing"
    assert matches[0].score == 100.0 and matches[0].matched == normalise(acronym), \
        f"{acronym}: best match is {matches[0]}"


@pytest.mark.parametrize("acronym,label", sorted(BODIES.items()))
def test_body_acronyms_resolve_to_their_body(acronym, label, llr_cli):
    result = llr_cli("ask", "search", acronym, "--format", "json")
    assert result.exit_code == 0
    top = json.loads(result.stdout)["rows"][0]
    assert top["match"]["label"] == label
