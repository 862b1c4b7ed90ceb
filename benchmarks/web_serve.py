"""`governance serve` under load, against Oxigraph server's own /query, in the same run.

    .venv/bin/python benchmarks/web_serve.py [--seconds S] [--clients N]

Builds the LLR store into a temporary folder, starts `governance serve` and
`oxigraph serve` on 127.0.0.1 (each stopped by its own pid at the end), pushes the
build into Oxigraph server with `governance push`, then measures with N client
threads (keep-alive HTTP/1.1 connections) for S seconds each:

- a body page (/body/llr/spb): the first render of a page (each body once, cold), and
  the page served again (the explorer keeps a page it has made: the store is read-only);
- /sparql running the catalogue query reports-to SPB (its standard text: prefixes
  declared, the body bound by VALUES), through the guarded path (parsed, checked,
  run in a worker process with a time-out and a row cap), against Oxigraph server's
  /query answering the same text on the same data.

Prints requests/s and median latency for each, and the ratios ours/Oxigraph.
Timings vary on shared machines: read the ratios.
"""
from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))


def load(host: str, port: int, method: str, path: str, body: bytes | None, headers: dict, seconds: float,
         clients: int) -> tuple[float, float, int]:
    """(requests/s, median latency in ms, requests) with CLIENTS threads for SECONDS."""
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection(host, port, timeout=60)
        mine = []
        while time.monotonic() < stop:
            start = time.perf_counter()
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{path}: HTTP {response.status}")
            mine.append(time.perf_counter() - start)
        connection.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    return len(latencies) / elapsed, statistics.median(latencies) * 1000, len(latencies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=4)
    options = parser.parse_args()

    import pyoxigraph as ox
    from click.testing import CliRunner

    from governance.build import build_store
    from governance.cli.main import cli
    from governance.query.catalogue import get_query
    from governance.store.project import Project
    from governance.store.remote import with_prefixes, with_values
    from remote_servers import start_governance, start_oxigraph

    project = Project(root=ROOT, graph_dir=ROOT / "graph")
    with tempfile.TemporaryDirectory(prefix="govgraph-bench-") as tmp:
        tmp = Path(tmp)
        build_store(project, tmp / "store")
        ours = start_governance(tmp / "store", ROOT / "graph", "--max-rows", "100000", folder=tmp)
        oxigraph = start_oxigraph(tmp / "oxigraph")
        try:
            pushed = CliRunner().invoke(cli, ["--store", str(tmp / "store"), "--graph", str(ROOT / "graph"),
                                              "push", oxigraph.store_url], catch_exceptions=False)
            print(pushed.stdout.strip().splitlines()[-1])
            ours_host = urllib.parse.urlsplit(ours.store_url)
            oxi_host = urllib.parse.urlsplit(oxigraph.query_url)

            # a body page: first render (cold; each body once), then served again
            bodies = ["spb", "slp", "uava", "lscsb", "yos", "melton-csp", "charnwood-csp", "rutland-county-council"]
            cold = []
            for body in bodies:
                connection = http.client.HTTPConnection(ours_host.hostname, ours_host.port, timeout=120)
                start = time.perf_counter()
                connection.request("GET", f"/body/llr/{body}")
                response = connection.getresponse()
                response.read()
                cold.append((time.perf_counter() - start) * 1000)
                connection.close()
            page = load(ours_host.hostname, ours_host.port, "GET", "/body/llr/spb", None, {},
                        options.seconds, options.clients)

            # /sparql with a catalogue query, ours and Oxigraph server's /query
            query = get_query(project.queries_dir, "reports-to")
            text = with_prefixes(with_values(query.sparql, {"body": ox.NamedNode("https://w3id.org/govgraph/id/llr/spb")}))
            graphs = ["https://w3id.org/govgraph/graph/curated", "https://w3id.org/govgraph/graph/timeline",
                      "https://w3id.org/govgraph/graph/inferred"]
            form = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"}
            ours_body = urllib.parse.urlencode({"query": text}).encode()
            oxi_body = urllib.parse.urlencode([("query", text)] + [("default-graph-uri", g) for g in graphs]
                                              + [("named-graph-uri", g) for g in graphs]).encode()
            mine = load(ours_host.hostname, ours_host.port, "POST", "/sparql", ours_body, form,
                        options.seconds, options.clients)
            theirs = load(oxi_host.hostname, oxi_host.port, "POST", "/query", oxi_body, form,
                          options.seconds, options.clients)
        finally:
            ours.stop()
            oxigraph.stop()

    print(f"{options.clients} clients, {options.seconds:g} s each, keep-alive HTTP/1.1 on 127.0.0.1")
    print(f"body page, first render (8 bodies):  median {statistics.median(cold):8.1f} ms")
    print(f"body page, served again:             {page[0]:8.1f} req/s   median {page[1]:7.2f} ms   ({page[2]} requests)")
    print(f"/sparql reports-to SPB (ours):       {mine[0]:8.1f} req/s   median {mine[1]:7.2f} ms   ({mine[2]} requests)")
    print(f"Oxigraph server /query, same text:   {theirs[0]:8.1f} req/s   median {theirs[1]:7.2f} ms   ({theirs[2]} requests)")
    print(f"ratio /sparql ours / Oxigraph:       throughput {mine[0] / theirs[0]:.3f}x   latency {mine[1] / theirs[1]:.2f}x")
    print(f"ratio body page (served) / Oxigraph query: throughput {page[0] / theirs[0]:.3f}x   "
          f"latency {page[1] / theirs[1]:.2f}x")


if __name__ == "__main__":
    main()
