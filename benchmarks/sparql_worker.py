"""The guarded path's cost: the catalogue queries in-process vs through the query worker.

    .venv/bin/python benchmarks/sparql_worker.py [--runs N]

Every free query (`governance sparql`, next the web endpoint) runs in a worker process
that checks it with rdflib's parser and can be killed at a limit. This measures what
that costs, on the text of every catalogue query (queries/*.rq, parameters unbound, so
each answers for every body), in the same run:

- in-process: ``GraphStore.query`` and read every row (what ``ask`` does; the baseline);
- worker, kept: one worker serves query after query (the web endpoint's case): the
  parse check, the pipe and the row encoding; "new" with a text the worker has not seen
  (a comment makes each run's text unique), "repeat" with one it has (its parse check is
  remembered);
- worker, fresh: a new worker per query (the CLI's case): plus starting a Python
  process, importing rdflib's parser and opening the store.

Prints per-query medians and the ratios worker/in-process (lower is better).
Timings vary on shared machines: read the ratios.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from governance.build import open_store  # noqa: E402
from governance.query.catalogue import catalogue  # noqa: E402
from governance.query.sparql import Limits, QueryWorker, stream_sparql  # noqa: E402
from governance.store.project import Project  # noqa: E402

LIMITS = Limits(max_rows=10_000_000, timeout=300)


def in_process(gs, text: str) -> int:
    result = gs.query(text)
    return sum(1 for _ in result)


def through(gs, text: str, worker: QueryWorker | None) -> int:
    return sum(1 for _ in stream_sparql(gs, text, limits=LIMITS, worker=worker)) - 1  # less the header


def median_ms(function, runs: int) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        function(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--store", default=None, help="store folder (default: the project's)")
    runs = parser.parse_args().runs
    project = Project(root=ROOT, graph_dir=ROOT / "graph")
    gs = open_store(project, parser.parse_args().store)
    queries = {name: q.sparql for name, q in catalogue(project.queries_dir).items()}
    print(f"{len(queries)} catalogue queries, {gs.manifest['triples']} triples, median of {runs} runs (ms)")
    print(f"{'query':<14} {'rows':>6} {'in-process':>11} {'kept, new':>10} {'kept, repeat':>13} {'fresh':>8}")
    totals = [0.0, 0.0, 0.0, 0.0]
    stamp = time.time_ns()
    with QueryWorker() as kept:
        for name, text in sorted(queries.items()):
            try:
                rows = in_process(gs, text)
                assert through(gs, text, kept) == rows, name
            except Exception as exc:  # noqa: BLE001 - a query that needs its parameters bound
                print(f"{name:<14} skipped ({type(exc).__name__}: {str(exc)[:60]})")
                continue
            cells = [median_ms(lambda run: in_process(gs, text), runs),
                     median_ms(lambda run: through(gs, f"{text}\n# {stamp} {run}", kept), runs),
                     median_ms(lambda run: through(gs, text, kept), runs),
                     median_ms(lambda run: through(gs, f"{text}\n# {stamp} {run}", None), max(3, runs // 2))]
            totals = [t + c for t, c in zip(totals, cells)]
            print(f"{name:<14} {rows:>6} {cells[0]:>11.1f} {cells[1]:>10.1f} {cells[2]:>13.1f} {cells[3]:>8.1f}")
    print(f"{'all':<14} {'':>6} {totals[0]:>11.1f} {totals[1]:>10.1f} {totals[2]:>13.1f} {totals[3]:>8.1f}")
    print(f"ratio worker kept, new text / in-process: {totals[1] / totals[0]:.2f}")
    print(f"ratio worker kept, repeated / in-process: {totals[2] / totals[0]:.2f}")
    print(f"ratio fresh worker / in-process:          {totals[3] / totals[0]:.2f}")


if __name__ == "__main__":
    main()
