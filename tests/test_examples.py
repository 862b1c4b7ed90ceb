"""The fifteen worked examples of ../shared/examples/questions.md, as CLI tests.

Set: every listed item returned, at most two extra rows. Contains: every listed item
returned. Value: one number. An item is found when a row's label, id or any of the
entity's labels (full name, acronyms, variants) matches one of its names, ignoring case.
"""
from __future__ import annotations

import json
import shlex

import pytest

from governance.query.resolve import label_index
from governance.store.labels import normalise

# (number, command, kind, items: each a list of acceptable names)
EXAMPLES = [
    (1, "ask reports-to SPB", "contains", [
        ["Anti-Social Behaviour (ASB) Strategy Group", "ASB Strategy Group"],
        ["Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board",
         "Reducing Re-offending Programme Board"]]),
    (2, "ask funders UAVA", "set", [
        ["Leicester City Council"], ["Leicestershire County Council"],
        ["Office of the Police and Crime Commissioner", "OPCC"], ["Rutland County Council"]]),
    (3, 'ask chain "Improvement Board"', "contains", [
        ["Joint Commissioning and Assurance Board", "JCAB"]]),
    (4, 'ask subgroups "Stronger Communities Partnership"', "set", [
        ["Neighbourhood Working Group"], ["New Arrivals Strategy Group"],
        ["Refugee and Asylum Seekers Multi Agency Forum"], ["Compact Steering Group"]]),
    (5, "ask funded-by OPCC", "contains", [
        ["United Against Violence and Abuse", "UAVA"],
        ["bereavement counselling service", "Bereavement Counselling Service"]]),
    (7, "ask duties PCC", "contains", [
        ["Police Reform and Social Responsibility Act 2011 s.10", "PRSRA 2011 s.10", "http://www.legislation.gov.uk/id/ukpga/2011/13/section/10"],
        ["PRSRA 2011 s.1(8)(h)", "http://www.legislation.gov.uk/id/ukpga/2011/13/section/1"]]),
    (8, 'ask duty-holders "MAPPA duty to cooperate"', "set", [
        ["Youth Offending Teams"], ["Jobcentre Plus"], ["Local Education Authorities", "LEA"],
        ["Local Housing Authorities"], ["Registered Social Landlords", "RSLs"],
        ["Local Authority Social Services"], ["Health Bodies"], ["Electronic Monitoring Providers"]]),
    (9, "ask members UAVA", "set", [
        ["Living without Abuse", "LWA"], ["Women's Aid Leicestershire Ltd", "WALL"], ["Freeva"]]),
    (10, 'ask memberships "Voluntary Action Rutland"', "contains", [
        ["Safer Rutland Strategic Partnership Board", "The Safer Rutland Strategic Partnership Board"]]),
    (11, 'ask chair "Leicestershire YOS Management Board"', "contains", [
        ["Chief Executive of Leicestershire County Council"]]),
    (12, "ask priorities SLP", "set", [
        ["Overall crime"], ["Domestic violence"], ["Neighbourhoods working"], ["Reduce re-offending"],
        ["Alcohol"], ["Safeguarding"]]),
    (13, "ask changes --from 2011-01-01 --to 2011-12-31", "contains", [
        ["Blaby", "Hinckley and Bosworth"]]),
    (14, "ask search LRPT", "contains", [["Leicestershire and Rutland Probation Trust"]]),
    (15, "ask members LSCSB --at 2012-09-01", "contains", [
        ["CSP chair", "CSP Chairs"], ["police", "Leicestershire Police"], ["fire and rescue", "Leicestershire Fire and Rescue Service"],
        ["Leicestershire County Council"], ["District Councils"], ["Leicestershire and Rutland Probation Trust"],
        ["PCT Cluster"]]),
]


def row_names(row: dict, index) -> set[str]:
    """Every name a row answers to: its cells' labels and ids, and all labels of those entities."""
    names = set()
    cells = [v for value in row.values() for v in (value if isinstance(value, list) else [value])]
    for value in cells:
        if isinstance(value, dict) and "id" in value:
            names |= {normalise(value["label"]), value["id"].lower()}
            names |= {normalise(n) for n in index.names.get(value["id"], ())}
        elif isinstance(value, str):
            names.add(normalise(value))
    return names


def found(item: list[str], names: set[str], contains_text: bool) -> bool:
    wanted = {normalise(n) for n in item} | {n.lower() for n in item}
    if wanted & names:
        return True
    return contains_text and any(w in n for w in wanted for n in names)


@pytest.mark.parametrize("number,command,kind,items", EXAMPLES, ids=[f"q{e[0]}" for e in EXAMPLES])
def test_example_question(number, command, kind, items, llr_cli, llr, llr_project):
    args = shlex.split(command) + ["--format", "json"]
    result = llr_cli(*args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    index = label_index(llr, llr_project)
    rows = [row_names(r, index) for r in data["rows"]]
    # q13 and q15 name things described in words; match within the row's names there
    loose = number in (13, 15)
    missing = [item[0] for item in items if not any(found(item, names, loose) for names in rows)]
    assert not missing, f"q{number}: missing {missing} in {[sorted(r) for r in rows]}"
    if kind == "set":
        assert len(data["rows"]) <= len(items) + 2, f"q{number}: {len(data['rows'])} rows for {len(items)} items"


def test_q6_hope_project_mhclg_funding_is_882373(llr_cli):
    data = json.loads(llr_cli("ask", "funding", "Hope Project", "--format", "json").stdout)
    values = [r["received"]["value"] for r in data["rows"]
              if r["direction"] == "in" and any(c["id"].endswith("/mhclg") for c in r["counterpart"])]
    assert values == [882373]
