"""The explorer in real headless Chromium (Debian's /usr/bin/chromium driven by the
Playwright package; no browser download): search as you type, a body page and its
chain across pages, a question form and its download, the date control, the SPARQL
form. Screenshots go to the test's folder (GOVERNANCE_SCREENSHOTS=DIR keeps them)."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import CHROMIUM, ROOT

from remote_servers import start_governance


pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (setup.sh)")


@pytest.fixture(scope="module")
def web(llr_store_dir, tmp_path_factory):
    server = start_governance(llr_store_dir, ROOT / "graph", folder=tmp_path_factory.mktemp("browser-web"))
    yield server.store_url
    server.stop()



@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    errors = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert not errors, errors


def shot(page, tmp_path: Path, name: str) -> Path:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    keep = os.environ.get("GOVERNANCE_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    assert path.stat().st_size > 10_000
    return path


def test_search_suggests_as_you_type_and_opens_a_body(web, page, tmp_path):
    page.goto(web + "/")
    page.locator("#q").press_sequentially("safer leic", delay=40)
    page.wait_for_function("document.querySelector('#suggestions').innerText.includes('Safer Leicester Partnership')")
    assert page.locator("#suggestions").is_visible()
    shot(page, tmp_path, "search-suggestions")
    page.locator("#suggestions li a", has_text="Safer Leicester Partnership").first.click()
    page.wait_for_url("**/body/llr/slp**")
    assert page.locator("h1").inner_text() == "Safer Leicester Partnership"


def test_body_page_and_its_chain_across_pages(web, page, tmp_path):
    page.goto(web + "/body/llr/slp")
    assert page.locator("figure svg").count() == 1
    shot(page, tmp_path, "body-page")
    # follow the accountability chain upwards, page to page, to the top
    seen = ["Safer Leicester Partnership"]
    for _ in range(6):  # bounded: the chain is short
        up = page.locator("section.profile-section:has(h2:text-is('Reports to')) ul.related li a").first
        if up.count() == 0:
            break
        up.click()
        page.wait_for_load_state()
        seen.append(page.locator("h1").inner_text())
    assert len(seen) >= 2 and seen[1] == "Strategic Partnership Board", seen


def test_the_date_control_changes_every_page(web, page, tmp_path):
    page.goto(web + "/body/llr/spb")
    page.fill("#at", "2012-06-01")
    page.locator("form.web-asof button").click()
    page.wait_for_url("**at=2012-06-01**")
    assert "2012-06-01" in page.locator("[data-testid=asof]").inner_text()
    shot(page, tmp_path, "body-as-of")
    page.locator("nav a", has_text="Questions").click()
    page.wait_for_url("**/query?at=2012-06-01")
    page.locator("a", has_text="reports-to").first.click()
    assert page.locator("input[name=at]").last.input_value() == "2012-06-01"


def test_a_question_form_answers_and_downloads_csv(web, page, tmp_path):
    page.goto(web + "/query/funders")
    page.fill("input[name=body]", "UAVA")
    page.fill("form.ask-form input[name=at]", "2018-06-01")
    page.locator("form.ask-form button").click()
    page.wait_for_selector("table.answer tbody tr")
    assert "Leicestershire County Council" in page.locator("table.answer").inner_text()
    shot(page, tmp_path, "question-form")
    with page.expect_download() as download:
        page.locator("a", has_text="csv").click()
    saved = tmp_path / "funders.csv"
    download.value.save_as(saved)
    assert saved.read_text().splitlines()[0].startswith("funder")


def test_the_sparql_form(web, page, tmp_path):
    page.goto(web + "/sparql")
    page.fill("#sparql-text", "SELECT ?csp ?label WHERE { ?csp a gov:CommunitySafetyPartnership ; "
                              "skos:prefLabel ?label } ORDER BY ?label")
    page.locator("form.sparql-form button").click()
    page.wait_for_selector("table.answer tbody tr")
    assert "Safer Rutland Partnership" in page.locator("table.answer").inner_text()
    shot(page, tmp_path, "sparql-form")
