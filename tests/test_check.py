"""`governance check`: pySHACL validation of the data model, exit codes 0/1/2."""
from __future__ import annotations

from conftest import Cli


def test_real_graph_conforms(llr_cli):
    result = llr_cli("check")
    assert result.stdout.splitlines()[-1].startswith("conforms"), result.stdout
    assert result.exit_code == 0


def test_mini_graph_conforms(mini_cli):
    result = mini_cli("check")
    assert (result.exit_code, result.stdout) == (0, "conforms\n")


def test_violations_name_focus_message_and_file(mini_copy, tmp_path):
    (mini_copy / "bad.ttl").write_text("""
@prefix gov: <https://w3id.org/govgraph/ontology#> .
@prefix llr: <https://w3id.org/govgraph/id/llr/> .
@prefix src: <https://w3id.org/govgraph/id/source/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
llr:nameless a gov:Board ;
    gov:evidence [ dcterms:source src:001 ; gov:quote "Strategic Partnership Board" ] .
llr:bad-line a gov:ReportingLine ;
    gov:from llr:nameless ; gov:kind gov:Reports ;
    gov:validFrom "2013-01-01"^^xsd:date ; gov:validUntil "2012-01-01"^^xsd:date ;
    gov:evidence [ dcterms:source src:001 ; gov:quote "Strategic Partnership Board" ] .
llr:bad-flow a gov:FundingFlow ;
    gov:funder llr:nameless ; gov:recipient llr:nameless ; gov:amount "-5"^^xsd:decimal ;
    gov:evidence [ dcterms:source src:001 ] .
""")
    result = Cli(mini_copy, tmp_path / "store")("check")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "violation: graph/bad.ttl: llr:nameless (skos:prefLabel): needs exactly one skos:prefLabel [gsh:LabelledThing]" in lines
    assert "violation: graph/bad.ttl: llr:bad-line (gov:to): a reporting line needs one gov:to organisation or post [gsh:ReportingLine]" in lines
    assert any(line.startswith("violation: graph/bad.ttl: llr:bad-line (gov:validFrom): gov:validFrom must be one xsd:date, on or before")
               for line in lines)
    assert any("llr:bad-flow (gov:amount): gov:amount must be an xsd:decimal >= 0" in line for line in lines)
    assert any("llr:bad-flow" in line and "gov:quote" in line for line in lines)
    assert lines[-1].endswith("violation(s), 0 other finding(s)")


def test_check_on_malformed_turtle_exits_2(mini_copy, tmp_path):
    (mini_copy / "broken.ttl").write_text("@prefix a: <http://x/> .\na:b a:c .\n")
    result = Cli(mini_copy, tmp_path / "store")("check")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: graph/broken.ttl")
    assert result.stderr.count("\n") == 1
