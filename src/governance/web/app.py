"""The web explorer: search, a page per body, the catalogue's questions as forms, the
review, a JSON API that mirrors `ask`, and `/sparql` (the SPARQL 1.1 Protocol).

Every page honours ``?at=YYYY-MM-DD`` (the as-of control in the header keeps it on every
link). Nothing restricted is served unless the server was started with
``--include-restricted``; no request can ask for it. Errors are one clear page (or JSON
object) with the status code that fits; a traceback is never sent to the client, only
logged.
"""
from __future__ import annotations

import logging
import queue
import re
import threading
from collections import OrderedDict
from pathlib import Path
from urllib.parse import urlencode

from .. import vocab
from ..errors import (AmbiguousNameError, GovernanceError, QueryLimitError, StoreError,
                      UnknownNameError, UsageError)
from ..values import Entity, Money

log = logging.getLogger("governance.web")
STATIC = Path(__file__).with_name("static")
LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*(?:/[A-Za-z0-9][A-Za-z0-9._~-]*)*$")
QUERY_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
VIEWS = ("reporting", "funding", "duties", "membership")
PAGE_CACHE = 256


def status_of(exc: Exception) -> int:
    """The HTTP status of a library error."""
    if hasattr(exc, "status"):
        return exc.status
    if isinstance(exc, UnknownNameError):
        return 404
    if isinstance(exc, AmbiguousNameError):
        return 409
    if isinstance(exc, QueryLimitError):
        return 413 if "row cap" in str(exc) else 503
    if isinstance(exc, StoreError):
        return 503
    return 400  # usage errors, refused or malformed queries


def body_path(iri: str) -> str:
    """The explorer's page of a thing.

    >>> body_path("https://w3id.org/govgraph/id/llr/spb")
    '/body/llr/spb'
    """
    if iri.startswith(vocab.ID) and LOCAL_ID.match(iri[len(vocab.ID):]):
        return "/body/" + iri[len(vocab.ID):]
    return "/body?" + urlencode({"id": iri})


class Explorer:
    """The state one server shares between requests: the store, the project, workers."""

    def __init__(self, gs, project, *, include_restricted: bool = False, limits=None, workers: int = 2):
        from ..query.sparql import Limits

        self.gs, self.project, self.include_restricted = gs, project, include_restricted
        self.limits = limits or Limits(timeout=10.0, max_rows=10_000)
        self.workers: queue.Queue = queue.Queue()
        self.worker_count = workers
        self._made = 0
        # the store is read-only while it is served: a page made once is the same page
        # until the server stops (most recently used kept)
        self._pages: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def cached(self, key: tuple, make):
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
        value = make()
        with self._lock:
            self._pages[key] = value
            while len(self._pages) > PAGE_CACHE:
                self._pages.popitem(last=False)
        return value

    # -- shared pieces --------------------------------------------------------------
    def worker(self):
        from ..query.sparql import QueryWorker

        try:
            return self.workers.get_nowait()
        except queue.Empty:
            if self._made < self.worker_count:
                self._made += 1
                return QueryWorker()
            return self.workers.get(timeout=60)

    def close(self):
        while True:
            try:
                self.workers.get_nowait().close()
            except queue.Empty:
                return

    def render(self, name: str, data: dict, status: int = 200, at: str | None = None, request=None):
        from starlette.responses import HTMLResponse

        from ..reports.templating import environment, stylesheet

        env = environment()
        kept = [(k, v) for k, v in request.query_params.multi_items() if k != "at"] if request else []
        latest = (request.url.path if request else "/") + ("?" + urlencode(kept) if kept else "")
        page = env.get_template(name).render(**data, at=at, kept_params=kept, latest_href=latest, css=stylesheet() + stylesheet("web.css"),
                                             include_restricted=self.include_restricted, link=_linker(at),
                                             body_path=body_path, cell=_cell_html, vocab=vocab)
        return HTMLResponse(page, status_code=status)

    def svg(self, diagram, n: int = 1) -> str:
        from ..reports.model import inline_svg
        from ..render.diagram import graphviz_available, render

        if not graphviz_available() or not diagram.nodes:
            return ""
        return inline_svg(render(diagram, "svg").decode("utf-8"), n)

    def catalogue(self) -> dict:
        from ..query.catalogue import catalogue

        return catalogue(self.project.queries_dir)


def _linker(at: str | None):
    def link(path: str, **params) -> str:
        params = {k: v for k, v in params.items() if v not in (None, "", False)}
        if at:
            params.setdefault("at", at)
        if not params:
            return path
        return path + ("&" if "?" in path else "?") + urlencode(params, doseq=True)
    return link


def _cell_html(value) -> dict:
    """What a page prints of one answer cell: text, and a link for a thing."""
    if isinstance(value, Entity):
        return {"text": value.label, "href": body_path(value.id) if value.id.startswith(vocab.ID) else None,
                "title": value.id}
    if isinstance(value, list):
        return {"parts": [_cell_html(v) for v in value]}
    if isinstance(value, Money):
        return {"text": str(value), "money": True}
    if isinstance(value, str) and value.startswith("http://www.legislation.gov.uk/"):
        from ..reports.model import legislation_url

        return {"text": value.rsplit("/id/", 1)[-1], "href": legislation_url(value)}
    return {"text": "" if value is None else str(value)}


def read_at(request) -> str | None:
    from ..query.asof import parse_date

    values = request.query_params.getlist("at")
    if len(values) > 1:
        raise UsageError("give one as-of date (at=), not several")
    value = (values[0] if values else "").strip()
    return parse_date(value) if value else None


def one_param(request, name: str, default=None):
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise UsageError(f"give one {name}=, not several")
    return values[0] if values else default


def flag(request, name: str) -> bool:
    value = (one_param(request, name, "") or "").lower()
    if value in ("", "0", "false", "no", "off"):
        return False
    if value in ("1", "true", "yes", "on"):
        return True
    raise UsageError(f"{name}= takes true or false, not '{value}'")


def create_app(gs, project, *, include_restricted: bool = False, limits=None, workers: int = 2):
    """The Starlette application over one opened store (embedded or remote)."""
    from contextlib import asynccontextmanager

    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    from . import pages

    ex = Explorer(gs, project, include_restricted=include_restricted, limits=limits, workers=workers)

    def wants_json(request) -> bool:
        path = request.url.path
        if path.startswith("/api/"):
            return True
        return path == "/sparql" and "text/html" not in request.headers.get("accept", "")

    def error_response(request, status: int, message: str):
        if wants_json(request):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        if request.url.path == "/sparql":
            return Response(f"error: {message}\n", status_code=status, media_type="text/plain; charset=utf-8")
        try:
            at = read_at(request)
        except GovernanceError:
            at = None
        return ex.render("web_error.html", {"status": status, "message": message}, status, at, request)

    async def governance_error(request, exc):
        return error_response(request, status_of(exc), " ".join(str(exc).split()))

    async def http_error(request, exc):
        messages = {404: "there is no such page", 405: "that method is not allowed here"}
        return error_response(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)))

    async def server_error(request, exc):
        log.exception("error while answering %s", request.url.path)
        return error_response(request, 500, "the server could not answer this request (the error is logged)")

    @asynccontextmanager
    async def lifespan(app):
        yield
        ex.close()

    routes = [
        Route("/", pages.home(ex)),
        Route("/search", pages.search(ex)),
        Route("/body", pages.body(ex)),
        Route("/body/{local:path}", pages.body(ex)),
        Route("/diagram/{view}.svg", pages.diagram(ex)),
        Route("/query", pages.queries(ex)),
        Route("/query/{name}", pages.question(ex)),
        Route("/review", pages.review(ex)),
        Route("/sparql", pages.sparql(ex), methods=["GET", "POST"]),
        Route("/api/queries", pages.api_queries(ex)),
        Route("/api/search", pages.api_search(ex)),
        Route("/api/ask/{name}", pages.api_ask(ex)),
        Route("/api/show", pages.api_show(ex)),
        Route("/static/{name}", pages.static(ex)),
    ]
    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={GovernanceError: governance_error, HTTPException: http_error,
                                        Exception: server_error, 500: server_error})
    app.state.explorer = ex
    return app


def serve(gs, project, *, host: str = "127.0.0.1", port: int = 8000, include_restricted: bool = False,
          limits=None, log_level: str = "info") -> None:
    """Run the explorer with uvicorn until interrupted."""
    import uvicorn

    app = create_app(gs, project, include_restricted=include_restricted, limits=limits)
    uvicorn.run(app, host=host, port=port, log_level=log_level, server_header=False)
