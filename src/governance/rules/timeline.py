"""The timeline the build infers: when each fact is known, last stated, carried forward, ended.

DESIGN.md section 2, "Dates". Every source says which day it describes
(``gov:describesDate``). For every thing and qualified relation with evidence (and every
node the rules made, from its derivation premises) the build writes:

``gov:knownFrom``
    the explicit ``gov:validFrom``, else (a body) the date of an event that created it,
    else the earliest day of the papers that state it; never before the days its
    endpoints (the bodies a line, membership, flow or duty links) are known from.
``gov:lastStated``, ``gov:lastStatedIn``
    the latest day of the papers that state it, and that paper.
``gov:statedUntil``
    the explicit ``gov:validUntil``, else ``gov:lastStated``: after it the fact is
    *carried forward*.
``gov:knownUntil``
    the explicit ``gov:validUntil``; else the day before it is superseded
    (``gov:supersededBy``): a later holder of a single-holder role (chair, vice-chair,
    an office such as the PCC), or a later whole membership list of the same board
    (``gov:MembershipList``) that leaves it out; else the day before an event
    (abolition, replacement, renaming, a merger the papers end the body with) ended a
    body it links (``gov:endedBy``). No end at all: carried forward without end.
``gov:supersededFrom``, ``gov:carriedForwardFrom``
    the day after ``gov:knownUntil`` (superseded), after ``gov:statedUntil`` (when still
    known then): the days ``queries/changes.rq`` dates by, with no date arithmetic.

A source without ``gov:describesDate`` dates nothing: facts only it states are kept on
every day and carry no mark. A thing is stated by a paper that quotes it, and by a paper
that states a line, membership, flow or duty naming it; a relation's explicit start (money
for 2011/12 printed in 2012) shows the bodies it names from then. No end is ever taken
from the period of the plan or agreement that describes a fact: only explicit dates,
supersession and events end one. The triples go into their own graph
(``vocab.TIMELINE_GRAPH``); those about restricted facts into the graph seen with them.

>>> day_before("2013-03-01")
'2013-02-28'
>>> day_after("2012-08-31")
'2012-09-01'
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .. import vocab

GOV, ORG = vocab.GOV, vocab.ORG
SINGLE_HOLDER_ROLES = {GOV + "Chair", GOV + "ViceChair", GOV + "OfficeHolder"}
# the roles a whole membership list gives (chairs have their own rule; attendance and
# apologies are one-day facts with their meeting's date)
LISTED_ROLES = {GOV + "Member", GOV + "StatutoryMember", GOV + "ResponsibleAuthority"}
ENDING_EVENTS = {GOV + "Abolition", GOV + "Replacement", GOV + "Renaming"}
ENDPOINTS = [GOV + "from", GOV + "to", ORG + "member", ORG + "organization", GOV + "funder",
             GOV + "recipient", GOV + "holder", GOV + "priorityOf"]
XSD_DATE = ox.NamedNode(vocab.XSD + "date")


def day_before(day: str, days: int = -1) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=days)).isoformat()


def day_after(day: str) -> str:
    return day_before(day, 1)


@dataclass
class Dates:
    """What the build knows about one fact's time."""

    known_from: str | None = None
    known_until: str | None = None
    last_stated: str | None = None
    last_source: str | None = None
    stated_until: str | None = None
    superseded_by: str | None = None
    ended_by: str | None = None
    statements: set = field(default_factory=set)  # (day, source)


class _Data:
    """The facts of the visible graphs that the timeline needs, read once."""

    def __init__(self, store: ox.Store, graphs: list[ox.NamedNode]):
        self.store, self.graphs = store, graphs
        self.source_day: dict[str, str] = dict(self._pairs(GOV + "describesDate"))
        evidence_source = dict(self._pairs(vocab.DCTERMS + "source", blank_subjects=True))
        self.statements: dict[str, set] = defaultdict(set)
        for s, ev in self._pairs(GOV + "evidence", objects=True):
            source = evidence_source.get(ev)
            if source in self.source_day:
                self.statements[s].add((self.source_day[source], source))
        self.has_evidence = {s for s, _ in self._pairs(GOV + "evidence", objects=True)}
        self.valid_from = self._dates(GOV + "validFrom", min)
        self.valid_until = self._dates(GOV + "validUntil", max)
        self.endpoints: dict[str, set] = defaultdict(set)
        for p in ENDPOINTS:
            for s, o in self._pairs(p, objects=True):
                self.endpoints[s].add(o)
        self.organization = dict(self._pairs(ORG + "organization", objects=True))
        self.member = dict(self._pairs(ORG + "member", objects=True))
        self.roles: dict[str, set] = defaultdict(set)
        for s, o in self._pairs(ORG + "role", objects=True):
            self.roles[s].add(o)
        self.held_by: dict[str, set] = defaultdict(set)
        for s, o in self._pairs(ORG + "heldBy", objects=True):
            self.held_by[s].add(o)
        self.lists = [(s, o) for s, o in self._pairs(GOV + "listOf", objects=True)]
        kinds = list(self._pairs(vocab.RDF + "type", objects=True))
        self.categories = {s for s, o in kinds if o == GOV + "AgencyCategory"}
        self.people = {s for s, o in kinds if o in (vocab.FOAF + "Person", ORG + "Post")}
        self.post_in = dict(self._pairs(ORG + "postIn", objects=True))
        self.events = self._events()
        self.premises: dict[str, set] = defaultdict(set)
        subject_of = dict(self._pairs(GOV + "inferredSubject", objects=True, blank_subjects=True))
        for d, p in self._pairs(GOV + "premise", objects=True, blank_subjects=True):
            if d in subject_of:
                self.premises[subject_of[d]].add(p)
        typed = {s for s, _ in kinds}
        self.minted = {s for s in self.premises if s.startswith(vocab.INFERRED) and s in typed}

    def _quads(self, predicate: str):
        seen = set()
        for graph in self.graphs:
            for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), None, graph):
                if (q.subject, q.object) not in seen:
                    seen.add((q.subject, q.object))
                    yield q

    def _pairs(self, predicate: str, objects: bool = False, blank_subjects: bool = False):
        for q in self._quads(predicate):
            if isinstance(q.subject, ox.BlankNode) and not blank_subjects:
                continue
            key = q.subject if isinstance(q.subject, ox.BlankNode) else q.subject.value
            obj = q.object if isinstance(q.object, ox.BlankNode) else q.object.value
            if objects and isinstance(q.object, ox.Literal):
                continue
            yield key, obj

    def _dates(self, predicate: str, pick) -> dict[str, str]:
        out: dict[str, str] = {}
        for s, o in self._pairs(predicate):
            out[s] = pick(out[s], o) if s in out else o
        return out

    def _events(self) -> list[dict]:
        kinds = dict(self._pairs(GOV + "eventKind", objects=True))
        dates = dict(self._pairs(GOV + "date"))
        events = {e: {"id": e, "kind": k, "date": dates.get(e), "original": set(), "resulting": set()}
                  for e, k in kinds.items()}
        for key, p in (("original", "originalOrganization"), ("resulting", "resultingOrganization")):
            for s, o in self._pairs(ORG + p, objects=True):
                if s in events:
                    events[s][key].add(o)
        return [e for _, e in sorted(events.items()) if e["date"]]


def compute(store: ox.Store, graphs: list[ox.NamedNode]) -> dict[str, Dates]:
    """The timeline of every dated fact in ``graphs`` (see the module docstring)."""
    data = _Data(store, graphs)
    facts = {n for n in data.has_evidence if n not in data.source_day} | data.minted
    qualified = {n for n in facts if data.endpoints.get(n)}
    things = facts - qualified - data.minted
    out: dict[str, Dates] = {}

    # things: their own statements and those of the relations that name them; a relation
    # with an explicit start (money for 2011/12 printed in 2012) shows its bodies then; one
    # with no start and no dated paper (a line that only ends) shows them on every day before
    mentions: dict[str, set] = defaultdict(set)
    implied_start: dict[str, str] = {}
    shown_without_start: set[str] = set()
    for n in qualified - data.minted:
        for end in data.endpoints[n]:
            mentions[end] |= data.statements.get(n, set())
            if n in data.valid_from:
                implied_start[end] = min(implied_start.get(end, data.valid_from[n]), data.valid_from[n])
            elif not data.statements.get(n):
                shown_without_start.add(end)
    for end in shown_without_start:
        implied_start.pop(end, None)
    created, ended = defaultdict(list), defaultdict(list)
    for event in data.events:
        if event["kind"] == GOV + "Creation":
            for body in event["resulting"]:
                created[body].append(event["date"])
        if event["kind"] in ENDING_EVENTS or event["kind"] == GOV + "Merger":
            for body in event["original"]:
                if event["kind"] == GOV + "Merger" and body not in data.valid_until:
                    continue  # an informal merger leaves the body in place (as the rules read it)
                ended[body].append(event)
    for n in things | {e for e in mentions if e not in facts and e not in data.source_day}:
        d = _own(data, n, data.statements.get(n, set()) | mentions.get(n, set()))
        if n not in data.valid_from and created.get(n):
            d.known_from = min(created[n])
        elif n not in data.valid_from and n in implied_start and (d.known_from is None or implied_start[n] < d.known_from):
            d.known_from = implied_start[n]
        if ended.get(n):
            first = min(ended[n], key=lambda e: e["date"])
            d.ended_by = first["id"]
            if n not in data.valid_until:
                d.known_until = day_before(first["date"])
        out[n] = d

    for n in qualified - data.minted:
        out[n] = _own(data, n, data.statements.get(n, set()))
    _supersede_single_holders(data, out, qualified)
    _supersede_by_lists(data, out, qualified)
    for n in qualified - data.minted:
        _within_endpoints(data, out, n)

    # nodes the rules made: known while all their premises are, from their own start (else
    # the latest of their premises' starts)
    for n in sorted(data.minted):
        premises = [out[p] for p in data.premises[n] if p in out]
        d = Dates(known_from=data.valid_from.get(n), known_until=data.valid_until.get(n))
        starts = [p.known_from for p in premises if p.known_from]
        if d.known_from is None and starts:
            d.known_from = max(starts)
        # a premise that ended before this node starts is the past it carries on from (a
        # line re-pointed through the event that ended its old endpoint), not its end
        ends = [p.known_until for p in premises
                if p.known_until and (d.known_from is None or p.known_until >= d.known_from)]
        if ends and (d.known_until is None or min(ends) < d.known_until):
            d.known_until = min(ends)
        stated = [p for p in premises if p.last_stated]
        if stated:
            first = min(stated, key=lambda p: (p.stated_until or p.last_stated, p.last_source))
            d.last_stated, d.last_source = first.last_stated, first.last_source
            d.stated_until = first.stated_until
            d.statements = {(first.last_stated, first.last_source)}
        out[n] = d
        _within_endpoints(data, out, n)
    for d in out.values():
        _close(d)
    return out


def _own(data: _Data, node: str, statements: set) -> Dates:
    d = Dates(statements=set(statements))
    if statements:
        d.last_stated, d.last_source = max(statements)
        d.known_from = min(statements)[0]
    if node in data.valid_from:
        d.known_from = data.valid_from[node]
    if node in data.valid_until:
        d.known_until = data.valid_until[node]
        d.stated_until = data.valid_until[node]
    return d


def _same_holder(data: _Data, a: str, b: str) -> bool:
    """A post and the person who holds it are one holder."""
    return a == b or b in data.held_by.get(a, ()) or a in data.held_by.get(b, ())


def _supersede(d: Dates, day: str, by: str) -> None:
    end = day_before(day)
    if d.known_until is None or end < d.known_until:
        d.known_until, d.superseded_by = end, by


def _supersede_single_holders(data: _Data, out: dict, qualified: set) -> None:
    """A later statement of another holder of a single-holder role replaces the earlier
    holder from its date; holders stated on the same day are left side by side (the
    review reports them where the papers disagree)."""
    groups = defaultdict(list)
    for n in qualified:
        for role in data.roles.get(n, set()) & SINGLE_HOLDER_ROLES:
            if n in data.organization and n in data.member:
                groups[(data.organization[n], role)].append(n)
    for nodes in groups.values():
        for n in nodes:
            d = out[n]
            if n in data.valid_until or not d.last_stated:
                continue
            later = [(out[m].known_from, m) for m in nodes if m != n and out[m].known_from
                     and out[m].known_from > d.last_stated
                     and not _same_holder(data, data.member[n], data.member[m])]
            if later:
                day, by = min(later)
                _supersede(d, day, by)


def _represented(data: _Data, qualified: set, lists: dict) -> dict:
    """Per (board, source) of a list, the bodies it names a representative of, not the
    body itself: a person or post it gives (present, chair, apologies) whom the same paper
    places in the body ("Superintendent Shane O'Neill  Leicestershire Police"), its categories."""
    wanted = {(board, source) for board, entries in lists.items() for _, source, _ in entries}
    named, persons, places, category_of = (defaultdict(set) for _ in range(4))
    for n in qualified:
        member, body, roles = data.member.get(n), data.organization.get(n), data.roles.get(n, set())
        if body in data.categories and roles & LISTED_ROLES:
            category_of[member].add(body)
        for _, source in data.statements.get(n, ()) if member and body else ():
            places[(member, source)].add(body)  # the bodies a paper places a member in
            named[(body, source)].add(member)
            if member in data.people and roles & (LISTED_ROLES | SINGLE_HOLDER_ROLES | {GOV + "Apologies"}):
                persons[(body, source)].add(member)
    out = {}
    for board, source in wanted:
        bodies = {b for p in persons[(board, source)] for b in places[(p, source)] | {data.post_in.get(p)}
                  if b and b != board}  # a post: the body it is a post in (the County Council's Lead Member)
        out[(board, source)] = (bodies | {c for b in bodies for c in category_of[b]}) - named[(board, source)]
    return out


def _supersede_by_lists(data: _Data, out: dict, qualified: set) -> None:
    """A later whole membership list of a board replaces the listed memberships of earlier
    papers that it leaves out, from its date; a body it names a representative of
    (:func:`_represented`) is not left out."""
    lists = defaultdict(list)
    for node, board in data.lists:
        for day, source in data.statements.get(node, ()):
            lists[board].append((day, source, node))
    if not lists:
        return
    represented = _represented(data, qualified, lists)
    for n in qualified:
        board = data.organization.get(n)
        if board not in lists or not (data.roles.get(n, set()) & LISTED_ROLES):
            continue
        d = out[n]
        if n in data.valid_until or not d.last_stated:
            continue
        sources = {s for _, s in d.statements}
        later = [(day, node) for day, source, node in lists[board]
                 if day > d.last_stated and source not in sources
                 and data.member.get(n) not in represented[(board, source)]]
        if later:
            day, node = min(later)
            _supersede(d, day, node)


def _within_endpoints(data: _Data, out: dict, n: str) -> None:
    """A relation holds only while the bodies it links are known."""
    d = out[n]
    for end in data.endpoints.get(n, ()):
        e = out.get(end)
        if e is None:
            continue
        if e.known_from and (d.known_from is None or e.known_from > d.known_from):
            d.known_from = e.known_from
        if e.known_until and (d.known_until is None or e.known_until < d.known_until):
            d.known_until = e.known_until
            d.superseded_by = None
            d.ended_by = e.ended_by


def _close(d: Dates) -> None:
    if d.stated_until is None and d.last_stated:
        d.stated_until = max(d.last_stated, d.known_from or d.last_stated)
    if d.stated_until and d.known_until and d.stated_until > d.known_until:
        d.stated_until = d.known_until


def change_days(d: Dates) -> tuple[str | None, str | None]:
    """Superseded from, carried forward from (see the module docstring).

    >>> change_days(Dates(known_until="2018-09-30", stated_until="2012-08-01", superseded_by="x"))
    ('2018-10-01', '2012-08-02')
    """
    superseded = day_after(d.known_until) if d.superseded_by and d.known_until else None
    carried = None
    if d.stated_until and (d.known_until is None or d.known_until > d.stated_until):
        carried = day_after(d.stated_until)
    return superseded, carried


def quads(timeline: dict[str, Dates], graph: ox.NamedNode):
    """The timeline as triples in ``graph``."""
    for node, d in sorted(timeline.items()):
        s = ox.NamedNode(node)
        superseded_from, carried_from = change_days(d)
        for name, value in (("knownFrom", d.known_from), ("knownUntil", d.known_until),
                            ("lastStated", d.last_stated), ("statedUntil", d.stated_until),
                            ("supersededFrom", superseded_from), ("carriedForwardFrom", carried_from)):
            if value:
                yield ox.Quad(s, ox.NamedNode(GOV + name), ox.Literal(value, datatype=XSD_DATE), graph)
        for name, value in (("lastStatedIn", d.last_source), ("supersededBy", d.superseded_by),
                            ("endedBy", d.ended_by)):
            if value:
                yield ox.Quad(s, ox.NamedNode(GOV + name), ox.NamedNode(value), graph)


def latest_day(gs) -> str | None:
    """The latest day any visible source describes: what "the latest state" is relative to."""
    if "latest_day" not in gs._cache:
        days = [q.object.value for g in gs.graphs() for q in gs.store.quads_for_pattern(
            None, ox.NamedNode(GOV + "describesDate"), None, g)]
        gs._cache["latest_day"] = max(days) if days else None
    return gs._cache["latest_day"]


def asof_params(gs, at: str | None) -> dict:
    """The query bindings of a day: ``?at`` as asked (unbound for the latest state; the
    money periods read it), ``?asof`` the day the shared as-of pattern keeps facts for
    (``at``, else the latest paper's day)."""
    day = at or latest_day(gs)
    params = {"at": ox.Literal(at, datatype=XSD_DATE)} if at else {}
    if day:
        params["asof"] = ox.Literal(day, datatype=XSD_DATE)
    return params


def timeline_into(store: ox.Store, public: list[str], hidden: list[str] = ()) -> int:
    """The build step: write the timeline of the public facts into the timeline graph,
    and that of facts only restricted graphs hold into the graph seen with them.
    Returns the number of public triples written."""
    graph = ox.NamedNode(vocab.TIMELINE_GRAPH)
    public_graphs = [ox.NamedNode(g) for g in public]
    timeline = compute(store, public_graphs)
    written = list(quads(timeline, graph))
    store.extend(written)
    if hidden:
        everything = compute(store, public_graphs + [ox.NamedNode(g) for g in hidden])
        extra = {n: d for n, d in everything.items() if n not in timeline}
        store.extend(quads(extra, ox.NamedNode(vocab.INFERRED_RESTRICTED_GRAPH)))
    return len(written)
