"""Where a project's files live: ontology/, graph/, queries/ and the store cache.

A project root is the folder holding ``ontology/govgraph.ttl``. It is found from
``GOVERNANCE_HOME``, else by walking up from the working directory, else next to the
installed package (an editable install from a clone). The instance data folder can be
swapped (``--graph`` / ``GOVERNANCE_GRAPH``) to run the engine over another area.
"""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import StoreError

MARKER = Path("ontology") / "govgraph.ttl"


@dataclass(frozen=True)
class Project:
    root: Path
    graph_dir: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    @property
    def shapes_dir(self) -> Path:
        return self.ontology_dir / "shapes"

    @property
    def rules_dir(self) -> Path:
        return self.ontology_dir / "rules"

    def internal_query(self, name: str) -> str:
        """The text of an internal helper query such as ``queries/_evidence.rq``, with its
        ``# @asof`` lines expanded."""
        return expand_asof((self.queries_dir / f"_{name}.rq").read_text(encoding="utf-8"), self.queries_dir)

    def data_files(self) -> list[Path]:
        """Every Turtle file loaded into the store: the vocabulary, then graph/."""
        files = [self.ontology_dir / "govgraph.ttl"]
        files += sorted(self.graph_dir.rglob("*.ttl"))
        return files

    def relative(self, path: Path) -> str:
        """A path as the user knows it: relative to the project root when inside it."""
        for base in (self.root, self.graph_dir.parent):
            try:
                return str(path.resolve().relative_to(base.resolve()))
            except ValueError:
                continue
        return str(path)

    def default_store_dir(self) -> Path:
        """``GOVERNANCE_STORE``, else a per-user cache folder, one per project root and
        graph folder."""
        if os.environ.get("GOVERNANCE_STORE"):
            return Path(os.environ["GOVERNANCE_STORE"])
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        key = hashlib.sha256(f"{self.root.resolve()}|{self.graph_dir.resolve()}".encode()).hexdigest()[:16]
        return cache / "govgraph" / key


ASOF = re.compile(r"^(\s*)# @asof((?:\s+\?\w+)+)\s*$", re.M)
SELECT = re.compile(r"^\s*SELECT\s+(?:DISTINCT\s+|REDUCED\s+)?", re.M)


def expand_asof(text: str, queries_dir: Path) -> str:
    """Replace each ``# @asof ?x ?y`` line by the shared as-of pattern
    (``queries/_asof.rq``) for each variable, so no query copies the filter.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "_asof.rq").write_text("# how\\nFILTER(?VAR_known_from <= ?asof)\\n")
    >>> print(expand_asof("SELECT ?line WHERE {\\n  # @asof ?line\\n}", folder))
    SELECT ?asof ?line WHERE {
      FILTER(?line_known_from <= ?asof)
    }
    """
    if "# @asof" not in text:
        return text
    template = [line for line in (queries_dir / "_asof.rq").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.lstrip().startswith("#")]

    def expand(match: re.Match) -> str:
        indent, names = match.group(1), match.group(2).split()
        return "\n".join(indent + line.replace("VAR", name[1:]) for name in names for line in template)

    text = ASOF.sub(expand, text)
    # a bound variable must be projected (pyoxigraph substitutions): project ?asof
    select = SELECT.search(text)
    if select and "?asof" not in text[select.end():text.find("WHERE", select.end())]:
        text = text[:select.end()] + "?asof " + text[select.end():]
    return text


def find_root(start: Path | None = None) -> Path:
    env = os.environ.get("GOVERNANCE_HOME")
    if env:
        root = Path(env)
        if not (root / MARKER).exists():
            raise StoreError(f"GOVERNANCE_HOME={env} has no {MARKER}; point it at a govgraph checkout")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / MARKER).exists():
            return folder
    packaged = Path(__file__).resolve().parents[3]
    if (packaged / MARKER).exists():
        return packaged
    raise StoreError(f"no govgraph project found (no {MARKER} here or above); set GOVERNANCE_HOME")


def open_project(graph_dir: str | os.PathLike | None = None) -> Project:
    if graph_dir is not None and not isinstance(graph_dir, (str, os.PathLike)):
        raise StoreError(f"the graph folder must be a path (str or Path), not {graph_dir!r}")
    root = find_root()
    chosen = graph_dir or os.environ.get("GOVERNANCE_GRAPH")
    graph = Path(chosen) if chosen else root / "graph"
    if not graph.is_dir():
        raise StoreError(f"graph folder {graph} does not exist")
    return Project(root=root, graph_dir=graph)
