"""`governance ask` on the small fixture: exact output, formats, errors, exit codes."""
from __future__ import annotations

import json


def test_reports_to_table_is_exact(mini_cli):
    result = mini_cli("ask", "reports-to", "SPB")
    assert result.exit_code == 0
    assert result.stdout == (  # 100 columns (not a terminal): the long name wraps in its column
        "reporter                                                             kind          from        until\n"
        "-------------------------------------------------------------------  ------------  ----------  -----\n"
        "Anti-Social Behaviour (ASB) Strategy Group                           sub-group of  2012-09-01\n"
        "Leicester, Leicestershire and Rutland Reducing Re-offending          sub-group of  2012-09-01\n"
        "Programme Board\n"
    )


def test_names_resolve_by_label_acronym_and_case(mini_cli):
    for name in ("SPB", "spb", "Strategic Partnership Board", "the strategic partnership board", "llr:spb"):
        data = json.loads(mini_cli("ask", "reports-to", name, "--format", "json").stdout)
        assert data["params"]["body"] == {"id": "https://w3id.org/govgraph/id/llr/spb",
                                          "label": "Strategic Partnership Board"}


def test_funders_json_follows_the_contract(mini_cli):
    result = mini_cli("ask", "funders", "UAVA", "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data == {
        "query": "funders",
        "params": {"body": {"id": "https://w3id.org/govgraph/id/llr/uava",
                            "label": "United Against Violence and Abuse"}},
        "at": None,
        "columns": ["funder", "amount", "flows", "basis"],
        "rows": [
            {"funder": {"id": "https://w3id.org/govgraph/id/llr/leicester-city-council", "label": "Leicester City Council"},
             "amount": {"value": 279150, "currency": "GBP", "from": "2018-04-01", "to": "2019-03-31"},
             "flows": 1},
            {"funder": {"id": "https://w3id.org/govgraph/id/llr/rutland-county-council", "label": "Rutland County Council"},
             "amount": {"value": 56325, "currency": "GBP", "from": "2018-04-01", "to": "2019-03-31"},
             "flows": 1},
        ],
        "totals": {"amount": {"value": 335475, "currency": "GBP", "from": None, "to": None}},
    }


def test_funders_at_a_date_picks_that_period_with_pence(mini_cli):
    data = json.loads(mini_cli("ask", "funders", "UAVA", "--at", "2016-01-01", "--format", "json").stdout)
    assert data["at"] == "2016-01-01"
    assert [(r["funder"]["label"], r["amount"]["value"]) for r in data["rows"]] == [("Leicester City Council", 92313.33)]


def test_csv_has_label_and_id_columns(mini_cli):
    result = mini_cli("ask", "funders", "UAVA", "--format", "csv")
    assert result.stdout.splitlines() == [
        "funder,funder_id,amount,amount_currency,amount_from,amount_to,flows,basis",
        "Leicester City Council,https://w3id.org/govgraph/id/llr/leicester-city-council,279150,GBP,2018-04-01,2019-03-31,1,",
        "Rutland County Council,https://w3id.org/govgraph/id/llr/rutland-county-council,56325,GBP,2018-04-01,2019-03-31,1,",
    ]


def test_why_shows_source_file_and_quote(mini_cli):
    data = json.loads(mini_cli("ask", "reports-to", "SPB", "--why", "--format", "json").stdout)
    assert data["rows"][0]["evidence"] == [{
        "source": "001_808a09639abe0ae2.txt",
        "quote": "The Anti-Social Behaviour (ASB) Strategy Group, which will be a sub-group of the Strategic Partnership Board"}]


def test_transitive_lists_descendants_with_depth(mini_cli):
    data = json.loads(mini_cli("ask", "reports-to", "SPB", "--transitive", "--format", "json").stdout)
    assert data["columns"] == ["reporter", "kind", "from", "until", "via", "depth"]
    assert {r["depth"] for r in data["rows"]} == {1}


def test_an_ended_body_is_answered_as_of_its_last_day(mini_cli):
    data = json.loads(mini_cli("ask", "reports-to", "CSPB", "--format", "json").stdout)
    assert data["at"] == "2012-08-31"
    assert data["notes"] == ["Community Safety Programme Board ended on 2012-08-31; answering as of that day"]
    assert [r["reporter"]["label"] for r in data["rows"]] == [
        "Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board"]


def test_at_before_a_line_started_leaves_it_out(mini_cli):
    data = json.loads(mini_cli("ask", "reports-to", "SPB", "--at", "2012-08-01", "--format", "json").stdout)
    assert data["rows"] == []


def test_restricted_facts_are_hidden_unless_asked_for(mini_cli):
    hidden = mini_cli("ask", "reports-to", "SPB", "--format", "json")
    shown = mini_cli("ask", "reports-to", "SPB", "--format", "json", "--include-restricted")
    assert "Restricted Test Board" not in hidden.stdout
    assert "Restricted Test Board" in shown.stdout
    unknown = mini_cli("ask", "reports-to", "Restricted Test Board")
    assert unknown.exit_code == 2


def test_unknown_name_exits_2_with_a_suggestion(mini_cli):
    result = mini_cli("ask", "reports-to", "Strategic Partnership Bored")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == ("error: unknown body 'Strategic Partnership Bored'; "
                             "did you mean: Strategic Partnership Board, Community Safety Programme Board?\n")


def test_ambiguous_name_lists_candidates_with_ids(mini_cli):
    result = mini_cli("ask", "reports-to", "Council")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: 'Council' is ambiguous: Leicester City Council <https://w3id.org/govgraph/id/llr/leicester-city-council>; "
        "Rutland County Council <https://w3id.org/govgraph/id/llr/rutland-county-council>. Use the full name or the id.\n")


def test_bad_date_exits_2(mini_cli):
    result = mini_cli("ask", "reports-to", "SPB", "--at", "2012-13-01")
    assert result.exit_code == 2
    assert result.stderr == "error: bad date '2012-13-01': use YYYY-MM-DD, e.g. 2013-06-01\n"


def test_unknown_query_suggests_the_closest(mini_cli):
    result = mini_cli("ask", "report-to", "SPB")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: no query named 'report-to'; did you mean: reports-to")


def test_wrong_number_of_arguments_shows_usage(mini_cli):
    result = mini_cli("ask", "reports-to")
    assert result.exit_code == 2
    assert result.stderr == ("error: 'reports-to' takes 1 argument(s): "
                             "governance ask reports-to BODY [--transitive] [--at DATE] [--include-advice]\n")


def test_bad_format_is_refused_by_click(mini_cli):
    result = mini_cli("ask", "reports-to", "SPB", "--format", "xml")
    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr


def test_queries_lists_the_catalogue(mini_cli):
    result = mini_cli("queries")
    assert "reports-to BODY [--transitive] [--at DATE] [--include-advice]\n    Bodies that report to BODY" in result.stdout


def test_help_works_without_a_store(tmp_path):
    from click.testing import CliRunner

    from governance.cli.main import cli

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    assert "governance ask reports-to SPB" in result.stdout
