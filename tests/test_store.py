"""The embedded store: builds, automatic rebuilds, atomic swaps and bad input."""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from governance.errors import SourceFileError
from governance.store.project import Project
from governance.build import build_store, open_store
from governance.store.embedded import current_build

from conftest import ROOT, Cli


def project_for(graph: Path) -> Project:
    return Project(root=ROOT, graph_dir=graph)


def test_build_writes_a_manifest_and_points_current_at_it(mini_copy, tmp_path):
    built = build_store(project_for(mini_copy), tmp_path / "store")
    assert (tmp_path / "store" / "current").resolve() == built.path
    assert built.manifest["files"]["graph/mini.ttl"] > 50
    assert built.manifest["restricted_triples"] > 0


def test_restricted_facts_live_in_their_own_graph(mini_copy, tmp_path):
    gs = open_store(project_for(mini_copy), tmp_path / "store")
    ask = "ASK { ?x <https://w3id.org/govgraph/ontology#quote> \"Document is Restricted\" }"
    assert not gs.query(ask)
    assert gs.query(ask, include_restricted=True)


def test_restricted_facts_are_not_in_the_public_store_and_their_store_is_made_once(mini_copy, tmp_path, monkeypatch):
    """The public store holds only the public graphs, so a query that does not ask for
    restricted facts cannot reach them even through GRAPH ?g; the first that does makes
    db-all/ from it and restricted.nq, and a later opening reuses it."""
    import pyoxigraph as ox

    from governance import vocab
    from governance.store import embedded

    project = project_for(mini_copy)
    gs = open_store(project, tmp_path / "store")
    graphs = {g.value for g in gs.store.named_graphs()}
    assert graphs == {g.value for g in gs.graphs()} and not graphs & set(embedded.RESTRICTED_GRAPHS)
    anywhere = "ASK { GRAPH ?g { ?x <https://w3id.org/govgraph/ontology#quote> \"Document is Restricted\" } }"
    assert not gs.query(anywhere)
    assert (gs.build.path / "restricted.nq").exists() and not gs.build.full_db_path.exists()
    assert gs.query(anywhere, include_restricted=True)
    assert gs.build.full_db_path.is_dir() and not list(gs.build.path.glob("db-all.tmp-*"))
    full = {g.value for g in gs.full_store().named_graphs()}
    assert full == graphs | set(embedded.RESTRICTED_GRAPHS) & full and vocab.RESTRICTED_GRAPH in full
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert int(gs.select(count, include_restricted=True)[0]["n"].value) == sum(
        len(list(gs.full_store().quads_for_pattern(None, None, None, ox.NamedNode(g)))) for g in full)

    def unmade(*args):
        raise AssertionError("db-all/ made again")

    monkeypatch.setattr(embedded, "write_quads", unmade)
    again = open_store(project, tmp_path / "store", rebuild=False)
    assert again.query(anywhere, include_restricted=True)


def test_a_build_without_restricted_facts_has_one_store(tmp_path):
    from conftest import MINI

    graph = tmp_path / "graph"
    shutil.copytree(MINI, graph)
    blocks = (graph / "mini.ttl").read_text().split("\n\n")  # the mini graph's statements, one per block
    (graph / "mini.ttl").write_text("\n\n".join(b for b in blocks if "gov:Restricted" not in b))
    gs = open_store(project_for(graph), tmp_path / "store")
    assert gs.manifest["restricted_triples"] == 0
    assert gs.full_store() is gs.store and not (gs.build.path / "restricted.nq").exists()
    assert gs.db_path_for(True) == gs.build.db_path and gs.query("ASK { ?s ?p ?o }", include_restricted=True)


def test_a_restricted_store_that_cannot_be_made_is_one_line(mini_copy, tmp_path, monkeypatch):
    from governance.errors import StoreError
    from governance.store import embedded

    gs = open_store(project_for(mini_copy), tmp_path / "store")

    def full_disk(path, *sources):
        Path(path).mkdir()
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(embedded, "write_quads", full_disk)
    with pytest.raises(StoreError, match=r"^cannot make the store with restricted facts in .* \(No space left on "
                                         r"device\); build again with write access$"):
        gs.query("ASK {}", include_restricted=True)
    assert not gs.build.full_db_path.exists() and not list(gs.build.path.glob("db-all.tmp-*"))
    assert not gs.query("ASK { ?x <https://w3id.org/govgraph/ontology#quote> \"Document is Restricted\" }")


def test_unchanged_sources_reuse_the_build(mini_copy, tmp_path):
    first = build_store(project_for(mini_copy), tmp_path / "store")
    second = open_store(project_for(mini_copy), tmp_path / "store")
    assert second.build.path == first.path
    assert second.manifest["built_at"] == first.manifest["built_at"]


def test_force_builds_again_and_replaces_the_build_of_the_same_inputs(mini_copy, tmp_path):
    first = build_store(project_for(mini_copy), tmp_path / "store")
    (first.path / "marker").write_text("the old build")
    forced = build_store(project_for(mini_copy), tmp_path / "store", force=True)
    assert forced.path == first.path and not (forced.path / "marker").exists()
    assert (tmp_path / "store" / "current").resolve() == forced.path
    assert not list((tmp_path / "store").glob("tmp-*"))
    assert open_store(project_for(mini_copy), tmp_path / "store").query("ASK { ?s ?p ?o }")


def test_a_changed_file_triggers_a_rebuild(mini_copy, tmp_path):
    store = tmp_path / "store"
    first = build_store(project_for(mini_copy), store)
    extra = mini_copy / "extra.ttl"
    extra.write_text("@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                     "<https://w3id.org/govgraph/id/llr/x> skos:prefLabel \"X\" .\n")
    gs = open_store(project_for(mini_copy), store)
    assert gs.build.path != first.path
    assert "graph/extra.ttl" in gs.manifest["files"]
    assert not first.path.exists(), "the superseded build is pruned"


def test_broken_turtle_names_file_and_line_and_keeps_last_good_store(mini_copy, tmp_path):
    store = tmp_path / "store"
    good = build_store(project_for(mini_copy), store)
    (mini_copy / "broken.ttl").write_text('@prefix a: <http://x/> .\na:b a:c a:d .\na:e a:f "unterminated .\n')
    with pytest.raises(SourceFileError) as err:
        build_store(project_for(mini_copy), store)
    assert str(err.value).startswith("graph/broken.ttl:3: Turtle syntax error")
    assert current_build(store).path == good.path
    gs = open_store(project_for(mini_copy), store)
    assert gs.warning.startswith("graph/broken.ttl:3: Turtle syntax error")
    assert "answering from the last good build" in gs.warning
    assert not list(store.glob("tmp-*")), "no half build left behind"


def test_cli_build_with_broken_turtle_exits_2_with_one_line(mini_copy, tmp_path):
    cli = Cli(mini_copy, tmp_path / "store")
    assert cli("build").exit_code == 0
    (mini_copy / "broken.ttl").write_text("@prefix a: <http://x/> .\na:b a:c .\n")
    result = cli("build")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: graph/broken.ttl:2: Turtle syntax error")
    answer = cli("ask", "reports-to", "SPB")
    assert answer.exit_code == 0
    assert "Anti-Social Behaviour (ASB) Strategy Group" in answer.stdout
    assert answer.stderr.startswith("warning: graph/broken.ttl:2: Turtle syntax error")


def test_broken_turtle_with_no_previous_build_is_an_error(mini_copy, tmp_path):
    (mini_copy / "broken.ttl").write_text("this is not turtle\n")
    result = Cli(mini_copy, tmp_path / "store")("ask", "reports-to", "SPB")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: graph/broken.ttl:1: Turtle syntax error")


def test_a_killed_build_leaves_no_trace_after_the_next_build(mini_copy, tmp_path):
    store = tmp_path / "store"
    store.mkdir()
    abandoned = store / "tmp-999999999-1"  # no such pid: a build killed mid-way
    (abandoned / "db").mkdir(parents=True)
    build_store(project_for(mini_copy), store)
    assert not abandoned.exists()


def test_swap_is_atomic_current_is_always_a_complete_build(mini_copy, tmp_path):
    store = tmp_path / "store"
    build_store(project_for(mini_copy), store)
    (mini_copy / "mini.ttl").write_text((mini_copy / "mini.ttl").read_text() + "\n# touched\n")
    os.utime(mini_copy / "mini.ttl", (time.time() + 5, time.time() + 5))
    build_store(project_for(mini_copy), store)
    current = store / "current"
    assert current.is_symlink()
    assert (current / "manifest.json").exists() and (current / "db").is_dir()


def test_a_triple_stated_by_two_files_counts_once(mini_copy, tmp_path):
    # pyoxigraph unions the file graphs as a bag; the build states each triple once
    (mini_copy / "again.ttl").write_text(
        '@prefix gov: <https://w3id.org/govgraph/ontology#> .\n'
        '@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
        '<https://w3id.org/govgraph/id/llr/funding-uava-rutland-2018> gov:amount "56325"^^xsd:decimal .\n')
    gs = open_store(project_for(mini_copy), tmp_path / "store")
    rows = gs.select("SELECT (SUM(?a) AS ?total) WHERE { llr:funding-uava-rutland-2018 gov:amount ?a }")
    assert rows[0]["total"].value == "56325"


def test_an_unusable_store_folder_is_one_line(mini_copy, tmp_path):
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    result = Cli(mini_copy, not_a_folder)("ask", "reports-to", "SPB")
    assert (result.exit_code, result.stderr) == (
        2, f"error: cannot use {not_a_folder} as the store folder (File exists); "
           "choose another with --store or GOVERNANCE_STORE\n")


def test_an_empty_date_is_a_bad_date_not_the_latest_state(mini_cli):
    result = mini_cli("ask", "reports-to", "SPB", "--at", "")
    assert (result.exit_code, result.stderr) == (2, "error: bad date '': use YYYY-MM-DD, e.g. 2013-06-01\n")


def test_two_builds_at_once_both_succeed(mini_copy, tmp_path):
    import subprocess
    import sys

    store = tmp_path / "store"
    command = [sys.executable, "-m", "governance.cli.main", "--store", str(store), "--graph", str(mini_copy), "build"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [run.communicate(timeout=120) + (run.returncode,) for run in runs]
    assert [code for _, _, code in results] == [0, 0], results
    assert open_store(project_for(mini_copy), store).select("SELECT ?s WHERE { ?s a gov:Board } LIMIT 1")
    assert not list(store.glob("tmp-*"))
