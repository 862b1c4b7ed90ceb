"""`governance check`: validate graph/ against the data-model shapes with pySHACL.

pySHACL is the reference validator; rdflib is the interchange layer. Each finding
names its focus node, the message, the shape and the graph file it came from.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import vocab
from ..errors import SourceFileError
from ..store.project import Project


@dataclass(frozen=True, order=True)
class Finding:
    severity: str
    file: str
    focus: str
    message: str
    shape: str
    path: str = ""

    def line(self) -> str:
        where = f" ({vocab.shorten(self.path)})" if self.path else ""
        return f"{self.severity}: {self.file}: {vocab.shorten(self.focus)}{where}: {self.message} [{vocab.shorten(self.shape)}]"


def rdf_dataset(project: Project):
    """graph/ and the vocabulary as an ``rdflib.Dataset``, one named graph per file
    (``https://w3id.org/govgraph/graph/<path>``); a syntax error is one line naming the
    file and line, as in the store build."""
    import rdflib

    from ..store.embedded import parse_file

    dataset = rdflib.Dataset()
    for path in project.data_files():
        parse_file(project, path)  # the same one-line syntax errors as the store build
        part = dataset.graph(rdflib.URIRef(vocab.GRAPH + project.relative(path)))
        try:
            part.parse(path, format="turtle")
        except Exception as exc:  # rdflib is stricter in a few corners; still one line
            first = str(exc).strip().splitlines()[0]
            raise SourceFileError(project.relative(path), _line_of(first), f"Turtle syntax error: {first}") from None
    return dataset


def load_dataset(project: Project):
    """graph/ and the vocabulary as one rdflib Graph, plus the file of each subject."""
    import rdflib

    dataset = rdf_dataset(project)
    merged = rdflib.Graph()
    origin: dict = {}
    for path in project.data_files():  # in file order: a subject belongs to its first file
        name = project.relative(path)
        part = dataset.graph(rdflib.URIRef(vocab.GRAPH + name))
        for subject in set(part.subjects()):
            origin.setdefault(subject, name)
        merged += part
    return merged, origin


def _line_of(exc: Exception) -> int | None:
    import re

    match = re.search(r"line (\d+)", str(exc))
    return int(match.group(1)) if match else None


def shapes_graph(files: list[Path]):
    import rdflib

    shapes = rdflib.Graph()
    for path in files:
        shapes.parse(path, format="turtle")
    return shapes


def validate(project: Project, shape_files: list[Path] | None = None) -> list[Finding]:
    """Run pySHACL over the data; return the findings (empty when it conforms)."""
    import pyshacl
    import rdflib
    from rdflib.namespace import SH

    from ..store.embedded import parse_file
    from ..store.inputs import check_file, check_literals

    for path in project.data_files():  # odd files and ill-typed literals: one clear error, as in a build
        check_file(project, path)
        check_literals(project, path, parse_file(project, path))
    data, origin = load_dataset(project)
    shapes = shapes_graph(shape_files or [project.shapes_dir / "core.ttl"])
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           abort_on_first=False, allow_warnings=True)
    findings = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        owner = _owner(data, focus)
        findings.append(Finding(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1].lower(),
            file=origin.get(focus) or origin.get(owner, "?"),
            focus=str(owner if owner is not None else focus),
            message=str(report.value(result, SH.resultMessage) or ""),
            shape=str(_named_shape(shapes, report.value(result, SH.sourceShape)) or ""),
            path=str(report.value(result, SH.resultPath) or ""),
        ))
    return sorted(set(findings))


def _named_shape(shapes, shape):
    """A property shape is a blank node; name the node shape that holds it."""
    import rdflib
    from rdflib.namespace import SH

    if isinstance(shape, rdflib.BNode):
        return next(shapes.subjects(SH.property, shape), shape)
    return shape


def _owner(data, node):
    """A blank node is reported through the named thing that points at it."""
    import rdflib

    seen = set()
    while isinstance(node, rdflib.BNode) and node not in seen:
        seen.add(node)
        parent = next(data.subjects(None, node), None)
        if parent is None:
            break
        node = parent
    return node
