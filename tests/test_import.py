"""`governance import`: templates, per-row errors (row, column, what to do), nothing
written on any error, the shapes checked first, XLSX, and the round trip: export CSV,
import into an empty project, the same answers."""
from __future__ import annotations

import csv
import json
import shutil

import pytest

from conftest import ROOT, Cli

TEMPLATE = "id,funders,recipient,amount,currency,valid_from,valid_until,fund_stream,purpose,part_of,restates,source,quote\n"
HEADER = "id,funders,recipient,amount,currency,valid_from,valid_until,fund_stream,purpose,source,quote\n"  # optional ones may go


@pytest.fixture
def project_copy(tmp_path) -> Cli:
    graph = tmp_path / "graph"
    shutil.copytree(ROOT / "graph", graph)
    return Cli(graph, tmp_path / "store")


def test_template_prints_the_documented_columns(llr_cli):
    result = llr_cli("import", "--template", "funding")
    assert result.exit_code == 0 and result.output == TEMPLATE
    spec = list(csv.DictReader((ROOT / "src/governance/interchange/templates/columns.csv").open()))
    assert all(row["meaning"] for row in spec)
    assert {row["kind"] for row in spec} == {"bodies", "lines", "memberships", "funding"}


def test_every_bad_row_is_reported_and_nothing_is_written(project_copy, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER
                   + "llr:funding-test-1,llr:home-office,llr:nowhere,12x,,2013-13-01,,,,001_808a09639abe0ae2.txt,"
                     "words the paper does not have\n"
                   + "llr:spb,llr:home-office,llr:uava,100,,,,,,001_808a09639abe0ae2.txt,Strategic Partnership Board\n"
                   + "llr:funding-test-3,llr:home-office,llr:uava,100,,2014-01-01,2013-01-01,,,,Strategic\n")
    before = sorted(p.relative_to(project_copy.graph) for p in project_copy.graph.rglob("*"))
    result = project_copy("import", "funding", str(bad))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert "error: bad.csv: row 2, amount: '12x' is not an amount: write pounds as a plain number, " \
           "without £ or commas (e.g. 12500 or 964.50)" in errors
    assert any(e.startswith("error: bad.csv: row 2, recipient: llr:nowhere is not a body in the graph") for e in errors)
    assert any(e.startswith("error: bad.csv: row 2, valid_from: '2013-13-01' is not a date") for e in errors)
    assert any(e.startswith("error: bad.csv: row 2, quote: these words are not in 001_808a09639abe0ae2.txt") for e in errors)
    assert "error: bad.csv: row 3, id: llr:spb is already in the graph: choose a new id" in errors
    assert any(e.startswith("error: bad.csv: row 4, valid_until: ends (2013-01-01) before it starts") for e in errors)
    assert any(e.startswith("error: bad.csv: row 4, source: say where the row comes from") for e in errors)
    assert errors[-1] == "error: 7 problem(s) in bad.csv; nothing was written"
    assert sorted(p.relative_to(project_copy.graph) for p in project_copy.graph.rglob("*")) == before


def test_a_missing_column_is_named(project_copy, tmp_path):
    bad = tmp_path / "lines.csv"
    bad.write_text("id,from,kind,source,quote\nllr:x,llr:spb,Reports,001_808a09639abe0ae2.txt,Board\n")
    result = project_copy("import", "lines", str(bad))
    assert result.exit_code == 1
    assert "error: lines.csv: header, to: the column is missing: start from 'governance import --template lines'" \
        in result.stderr


def test_the_shapes_are_checked_before_writing(project_copy, tmp_path, monkeypatch):
    """A line to an area, let through the row checks, is stopped by the shapes (gov:to
    must be an organisation or a post) with its row number; nothing is written."""
    from governance.interchange import importer

    lines = tmp_path / "lines.csv"
    lines.write_text("id,from,to,kind,valid_from,valid_until,source,quote\n"
                     "llr:line-test-area,llr:spb,llr:area-leicester,Reports,,,001_808a09639abe0ae2.txt,"
                     "Strategic Partnership Board\n")
    row_check = importer.Importer.iri
    monkeypatch.setattr(importer.Importer, "iri",
                        lambda self, row, column, cell, must=None, what="a body": row_check(self, row, column, cell))
    result = project_copy("import", "lines", str(lines))
    assert result.exit_code == 1
    assert "error: lines.csv: row 2, gov:to:" in result.stderr and "shape" in result.stderr
    assert not (project_copy.graph / "imported").exists()


def test_xlsx_is_read_with_openpyxl(project_copy, tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(["llr:funding-test-xlsx", "llr:home-office", "llr:uava", 12500, "GBP", "2016-04-01", "2017-03-31",
                  "", "Test purpose", "001_808a09639abe0ae2.txt", "Strategic Partnership Board"])
    path = tmp_path / "funding.xlsx"
    book.save(path)
    result = project_copy("import", "funding", str(path))
    assert result.exit_code == 0, result.output
    written = project_copy.graph / "imported" / "funding-funding.ttl"
    text = written.read_text()
    assert "llr:funding-test-xlsx a gov:FundingFlow" in text and "gov:amount 12500.0" in text
    assert 'gov:quote "Strategic Partnership Board"' in text
    answer = json.loads(project_copy("ask", "funders", "UAVA", "--at", "2016-06-01", "--format", "json").stdout)
    assert any(r["funder"]["label"] == "Home Office" for r in answer["rows"])


# questions about bodies and the lines, memberships and money between them. Posts and
# people, fund streams and pools, printed tables, change events and category members are
# not import kinds, so answers that rest on them (a mayor's chairs, a pool's shares, a
# table's rows, a transfer, a CSP's category members) are not compared.
ROUND_TRIP_QUESTIONS = [("reports-to", "SPB"), ("subgroups", "SPB"), ("reports-to", "Safer Leicester Partnership"),
                        ("members", "Safer Rutland Partnership"), ("chain", "ASB Strategy Group"),
                        ("funders", "Safer Rutland Partnership")]


def _rows(cli, name, body):
    result = cli("ask", name, body, "--format", "json")
    assert result.exit_code == 0, result.output
    return sorted(json.dumps(r, sort_keys=True) for r in json.loads(result.stdout)["rows"])


def test_round_trip_export_csv_import_into_an_empty_project_same_answers(llr_cli, tmp_path):
    out = tmp_path / "csv"
    assert llr_cli("export", "--format", "csv", "-o", str(out)).exit_code == 0
    empty = tmp_path / "empty" / "graph"
    empty.mkdir(parents=True)
    shutil.copy(ROOT / "graph" / "sources.ttl", empty)  # the registry of papers: what the quotes cite
    shutil.copy(ROOT / "graph" / "llr" / "areas.ttl", empty)
    cli = Cli(empty, tmp_path / "empty" / "store")
    bodies = {r["id"] for r in csv.DictReader((out / "bodies.csv").open())}

    def between_bodies(kind, *ends):
        """Rows whose ends are bodies (posts and people are not in bodies.csv), with
        their further evidence rows; fund streams left out (not an import kind), links
        between flows kept where both flows are."""
        with (out / f"{kind}.csv").open() as handle:
            reader = csv.DictReader(handle)
            every, fields = list(reader), reader.fieldnames
        kept = {r["id"] for r in every if all(r[e] and all(v.strip() in bodies for v in r[e].split(";")) for e in ends)}
        rows = []
        for r in every:
            if r["id"] not in kept:
                continue
            for column in ("part_of", "restates"):
                if column in r:
                    r[column] = "; ".join(v for v in r[column].split("; ") if v in kept)
            rows.append(dict(r, fund_stream="") if "fund_stream" in r else r)
        path = tmp_path / f"{kind}-between-bodies.csv"
        with path.open("w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=fields)
            writer.writeheader()
            writer.writerows(rows)
        return path

    for kind, path in (("bodies", out / "bodies.csv"), ("lines", between_bodies("lines", "from", "to")),
                       ("memberships", between_bodies("memberships", "member", "organization")),
                       ("funding", between_bodies("funding", "funders", "recipient"))):
        result = cli("import", kind, str(path))
        assert result.exit_code == 0, result.output
    for name, body in ROUND_TRIP_QUESTIONS:
        original = _rows(llr_cli, name, body)
        assert original, (name, body)
        assert _rows(cli, name, body) == original, (name, body)


def test_a_word_outside_the_vocabulary_names_the_words_allowed(project_copy, tmp_path):
    quote = "Strategic Partnership Board"
    lines = tmp_path / "lines.csv"
    lines.write_text("id,from,to,kind,valid_from,valid_until,source,quote\n"
                     f"llr:line-test-1,llr:uava,llr:spb,answers to,,,001_808a09639abe0ae2.txt,{quote}\n")
    members = tmp_path / "members.csv"
    members.write_text("id,member,organization,role,valid_from,valid_until,source,quote\n"
                       f"llr:membership-test-1,llr:uava,llr:ghost,Member;boss,,,001_808a09639abe0ae2.txt,{quote}\n")
    line_errors = project_copy("import", "lines", str(lines)).stderr.splitlines()
    assert line_errors[0].startswith("error: lines.csv: row 2, kind: 'answers to' is not a kind of line: use one of ")
    member_errors = project_copy("import", "memberships", str(members)).stderr.splitlines()
    assert any(e.startswith("error: members.csv: row 2, organization: llr:ghost is not a body in the graph")
               for e in member_errors)
    assert any(e.startswith("error: members.csv: row 2, role: 'boss' is not a role: use one of ")
               for e in member_errors)
    assert member_errors[-1] == "error: 2 problem(s) in members.csv; nothing was written"
