"""Adding up money without counting it twice: the one roll-up behind every money answer.

``funders``, ``funded-by``, ``funding``, ``show``, ``analyse funding`` and the funding
diagrams all read the ledger of flows here (``queries/_money.rq``) and add it up the same
way (DESIGN.md §2 Money). A total adds only money that does not overlap and says what it
left out and why:

- **restated sums** — the same money printed again (``gov:restates``; or the same amount,
  period, funders and recipient in another table) is one allocation and counts once;
- **moved money** — a flow a change event moved (``gov:transferOf``) is the same money as
  the flow it continues; it carries that flow's amount and period and counts once;
- **broader columns** — where one table prints an allocation for a period and again for a
  shorter period inside it (the 18 months and the 2012-13 year), the broader is left out
  on a day the narrower covers;
- **parts** — a flow ``gov:partOf`` another (a contributor's share of a pool, a row of a
  breakdown, spending to date) is shown with its whole and never added to it;
- **pool shares** — a flow from a pooled budget (``gov:fundStream`` a ``gov:PooledBudget``)
  that names several funders carries the whole pool: it counts once, and no one
  contributor is credited with it ("share not stated") unless a part from it says its own.

A day picks the flows: ``--at``, or else each party's latest (the start of its latest flow).

>>> fy = ("2011-04-01", "2012-03-31")
>>> pool = Flow("pool", ("doh", "noms"), "cjscg", Decimal(3300000), *fy, *fy, stream="cj", pooled=True)
>>> share = Flow("ho", ("home-office",), "cjscg", Decimal(621000), *fy, *fy, part_of=("pool",), share="18 per cent")
>>> again = Flow("pool-2", ("doh", "noms"), "cjdats", Decimal(3300000), *fy, *fy, stream="cj", pooled=True,
...              restates=("pool",))
>>> t = tally([pool, share, again], None, {"cj": "pool"})
>>> t.total, [f.id for f in t.counted]
(Decimal('3300000'), ['pool'])
>>> for flow, why in sorted(t.left_out.items()): print(flow, "-", why)
ho - part of the £3,300,000 pool (2011-04-01 to 2012-03-31) (18 per cent)
pool-2 - the same money as the £3,300,000 pool (2011-04-01 to 2012-03-31), printed again
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from ..values import Entity, Money, pounds

EARLY, LATE = "0000-01-01", "9999-12-31"


@dataclass(frozen=True)
class Flow:
    """One funding flow as the roll-up sees it."""

    id: str
    funders: tuple[str, ...]
    recipient: str
    value: Decimal | None
    start: str | None  # the period the amount is stated for
    end: str | None
    valid_from: str | None  # when the flow runs (a moved flow: from its event)
    valid_to: str | None
    table: str | None = None
    stream: str | None = None
    pooled: bool = False
    part_of: tuple[str, ...] = ()
    restates: tuple[str, ...] = ()
    transfer_of: str | None = None
    share: str | None = None
    currency: str = "GBP"
    row: str | None = None  # the row label as printed: one row's columns are one allocation

    @property
    def period(self) -> tuple[str, str]:
        return (self.start or EARLY, self.end or LATE)

    @property
    def validity(self) -> tuple[str, str]:
        return (self.valid_from or EARLY, self.valid_to or LATE)

    def contains(self, day: str) -> bool:
        return self.validity[0] <= day <= self.validity[1]

    @property
    def joint_pool(self) -> bool:
        """The whole of a pooled budget, named with its several contributors."""
        return self.pooled and len(self.funders) > 1

    def money(self) -> Money | None:
        if self.value is None:
            return None
        return Money(self.value, self.currency, self.start, self.end)


@dataclass
class Ledger:
    """Every flow (``id -> Flow``) and the labels of the things they name."""

    flows: dict[str, Flow]
    labels: dict[str, str]

    def label(self, iri: str | None) -> str:
        return self.labels.get(iri, iri.rsplit("/", 1)[-1]) if iri else ""

    def describe(self, flow: Flow) -> str:
        """'Home Office's £621,000 to the Criminal Justice Strategic Commissioning Group (2011-04-01 to 2012-03-31)'."""
        who = " and ".join(self.label(f) for f in flow.funders)
        if flow.joint_pool and flow.stream:
            text = f"the {pounds(flow.value)} {self.label(flow.stream)}" if flow.value is not None else self.label(flow.stream)
        elif flow.value is not None:
            text = f"{who}'s {pounds(flow.value, flow.currency)} to {self.label(flow.recipient)}"
        else:
            text = f"{who}'s funding of {self.label(flow.recipient)} (amount not stated)"
        if flow.start or flow.end:
            text += f" ({flow.start or '…'} to {flow.end or '…'})"
        return text


def _value(row: dict, name: str):
    term = row.get(name)
    return term.value if term is not None else None


def ledger(gs, project, include_restricted: bool = False) -> Ledger:
    """The flows of the store (cached on it), moved flows carrying their original's money."""
    key = ("money-ledger", include_restricted)
    if key in gs._cache:
        return gs._cache[key]
    parts: dict[str, dict] = {}
    labels: dict[str, str] = {}
    for row in gs.select(project.internal_query("money"), {}, include_restricted=include_restricted):
        iri = row["flow"].value
        entry = parts.setdefault(iri, {"funders": set(), "part_of": set(), "restates": set(), "row": row})
        entry["funders"].add(row["funder"].value)
        for name in ("part_of", "restates"):
            if _value(row, name):
                entry[name].add(_value(row, name))
        for thing in ("funder", "recipient", "stream"):
            if _value(row, f"{thing}_label") and _value(row, thing):
                labels[_value(row, thing)] = _value(row, f"{thing}_label")
    flows = {}
    for iri, entry in parts.items():
        row = entry["row"]
        amount = _value(row, "amount")
        flows[iri] = Flow(iri, tuple(sorted(entry["funders"])), row["recipient"].value,
                          Decimal(amount) if amount is not None else None,
                          _value(row, "from"), _value(row, "until"), _value(row, "from"), _value(row, "until"),
                          _value(row, "table"), _value(row, "stream"), _value(row, "pooled") == "true",
                          tuple(sorted(entry["part_of"])), tuple(sorted(entry["restates"])),
                          _value(row, "transfer_of"), _value(row, "share"), _value(row, "currency") or "GBP",
                          _value(row, "row"))
    for iri, flow in list(flows.items()):  # a moved flow: the original's amount, for the period stated
        original = flows.get(flow.transfer_of) if flow.transfer_of else None
        if original is not None and flow.value is None:
            flows[iri] = Flow(flow.id, flow.funders, flow.recipient, original.value, original.start, original.end,
                              flow.valid_from, flow.valid_to, flow.table, flow.stream, flow.pooled, flow.part_of,
                              flow.restates, flow.transfer_of, flow.share, original.currency, flow.row)
    gs._cache[key] = Ledger(flows, labels)
    return gs._cache[key]


def _strictly_inside(inner: tuple[str, str], outer: tuple[str, str]) -> bool:
    return inner != outer and outer[0] <= inner[0] and inner[1] <= outer[1]


@dataclass
class Tally:
    """Money added up once: the total (None when nothing has an amount, or the periods
    differ with no day given), the flows counted, and why each other flow was left out."""

    total: Decimal | None
    counted: list[Flow]
    left_out: dict[str, str] = field(default_factory=dict)
    by_period: dict[tuple[str, str], Decimal] = field(default_factory=dict)


class _Groups:
    """Union-find over flows that are the same money."""

    def __init__(self):
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def tally(flows: list[Flow], day: str | None, labels: dict[str, str] | None = None,
          everything: dict[str, Flow] | None = None) -> Tally:
    """Add up ``flows`` (the ones in view) once; ``everything`` names flows out of view."""
    book = Ledger(everything or {f.id: f for f in flows}, labels or {})
    valued = [f for f in flows if f.value is not None]
    ids = {f.id for f in valued}
    groups = _Groups()
    for f in valued:
        groups.find(f.id)
        for other in f.restates:
            if other in ids:
                groups.join(f.id, other)
        if f.transfer_of and f.transfer_of in ids:
            groups.join(f.id, f.transfer_of)
    origin = {f.id: f.transfer_of or f.id for f in valued}
    by_origin: dict[str, list[str]] = defaultdict(list)
    for f in valued:  # two moved flows of one restated original are one allocation too
        by_origin[origin[f.id]].append(f.id)
    for f in valued:
        original = book.flows.get(origin[f.id])
        for other in (original.restates if original else ()):
            for g in by_origin.get(other, []):
                groups.join(f.id, g)
    printed: dict[tuple, str] = {}
    for f in sorted(valued, key=lambda f: f.id):  # the same amount, period and parties in another table
        key = (f.value, f.period, f.funders, f.recipient)
        if key in printed and book.flows[printed[key]].table != f.table:
            groups.join(f.id, printed[key])
        printed.setdefault(key, f.id)
    members: dict[str, list[Flow]] = defaultdict(list)
    for f in valued:
        members[groups.find(f.id)].append(f)

    def linked(a: Flow, b: Flow) -> bool:
        return a.id in b.part_of or b.id in a.part_of

    left_out: dict[str, str] = {}
    broader: set[str] = set()
    for root, group in members.items():  # broader columns: a narrower column of the same table is in view
        for f in group:
            narrower = next((g for g in valued if g.id != f.id and f.table and g.table == f.table
                             and g.recipient == f.recipient and g.funders == f.funders and g.row == f.row
                             and not linked(f, g)
                             and _strictly_inside(g.period, f.period) and (day is None or g.contains(day))), None)
            if narrower is not None:
                broader.add(root)
                for member in group:
                    left_out[member.id] = (f"a broader column: {book.describe(narrower)}, inside its period, "
                                           "is counted instead")
                break
    for root, group in members.items():  # restatements and moved money: one per group
        if root in broader:
            continue
        group.sort(key=lambda f: (f.transfer_of is not None, f.id))
        keep = group[0]
        for f in group[1:]:
            if f.transfer_of and (f.transfer_of == keep.id or origin[keep.id] == f.transfer_of):
                left_out[f.id] = f"the same money as {book.describe(keep)}, moved to {book.label(f.funders[0])}"
            else:
                left_out[f.id] = f"the same money as {book.describe(keep)}, printed again"
    for f in valued:  # parts: shown with their whole, never added to it (nor counted for a broader whole)
        if f.id in left_out:
            continue
        whole = next((w for w in f.part_of if w in ids and groups.find(w) != groups.find(f.id)), None)
        if whole is not None:
            left_out[f.id] = f"part of {book.describe(book.flows[whole])}" + (f" ({f.share})" if f.share else "")
            if groups.find(whole) in broader:
                left_out[f.id] += ", itself a broader column"
    for root, group in members.items():  # a restatement of a part is a part too
        reason = next((left_out[f.id] for f in group if left_out.get(f.id, "").startswith("part of")), None)
        if reason:
            for f in group:
                left_out.setdefault(f.id, reason)
    counted = sorted((f for f in valued if f.id not in left_out), key=lambda f: f.id)
    by_period: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for f in counted:
        by_period[f.period] += f.value
    total = sum((f.value for f in counted), Decimal(0)) if counted else None
    if len(by_period) > 1 and day is None:
        total = None  # several years with no day asked: no single total
    return Tally(total, counted, left_out, dict(sorted(by_period.items())))


def party_day(flows: list[Flow], day: str | None) -> str | None:
    """The day a party's rows are for: the day asked, or the start of its latest flow."""
    if day:
        return day
    starts = [f.validity[0] for f in flows]
    return max(starts) if starts else None


def in_view(flows: list[Flow], day: str | None) -> list[Flow]:
    return [f for f in flows if day is None or f.contains(day)]


def period_text(period: tuple[str, str]) -> str:
    start, end = period
    if (start, end) == (EARLY, LATE):
        return "no period stated"
    return f"{start if start != EARLY else '…'} to {end if end != LATE else '…'}"


def roll_up(book: Ledger, flow_ids: list[str], key: str, day: str | None = None,
            credit_pools: bool = False) -> tuple[list[dict], list[list[str]], Tally]:
    """Rows per party (``key``: the "funder" of each flow, or its "recipient"), each with
    its own ``amount`` (Money), the ``flows`` behind it and a ``basis`` saying how it
    relates to the rest; the flow ids per row; and the tally of all rows' money.

    A joint pool flow credits no single funder (``credit_pools`` credits it to a
    recipient row, as ``analyse funding`` does per recipient)."""
    by_party: dict[str, list[Flow]] = defaultdict(list)
    for iri in dict.fromkeys(flow_ids):
        flow = book.flows.get(iri)
        if flow is None:
            continue
        for party in (flow.funders if key == "funder" else (flow.recipient,)):
            by_party[party].append(flow)
    shown: dict[str, list[Flow]] = {}
    for party, flows in by_party.items():
        shown[party] = in_view(flows, party_day(flows, day))
    union = {f.id: f for flows in shown.values() for f in flows}
    # rows per recipient answer what one funder pays: a pool it shares in is not its money
    unshared = [f for f in union.values() if credit_pools or key == "funder" or not f.joint_pool]
    overall = tally(unshared, day, book.labels, book.flows)
    for f in union.values():
        if f not in unshared and f.value is not None:
            overall.left_out[f.id] = f"a pool of {len(f.funders)} contributors; no one's share is stated"
    rows, facts = [], []
    for party in sorted(shown, key=lambda p: (book.label(p).casefold(), p)):
        flows = shown[party]
        own = tally([f for f in flows if credit_pools or not f.joint_pool], party_day(flows, day),
                    book.labels, book.flows)
        row: dict = {key: Entity(party, book.label(party)), "flows": len(flows)}
        if own.counted:
            (start, end) = next(iter(own.by_period)) if len(own.by_period) == 1 else (EARLY, LATE)
            row["amount"] = Money(sum((f.value for f in own.counted), Decimal(0)), own.counted[0].currency,
                                  None if start == EARLY else start, None if end == LATE else end)
        basis = []
        for f in sorted(flows, key=lambda f: f.id):
            if f.joint_pool and not credit_pools:
                basis.append(f"share not stated: one of {len(f.funders)} contributors to {book.describe(f)}")
            elif f.transfer_of:
                original = book.flows.get(f.transfer_of)
                if original is not None:
                    basis.append(f"moved from {' and '.join(book.label(x) for x in original.funders)} on "
                                 f"{f.valid_from}; the amount as last stated before the move")
            if f.id in overall.left_out and not (f.joint_pool and not credit_pools):
                basis.append(f"not in the total: {overall.left_out[f.id]}")
            elif f.id in own.left_out and f.value is not None:
                basis.append(f"{pounds(f.value)} not added: {own.left_out[f.id]}")
            if f.value is None and not f.joint_pool and not f.transfer_of:
                parts = [p for p in book.flows.values() if f.id in p.part_of and p.value is not None
                         and (key != "funder" or party in p.funders)]
                basis.append("amount not stated" + ("; its stated parts: " + "; ".join(
                    book.describe(p) for p in sorted(parts, key=lambda p: p.id)) if parts else ""))
            if len(f.funders) > 1 and not f.pooled and key == "funder":
                basis.append("named with " + ", ".join(book.label(x) for x in f.funders if x != party))
        if len(own.by_period) > 1:
            basis.append("adds money stated for different periods: " + "; ".join(
                f"{pounds(v)} for {period_text(p)}" for p, v in own.by_period.items()))
        if basis:
            row["basis"] = "; ".join(dict.fromkeys(basis))
        rows.append(row)
        facts.append(sorted(f.id for f in flows))
    return rows, facts, overall


def left_out_rows(book: Ledger, result: Tally) -> list[dict]:
    """What a total left out, for the answer: each flow, its money and why."""
    out = []
    for iri, why in sorted(result.left_out.items()):
        flow = book.flows[iri]
        out.append({"flow": iri, "what": book.describe(flow), "amount": flow.money(), "why": why})
    return out


def total_notes(result: Tally, day: str | None) -> list[str]:
    """How the total was made, in words (for the table format and JSON notes)."""
    notes = []
    if len(result.by_period) > 1:
        parts = "; ".join(f"{pounds(v)} for {period_text(p)}" for p, v in result.by_period.items())
        if result.total is None:
            notes.append(f"no single total: the money shown is for different periods ({parts}); add --at DATE "
                         "for the money on one day")
        else:
            notes.append(f"the total adds money stated for different periods ({parts})"
                         + ("; a moved stream carries the amount last stated before it moved"
                            if any(f.transfer_of for f in result.counted) else ""))
    if result.left_out:
        notes.append(f"{len(result.left_out)} flow(s) left out of the total so that each allocation counts once")
    return notes
