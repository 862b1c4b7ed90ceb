"""Numbered source notes for a document: each quote once, cited from the text and
linked both ways (the citation goes to its note, the note back to every citation).

>>> notes = Notes()
>>> [r.number for r in notes.cite([{"source": "001.txt", "quote": "Chaired by the Chief Constable"}])]
[1]
>>> [r.anchor for r in notes.cite([{"source": "001.txt", "quote": "Chaired by the Chief Constable"}])]
['cite-1-2']
>>> notes.items[0].backrefs
['cite-1-1', 'cite-1-2']
>>> [r.anchor for r in notes.cite([{"source": "a", "quote": "q"}, {"source": "a", "quote": "q"}])]
['cite-2-1']
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .rulenames import plain_words


@dataclass
class Note:
    number: int
    source: str
    quote: str = ""
    rule: str = ""          # for an inferred fact: the rule that derived it (its id)
    premises: tuple = ()
    rule_label: str = ""    # the rule in plain words (its rdfs:label)
    backrefs: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"note-{self.number}"


@dataclass(frozen=True)
class Ref:
    number: int
    anchor: str   # the id of the citation in the text

    @property
    def target(self) -> str:
        return f"note-{self.number}"


class Notes:
    """The notes of one document, numbered in the order the text first cites them."""

    def __init__(self, rule_labels: dict[str, str] | None = None) -> None:
        self.rule_labels = rule_labels or {}
        self.items: list[Note] = []
        self._by_key: dict[tuple, Note] = {}

    def _note(self, key: tuple, **fields) -> Note:
        note = self._by_key.get(key)
        if note is None:
            note = Note(len(self.items) + 1, **fields)
            self._by_key[key] = note
            self.items.append(note)
        return note

    def cite(self, evidence=(), derivation=()) -> list[Ref]:
        """Citations for one fact: a note per quote (and per derivation step of an
        inferred fact), each new citation with its own anchor."""
        chosen: list[Note] = []
        for item in evidence or ():
            chosen.append(self._note(("quote", item["source"], item["quote"]), source=item["source"],
                                     quote=item["quote"]))
        for step in derivation or ():
            premises = tuple(step.get("premises", ()))
            rule = step.get("rule", "")
            chosen.append(self._note(("rule", rule, premises), source="derived", rule=rule, premises=premises,
                                     rule_label=self.rule_labels.get(rule) or plain_words(rule)))
        unique = [n for i, n in enumerate(chosen) if n not in chosen[:i]]  # one fact cites a note once
        return [self._ref(note) for note in unique]

    def rules_used(self) -> list[tuple[str, str]]:
        """(plain words, id) of every rule a note names, once each, for the appendix."""
        seen = {}
        for note in self.items:
            if note.rule and note.rule not in seen:
                seen[note.rule] = note.rule_label
        return sorted(((label, rule) for rule, label in seen.items()), key=lambda x: x[0].casefold())

    @staticmethod
    def _ref(note: Note) -> Ref:
        anchor = f"cite-{note.number}-{len(note.backrefs) + 1}"
        note.backrefs.append(anchor)
        return Ref(note.number, anchor)
