"""Refresh the outputs of the README's ```console examples by running them.

Each block holds `$ governance ...` lines, each followed by its output. This script
runs every command (in-process, on the project's own graph) and writes the real
stdout back under it; tests/test_readme.py fails when the README and reality differ.
"""
from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from click.testing import CliRunner

from governance.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def run(command: str) -> str:
    args = shlex.split(command)[1:]  # drop "governance"
    # tables as a reader of the README sees them: 100 columns, whatever this terminal is
    result = CliRunner().invoke(cli, args, catch_exceptions=False, env={"COLUMNS": "100"})
    return result.stdout


def examples(text: str):
    """(command, shown output) pairs of every console block."""
    for block in BLOCK.findall(text):
        parts = re.split(r"^\$ (.*)\n", block, flags=re.M)
        for command, output in zip(parts[1::2], parts[2::2]):
            yield command, output


def refresh(text: str) -> str:
    def one_block(match):
        parts = re.split(r"^\$ (.*)\n", match.group(1), flags=re.M)
        out = parts[0]
        for command, _ in zip(parts[1::2], parts[2::2]):
            out += f"$ {command}\n{run(command)}"
        return f"```console\n{out}```"

    return BLOCK.sub(one_block, text)


if __name__ == "__main__":
    path = ROOT / "README.md"
    path.write_text(refresh(path.read_text(encoding="utf-8")), encoding="utf-8")
    sys.exit(0)
