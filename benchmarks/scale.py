"""National scale: the synthetic graph at 100k, 300k and 1M triples, every figure as a
ratio against baselines measured in the same run.

    .venv/bin/python benchmarks/scale.py                   # 100k, 300k and 1M
    .venv/bin/python benchmarks/scale.py --sizes 50k       # the CI-sized run (tests/test_scale.py)
    .venv/bin/python benchmarks/scale.py --sizes 1M --pyshacl-timeout 600

For each size: ``governance synth`` writes the smallest number of force areas that
reach it, then (each in a child process, timed and with its peak memory from
``os.wait4``'s ru_maxrss):

- build (``governance build --force``) against rdflib parsing the same files;
- every catalogue query (in-process ``ask``, median of --runs) against the same bound
  text on Oxigraph server's own ``/query`` (PyPI oxigraph, started on 127.0.0.1 and
  stopped by its PID) and, for ``members``, rdflib's query on the parsed graph;
- a cached CLI ``ask`` end to end against ``python -c pass``;
- the review against pySHACL on the same shapes and the same prepared data (results
  compared; pySHACL is stopped at --pyshacl-timeout and its figure is then a lower bound);
- once: a 500-node diagram against Graphviz alone, and a cached ``ask`` on LLR against
  ``python -c pass``.

Targets are printed beside the figures, never asserted: timings on shared machines vary.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GOVERNANCE = str(Path(sys.executable).with_name("governance"))
OXIGRAPH = str(Path(sys.executable).with_name("oxigraph"))
SIZES = {"20k": 20_000, "50k": 50_000, "100k": 100_000, "300k": 300_000, "1M": 1_000_000}
AREA = "https://w3id.org/govgraph/id/synth/avon-and-somerset/"
NAT = "https://w3id.org/govgraph/id/synth/national/"
TARGETS = {  # what each catalogue query is asked about (the first area is in every size)
    "chain": AREA + "whittonshire-yos-management-board", "chair": AREA + "strategic-partnership-board",
    "duties": AREA + "police", "duty-holders": NAT + "duty-cda-s17", "funded-by": AREA + "pcc",
    "funders": AREA + "pcc", "funding": AREA + "pcc", "members": AREA + "strategic-partnership-board",
    "memberships": AREA + "police", "priorities": AREA + "avon-and-somerset-police-and-crime-plan-2017-2021",
    "reports-to": AREA + "strategic-partnership-board", "subgroups": AREA + "strategic-partnership-board",
    "search": "Strategic Partnership Board", "changes": None,
}


# ---- children: each measured step runs in its own process ------------------------------

def run_child(command: list[str], timeout: float | None = None, env: dict | None = None) -> dict:
    """Run a process; its wall time, peak RSS (MB, ru_maxrss) and stdout; killed at timeout."""
    start = time.perf_counter()
    errors = tempfile.TemporaryFile()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, cwd=ROOT,
                            env=dict(os.environ, **(env or {})), start_new_session=True)
    deadline = None if timeout is None else start + timeout
    out = b""
    os.set_blocking(proc.stdout.fileno(), False)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        chunk = proc.stdout.read() or b""
        out += chunk
        if pid:
            break
        if deadline and time.perf_counter() > deadline:
            os.killpg(proc.pid, signal.SIGKILL)
            os.wait4(proc.pid, 0)
            return {"seconds": timeout, "timed_out": True, "rss_mb": None, "stdout": ""}
        time.sleep(0.02)
    out += proc.stdout.read() or b""
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        errors.seek(0)
        raise RuntimeError(f"{' '.join(command[:4])} failed: {errors.read().decode()[-2000:]}")
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "timed_out": False,
            "rss_mb": usage.ru_maxrss / 1024, "stdout": out.decode()}


CHILD_QUERIES = r"""
import json, statistics, sys, time
from pathlib import Path
from governance.build import open_store
from governance.query.ask import ask
from governance.query.catalogue import get_query
from governance.store.project import Project
root, graph, store, name, arg, runs = sys.argv[1:7]
project = Project(root=Path(root), graph_dir=Path(graph))
gs = open_store(project, Path(store), rebuild=False)
query = get_query(project.queries_dir, name)
captured = []
select = gs.select
def spy(sparql, params=None, **kw):
    if sparql == query.sparql:
        captured.append(dict(params or {}))
    return select(sparql, params, **kw)
gs.select = spy
args = [arg] if arg != "-" else []
times, rows = [], 0
for i in range(int(runs) + 1):
    start = time.perf_counter()
    answer = ask(gs, project, name, args)
    times.append(time.perf_counter() - start)
    rows = len(answer.rows)
    if times[-1] > 20:
        break
times = times[1:] or times
print(json.dumps({"median": statistics.median(times), "rows": rows,
                  "params": {k: str(v) for k, v in (captured[0] if captured else {}).items()},
                  "sparql": query.sparql}))
"""

CHILD_RDFLIB = r"""
import json, sys, time, pathlib, rdflib
root, graph, query_file, body, runs = sys.argv[1:6]
start = time.perf_counter()
g = rdflib.Graph()
for path in [pathlib.Path(root) / "ontology" / "govgraph.ttl", *sorted(pathlib.Path(graph).rglob("*.ttl"))]:
    g.parse(path, format="turtle")
parsed = time.perf_counter() - start
text = pathlib.Path(query_file).read_text()
times = []
for _ in range(int(runs)):
    start = time.perf_counter()
    rows = list(g.query(text, initBindings={"body": rdflib.URIRef(body)}))
    times.append(time.perf_counter() - start)
    if times[-1] > 20:
        break
print(json.dumps({"parse": parsed, "query": min(times), "triples": len(g)}))
"""

CHILD_REVIEW = r"""
import json, sys, time
from pathlib import Path
from governance.build import open_store
from governance.rules.review import check, load_constraints, prepare, review
from governance.store.project import Project
root, graph, store, nt = sys.argv[1:5]
project = Project(root=Path(root), graph_dir=Path(graph))
gs = open_store(project, Path(store), rebuild=False)
start = time.perf_counter()
result = review(gs, project)
seconds = time.perf_counter() - start
dataset = prepare(gs, project)
ours = sorted({(r.focus.value, r.shape, str(r.value)) for r in check(dataset, load_constraints(project))})
with open(nt, "w", encoding="utf-8") as out:
    for g in dataset.graphs:
        for q in dataset.store.quads_for_pattern(None, None, None, g):
            out.write(f"{q.subject} {q.predicate} {q.object} .\n")
print(json.dumps({"seconds": seconds, "findings": len(result.findings), "results": ours}))
"""

CHILD_PYSHACL = r"""
import json, sys, time
import pyshacl, rdflib
from rdflib.namespace import SH
nt, shapes_file = sys.argv[1:3]
start = time.perf_counter()
data = rdflib.Graph().parse(nt, format="nt")
shapes = rdflib.Graph().parse(shapes_file, format="turtle")
_, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_infos=True, allow_warnings=True)
theirs = sorted({(str(report.value(r, SH.focusNode)), str(report.value(r, SH.sourceShape)), report.value(r, SH.value).n3())
                 for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)})
print(json.dumps({"seconds": time.perf_counter() - start, "results": theirs}))
"""


# ---- the Oxigraph server baseline --------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class OxigraphServer:
    """``oxigraph serve-read-only`` on the build's database, stopped by its own PID."""

    def __init__(self, db: Path):
        self.port = free_port()
        self.proc = subprocess.Popen([OXIGRAPH, "serve-read-only", "--location", str(db), "--bind",
                                      f"127.0.0.1:{self.port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("oxigraph server did not start")

    def query(self, text: str) -> float:
        data = urllib.parse.urlencode({"query": text}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}/query", data=data,
                                         headers={"Accept": "application/sparql-results+json"})
        start = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
        return time.perf_counter() - start

    def stop(self) -> None:
        os.kill(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=10)


def bound_text(sparql: str, params: dict) -> str:
    """The catalogue text with the parameters the engine bound, as a VALUES block."""
    import pyoxigraph as ox

    from governance.store.remote import with_values

    def term(text: str):
        if text.startswith("<"):
            return ox.NamedNode(text[1:-1])
        value, _, datatype = text.rpartition("^^")
        return ox.Literal(json.loads(value), datatype=ox.NamedNode(datatype[1:-1])) if datatype else ox.Literal(json.loads(text))
    from governance import vocab

    prefixes = "".join(f"PREFIX {k}: <{v}>\n" for k, v in vocab.PREFIXES.items() if f"PREFIX {k}:" not in sparql)
    return prefixes + with_values(sparql, {k: term(v) for k, v in params.items()})


# ---- one size ------------------------------------------------------------------------------

def synth_for(target: int, folder: Path, seed: int) -> dict:
    from governance.synth.generate import synthesise

    areas = max(1, math.ceil(target / 24_500))
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        summary = synthesise(folder, areas=areas, seed=seed)
        if summary["triples"] >= target or areas == 43:
            return summary
        areas += 1


def measure(size: str, work: Path, runs: int, pyshacl_timeout: float, seed: int) -> dict:
    graph, store = work / f"graph-{size}", work / f"store-{size}"
    summary = synth_for(SIZES[size], graph, seed)
    shutil.rmtree(store, ignore_errors=True)
    result = {"size": size, "areas": summary["areas"], "triples": summary["triples"]}
    cli = [GOVERNANCE, "--graph", str(graph), "--store", str(store)]
    print(f"[{size}] {summary['areas']} areas, {summary['triples']:,} triples; building", file=sys.stderr)
    result["build"] = run_child(cli + ["build", "--force"])
    members_rq = ROOT / "queries" / "members.rq"
    result["rdflib"] = json.loads(run_child([PYTHON, "-c", CHILD_RDFLIB, str(ROOT), str(graph), str(members_rq),
                                             TARGETS["members"], "3"], timeout=1800)["stdout"] or "{}")
    result["rdflib_rss_mb"] = None
    db = Path(os.path.realpath(store / "current")) / "db"
    server = OxigraphServer(db)
    result["queries"] = {}
    try:
        for name, arg in TARGETS.items():
            print(f"[{size}] query {name}", file=sys.stderr)
            child = run_child([PYTHON, "-c", CHILD_QUERIES, str(ROOT), str(graph), str(store), name, arg or "-", str(runs)],
                              timeout=180)
            if child["timed_out"]:
                result["queries"][name] = {"median": None, "timed_out": 180}
                continue
            data = json.loads(child["stdout"])
            text = bound_text(data.pop("sparql"), data.pop("params"))
            try:
                server_times = [server.query(text) for _ in range(runs)]
                data["server"] = statistics.median(server_times)
            except Exception as exc:  # noqa: BLE001 - a baseline that fails is reported, not fatal
                data["server"] = None
                data["server_error"] = str(exc)[:200]
            result["queries"][name] = data
    finally:
        server.stop()
    ask_cmd = cli + ["ask", "members", TARGETS["members"]]
    run_child(ask_cmd)  # warm the file cache
    result["cli_ask"] = statistics.median(run_child(ask_cmd)["seconds"] for _ in range(runs))
    result["python_pass"] = statistics.median(run_child([PYTHON, "-c", "pass"])["seconds"] for _ in range(runs))
    print(f"[{size}] review", file=sys.stderr)
    nt = work / f"prepared-{size}.nt"
    review = json.loads(run_child([PYTHON, "-c", CHILD_REVIEW, str(ROOT), str(graph), str(store), str(nt)])["stdout"])
    print(f"[{size}] pySHACL (stopped at {pyshacl_timeout:.0f} s)", file=sys.stderr)
    shacl = run_child([PYTHON, "-c", CHILD_PYSHACL, str(nt), str(ROOT / "ontology" / "shapes" / "compliance.ttl")],
                      timeout=pyshacl_timeout)
    nt.unlink(missing_ok=True)
    result["review"] = {"seconds": review["seconds"], "findings": review["findings"], "results": len(review["results"])}
    if shacl["timed_out"]:
        result["pyshacl"] = {"seconds": pyshacl_timeout, "timed_out": True, "identical": None}
    else:
        theirs = json.loads(shacl["stdout"])
        result["pyshacl"] = {"seconds": theirs["seconds"], "timed_out": False,
                             "identical": [tuple(r) for r in theirs["results"]] == [tuple(r) for r in review["results"]]}
    return result


def once(runs: int, work: Path) -> dict:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import diagram_500

    diagram = diagram_500.run(500, 3)
    store = work / "store-llr"
    cli = [GOVERNANCE, "--graph", str(ROOT / "graph"), "--store", str(store)]
    run_child(cli + ["build"])
    ask_cmd = cli + ["ask", "members", "Strategic Partnership Board"]
    run_child(ask_cmd)
    llr = statistics.median(run_child(ask_cmd)["seconds"] for _ in range(runs))
    python_pass = statistics.median(run_child([PYTHON, "-c", "pass"])["seconds"] for _ in range(runs))
    return {"diagram": diagram["ours"], "graphviz": diagram["graphviz"], "llr_ask": llr, "python_pass": python_pass}


# ---- the table -------------------------------------------------------------------------------

def ms(seconds) -> str:
    return "—" if seconds is None else f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def ratio(ours, base, lower_bound=False) -> str:
    if not ours or not base:
        return "—"
    return f"{'≥ ' if lower_bound else ''}{base / ours:,.1f}× faster" if ours < base else f"{ours / base:,.2f}×"


def table(results: list[dict], extra: dict | None) -> str:
    sizes = [r["size"] for r in results]
    lines = ["| figure | target | " + " | ".join(f"{r['size']} ({r['triples']:,} triples, {r['areas']} areas)" for r in results) + " |",
             "| --- | --- | " + " | ".join("---" for _ in sizes) + " |"]

    def row(label, target, cells):
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")

    row("build", "≤ 10 s", [f"{ms(r['build']['seconds'])} (CPU {ms(r['build'].get('cpu'))}); rdflib parse {ms(r['rdflib'].get('parse'))} "
                            f"({ratio(r['build']['seconds'], r['rdflib'].get('parse'))} of it)" for r in results])
    row("build peak memory", "≤ 1.5 GB", [f"{r['build']['rss_mb']:,.0f} MB" for r in results])
    for name in TARGETS:
        cells = []
        for r in results:
            q = r["queries"][name]
            if q.get("median") is None:
                cells.append(f"> {q.get('timed_out')} s (stopped)")
                continue
            cell = f"{ms(q['median'])} ({q['rows']} rows); server /query {ms(q.get('server'))} = {ratio(q['median'], q.get('server'))}"
            if name == "members":
                cell += f"; rdflib query {ms(r['rdflib'].get('query'))}"
            cells.append(cell)
        row(f"ask {name} (median)", "≤ 50 ms", cells)
    row("cached CLI ask (members)", "≤ 150 ms",
        [f"{ms(r['cli_ask'])} = {r['cli_ask'] / r['python_pass']:.1f}× python -c pass ({ms(r['python_pass'])})" for r in results])
    row("review", "≤ 10 s, ≥ 20× pySHACL, identical",
        [f"{ms(r['review']['seconds'])} ({r['review']['findings']} findings); pySHACL "
         f"{'> ' if r['pyshacl']['timed_out'] else ''}{ms(r['pyshacl']['seconds'])} = "
         f"{ratio(r['review']['seconds'], r['pyshacl']['seconds'], r['pyshacl']['timed_out'])}; "
         f"identical: {'not known (pySHACL stopped)' if r['pyshacl']['identical'] is None else 'yes' if r['pyshacl']['identical'] else 'NO'}"
         for r in results])
    if extra:
        lines.append("")
        lines.append(f"- 500-node diagram: {ms(extra['diagram'])} (target ≤ 1 s); Graphviz alone {ms(extra['graphviz'])} "
                     f"= {extra['diagram'] / extra['graphviz']:.2f}×")
        lines.append(f"- cached CLI ask on LLR: {ms(extra['llr_ask'])} = {extra['llr_ask'] / extra['python_pass']:.1f}× "
                     f"python -c pass ({ms(extra['python_pass'])}; target ≤ 8×)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,300k,1M", help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pyshacl-timeout", type=float, default=300)
    parser.add_argument("--no-once", action="store_true", help="skip the diagram and LLR figures")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    parser.add_argument("--work", metavar="DIR", help="keep the data sets and stores here")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="govgraph-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    results, extra = [], None
    for size in args.sizes.split(","):  # each size's figures are kept as soon as they are measured
        results.append(measure(size, work, args.runs, args.pyshacl_timeout, args.seed))
        if args.json:
            Path(args.json).write_text(json.dumps({"results": results, "once": extra}, indent=2, default=str))
    if not args.no_once:
        extra = once(args.runs, work)
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "once": extra}, indent=2, default=str))
    results.sort(key=lambda r: r["triples"])
    print(table(results, extra))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
