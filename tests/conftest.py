"""Shared fixtures: the project, stores built once per session, and a CLI runner."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from governance.cli.main import cli
from governance.store.project import Project
from governance.build import build_store, open_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))  # tests use the curation and README scripts' helpers
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"

# headless Chromium from Debian (never `playwright install`), for the page and PDF tests
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


@pytest.fixture(autouse=True)
def table_width_100(monkeypatch):
    """Tables as the README shows them (100 columns, as when not a terminal), whatever
    COLUMNS the shell running the tests exports; a test may set its own."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture(scope="session")
def llr_project() -> Project:
    return Project(root=ROOT, graph_dir=ROOT / "graph")


@pytest.fixture(scope="session")
def llr_store_dir(tmp_path_factory, llr_project) -> Path:
    store_dir = tmp_path_factory.mktemp("llr-store")
    build_store(llr_project, store_dir)
    return store_dir


@pytest.fixture(scope="session")
def llr(llr_project, llr_store_dir):
    """The real LLR graph, opened read-only."""
    return open_store(llr_project, llr_store_dir)


def built_store(tmp_path_factory, graph_dir: Path, name: str) -> Path:
    """A store built once for a session from a fixture graph folder."""
    store_dir = tmp_path_factory.mktemp(name)
    build_store(Project(root=ROOT, graph_dir=graph_dir), store_dir)
    return store_dir


@pytest.fixture(scope="session")
def mini_store_dir(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, MINI, "mini-store")


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A private copy of the mini graph that a test may break."""
    target = tmp_path / "graph"
    shutil.copytree(MINI, target)
    return target


class Cli:
    """Runs `governance` in-process with a given graph folder and store."""

    def __init__(self, graph: Path, store: Path):
        self.graph, self.store = graph, store

    def __call__(self, *args: str):
        runner = CliRunner()
        return runner.invoke(cli, ["--store", str(self.store), "--graph", str(self.graph), *args],
                             catch_exceptions=False)


@pytest.fixture
def mini_cli(mini_store_dir) -> Cli:
    return Cli(MINI, mini_store_dir)


@pytest.fixture
def llr_cli(llr_store_dir) -> Cli:
    return Cli(ROOT / "graph", llr_store_dir)


@pytest.fixture
def prepared_sparql(monkeypatch):
    """Let rdflib parse each query text once, as a prepared query: pySHACL sends the same
    text per focus node, and parsing, not evaluation, is most of its time here."""
    from rdflib.plugins.sparql import processor

    cache: dict = {}
    original = processor.SPARQLProcessor.query

    def query(self, text, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(text, str):
            if (text, base) not in cache:
                cache[text, base] = processor.translateQuery(processor.parseQuery(text), base, initNs)
            text = cache[text, base]
        return original(self, text, initBindings, initNs, base, DEBUG)

    monkeypatch.setattr(processor.SPARQLProcessor, "query", query)


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module, closed after it."""
    if not Path(CHROMIUM).exists():
        pytest.skip("needs the Debian chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
