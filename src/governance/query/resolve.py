"""Name resolution: full names, acronyms and variants to ids, with suggestions.

A name matches a thing when, after normalising (case, '&' and 'and', punctuation,
a leading 'the'), it equals one of the thing's labels; failing that, when it is a
whole-word part of exactly one label. Otherwise the user gets fuzzy suggestions.

>>> normalise("The Safer Leicester Partnership (SLP)")
'safer leicester partnership slp'
>>> normalise("Oadby & Wigston")
'oadby and wigston'
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocab
from ..errors import AmbiguousNameError, UnknownNameError
from ..store.labels import normalise

NON_BODY_TYPES = {vocab.GOV + t for t in (
    "ReportingLine", "FundingFlow", "DutyAssignment", "Source", "Evidence", "Priority",
    "FundingTable", "StatedTotal", "Term", "ReportingKind", "EventKind", "Sensitivity",
    "StatutoryDuty", "Meeting", "Area")} | {vocab.ORG + "Membership", vocab.ORG + "ChangeEvent", vocab.ORG + "Role"}
if TYPE_CHECKING:
    from ..store.embedded import GraphStore
    from ..store.project import Project

PERSON_TYPES = {vocab.ORG + "Post", vocab.FOAF + "Person"}


@dataclass(frozen=True)
class Match:
    id: str
    label: str
    matched: str
    score: float
    types: frozenset


class LabelIndex:
    """All labels of all things, built once per opened store."""

    def __init__(self, data: dict):
        self.labels: dict[str, str] = data["labels"]
        self.types: dict[str, set] = {t: set(v) for t, v in data["types"].items()}
        self.names: dict[str, set[str]] = {t: set(v) for t, v in data["names"].items()}
        self.by_name: dict[str, set[str]] = {k: set(v) for k, v in data["by_name"].items()}
        self.by_pref: dict[str, set[str]] = {k: set(v) for k, v in data["by_pref"].items()}

    def rank(self, thing: str, key: str) -> float:
        """How strongly an exact match should win a tie: a body over a category of
        bodies over a post or person; a preferred label over an acronym or variant."""
        types = self.types.get(thing, set())
        if types & PERSON_TYPES:
            score = 1.0
        elif vocab.GOV + "AgencyCategory" in types:
            score = 2.0
        else:
            score = 3.0
        return score + (0.5 if thing in self.by_pref.get(key, ()) else 0.0)

    def kind_ok(self, thing: str, kind: str) -> bool:
        types = self.types.get(thing, set())
        if kind == "duty":
            return vocab.GOV + "StatutoryDuty" in types
        if kind == "entity":
            return not (types & NON_BODY_TYPES) or vocab.GOV + "Strategy" in types
        return True

    def resolve(self, name: str, kind: str = "entity", noun: str = "body") -> Match:
        """One thing for NAME, or an error that says what to do."""
        key = normalise(name)
        if not key:
            raise UnknownNameError(f"no {noun} given: name one by its full name, an acronym or its id")
        hits = {t for t in self.by_name.get(key, set()) if self.kind_ok(t, kind)}
        if len(hits) > 1:
            best = max(self.rank(t, key) for t in hits)
            hits = {t for t in hits if self.rank(t, key) == best}
        if not hits:  # an id: full IRI, prefixed (llr:spb) or bare (duty-cda-s17)
            hits = {iri for iri in _ids_for(name) if iri in self.labels and self.kind_ok(iri, kind)}
        if not hits:
            pattern = re.compile(rf"\b{re.escape(key)}\b")
            hits = {t for n, things in self.by_name.items() if pattern.search(n)
                    for t in things if self.kind_ok(t, kind)}
        if len(hits) == 1:
            thing = hits.pop()
            return Match(thing, self.labels[thing], name, 100.0, frozenset(self.types.get(thing, ())))
        if len(hits) > 1:
            raise AmbiguousNameError(name, sorted(((t, self.labels[t]) for t in hits), key=lambda c: c[1]))
        raise UnknownNameError(f"unknown {noun} '{name}'", self.suggest(name, kind))

    def search(self, text: str, kind: str = "any", limit: int = 10) -> list[Match]:
        """Best matches first: exact label or acronym, then word matches, then fuzzy."""
        from rapidfuzz import fuzz

        key = normalise(text)
        scored: dict[str, Match] = {}
        for name, things in self.by_name.items():
            if name == key:
                score = 100.0
            elif re.search(rf"\b{re.escape(key)}\b", name):
                score = 90.0 - min(len(name) - len(key), 40) / 4
            else:
                score = fuzz.ratio(key, name) * 0.8  # plain edit distance: near-misses, not long labels
            if score < 50:
                continue
            for thing in things:
                if not self.kind_ok(thing, kind):
                    continue
                best = scored.get(thing)
                if best is None or score > best.score:
                    scored[thing] = Match(thing, self.labels[thing], name, round(score, 1),
                                          frozenset(self.types.get(thing, ())))
        return sorted(scored.values(), key=lambda m: (-m.score, m.label))[:limit]

    def original(self, thing: str, normalised_name: str) -> str:
        """The label as written that normalises to ``normalised_name``."""
        return next((n for n in sorted(self.names.get(thing, ())) if normalise(n) == normalised_name),
                    normalised_name)

    def suggest(self, name: str, kind: str) -> list[str]:
        seen, out = set(), []
        for match in self.search(name, kind, limit=8):
            if match.label not in seen:
                seen.add(match.label)
                out.append(match.label)
        return out[:3]


def _ids_for(name: str) -> list[str]:
    """The IRIs NAME could be written for, if it looks like an id.

    >>> _ids_for("llr:spb"), _ids_for("duty-cda-s17")[0], _ids_for("Strategic Partnership Board")
    (['https://w3id.org/govgraph/id/llr/spb'], 'https://w3id.org/govgraph/id/llr/duty-cda-s17', [])
    """
    if name.startswith(("http://", "https://")):
        return [name]
    if re.match(r"^\w+:[\w-]+$", name):
        prefix, _, local = name.partition(":")
        return [vocab.PREFIXES.get(prefix, prefix + ":") + local]
    if re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", name):
        return [vocab.ID + "llr/" + name, vocab.ID + name]
    return []


def label_index(gs: GraphStore, project: Project, include_restricted: bool = False) -> LabelIndex:
    """The name index the build wrote for this store (see store.labels), opened once per
    store."""
    key = ("index", include_restricted)
    if key not in gs._cache:
        gs._cache[key] = LabelIndex(gs.label_data(include_restricted))
    return gs._cache[key]
