"""The scale benchmark (benchmarks/scale.py) runs for real on a small synthetic set: every
figure is measured, every catalogue query answers, and the review's results equal
pySHACL's when pySHACL finishes. Timings are printed, never asserted.

CI runs one force area (about 25k triples); GOVERNANCE_FULL=1 runs the CI-sized 50k set.
"""
from __future__ import annotations

import os
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import scale  # noqa: E402


@pytest.mark.slow
def test_the_scale_benchmark_runs_on_a_small_real_set(tmp_path, capsys):
    size = "50k" if os.environ.get("GOVERNANCE_FULL") else "20k"
    result = scale.measure(size, tmp_path, runs=1, pyshacl_timeout=600 if os.environ.get("GOVERNANCE_FULL") else 120, seed=1)
    assert result["triples"] >= scale.SIZES[size]
    assert result["build"]["rss_mb"] > 0 and result["rdflib"]["triples"] > 0
    for name, figures in result["queries"].items():
        assert figures.get("median") is not None and figures["rows"] > 0, name
        assert figures.get("server") is not None, (name, figures.get("server_error"))
    assert result["review"]["results"] > 0
    if not result["pyshacl"]["timed_out"]:
        assert result["pyshacl"]["identical"]
    text = scale.table([result], None)
    assert all(f"ask {name}" in text for name in scale.TARGETS)
    print(text)
