"""Drawing answers: deterministic DOT, Graphviz formats, formats without Graphviz."""
from __future__ import annotations

import json

from conftest import FIXTURES


def test_answer_diagram_dot_matches_the_committed_file(mini_cli, tmp_path):
    out = tmp_path / "spb.dot"
    result = mini_cli("ask", "reports-to", "SPB", "--diagram", str(out))
    assert result.exit_code == 0
    assert result.stderr == f"diagram written to {out}\n"
    assert out.read_text() == (FIXTURES.parent / "expected" / "mini-reports-to-spb.dot").read_text()


def test_same_answer_gives_byte_identical_svg(mini_cli, tmp_path):
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    mini_cli("ask", "funders", "UAVA", "--diagram", str(first))
    mini_cli("ask", "funders", "UAVA", "--diagram", str(second))
    assert first.read_bytes() == second.read_bytes()
    svg = first.read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert "£279,150 (2018&#45;04&#45;01 to 2019&#45;03&#45;31)" in svg
    assert "United Against" in svg


def test_png_and_pdf_come_from_graphviz(mini_cli, tmp_path):
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF")):
        out = tmp_path / f"spb{suffix}"
        assert mini_cli("ask", "reports-to", "SPB", "--diagram", str(out)).exit_code == 0
        assert out.read_bytes().startswith(magic)


def test_mermaid_graphml_and_json_need_no_graphviz(mini_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    mmd, graphml, data = tmp_path / "a.mmd", tmp_path / "a.graphml", tmp_path / "a.json"
    for out in (mmd, graphml, data):
        assert mini_cli("ask", "reports-to", "SPB", "--diagram", str(out)).exit_code == 0
    assert mmd.read_text().splitlines()[0] == "flowchart BT"
    assert "n0 --> n2" in mmd.read_text()
    assert '<data key="label">Strategic Partnership Board</data>' in graphml.read_text()
    edges = json.loads(data.read_text())["graph"]["edges"]  # JSON Graph Format
    assert {e["relation"] for e in edges} == {"sub-group"}


def test_missing_graphviz_is_one_clear_line(mini_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = mini_cli("ask", "reports-to", "SPB", "--diagram", str(tmp_path / "a.svg"))
    assert result.exit_code == 2
    assert result.stderr == ("error: Graphviz 'dot' was not found; install it with 'apt-get install -y graphviz' "
                             "or write .dot, .mmd, .graphml or .json instead\n")
    assert not (tmp_path / "a.svg").exists()


def test_unknown_diagram_format_is_refused(mini_cli, tmp_path):
    result = mini_cli("ask", "reports-to", "SPB", "--diagram", str(tmp_path / "a.xyz"))
    assert result.exit_code == 2
    assert result.stderr == "error: cannot draw 'a.xyz': use one of .dot, .mmd, .graphml, .json, .svg, .png, .pdf\n"
