"""Every command: its output, its --help, and its error paths with exit codes."""
from __future__ import annotations

import json

import pytest


def labels(result, column):
    return [row[column]["label"] for row in json.loads(result.stdout)["rows"]]


# --- the structure before and after the Strategic Partnership Board (September 2012) ---

def test_rrpb_reports_to_cspb_and_lcjb_before_the_spb(llr_cli):
    # the day the 2012 paper describes: the CSPB is known from it, never before (issue 11)
    result = llr_cli("ask", "chain", "Reducing Re-offending Programme Board", "--at", "2012-08-01", "--format", "json")
    assert set(labels(result, "parent")) >= {"Community Safety Programme Board", "Local Criminal Justice Board"}
    assert "Strategic Partnership Board" not in labels(result, "parent")


def test_rrpb_is_a_subgroup_of_the_spb_after(llr_cli):
    result = llr_cli("ask", "chain", "Reducing Re-offending Programme Board", "--at", "2013-06-01", "--format", "json")
    parents = labels(result, "parent")
    assert "Strategic Partnership Board" in parents
    assert "Community Safety Programme Board" not in parents and "Local Criminal Justice Board" not in parents


def test_nothing_reports_to_the_spb_before_it_existed(llr_cli):
    result = llr_cli("ask", "reports-to", "SPB", "--at", "2012-01-01", "--format", "json")
    data = json.loads(result.stdout)
    assert data["rows"] == []
    assert data["notes"] == ["Strategic Partnership Board did not exist yet on 2012-01-01 (it began on 2012-09-01)"]


def test_the_cspb_had_ended_by_2013(llr_cli):
    result = llr_cli("ask", "reports-to", "CSPB", "--at", "2013-06-01")
    assert result.stdout.endswith(
        "(no rows)\nnote: Community Safety Programme Board no longer existed on 2013-06-01 (it ended on 2012-08-31)\n")


def test_changes_in_2012_include_the_spb_merger(llr_cli):
    result = llr_cli("ask", "changes", "--from", "2012-09-01", "--to", "2012-09-01", "--format", "json")
    rows = json.loads(result.stdout)["rows"]
    merger = [r for r in rows if r["subject"]["id"].endswith("/event-spb-2012")]
    assert merger and merger[0]["change"] == "merger"
    assert "Community Safety Programme Board" in merger[0]["before"] and "Local Criminal Justice Board" in merger[0]["before"]
    assert merger[0]["after"] == "Strategic Partnership Board"


def test_reports_to_transitive_reaches_grandchildren(llr_cli):
    direct = json.loads(llr_cli("ask", "reports-to", "Leicestershire Together", "--format", "json").stdout)["rows"]
    deep = json.loads(llr_cli("ask", "reports-to", "Leicestershire Together", "--transitive", "--format", "json").stdout)["rows"]
    assert len(deep) > len(direct)
    assert max(r["depth"] for r in deep) >= 2
    assert all(r["via"]["label"] for r in deep)


# --- show, sparql, analyse, stats, queries ---

def test_show_prints_a_profile(llr_cli):
    result = llr_cli("show", "UAVA")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "United Against Violence and Abuse"
    assert "type: gov:Service" in lines
    # stated by the 2018 pack, carried forward to the latest paper's day (issue 11)
    assert "  - Living without Abuse (consortium member) — carried forward (2018-12-10, 004)" in lines
    assert any(line.startswith("  - Leicester City Council (£") for line in lines)
    assert lines[-1].startswith("sources: ") and "004_32f4856aa6526652.txt" in lines[-1]


def test_show_json(llr_cli):
    data = json.loads(llr_cli("show", "SLP", "--format", "json").stdout)
    assert data["id"] == "https://w3id.org/govgraph/id/llr/slp"
    assert "SLP" in data["labels"]
    assert len(data["sections"]["Priorities"]) == 6


def test_sparql_select_in_every_format(llr_cli):
    query = "SELECT ?csp WHERE { ?csp a gov:CommunitySafetyPartnership } ORDER BY ?csp"
    table = llr_cli("sparql", query)
    assert table.exit_code == 0 and "Safer Leicester Partnership" in table.stdout
    data = json.loads(llr_cli("sparql", query, "--format", "json").stdout)  # W3C SPARQL JSON results
    assert data["head"] == {"vars": ["csp"]}
    rows = data["results"]["bindings"]
    assert len(rows) >= 9 and all(row["csp"]["type"] == "uri" for row in rows)
    csv = llr_cli("sparql", query, "--format", "csv").stdout_bytes.decode().split("\r\n")
    assert csv[0] == "csp" and csv[1:] == [row["csp"]["value"] for row in rows] + [""]
    tsv = llr_cli("sparql", query, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "?csp" and tsv[1:] == [f"<{row['csp']['value']}>" for row in rows]


def test_sparql_ask_and_construct(llr_cli):
    assert llr_cli("sparql", "ASK { llr:spb a gov:Board }").stdout == "true\n"
    assert llr_cli("sparql", "ASK { llr:spb a gov:Board }", "--format", "json").stdout == \
        '{"head":{},"boolean":true}\n'
    query = "CONSTRUCT { llr:spb skos:prefLabel ?l } WHERE { llr:spb skos:prefLabel ?l }"
    assert llr_cli("sparql", query).stdout == (
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix llr: <https://w3id.org/govgraph/id/llr/> .\n"
        'llr:spb skos:prefLabel "Strategic Partnership Board"@en .\n')
    assert llr_cli("sparql", query, "--format", "ntriples").stdout == (
        '<https://w3id.org/govgraph/id/llr/spb> <http://www.w3.org/2004/02/skos/core#prefLabel> '
        '"Strategic Partnership Board"@en .\n')


@pytest.mark.parametrize("update", [
    "INSERT DATA { llr:x a gov:Board }",
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/govgraph/graph/restricted>",
])
def test_sparql_refuses_updates(llr_cli, update):
    result = llr_cli("sparql", update)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: updates are refused (")
    assert result.stderr.endswith("): governance sparql is read-only\n")


def test_sparql_refuses_service(llr_cli):
    result = llr_cli("sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    assert (result.exit_code, result.stderr) == (
        2, "error: SERVICE (federated query) is refused: queries run on the local graph only\n")


def test_sparql_syntax_error_is_one_line(llr_cli):
    result = llr_cli("sparql", "SELECT ?x WHERE { ?x a ")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: SPARQL syntax error") and result.stderr.count("\n") == 1


def test_sparql_reads_stdin_and_files(llr_cli, tmp_path):
    path = tmp_path / "q.rq"
    path.write_text("ASK { llr:slp a gov:CommunitySafetyPartnership }")
    assert llr_cli("sparql", str(path)).stdout == "true\n"


def test_sparql_hides_restricted_graph(mini_cli):
    query = "SELECT ?b WHERE { ?b a gov:Board ; gov:sensitivity gov:Restricted }"
    assert "(no rows)" in mini_cli("sparql", query).stdout
    assert "Restricted Test Board" in mini_cli("sparql", query, "--include-restricted").stdout


def test_analyse_accountability_finds_dual_reporting(llr_cli):
    rows = json.loads(llr_cli("analyse", "accountability", "--format", "json").stdout)["rows"]
    findings = {r["finding"] for r in rows}
    assert "dual reporting" in findings
    assert all(r["body"]["id"].startswith("https://w3id.org/govgraph/id/") for r in rows)


def test_analyse_funding_rolls_up_per_funder(llr_cli):
    rows = json.loads(llr_cli("analyse", "funding", "--at", "2018-06-01", "--format", "json").stdout)["rows"]
    funders = {r["body"]["label"]: r["amount"]["value"] for r in rows if r["by"] == "funder" and "amount" in r}
    assert funders["Leicestershire County Council"] >= 231300


def test_analyse_hubs(llr_cli):
    rows = json.loads(llr_cli("analyse", "hubs", "--format", "json").stdout)["rows"]
    assert rows and rows[0]["reports_in"] >= rows[-1]["reports_in"]


def test_analyse_rejects_unknown_view(llr_cli):
    result = llr_cli("analyse", "money")
    assert result.exit_code == 2 and "Invalid value for" in result.stderr


def test_stats_reports_full_evidence(llr_cli):
    data = json.loads(llr_cli("stats", "--format", "json").stdout)
    assert data["evidence_share"] == 100.0
    assert data["organisations"] > 150
    assert set(data["quotes_per_source"]) == {"000_1d9325843362064e.txt", "001_808a09639abe0ae2.txt",
                                              "002_d53e1718549f5d00.txt", "003_915fcc72b528605f.txt",
                                              "004_32f4856aa6526652.txt"}
    assert all(n > 0 for n in data["quotes_per_source"].values())


def test_queries_lists_all_fourteen(llr_cli):
    out = llr_cli("queries").stdout
    for name in ("reports-to", "chain", "subgroups", "funders", "funded-by", "funding", "duties", "duty-holders",
                 "members", "memberships", "chair", "priorities", "changes", "search"):
        assert f"\n{name} " in "\n" + out or out.startswith(name), name


@pytest.mark.parametrize("command", ["ask", "show", "sparql", "analyse", "stats", "queries", "build", "check"])
def test_every_command_has_help(llr_cli, command):
    result = llr_cli(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: cli {command}") or result.stdout.startswith("Usage:")


def test_show_unknown_body_exits_2(llr_cli):
    result = llr_cli("show", "Ministry of Magic")
    assert result.exit_code == 2
    assert result.stderr == "error: unknown name 'Ministry of Magic'; did you mean: Ministry of Justice?\n"


def test_show_a_glossary_term(llr_cli):
    lines = llr_cli("show", "FOI").stdout.splitlines()
    assert lines[:2] == ["Freedom of Information", "======================"]
    assert "type: gov:Term" in lines


def test_changes_rejects_a_bad_range_date(llr_cli):
    result = llr_cli("ask", "changes", "--from", "2011-02-30")
    assert (result.exit_code, result.stderr) == (2, "error: bad date '2011-02-30': use YYYY-MM-DD, e.g. 2013-06-01\n")


def test_from_is_refused_where_it_means_nothing(llr_cli):
    result = llr_cli("ask", "funders", "UAVA", "--from", "2012-01-01")
    assert result.exit_code == 2
    assert result.stderr == "error: 'funders' takes no --from option: governance ask funders BODY [--at DATE]\n"


def test_analyse_accountability_lists_every_path_of_a_body(llr_cli):
    rows = json.loads(llr_cli("analyse", "accountability", "Reducing Re-offending Programme Board",
                              "--at", "2012-08-01", "--format", "json").stdout)["rows"]
    assert {r["top"]["label"] for r in rows} == {"Community Safety Programme Board", "Local Criminal Justice Board"}
    assert all(r["chain"].startswith("Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board -> ")
               for r in rows)


def test_analyse_body_only_for_accountability(llr_cli):
    result = llr_cli("analyse", "hubs", "SPB")
    assert (result.exit_code, result.stderr) == (
        2, "error: 'analyse hubs' takes no BODY (only 'analyse accountability BODY' does)\n")


@pytest.mark.parametrize("args,message", [
    (("show", ""), "error: no name given: name one by its full name, an acronym or its id\n"),
    (("ask", "search", " "), "error: 'search' needs some text: governance ask search TEXT [--at DATE]\n"),
])
def test_empty_names_are_refused(llr_cli, args, message):
    result = llr_cli(*args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_a_diagram_into_a_missing_folder_is_one_line(llr_cli, tmp_path):
    target = tmp_path / "no" / "such" / "x.svg"
    result = llr_cli("ask", "reports-to", "SPB", "--diagram", str(target))
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot write {target}: the folder {target.parent} does not exist\n")
