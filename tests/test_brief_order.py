"""The briefing pack as a reader reads it (issue 14 follow-up): rows in the order that
means something, each sum of money once, rules in plain words, and --area narrowing every
section. The packs of the real LLR graph as of 2012-11-01 are built once per module;
HTML is read with the standard library's parser (no browser needed here).

Figures are checked against seed 001 (``../shared/seeds/001_808a09639abe0ae2.txt``): the
DIP's £621,000 ("The Home Office DIP budget of £621,000 ... 18 per cent of the total pool"
and, in the CJSCG section, "the DIP Home Office monies were £621, 000"), the £544,000 to
the police, the Community Safety Fund's £281,759 (2012/13, seed 000) and £184,576 (SLP),
the Youth Justice Grant's £132,860 and £100,108: the streams that move to the PCC add up to
£1,864,303 with the £621,000 once.
"""
from __future__ import annotations

import re
from html import unescape

import pytest

from governance.reports.brief import build_brief, render_brief


def text(fragment: str) -> str:
    fragment = re.sub(r"<sup class=\"fn\">.*?</sup>", "", fragment, flags=re.DOTALL)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def section(html: str, anchor: str) -> str:
    start = html.index(f'id="{anchor}"')
    end = html.find('<section class="chapter', start + 1)
    return html[start:end if end > 0 else None]


def table_rows(fragment: str) -> list[str]:
    return [text(r) for r in re.findall(r"<tr[^>]*>(.*?)</tr>", fragment, flags=re.DOTALL)]


def pounds_in(row: str) -> list[int]:
    return [int(x.replace(",", "")) for x in re.findall(r"£([\d,]+)(?!\.\d)", row)]


@pytest.fixture(scope="module")
def packs(llr, llr_project):
    out = {}
    for area in (None, "Rutland", "Leicester"):
        data = build_brief(llr, llr_project, area=area, at="2012-11-01")
        out[area] = (data, render_brief(data))
    return out


# ---- order ----

def test_members_are_listed_chair_first_then_by_role_then_name(packs):
    from governance.reports.order import role_rank

    data, _ = packs[None]
    profiles = [p for _, group in data["board_groups"] for p in group] + data["csps"] + data["cj"]
    checked = 0
    for p in profiles:
        members = next(s for s in p.sections if s.title == "Members").rows
        roles = [re.sub(r"\s*\(.*", "", r.extra) for r in members]
        keys = [(role_rank(role), row.text.casefold()) for role, row in zip(roles, members)]
        assert keys == sorted(keys), p.label
        checked += len(members) > 1
    assert checked > 10


def test_structures_read_top_down_elected_and_statutory_bodies_first(packs):
    data, _ = packs[None]
    key = [label for label, _, _ in data["summary"]["key"]]
    kinds = [kind for _, kind, _ in data["summary"]["key"]]
    assert kinds[0] == "office" and key.index("Police and Crime Commissioner for Leicestershire") < key.index(
        "Strategic Partnership Board")
    # the SPB heads the criminal justice chapter (seed 001's order), the boards it replaced follow
    cj = [p.label for p in data["cj"]]
    assert cj[0] == "Strategic Partnership Board"


def test_money_is_largest_first_and_each_table_keeps_its_printed_total(packs):
    data, _ = packs[None]
    for t in data["tables"]:
        tops = [r for r in t.rows if not r["depth"]]
        for column in t.columns:  # within a column (a period), the largest row first
            amounts = [max(r["amounts"]) for r in tops if column in r["cells"] and
                       min(t.columns.index(c) for c in r["cells"]) == t.columns.index(column)]
            assert amounts == sorted(amounts, reverse=True), t.label
    rutland = next(t for t in data["tables"] if t.label.startswith("Safer Rutland Partnership Board Budget"))
    # seed 001: "Total £6,670 £171,748" under the Safer Rutland budget
    assert [tot["cells"] for tot in rutland.totals] == [{"BCU funding": "£6,670", "Council revenue funding": "£171,748"}]
    funded = next(p for p in data["csps"] if p.label == "Safer Rutland Partnership")
    funds = next(s for s in funded.sections if s.title == "Funds").rows
    values = [pounds_in(r.extra)[0] for r in funds if pounds_in(r.extra)]
    assert values == sorted(values, reverse=True) and values[0] == 67764


def test_changes_are_in_time_order(packs):
    data, _ = packs[None]
    dates = [r["date"] for r in data["changes"]["rows"]]
    assert dates and dates == sorted(dates)


# ---- money: each sum once ----

def test_the_dip_621000_is_shown_once_with_its_restatement_noted(packs):
    data, html = packs[None]
    transfers = data["transfers"]
    rows = transfers["pcc_rows"]
    assert [str(r["paid"]).split(" ")[0] for r in rows].count("£621,000") == 1
    dip = next(r for r in rows if str(r["paid"]).startswith("£621,000"))
    assert [c.label for a in dip["also"] for c in a["counterpart"]] == ["Criminal Justice Strategic Commissioning Group"]
    amounts = [int(r["paid"].value) for r in rows]
    assert amounts == sorted(amounts, reverse=True)
    # the total counts each sum once: 621,000 + 544,000 + 281,759 + 184,576 + 132,860 + 100,108
    assert sum(amounts) == 1864303 == int(transfers["total"].value)
    block = html[html.index('id="transfers"'):html.index('id="cj"')]
    first = block[:block.index("These streams as the papers print them")]
    assert text(first).count("£621,000") == 1
    assert "also printed as paid to Criminal Justice Strategic Commissioning Group: the same money, counted once" in text(first)
    assert "£1,864,303" in text(first)


def test_pool_parts_are_of_which_rows_never_added_to_their_whole(packs):
    data, _ = packs[None]
    cjscg = next(t for t in data["tables"] if t.label.startswith("Criminal Justice Strategic Commissioning Group pooled"))
    assert [(r["label"], r["depth"]) for r in cjscg.rows] == [("total value of the pool", 0), ("DIP Home Office monies", 1)]
    assert any("printed again" in n for n in cjscg.rows[0]["notes"])
    # the total printed under its own heading sits under the one amount column, named by that heading
    assert [(tot["label"], tot["cells"]) for tot in cjscg.totals] == [
        ("Total: total value of the pool for 2011/12", {"": "£3,300,000"})]
    pool = next(p for p in data["pools"] if p["label"].startswith("Criminal justice substance misuse pooled budget"))
    assert len(pool["totals"]) == 1 and pool["totals"][0]["again"]  # the £3.3m once, its restatement noted
    shares = dict(pool["contributors"])
    assert shares["Home Office"][0]["text"].startswith("£621,000") and shares["Department of Health"] is None


def test_every_printed_total_in_the_pack_is_the_tables_own_and_the_seed_figures_agree(packs):
    data, _ = packs[None]
    printed = {t.label: [c for tot in t.totals for c in tot["cells"].values()] for t in data["tables"]}
    seed_001 = {  # the totals as seed 001 prints them
        "Community Safety Fund locality allocations to each Leicestershire district CSP": ["£147,000", "£98,001"],
        "LSCSB domestic abuse outreach allocations by area, October 2011 to March 2013 (Commissioning Plan 2012-13)":
            ["£33,690"],
    }
    for label, totals in seed_001.items():
        assert printed[label] == totals
    # the district rows add up to the printed totals (£98,001 is printed; the rows give £98,001)
    locality = next(t for t in data["tables"] if t.label.startswith("Community Safety Fund locality allocations"))
    for column, total in zip(locality.columns, ("147000", "98001")):
        assert sum(int(x["amount"].strip("£").replace(",", "")) for r in locality.rows for x in r["cells"][column]) \
            == int(total)
    # seed 001's SLP table: the Overall Crime Delivery Group spent £3,000 and £1,200 in the first quarter
    slp = next(t for t in data["tables"] if t.label.startswith("Safer Leicester Partnership - Community Safety Fund"))
    ocdg = next(r for r in slp.rows if r["label"] == "Overall Crime Delivery Group")
    assert sorted(x["amount"] for xs in ocdg["cells"].values() for x in xs) == ["£1,200", "£3,000", "£40,000"]


# ---- plain words ----

def test_no_internal_id_reaches_a_reader_outside_the_appendix_and_titles(packs):
    for area, (_, html) in packs.items():
        body = re.sub(r'<section class="appendix".*?</section>', "", html, flags=re.DOTALL)
        body = re.sub(r'title="[^"]*"', "", body)
        body = re.sub(r"<svg.*?</svg>", "", body, flags=re.DOTALL)
        assert re.findall(r"\b(?:grule|gsh|llr):[a-z]", text(body)) == [], area
    _, html = packs[None]
    assert "Inferred by the rule “a membership a category has is a membership of each of its bodies”" in text(html)
    assert '<code>grule:category-membership</code>' in html  # the appendix keeps the id


# ---- --area ----

@pytest.mark.parametrize("area,other", [("Rutland", "Safer Leicester Partnership"),
                                        ("Leicester", "Safer Rutland Partnership")])
def test_every_section_keeps_to_the_area_and_says_so(packs, area, other):
    data, html = packs[area]
    headings = [text(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, flags=re.DOTALL)]
    assert headings[-1] == "Sources"
    assert [h for h in headings[:-1] if not h.endswith(f": {area}")] == []
    assert data["area"] == area
    # no body of another area is profiled, listed, funded or reviewed
    profiles = [p for _, g in data["board_groups"] for p in g] + data["csps"] + data["cj"]
    assert profiles and other not in [p.label for p in profiles]
    assert all(p.area.startswith(area) for p in profiles)
    for t in data["tables"]:
        assert other not in text(" ".join(r["label"] for r in t.rows))
    findings = data["review"].findings
    assert other not in [f.focus.label for f in findings]
    assert len(findings) < len(packs[None][0]["review"].findings)
    labels = {p.label for p in profiles}
    assert other not in text(section(html, "changes"))
    assert [label for label, _, _ in data["summary"]["key"] if label == other] == []
    assert labels


def test_rutland_funding_is_the_safer_rutland_budget_only(packs):
    data, html = packs["Rutland"]
    assert [t.label for t in data["tables"]] == ["Safer Rutland Partnership Board Budget 2012/13"]
    assert "No stream transferring to Police and Crime Commissioner for Leicestershire goes to a body in Rutland" \
        in text(section(html, "funding"))


def test_leicester_transfers_are_the_citys_streams_without_an_all_area_total(packs):
    data, _ = packs["Leicester"]
    rows = data["transfers"]["pcc_rows"]
    assert sorted((c.label, int(r["paid"].value)) for r in rows for c in r["counterpart"]) == [
        ("Leicester City Youth Offending Service", 132860), ("Safer Leicester Partnership", 184576)]
    assert data["transfers"]["total"] is None
    assert data["transfers"]["total_notes"] == [
        "no total for Leicester alone: the streams' total for all areas is £1,864,303"]
