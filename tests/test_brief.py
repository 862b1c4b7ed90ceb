"""The briefing pack (`governance brief`), in a real browser and on paper.

The pack of the real LLR graph as of 2012-11-01 is made once per session (about 20 s)
and printed to PDF once by the Debian Chromium; the browser tests open the HTML in
headless Chromium through Playwright (``executable_path=/usr/bin/chromium``, never a
downloaded browser), the paper tests read the PDF back with pdftotext.

The figures checked below are transcribed from seed 001's funding chapter
(``../shared/seeds/001_808a09639abe0ae2.txt``, lines 1131-1240), not from ``graph/``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from governance.reports.brief import build_brief, render_brief
from governance.reports.pdf import html_to_pdf

from conftest import CHROMIUM, MINI, Cli

needs_chromium = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs the Debian chromium")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

# seed 001, the Community Safety Fund table (lines 1151-1161), the locality allocations
# (1165-1173), the SLP table (1177-1188), Safer Rutland (1190-1212), the Youth Justice
# Grant (1216), the DIP (1240) and Leicestershire Police's YOS contribution (1228)
SEED_001_FIGURES = (
    "£291,250", "£194,000", "£59,420", "£50,920", "£33,690", "£25,190", "£25,730", "£91,000", "£61,000",
    "£147,000", "£98,000", "£11,440", "£600,110", "£415,360",
    "£20,938", "£13,959", "£32,752", "£21,835", "£17,948", "£11,965", "£22,629", "£15,086", "£15,103",
    "£10,069", "£21,343", "£14,229", "£16,287", "£10,858", "£98,001",
    "£184,576", "£35,000", "£8,750", "£55,000", "£13,750", "£169,578", "£17,700",
    "£12,000", "£171,800", "£21,700", "£67,764", "£39,645", "£6,670", "£171,748",
    "£100,108", "£132,860", "£770,067", "£1,021,996",
    "£621,000", "£544,000", "£91,687",
)
CSP_NAMES = ("Blaby District Community Safety Partnership", "Charnwood Community Safety Partnership",
             "Harborough District Community Safety Partnership", "Hinckley and Bosworth Community Safety Partnership",
             "Safer Melton Partnership", "Safer North West Partnership", "Oadby & Wigston Community Safety Partnership",
             "Safer Leicester Partnership", "Safer Rutland Partnership")
CHAPTERS = ["Summary", "The landscape", "Boards and partnerships", "Community safety partnerships", "Funding",
            "Criminal justice and safeguarding", "What changed from 2011-11-01 to 2012-11-01", "Review findings",
            "Acronyms", "Sources"]
A4_PORTRAIT_PX = 182 / 25.4 * 96     # 210 mm less 14 mm margins each side, at 96 px per inch
A4_LANDSCAPE_PX = 273 / 25.4 * 96    # 297 mm less 12 mm margins each side


@pytest.fixture(scope="session")
def pack_html(llr, llr_project, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("brief") / "pack.html"
    path.write_text(render_brief(build_brief(llr, llr_project, at="2012-11-01")), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def pack_text(pack_html) -> list[str]:
    """The printed pack, page by page, read back with pdftotext (whitespace folded)."""
    if shutil.which("pdftotext") is None or not Path(CHROMIUM).exists():
        pytest.skip("needs chromium and poppler-utils")
    pdf = html_to_pdf(pack_html.read_text(encoding="utf-8"), pack_html.with_suffix(".pdf"))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", " ", page) for page in text.split("\f") if page.strip()]


def open_page(browser, path: Path, width: float = 1000):
    page = browser.new_page(viewport={"width": int(width), "height": 1000})
    page.goto(path.as_uri())
    return page


# ---- in the browser ----

def test_the_pack_has_its_chapters_in_order_with_one_title(browser, pack_html):
    page = open_page(browser, pack_html)
    assert page.locator("h1").all_inner_texts() == ["The Community Safety and Partnership Landscape"]
    assert page.locator("main > section.chapter > h2").all_inner_texts() == CHAPTERS
    assert page.title() == "The Community Safety and Partnership Landscape: Leicester, Leicestershire and Rutland, " \
                           "as of 2012-11-01"
    # a profile per board and partnership, each with a chair line, and every CSP
    profiles = page.locator("article.profile h3").all_inner_texts()
    assert len(profiles) > 60
    csps = [re.sub(r"[\d,]+$", "", t) for t in page.locator("#csps article.profile h3").all_inner_texts()]
    assert sorted(csps) == sorted(CSP_NAMES)
    assert page.locator("#body-llr-spb dt", has_text="Chair").count() == 1


def test_every_diagram_and_table_is_accessible(browser, pack_html):
    page = open_page(browser, pack_html)
    svgs = page.locator("figure svg")
    assert svgs.count() >= 4  # the top of the landscape, three areas, the SPB's structure
    problems = page.evaluate("""() => {
      const out = [];
      document.querySelectorAll('figure').forEach((f, i) => {
        const svg = f.querySelector('svg');
        const title = svg && document.getElementById(svg.getAttribute('aria-labelledby') || '');
        if (!svg || svg.getAttribute('role') !== 'img' || !title || !title.textContent.trim()) out.push('svg ' + i);
        if (!f.getAttribute('aria-label') || !f.querySelector('figcaption')) out.push('figure ' + i);
      });
      document.querySelectorAll('table').forEach((t, i) => {
        if (!t.querySelector('th[scope="col"]')) out.push('table ' + i + ' has no column headers');
      });
      return out;
    }""")
    assert problems == []


def test_every_footnote_link_resolves_both_ways(browser, pack_html):
    page = open_page(browser, pack_html)
    report = page.evaluate("""() => {
      const missing = [], notBack = [], orphans = [];
      const cites = [...document.querySelectorAll('sup.fn a')];
      for (const a of document.querySelectorAll('a[href^="#"]')) {
        if (!document.getElementById(a.getAttribute('href').slice(1))) missing.push(a.getAttribute('href'));
      }
      for (const a of cites) {
        const note = document.getElementById(a.getAttribute('href').slice(1));
        if (!note || !note.querySelector('a[href="#' + a.id + '"]')) notBack.push(a.id);
      }
      for (const li of document.querySelectorAll('#notes li')) {
        const backs = [...li.querySelectorAll('a[href^="#cite-"]')];
        if (!backs.length || backs.some(b => !document.getElementById(b.getAttribute('href').slice(1)))) orphans.push(li.id);
      }
      return {cites: cites.length, notes: document.querySelectorAll('#notes li').length, missing, notBack, orphans};
    }""")
    assert report["cites"] > 500 and report["notes"] > 300
    assert (report["missing"], report["notBack"], report["orphans"]) == ([], [], [])


def test_no_table_or_diagram_is_wider_than_an_a4_page(browser, pack_html):
    page = open_page(browser, pack_html, A4_PORTRAIT_PX)
    page.emulate_media(media="print")
    too_wide = page.evaluate("""([portrait, landscape]) => {
      const out = [];
      document.querySelectorAll('table, figure svg').forEach((el, i) => {
        const limit = el.closest('.wide-page') ? landscape : portrait;
        const width = Math.max(el.getBoundingClientRect().width, el.scrollWidth || 0);
        if (width > limit + 1) out.push(el.tagName + ' ' + i + ': ' + Math.round(width) + 'px');
      });
      return out;
    }""", [A4_PORTRAIT_PX, A4_LANDSCAPE_PX])
    assert too_wide == []


# ---- on paper ----

@needs_pdftotext
def test_the_printed_pack_holds_seed_001s_funding_figures(pack_text):
    text = " ".join(pack_text)
    missing = [figure for figure in SEED_001_FIGURES if figure not in text]
    assert missing == []


@needs_pdftotext
def test_the_printed_pack_names_every_csp(pack_text):
    text = " ".join(pack_text)
    assert [name for name in CSP_NAMES if name not in text] == []


@needs_pdftotext
def test_every_printed_page_is_numbered(pack_text):
    count = len(pack_text)
    assert count > 20
    assert [n for n, page in enumerate(pack_text, 1) if f"Page {n} of {count}" not in page] == []
    assert "RESTRICTED" not in " ".join(pack_text)


# ---- restricted facts: a differential test on the mini graph ----

RESTRICTED_FACTS = ("Restricted Test Board", "Document is Restricted")


@pytest.fixture(scope="module")
def mini_packs(mini_store_dir, tmp_path_factory) -> dict[bool, str]:
    out = tmp_path_factory.mktemp("mini-brief")
    cli = Cli(MINI, mini_store_dir)
    packs = {}
    for restricted in (False, True):
        path = out / f"pack-{restricted}.html"
        args = ["brief", "-o", str(path)] + (["--include-restricted"] if restricted else [])
        result = cli(*args)
        assert result.exit_code == 0, result.output
        packs[restricted] = path.read_text(encoding="utf-8")
    return packs


def test_a_pack_without_include_restricted_holds_no_restricted_fact(mini_packs):
    assert [f for f in RESTRICTED_FACTS if f in mini_packs[False]] == []
    assert [f for f in RESTRICTED_FACTS if f not in mini_packs[True]] == []  # the test can see them
    assert "RESTRICTED" not in mini_packs[False]


@needs_chromium
@needs_pdftotext
def test_a_pack_with_restricted_facts_is_marked_on_every_page(mini_packs, tmp_path):
    pdf = html_to_pdf(mini_packs[True], tmp_path / "restricted.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert pages and all("RESTRICTED" in p for p in pages)


# ---- the command ----

def test_brief_says_what_it_wrote_and_draws_no_bar_off_a_terminal(mini_cli, tmp_path):
    result = mini_cli("brief", "-o", str(tmp_path / "pack.html"))
    assert result.exit_code == 0
    assert result.stdout.startswith(f"{tmp_path / 'pack.html'}: briefing pack")
    assert result.stderr == ""


def test_brief_refuses_a_file_it_cannot_write_in_one_line(mini_cli, tmp_path):
    result = mini_cli("brief", "-o", str(tmp_path / "pack.docx"))
    assert result.exit_code == 2
    assert result.stderr == f"error: cannot tell the format of {tmp_path / 'pack.docx'}: use a .html or .pdf name\n"


def test_the_progress_bar_shows_only_on_a_terminal_after_a_delay(monkeypatch):
    import io

    from governance.cli.brief import DelayedBar

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr("sys.stdout", Terminal())
    shown = Terminal()
    bar = DelayedBar("building", delay=0, stream=shown)
    bar.start(3)
    for step in "abc":
        bar.advance(step)
    bar.finish()
    assert "building" in shown.getvalue() and "3/3" in shown.getvalue()
    quiet = Terminal()
    bar = DelayedBar("building", delay=60, stream=quiet)  # a quick build draws nothing
    bar.start(3)
    bar.advance("a")
    bar.finish()
    assert quiet.getvalue() == ""


@pytest.mark.skipif(os.environ.get("GOVERNANCE_FULL") != "1", reason="the 2019 pack: GOVERNANCE_FULL=1")
@pytest.mark.slow
def test_the_2019_pack_has_the_violence_reduction_network_and_the_panel(llr, llr_project):
    html = render_brief(build_brief(llr, llr_project, at="2019-11-06"))
    assert "Violence Reduction Network" in html and "Police and Crime Panel" in html
