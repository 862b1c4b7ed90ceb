"""Errors a user can cause, each turned into one clear line and an exit code by the CLI.

Exit codes follow pySHACL: 0 success/clean, 1 findings (violations), 2 error.

>>> str(UnknownNameError("unknown body 'SBP'", suggestions=["SPB"]))
"unknown body 'SBP'; did you mean: SPB?"
"""
from __future__ import annotations


class GovernanceError(Exception):
    """Base class: a problem the user can fix; never shown as a traceback."""

    exit_code = 2


class UsageError(GovernanceError):
    """A bad argument: a malformed date, an unknown format or query name."""


class UnknownNameError(GovernanceError):
    """A name that resolves to nothing; carries fuzzy suggestions."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            message = f"{message}; did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)


class AmbiguousNameError(GovernanceError):
    """A name that matches several things equally well; lists them with ids."""

    def __init__(self, name: str, candidates: list[tuple[str, str]]):
        self.candidates = candidates
        listed = "; ".join(f"{label} <{iri}>" for iri, label in candidates)
        super().__init__(f"'{name}' is ambiguous: {listed}. Use the full name or the id.")


class SourceFileError(GovernanceError):
    """A graph source file that cannot be parsed (names the file and line)."""

    def __init__(self, path: str, line: int | None, detail: str):
        self.path, self.line, self.detail = path, line, detail
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {detail}")


class StoreError(GovernanceError):
    """The store cannot be built or opened."""


class QueryError(GovernanceError):
    """A SPARQL query that is malformed, refused (updates) or fails."""


class QueryRefusedError(QueryError):
    """A free query the guarded path will not run: an update, SERVICE, too deep a nesting."""


class QueryLimitError(QueryError):
    """A free query stopped by a limit: the time-out, the row cap or the memory bound."""


class OutputError(GovernanceError):
    """The answer cannot be written (a full disk, a closed standard output)."""

    exit_code = 1


class GraphvizMissingError(GovernanceError):
    """Graphviz's `dot` is needed for svg, png and pdf output."""

    def __init__(self) -> None:
        super().__init__(
            "Graphviz 'dot' was not found; install it with 'apt-get install -y graphviz' "
            "or write .dot, .mmd, .graphml or .json instead"
        )


def expect(value, types, what: str):
    """``value`` when it is one of ``types``; else a UsageError naming what was wanted
    (the library's public functions check their arguments with it, so a wrong type is
    never an AttributeError from deep inside).

    >>> expect("SPB", str, "a name")
    'SPB'
    >>> expect(None, str, "a name")
    Traceback (most recent call last):
    ...
    governance.errors.UsageError: a name is needed, not None
    """
    if isinstance(value, types):
        return value
    got = "None" if value is None else f"a {type(value).__name__} ({value!r:.40})"
    raise UsageError(f"{what} is needed, not {got}")
