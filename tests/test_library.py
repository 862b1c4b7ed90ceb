"""The library behind the CLI, as the README shows it."""
from __future__ import annotations

import re

from conftest import ROOT


def test_the_readme_library_example_runs(tmp_path, monkeypatch):
    monkeypatch.setenv("GOVERNANCE_STORE", str(tmp_path / "store"))
    block = re.search(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S).group(1)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert [row["funder"].label for row in namespace["answer"].rows] == [
        "Leicester City Council", "Leicestershire County Council",
        "Office of the Police and Crime Commissioner", "Rutland County Council"]
    assert len(namespace["dataset"]) > 10000
