"""`governance sparql`: the one guarded path for free read-only SPARQL.

Every free query (the CLI's ``sparql`` and the web endpoint's ``/sparql``) goes through
:func:`stream_sparql` (:func:`query_sparql` collects its answer as a
:class:`~governance.query.results.SparqlResult`, which writes the W3C result formats;
:func:`run_sparql` gives plain Python values). Before anything runs, the raw text's bracket nesting is measured
(a deep enough nesting crashes pyoxigraph's parser, so no parser sees it first). The
query is then handed to a worker process (:mod:`governance.query.worker`) that parses it
with rdflib's SPARQL 1.1 grammar, refuses updates and SERVICE in every form, and runs
it with pyoxigraph over the visible graphs only, default and named alike (FROM and FROM
NAMED are cut down to them). The worker streams rows back; this side stops it, by
killing the process, at the time-out, the row cap or the memory bound, and says which.

>>> check_text("SELECT * WHERE { ?s ?p ?o }", Limits()) is None
True
>>> check_text("SELECT * WHERE " + "{" * 500 + "}" * 500, Limits())
Traceback (most recent call last):
...
governance.errors.QueryRefusedError: the query nests 500 levels deep, more than the limit of 100 (--max-depth)
"""
from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .. import vocab
from ..errors import QueryError, QueryLimitError, QueryRefusedError, UsageError
from ..store.embedded import GraphStore, sparql_syntax_message
from ..store.project import Project
from ..values import Entity
from .answer import Answer, to_python
from .resolve import label_index
from .results import SparqlResult, result_format

WORKER = Path(__file__).with_name("worker.py")
MAX_QUERY_CHARS = 1_000_000  # a query text longer than this is refused unread
MAX_LINE_BYTES = 64 * 2**20  # one row from the worker larger than this stops the query


@dataclass(frozen=True)
class Limits:
    """What one free query may use. Each is an option of ``governance sparql``."""

    timeout: float = 30.0  # seconds, from the request to the last row
    max_rows: int = 10_000  # rows (or triples) in one answer
    max_depth: int = 100  # nesting of brackets in the query text
    max_memory_mb: int = 1024  # resident memory of the worker process

    def __post_init__(self):
        for name in ("timeout", "max_rows", "max_depth", "max_memory_mb"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
                raise UsageError(f"the {name.replace('_', ' ')} limit must be a positive number, not {value!r}")


def check_text(text: str, limits: Limits) -> None:
    """Refuse a text before any parser sees it (the nesting limit, empty text)."""
    from .worker import nesting_depth

    if not isinstance(text, str):
        raise UsageError(f"a SPARQL query is text, not {type(text).__name__}")
    if not text.strip():
        raise QueryRefusedError("the SPARQL query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefusedError(f"the query text is {len(text):,} characters long, more than the limit of "
                                f"{MAX_QUERY_CHARS:,}")
    depth = nesting_depth(text)
    if depth > limits.max_depth:
        raise QueryRefusedError(f"the query nests {depth} levels deep, more than the limit of "
                                f"{limits.max_depth} (--max-depth)")


def _term(cell):
    """A worker cell back as a pyoxigraph term."""
    if cell is None:
        return None
    kind = cell[0]
    if kind == "i":
        return ox.NamedNode(cell[1])
    if kind == "b":
        return ox.BlankNode(cell[1])
    if kind == "l":
        return ox.Literal(cell[1], datatype=ox.NamedNode(cell[2]))
    if kind == "L":
        return ox.Literal(cell[1], language=cell[2])
    return ox.Literal(cell[1])  # a quoted triple, shown as its N-Triples text


class QueryWorker:
    """A worker process that can be killed mid-query. One serves many requests in turn
    (the web endpoint keeps one); a limit that stops a query kills it, and the next
    request starts a fresh one. Use as a context manager, or call :meth:`close`."""

    def __init__(self):
        self.process: subprocess.Popen | None = None
        self._buffer = b""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _start(self) -> subprocess.Popen:
        if self.process is None or self.process.poll() is not None:
            self._buffer = b""
            # -I: isolated (no user site, no cwd on the path); -S would drop site-packages
            self.process = subprocess.Popen([sys.executable, "-I", str(WORKER)], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            start_new_session=True)
        return self.process

    def kill(self) -> None:
        """Stop the worker now, by its own process id."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        if process is not None:
            process.wait()
            for stream in (process.stdin, process.stdout):
                try:
                    stream.close()
                except OSError:
                    pass

    def close(self) -> None:
        self.kill()

    def lines(self, request: dict, limits: Limits):
        """Send one request; yield the reply lines as they come, within the limits."""
        process = self._start()
        deadline = time.monotonic() + limits.timeout
        try:
            process.stdin.write(json.dumps(request).encode() + b"\n")
            process.stdin.flush()
        except OSError:
            self.kill()
            raise QueryError("the query worker could not be started") from None
        selector = selectors.DefaultSelector()
        selector.register(process.stdout, selectors.EVENT_READ)
        fd = process.stdout.fileno()
        finished = False  # the worker has sent its last line and waits for the next request
        try:
            while True:
                while b"\n" in self._buffer:
                    line, self._buffer = self._buffer.split(b"\n", 1)
                    if len(line) > MAX_LINE_BYTES:
                        self._too_wide()
                    value = json.loads(line)
                    finished = isinstance(value, dict) and bool({"end", "capped", "error", "ask"} & value.keys())
                    yield value
                    if finished:
                        return
                left = deadline - time.monotonic()
                if left <= 0:
                    self.kill()
                    raise QueryLimitError(f"the query ran past the time-out of {limits.timeout:g} s and was "
                                          "stopped (--timeout)")
                if _resident_mb(process.pid) > limits.max_memory_mb:
                    self.kill()
                    raise QueryLimitError(f"the query used more than {limits.max_memory_mb} MB of memory and was "
                                          "stopped (--max-memory)")
                if selector.select(timeout=min(left, 0.05)):
                    chunk = os.read(fd, 1 << 16)
                    if not chunk:
                        code = process.wait()
                        self.process = None
                        raise QueryError(f"the query worker stopped unexpectedly (exit {code}); "
                                         "the query was not answered")
                    self._buffer += chunk
                    if len(self._buffer) > MAX_LINE_BYTES and b"\n" not in self._buffer:
                        self._too_wide()
        except BaseException:
            # a consumer that stops early leaves the worker mid-reply: stop it
            if self.process is not None and not finished:
                self.kill()
            raise
        finally:
            selector.close()


    def _too_wide(self):
        self.kill()
        raise QueryLimitError(f"one row of the answer is larger than {MAX_LINE_BYTES:,} bytes; the query was stopped")


def _resident_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def stream_sparql(gs: GraphStore, text: str, *, include_restricted: bool = False,
                  limits: Limits | None = None, worker: QueryWorker | None = None):
    """Run a free query through the guarded path; yield its header, then its rows.

    The first item is ``("ask", bool)``, ``("select", [names])`` or ``("construct", None)``;
    each one after is a list of pyoxigraph terms (or None for unbound). Raises
    QueryRefusedError before anything runs, QueryLimitError when a limit stops it.
    """
    limits = limits or Limits()
    check_text(text, limits)
    request = {"db": str(gs.db_path_for(include_restricted)), "query": text, "prefixes": vocab.PREFIXES,
               "graphs": [g.value for g in gs.graphs(include_restricted)],
               "max_rows": limits.max_rows, "max_depth": limits.max_depth}
    own = worker is None
    worker = worker or QueryWorker()
    try:
        for value in worker.lines(request, limits):
            if isinstance(value, list):
                yield [_term(c) for c in value]
            elif "error" in value:
                message = value["message"]
                if value["error"] == "refused":
                    raise QueryRefusedError(message)
                if value["error"] == "syntax":
                    raise QueryError(message if message.startswith("SPARQL syntax error")
                                     else sparql_syntax_message(message))
                raise QueryError(f"query failed: {message}")
            elif "ask" in value:
                yield ("ask", value["ask"])
            elif "select" in value:
                yield ("select", value["select"])
            elif "construct" in value:
                yield ("construct", None)
            elif "capped" in value:
                raise QueryLimitError(f"the answer has more than {limits.max_rows} rows and was stopped at the "
                                      "row cap (add LIMIT, or raise --max-rows)")
    finally:
        if own:
            worker.close()


def query_sparql(gs: GraphStore, text: str, *, include_restricted: bool = False, limits: Limits | None = None,
                 worker: QueryWorker | None = None, fmt: str | None = None) -> SparqlResult:
    """Run read-only SPARQL through the guarded path; the whole answer as terms.

    With ``fmt`` (a name of :data:`governance.query.results.CLI_FORMATS`) a format that
    does not fit the kind of query (turtle of a SELECT, csv of a CONSTRUCT) is a
    UsageError as soon as the kind is known, before any row is read.
    """
    stream = stream_sparql(gs, text, include_restricted=include_restricted, limits=limits, worker=worker)
    kind, header = next(stream)
    if fmt is not None:
        try:
            result_format(kind, fmt)
        except UsageError:
            stream.close()  # no row is read: the worker is stopped mid-reply
            raise
    if kind == "ask":
        return SparqlResult("ask", boolean=bool(header))
    if kind == "construct":
        return SparqlResult("construct", rows=list(stream))
    return SparqlResult("select", variables=list(header), rows=list(stream))


def sparql_answer(result: SparqlResult, gs: GraphStore, project: Project, include_restricted: bool = False) -> Answer:
    """A SELECT's result as an Answer (entity cells with their labels) for the table."""
    index = label_index(gs, project, include_restricted)
    rows = []
    for solution in result.rows:
        row = {}
        for name, term in zip(result.variables, solution):
            if term is None:
                continue
            if isinstance(term, ox.NamedNode):
                row[name] = Entity(term.value, index.labels.get(term.value, term.value))
            else:
                try:
                    row[name] = to_python(term)
                except (ValueError, ArithmeticError):  # an ill-typed literal the query made
                    row[name] = term.value
        rows.append(row)
    return Answer(query="sparql", params={}, at=None, columns=list(result.variables), rows=rows)


def run_sparql(gs: GraphStore, project: Project, text: str, *, include_restricted: bool = False,
               limits: Limits | None = None, worker: QueryWorker | None = None):
    """Run read-only SPARQL: an Answer for SELECT, a bool for ASK, N-Triples for graphs.

    At most ``limits.max_rows`` rows are ever held here: the rows stream from the worker,
    and one more than the cap stops the query. For the W3C result formats use
    :func:`query_sparql` and :meth:`SparqlResult.serialize`.
    """
    result = query_sparql(gs, text, include_restricted=include_restricted, limits=limits, worker=worker)
    if result.kind == "ask":
        return result.boolean
    if result.kind == "construct":
        return result.serialize("ntriples").decode("utf-8")
    return sparql_answer(result, gs, project, include_restricted)


def read_query_text(argument: str) -> str:
    """The query from the argument, a file path, or '-' for standard input."""
    if argument == "-":
        return sys.stdin.read()
    path = Path(argument)
    if len(argument) < 4096 and path.suffix in (".rq", ".sparql") and path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the query file {argument}: {getattr(exc, 'strerror', None) or exc}") from None
    return argument
