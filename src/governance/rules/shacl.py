"""SHACL and SHACL-AF on pyoxigraph: shapes files, targets, SPARQL rules and constraints.

pySHACL runs a rule's CONSTRUCT (or a constraint's SELECT) once per focus node with
``$this`` pre-bound. Here each one runs once over the whole data set instead: the
shape's targets become a pattern that binds ``?this`` (``?this rdf:type/rdfs:subClassOf*
C`` for ``sh:targetClass C``), put first in the query's WHERE group. That gives the
same answers as pre-binding while ``$this`` is used in the main group of the query (not
only inside a sub-SELECT or OPTIONAL); tests compare both engines on every fixture.

>>> split_query("SELECT $this WHERE { $this a ?c }").where
' $this a ?c '
>>> with_focus("SELECT $this WHERE { $this a ?c }", [("node", "<http://x/a>")])
'SELECT $this WHERE { { BIND(<http://x/a> AS ?this) }  $this a ?c }'
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError
from ..store.project import Project

SH = vocab.SH
RDF_TYPE = ox.NamedNode(vocab.RDF + "type")
SUBCLASS = f"<{vocab.RDF}type>/<{vocab.RDFS}subClassOf>*"
TARGETS = {"targetClass": "class", "targetNode": "node", "targetSubjectsOf": "subjectsOf",
           "targetObjectsOf": "objectsOf"}
THIS = re.compile(r"[$?]this\b")
VARIABLE = re.compile(r"[$?]([A-Za-z_][\w]*)")
# strings, IRIs and comments: braces and variables inside them are not syntax
LEXEME = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
VAR_IRI = "urn:x-govgraph:var:"


@dataclass(frozen=True)
class QueryParts:
    """A query cut at its top-level groups: ``head { template } middle { where } tail``."""

    head: str
    template: str | None
    middle: str
    where: str
    tail: str


def _segments(text: str):
    """(is_code, text) pieces: code, or a string/IRI/comment lexeme kept whole."""
    pos = 0
    for match in LEXEME.finditer(text):
        if match.start() > pos:
            yield True, text[pos:match.start()]
        yield False, match.group()
        pos = match.end()
    if pos < len(text):
        yield True, text[pos:]


def _top_level_groups(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of each top-level ``{ ... }`` group."""
    groups, depth, offset, start = [], 0, 0, 0
    for is_code, piece in _segments(text):
        if is_code:
            for i, char in enumerate(piece):
                if char == "{":
                    if depth == 0:
                        start = offset + i
                    depth += 1
                elif char == "}":
                    depth -= 1
                    if depth == 0:
                        groups.append((start, offset + i))
        offset += len(piece)
    return groups


def split_query(text: str) -> QueryParts:
    """Cut a SELECT, ASK or CONSTRUCT query into its template and WHERE group."""
    groups = _top_level_groups(text)
    construct = re.search(r"\bCONSTRUCT\b", "".join(p if code else " " * len(p) for code, p in _segments(text)),
                          re.IGNORECASE)
    if construct:
        if len(groups) < 2:
            raise QueryError("a CONSTRUCT query needs a template and a WHERE group "
                             "(the short form CONSTRUCT WHERE is not supported)")
        (t0, t1), (w0, w1) = groups[0], groups[1]
        return QueryParts(text[:t0], text[t0 + 1:t1], text[t1 + 1:w0], text[w0 + 1:w1], text[w1 + 1:])
    if not groups:
        raise QueryError("a query needs a WHERE group")
    w0, w1 = groups[0]
    return QueryParts(text[:w0], None, "", text[w0 + 1:w1], text[w1 + 1:])


def focus_pattern(targets: list[tuple[str, str]]) -> str:
    """A graph pattern binding ``?this`` to every focus node of the targets.

    >>> focus_pattern([("node", "<http://x/a>"), ("subjectsOf", "<http://x/p>")])
    '{ BIND(<http://x/a> AS ?this) } UNION { ?this <http://x/p> [] }'
    """
    branches = []
    for kind, term in targets:
        if kind == "class":
            branches.append(f"?this {SUBCLASS} {term} .")
        elif kind == "node":
            branches.append(f"BIND({term} AS ?this)")
        elif kind == "subjectsOf":
            branches.append(f"?this {term} []")
        elif kind == "objectsOf":
            branches.append(f"[] {term} ?this")
    if len(branches) == 1 and targets[0][0] == "class":
        return branches[0]
    return " UNION ".join(f"{{ {b} }}" for b in branches)


def with_focus(text: str, targets: list[tuple[str, str]], *, select_all: bool = False) -> str:
    """The query with the focus pattern first in its WHERE group; with ``select_all``
    a CONSTRUCT becomes ``SELECT *`` over the same group (one row per solution)."""
    parts = split_query(text)
    focus = focus_pattern(targets) + " " if THIS.search(parts.where) and targets else ""
    head = parts.head
    if parts.template is not None and select_all:
        code = "".join(p if c else " " * len(p) for c, p in _segments(head))
        at = [m for m in re.finditer(r"\bCONSTRUCT\b", code, re.IGNORECASE)][-1]
        head = head[:at.start()] + "SELECT *" + head[at.end():]
        return f"{head}{parts.middle}{{ {focus}{parts.where}}}{parts.tail}"
    template = f"{{{parts.template}}}" if parts.template is not None else ""
    return f"{head}{template}{parts.middle}{{ {focus}{parts.where}}}{parts.tail}"


def mentions_this(text: str) -> bool:
    return any(THIS.search(p) for code, p in _segments(text) if code)


def template_patterns(template: str, prefixes: dict[str, str]) -> list[tuple]:
    """A CONSTRUCT template as triple patterns; a variable is ``ox.Variable``.

    The template is read as Turtle with each variable written as a placeholder IRI, so
    prefixed names, ``a``, ``;`` and ``,`` all work as in SPARQL.

    >>> template_patterns("?a gov:funds ?b ; a gov:Funder", {"gov": vocab.GOV})[0]
    (<Variable value=a>, <NamedNode value=https://w3id.org/govgraph/ontology#funds>, <Variable value=b>)
    """
    code = "".join(VARIABLE.sub(lambda m: f"<{VAR_IRI}{m.group(1)}>", p) if is_code else p
                   for is_code, p in _segments(template)).strip()
    if not code.endswith("."):
        code += " ."
    turtle = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items()) + code
    try:
        triples = [q.triple for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE)]
    except SyntaxError as exc:
        raise QueryError(f"CONSTRUCT template: {exc}") from None

    def term(node):
        if isinstance(node, ox.BlankNode):
            # a fresh blank node per run would never reach a fixpoint: mint IRIs instead
            raise QueryError("CONSTRUCT template makes blank nodes; mint an IRI with BIND(IRI(...))")
        if isinstance(node, ox.NamedNode) and node.value.startswith(VAR_IRI):
            return ox.Variable(node.value[len(VAR_IRI):])
        return node

    return [(term(t.subject), term(t.predicate), term(t.object)) for t in triples]


def instantiate(patterns: list[tuple], solution) -> list[ox.Triple]:
    """The template's triples for one solution; as in SPARQL, a triple with an unbound
    variable or a literal subject is left out."""
    out = []
    for pattern in patterns:
        terms = [solution[t.value] if isinstance(t, ox.Variable) else t for t in pattern]
        if None in terms or isinstance(terms[0], ox.Literal) or not isinstance(terms[1], ox.NamedNode):
            continue
        out.append(ox.Triple(*terms))
    return out


@dataclass
class ShapesGraph:
    """Shapes files parsed into an in-memory store, with the few reads a SHACL engine needs."""

    store: ox.Store = field(default_factory=ox.Store)
    files: list[str] = field(default_factory=list)

    @classmethod
    def from_files(cls, project: Project, paths: list[Path]) -> "ShapesGraph":
        from ..store.embedded import parse_file

        graph = cls()
        for path in paths:
            graph.store.extend(ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
                               for t in parse_file(project, path))
            graph.files.append(project.relative(path))
        return graph

    def objects(self, subject, predicate: str) -> list:
        return [q.object for q in self.store.quads_for_pattern(subject, ox.NamedNode(predicate), None, None)]

    def subjects(self, predicate: str, obj=None) -> list:
        return [q.subject for q in self.store.quads_for_pattern(None, ox.NamedNode(predicate), obj, None)]

    def value(self, subject, predicate: str, default=None):
        found = self.objects(subject, predicate)
        return found[0] if found else default

    def text(self, subject, predicate: str, default: str = "") -> str:
        found = self.value(subject, predicate)
        return found.value if found is not None else default

    def number(self, subject, predicate: str) -> float:
        found = self.value(subject, predicate)
        return float(found.value) if found is not None else 0.0

    def targets(self, shape) -> list[tuple[str, str]]:
        return sorted((kind, str(node)) for name, kind in TARGETS.items()
                      for node in self.objects(shape, SH + name))

    def prefixes(self, node) -> dict[str, str]:
        """sh:prefixes of a rule or constraint: its declarations and, as pySHACL does,
        those of every owl:Ontology in the shapes graph."""
        holders = self.objects(node, SH + "prefixes")
        holders += self.subjects(vocab.RDF + "type", ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology"))
        out = {}
        for holder in holders:
            for declaration in self.objects(holder, SH + "declare"):
                out[self.text(declaration, SH + "prefix")] = self.text(declaration, SH + "namespace")
        return out

    def is_deactivated(self, node) -> bool:
        return self.text(node, SH + "deactivated") == "true"


def shape_id(node) -> str:
    return node.value if isinstance(node, ox.NamedNode) else f"_:{node.value}"


PREFIX_DECL = re.compile(r"PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)
PREFIXED = re.compile(r"(?<![\w?$:<])([A-Za-z][\w-]*(?:\.[\w-]+)*)?:((?:[\w-]|\.(?=[\w-]))*)")
TERM = r'(?:<\d+>|[A-Za-z][\w.-]*:[\w.-]*|:[\w.-]*|[?$]\w+|""|\d[\w.]*)'
VARIABLE_PREDICATE = re.compile(rf"{TERM}\s+[?$]\w+\s+(?:{TERM}|\[|\()|[;\[]\s*[?$]\w+")


def query_reads(text: str, prefixes: dict[str, str]) -> tuple[frozenset | None, frozenset | None]:
    """What a query's graph patterns can read, for the rules engine's semi-naive passes:
    (predicates, classes of type patterns), each ``None`` for any. It errs on the side of
    more: every IRI the query names counts as both, and a variable in a predicate's place
    (or a type's) makes it ``None``. A type triple is matched through its class, so
    rdf:type itself is not needed among the predicates.

    >>> preds, types = query_reads("SELECT * { ?x a gov:Board ; gov:from/gov:to ?y }", {"gov": vocab.GOV})
    >>> sorted(p.rsplit("#")[1] for p in preds if "#" in p)
    ['Board', 'from', 'to']
    >>> query_reads("SELECT * { ?x a ?type }", {})[1] is None, query_reads("SELECT * { ?x ?p ?y }", {})
    (True, (None, None))
    """
    names = dict(prefixes)
    names.update({p or "": ns for p, ns in PREFIX_DECL.findall(text)})
    iris, code = [], []
    for is_code, piece in _segments(text):
        if is_code:
            code.append(piece)
        elif piece.startswith("<"):
            code.append(f" <{len(iris)}> ")
            iris.append(piece[1:-1])
        else:
            code.append(" " if piece.startswith("#") else ' "" ')
    code = "".join(code)
    found = set(iris)
    for prefix, local in PREFIXED.findall(code):
        if (prefix or "") in names:
            found.add(names[prefix or ""] + local)
    if VARIABLE_PREDICATE.search(code):
        return None, None
    type_refs = [f"<{i}>" for i, iri in enumerate(iris) if iri == vocab.RDF + "type"]
    type_refs += [re.escape(f"{p}:type") for p, ns in names.items() if ns == vocab.RDF]
    type_ref = "|".join(["(?<![\\w:?$-])a"] + type_refs)
    typed_by_variable = re.search(rf"(?:{type_ref})[^\s;,{{}}]*\s+[?$]\w+", code)
    return frozenset(found), (None if typed_by_variable else frozenset(found))
