"""The package's layers (ARCHITECTURE.md): every module's imports, read with ast, point
down the layer order only, never along a forbidden arrow, and form no cycle."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "governance"

# Higher imports lower, never the reverse. Modules of one layer may import each other
# (without a cycle). Layers not built yet (web, reports, interchange) have their place.
LAYERS = [
    ("base", {"errors", "vocab", "values"}),
    ("store", {"store"}),
    ("rules", {"rules"}),
    ("build", {"build"}),
    ("query", {"query"}),
    ("network", {"network"}),
    ("render", {"render", "interchange", "synth"}),
    ("reports", {"reports", "web"}),
    ("cli", {"cli"}),
    ("package", {"__init__"}),
]
RANK = {top: rank for rank, (_, tops) in enumerate(LAYERS) for top in tops}
# The arrows the design names as never allowed (each is also against the order above;
# listed so that a change of the order cannot quietly allow one).
FORBIDDEN = {("store", "rules"), ("store", "query"), ("query", "cli"), ("rules", "render"),
             ("rules", "reports"), ("render", "reports"), ("render", "web"), ("store", "build")}
HEAVY = {"rdflib", "networkx", "pydot", "pyshacl", "jinja2", "starlette", "uvicorn"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def top(module: str) -> str:
    """The room a module lives in: ``governance.query.ask`` -> ``query``."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def is_module(name: str) -> bool:
    path = PACKAGE.parent / name.replace(".", "/")
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for each import; ``from x import y``
    counts as importing ``x.y`` when ``y`` is a module of the package."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    top_level = {id(node) for node in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno, id(node) in top_level) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}") else base
                found.append((target, node.lineno, id(node) in top_level))
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_has_a_room():
    rooms = {top(module_name(p)) for p in MODULES}
    assert rooms <= set(RANK), f"modules outside the layers: {sorted(rooms - set(RANK))}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_imports_point_down_only(path):
    here = top(module_name(path))
    wrong = []
    for target, line, _ in imports(path):
        if not target.startswith("governance.") and target != "governance":
            continue
        there = top(target)
        if there == here:
            continue
        if (here, there) in FORBIDDEN or RANK[there] > RANK[here]:
            wrong.append(f"{module_name(path)}:{line} imports {target} ({here} -> {there})")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: module_name(p))
def test_every_module_says_what_it_is_for(path):
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert doc and doc.strip().splitlines()[0].strip(), f"{module_name(path)} has no docstring"


def test_base_imports_nothing_of_the_package():
    """errors and vocab import nothing of the package; values (the plain values every
    layer passes) imports only errors."""
    allowed = {"errors": set(), "vocab": set(), "values": {"governance.errors"}}
    for path in MODULES:
        name = top(module_name(path))
        if name in allowed:
            used = {t for t, _, _ in imports(path) if t.startswith("governance")}
            assert used <= allowed[name], f"{module_name(path)} imports {sorted(used - allowed[name])}"


def test_no_import_cycles():
    """Module-level imports among the package's modules form no cycle (an import inside
    a function is lazy and cannot deadlock, but is still held to the layer order)."""
    import networkx as nx

    graph = nx.DiGraph()
    known = {module_name(p) for p in MODULES}
    for path in MODULES:
        here = module_name(path)
        graph.add_node(here)
        for target, _, module_level in imports(path):
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]
            if module_level and target in known and target != here and not here.startswith(target + "."):
                graph.add_edge(here, target)
    cycles = list(nx.simple_cycles(graph))
    assert not cycles, f"import cycles: {cycles}"


def test_heavy_libraries_are_lazy_on_the_ask_path():
    """rdflib, networkx, pydot, pyshacl (and later jinja2, starlette) are imported inside
    the functions that need them, never at module level on the path of `ask`."""
    path_modules = ["governance", "governance.cli.main", "governance.query.ask", "governance.build",
                    "governance.query.answer", "governance.query.rollup", "governance.query.resolve"]
    seen, todo, heavy = set(), list(path_modules), []
    files = {module_name(p): p for p in MODULES}
    while todo:
        name = todo.pop()
        if name in seen or name not in files:
            continue
        seen.add(name)
        for target, line, module_level in imports(files[name]):
            if not module_level:
                continue
            if target.split(".")[0] in HEAVY:
                heavy.append(f"{name}:{line} imports {target}")
            while target not in files and "." in target:
                target = target.rsplit(".", 1)[0]
            todo.append(target)
    assert not heavy, "\n".join(heavy)


def test_module_size_is_readable_in_one_sitting():
    long = [f"{module_name(p)}: {n} lines" for p in MODULES
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420]
    assert not long, "\n".join(long)
