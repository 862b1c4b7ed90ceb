"""Cached `governance ask` end to end, against an rdflib baseline, in the same run.

    .venv/bin/python benchmarks/ask_latency.py [--runs N]

Ours: a fresh `governance ask reports-to SPB` process on a built store (the cache).
Baseline: a fresh process that does what a tool without the store cache must do —
parse graph/ and the ontology with rdflib and run the same reports-to SPARQL.
Prints the medians and the ratio ours/baseline (lower is better) and the design
target (cached ask <= 150 ms). Timings vary on shared machines: read the ratio.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOVERNANCE = Path(sys.executable).with_name("governance")

BASELINE = r"""
import sys, rdflib, pathlib
root = pathlib.Path(sys.argv[1])
g = rdflib.Graph()
for path in [root / "ontology" / "govgraph.ttl", *sorted((root / "graph").rglob("*.ttl"))]:
    g.parse(path, format="turtle")
query = (root / "queries" / "reports-to.rq").read_text()
body = rdflib.URIRef("https://w3id.org/govgraph/id/llr/spb")
rows = list(g.query(query, initBindings={"body": body}))
print(len(rows))
"""


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    ours_cmd = [str(GOVERNANCE), "ask", "reports-to", "SPB"]
    subprocess.run([str(GOVERNANCE), "build"], check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    timed(ours_cmd)  # warm the OS file cache
    ours = statistics.median(timed(ours_cmd) for _ in range(runs))
    base = statistics.median(timed([sys.executable, "-c", BASELINE, str(ROOT)]) for _ in range(max(3, runs // 2)))
    print(f"cached ask (governance ask reports-to SPB): {ours * 1000:.0f} ms median of {runs}")
    print(f"baseline (rdflib parse + same query):        {base * 1000:.0f} ms")
    print(f"ratio ours/baseline: {ours / base:.3f}  (target: cached ask <= 150 ms)")


if __name__ == "__main__":
    main()
