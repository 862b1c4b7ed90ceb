"""The synthetic national graph on a remote store: `governance push` into Oxigraph server
and into Virtuoso, then the whole catalogue answered there, in the same run as the
embedded store and each server's own /query.

    .venv/bin/python benchmarks/remote_catalogue.py --size 1M --work /tmp/bench/work
    .venv/bin/python benchmarks/remote_catalogue.py --size 20k        # small and quick

The data set and its build are the scale benchmark's (benchmarks/scale.py: the same
seed, sizes and questions); an existing ``graph-SIZE``/``store-SIZE`` in --work is used
as it is. Both servers start on 127.0.0.1 in a private folder and are stopped by their
own PID (tests/remote_servers.py). For each server it prints:

- the push (a `governance push` process: wall time and peak memory);
- opening the store for answers (its manifest and name index read from the endpoint),
  again with the name index kept from the first time, and the first answer after it;
- a cached CLI ``ask --endpoint`` end to end (a process of its own, median of --runs);
- every catalogue query as an in-process ``ask`` through the remote store (median of
  --runs), against the embedded store's ``ask`` and the server's own /query answering
  the main query's bound text, with the rows of each (they must agree).

Timings vary on shared machines: read the ratios.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import remote_servers  # noqa: E402
import scale  # noqa: E402


def own_query(server, text: str, graphs: list[str]) -> float:
    """One POST of TEXT to the server's own SPARQL endpoint over GRAPHS (the dataset the
    remote store asks for), its wall time."""
    form = [("query", text)] + [(key, g) for g in graphs for key in ("default-graph-uri", "named-graph-uri")]
    data = urllib.parse.urlencode(form).encode()
    request = urllib.request.Request(server.query_url, data=data,
                                     headers={"Accept": "application/sparql-results+json"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()
    return time.perf_counter() - start


def timed_asks(gs, project, name: str, arg, runs: int) -> tuple[float, int, dict, str]:
    """The median of RUNS asks (after one to warm up), the rows, and the main query's
    parameters and text as the engine bound them."""
    from governance.query.ask import ask
    from governance.query.catalogue import get_query

    query = get_query(project.queries_dir, name)
    captured, select = [], gs.select

    def spy(sparql, params=None, **kw):
        if sparql == query.sparql:
            captured.append(dict(params or {}))
        return select(sparql, params, **kw)

    gs.select = spy
    try:
        args = [arg] if arg else []
        rows = len(ask(gs, project, name, args).rows)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            ask(gs, project, name, args)
            times.append(time.perf_counter() - start)
    finally:
        del gs.select
    params = {k: str(v) for k, v in (captured[0] if captured else {}).items()}
    return statistics.median(times), rows, params, query.sparql


def measure(size: str, work: Path, runs: int, seed: int, servers: list[str], keep=lambda result: None) -> dict:
    """The figures of one size; KEEP is given them after each server (a long run keeps
    what it has measured)."""
    from governance.build import open_store
    from governance.query.ask import ask
    from governance.store.project import Project
    from governance.store.remote import open_remote

    graph, store = work / f"graph-{size}", work / f"store-{size}"
    if not (graph / "national.ttl").exists():
        scale.synth_for(scale.SIZES[size], graph, seed)
    cli = [scale.GOVERNANCE, "--graph", str(graph), "--store", str(store)]
    scale.run_child(cli + ["build"])  # nothing to do when the build is current
    project = Project(root=ROOT, graph_dir=graph)
    local = open_store(project, store, rebuild=False)
    result = {"size": size, "triples": local.manifest["triples"], "servers": {}, "embedded": {}}
    texts = {}
    for name, arg in scale.TARGETS.items():
        seconds, rows, params, text = timed_asks(local, project, name, arg, runs)
        result["embedded"][name] = {"median": seconds, "rows": rows}
        texts[name] = scale.bound_text(text, params)
    for which in servers:
        folder = Path(tempfile.mkdtemp(prefix=f"govgraph-{which}-", dir=work))
        server = (remote_servers.start_oxigraph if which == "oxigraph" else remote_servers.start_virtuoso)(folder)
        figures: dict = {"queries": {}}
        result["servers"][which] = figures
        try:
            env = {"GOVERNANCE_PUSH_PASSWORD": server.password} if server.password else {}
            push = cli + ["push", server.store_url] + (["--user", server.user] if server.user else [])
            print(f"[{size}] push to {which}", file=sys.stderr)
            pushed = scale.run_child(push, env=env)
            figures["push"] = {"seconds": pushed["seconds"], "rss_mb": pushed["rss_mb"]}
            cache = folder / "cache"
            for key in ("open", "open_kept"):  # the name index read from the endpoint, then kept
                start = time.perf_counter()
                remote = open_remote(server.query_url, project, timeout=600, cache_dir=cache)
                remote.label_data()
                figures[key] = time.perf_counter() - start
            start = time.perf_counter()  # what one command with --endpoint pays for its first answer
            ask(remote, project, "members", [scale.TARGETS["members"]])
            figures["first_ask"] = time.perf_counter() - start
            ask_cmd = cli + ["--endpoint", server.query_url, "ask", "members", scale.TARGETS["members"]]
            scale.run_child(ask_cmd)  # keeps the name index in the store folder
            figures["cli_ask"] = statistics.median(scale.run_child(ask_cmd)["seconds"] for _ in range(runs))
            for name, arg in scale.TARGETS.items():
                print(f"[{size}] {which}: {name}", file=sys.stderr)
                seconds, rows, _, _ = timed_asks(remote, project, name, arg, runs)
                visible = [g.value for g in remote.graphs()]
                own = statistics.median(own_query(server, texts[name], visible) for _ in range(runs))
                figures["queries"][name] = {"median": seconds, "rows": rows, "own": own}
        except Exception as exc:  # noqa: BLE001 - a store that cannot answer is a finding, reported
            figures["error"] = f"{type(exc).__name__}: {exc}"[:600]
        finally:
            server.stop()
            shutil.rmtree(folder, ignore_errors=True)
        keep(result)
    return result


def table(result: dict) -> str:
    ms = scale.ms
    servers = list(result["servers"])
    lines = [f"{result['size']} ({result['triples']:,} triples)", "",
             "| figure | embedded | " + " | ".join(servers) + " |",
             "| --- | --- | " + " | ".join("---" for _ in servers) + " |"]
    def push(figures):
        return f"{ms(figures['push']['seconds'])} ({figures['push']['rss_mb']:,.0f} MB)" if "push" in figures else "—"

    lines.append("| push | — | " + " | ".join(push(result["servers"][s]) for s in servers) + " |")
    lines.append("| open (manifest, name index) | — | " + " | ".join(
        ms(result["servers"][s].get("open")) for s in servers) + " |")
    for key, label in (("open_kept", "open again (the name index kept)"), ("first_ask", "first ask members after it"),
                       ("cli_ask", "cached CLI ask members --endpoint")):
        lines.append(f"| {label} | — | " + " | ".join(ms(result["servers"][s].get(key)) for s in servers) + " |")
    for name in scale.TARGETS:
        ours = result["embedded"][name]
        cells = []
        for s in servers:
            q = result["servers"][s]["queries"].get(name)
            if q is None:
                cells.append("—")
                continue
            agree = "" if q["rows"] == ours["rows"] else f" ROWS DIFFER ({q['rows']})"
            cells.append(f"{ms(q['median'])} = {scale.ratio(q['median'], ours['median'])} of embedded; "
                         f"its own /query {ms(q['own'])}{agree}")
        lines.append(f"| ask {name} | {ms(ours['median'])} ({ours['rows']} rows) | " + " | ".join(cells) + " |")
    lines += [f"- {s} failed: {result['servers'][s]['error']}" for s in servers if "error" in result["servers"][s]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100k", choices=list(scale.SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--servers", default="oxigraph,virtuoso")
    parser.add_argument("--json", metavar="FILE", help="also write the raw figures as JSON")
    parser.add_argument("--work", metavar="DIR", help="keep the data set and store here")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="govgraph-remote-"))
    work.mkdir(parents=True, exist_ok=True)
    def keep(result):
        if args.json:
            Path(args.json).write_text(json.dumps(result, indent=2))

    try:
        result = measure(args.size, work, args.runs, args.seed, args.servers.split(","), keep)
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
