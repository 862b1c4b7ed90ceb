"""No answer repeats a row: every catalogue query that takes a body, asked about every
body of the LLR graph (issue 12); the rows compared are the JSON rows. CI asks about
every sixth body (a fixed sample, a small real version); GOVERNANCE_FULL=1 asks about
every body."""
from __future__ import annotations

import json
import os

import pytest

from governance.errors import GovernanceError
from governance.query.answer import cell_json
from governance.query.ask import ask
from governance.query.catalogue import catalogue
from governance.query.resolve import label_index


def body_queries(project):
    return sorted(name for name, q in catalogue(project.queries_dir).items()
                  if len(q.params) == 1 and q.params[0].kind == "entity")


@pytest.fixture(scope="module")
def bodies(llr, llr_project):
    index = label_index(llr, llr_project)
    every = sorted(thing for thing in index.labels if index.kind_ok(thing, "entity"))
    return every if os.environ.get("GOVERNANCE_FULL") else every[::6]


def test_there_are_bodies_and_queries_to_ask(llr_project, bodies):
    assert len(bodies) > (300 if os.environ.get("GOVERNANCE_FULL") else 50)
    assert {"chain", "members", "funders", "duties", "priorities"} <= set(body_queries(llr_project))


@pytest.mark.parametrize("name", ["chain", "chair", "duties", "funded-by", "funders", "funding", "members",
                                  "memberships", "priorities", "reports-to", "subgroups"])
def test_no_answer_repeats_a_row(llr, llr_project, bodies, name):
    assert name in body_queries(llr_project)
    repeated = []
    for body in bodies:
        try:
            answer = ask(llr, llr_project, name, [body])
        except GovernanceError:
            continue  # e.g. a thing that is not what the question is about
        seen = set()
        for row in answer.rows:
            key = json.dumps({k: cell_json(v) for k, v in row.items()}, sort_keys=True, default=str)
            if key in seen:
                repeated.append(f"{answer.params['body']}: {key[:160]}")
            seen.add(key)
    assert not repeated, "\n".join(repeated[:20])
