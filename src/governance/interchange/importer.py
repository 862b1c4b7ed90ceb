"""``governance import``: bodies, reporting lines, memberships or funding flows from a
spreadsheet (CSV or XLSX) into graph/ as Turtle in the house style (graph/CURATION.md).

Each row carries its source (a seed file name, a source id such as ``src:001``, or a
citation URL) and the exact quote that states it; a quote from a seed file is checked
against the seed's text. Every row is checked (columns, ids, vocabulary, dates,
amounts, references to bodies), then the new facts together with the graph are checked
against the data-model shapes (pySHACL, as ``governance check``), all before anything
is written; the file is then written in one step. Any error writes nothing, and each
error names its row, its column and what to do.

The columns of each kind are documented in ``templates/columns.csv`` (the README
lists them); ``governance import --template KIND`` prints a template.

>>> expand_id("llr:spb")
'https://w3id.org/govgraph/id/llr/spb'
>>> expand_id("spb") is None
True
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .. import vocab
from ..errors import GovernanceError, UsageError
from ..store.project import Project
from .sheets import Vocabulary, read_rows
from .tabular import IMPORT_KINDS, template_spec

SEED_FILE = re.compile(r"^(\d{3})_[0-9a-f]+\.txt$")
HOUSE_PREFIXES = {"gov": vocab.GOV, "llr": vocab.ID + "llr/", "src": vocab.SOURCE, "org": vocab.ORG,
                  "skos": vocab.SKOS, "dcterms": vocab.DCTERMS, "foaf": vocab.FOAF, "rdfs": vocab.RDFS,
                  "xsd": vocab.XSD, "leg": "http://www.legislation.gov.uk/id/ukpga/"}


class ImportRowsError(GovernanceError):
    """Rows that cannot be imported; nothing was written."""

    exit_code = 1

    def __init__(self, problems: list[RowProblem], file: str):
        self.problems, self.file = problems, file
        super().__init__(f"{len(problems)} problem(s) in {file}; nothing was written")

    def lines(self) -> list[str]:
        return [p.line(self.file) for p in self.problems]


@dataclass(frozen=True, order=True)
class RowProblem:
    row: int
    column: str
    message: str

    def line(self, file: str) -> str:
        where = f"row {self.row}" if self.row else "header"
        return f"{file}: {where}, {self.column}: {self.message}"


@dataclass
class ImportResult:
    path: Path
    rows: int
    triples: int
    turtle: str = field(repr=False, default="")


def expand_id(text: str) -> str | None:
    """A prefixed name (known prefixes) or an absolute http(s) IRI as an IRI, else None."""
    text = text.strip()
    if re.match(r"^https?://\S+$", text):
        return text
    prefix, sep, local = text.partition(":")
    if sep and prefix in vocab.PREFIXES and re.match(r"^[A-Za-z0-9][\w.\-/]*$", local):
        return vocab.PREFIXES[prefix] + local
    return None


def seeds_dir(project: Project) -> Path:
    return Path(os.environ.get("GOVERNANCE_SEEDS") or project.root.parent / "shared" / "seeds")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


class Importer:
    """Rows of one kind to triples (rdflib), with every problem per row."""

    def __init__(self, gs, project: Project, kind: str, file: str):
        import rdflib

        self.rdflib = rdflib
        self.gs, self.project, self.kind, self.file = gs, project, kind, file
        self.vocabulary = Vocabulary(project)
        self.graph = rdflib.Graph()
        self.problems: list[RowProblem] = []
        self.subjects: dict[str, int] = {}  # new subject -> row
        rows = gs.select("SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }", include_restricted=True)
        self.known = {r["s"].value for r in rows}
        self.organisations = {r["o"].value for r in gs.select(
            "SELECT DISTINCT ?o WHERE { ?o a/rdfs:subClassOf* org:Organization }", include_restricted=True)}
        self.people = {r["o"].value for r in gs.select(
            "SELECT DISTINCT ?o WHERE { { ?o a foaf:Person } UNION { ?o a org:Post } }", include_restricted=True)}
        self.sources = {r["file"].value: r["source"].value for r in gs.select(
            "SELECT ?source ?file WHERE { ?source a gov:Source ; gov:fileName ?file }", include_restricted=True)}
        self.seed_texts: dict[str, str] = {}

    # ---- cells ----

    def problem(self, row: int, column: str, message: str) -> None:
        self.problems.append(RowProblem(row, column, message))

    def iri(self, row: int, column: str, cell: str, *, must: set | None = None, what: str = "a body") -> str | None:
        iri = expand_id(cell)
        if iri is None:
            self.problem(row, column, f"'{cell}' is not an id: write a prefixed name such as llr:spb or a full IRI")
            return None
        if must is not None and iri not in must and iri not in self.new_bodies:
            self.problem(row, column, f"{cell} is not {what} in the graph: import it first "
                                      "('governance import bodies') or correct the id")
        return iri

    def date(self, row: int, column: str, cell: str) -> str | None:
        import datetime as dt

        if not cell:
            return None
        try:
            return dt.date.fromisoformat(cell).isoformat()
        except ValueError:
            self.problem(row, column, f"'{cell}' is not a date: write YYYY-MM-DD, e.g. 2013-04-01")
            return None

    def source(self, row: int, cells: dict) -> tuple[str | None, str | None]:
        cell, quote = cells.get("source", ""), cells.get("quote", "")
        if not cell:
            self.problem(row, "source", "say where the row comes from: a seed file name, src:NNN or a citation URL")
        if len(_normalise(quote)) < 3:
            self.problem(row, "quote", "give the exact words of the source that state this row")
            return None, None
        source = None
        match = SEED_FILE.match(cell)
        if match:
            source = self.sources.get(cell) or vocab.SOURCE + match.group(1)
            self.check_quote(row, cell, quote)
        elif cell.startswith("src:"):
            source = expand_id(cell)
            file = next((f for f, s in self.sources.items() if s == source), None)
            if source not in self.sources.values():
                self.problem(row, "source", f"{cell} is not a source in the graph: give the seed file name instead")
            elif file:
                self.check_quote(row, file, quote)
        elif re.match(r"^https?://\S+$", cell):
            source = cell
        elif cell:
            self.problem(row, "source", f"'{cell}' is neither a seed file name (NNN_....txt), a source id (src:NNN) "
                                        "nor a URL")
        return source, _normalise(quote)

    def check_quote(self, row: int, file: str, quote: str) -> None:
        if file not in self.seed_texts:
            path = seeds_dir(self.project) / file
            self.seed_texts[file] = _normalise(path.read_text(encoding="utf-8")) if path.is_file() else ""
        text = self.seed_texts[file]
        if not text:
            self.problem(row, "source", f"the seed file {file} is not in {seeds_dir(self.project)}: "
                                        "check the name (or set GOVERNANCE_SEEDS)")
        elif _normalise(quote) not in text:
            self.problem(row, "quote", f"these words are not in {file}: copy them exactly as printed "
                                       "(a shorter quote is fine)")

    # ---- rows ----

    def add(self, subject: str, predicate: str, obj) -> None:
        self.graph.add((self.rdflib.URIRef(subject), self.rdflib.URIRef(predicate), obj))

    def ref(self, iri: str):
        return self.rdflib.URIRef(iri)

    def link(self, subject: str, predicate: str, row: int, column: str, cell: str, **checks) -> None:
        """Add a reference to the thing a cell names (``checks``: as :meth:`iri`)."""
        iri = self.iri(row, column, cell, **checks)
        if iri:
            self.add(subject, predicate, self.ref(iri))

    def add_term(self, subject: str, predicate: str, row: int, column: str, cell: str, terms, what: str) -> None:
        """Add the vocabulary term a cell names, or say which terms it may name."""
        term = self.vocabulary.term(cell, terms)
        if term is None:
            self.problem(row, column, f"'{cell}' is not {what}: use one of {self.vocabulary.names(terms)}")
        else:
            self.add(subject, predicate, self.ref(term))

    def lit(self, value: str, datatype: str | None = None, lang: str | None = None):
        return self.rdflib.Literal(value, datatype=self.rdflib.URIRef(datatype) if datatype else None, lang=lang)

    def run(self, rows: list[tuple[int, dict]]) -> None:
        self.new_bodies = set()
        batch = {expand_id(cells.get("id", "")) for _, cells in rows} - {None}
        if self.kind == "bodies":  # a batch of bodies may name each other's areas and lines may follow
            self.new_bodies = batch
        self.flows = {r["f"].value for r in self.gs.select("SELECT DISTINCT ?f WHERE { ?f a gov:FundingFlow }",
                                                            include_restricted=True)}
        if self.kind == "funding":
            self.flows |= batch
        for row, cells in rows:
            self.one(row, cells)

    def more_evidence(self, row: int, cells: dict) -> bool:
        """A row with only the id of an earlier row, a source and a quote: more evidence
        of that fact (as the CSV export writes a fact stated by several papers)."""
        subject = expand_id(cells.get("id", ""))
        if subject not in self.subjects or any(v for k, v in cells.items() if k not in ("id", "source", "quote")):
            return False
        source, quote = self.source(row, cells)
        if source and quote:
            self.evidence(subject, source, quote)
        return True

    def evidence(self, subject: str, source: str, quote: str) -> None:
        node = self.rdflib.BNode()
        self.graph.add((self.ref(subject), self.ref(vocab.GOV + "evidence"), node))
        self.graph.add((node, self.ref(vocab.DCTERMS + "source"), self.ref(source)))
        self.graph.add((node, self.ref(vocab.GOV + "quote"), self.lit(quote)))
        self.add_source(source)

    def one(self, row: int, cells: dict) -> None:
        G, S, X = vocab.GOV, vocab.SKOS, vocab.XSD
        if self.more_evidence(row, cells):
            return
        subject = self.iri(row, "id", cells.get("id", "")) if cells.get("id") else None
        if not cells.get("id"):
            self.problem(row, "id", "give the new fact an id, e.g. llr:line-<from>-<to>")
        if subject:
            if subject in self.known:
                self.problem(row, "id", f"{cells['id']} is already in the graph: choose a new id")
            elif subject in self.subjects:
                self.problem(row, "id", f"{cells['id']} is also row {self.subjects[subject]}: ids are unique")
            else:
                self.subjects[subject] = row
        required = [c["column"] for c in template_spec()[self.kind] if c["required"] == "yes"]
        for column in required:
            if column not in ("id", "source", "quote") and not cells.get(column):
                self.problem(row, column, "this column is required: "
                             + next(c["meaning"] for c in template_spec()[self.kind] if c["column"] == column))
        source, quote = self.source(row, cells)
        start, end = self.date(row, "valid_from", cells.get("valid_from", "")), \
            self.date(row, "valid_until", cells.get("valid_until", ""))
        if start and end and start > end:
            self.problem(row, "valid_until", f"ends ({end}) before it starts ({start}): swap or correct the dates")
        if subject is None:
            return
        rdf = vocab.RDF
        if self.kind == "bodies":
            if cells.get("type"):
                self.add_term(subject, rdf + "type", row, "type", cells["type"], self.vocabulary.body_types,
                              "a kind of body")
            if cells.get("label"):
                self.add(subject, S + "prefLabel", self.lit(cells["label"], lang="en"))
            for alt in filter(None, (a.strip() for a in cells.get("alt_labels", "").split(";"))):
                self.add(subject, S + "altLabel", self.lit(alt))
            for area in filter(None, (a.strip() for a in cells.get("area", "").split(";"))):
                self.link(subject, G + "area", row, "area", area)
        elif self.kind == "lines":
            self.add(subject, rdf + "type", self.ref(G + "ReportingLine"))
            for column in ("from", "to"):
                if cells.get(column):
                    self.link(subject, G + column, row, column, cells[column], must=self.organisations | self.people)
            if cells.get("kind"):
                self.add_term(subject, G + "kind", row, "kind", cells["kind"], self.vocabulary.line_kinds,
                              "a kind of line")
        elif self.kind == "memberships":
            self.add(subject, rdf + "type", self.ref(vocab.ORG + "Membership"))
            if cells.get("member"):
                self.link(subject, vocab.ORG + "member", row, "member", cells["member"],
                          must=self.organisations | self.people, what="a body, post or person")
            if cells.get("organization"):
                self.link(subject, vocab.ORG + "organization", row, "organization", cells["organization"],
                          must=self.organisations)
            for cell in filter(None, (r.strip() for r in cells.get("role", "").split(";"))):
                self.add_term(subject, vocab.ORG + "role", row, "role", cell, self.vocabulary.roles, "a role")
        elif self.kind == "funding":
            self.add(subject, rdf + "type", self.ref(G + "FundingFlow"))
            for cell in filter(None, (f.strip() for f in cells.get("funders", "").split(";"))):
                self.link(subject, G + "funder", row, "funders", cell, must=self.organisations)
            if cells.get("recipient"):
                self.link(subject, G + "recipient", row, "recipient", cells["recipient"], must=self.organisations)
            if cells.get("amount"):
                try:
                    amount = Decimal(cells["amount"])
                    if amount < 0 or not amount.is_finite():
                        raise InvalidOperation
                    self.add(subject, G + "amount", self.lit(format(amount, "f"), X + "decimal"))
                    self.add(subject, G + "currency", self.lit(cells.get("currency") or "GBP"))
                except InvalidOperation:
                    self.problem(row, "amount", f"'{cells['amount']}' is not an amount: write pounds as a plain "
                                                "number, without £ or commas (e.g. 12500 or 964.50)")
            elif cells.get("currency"):
                self.add(subject, G + "currency", self.lit(cells["currency"]))
            if cells.get("fund_stream"):
                self.link(subject, G + "fundStream", row, "fund_stream", cells["fund_stream"])
            if cells.get("purpose"):
                self.add(subject, G + "purpose", self.lit(cells["purpose"]))
            for column, predicate in (("part_of", "partOf"), ("restates", "restates")):
                for cell in filter(None, (c.strip() for c in cells.get(column, "").split(";"))):
                    self.link(subject, G + predicate, row, column, cell, must=self.flows, what="a funding flow")
        if start:
            self.add(subject, G + "validFrom", self.lit(start, X + "date"))
        if end:
            self.add(subject, G + "validUntil", self.lit(end, X + "date"))
        if source and quote:
            self.evidence(subject, source, quote)

    def add_source(self, source: str) -> None:
        """A source the graph does not have yet: a seed file as src:NNN, a URL as itself."""
        if source in self.sources.values() or (self.ref(source), None, None) in self.graph:
            return
        self.add(source, vocab.RDF + "type", self.ref(vocab.GOV + "Source"))
        if source.startswith(vocab.SOURCE):
            number = source[len(vocab.SOURCE):]
            file = next((p.name for p in sorted(seeds_dir(self.project).glob(f"{number}_*.txt"))), None)
            if file:
                self.add(source, vocab.GOV + "fileName", self.lit(file))
                self.add(source, vocab.SKOS + "prefLabel", self.lit(f"Seed paper {file}", lang="en"))
        else:
            self.add(source, vocab.SKOS + "prefLabel", self.lit(source, lang="en"))

    def turtle(self, header: str) -> str:
        for prefix, namespace in HOUSE_PREFIXES.items():
            self.graph.bind(prefix, namespace, override=True)
        return header + self.graph.serialize(format="turtle")


def import_rows(gs, project: Project, kind: str, path: str | os.PathLike, into: str | os.PathLike | None = None,
                *, dry_run: bool = False, check_shapes: bool = True) -> ImportResult:
    """Import one spreadsheet of ``kind`` (bodies, lines, memberships, funding) into
    graph/ (default ``graph/imported/<kind>-<file stem>.ttl``); see the module docstring."""
    if kind not in IMPORT_KINDS:
        raise UsageError(f"cannot import '{kind}': use one of {', '.join(IMPORT_KINDS)}")
    path = Path(path)
    header, rows = read_rows(path)
    columns = [c["column"] for c in template_spec()[kind]]
    missing = [c["column"] for c in template_spec()[kind] if c["required"] == "yes" and c["column"] not in header]
    unknown = [h for h in header if h and h not in columns]
    problems = [RowProblem(0, c, f"the column is missing: start from 'governance import --template {kind}'")
                for c in missing]
    problems += [RowProblem(0, h, f"not a column of {kind}: the columns are {', '.join(columns)}") for h in unknown]
    if problems:
        raise ImportRowsError(problems, path.name)
    if not rows:
        raise UsageError(f"{path.name} has no rows to import")
    target = Path(into) if into else project.graph_dir / "imported" / f"{kind}-{path.stem}.ttl"
    if target.suffix != ".ttl":
        raise UsageError(f"cannot write {target}: the graph's files are Turtle (.ttl)")
    if target.exists():
        raise UsageError(f"{project.relative(target)} already exists: give another file with --into, "
                         "or remove it to import again")
    importer = Importer(gs, project, kind, path.name)
    importer.run(rows)
    if importer.problems:
        raise ImportRowsError(sorted(set(importer.problems)), path.name)
    header_text = (f"# {kind.capitalize()} imported by 'governance import {kind} {path.name}' ({len(rows)} rows).\n"
                   "# Every fact carries its source and exact quote (graph/CURATION.md).\n\n")
    text = importer.turtle(header_text)
    if check_shapes:
        shape_problems(project, importer, text, target)
    if not dry_run:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, target)  # one step: the file is there whole, or not at all
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise UsageError(f"cannot write {target}: {exc.strerror or exc}") from None
    return ImportResult(target, len(rows), len(importer.graph), text)


def shape_problems(project: Project, importer: Importer, text: str, target: Path) -> None:
    """The graph with the new file, checked against the data-model shapes in a copy of
    graph/ (the real one is untouched); a violation on a new fact is its row's problem."""
    from ..rules.validate import validate

    with tempfile.TemporaryDirectory(prefix="govgraph-import-") as tmp:
        copy = Path(tmp) / "graph"
        shutil.copytree(project.graph_dir, copy, ignore=shutil.ignore_patterns(".*"))
        try:
            relative = target.resolve().relative_to(project.graph_dir.resolve())
        except ValueError:
            relative = Path("imported") / target.name
        (copy / relative).parent.mkdir(parents=True, exist_ok=True)
        (copy / relative).write_text(text, encoding="utf-8")
        findings = validate(Project(root=project.root, graph_dir=copy))
    problems = [RowProblem(importer.subjects[f.focus], vocab.shorten(f.path) if f.path else "row",
                           f"{f.message} (shape {vocab.shorten(f.shape)})")
                for f in findings if f.severity == "violation" and f.focus in importer.subjects]
    if problems:
        raise ImportRowsError(sorted(set(problems)), importer.file)
