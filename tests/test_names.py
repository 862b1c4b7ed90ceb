"""Names as people write them (issue 12, Names): duties by their law as cited, duties by
words of their description, several matches as the ambiguity error with ids, and search
with one row per thing that says whose a priority is.

The expected duties are the ones whose gov:legislation id is the cited section
(graph/llr/duties.ttl), so a wrong act or section fails here.
"""
from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from governance.errors import AmbiguousNameError, UnknownNameError
from governance.query.resolve import label_index, parse_citation
from governance.store.labels import act_names, law_data

LLR = "https://w3id.org/govgraph/id/llr/"
LEG = "http://www.legislation.gov.uk/id/"
CCA = LEG + "ukpga/2004/36"
CCA_DUTIES = {LLR + d for d in ("duty-cca-assess-risk", "duty-cca-business-continuity",
                                 "duty-cca-business-continuity-advice", "duty-cca-cooperate",
                                 "duty-cca-share-information", "duty-cca-warn-inform-advise")}

CITED = [
    ("section 17", "duty-cda-s17"),
    ("s.17 Crime and Disorder Act 1998", "duty-cda-s17"),
    ("CDA 1998 s17", "duty-cda-s17"),
    ("C&DA 1998 s.17", "duty-cda-s17"),
    ("sec. 17 of the Crime and Disorder Act", "duty-cda-s17"),
    ("Crime and Disorder Act 1998, section 17", "duty-cda-s17"),
    ("Children Act 2004 s.11", "duty-children-act-2004-s11"),
    ("Children Act 2004 section 10", "duty-children-act-2004-s10"),
    ("PRSRA 2011 s10", "duty-prsra-s10"),
    ("Police Reform and Social Responsibility Act 2011 s.5", "duty-pcc-police-and-crime-plan"),
    ("duty to reduce re-offending", "duty-csp-reduce-reoffending"),
]


@pytest.fixture(scope="module")
def index(llr, llr_project):
    return label_index(llr, llr_project)


@pytest.mark.parametrize("text,duty", CITED)
def test_a_duty_resolves_by_its_law_as_people_cite_it(text, duty, index):
    assert index.resolve(text, "duty", "duty").id == LLR + duty


def test_an_act_with_a_category_of_responder_names_that_acts_duties_of_that_category(index):
    match = index.resolve("Civil Contingencies Act 2004 Category 1 responder", "duty", "duty", allow_group=True)
    assert match.id == CCA
    assert set(match.group) == CCA_DUTIES


def test_a_citation_of_several_duties_is_ambiguous_where_one_duty_is_needed(index):
    with pytest.raises(AmbiguousNameError) as error:
        index.resolve("Civil Contingencies Act 2004 Category 1 responder", "duty", "duty")
    assert {iri for iri, _ in error.value.candidates} == CCA_DUTIES


@pytest.mark.parametrize("text", ["section 99", "Crime and Disorder Act 1998 s.99", "Magic Act 2001 s.17"])
def test_a_citation_of_no_known_duty_is_unknown(text, index):
    with pytest.raises(UnknownNameError):
        index.resolve(text, "duty", "duty")


def test_the_acts_are_learnt_from_the_data_not_a_table(index):
    acts = index.acts
    assert acts[LEG + "ukpga/1998/37"]["label"] == "Crime and Disorder Act 1998"
    assert "cda" in acts[LEG + "ukpga/1998/37"]["acronyms"]
    assert acts[CCA]["label"] == "Civil Contingencies Act 2004"
    assert "cca" in acts[CCA]["acronyms"]  # "the Civil Contingencies Act 2004 (CCA)"
    assert "prsra" in acts[LEG + "ukpga/2011/13"]["acronyms"]  # the glossary term that rdfs:seeAlso the act


def test_a_new_areas_act_is_known_from_its_duties_texts():
    duty, law = ox.NamedNode("https://example.org/duty"), ox.NamedNode(LEG + "asp/2010/13/section/7")
    rows = [{"duty": duty, "law": law, "text": ox.Literal("A duty under the Criminal Justice and Licensing "
                                                          "(Scotland) Act 2010 (CJLSA)")}]
    acts = law_data(rows)["acts"]
    assert acts[LEG + "asp/2010/13"]["label"] == "Criminal Justice and Licensing (Scotland) Act 2010"
    assert "cjlsa" in acts[LEG + "asp/2010/13"]["acronyms"]
    assert act_names("the Children Act 2004", "2011") == []  # another year: another act


def test_citation_parts():
    assert parse_citation("sec. 17") == parse_citation("section 17") == parse_citation("S17")
    assert parse_citation("Crime and Disorder Act 1998 ss.5-6").section == "5"


@pytest.mark.parametrize("text", [t for t, _ in CITED] + ["Civil Contingencies Act 2004 Category 1 responder"])
def test_duty_holders_answers_every_citation(text, llr_cli):
    result = llr_cli("ask", "duty-holders", text, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rows"]


def test_duty_holders_of_a_cited_group_says_which_duty_each_row_is(llr_cli):
    result = llr_cli("ask", "duty-holders", "Civil Contingencies Act 2004 Category 1 responder", "--format", "json")
    answer = json.loads(result.stdout)
    assert answer["params"]["duty"]["id"] == CCA
    assert answer["columns"][:2] == ["holder", "duty"]
    assert {row["duty"]["id"] for row in answer["rows"]} == CCA_DUTIES
    holders = {row["holder"]["label"] for row in answer["rows"]}
    assert "Category 1 responders" in holders
    assert any("cites 6 duties of Civil Contingencies Act 2004" in n for n in answer["notes"])


@pytest.mark.parametrize("name,some", [
    ("Safer Partnership", ["slp", "safer-rutland-partnership"]),  # words of several labels, not in order
    ("Leicester Partnership", ["slp"]),
])
def test_a_name_with_several_matches_is_the_ambiguity_error_with_ids(name, some, llr_cli):
    result = llr_cli("ask", "members", name)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: '{name}' is ambiguous: ")
    assert "unknown" not in result.stderr
    for local in some:
        assert f"<{LLR}{local}>" in result.stderr


def test_a_truly_unknown_name_still_gets_suggestions(llr_cli):
    result = llr_cli("ask", "members", "Safer Rutlnd Partnership")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: unknown body 'Safer Rutlnd Partnership'; did you mean: "
                                    "Safer Rutland Partnership")


def test_search_has_one_row_per_thing_and_says_whose_a_priority_is(llr_cli):
    answer = json.loads(llr_cli("ask", "search", "domestic abuse", "--format", "json").stdout)
    assert answer["columns"] == ["match", "of", "type", "score"]
    ids = [row["match"]["id"] for row in answer["rows"]]
    assert len(ids) == len(set(ids))
    priorities = [row for row in answer["rows"] if row["type"] == "Priority"]
    assert priorities and all(row.get("of") for row in priorities)
    # the three priorities called "Domestic abuse" are told apart by whose they are
    same = [row for row in priorities if row["match"]["label"] == "Domestic abuse"]
    owners = [tuple(o["label"] for o in row["of"]) for row in same]
    assert len(same) >= 2 and len(set(owners)) == len(owners)
    assert ("Safer Rutland Partnership",) in owners


def test_search_finds_a_duty_by_its_law(llr_cli):
    answer = json.loads(llr_cli("ask", "search", "CDA 1998 s17", "--format", "json").stdout)
    top = answer["rows"][0]
    assert top["match"]["id"] == LLR + "duty-cda-s17" and top["score"] == 100.0


@pytest.mark.parametrize("text", ["Strategic Partnership Board", "SPB", "safer", "Leicestershre County Councl",
                                  "youth offending", "PCC", "board", "x"])
def test_name_scores_in_c_equal_the_scores_name_by_name(text, index):
    """The search's scores (rapidfuzz's process.extract over every name, whole words
    tried only where the text occurs) equal the plain definition, one name at a time."""
    from rapidfuzz import fuzz

    from governance.store.labels import normalise

    key = normalise(text)
    expected = {}
    for name in index.by_name:
        if name == key:
            score = 100.0
        elif re.search(rf"\b{re.escape(key)}\b", name):
            score = 90.0 - min(len(name) - len(key), 40) / 4
        else:
            score = fuzz.ratio(key, name) * 0.8
        if score >= 50:
            expected[name] = score
    assert index._name_scores(key) == pytest.approx(expected)
    assert expected or text == "x"  # a real comparison: every text but the last matches names
