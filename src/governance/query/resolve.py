"""Name resolution: full names, acronyms and variants to ids, with suggestions.

A name matches a thing when, after normalising (case, '&' and 'and', punctuation,
a leading 'the'), it equals one of the thing's labels; a duty also matches its law as
people cite it ("s.17 Crime and Disorder Act 1998", "CDA 1998 s17", "section 17");
failing that, a name matches the labels it is a whole-word part of, or whose words
it all has. Several matches are an error that lists them with their ids; none, fuzzy
suggestions.

>>> normalise("The Safer Leicester Partnership (SLP)")
'safer leicester partnership slp'
>>> normalise("Oadby & Wigston")
'oadby and wigston'
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .. import vocab
from ..errors import AmbiguousNameError, UnknownNameError
from ..store.labels import NameIndex, law_parts, normalise

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
    group: tuple = ()  # a citation of several duties of one act: their ids (id is the act's)


# Words a citation or a description may carry that name nothing by themselves.
FILLER = {"a", "an", "and", "the", "of", "to", "for", "in", "on", "under", "by", "s", "ss", "sec",
          "sect", "section", "sections", "act", "duty", "duties", "statutory", "responsibility"}
SECTION = re.compile(r"\b(?:ss?|secs?|sect|sections?)\.?\s*(\d+[a-z]?)(?:\s*\(\w+\))*(?:\s*[-–]\s*\d+[a-z]?)?", re.I)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class Citation:
    """A law as people cite it: the act's words (a name or an acronym), year, section."""

    words: str
    year: str | None
    section: str | None


def parse_citation(text: str) -> Citation | None:
    """The parts of a citation, or None when TEXT names no year and no section.

    >>> parse_citation("s.17 Crime and Disorder Act 1998")
    Citation(words='crime and disorder act', year='1998', section='17')
    >>> parse_citation("CDA 1998 s17"), parse_citation("section 17")
    (Citation(words='cda', year='1998', section='17'), Citation(words='', year=None, section='17'))
    >>> parse_citation("PRSRA 2011 s.1(8)(h)"), parse_citation("Safer Leicester Partnership")
    (Citation(words='prsra', year='2011', section='1'), None)
    """
    text = re.sub(r"\b([A-Z])&([A-Z]+)\b", r"\1\2", text)  # C&DA -> CDA
    section = SECTION.search(text)
    rest = SECTION.sub(" ", text, count=1) if section else text
    year = YEAR.search(rest)
    rest = YEAR.sub(" ", rest, count=1) if year else rest
    if not section and not year:
        return None
    return Citation(normalise(rest), year.group(1) if year else None,
                    section.group(1).lower() if section else None)


def _stem(word: str) -> str:
    """Plural and singular as one word (responders, responder)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(text: str) -> set[str]:
    return {_stem(w) for w in text.split()}


class LabelIndex:
    """All labels of all things, built once per opened store."""

    def __init__(self, data):
        if isinstance(data, NameIndex):  # the build's SQLite file: each name looked up when asked
            tables = data.tables
            self.labels, self.types, self.names = tables["labels"], tables["types"], tables["names"]
            self.by_name, self.by_pref, self.owners = tables["by_name"], tables["by_pref"], tables["owners"]
            self._laws = lambda: data.laws
            return
        self.labels: dict[str, str] = data["labels"]
        self.types: dict[str, set] = {t: set(v) for t, v in data["types"].items()}
        self.names: dict[str, set[str]] = {t: set(v) for t, v in data["names"].items()}
        self.by_name: dict[str, set[str]] = {k: set(v) for k, v in data["by_name"].items()}
        self.by_pref: dict[str, set[str]] = {k: set(v) for k, v in data["by_pref"].items()}
        self.owners: dict[str, list[str]] = data.get("owners", {})
        laws = data.get("laws", {})  # an index written before citations were kept has none
        self._laws = lambda: laws

    @functools.cached_property
    def _all_names(self) -> list[str]:
        """Every normalised name (read once per opened store)."""
        return list(self.by_name.keys())

    @functools.cached_property
    def acts(self) -> dict[str, dict]:
        return self._laws().get("acts", {})

    @functools.cached_property
    def duty_laws(self) -> dict[str, list[str]]:
        return self._laws().get("duty_laws", {})

    @functools.cached_property
    def duty_holders(self) -> dict[str, list[str]]:
        return self._laws().get("duty_holders", {})

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

    def resolve(self, name: str, kind: str = "entity", noun: str = "body", *,
                allow_group: bool = False) -> Match:
        """One thing for NAME, or an error that says what to do.

        With ``allow_group``, a citation of several duties of one act without a section
        ("Civil Contingencies Act 2004 Category 1 responder") is one Match whose
        ``group`` holds the duties; otherwise it is ambiguous.
        """
        key = normalise(name)
        if not key:
            raise UnknownNameError(f"no {noun} given: name one by its full name, an acronym or its id")
        hits = {t for t in self.by_name.get(key, set()) if self.kind_ok(t, kind)}
        if len(hits) > 1:
            best = max(self.rank(t, key) for t in hits)
            hits = {t for t in hits if self.rank(t, key) == best}
        if not hits:  # an id: full IRI, prefixed (llr:spb) or bare (duty-cda-s17)
            hits = {iri for iri in _ids_for(name) if iri in self.labels and self.kind_ok(iri, kind)}
        if not hits and kind in ("duty", "any"):
            hits, act = self.cited(name), None
            if len(hits) > 1 and allow_group:
                acts = {law_parts(law)[0] for t in hits for law in self.duty_laws.get(t, ())}
                act = acts.pop() if len(acts) == 1 else None
            if act is not None:
                return Match(act, self.group_label(name, act, len(hits)), name, 100.0, frozenset(),
                             tuple(sorted(hits, key=lambda t: self.labels[t])))
        if not hits:
            pattern = re.compile(rf"\b{re.escape(key)}\b")
            hits = {t for n, things in self.by_name.items() if pattern.search(n)
                    for t in things if self.kind_ok(t, kind)}
        if not hits:  # every word of the name in one label, in any order ("Safer Partnership")
            hits = self.by_words(key, kind)
        if len(hits) == 1:
            thing = hits.pop()
            return Match(thing, self.labels[thing], name, 100.0, frozenset(self.types.get(thing, ())))
        if len(hits) > 1:
            raise AmbiguousNameError(name, sorted(((t, self.labels[t]) for t in hits), key=lambda c: (c[1], c[0])))
        raise UnknownNameError(f"unknown {noun} '{name}'", self.suggest(name, kind))

    def by_words(self, key: str, kind: str) -> set[str]:
        """Things with a label that has every word of KEY (fillers aside, plurals as one)."""
        wanted = _words(" ".join(w for w in key.split() if w not in FILLER))
        if not wanted:
            return set()
        return {t for n, things in self.by_name.items() if wanted <= _words(n)
                for t in things if self.kind_ok(t, kind)}

    def cited(self, text: str) -> set[str]:
        """The duties a citation names: its act (by a name or acronym the data give it,
        and its year), its section, and words that narrow the act's duties by their
        labels or holders ("Category 1 responder"). Empty when TEXT is no citation."""
        citation = parse_citation(text)
        if citation is None:
            return set()
        words = f" {citation.words} "
        acts = {}  # act -> the words of the citation its name or acronym took
        for act, info in self.acts.items():
            if citation.year and info["year"] != citation.year:
                continue
            for name in sorted(info["names"] + info["acronyms"], key=len, reverse=True):
                if f" {name} " in words:
                    acts[act] = name
                    break
        if not acts and citation.section is None:
            return set()
        if not acts and (set(citation.words.split()) - FILLER):
            return set()  # it names an act the data do not know: no guess
        rest = words
        if acts:  # the longest name wins ("criminal justice act" over "justice act")
            longest = max(len(n) for n in acts.values())
            acts = {a: n for a, n in acts.items() if len(n) == longest}
            rest = words.replace(f" {next(iter(acts.values()))} ", " ")
        elif citation.year:
            acts = {a: "" for a, info in self.acts.items() if info["year"] == citation.year}
        hits = set()
        for duty, laws in self.duty_laws.items():
            for law in laws:
                parts = law_parts(law)
                if parts and (not acts or parts[0] in acts) and citation.section in (None, parts[2]):
                    hits.add(duty)
        narrow = _words(" ".join(w for w in rest.split() if w not in FILLER))
        if narrow:
            hits = {d for d in hits if narrow <= self.duty_words(d)}
        return {d for d in hits if d in self.labels}

    def duty_words(self, duty: str) -> set[str]:
        """The words of a duty's labels and of its holders' labels."""
        names = set(self.names.get(duty, ()))
        for holder in self.duty_holders.get(duty, ()):
            names |= set(self.names.get(holder, ()))
        return _words(" ".join(normalise(n) for n in names))

    def group_label(self, text: str, act: str, count: int) -> str:
        """What a citation of several duties of one act stands for, in words."""
        return f"{self.acts.get(act, {}).get('label', act)}: {count} duties"

    def search(self, text: str, kind: str = "any", limit: int = 10) -> list[Match]:
        """Best matches first: exact label or acronym, then word matches, then fuzzy."""
        key = normalise(text)
        scored: dict[str, Match] = {}
        for name, score in self._name_scores(key).items():
            for thing in self.by_name.get(name, ()):
                if not self.kind_ok(thing, kind):
                    continue
                best = scored.get(thing)
                if best is None or score > best.score:
                    scored[thing] = Match(thing, self.labels[thing], name, round(score, 1),
                                          frozenset(self.types.get(thing, ())))
        if kind in ("duty", "any"):  # a duty cited by its law ("section 17") is an exact match
            for thing in self.cited(text):
                scored[thing] = Match(thing, self.labels[thing], key, 100.0, frozenset(self.types.get(thing, ())))
        return sorted(scored.values(), key=lambda m: (-m.score, m.label, m.id))[:limit]

    def _name_scores(self, key: str) -> dict[str, float]:
        """Every name that matches KEY at 50 or more: 100 exactly; 90 less a little for
        the rest of a name that holds it as whole words; else 0.8 of the plain edit
        distance ratio (near-misses, not long labels). The ratios are computed in C
        (rapidfuzz's process.extract), and only the names that contain KEY are tried as
        whole words: a national graph has 35,000 names."""
        from rapidfuzz import fuzz, process

        names = self._all_names
        scores = {name: score * 0.8 for name, score, _ in process.extract(
            key, names, scorer=fuzz.ratio, score_cutoff=50 / 0.8, limit=None)}
        if key:
            words = re.compile(rf"\b{re.escape(key)}\b")
            for name in (n for n in names if key in n and words.search(n)):
                scores[name] = 90.0 - min(len(name) - len(key), 40) / 4
        if key in self.by_name:
            scores[key] = 100.0
        return {name: score for name, score in scores.items() if score >= 50}

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
