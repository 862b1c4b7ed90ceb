"""`governance diagram`: every view and format on a small explicit fixture (exact DOT
pinned in tests/expected/), the options and their errors, and properties of the real
LLR landscape (which is still being curated, so only properties are asserted there).

Regenerate an expected file after a deliberate style change (and look at it first):
    GOVERNANCE_GRAPH=tests/fixtures/diagrams governance diagram LSCSB --view reporting \\
        -o tests/expected/diagrams-reporting-lscsb.dot
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, Cli, built_store

DIAGRAMS = FIXTURES / "diagrams"
EXPECTED = FIXTURES.parent / "expected"
LLR = "https://w3id.org/govgraph/id/llr/"


@pytest.fixture(scope="session")
def diagrams_store_dir(tmp_path_factory) -> Path:
    return built_store(tmp_path_factory, DIAGRAMS, "diagrams-store")


@pytest.fixture
def draw(diagrams_store_dir, tmp_path):
    """Run `governance diagram ARGS -o tmp/NAME` on the fixture; returns (result, path)."""
    cli = Cli(DIAGRAMS, diagrams_store_dir)

    def run(*args, name="out.json"):
        out = tmp_path / name
        return cli("diagram", *args, "-o", str(out)), out
    return run


@pytest.fixture
def diagrams_cli(diagrams_store_dir) -> Cli:
    return Cli(DIAGRAMS, diagrams_store_dir)


def diagram_data(path: Path) -> dict:
    """A diagram's JSON Graph Format file read back flat: the graph's metadata, nodes
    (with their metadata) as a list, edges."""
    graph = json.loads(path.read_text())["graph"]
    nodes = [{"id": iri, "label": n["label"], **n["metadata"]} for iri, n in graph["nodes"].items()]
    edges = [{"label": "", **e} for e in graph["edges"]]
    return {**graph["metadata"], "nodes": nodes, "edges": edges}


def drawn(path: Path) -> dict:
    data = diagram_data(path)
    data["labels"] = sorted(n["label"] for n in data["nodes"])
    data["lines"] = sorted((e["source"].removeprefix(LLR), e["relation"], e["target"].removeprefix(LLR))
                           for e in data["edges"])
    return data


# ---- each view's DOT is pinned ----

@pytest.mark.parametrize("args, expected", [
    (("LSCSB", "--view", "reporting"), "diagrams-reporting-lscsb.dot"),
    (("UAVA", "--view", "funding", "--depth", "2"), "diagrams-funding-uava.dot"),
    (("LSCSB", "--view", "membership"), "diagrams-membership-lscsb.dot"),
    (("Blaby CSP", "--view", "duties", "--depth", "2"), "diagrams-duties-blaby-csp.dot"),
    (("--view", "landscape"), "diagrams-landscape.dot"),
])
def test_each_view_dot_matches_the_committed_file(draw, args, expected):
    result, out = draw(*args, name="out.dot")
    assert result.exit_code == 0, result.output
    assert out.read_text() == (EXPECTED / expected).read_text()


def test_the_command_says_what_it_drew(draw):
    result, out = draw("SPB", name="spb.svg")
    assert result.stdout == (f"{out}: Reporting lines of Strategic Partnership Board (up and down, all levels), "
                             "3 bodies, 2 lines\n")  # the restricted line is left out


# ---- what each view draws ----

def test_reporting_goes_up_and_down_but_not_sideways(draw):
    _, out = draw("LSCSB")
    assert drawn(out)["lines"] == [("blaby-csp", "accountable", "lscsb"),
                                   ("lscsb", "sub-group", "leicestershire-together")]
    _, up = draw("LSCSB", "--up")
    assert drawn(up)["lines"] == [("lscsb", "sub-group", "leicestershire-together")]
    _, down = draw("LSCSB", "--down")
    assert drawn(down)["lines"] == [("blaby-csp", "accountable", "lscsb")]
    _, one = draw("Blaby CSP", "--up", "--depth", "1")
    assert drawn(one)["labels"] == ["Blaby District Community Safety Partnership",
                                    "Leicestershire Safer Communities Strategy Board"]


def test_reporting_as_of_a_date_and_for_an_ended_body(draw):
    _, before = draw("ASB Strategy Group", "--at", "2012-06-01")
    data = drawn(before)
    assert data["lines"] == [("asb-strategy-group", "reports", "cspb")]
    assert data["at"] == "2012-06-01" and "as of 2012-06-01" in data["caption"]
    _, ended = draw("CSPB")
    data = drawn(ended)
    assert data["at"] == "2012-08-31"
    assert data["notes"] == ["Community Safety Programme Board ended on 2012-08-31; drawn as of that day"]
    assert data["lines"] == [("asb-strategy-group", "reports", "cspb")]
    _, early = draw("SPB", "--at", "2012-06-01")
    data = drawn(early)
    assert data["labels"] == ["Strategic Partnership Board"] and data["edges"] == []
    assert data["notes"] == ["Strategic Partnership Board did not exist yet on 2012-06-01 (it began on 2012-09-01)"]


def test_funding_edges_carry_amount_and_period_like_ask_funders(draw, diagrams_cli):
    _, out = draw("UAVA", "--view", "funding", "--depth", "2")
    edges = {(e["source"].removeprefix(LLR), e["target"].removeprefix(LLR)): e["label"]
             for e in diagram_data(out)["edges"]}
    assert edges == {("leicestershire-county-council", "uava"): "£231,300 (2018-04-01 to 2019-03-31)",
                     ("opcc", "uava"): "£259,225 (2018-04-01 to 2019-03-31)",
                     ("home-office", "opcc"): "£880,000 (2019-04-01 to 2020-03-31)"}
    asked = json.loads(diagrams_cli("ask", "funders", "UAVA", "--format", "json").stdout)
    assert {r["amount"]["value"] for r in asked["rows"]} == {231300, 259225}


def test_membership_shows_roles_other_than_plain_member(draw):
    _, out = draw("LSCSB", "--view", "membership")
    edges = sorted((e["source"].removeprefix(LLR), e["relation"], e["label"]) for e in drawn(out)["edges"])
    assert edges == [("leicestershire-county-council", "member", "responsible authority"),
                     ("pcc", "member", "")]


def test_duties_walk_both_ways_to_the_other_holders(draw):
    _, one = draw("Blaby CSP", "--view", "duties")
    assert drawn(one)["lines"] == [("blaby-csp", "holds-duty", "duty-cda-s17")]
    _, two = draw("Blaby CSP", "--view", "duties", "--depth", "2")
    assert drawn(two)["lines"] == [("blaby-csp", "holds-duty", "duty-cda-s17"),
                                   ("leicestershire-county-council", "holds-duty", "duty-cda-s17")]
    _, duty = draw("llr:duty-cda-s17", "--view", "duties", "--down")
    assert len(drawn(duty)["lines"]) == 2
    tips = {n["kind"]: n["tooltip"] for n in drawn(duty)["nodes"]}
    assert tips["duty"].endswith("statutory duty\nhttp://www.legislation.gov.uk/id/ukpga/1998/37/section/17")


def test_restricted_lines_only_with_include_restricted(draw):
    _, public = draw("SPB", "--include-advice")  # the restricted line is advice
    assert ("lscsb", "advises", "spb") not in drawn(public)["lines"]
    _, everything = draw("SPB", "--include-advice", "--include-restricted")
    assert ("lscsb", "advises", "spb") in drawn(everything)["lines"]


# ---- the landscape ----

def test_landscape_is_chosen_by_type_and_reporting_lines(draw):
    _, out = draw("--view", "landscape")
    data = drawn(out)
    kinds = {n["label"]: n["kind"] for n in data["nodes"]}
    # partnerships, CSPs, safeguarding boards and offices by type; the SPB and the panel
    # because they head reporting structures; the LSCSB because it reports into one
    assert kinds["Strategic Partnership Board"] == "board"
    assert kinds["Leicestershire Police and Crime Panel"] == "board"
    assert {k for k in kinds.values()} == {"board", "partnership", "community-safety-partnership",
                                          "safeguarding-board", "office", "category"}
    assert {"Leicestershire Together", "The City Partnership", "Rutland Together",
            "Blaby District Community Safety Partnership", "Police and Crime Commissioner for Leicestershire",
            "Leicestershire and Rutland Local Safeguarding Children Board"} <= set(kinds)
    # not in it: authorities, services, ended bodies, national bodies
    assert not {"Leicestershire County Council", "United Against Violence and Abuse",
                "Community Safety Programme Board", "Home Office"} & set(kinds)


def test_landscape_depth_counts_levels_from_the_top(draw):
    _, one = draw("--view", "landscape", "--depth", "1")
    labels = drawn(one)["labels"]
    assert "Leicestershire Together" in labels and "Strategic Partnership Board" in labels
    assert "Leicestershire Safer Communities Strategy Board" not in labels  # level 2
    _, two = draw("--view", "landscape", "--depth", "2")
    assert "Leicestershire Safer Communities Strategy Board" in drawn(two)["labels"]
    assert "Blaby District Community Safety Partnership" not in drawn(two)["labels"]  # level 3


def test_landscape_of_an_area(draw):
    _, out = draw("Leicestershire", "--view", "landscape")
    data = drawn(out)
    assert data["frame"] == LLR + "area-leicestershire"
    assert data["labels"] == ["Blaby District Community Safety Partnership", "Leicestershire Safer Communities "
                              "Strategy Board", "Leicestershire Together"]
    assert data["title"].startswith("Partnership landscape: Leicestershire ")


def test_nodes_sit_in_nested_area_clusters(draw):
    _, out = draw("--view", "landscape")
    data = drawn(out)
    clusters = {n["label"]: [a.removeprefix(LLR) for a in n["cluster"]] for n in data["nodes"]}
    assert data["frame"] == LLR + "area-llr"  # the home area: most bodies are in it
    assert clusters["Strategic Partnership Board"] == []  # LLR-wide: the top level
    assert clusters["Leicestershire and Rutland Local Safeguarding Children Board"] == []  # two areas: LLR
    assert clusters["Leicestershire Together"] == ["area-leicestershire"]
    assert clusters["Blaby District Community Safety Partnership"] == ["area-leicestershire", "area-blaby"]
    assert clusters["The City Partnership"] == ["area-leicester"]
    assert clusters["Rutland Together"] == ["area-rutland"]
    assert clusters["Community Safety Partnerships"] == []  # no area
    dot = draw("--view", "landscape", name="l.dot")[1].read_text()
    county = dot.index('label="Leicestershire (E10000018)"')
    blaby = dot.index('label="Blaby (E07000129)"')
    assert county < blaby < dot.index("Blaby District Community Safety Partnership") < dot.index("}", blaby)


def test_national_bodies_get_a_cluster_of_their_own(draw):
    _, out = draw("OPCC", "--view", "funding", name="f.dot")
    dot = out.read_text()
    assert 'label="England (E92000001)"' in dot and "dashed" in dot[dot.index("England (E92000001)") - 200:]


# ---- formats ----

def test_svg_is_byte_identical_and_has_tooltips_with_acronyms(draw):
    first = draw("--view", "landscape", name="a.svg")[1].read_bytes()
    second = draw("--view", "landscape", name="b.svg")[1].read_bytes()
    assert first == second
    svg = first.decode()
    assert svg.startswith("<?xml") and "<svg" in svg
    assert 'xlink:title="Strategic Partnership Board (SPB)&#10;board or group&#10;' in svg
    assert 'xlink:title="Leicestershire Safer Communities Strategy Board (LCSCB, LSCSB)' in svg
    assert 'class="node community&#45;safety&#45;partnership"' in svg
    assert "Leicestershire (E10000018)" in svg and "Legend" in svg
    assert "sources: 000_1d9325843362064e.txt, 001_808a09639abe0ae2.txt" in svg


def test_png_and_pdf(draw):
    for suffix, magic in ((".png", b"\x89PNG"), (".pdf", b"%PDF")):
        result, out = draw("SPB", name=f"spb{suffix}")
        assert result.exit_code == 0
        assert out.read_bytes().startswith(magic)


def test_mermaid_graphml_json_without_graphviz(draw, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` anywhere
    mmd = draw("--view", "landscape", name="l.mmd")[1].read_text()
    assert mmd.splitlines()[0] == "flowchart RL"
    assert '  subgraph area2["Leicestershire (E10000018)"]' in mmd
    assert '    subgraph area0["Blaby (E07000129)"]' in mmd
    assert "classDef community-safety-partnership fill:#b7dfb0,stroke:#1e5e22" in mmd
    assert re.search(r"n\d+ ==> n\d+", mmd)  # accountable to
    graphml = draw("--view", "landscape", name="l.graphml")[1].read_text()
    assert '<data key="area">Blaby (E07000129)</data>' in graphml
    assert graphml.count("<edge ") == 5
    data = drawn(draw("UAVA", "--view", "funding", name="u.json")[1])
    assert data["legend"] == {"kinds": {"office": "office (PCC, OPCC)", "authority": "authority",
                                        "service": "service"},
                              "relations": {"funds": "funds (£ amount, period)"}}


def test_missing_graphviz_is_one_clear_line(draw, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    result, out = draw("SPB", name="spb.svg")
    assert result.exit_code == 2
    assert result.stderr == ("error: Graphviz 'dot' was not found; install it with 'apt-get install -y graphviz' "
                             "or write .dot, .mmd, .graphml or .json instead\n")
    assert not out.exists()


# ---- mistakes: one line, exit 2 ----

@pytest.mark.parametrize("args, message", [
    (("SPB", "--view", "org"), "unknown view 'org': use one of reporting, funding, duties, membership, landscape"),
    (("SPB", "--depth", "0"), "bad depth '0': use a whole number of steps, 1 or more (e.g. --depth 2)"),
    (("SPB", "--depth", "two"), "bad depth 'two': use a whole number of steps, 1 or more (e.g. --depth 2)"),
    (("SPB", "--at", "2012-13-01"), "bad date '2012-13-01': use YYYY-MM-DD, e.g. 2013-06-01"),
    (("SPB", "-o", "spb.jpeg"), "cannot draw 'spb.jpeg': use one of .dot, .mmd, .graphml, .json, .svg, .png, .pdf"),
    (("SPB",), "say where to draw: -o FILE (.svg .png .pdf .dot .mmd .graphml .json)"),
    (("--view", "funding"), "the funding view needs a BODY: governance diagram BODY --view funding -o FILE"),
    (("SBP",), "unknown body 'SBP'; did you mean:"),
    (("Narnia", "--view", "landscape"), "unknown area 'Narnia' (the landscape takes an area such as LLR, or none)"),
])
def test_mistakes_are_one_line_and_exit_2(diagrams_cli, tmp_path, args, message):
    if "-o" not in args and args != ("SPB",):
        args = (*args, "-o", str(tmp_path / "x.svg"))
    result = diagrams_cli("diagram", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1
    assert not list(tmp_path.iterdir())


# ---- ask --diagram draws any answer ----

@pytest.mark.parametrize("question, relations", [
    (("reports-to", "SPB"), {"sub-group", "escalates"}),
    (("chain", "Blaby CSP"), {"accountable", "sub-group"}),
    (("funders", "UAVA"), {"funds"}),
    (("funding", "OPCC"), {"funds"}),
    (("members", "LSCSB"), {"member"}),
    (("memberships", "PCC"), {"member"}),
    (("duties", "Blaby CSP"), {"holds-duty"}),
    (("duty-holders", "llr:duty-cda-s17"), {"holds-duty"}),
    (("search", "partnership"), set()),
])
def test_ask_diagram_draws_any_answer(diagrams_cli, tmp_path, question, relations):
    out = tmp_path / "a.json"
    result = diagrams_cli("ask", *question, "--diagram", str(out))
    assert result.exit_code == 0, result.output
    data = diagram_data(out)
    assert {e["relation"] for e in data["edges"]} == relations
    assert data["nodes"] and data["sources"]


def test_ask_funding_draws_money_in_and_out(diagrams_cli, tmp_path):
    out = tmp_path / "opcc.json"
    diagrams_cli("ask", "funding", "OPCC", "--diagram", str(out))
    edges = sorted((e["source"].removeprefix(LLR), e["target"].removeprefix(LLR), e["label"])
                   for e in diagram_data(out)["edges"])
    assert edges == [("home-office", "opcc", "£880,000 (2019-04-01 to 2020-03-31)"),
                     ("opcc", "uava", "£259,225 (2018-04-01 to 2019-03-31)")]


# ---- the real LLR graph: properties only (it is still being curated) ----

def test_llr_landscape(llr_cli, tmp_path):
    out = tmp_path / "llr.json"
    result = llr_cli("diagram", "--view", "landscape", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = diagram_data(out)
    labels = {n["label"] for n in data["nodes"]}
    assert {"Strategic Partnership Board", "Leicestershire Together", "The City Partnership",
            "Rutland Together", "Police and Crime Commissioner for Leicestershire"} <= labels
    assert sum(n["kind"] == "community-safety-partnership" for n in data["nodes"]) >= 7
    assert any(n["kind"] == "safeguarding-board" for n in data["nodes"])
    assert data["frame"] == LLR + "area-llr"
    areas = _llr_areas()
    for node in data["nodes"]:  # every node in its own area's cluster, nested as the areas are
        expected = []
        area = node["area"]
        while area and area != data["frame"]:
            expected.insert(0, area)
            area = areas.get(area)
        assert node["cluster"] == expected, node["label"]
    assert len(data["edges"]) >= 20


def test_llr_diagrams_are_byte_identical_twice(llr_cli, tmp_path):
    for args in (("SPB", "--view", "reporting"), ("--view", "landscape")):
        a, b = tmp_path / "a.svg", tmp_path / "b.svg"
        assert llr_cli("diagram", *args, "-o", str(a)).exit_code == 0
        assert llr_cli("diagram", *args, "-o", str(b)).exit_code == 0
        assert a.read_bytes() == b.read_bytes()
        assert a.stat().st_size > 10_000


def _llr_areas() -> dict[str, str]:
    text = (ROOT / "graph" / "llr" / "areas.ttl").read_text()
    out = {}
    for block in text.split(" .\n"):
        found = re.search(r"llr:(area-[\w-]+) a gov:Area", block)
        parent = re.search(r"gov:withinArea llr:(area-[\w-]+)", block)
        if found and parent:
            out[LLR + found.group(1)] = LLR + parent.group(1)
    return out


# ---- the benchmark runs (its timing is printed, never asserted) ----

@pytest.mark.slow
def test_benchmark_runs_at_a_small_size(capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import diagram_500
    finally:
        sys.path.pop(0)
    assert diagram_500.main(["--nodes", "50", "--repeat", "1"]) == 0
    printed = capsys.readouterr().out
    assert "50 nodes" in printed and re.search(r"ratio ours / Graphviz: +\d+\.\d\dx", printed)
    first, second = diagram_500.synthetic_diagram(120), diagram_500.synthetic_diagram(120)
    from governance.render.diagram import to_dot
    assert to_dot(first) == to_dot(second) and len(first.nodes) == 120
