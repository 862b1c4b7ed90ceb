"""Graphviz's orthogonal router fails on some clustered graphs ("failed at node N", an
assertion in maze.c); the diagram is then drawn with polyline elbows instead."""
from __future__ import annotations

import shutil

import pytest

from governance.render.diagram import graphviz

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is installed by setup.sh")


def test_the_leicestershire_landscape_draws_although_ortho_fails(llr_cli, tmp_path):
    dot_file = tmp_path / "leicestershire.dot"
    assert llr_cli("diagram", "Leicestershire", "--view", "landscape", "-o", str(dot_file)).exit_code == 0
    dot_text = dot_file.read_text(encoding="utf-8")
    assert "splines=ortho;" in dot_text  # the DOT text keeps the preferred style
    result = llr_cli("diagram", "Leicestershire", "--view", "landscape", "-o", str(tmp_path / "l.svg"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "l.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_graph_ortho_can_draw_is_drawn_with_ortho():
    dot_text = "digraph g {\nsplines=ortho;\na -> b;\n}\n"
    assert b"<svg" in graphviz(dot_text, "svg")
