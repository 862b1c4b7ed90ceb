"""`governance diff`: the structure as of two days (the library's as-of semantics) and
graph/ at two git revisions (each built into a temporary store); table, json, csv."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess

from conftest import MINI, Cli

LLR = "https://w3id.org/govgraph/id/llr/"


def test_diff_between_two_days_lists_lines_added_and_ended(mini_cli):
    result = mini_cli("diff", "--from", "2012-08-15", "--to", "2012-10-01", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    changes = {(r["what"], r["change"], r["fact"]["id"]) for r in data["rows"]}
    assert ("line", "added", LLR + "line-asb-spb") in changes
    assert ("line", "added", LLR + "line-rrpb-spb") in changes
    # what the library's as-of answer says of each day, nothing else
    reports = json.loads(mini_cli("ask", "reports-to", "SPB", "--at", "2012-10-01", "--format", "json").stdout)
    assert {r["reporter"]["id"] for r in reports["rows"]} <= {f[2] for f in changes if f[0] == "body"} | {
        LLR + "asb-strategy-group", LLR + "reducing-reoffending-programme-board"}
    assert data["params"] == {"from": "2012-08-15", "to": "2012-10-01"}


def test_diff_of_a_day_with_itself_is_empty(mini_cli):
    result = mini_cli("diff", "--from", "2013-01-01", "--to", "2013-01-01")
    assert result.exit_code == 0
    assert "note: no changes" in result.output


def test_diff_csv_has_the_columns(mini_cli):
    result = mini_cli("diff", "--from", "2012-06-01", "--to", "2012-10-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and {"what", "change", "fact", "summary", "field", "before", "after"} <= set(rows[0])


def test_diff_refuses_a_backwards_range_and_mixed_options(mini_cli):
    backwards = mini_cli("diff", "--from", "2013-01-01", "--to", "2012-01-01")
    assert backwards.exit_code == 2 and "after --to" in backwards.stderr
    mixed = mini_cli("diff", "--from", "2013-01-01", "--to", "2014-01-01", "--rev", "HEAD~1..HEAD")
    assert mixed.exit_code == 2


def test_diff_between_two_git_revisions(tmp_path):
    repo = tmp_path / "repo"
    graph = repo / "graph"
    shutil.copytree(MINI, graph)
    git = lambda *a: subprocess.run(["git", "-C", str(repo), *a], check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    text = (graph / "mini.ttl").read_text()
    text = text.replace('gov:amount "279150"^^xsd:decimal', 'gov:amount "280000"^^xsd:decimal')
    start = text.index("llr:line-rrpb-cspb a gov:ReportingLine")
    text = text[:start] + text[text.index("\n\n", start) + 2:]
    (graph / "mini.ttl").write_text(text)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-am", "two")
    cli = Cli(graph, tmp_path / "store")
    result = cli("diff", "--rev", "HEAD~1..HEAD", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    assert {"what": "line", "change": "removed"}.items() <= next(
        r for r in rows if r["fact"]["id"] == LLR + "line-rrpb-cspb").items()
    amount = next(r for r in rows if r["fact"]["id"] == LLR + "funding-uava-lcityc-2018")
    assert (amount["change"], amount["field"], amount["before"], amount["after"]) == \
        ("changed", "amount", "£279,150", "£280,000")
    bad = cli("diff", "--rev", "nosuch..HEAD")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: git archive:")
