"""Every view's Mermaid text parses and renders in Mermaid 11: the real npm ``mermaid``
package's bundled ``mermaid.min.js`` in headless Chromium (Playwright with the Debian
chromium). setup.sh installs the package into ``.mermaid/`` (npm); the test installs it
there when it is missing and npm is at hand."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from governance.render.diagram import to_mermaid
from governance.render.views import build_view

MERMAID = ROOT / ".mermaid" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
CASES = [("reporting", "SPB"), ("reporting", "Safer Rutland Partnership"), ("funding", "UAVA"),
         ("funding", "Home Office"), ("funding", "Safer Leicester Partnership"), ("duties", "Leicestershire County Council"),
         ("duties", "Charnwood CSP"), ("membership", "Safer Rutland Partnership"), ("membership", "SPB"),
         ("landscape", None)]


@pytest.fixture(scope="module")
def mermaid_js() -> Path:
    if not MERMAID.exists():
        if shutil.which("npm") is None:
            pytest.skip("needs the npm package mermaid (bash setup.sh installs it into .mermaid/)")
        subprocess.run(["npm", "install", "--prefix", str(ROOT / ".mermaid"), "--no-audit", "--no-fund", "--silent",
                        "mermaid@11"], check=True, capture_output=True)
    version = json.loads((MERMAID.parents[1] / "package.json").read_text())["version"]
    assert version.startswith("11."), version
    return MERMAID


@pytest.fixture(scope="module")
def browser_page(browser, mermaid_js):
    page = browser.new_page()
    page.set_content("<html><body><div id='out'></div></body></html>")
    page.add_script_tag(path=str(mermaid_js))
    page.evaluate("mermaid.initialize({startOnLoad: false, securityLevel: 'strict'})")
    yield page
    page.close()


RENDER = """async (text) => {
  try {
    await mermaid.parse(text);
    const {svg} = await mermaid.render('d' + Math.floor(Math.random() * 1e9), text);
    return {ok: true, svg: svg.length};
  } catch (e) { return {ok: false, error: String(e && (e.message || e.str || e))}; }
}"""


@pytest.mark.parametrize("view,body", CASES, ids=[f"{v}-{b}" for v, b in CASES])
def test_every_view_renders_in_mermaid_11(llr, llr_project, browser_page, view, body):
    text = to_mermaid(build_view(llr, llr_project, view, body))
    result = browser_page.evaluate(RENDER, text)
    assert result["ok"], f"{result.get('error')}\n{text}"
    assert result["svg"] > 500


def test_labels_with_parentheses_pipes_and_quotes_parse(browser_page):
    from governance.render.model import Diagram, Link, Node

    diagram = Diagram(title="odd (labels) | \"quoted\"")
    diagram.add_node(Node("x:a", 'Board (A) "quoted" [x] {y} | z', "board"))
    diagram.add_node(Node("x:b", "Fund; £1,000 (2012-13) #1 <b>", "fund"))
    diagram.add_link(Link("x:a", "x:b", "funds", label='£964.50 (6 months) | "pro-rata" [est.]'))
    result = browser_page.evaluate(RENDER, to_mermaid(diagram))
    assert result["ok"], result.get("error")
