"""Turtle terms and the Doc that writes an area's Turtle and its source text together,
so that every quote is a sentence of the text; invented names."""
from __future__ import annotations

import random
import re
import textwrap
from dataclasses import dataclass, field

from .reference import FIRST, LAST, PARTS, ENDS, ROOTS

def slugify(text: str) -> str:
    """An id's local part.

    >>> slugify("Avon and Somerset")
    'avon-and-somerset'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def lit(text: str) -> str:
    """A Turtle string literal (escaped).

    >>> lit('say "hi"')
    '"say \\\\"hi\\\\""'
    """
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def day(text: str) -> str:
    return f'"{text}"^^xsd:date'


def money(pounds: int) -> str:
    return f'"{pounds}"^^xsd:decimal'


def fy(year: int) -> tuple[str, str, str]:
    """A financial year: (first day, last day, as printed)."""
    return f"{year}-04-01", f"{year + 1}-03-31", f"{year}/{str(year + 1)[2:]}"


def part_for(start: str) -> str:
    """The part of an area's text that first describes a fact starting on ``start``: the
    first part describing a day on or after it.

    >>> part_for("2011-04-01"), part_for("2013-04-01"), part_for("2019-09-29")
    ('2011', '2014', '2019')
    """
    for part, described, _ in PARTS:
        if described >= start:
            return part
    return PARTS[-1][0]


@dataclass
class Doc:
    """One area's Turtle and its source text, written together so every quote is in the text."""

    prefix: str  # Turtle prefix name for the area's ids
    slug: str
    title: str
    blocks: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    triples: int = 0

    def source(self, part: str) -> str:
        return f"src:synth-{self.slug}-{part}"

    def say(self, part: str, sentence: str) -> tuple[str, str]:
        """Put a sentence in the text (once) and return the evidence that quotes it."""
        sentences = self.sections.setdefault(part, [])
        if not sentences or sentences[-1] != sentence:
            sentences.append(sentence)
        return self.source(part), sentence

    def thing(self, subject: str, types: str, props: list[tuple[str, str | list[str]]],
              evidence: list[tuple[str, str]]) -> str:
        """A subject block: ``types`` as written after ``a``; props (predicate, object(s))."""
        for pred, obj in props:
            if pred == "skos:prefLabel":
                self.labels[subject] = obj[1:obj.rindex('"')]
        lines = [f"{subject} a {types}"]
        self.triples += types.count(",") + 1
        for pred, obj in props:
            if obj is None or obj == []:
                continue
            objs = obj if isinstance(obj, list) else [obj]
            lines.append(f"    {pred} {', '.join(objs)}")
            self.triples += len(objs)
        ev = [f"[ dcterms:source {src} ; gov:quote {lit(quote)} ]" for src, quote in evidence]
        lines.append("    gov:evidence " + ",\n        ".join(ev))
        self.triples += 3 * len(ev)
        self.blocks.append(" ;\n".join(lines) + " .\n")
        return subject

    def turtle(self, prefixes: dict[str, str]) -> str:
        head = "".join(f"@prefix {k}: <{v}> .\n" for k, v in prefixes.items())
        return f"# {self.title} (synthetic; governance synth)\n{head}\n" + "\n".join(self.blocks)

    def text(self) -> str:
        out = [self.title.upper(), "", "This is a synthetic paper written by governance synth. "
               "Every body, person and figure in it is invented.", ""]
        headings = {key: heading for key, _, heading in PARTS}
        for part, sentences in self.sections.items():
            out += [headings.get(part, part), ""]
            paragraph: list[str] = []
            for sentence in sentences:
                paragraph.append(sentence)
                if len(paragraph) == 4:
                    out += textwrap.wrap(" ".join(paragraph), 92, break_on_hyphens=False, break_long_words=False) + [""]
                    paragraph = []
            if paragraph:
                out += textwrap.wrap(" ".join(paragraph), 92, break_on_hyphens=False, break_long_words=False) + [""]
        return "\n".join(out)


class Names:
    """Invented place and person names, unique across the whole data set."""

    def __init__(self, rng: random.Random):
        self.rng, self.places, self.people = rng, set(), set()

    def place(self) -> str:
        while True:
            name = self.rng.choice(ROOTS) + self.rng.choice(ENDS)
            if self.rng.random() < 0.15:
                name = self.rng.choice(["North ", "South ", "East ", "West "]) + name
            if name not in self.places:
                self.places.add(name)
                return name

    def person(self) -> str:
        while True:
            name = f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"
            if name in self.people:
                name = f"{name.split()[0]} {self.rng.choice('ABCDEFGHJKLMNPRSTW')}. {name.split()[1]}"
            if name not in self.people:
                self.people.add(name)
                return name

