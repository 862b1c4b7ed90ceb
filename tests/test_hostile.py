"""Hostile input, bad data and restricted facts (issue 13): nothing leaks, hangs or
crashes, and the last good store always answers. Each case is a regression test named
after the input that once broke it."""
from __future__ import annotations

import datetime
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import governance
from conftest import MINI, ROOT, Cli
from governance import build as build_module
from governance.build import build_store, fingerprint, open_store, restricted_triples
from governance.cli.main import cli
from governance.errors import GovernanceError, QueryError, SourceFileError, UsageError
from governance.query.answer import Answer, format_csv
from governance.query.sparql import Limits, QueryWorker, run_sparql
from governance.store.project import Project
from governance.values import Entity

RESTRICTED_FIXTURE = Path(__file__).resolve().parent / "fixtures" / "restricted" / "restricted.ttl"
RESTRICTED_GRAPH = "https://w3id.org/govgraph/graph/restricted"
GOVERNANCE = [sys.executable, "-c", "from governance.cli.main import main; main()"]


def one_line_error(result, code: int = 2, start: str = "error: ") -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith(start) and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr
    return result.stderr


@pytest.fixture
def copy_cli(mini_copy, tmp_path):
    """A CLI over a private copy of the mini graph, built once (the last good build)."""
    run = Cli(mini_copy, tmp_path / "store")
    assert run("build").exit_code == 0
    return run


# --- free SPARQL: one guarded path -------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { FILTER(0<1)SERVICE?svc{?s ?p ?o}FILTER(1>0) }",
    "SELECT * WHERE { FILTER(0<1)SERVICE?svc#>\n{?s ?p ?o} }",
    "SELECT * WHERE { BIND(<http://127.0.0.1:9/sparql> AS ?svc) SERVICE ?svc { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { { SELECT ?s WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } } }",
    "ASK { OPTIONAL { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }",
], ids=["filter-comparison-hides-service", "comment-after-less-than", "bind-variable-service", "silent",
        "lower-case", "in-a-subquery", "in-optional"])
def test_service_in_every_form_is_refused(mini_cli, query):
    assert one_line_error(mini_cli("sparql", query)) == (
        "error: SERVICE (federated query) is refused: queries run on the local graph only\n")


def test_lateral_service_never_reaches_a_listener(mini_cli):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    reached = []
    thread = threading.Thread(target=lambda: _accept(listener, reached))
    thread.start()
    query = (f"SELECT * WHERE {{ BIND(<http://127.0.0.1:{port}/sparql> AS ?svc) "
             f"LATERAL {{ SERVICE ?svc {{ ?s ?p ?o }} }} }}")
    result = mini_cli("sparql", query)
    thread.join()
    listener.close()
    one_line_error(result)
    assert reached == []


def _accept(listener, reached):
    try:
        reached.append(listener.accept())
    except OSError:
        pass


@pytest.mark.parametrize("update", [
    "INSERT DATA { llr:x a gov:Board }",
    "PREFIX ex: <http://example.org/> DELETE DATA { ex:a ex:b ex:c }",
    "WITH <https://w3id.org/govgraph/graph/curated> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/govgraph/graph/restricted>",
    "CREATE GRAPH <http://example.org/g>",
    "ADD DEFAULT TO <http://example.org/g>",
])
def test_updates_are_refused(mini_cli, update):
    error = one_line_error(mini_cli("sparql", update))
    assert error.startswith("error: updates are refused (") and error.endswith(": governance sparql is read-only\n")


@pytest.mark.parametrize("opener,closer", [("(", ")"), ("{", "}")])
def test_5000_nested_brackets_are_refused_not_a_segfault(mini_cli, opener, closer):
    inner = "1" if opener == "(" else "?s ?p ?o"
    body = opener * 5000 + inner + closer * 5000
    query = f"SELECT * WHERE {{ FILTER{body} }}" if opener == "(" else f"SELECT * WHERE {body}"
    assert one_line_error(mini_cli("sparql", query)) == (
        "error: the query nests 5001 levels deep, more than the limit of 100 (--max-depth)\n"
        if opener == "(" else "error: the query nests 5000 levels deep, more than the limit of 100 (--max-depth)\n")


def test_nesting_within_the_limit_runs(mini_cli):
    query = "ASK { FILTER(" + "(" * 60 + "1 = 1" + ")" * 60 + ") }"
    assert mini_cli("sparql", query).stdout == "true\n"
    assert one_line_error(mini_cli("sparql", query, "--max-depth", "20")).endswith("(--max-depth)\n")


def test_lateral_and_other_sparql_1_2_forms_are_a_syntax_error(mini_cli):
    error = one_line_error(mini_cli("sparql", "SELECT * WHERE { ?s ?p ?o LATERAL { ?s ?q ?r } }"))
    assert error.startswith("error: SPARQL syntax error at line 1, column ")


def test_graph_variable_sees_no_restricted_graph(mini_cli):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    hidden = json.loads(mini_cli("sparql", query, "--format", "json").stdout)["results"]["bindings"]
    assert RESTRICTED_GRAPH not in [r["g"]["value"] for r in hidden]
    shown = json.loads(mini_cli("sparql", query, "--format", "json", "--include-restricted").stdout)
    assert RESTRICTED_GRAPH in [r["g"]["value"] for r in shown["results"]["bindings"]]


def test_from_named_restricted_graph_is_empty(mini_cli):
    query = (f"SELECT ?l FROM NAMED <{RESTRICTED_GRAPH}> WHERE {{ GRAPH ?g {{ ?s skos:prefLabel ?l }} }}")
    assert mini_cli("sparql", query).stdout == "l\n-\n(no rows)\n"
    assert "Restricted Test Board" in mini_cli("sparql", query, "--include-restricted").stdout


def test_from_restricted_graph_is_empty(mini_cli):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{RESTRICTED_GRAPH}> WHERE {{ ?s ?p ?o }}"
    assert json.loads(mini_cli("sparql", query, "--format", "json").stdout)["results"]["bindings"] == [
        {"n": {"type": "literal", "value": "0", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


def test_ask_graph_restricted_is_false_without_the_flag(mini_cli):
    query = 'ASK { GRAPH ?g { ?s skos:prefLabel "Restricted Test Board"@en } }'
    assert mini_cli("sparql", query).stdout == "false\n"
    assert mini_cli("sparql", query, "--include-restricted").stdout == "true\n"


def test_cartesian_product_stops_at_the_row_cap(mini_cli):
    result = mini_cli("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    assert one_line_error(result) == ("error: the answer has more than 10000 rows and was stopped at the row cap "
                                      "(add LIMIT, or raise --max-rows)\n")
    assert result.stdout == ""
    assert one_line_error(mini_cli("sparql", "SELECT * WHERE { ?s ?p ?o }", "--max-rows", "5")).startswith(
        "error: the answer has more than 5 rows")


def test_cartesian_count_stops_at_the_timeout(mini_cli):
    started = time.monotonic()
    result = mini_cli("sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                      "--timeout", "1.5")
    assert time.monotonic() - started < 10
    assert one_line_error(result) == "error: the query ran past the time-out of 1.5 s and was stopped (--timeout)\n"


def test_sorting_a_cartesian_product_stops_at_the_memory_bound(mini_cli):
    result = mini_cli("sparql", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?i ?e LIMIT 1",
                      "--max-memory", "200", "--timeout", "60")
    assert one_line_error(result) == (
        "error: the query used more than 200 MB of memory and was stopped (--max-memory)\n")


def test_construct_counts_triples_against_the_row_cap(mini_cli):
    result = mini_cli("sparql", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "--max-rows", "3")
    assert one_line_error(result).startswith("error: the answer has more than 3 rows")


def test_a_worker_reused_after_a_limit_starts_afresh(mini_store_dir):
    gs = open_store(Project(root=ROOT, graph_dir=MINI), mini_store_dir)
    project = Project(root=ROOT, graph_dir=MINI)
    with QueryWorker() as worker:
        with pytest.raises(QueryError, match="row cap"):
            run_sparql(gs, project, "SELECT * WHERE { ?s ?p ?o }", limits=Limits(max_rows=2), worker=worker)
        assert worker.process.poll() is None  # the worker stopped the query at the cap itself
        with pytest.raises(QueryError, match="time-out"):
            run_sparql(gs, project, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                       limits=Limits(timeout=0.5), worker=worker)
        assert worker.process is None  # killed by its own pid
        assert run_sparql(gs, project, "ASK { llr:spb a gov:Board }", worker=worker) is True
        first = worker.process.pid
        assert run_sparql(gs, project, "ASK { llr:uava a gov:Board }", worker=worker) is False
        assert worker.process.pid == first  # one worker serves query after query


def test_a_worker_that_dies_is_one_line(mini_store_dir, monkeypatch, tmp_path):
    crash = tmp_path / "crash.py"
    crash.write_text("import os, sys\nsys.stdin.readline()\nos.kill(os.getpid(), 11)\n")
    monkeypatch.setattr("governance.query.sparql.WORKER", crash)
    gs = open_store(Project(root=ROOT, graph_dir=MINI), mini_store_dir)
    with pytest.raises(QueryError, match=r"the query worker stopped unexpectedly \(exit -11\)"):
        run_sparql(gs, Project(root=ROOT, graph_dir=MINI), "ASK { ?s ?p ?o }")


def test_errors_while_rows_are_read_become_query_error(mini_store_dir, monkeypatch):
    gs = open_store(Project(root=ROOT, graph_dir=MINI), mini_store_dir)

    class Failing:
        variables = [ox.Variable("s")]

        def __iter__(self):
            raise OSError("the store went away")

    monkeypatch.setattr(ox, "QuerySolutions", Failing)
    monkeypatch.setattr(gs, "query", lambda *a, **k: Failing())
    with pytest.raises(QueryError, match="query failed while reading rows: the store went away"):
        gs.select("SELECT ?s WHERE { ?s ?p ?o }")


def test_an_empty_query_is_one_line(mini_cli):
    assert one_line_error(mini_cli("sparql", "  ")) == "error: the SPARQL query is empty\n"


def test_a_two_megabyte_query_is_refused_unread(mini_cli):
    query = "ASK { ?s ?p ?o }" + " " * 2_000_000
    assert one_line_error(mini_cli("sparql", query)) == (
        "error: the query text is 2,000,016 characters long, more than the limit of 1,000,000\n")


def test_a_row_larger_than_the_bound_stops_the_query(mini_cli, monkeypatch):
    monkeypatch.setattr("governance.query.sparql.MAX_LINE_BYTES", 20_000)  # 64 MB by default
    seed = "BIND(REPLACE(STR(?q), '.', 'xxxxxxxxxx') AS ?big)"
    query = f"SELECT ?big WHERE {{ ?e gov:quote ?q {seed} FILTER(STRLEN(?big) > 900) }} LIMIT 1"
    assert mini_cli("sparql", query).exit_code == 0
    wide = ("SELECT ?w WHERE { ?e gov:quote ?q BIND(REPLACE(STR(?q), '.', 'xxxxxxxxxx') AS ?a) "
            "BIND(CONCAT(?a, ?a, ?a, ?a, ?a, ?a, ?a, ?a, ?a, ?a) AS ?b) "
            "BIND(CONCAT(?b, ?b, ?b, ?b, ?b, ?b, ?b, ?b, ?b, ?b) AS ?w) } LIMIT 1")
    assert one_line_error(mini_cli("sparql", wide)) == (
        "error: one row of the answer is larger than 20,000 bytes; the query was stopped\n")


def test_a_bad_limit_is_a_usage_error():
    with pytest.raises(UsageError, match="time-out|timeout"):
        Limits(timeout=0)
    with pytest.raises(UsageError):
        Limits(max_rows="many")


# --- build validation --------------------------------------------------------------

@pytest.mark.parametrize("old,new,message", [
    ('"56325"^^xsd:decimal', '"16,250"^^xsd:decimal', "'16,250' is not a valid xsd:decimal"),
    ('"2019-03-31"^^xsd:date ]', '"2012-02-30"^^xsd:date ]', "'2012-02-30' is not a valid xsd:date (no such day)"),
    ('"2012-09-01"^^xsd:date ;\n    gov:evidence [ dcterms:source src:001 ;\n        gov:quote "The new',
     '"2012-13-01"^^xsd:date ;\n    gov:evidence [ dcterms:source src:001 ;\n        gov:quote "The new',
     "'2012-13-01' is not a valid xsd:date (no such day)"),
], ids=["decimal-16,250", "date-2012-02-30", "date-month-13"])
def test_ill_typed_literal_is_an_error_and_the_last_good_build_answers(copy_cli, mini_copy, old, new, message):
    path = mini_copy / "mini.ttl"
    text = path.read_text()
    assert old in text
    broken = text.replace(old, new, 1)
    path.write_text(broken)
    line = broken[: broken.index(new)].count("\n") + 1  # the literal is on the first line of ``new``
    error = one_line_error(copy_cli("build", "--force"))
    assert error == f"error: graph/mini.ttl:{line}: {message}\n"
    answer = copy_cli("ask", "funders", "UAVA", "--format", "json")
    assert answer.exit_code == 0
    assert answer.stderr.startswith(f"warning: graph/mini.ttl:{line}: {message}; answering from the last good build")
    assert json.loads(answer.stdout)["rows"]


@pytest.mark.parametrize("literal,datatype", [
    ("12a", "integer"), ("-1", "nonNegativeInteger"), ("yes", "boolean"), ("1.5e", "double"),
    ("2012-02-29T25:00:00", "dateTime"), ("20x1", "gYear"), ("2012-13", "gYearMonth"), ("300", "byte"),
])
def test_ill_typed_literals_of_every_checked_datatype(mini_copy, tmp_path, literal, datatype):
    (mini_copy / "bad.ttl").write_text(
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f'<https://w3id.org/govgraph/id/llr/spb> <https://w3id.org/govgraph/ontology#note>\n    "{literal}"^^xsd:{datatype} .\n')
    with pytest.raises(SourceFileError) as caught:
        build_store(Project(root=ROOT, graph_dir=mini_copy), tmp_path / "store")
    assert str(caught.value).startswith(f"graph/bad.ttl:3: '{literal}' is not a valid xsd:{datatype}")


def test_check_reports_an_ill_typed_date_in_one_line(mini_copy, tmp_path):
    path = mini_copy / "mini.ttl"
    path.write_text(path.read_text().replace('"2019-03-31"^^xsd:date ]', '"2012-02-30"^^xsd:date ]', 1))
    result = Cli(mini_copy, tmp_path / "store")("check")
    assert one_line_error(result).endswith("'2012-02-30' is not a valid xsd:date (no such day)\n")


def test_symlink_loop_in_graph_is_one_line(copy_cli, mini_copy):
    (mini_copy / "loop.ttl").symlink_to("loop.ttl")
    assert one_line_error(copy_cli("build")) == "error: graph/loop.ttl: is a symbolic link that loops; it is not followed\n"
    answer = copy_cli("ask", "reports-to", "SPB")
    assert answer.exit_code == 0 and answer.stderr.startswith("warning: graph/loop.ttl: is a symbolic link that loops")


def test_dangling_symlink_in_graph_is_one_line(copy_cli, mini_copy):
    (mini_copy / "gone.ttl").symlink_to("nowhere.ttl")
    assert one_line_error(copy_cli("build")) == "error: graph/gone.ttl: is a symbolic link to nothing (a dangling link)\n"


def test_symlink_out_of_the_project_is_not_followed(copy_cli, mini_copy, tmp_path):
    outside = tmp_path / "outside.ttl"
    outside.write_text("")
    (mini_copy / "out.ttl").symlink_to(outside)
    assert "outside the project; links are followed only inside it" in one_line_error(copy_cli("build"))


def test_symlink_inside_the_project_is_followed(copy_cli, mini_copy):
    (mini_copy / "more").mkdir()
    shutil.move(mini_copy / "sources.ttl", mini_copy / "more" / "sources.real")
    (mini_copy / "sources.ttl").symlink_to(Path("more") / "sources.real")
    assert copy_cli("build").exit_code == 0


def test_fifo_named_ttl_is_one_line_and_never_hangs(mini_copy, tmp_path):
    os.mkfifo(mini_copy / "pipe.ttl")
    env = dict(os.environ, GOVERNANCE_STORE=str(tmp_path / "store"), GOVERNANCE_GRAPH=str(mini_copy))
    done = subprocess.run([*GOVERNANCE, "ask", "reports-to", "SPB"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert done.stderr == "error: graph/pipe.ttl: is a named pipe (FIFO), not a regular file; only regular files are read\n"


def test_device_named_ttl_is_one_line(copy_cli, mini_copy):
    (mini_copy / "null.ttl").symlink_to("/dev/null")  # a link out of the project to a device
    assert one_line_error(copy_cli("build")).startswith("error: graph/null.ttl: is a link to /dev/null")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_graph_file_is_one_line(copy_cli, mini_copy):
    path = mini_copy / "mini.ttl"
    path.chmod(0)
    try:
        assert one_line_error(copy_cli("build")).endswith("cannot be read (permission denied)\n")
    finally:
        path.chmod(0o644)


def test_100000_deep_blank_node_nesting_splits_in_linear_time():
    depth = 100_000
    nodes = [ox.BlankNode() for _ in range(depth)]
    note = ox.NamedNode("https://w3id.org/govgraph/ontology#note")
    top = ox.NamedNode("https://w3id.org/govgraph/id/llr/secret")
    triples = [ox.Triple(top, note, nodes[0])] + [ox.Triple(a, note, b) for a, b in zip(nodes, nodes[1:])]
    started = time.monotonic()
    marks = restricted_triples(triples, {top})
    assert time.monotonic() - started < 5  # was minutes: a walk up the chain per triple
    assert all(marks)


def test_100000_deep_blank_node_nesting_builds(mini_copy, tmp_path):
    depth = 100_000
    (mini_copy / "deep.ttl").write_text(
        "@prefix gov: <https://w3id.org/govgraph/ontology#> .\n<https://w3id.org/govgraph/id/llr/spb> gov:note "
        + "[ gov:note " * depth + '"x"' + " ]" * depth + " .\n")
    started = time.monotonic()
    built = build_store(Project(root=ROOT, graph_dir=mini_copy), tmp_path / "store")
    assert built.manifest["files"]["graph/deep.ttl"] == depth + 1
    assert time.monotonic() - started < 60


def test_fingerprint_covers_queries_shapes_and_rules(tmp_path):
    root = tmp_path / "project"
    for folder in ("ontology", "queries"):
        shutil.copytree(ROOT / folder, root / folder)
    project = Project(root=root, graph_dir=MINI)
    before = fingerprint(project)
    for changed in (root / "queries" / "members.rq", root / "ontology" / "shapes" / "core.ttl",
                    next((root / "ontology" / "rules").glob("*.ttl"))):
        changed.write_text(changed.read_text() + "\n# changed\n")
        after = fingerprint(project)
        assert after != before, changed
        before = after


# --- storage faults ----------------------------------------------------------------

def test_build_on_a_full_disk_keeps_the_last_good_build(copy_cli, mini_copy, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "label_data", full)
    (mini_copy / "mini.ttl").write_text((mini_copy / "mini.ttl").read_text() + "\n")
    assert one_line_error(copy_cli("build")) == (
        f"error: the build could not be written in {copy_cli.store} (No space left on device)\n")
    answer = copy_cli("ask", "reports-to", "SPB")
    assert answer.exit_code == 0 and "Anti-Social Behaviour" in answer.stdout
    assert answer.stderr.count("\n") == 1 and answer.stderr.startswith(
        "warning: the build could not be written in")
    assert not list(copy_cli.store.glob("tmp-*"))  # the half build is gone


def test_build_failing_for_any_reason_keeps_the_last_good_build(copy_cli, mini_copy, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("rules engine fell over")

    import governance.rules.engine as engine  # the build imports it when it runs the rules

    monkeypatch.setattr(engine, "infer_into", broken)
    (mini_copy / "mini.ttl").write_text((mini_copy / "mini.ttl").read_text() + "\n")
    answer = copy_cli("ask", "reports-to", "SPB")
    assert answer.exit_code == 0
    assert answer.stderr == ("warning: the rebuild failed (RuntimeError: rules engine fell over); answering from "
                             f"the last good build of {json.loads((copy_cli.store / 'current' / 'manifest.json').read_text())['built_at']}\n")


def test_killed_build_leaves_the_last_good_build(mini_copy, tmp_path):
    env = dict(os.environ, GOVERNANCE_STORE=str(tmp_path / "store"), GOVERNANCE_GRAPH=str(mini_copy))
    assert subprocess.run([*GOVERNANCE, "build"], env=env, capture_output=True, timeout=120).returncode == 0
    good = os.readlink(tmp_path / "store" / "current")
    (mini_copy / "more.ttl").write_text("@prefix gov: <https://w3id.org/govgraph/ontology#> .\n"
                                        + "".join(f"<urn:x:{i}> gov:note {i} .\n" for i in range(200_000)))
    building = subprocess.Popen([*GOVERNANCE, "build"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    time.sleep(1.0)
    os.kill(building.pid, signal.SIGKILL)  # by its own pid
    building.wait()
    assert os.readlink(tmp_path / "store" / "current") == good
    (mini_copy / "more.ttl").unlink()
    answer = subprocess.run([*GOVERNANCE, "ask", "reports-to", "SPB"], env=env, capture_output=True, text=True,
                            timeout=120)
    assert answer.returncode == 0 and "Anti-Social Behaviour" in answer.stdout


def test_writing_to_dev_full_is_one_line_and_exit_1(mini_store_dir):
    env = dict(os.environ, GOVERNANCE_STORE=str(mini_store_dir), GOVERNANCE_GRAPH=str(MINI))
    with open("/dev/full", "w") as full:
        done = subprocess.run([*GOVERNANCE, "ask", "reports-to", "SPB"], env=env, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (1, "error: the answer could not be written (No space left on device)\n")


def test_writing_to_a_closed_stdout_is_one_line_and_exit_1(mini_store_dir):
    env = dict(os.environ, GOVERNANCE_STORE=str(mini_store_dir), GOVERNANCE_GRAPH=str(MINI))
    done = subprocess.run([*GOVERNANCE, "ask", "reports-to", "SPB"], env=env, stderr=subprocess.PIPE, text=True,
                          timeout=60, preexec_fn=lambda: os.close(1))
    assert (done.returncode, done.stderr) == (
        1, "error: the answer could not be written (standard output is closed)\n")


def test_store_folder_that_is_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("")
    result = Cli(MINI, tmp_path / "file")("ask", "reports-to", "SPB")
    assert one_line_error(result).startswith(f"error: cannot use {tmp_path / 'file'} as the store folder")


# --- restriction reaches what refers to it -----------------------------------------

@pytest.fixture(scope="module")
def twin_stores(tmp_path_factory):
    """The mini graph built twice: alone, and with the restricted fixture added."""
    base = tmp_path_factory.mktemp("twins")
    out = {}
    for name, extra in (("public", None), ("restricted", RESTRICTED_FIXTURE)):
        graph = base / name / "graph"
        shutil.copytree(MINI, graph)
        if extra:
            shutil.copy(extra, graph / extra.name)
        build_store(Project(root=ROOT, graph_dir=graph), base / name / "store")
        out[name] = Cli(graph, base / name / "store")
    return out


# words only the restricted fixture holds (the ontology itself says "exempt")
MARKERS = ("Exempt Scrutiny Panel", "Exempt Funding Body", "exempt-panel", "exempt-funder", "Exempt item", "16250",
           "16,250", "the panel", "SPB Exempt Panel")
ASK = {"reports-to": ["SPB"], "chain": ["ASB Strategy Group"], "subgroups": ["SPB"], "funders": ["UAVA"],
       "funded-by": ["Leicester City Council"], "funding": ["UAVA"], "duties": ["SPB"], "members": ["SPB"],
       "memberships": ["UAVA"], "chair": ["SPB"], "priorities": ["SPB"], "changes": [], "search": ["panel"]}
NO_BLANKS = "FILTER(!isBlank(?s) && !isBlank(?o))"  # blank node ids differ from build to build
SPARQL = [
    f"SELECT ?g ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {NO_BLANKS} }} ORDER BY ?g ?s ?p ?o",
    f"SELECT ?g ?s ?p ?o FROM NAMED <{RESTRICTED_GRAPH}> FROM NAMED <https://w3id.org/govgraph/graph/curated> "
    f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {NO_BLANKS} }} ORDER BY ?g ?s ?p ?o",
    f"SELECT (COUNT(*) AS ?n) FROM <{RESTRICTED_GRAPH}> FROM <https://w3id.org/govgraph/graph/curated> "
    "WHERE { ?s ?p ?o }",
    "SELECT ?l WHERE { { SELECT ?s WHERE { ?s a ?class } } ?s skos:prefLabel|skos:altLabel ?l } ORDER BY ?l",
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o {NO_BLANKS} }}",
    'ASK { GRAPH ?g { ?s skos:prefLabel "Exempt Scrutiny Panel"@en } }',
    "ASK { ?s gov:sensitivity gov:Restricted ; skos:prefLabel ?l FILTER(STR(?l) = 'Exempt Funding Body') }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "SELECT ?q WHERE { ?e gov:quote ?q } ORDER BY ?q",
]
COMMANDS = (
    [["ask", q, *a, "--format", f, *why] for q, a in ASK.items() for f in ("table", "json", "csv")
     for why in ([], ["--why"])]
    + [["ask", q, *a, "--at", "2018-06-01", "--format", "json"] for q, a in ASK.items()]
    + [["ask", "reports-to", "SPB", "--transitive", "--format", "json"]]
    + [["show", b, "--format", f] for b in ("SPB", "UAVA", "ASB Strategy Group") for f in ("table", "json")]
    + [["stats", "--format", f] for f in ("table", "json")]
    + [["analyse", v, "--format", f] for v in ("accountability", "funding", "hubs") for f in ("table", "json", "csv")]
    + [["analyse", "accountability", "ASB Strategy Group", "--format", "json"]]
    + [["review", "--format", f] for f in ("table", "json", "html")]
    + [["queries"]]
    + [["sparql", q, "--format", f] for q in SPARQL for f in ("table", "json", "xml", "csv", "tsv")]
)
DIAGRAMS = [(body, view, ext) for body, view in (("SPB", "reporting"), ("UAVA", "funding"), ("SPB", "duties"),
                                                 ("SPB", "membership"))
            for ext in ("json", "mmd", "dot", "graphml")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c)[:80])
def test_restricted_fixture_changes_no_answer_without_the_flag(twin_stores, command):
    public, restricted = (twin_stores[k](*command) for k in ("public", "restricted"))
    assert (restricted.exit_code, restricted.stdout, restricted.stderr) == (
        public.exit_code, public.stdout, public.stderr)
    assert not [m for m in MARKERS if m in restricted.stdout]


@pytest.mark.parametrize("body,view,ext", DIAGRAMS, ids=lambda x: str(x))
def test_restricted_fixture_changes_no_diagram_without_the_flag(twin_stores, tmp_path, body, view, ext):
    drawn = {}
    for key in ("public", "restricted"):
        path = tmp_path / f"out.{ext}"
        result = twin_stores[key]("diagram", body, "--view", view, "-o", str(path))
        assert result.exit_code == 0, result.stderr
        drawn[key] = (result.stdout, result.stderr, path.read_bytes())
    assert drawn["restricted"] == drawn["public"]
    assert not [m for m in MARKERS if m.encode() in drawn["restricted"][2]]


def test_public_fact_pointing_at_a_restricted_body_shows_with_the_flag(twin_stores):
    run = twin_stores["restricted"]
    shown = run("ask", "reports-to", "SPB", "--include-restricted", "--format", "json").stdout
    assert "Exempt Scrutiny Panel" in shown
    assert "Exempt Scrutiny Panel" not in run("ask", "reports-to", "SPB", "--format", "json").stdout
    assert one_line_error(run("ask", "reports-to", "Exempt Scrutiny Panel")).startswith("error: unknown body")


# --- clean errors everywhere -------------------------------------------------------

@pytest.mark.parametrize("args,message", [
    (["ask"], "error: Missing argument 'NAME' (see 'governance ask -h')\n"),
    (["--bogus"], "error: No such option '--bogus' (see 'governance -h')\n"),
    (["nosuch"], "error: No such command 'nosuch' (see 'governance -h')\n"),
    (["ask", "reports-to", "SPB", "--format", "xml"],
     "error: Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv' (see 'governance ask -h')\n"),
    (["sparql", "ASK {}", "--timeout", "-1"], None),
    (["analyse", "sideways"], None),
], ids=["missing-argument", "unknown-option", "unknown-command", "bad-choice", "bad-number", "bad-view"])
def test_click_usage_errors_are_one_line(args, message):
    result = CliRunner().invoke(cli, args, prog_name="governance")
    error = one_line_error(result)
    if message:
        assert error == message
    assert "Usage:" not in result.stderr and "Usage:" not in result.stdout


def test_changes_from_after_to_is_an_error(mini_cli):
    assert one_line_error(mini_cli("ask", "changes", "--from", "2019-01-01", "--to", "2011-01-01")) == (
        "error: --from 2019-01-01 is after --to 2011-01-01: give the earlier day first\n")


def test_analyse_accountability_empty_body_is_an_error(mini_cli):
    assert one_line_error(mini_cli("analyse", "accountability", "")).startswith("error: an empty name")


def test_library_takes_a_date_for_at_and_a_str_for_folders(tmp_path):
    project = governance.open_project(str(MINI))
    built = governance.build_store(project, str(tmp_path / "store"))
    assert built.manifest["files"]
    gs = governance.open_store(project, str(tmp_path / "store"))
    by_date = governance.ask(gs, project, "reports-to", ["SPB"], at=datetime.date(2013, 6, 1))
    by_text = governance.ask(gs, project, "reports-to", ["SPB"], at="2013-06-01")
    assert by_date.to_json() == by_text.to_json()


@pytest.mark.parametrize("call", [
    lambda gs, p: governance.ask(None, p, "reports-to", ["SPB"]),
    lambda gs, p: governance.ask(gs, None, "reports-to", ["SPB"]),
    lambda gs, p: governance.ask(gs, p, None, ["SPB"]),
    lambda gs, p: governance.ask(gs, p, "reports-to", "SPB"),
    lambda gs, p: governance.ask(gs, p, "reports-to", [None]),
    lambda gs, p: governance.ask(gs, p, "reports-to", ["SPB"], at=12),
    lambda gs, p: governance.build_store(p, None),
    lambda gs, p: governance.build_store("graph", "/tmp/x"),
    lambda gs, p: governance.open_store(p, 12),
    lambda gs, p: governance.open_project(12),
], ids=["ask-no-store", "ask-no-project", "ask-no-name", "ask-args-str", "ask-arg-none", "ask-at-int",
        "build-store-none", "build-project-str", "open-store-int", "open-project-int"])
def test_library_wrong_types_raise_the_projects_errors(mini_store_dir, call):
    project = Project(root=ROOT, graph_dir=MINI)
    gs = open_store(project, mini_store_dir)
    with pytest.raises(GovernanceError):
        call(gs, project)


def test_csv_column_mixing_iris_and_literals(mini_cli):
    answer = Answer("sparql", {}, None, ["o"], [{"o": "a literal"}, {"o": Entity("https://x/y", "Y")}])
    assert format_csv(answer) == "o,o_id\na literal,\nY,https://x/y"
    result = mini_cli("sparql", "SELECT ?o WHERE { llr:spb ?p ?o FILTER(!isBlank(?o)) } ORDER BY ?o", "--format", "csv")
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"o\r\nhttp")  # W3C CSV: plain values, CRLF
