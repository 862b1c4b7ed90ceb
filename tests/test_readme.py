"""The README's examples are real: each `$ governance ...` shows its actual output.

After changing data or output, refresh them with `python scripts/update_readme.py`.
"""
from __future__ import annotations

import pytest

from conftest import ROOT
from update_readme import examples

README = (ROOT / "README.md").read_text(encoding="utf-8")
EXAMPLES = list(examples(README))


def test_readme_has_examples():
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("command,shown", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_is_real(command, shown, llr_cli):
    import shlex

    result = llr_cli(*shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == shown


def test_the_two_setup_commands_are_the_documented_ones():
    assert "```sh\nbash setup.sh\n```" in README
    assert "```sh\nbash test.sh\n```" in README
