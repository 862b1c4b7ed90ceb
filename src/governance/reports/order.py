"""The order a reader expects rows in: structures top-down, money largest first, members by
role (the chair first) and then name, dates in time order. Nothing here computes a figure;
these are sort keys over values the library gives.

>>> sorted(["member", "Chair", "responsible authority", "statutory member"], key=role_rank)
['Chair', 'responsible authority', 'statutory member', 'member']
>>> legislation_key("http://www.legislation.gov.uk/id/ukpga/2011/13/section/10") < \\
...     legislation_key("http://www.legislation.gov.uk/id/ukpga/2011/13/section/1A")
False
>>> legislation_key("http://www.legislation.gov.uk/id/ukpga/1998/37/section/17") < \\
...     legislation_key("http://www.legislation.gov.uk/id/ukpga/2011/13/section/1")
True
"""
from __future__ import annotations

import re
from decimal import Decimal

# Kinds of body (render.style kinds) in the order a structure is read: the elected and
# statutory bodies first, then the boards and partnerships that answer to them.
KIND_RANK = {"office": 0, "authority": 1, "community-safety-partnership": 2, "safeguarding-board": 2,
             "board": 3, "partnership": 3, "programme": 4, "service": 5}
# What a reader calls each rank, for the summary's groups.
RANK_TITLES = {0: "Elected", 1: "Statutory authorities", 2: "Statutory partnerships and safeguarding boards",
               3: "Boards and partnerships", 4: "Programmes", 5: "Services", 6: "Other bodies"}
# Roles in a membership, most senior first (matched on the role's words).
ROLE_WORDS = (("chair", 0), ("vice", 1), ("deputy", 1), ("lead", 2), ("responsible authority", 3),
              ("statutory", 4), ("office holder", 0))


def role_rank(role) -> int:
    text = str(role or "").casefold()
    if text in ("chair", "chairman", "chairperson") or text.startswith("chair"):
        return 0
    for words, rank in ROLE_WORDS:
        if words in text:
            return rank
    return 5


def kind_rank(kind: str) -> int:
    return KIND_RANK.get(kind, 6)


def amount_of(value) -> Decimal | None:
    """The amount of a money cell (values.Money) or a list of them (the largest)."""
    if isinstance(value, list):
        found = [a for a in (amount_of(v) for v in value) if a is not None]
        return max(found) if found else None
    amount = getattr(value, "value", None)
    return Decimal(amount) if amount is not None else None


def money_key(amount: Decimal | None, *then) -> tuple:
    """Largest first; a row with no amount after every row with one."""
    return (amount is None, -(amount or 0), *then)


def legislation_key(url) -> tuple:
    """Acts in time order (year, chapter), then by section number."""
    match = re.search(r"/(\d{4})/(\d+)(?:/section/(\d+)([A-Za-z]*))?", str(url or ""))
    if not match:
        return (9999, 0, 0, "")
    year, chapter, section, suffix = match.groups()
    return (int(year), int(chapter), int(section or 0), suffix or "")


def levels(links, accountable=("accountable", "reports", "sub-group")) -> dict[str, int]:
    """Each body's place in its structure: 0 for a body that answers to no one drawn, one
    more for each line of accountability below that (the shortest way up)."""
    parents: dict[str, set] = {}
    nodes: set = set()
    for link in links:
        nodes |= {link.source, link.target}
        if link.relation in accountable and link.source != link.target:
            parents.setdefault(link.source, set()).add(link.target)
    level: dict[str, int] = {}
    frontier = [n for n in nodes if not parents.get(n)]
    for n in frontier:
        level[n] = 0
    children: dict[str, set] = {}
    for child, ps in parents.items():
        for parent in ps:
            children.setdefault(parent, set()).add(child)
    while frontier:
        following = []
        for parent in sorted(frontier):
            for child in sorted(children.get(parent, ())):
                if child not in level:
                    level[child] = level[parent] + 1
                    following.append(child)
        frontier = following
    for n in nodes:  # bodies only in a cycle: after the rest
        level.setdefault(n, max(level.values(), default=0) + 1)
    return level
