"""Dates and the as-of semantics: what an answer about a day may contain, and how each
row is marked (DESIGN.md section 2, "Dates").

The build writes a timeline per fact (``rules/timeline.py``): known from, last stated
(and in which paper), stated until, known until, superseded by. The ``.rq`` files keep
what is known on the day through one shared pattern (``# @asof ?fact``, expanded from
``queries/_asof.rq``); this module holds the rest, once for every command:

- the day an answer is about: ``--at``, else the latest day a paper describes
  (:func:`answer_day`);
- each row's mark: ``"stated"`` when a paper states the fact on or after that day
  (or its explicit period covers it), else ``"carried-forward"``, with ``last_stated``
  and ``last_stated_in`` (:func:`mark_rows`); ``--stated-only`` leaves carried-forward
  rows out;
- the notes for a body asked about on a day before it is known or after it ended
  (:func:`life_notes`).

>>> parse_date("2012-09-01")
'2012-09-01'
>>> status_on({"last_stated": "2012-08-01", "stated_until": "2012-08-01"}, "2013-06-01")
'carried-forward'
>>> status_on({"last_stated": "2019-11-06", "stated_until": "2019-11-06"}, "2013-06-01")
'stated'
>>> status_on({"last_stated": "2018-12-10", "stated_until": "2019-03-31", "known_until": "2019-03-31"}, "2019-11-06")
'stated'
"""
from __future__ import annotations

import pyoxigraph as ox

from .. import vocab
from ..rules.timeline import asof_params, latest_day  # noqa: F401 (the one place the day is bound)
from ..values import Entity, iso_date

STATED, CARRIED = "stated", "carried-forward"
_TIME = {vocab.GOV + name: key for name, key in (
    ("knownFrom", "known_from"), ("knownUntil", "known_until"), ("lastStated", "last_stated"),
    ("lastStatedIn", "last_stated_in"), ("statedUntil", "stated_until"), ("supersededBy", "superseded_by"),
    ("endedBy", "ended_by"))}


def parse_date(value) -> str:
    """A day given by a user or a caller (ISO text or ``datetime.date``) as ISO text."""
    return iso_date(value)


def answer_day(gs, at: str | None) -> str | None:
    """The day an answer is about: the one asked for, else the latest paper's day."""
    return at or latest_day(gs)


def timelines(gs, nodes, include_restricted: bool = False) -> dict[str, dict]:
    """The timelines of NODES as the build wrote them (keys as in ``_TIME``), read
    straight from the timeline graph by subject: index lookups on the embedded store,
    one query for them all on a remote one (``GraphStore.subject_quads``)."""
    graphs = [ox.NamedNode(vocab.TIMELINE_GRAPH)]
    if include_restricted:
        graphs.append(ox.NamedNode(vocab.INFERRED_RESTRICTED_GRAPH))
    out: dict = {node: {} for node in nodes}
    subjects = [ox.NamedNode(node) for node in out]
    for graph in graphs:  # in this order: what restricted facts add comes last
        for q in gs.subject_quads(subjects, graph):
            key = _TIME.get(q.predicate.value)
            if key:
                out[q.subject.value][key] = q.object.value
    return out


def status_on(times: dict, day: str | None) -> str | None:
    """``"stated"`` or ``"carried-forward"`` on ``day``; None for a fact no dated source
    states (a graph whose sources say no day)."""
    if not times.get("last_stated"):
        return None
    if day is None or not times.get("stated_until") or day <= times["stated_until"]:
        return STATED
    if times.get("known_until") == times["stated_until"]:
        # an explicit end (money for 2018/19): a row of that period, not carried past it
        return STATED
    return CARRIED


def _source(gs, iri: str) -> Entity:
    key = ("source", iri)
    if key not in gs._cache:
        label = next((q.object.value for g in gs.graphs() for q in gs.store.quads_for_pattern(
            ox.NamedNode(iri), ox.NamedNode(vocab.SKOS + "prefLabel"), None, g)), iri)
        gs._cache[key] = Entity(iri, label)
    return gs._cache[key]


def row_mark(times_of: dict, nodes: list[str], day: str | None, gs) -> dict:
    """The mark of one answer row from the facts behind it (their timelines in
    TIMES_OF): stated if any of them is stated on ``day``; the latest statement."""
    marks = []
    for node in nodes:
        times = times_of.get(node, {})
        status = status_on(times, day)
        if status:
            marks.append((status == STATED, times.get("last_stated") or "", times))
    if not marks:
        return {}
    stated, _, times = max(marks, key=lambda m: (m[0], m[1]))
    mark = {"status": STATED if stated else CARRIED}
    if times.get("last_stated"):
        mark["last_stated"] = times["last_stated"]
    if times.get("last_stated_in"):
        mark["last_stated_in"] = _source(gs, times["last_stated_in"])
    return mark


def mark_rows(answer, gs, day: str | None, *, stated_only: bool = False,
              include_restricted: bool = False) -> None:
    """Mark every row of an answer that has facts behind it; with ``stated_only`` leave
    the carried-forward rows out (and say how many)."""
    facts = answer.facts or [[] for _ in answer.rows]
    times_of = timelines(gs, dict.fromkeys(node for nodes in facts for node in nodes), include_restricted)
    kept_rows, kept_facts, dropped = [], [], 0
    for row, nodes in zip(answer.rows, facts):
        row.update(row_mark(times_of, nodes, day, gs))
        if stated_only and row.get("status") == CARRIED:
            dropped += 1
            continue
        kept_rows.append(row)
        kept_facts.append(nodes)
    answer.rows, answer.facts = kept_rows, kept_facts
    if any("status" in row for row in answer.rows) and "status" not in answer.columns:
        answer.columns.append("status")
    if dropped:
        answer.notes.append(f"{dropped} carried-forward row(s) left out (--stated-only)")


def status_text(row: dict) -> str:
    """The table's compact mark: ``stated``, or when and where a carried-forward fact was
    last stated.

    >>> status_text({"status": "carried-forward", "last_stated": "2012-08-01",
    ...              "last_stated_in": Entity("https://w3id.org/govgraph/id/source/001", "x")})
    'carried forward (2012-08-01, 001)'
    """
    if row.get("status") != CARRIED:
        return row.get("status") or ""
    source = row.get("last_stated_in")
    where = f", {source.id.rsplit('/', 1)[-1]}" if isinstance(source, Entity) else ""
    return f"carried forward ({row.get('last_stated', '?')}{where})"


def life_notes(label: str, life: dict, at: str | None, doing: str = "answering",
               latest: str | None = None) -> tuple[str | None, bool, list[str]]:
    """The day to answer for a body with the given life, whether it is absent on that
    day, and the notes that say why (``doing``: "answering", "drawn").

    ``life`` holds ``from``/``until`` (when it is known, as the build dated it) and,
    where a paper gives them, ``valid_from``/``valid_until`` (the explicit dates). A body
    known only from the papers that state it is "not known yet" before the earliest.

    >>> life_notes("CSPB", {"until": "2012-08-31", "valid_until": "2012-08-31"}, None)
    ('2012-08-31', False, ['CSPB ended on 2012-08-31; answering as of that day'])
    >>> life_notes("SPB", {"from": "2012-09-01", "valid_from": "2012-09-01"}, "2012-01-01")[1:]
    (True, ['SPB did not exist yet on 2012-01-01 (it began on 2012-09-01)'])
    >>> life_notes("People Zones", {"from": "2018-10-01"}, "2012-08-01")[2]
    ['People Zones is not known on 2012-08-01: the earliest paper that states it describes 2018-10-01']
    """
    if at is None and life.get("until") and (latest is None or life["until"] < latest):
        return life["until"], False, [f"{label} ended on {life['until']}; {doing} as of that day"]
    if at and life.get("from") and at < life["from"]:
        if life.get("valid_from") == life["from"] or life.get("created"):
            return at, True, [f"{label} did not exist yet on {at} (it began on {life['from']})"]
        return at, True, [f"{label} is not known on {at}: the earliest paper that states it describes {life['from']}"]
    if at and life.get("until") and at > life["until"]:
        return at, True, [f"{label} no longer existed on {at} (it ended on {life['until']})"]
    return at, False, []
