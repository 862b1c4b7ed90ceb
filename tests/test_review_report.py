"""The review report (`governance review --format html -o FILE.html|FILE.pdf`), in a real
browser and on paper.

The report of the real LLR graph as of 2012-11-01 is made once; Playwright opens it in
the Debian chromium; the PDF is printed once and read back with pdftotext. A fixture
graph (tests/fixtures/review) pins the restricted differential: the Secret Board of
``restricted.ttl`` is only in a report made with --include-restricted.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from governance.reports.review_report import finding_figures, render_review_report
from governance.rules.review import review

from conftest import FIXTURES, Cli
from test_brief import A4_PORTRAIT_PX, needs_chromium, needs_pdftotext, open_page

REVIEW = FIXTURES / "review"


@pytest.fixture(scope="module")
def report(llr, llr_project, tmp_path_factory):
    result = review(llr, llr_project, at="2012-11-01")
    path = tmp_path_factory.mktemp("review") / "report.html"
    path.write_text(render_review_report(result, finding_figures(llr, llr_project, result)), encoding="utf-8")
    return result, path



def test_findings_are_grouped_by_severity_each_with_shape_citations_and_evidence(browser, report):
    result, path = report
    page = open_page(browser, path)
    counts = result.counts()
    expected = [f"{s.capitalize()} ({counts[s]})" for s in ("violation", "warning", "info") if counts[s]]
    assert page.locator("section > h2").all_inner_texts()[:len(expected)] == expected
    assert page.locator("article.finding").count() == len(result.findings)
    missing = page.evaluate("""() => [...document.querySelectorAll('article.finding')].filter(a =>
        !a.querySelector('h3') || !a.querySelector('.message') || !a.querySelector('.shape[title]')
        || !a.querySelector('li')).map(a => a.querySelector('h3') ? a.querySelector('h3').textContent : '?')""")
    assert missing == []
    # a finding about a body with reporting lines has its diagram, with alt text
    assert page.locator("article.finding figure svg[role=img]").count() > 20
    assert page.locator("article.finding figure:not([aria-label])").count() == 0
    # citations go to legislation.gov.uk
    assert page.locator('a[href^="https://www.legislation.gov.uk/"]').count() > 0


def test_every_note_link_resolves_both_ways_and_nothing_is_wider_than_a4(browser, report):
    _, path = report
    page = open_page(browser, path, A4_PORTRAIT_PX)
    page.emulate_media(media="print")
    found = page.evaluate("""(limit) => {
      const missing = [...document.querySelectorAll('a[href^="#"]')].map(a => a.getAttribute('href'))
        .filter(h => !document.getElementById(h.slice(1)));
      const wide = [...document.querySelectorAll('table, figure svg')]
        .filter(el => Math.max(el.getBoundingClientRect().width, el.scrollWidth || 0) > limit + 1).length;
      return {missing, wide, notes: document.querySelectorAll('#notes li').length};
    }""", A4_PORTRAIT_PX)
    assert found["notes"] > 50
    assert (found["missing"], found["wide"]) == ([], 0)


@needs_chromium
@needs_pdftotext
def test_the_printed_report_has_numbered_pages_and_every_finding(report, tmp_path):
    from governance.reports.pdf import html_to_pdf

    result, path = report
    pdf = html_to_pdf(path.read_text(encoding="utf-8"), tmp_path / "report.pdf")
    pages = [re.sub(r"\s+", " ", p) for p in
             subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
             if p.strip()]
    assert [n for n, page in enumerate(pages, 1) if f"Page {n} of {len(pages)}" not in page] == []
    text = " ".join(pages)
    assert [f.focus.label for f in result.findings if re.sub(r"\s+", " ", f.focus.label) not in text] == []


def test_rules_and_shapes_are_named_in_plain_words_ids_only_in_titles(report):
    result, path = report
    html = path.read_text(encoding="utf-8")
    body = re.sub(r'<section class="appendix".*?</section>', "", html, flags=re.DOTALL)
    body = re.sub(r'title="[^"]*"', "", re.sub(r"<svg.*?</svg>", "", body, flags=re.DOTALL))
    assert re.findall(r"\b(?:grule|gsh|llr):[a-z]", re.sub(r"<[^>]+>", " ", body)) == []
    shape = result.findings[0].shape
    assert f'<span class="shape" title="{shape.id}">{shape.label}</span>' in html


def test_a_derived_fact_in_a_finding_names_its_rule_by_its_label(llr_project):
    from governance.rules.review import Finding, Review
    from governance.values import Entity

    step = {"fact": {"id": "https://w3id.org/govgraph/id/inferred/x", "label": "llr:x"},
            "rule": "grule:category-members", "premises": ["llr:a", "llr:b"]}
    finding = Finding("warning", Entity("https://w3id.org/govgraph/id/llr/spb", "Strategic Partnership Board"), "m",
                      Entity("https://w3id.org/govgraph/shapes#S", "A shape"), [], "", [], [step])
    html = render_review_report(Review(None, [finding]), {}, project=llr_project)
    words = "“a statutory member (or officer) of a category is one of each of its bodies”"
    assert "A fact: inferred by the rule <span" in html and words in html
    assert "<code>grule:category-members</code>" in html  # the id in the appendix
    assert re.findall(r">[^<]*\b(?:grule|llr):[a-z]", re.sub(r"<section class=\"appendix\".*?</section>", "", html,
                                                              flags=re.DOTALL)) == []


def review_graph(tmp_path: Path, *files: str) -> Path:
    graph = tmp_path / "graph"
    graph.mkdir(exist_ok=True)
    for name in ("sources.ttl", "clean.ttl", *files):
        shutil.copy(REVIEW / name, graph / name)
    return graph


def test_the_report_holds_restricted_findings_only_with_include_restricted(tmp_path):
    cli = Cli(review_graph(tmp_path, "restricted.ttl"), tmp_path / "store")
    plain, marked = tmp_path / "plain.html", tmp_path / "marked.html"
    assert cli("review", "--format", "html", "-o", str(plain)).exit_code in (0, 1)
    assert cli("review", "--format", "html", "--include-restricted", "-o", str(marked)).exit_code in (0, 1)
    assert "Secret Board" not in plain.read_text() and "RESTRICTED" not in plain.read_text()
    assert "Secret Board" in marked.read_text() and "RESTRICTED" in marked.read_text()


def test_json_and_table_stay_as_they_were(tmp_path):
    cli = Cli(review_graph(tmp_path, "csp.ttl"), tmp_path / "store")
    data = json.loads(cli("review", "--format", "json").stdout)
    assert set(data) == {"at", "counts", "findings"}
    assert cli("review").stdout.startswith("Governance review as of the latest state known: 1 violation")
    out = tmp_path / "review.json"
    assert cli("review", "--format", "json", "-o", str(out)).exit_code == 1
    assert json.loads(out.read_text()) == data
