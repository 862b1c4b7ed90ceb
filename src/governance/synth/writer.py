"""The small writers every part of an area uses: bodies, lines, memberships, events,
flows, posts and meetings, each with its evidence."""
from __future__ import annotations

import random
from dataclasses import dataclass

from .reference import MONTHS, NATIONAL_LABELS
from .text import Doc, Names, day, fy, lit, money, part_for, slugify


@dataclass
class Body:
    iri: str
    label: str
    kind: str  # council, upper, police, fire, probation, health, pcc, ...
    area: str = ""
    start: str = "2011-04-01"
    end: str | None = None


def period(start=None, end=None, restricted=False) -> list[tuple]:
    """The properties of a fact's explicit dates and its restriction, where given."""
    props = [("gov:validFrom", day(start))] if start else []
    if end:
        props.append(("gov:validUntil", day(end)))
    if restricted:
        props.append(("gov:sensitivity", "gov:Restricted"))
    return props


class AreaWriter:
    """One police force area's Doc and the helpers that write into it."""

    def __init__(self, rng: random.Random, names: Names, index: int, force: str, region: str, scale: float):
        self.rng, self.names, self.force, self.region, self.scale = rng, names, force, region, scale
        self.slug = slugify(force)
        self.doc = Doc("a", self.slug, f"{force}: the community safety and partnership landscape 2011-2019")
        self.index = index
        self.n = 0
        self.councils: list[Body] = []   # every council
        self.uppers: list[Body] = []     # county and unitary councils
        self.csps: list[Body] = []
        self.merged_away: dict[str, int] = {}  # CSP -> the year it merged into a joint CSP

    def active(self, iri: str, year: int) -> bool:
        """Whether a CSP exists in (financial) year ``year``: not before a joint CSP's
        start, not after a merged CSP's merger."""
        for csp in self.csps:
            if csp.iri == iri and int(csp.start[:4]) > year:
                return False
        return year < self.merged_away.get(iri, 9999)

    # --- helpers -------------------------------------------------------------------
    def ident(self, *words: str) -> str:
        return "a:" + "-".join(slugify(w) for w in words if w)

    def code(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}9{self.index:02d}{self.n:03d}"

    def org(self, local: str, label: str, types: str, part: str, sentence: str, *, alts=(), area="",
            start=None, end=None, extra=(), more_evidence=(), restricted=False) -> str:
        props = [("skos:prefLabel", lit(label) + "@en"), ("skos:altLabel", [lit(a) for a in alts])]
        if area:
            props.append(("gov:area", area))
        props += period(start, end, restricted) + list(extra)
        evidence = [self.doc.say(part, sentence)] + [self.doc.say(pt, s) for pt, s in more_evidence]
        return self.doc.thing(local, types, props, evidence)

    def line(self, child: str, parent: str, kind: str, part: str, sentence: str, start=None, end=None,
             restricted=False) -> str:
        local = f"{self.ident('line', child[2:], parent[2:])}"
        props = [("gov:from", child), ("gov:to", parent), ("gov:kind", kind)] + period(start, end, restricted)
        return self.doc.thing(local, "gov:ReportingLine", props, [self.doc.say(part, sentence)])

    def member(self, who: str, org: str, role: str, part: str, sentence: str, start=None, end=None,
               meeting=None, suffix="") -> str:
        local = self.ident("membership", org[2:], who.split(":", 1)[1], role.split(":")[1].lower(), suffix)
        props = [("org:member", who), ("org:organization", org), ("org:role", role)] + period(start, end)
        if meeting:
            props.append(("gov:meeting", meeting))
        return self.doc.thing(local, "org:Membership", props, [self.doc.say(part, sentence)])

    def event(self, local: str, label: str, kind: str, date: str, sentence: str, original=(), resulting=(),
              fund=None) -> str:
        props = [("skos:prefLabel", lit(label) + "@en"), ("gov:eventKind", kind), ("gov:date", day(date)),
                 ("org:originalOrganization", list(original)), ("org:resultingOrganization", list(resulting))]
        if fund:
            props.append(("gov:transfersFund", fund))
        return self.doc.thing(local, "org:ChangeEvent", props, [self.doc.say(part_for(date), sentence)])

    def flow(self, local: str, funders: list[str], recipient: str, amount: int | None, year: int, fund: str,
             purpose: str, sentence: str, *, table=None, row=None, part_of=(), share=None, restricted=False) -> str:
        start, end, printed = fy(year)
        props = [("gov:funder", funders), ("gov:recipient", recipient)]
        if amount is not None:
            props.append(("gov:amount", money(amount)))
        props += [("gov:currency", lit("GBP"))] + period(start, end) + [
            ("gov:fundStream", fund), ("gov:purpose", lit(purpose))]
        if table:
            props += [("gov:table", table), ("gov:row", lit(row)), ("gov:column", lit(printed))]
        if part_of:
            props.append(("gov:partOf", list(part_of)))
        if share:
            props.append(("gov:share", lit(share)))
        props += period(restricted=restricted)
        return self.doc.thing(local, "gov:FundingFlow", props, [self.doc.say(part_for(start), sentence)])

    def person(self, post_local: str, post_label: str, post_in: str, part: str, name: str | None = None,
               area="") -> tuple[str, str]:
        name = name or self.names.person()
        person = self.ident("person", name)
        self.doc.thing(person, "foaf:Person", [("foaf:name", lit(name)), ("skos:prefLabel", lit(name) + "@en")],
                       [self.doc.say(part, f"{name} is the {post_label}.")])
        post = self.doc.thing(post_local, "org:Post",
                              [("skos:prefLabel", lit(post_label) + "@en"), ("org:postIn", post_in),
                               ("org:heldBy", person)] + ([("gov:area", area)] if area else []),
                              [self.doc.say(part, f"{name} is the {post_label}.")])
        return person, post

    def money_amount(self, low: int, high: int) -> int:
        return int(self.rng.randint(low, high) // 10) * 10

    # --- the area ------------------------------------------------------------------

    def meetings(self, board: str, label: str, attendees: list[str], years, per_meeting: int) -> None:
        """A board's quarterly meetings; who attended or sent apologies is minuted."""
        rng = self.rng
        for year in years:
            for month, day_of in (("03", "10"), ("06", "15"), ("09", "12"), ("12", "08")):
                when = f"{year}-{month}-{day_of}"
                printed = f"{int(day_of)} {MONTHS[int(month)]} {year}"
                meeting = self.org(self.ident("meeting", board[2:], when), f"{label} meeting, {printed}", "gov:Meeting",
                                   part_for(when), f"The {label} met on {printed}.",
                                   extra=[("gov:date", day(when)), ("gov:meetingOf", board)])
                for agency in rng.sample(attendees, min(per_meeting, len(attendees))):
                    role = "gov:Apologies" if rng.random() < 0.15 else "gov:Attendee"
                    verb = "sent apologies to" if role == "gov:Apologies" else "attended"
                    self.member(agency, board, role, part_for(when),
                                f"{self.label_of(agency)} {verb} the {label} meeting of {printed}.",
                                meeting=meeting, suffix=when)

    # --- labels for sentences --------------------------------------------------------
    def label_of(self, iri: str) -> str:
        return self.doc.labels.get(iri) or NATIONAL_LABELS.get(iri, iri)

    def names_of(self, person: str) -> str:
        return self.label_of(person)
