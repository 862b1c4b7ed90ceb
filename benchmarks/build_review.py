"""Build, cached ask and review on the synthetic graph: the figures the speed work moves,
for one source tree or two (before and after), without the full scale run's baselines.

    .venv/bin/python benchmarks/build_review.py --sizes 100k,300k
    .venv/bin/python benchmarks/build_review.py --sizes 100k --before /tmp/old/src   # a table of both

``--before`` is the ``src`` folder of another checkout (``git archive <commit> src | tar -x``):
its code runs on the same data, the same project files and the same machine, each step in
its own process (wall time, CPU time and peak RSS from ``os.wait4``). The cached ask is
``ask members`` end to end (a new process, the build already made), median of --runs.
"""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import PYTHON, ROOT, SIZES, TARGETS, run_child, synth_for  # noqa: E402

CLI = "import sys; from governance.cli.main import main; sys.argv[0] = 'governance'; sys.exit(main())"
REVIEW = r"""
import json, sys, time
from pathlib import Path
from governance.build import open_store
from governance.rules.review import review
from governance.store.project import Project
root, graph, store = sys.argv[1:4]
project = Project(root=Path(root), graph_dir=Path(graph))
gs = open_store(project, Path(store), rebuild=False)
start = time.perf_counter()
result = review(gs, project)
print(json.dumps({"seconds": time.perf_counter() - start, "findings": len(result.findings)}))
"""


def measure(src: str | None, graph: Path, store: Path, runs: int) -> dict:
    env = {"PYTHONPATH": src} if src else {}
    cli = [PYTHON, "-c", CLI, "--graph", str(graph), "--store", str(store)]
    shutil.rmtree(store, ignore_errors=True)
    build = run_child(cli + ["build", "--force"], env=env)
    ask = cli + ["ask", "members", TARGETS["members"]]
    run_child(ask, env=env)
    asks = [run_child(ask, env=env)["seconds"] for _ in range(runs)]
    review = run_child([PYTHON, "-c", REVIEW, str(ROOT), str(graph), str(store)], env=env)
    return {"build": build["seconds"], "build_cpu": build["cpu"], "rss_mb": build["rss_mb"],
            "ask": statistics.median(asks), "review": json.loads(review["stdout"])["seconds"],
            "findings": json.loads(review["stdout"])["findings"]}


def cells(r: dict) -> list[str]:
    return [f"{r['build']:.1f} s (CPU {r['build_cpu']:.1f} s)", f"{r['rss_mb']:,.0f} MB",
            f"{r['ask'] * 1000:,.0f} ms", f"{r['review']:.1f} s ({r['findings']} findings)"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,300k", help="comma-separated: " + ", ".join(SIZES))
    parser.add_argument("--before", metavar="SRC", help="another checkout's src folder, measured first")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", metavar="DIR")
    parser.add_argument("--json", metavar="FILE")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="govgraph-build-"))
    work.mkdir(parents=True, exist_ok=True)
    trees = ([("before", args.before)] if args.before else []) + [("after" if args.before else "this tree", None)]
    lines = ["| size | code | build (wall, CPU) | build peak RSS | cached CLI ask | review |",
             "| --- | --- | --- | --- | --- | --- |"]
    results = []
    for size in args.sizes.split(","):
        graph = work / f"graph-{size}"
        summary = synth_for(SIZES[size], graph, args.seed)
        for name, src in trees:
            print(f"[{size}] {name}", file=sys.stderr)
            r = measure(str(Path(src).resolve()) if src else None, graph, work / f"store-{size}-{name}", args.runs)
            r.update(size=size, code=name, triples=summary["triples"], areas=summary["areas"])
            results.append(r)
            lines.append(f"| {size} ({summary['triples']:,} triples, {summary['areas']} areas) | {name} | "
                         + " | ".join(cells(r)) + " |")
            if args.json:
                Path(args.json).write_text(json.dumps(results, indent=2))
    print("\n".join(lines))
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
