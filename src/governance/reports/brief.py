"""`governance brief`: the PCC-candidate briefing pack, assembled from the library's answers.

Nothing here computes a figure. Every row, amount and total comes from a named question
(:func:`governance.query.ask.ask` with ``why=True``, so each row carries its quotes or
derivation), from the diagram views (:mod:`governance.render.views`), the review
(:mod:`governance.rules.review`) or the evidence of a thing; the pack only chooses,
orders and prints. A figure the library gets wrong is wrong in the pack, and right in
the pack once the library is right.

The sections follow what a candidate needs (and seed 001's own structure): a one-page
summary, the landscape one diagram per area and per structure, each board and
partnership (purpose, chair, members, lines up and down, statutory duties, priorities),
each community safety partnership with its allocations, funding (the tables as printed,
pools, the streams transferring to the PCC), the criminal justice and safeguarding
arrangements, what changed since ``since``, review findings, a glossary and the notes.
"""
from __future__ import annotations

import re

from .. import vocab
from ..errors import UnknownNameError, UsageError
from ..store.embedded import GraphStore, evidence_for
from ..store.project import Project
from ..values import Entity, iso_date
from .funding import funding_tables, money_to_pcc, pooled_budgets
from .model import Figure, Profile, Progress, Section, cell, inline_svg, is_tall, one_year_before, slug, to_row
from .order import RANK_TITLES, amount_of, kind_rank, legislation_key, levels, money_key, role_rank

# Kinds of body that get a profile (render.style kinds), in the order an area lists them.
PROFILE_KINDS = ("office", "board", "partnership", "community-safety-partnership", "safeguarding-board",
                 "programme", "service")
# The criminal justice and safeguarding arrangements seed 001 describes (names or acronyms;
# one the graph does not know is left out). Safeguarding boards join by type.
CJ_NAMES = ("SPB", "Local Criminal Justice Board", "Community Safety Programme Board",
            "Multi Agency Public Protection Arrangements", "MAPPA Strategic Management Board",
            "Leicestershire YOS Management Board", "Leicester City Youth Offending Management Board",
            "Leicestershire Youth Offending Service", "Leicester City Youth Offending Service",
            "Integrated Offender Management", "Criminal Justice Strategic Commissioning Group",
            "Leicester, Leicestershire and Rutland Reducing Re-offending Programme Board")
# The profile's sections (query.profile.SECTIONS), in the order a reader wants them.
SECTION_ORDER = ("Chair", "Members", "Reports to", "Reported to by", "Statutory duties", "Priorities",
                 "Funded by", "Funds")
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&:()/.'-]{1,14}$")


class BriefBuilder:
    """Asks the library everything the pack prints, once per question."""

    def __init__(self, gs: GraphStore, project: Project, *, area: str | None, at: str | None,
                 since: str | None, include_restricted: bool, progress: Progress | None = None):
        from ..query.resolve import label_index
        from ..render.things import Things

        self.gs, self.project = gs, project
        self.at = iso_date(at) if at else None
        self.since = iso_date(since) if since else (one_year_before(self.at) if self.at else None)
        self.area_name = area
        self.area_asked = bool(area)  # with --area every section keeps to it (and says so)
        self.include_restricted = include_restricted
        self.progress = progress or Progress()
        self.things = Things.load(gs, project, include_restricted)
        self.index = label_index(gs, project, include_restricted)
        self.frame = None
        self.level: dict[str, int] = {}
        self._figure_count = 0
        from .rulenames import rule_labels

        self.rule_labels = rule_labels(project)

    # ---- the library's answers ----

    def ask(self, name: str, args: list[str], at: str | None = "default", **kw):
        from ..query.ask import ask

        return ask(self.gs, self.project, name, args, at=self.at if at == "default" else at, why=True,
                   include_restricted=self.include_restricted, **kw)

    def resolve(self, name: str) -> str | None:
        try:
            return self.index.resolve(name).id
        except UnknownNameError:
            return None
        except Exception:  # an ambiguous name: the pack leaves it out rather than guess
            return None

    def in_area(self, iri) -> bool:
        """Whether a thing lies in the area asked for (always, with no --area)."""
        if not self.area_asked:
            return True
        iri = getattr(iri, "id", iri)
        return bool(iri) and self.things.within(self.things.area(iri), self.frame)

    def any_in_area(self, values) -> bool:
        if not self.area_asked:
            return True
        values = values if isinstance(values, (list, tuple, set)) else [values]
        return any(self.in_area(v) for v in values if v)

    def place(self, iri: str) -> tuple:
        """Top-down: elected and statutory bodies first, then each board by its place in
        the chain (the fewer lines up to the top, the earlier), then by name."""
        return (kind_rank(self.things.kind(iri)), self.level.get(iri, 99), self.things.label(iri).casefold())

    def order_rows(self, query: str, rows: list[dict]) -> list[dict]:
        """An answer's rows in the order a reader expects (see :mod:`.order`)."""
        def name(value) -> str:
            return cell(value).casefold()

        def when(row) -> tuple:
            return (row.get("from") or "", row.get("until") or "")

        if query == "members":
            return sorted(rows, key=lambda r: (role_rank(r.get("role")), name(r.get("member")), when(r)))
        if query in ("chain", "reports-to"):
            key = "parent" if query == "chain" else "reporter"
            return sorted(rows, key=lambda r: (*self.place(getattr(r.get(key), "id", "")), when(r)))
        if query == "duties":
            return sorted(rows, key=lambda r: (legislation_key(r.get("legislation")), name(r.get("duty"))))
        if query == "priorities":
            return sorted(rows, key=lambda r: (*when(r), name(r.get("of")), name(r.get("priority"))))
        if query in ("funders", "funded-by"):
            key = "funder" if query == "funders" else "recipient"
            return sorted(rows, key=lambda r: money_key(amount_of(r.get("amount")), name(r.get(key))))
        return rows

    def profile(self, iri: str) -> Profile:
        from ..query.facts import entity_facts
        from ..query.profile import SECTIONS

        facts = entity_facts(self.gs, self.project, iri, self.include_restricted)
        label = self.things.label(iri)
        by_title = {s[0]: s for s in SECTIONS}
        sections, notes = [], []
        for title in SECTION_ORDER:
            _, query, key, extras = by_title[title]
            answer = self.ask(query, [iri])
            rows = answer.rows
            if query == "chain":
                rows = [r for r in rows if r.get("depth") == 1]
            rows = self.order_rows(query, rows)
            if query == "duties":
                extras = ("via", "legislation")
            totals = ", ".join(cell(v) for v in answer.totals.values())
            sections.append(Section(title, query, [to_row(r, key, extras) for r in rows], totals,
                                    list(answer.notes)))
            notes += [n for n in answer.notes if n not in notes]
        thing = self.things.things.get(iri)
        area = self.things.area(iri)
        names = sorted(thing.alt) if thing else []
        existed = ""
        if facts.get("from") or facts.get("until"):
            existed = f"{facts.get('from') or '…'} to {facts.get('until') or 'now'}"
        return Profile(id=iri, label=label, kind=self.things.kind(iri),
                       area=self.things.area_title(area) if area else "", names=names, existed=existed,
                       purpose=facts.get("definition", ""),
                       evidence=evidence_for(self.gs, self.project, iri, self.include_restricted),
                       sections=sections, notes=notes, anchor="body-" + slug(iri))

    def figure(self, diagram, alt: str) -> Figure:
        from ..render.diagram import render

        self._figure_count += 1
        n = self._figure_count
        svg = inline_svg(render(diagram, "svg").decode("utf-8"), n)
        return Figure(title=diagram.title, svg=svg, alt=alt, sources=list(diagram.sources), anchor=f"figure-{n}",
                      tall=is_tall(svg))

    # ---- the sections ----

    def build(self) -> dict:
        from ..render.views import build_view, landscape

        top = landscape(self.gs, self.project, self.area_name, at=self.at, include_restricted=self.include_restricted)
        self.frame = top.frame
        self.level = levels(top.links)
        bodies = sorted(top.nodes.values(), key=lambda n: self.place(n.id))
        profiled = [n for n in bodies if n.kind in PROFILE_KINDS]
        cj_ids, cj_elsewhere = [], []
        for name in CJ_NAMES:  # in seed 001's order: the SPB, then the boards it replaced, MAPPA, YOS, IOM...
            iri = self.resolve(name)
            if iri and iri not in cj_ids and iri not in cj_elsewhere:
                (cj_ids if self.in_area(iri) else cj_elsewhere).append(iri)
        cj_ids += [n.id for n in profiled if n.kind == "safeguarding-board" and n.id not in cj_ids]
        csps = [n for n in profiled if n.kind == "community-safety-partnership"]
        others = [n for n in profiled if n.id not in cj_ids and n.kind != "community-safety-partnership"]
        areas = self._areas(top)
        self.progress.start(len(others) + len(csps) + len(cj_ids) + len(areas) + 8)

        figures = []
        overview = landscape(self.gs, self.project, self.area_name, depth=1, at=self.at,
                             include_restricted=self.include_restricted)
        figures.append(self.figure(overview, f"The top of the partnership landscape: the {len(overview.nodes)} "
                                             "bodies that report to nothing else in the area, with the lines between them."))
        self.progress.advance("landscape")
        for area in areas:
            for depth in (None, 2):  # Graphviz cannot lay out some deep clustered graphs: two levels then
                drawn = landscape(self.gs, self.project, area, depth=depth, at=self.at,
                                  include_restricted=self.include_restricted)
                if len(drawn.nodes) <= 1:
                    break
                try:
                    figures.append(self.figure(drawn, f"The partnership landscape of {self.things.label(area)}: "
                                                      f"{len(drawn.nodes)} bodies and their reporting lines."))
                    break
                except UsageError:
                    self._figure_count -= 1
            self.progress.advance(self.things.label(area))
        for name in ("SPB",):
            iri = self.resolve(name)
            if iri and self.things.alive(iri, self.at):
                drawn = build_view(self.gs, self.project, "reporting", iri, direction="down", at=self.at,
                                   include_restricted=self.include_restricted)
                figures.append(self.figure(drawn, f"Everything that reports to the {self.things.label(iri)}, "
                                                  f"all levels down ({len(drawn.nodes)} bodies)."))
        self.progress.advance("structures")

        groups = self._group_by_area(others)
        board_groups = []
        for title, nodes in groups:
            profiles = []
            for node in nodes:
                profiles.append(self.profile(node.id))
                self.progress.advance(node.label)
            board_groups.append((title, profiles))
        csp_profiles = []
        for node in csps:
            csp_profiles.append(self.profile(node.id))
            self.progress.advance(node.label)
        cj_profiles = []
        for iri in cj_ids:
            cj_profiles.append(self.profile(iri))
            self.progress.advance(self.things.label(iri))

        anchors = {p.anchor for _, group in board_groups for p in group} | {p.anchor for p in csp_profiles + cj_profiles}
        summary = self._summary(overview)
        self.progress.advance("summary")
        tables = funding_tables(self)
        self.progress.advance("funding tables")
        pools = pooled_budgets(self, tables)
        transfers = money_to_pcc(self)
        self.progress.advance("transfers")
        changes = self._changes()
        self.progress.advance("changes")
        review = self._review()
        self.progress.advance("review")
        glossary = self._glossary()
        self.progress.advance("glossary")
        area_label = self.things.label(self.frame) if self.frame else "all areas"
        return {
            "title": "The Community Safety and Partnership Landscape",
            "area": area_label, "area_asked": self.area_asked,
            "in_area": f": {area_label}" if self.area_asked else "",
            "cj_elsewhere": [(self.things.label(i), self.things.area_title(self.things.area(i))
                              if self.things.area(i) else "") for i in cj_elsewhere],
            "pcc_area": self._pcc_area(), "rule_labels": self.rule_labels,
            "at": self.at, "since": self.since, "include_restricted": self.include_restricted,
            "made": self.gs.manifest.get("built") if hasattr(self.gs, "manifest") else None,
            "summary": summary, "figures": figures, "board_groups": board_groups, "csps": csp_profiles,
            "cj": cj_profiles, "tables": tables, "pools": pools, "transfers": transfers,
            "changes": changes, "review": review, "glossary": glossary, "anchors": anchors,
        }

    def _areas(self, top) -> list[str]:
        """The areas directly inside the frame that hold bodies drawn (Leicestershire,
        Leicester, Rutland for LLR), in name order."""
        inner = {a for a, area in self.things.areas.items() if area.parent == self.frame}
        used = set()
        for node in top.nodes.values():
            for a in self.things.chain(node.area) if node.area else ():
                if a in inner:
                    used.add(a)
        return sorted(used, key=lambda a: self.things.label(a).casefold())

    def _group_by_area(self, nodes) -> list[tuple[str, list]]:
        inner = self._areas_of(nodes)
        groups: dict[str, list] = {}
        for node in nodes:
            chain = self.things.chain(node.area) if node.area else []
            key = next((a for a in chain if a in inner), self.frame)
            groups.setdefault(key, []).append(node)
        order = [self.frame] + sorted((a for a in groups if a != self.frame), key=lambda a: self.things.label(a))
        return [(self.things.label(a) if a else "Other bodies", groups[a]) for a in order if a in groups]

    def _areas_of(self, nodes) -> set:
        return {a for a, area in self.things.areas.items() if area.parent == self.frame}

    def _pcc_area(self) -> str:
        """With --area, how the PCC stands to it: the PCC's area covers the area asked."""
        pcc = self.resolve("PCC")
        if not (self.area_asked and pcc):
            return ""
        home = self.things.area(pcc)
        if home and self.things.within(self.frame, home) and home != self.frame:
            return f"{self.things.label(pcc)} covers {self.things.label(home)}, which includes {self.things.label(self.frame)}"
        return ""

    def _summary(self, overview) -> dict:
        duties = []
        pcc = self.resolve("PCC")
        if pcc and (self.in_area(pcc) or self._pcc_area()):
            answer = self.ask("duties", [pcc])
            duties += [(self.things.label(pcc), to_row(r, "duty", ("via", "legislation")))
                       for r in self.order_rows("duties", answer.rows)]
        key = [n for n in sorted(overview.nodes.values(), key=lambda n: self.place(n.id))
               if (n.kind in PROFILE_KINDS or n.kind == "authority") and self.in_area(n.id)]
        groups: list[tuple[str, list]] = []
        for n in key:
            title = RANK_TITLES[kind_rank(n.kind)]
            if not groups or groups[-1][0] != title:
                groups.append((title, []))
            groups[-1][1].append((n.label, self.things.kind(n.id), "body-" + slug(n.id)))
        return {"key": [(n.label, self.things.kind(n.id), "body-" + slug(n.id)) for n in key], "groups": groups,
                "duties": duties}

    def _changes(self) -> dict:
        """What changed from ``since`` to ``at``, in time order (the library's order), with
        --area the changes to the area's bodies."""
        options = {"from": self.since, "to": self.at}
        answer = self.ask("changes", [], at=None, options=options)
        rows = [r for r in answer.rows
                if self.any_in_area([v for v in (r.get("subject"), r.get("before"), r.get("after"))
                                     if isinstance(v, Entity)])]
        rows.sort(key=lambda r: r.get("date") or "")
        # A fact that begins to be carried forward has not changed: it was last stated by a
        # paper and is assumed to hold. Hundreds of them would bury the changes; the pack
        # counts them by day (each is marked "carried forward" where it is printed).
        carried: dict[str, int] = {}
        for r in rows:
            if r.get("change") == "began carried-forward":
                carried[r["date"]] = carried.get(r["date"], 0) + 1
        return {"rows": [r for r in rows if r.get("change") != "began carried-forward"],
                "carried": sorted(carried.items()), "notes": answer.notes}

    def _review(self):
        from ..rules.review import Review, review

        result = review(self.gs, self.project, at=self.at, include_restricted=self.include_restricted)
        if self.area_asked:
            result = Review(result.at, [f for f in result.findings if self.in_area(f.focus.id)])
        return result

    def _glossary(self) -> list[dict]:
        """Acronyms: every glossary term and every body known by one, with its meaning (with
        --area, the bodies of the area); in the alphabet's order, as a glossary is read."""
        from ..query.facts import entity_facts

        entries = []
        for iri, thing in self.things.things.items():
            is_term = vocab.GOV + "Term" in thing.types
            acronyms = sorted(a for a in thing.alt if ACRONYM.match(a) and (is_term or a.upper() == a))
            if not acronyms or not (is_term or self.things.is_organisation(iri)):
                continue
            if not is_term and not self.in_area(iri):
                continue
            meaning = thing.label
            if is_term:
                definition = entity_facts(self.gs, self.project, iri, self.include_restricted).get("definition")
                if definition and definition.rstrip(".") != thing.label:
                    meaning = f"{thing.label}: {definition}" if len(definition) > len(thing.label) + 3 else thing.label
            for acronym in acronyms:
                entries.append({"acronym": acronym, "meaning": meaning, "anchor": "body-" + slug(iri),
                                "is_body": not is_term,
                                "evidence": evidence_for(self.gs, self.project, iri, self.include_restricted)[:1]})
        entries.sort(key=lambda e: (e["acronym"].casefold(), e["meaning"]))
        return entries


def build_brief(gs: GraphStore, project: Project, *, area: str | None = None, at: str | None = None,
                since: str | None = None, include_restricted: bool = False,
                progress: Progress | None = None) -> dict:
    """Everything the briefing pack prints, as plain data (see :class:`BriefBuilder`)."""
    return BriefBuilder(gs, project, area=area, at=at, since=since, include_restricted=include_restricted,
                        progress=progress).build()


def render_brief(data: dict) -> str:
    """The pack as one self-contained HTML page (inline CSS and SVG)."""
    from .templating import render_template

    return render_template("brief.html", data)
