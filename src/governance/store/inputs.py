"""The build's inputs checked before they are read: regular files inside the project, and
literals whose lexical form fits their XSD datatype.

A graph file must be a regular file. A symbolic link is followed only when it ends inside
the project (its root or its graph folder), never round a loop; a link to nothing, a FIFO,
a device or a socket is one clear error, and a FIFO is never opened (it would block). A
linked folder is not descended into (``Path.rglob`` does not follow folder links).

>>> literal_problem("16,250", XSD + "decimal")
"'16,250' is not a valid xsd:decimal"
>>> literal_problem("2012-02-30", XSD + "date")
"'2012-02-30' is not a valid xsd:date (no such day)"
>>> literal_problem("2012-02-29", XSD + "date") is None
True
"""
from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

import pyoxigraph as ox

from ..errors import SourceFileError
from ..vocab import XSD
from .project import Project

_TZ = r"(Z|[+-]\d{2}:\d{2})?"
_INTEGER = re.compile(r"[+-]?\d+")
_LEXICAL = {
    "decimal": re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"),
    "double": re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|NaN"),
    "boolean": re.compile(r"true|false|1|0"),
    "date": re.compile(rf"(-?\d{{4,}})-(\d\d)-(\d\d){_TZ}"),
    "dateTime": re.compile(rf"(-?\d{{4,}})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?{_TZ}"),
    "time": re.compile(rf"(\d\d):(\d\d):(\d\d)(\.\d+)?{_TZ}"),
    "gYear": re.compile(rf"-?\d{{4,}}{_TZ}"),
    "gYearMonth": re.compile(rf"-?\d{{4,}}-(\d\d){_TZ}"),
}
_LEXICAL["float"] = _LEXICAL["double"]
# integer types and the range each allows (None: unbounded)
_INTEGERS = {
    "integer": (None, None), "nonNegativeInteger": (0, None), "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0), "negativeInteger": (None, -1),
    "long": (-2**63, 2**63 - 1), "int": (-2**31, 2**31 - 1), "short": (-2**15, 2**15 - 1),
    "byte": (-128, 127), "unsignedLong": (0, 2**64 - 1), "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1), "unsignedByte": (0, 255),
}


def literal_problem(value: str, datatype: str) -> str | None:
    """Why a lexical form does not fit its XSD datatype, or None (also for datatypes
    not checked here, such as xsd:string or a custom one)."""
    if not datatype.startswith(XSD):
        return None
    name = datatype[len(XSD):]
    bad = f"{value!r} is not a valid xsd:{name}"
    if name in _INTEGERS:
        if not _INTEGER.fullmatch(value):
            return bad
        low, high = _INTEGERS[name]
        number = int(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return f"{bad} (out of range)"
        return None
    pattern = _LEXICAL.get(name)
    if pattern is None:
        return None
    match = pattern.fullmatch(value)
    if not match:
        return bad
    try:
        if name in ("date", "dateTime"):
            year, month, day = (int(g) for g in match.groups()[:3])
            if 1 <= year <= 9999:
                dt.date(year, month, day)
            elif not (1 <= month <= 12 and 1 <= day <= 31) or year == 0:
                return f"{bad} (no such day)"
        if name == "dateTime":
            hour, minute, second = (int(g) for g in match.groups()[3:6])
            if not (hour < 24 and minute < 60 and second < 60) and (hour, minute, second) != (24, 0, 0):
                return f"{bad} (no such time)"
        if name == "time":
            hour, minute, second = (int(g) for g in match.groups()[:3])
            if not (hour < 24 and minute < 60 and second < 60):
                return f"{bad} (no such time)"
        if name == "gYearMonth" and not 1 <= int(match.group(1)) <= 12:
            return f"{bad} (no such month)"
    except ValueError:
        return f"{bad} (no such day)"
    return None


def check_literals(project: Project, path: Path, triples: list[ox.Triple]) -> None:
    """Raise SourceFileError (file and line) for the first ill-typed literal in a file."""
    for triple in triples:
        term = triple.object
        if isinstance(term, ox.Literal) and not term.language:
            problem = literal_problem(term.value, term.datatype.value)
            if problem:
                raise SourceFileError(project.relative(path), _line_of(path, term.value), problem)


def _line_of(path: Path, value: str) -> int | None:
    """The first line that writes a literal's lexical form (quoted), if it can be found."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    for quoted in (f'"{value}"^^', f'"{value}"', f"'{value}'", value):
        at = text.find(quoted)
        if at >= 0:
            return text.count("\n", 0, at) + 1
    return None


_KINDS = [(stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder")]


def check_file(project: Project, path: Path) -> Path:
    """The file a graph input really is, or SourceFileError saying why it cannot be read."""
    def name() -> str:  # only an error needs it (it resolves the project's folders)
        return project.relative(path) if not path.is_symlink() else _shown(project, path)

    try:
        real = path.resolve(strict=True)
    except RuntimeError:
        raise SourceFileError(name(), None, "is a symbolic link that loops; it is not followed") from None
    except FileNotFoundError:
        raise SourceFileError(name(), None, "is a symbolic link to nothing (a dangling link)") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise SourceFileError(name(), None, "is a symbolic link that loops; it is not followed") from None
        raise SourceFileError(name(), None, f"cannot be read ({exc.strerror or exc})") from None
    if path.is_symlink() and not _inside(real, (project.root, project.graph_dir)):
        raise SourceFileError(name(), None, f"is a link to {real}, outside the project; links are followed "
                                            "only inside it")
    try:
        mode = real.stat().st_mode
    except OSError as exc:
        raise SourceFileError(name(), None, f"cannot be read ({exc.strerror or exc})") from None
    for test, kind in _KINDS:
        if test(mode):
            raise SourceFileError(name(), None, f"is {kind}, not a regular file; only regular files are read")
    if not os.access(real, os.R_OK):
        raise SourceFileError(name(), None, "cannot be read (permission denied)")
    return real


def _shown(project: Project, path: Path) -> str:
    """A link's own path (not its target's), relative to the project where it can be."""
    for base in (project.root, project.graph_dir.parent):
        try:
            return str(path.absolute().relative_to(base.resolve()))
        except ValueError:
            try:
                return str(path.absolute().relative_to(base.absolute()))
            except ValueError:
                continue
    return str(path)


def _inside(real: Path, folders) -> bool:
    for folder in folders:
        try:
            real.relative_to(Path(folder).resolve())
            return True
        except ValueError:
            continue
    return False


def input_files(project: Project) -> list[Path]:
    """Every file a build reads or depends on (graph, ontology, shapes, rules, queries),
    each checked, as the real path it is; the fingerprint covers them all."""
    files = project.data_files()
    for folder, pattern in ((project.ontology_dir, "**/*.ttl"), (project.queries_dir, "*.rq")):
        if folder.is_dir():
            known = set(files)
            files += sorted(p for p in folder.glob(pattern) if p not in known)
    return [check_file(project, path) for path in files]
