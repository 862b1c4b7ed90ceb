"""The explorer's routes: each reads its parameters, calls the library, renders a page
or JSON. Every handler is a plain function (Starlette runs it in a worker thread)."""
from __future__ import annotations

import json

from .. import vocab
from ..errors import GovernanceError, UsageError
from .app import LOCAL_ID, QUERY_NAME, STATIC, VIEWS, Explorer, body_path, flag, one_param, read_at

ASK_OPTIONS = {"transitive", "why", "stated-only", "include-advice", "from", "to", "at", "format", "run"}


def _json(data, status: int = 200):
    from starlette.responses import Response

    return Response(json.dumps(data, ensure_ascii=False, indent=2), status_code=status,
                    media_type="application/json")


def _not_found(what: str):
    from ..errors import UnknownNameError

    return UnknownNameError(what)


def home(ex: Explorer):
    def page(request):
        at = read_at(request)
        return ex.render("web_home.html", {"queries": list(ex.catalogue().values()), "title": "Explorer"},
                         at=at, request=request)
    return page


def search(ex: Explorer):
    def page(request):
        from ..query.ask import ask

        at = read_at(request)
        text = (one_param(request, "q", "") or "").strip()
        rows = ask(ex.gs, ex.project, "search", [text], include_restricted=ex.include_restricted).rows if text else []
        return ex.render("web_search.html", {"q": text, "rows": rows, "title": f"Search: {text}"},
                         at=at, request=request)
    return page


def _iri(request) -> str:
    local = request.path_params.get("local")
    if local is None:
        iri = one_param(request, "id")
        if not iri:
            raise UsageError("which body? give /body/<id> or /body?id=<IRI>")
        return iri
    if not LOCAL_ID.match(local) or ".." in local.split("/"):
        raise _not_found(f"there is no body '{local}'")
    return vocab.ID + local


def _resolve_thing(ex: Explorer, iri: str):
    from ..query.resolve import label_index

    index = label_index(ex.gs, ex.project, ex.include_restricted)
    if iri not in index.labels:
        raise _not_found(f"there is no body with the id {iri}")
    return index


def body(ex: Explorer):
    def page(request):
        at = read_at(request)
        view = one_param(request, "view", "reporting")
        if view not in VIEWS:
            raise UsageError(f"unknown view '{view}': use one of {', '.join(VIEWS)}")
        iri = _iri(request)
        _resolve_thing(ex, iri)
        data = ex.cached(("body", iri, at, view), lambda: _body_data(ex, iri, at, view))
        return ex.render("web_body.html", data, at=at, request=request)
    return page


def _body_data(ex: Explorer, iri: str, at: str | None, view: str) -> dict:
    """What a body page shows: the `show` profile, each section's rows with their links
    and evidence, the diagram of one view and the body's own quotes."""
    from ..query.ask import ask
    from ..query.facts import evidence_for
    from ..query.profile import SECTIONS, profile
    from ..render.views import build_view

    data = profile(ex.gs, ex.project, iri, at=at, include_restricted=ex.include_restricted)
    sections = []
    for title, query, key, extras in SECTIONS:
        if title not in data["sections"]:
            continue
        answer = ask(ex.gs, ex.project, query, [iri], at=at, why=True, include_restricted=ex.include_restricted)
        rows = [r for r in answer.rows if query != "chain" or r.get("depth") == 1]
        items = []
        for row in rows:
            name = next((k for k in key.split("|") if row.get(k)), None)
            if name is None:
                continue
            held = query == "members" and getattr(row.get("role"), "id", None) == vocab.GOV + "OfficeHolder"
            items.append({"thing": row[name],
                          "extras": [row[x] for x in extras if row.get(x) is not None and x != name],
                          "from": row.get("from"), "until": row.get("until"), "status": row.get("status"),
                          "last_stated": row.get("last_stated"), "evidence": row.get("evidence", []),
                          "derivation": row.get("derivation", []), "held": held})
        held = [i for i in items if i["held"]]
        if held:
            sections.append({"title": "Held by", "query": query, "items": held, "totals": {}})
        sections.append({"title": title, "query": query, "items": [i for i in items if not i["held"]],
                         "totals": answer.totals})
    figure, figure_note = "", None
    try:
        drawn = build_view(ex.gs, ex.project, view, iri, depth=1 if view == "reporting" else None, at=at,
                           include_restricted=ex.include_restricted)
        figure = ex.svg(drawn)
        figure_note = f"{drawn.title}: {len(drawn.nodes)} bodies, {len(drawn.links)} links"
    except GovernanceError as exc:
        figure_note = str(exc)
    evidence = evidence_for(ex.gs, ex.project, iri, ex.include_restricted)
    return {"p": data, "sections": sections, "figure": figure, "figure_note": figure_note, "view": view,
            "views": VIEWS, "evidence": evidence, "iri": iri, "title": data["label"]}


def diagram(ex: Explorer):
    def page(request):
        from starlette.responses import Response

        from ..render.diagram import render
        from ..render.views import build_view

        at = read_at(request)
        view = request.path_params["view"]
        if view not in VIEWS:
            raise _not_found(f"there is no {view} view")
        iri = one_param(request, "id")
        if not iri:
            raise UsageError("which body? give id=<IRI>")
        _resolve_thing(ex, iri)
        drawn = build_view(ex.gs, ex.project, view, iri, at=at, include_restricted=ex.include_restricted)
        return Response(render(drawn, "svg"), media_type="image/svg+xml")
    return page


def queries(ex: Explorer):
    def page(request):
        at = read_at(request)
        return ex.render("web_queries.html", {"queries": list(ex.catalogue().values()),
                                              "title": "Questions"}, at=at, request=request)
    return page


def _ask_request(ex: Explorer, request, name: str):
    """The ask() call a form or API request makes (None when the form is not filled)."""
    from ..query.ask import ask

    if not QUERY_NAME.match(name) or name not in ex.catalogue():
        raise _not_found(f"there is no question named '{name}' (see /query)")
    query = ex.catalogue()[name]
    known = {p.name for p in query.params} | ASK_OPTIONS
    unknown = sorted(set(request.query_params.keys()) - known)
    if unknown:
        raise UsageError(f"'{name}' takes no parameter {', '.join(unknown)}= (it takes "
                         f"{', '.join(sorted(known - {'run', 'format'}))})")
    args = [(one_param(request, p.name, "") or "").strip() for p in query.params]
    if not all(args) and not one_param(request, "run"):
        return query, None
    missing = [p.name for p, a in zip(query.params, args) if not a]
    if missing:
        raise UsageError(f"'{name}' needs {', '.join(missing)}")
    at = read_at(request)
    options = {}
    for option in ("from", "to"):
        value = (one_param(request, option, "") or "").strip()
        options[option] = value or None
    options["include-advice"] = flag(request, "include-advice") or None
    answer = ask(ex.gs, ex.project, name, args, at=at, transitive=flag(request, "transitive"),
                 why=flag(request, "why"), stated_only=flag(request, "stated-only"),
                 include_restricted=ex.include_restricted, options=options)
    return query, answer


def question(ex: Explorer):
    def page(request):
        from ..render.answer import answer_diagram

        at = read_at(request)
        name = request.path_params["name"]
        query, answer = _ask_request(ex, request, name)
        figure = ""
        if answer is not None and answer.rows and query.name != "search":
            try:
                figure = ex.svg(answer_diagram(ex.gs, ex.project, answer, ex.include_restricted))
            except GovernanceError:
                figure = ""
        values = {k: v for k, v in request.query_params.items() if k not in ("format", "run")}
        return ex.render("web_question.html", {"q": query, "answer": answer, "figure": figure, "values": values,
                                               "title": query.summary or query.name,
                                               "download": lambda fmt: f"/api/ask/{name}?" + _encode(values, fmt)},
                         at=at, request=request)
    return page


def _encode(values: dict, fmt: str) -> str:
    from urllib.parse import urlencode

    return urlencode({**values, "format": fmt})


def review(ex: Explorer):
    cache: dict = {}

    def page(request):
        from ..rules.review import SEVERITIES
        from ..rules.review import review as run_review

        at = read_at(request)
        if at not in cache:
            if len(cache) > 32:
                cache.clear()
            cache[at] = run_review(ex.gs, ex.project, at=at, include_restricted=ex.include_restricted)
        result = cache[at]
        groups = [(s, [f for f in result.findings if f.severity == s]) for s in SEVERITIES]
        if one_param(request, "format") == "json":
            return _json(result.to_json())
        return ex.render("web_review.html", {"review": result, "counts": result.counts(),
                                             "groups": [g for g in groups if g[1]], "title": "Review"}, at=at, request=request)
    return page


def sparql(ex: Explorer):
    async def page(request):
        from starlette.concurrency import run_in_threadpool

        body = await request.body() if request.method == "POST" else b""
        return await run_in_threadpool(_sparql, ex, request, body)
    return page


def _sparql(ex: Explorer, request, body: bytes):
    from starlette.responses import Response

    from ..query.sparql import query_sparql
    from . import protocol

    params = protocol.read_request(request.method, request.headers.get("content-type"),
                                   request.url.query, body)
    accept = params["format"] or request.headers.get("accept")
    text = params["query"]
    if text is None:
        if protocol.negotiate(accept, {}, html=True) == "text/html":
            return ex.render("web_sparql.html", {"text": None, "title": "SPARQL"}, request=request)
        raise protocol.ProtocolError("give a query: GET /sparql?query=... or POST it (SPARQL 1.1 Protocol)")
    from ..store.remote import RemoteStore

    if isinstance(ex.gs, RemoteStore):
        raise protocol.ProtocolError("this server answers from a remote store: send SPARQL to that store's "
                                     "own endpoint", 501)
    worker = ex.worker()
    try:
        result = query_sparql(ex.gs, text, include_restricted=ex.include_restricted, limits=ex.limits,
                              worker=worker)
    finally:
        ex.workers.put(worker)
    kind = result.kind
    offered = protocol.GRAPH_TYPES if kind == "construct" else protocol.SOLUTION_TYPES
    if params["format"] and params["format"] not in offered and params["format"] != "text/html":
        accept = protocol.OTHER_KIND.get(params["format"]) or params["format"]
    media = protocol.negotiate(accept, offered, html=True)
    if media is None:
        raise protocol.ProtocolError(f"cannot answer in {accept}: this result is offered as "
                                     f"{', '.join(offered)}", 406)
    if media == "text/html":
        header = result.boolean if kind == "ask" else result.variables
        return ex.render("web_sparql.html", {"text": text, "kind": kind, "header": header, "rows": result.rows,
                                             "title": "SPARQL"}, request=request)
    data = protocol.write(result, media)
    charset = "; charset=utf-8" if media.startswith("text/") else ""
    return Response(data, media_type=media + charset, headers={"Vary": "Accept"})


def api_queries(ex: Explorer):
    def page(request):
        return _json([{"name": q.name, "summary": q.summary, "usage": q.usage(),
                       "params": [{"name": p.name, "kind": p.kind} for p in q.params],
                       "options": [{"name": o.name, "kind": o.kind} for o in q.options]}
                      for q in ex.catalogue().values()])
    return page


def api_search(ex: Explorer):
    def page(request):
        from ..query.resolve import label_index

        text = (one_param(request, "q", "") or "").strip()
        if len(text) > 200:
            raise UsageError("the search text is longer than 200 characters")
        limit = one_param(request, "limit", "8")
        if not limit.isdigit() or not 1 <= int(limit) <= 50:
            raise UsageError(f"limit= takes a whole number from 1 to 50, not '{limit}'")
        index = label_index(ex.gs, ex.project, ex.include_restricted)
        return _json(suggestions(index, text, int(limit)) if text else [])
    return page


def suggestions(index, text: str, limit: int) -> list[dict]:
    """What a search box suggests while a name is typed: names whose words start with
    the typed words (a body before its strategy or post), then the name index's matches."""
    from ..store.labels import normalise

    def kind(thing):
        return ", ".join(sorted(t.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for t in index.types.get(thing, ())))

    typed = normalise(text).split()
    found: dict[str, tuple] = {}
    for thing, names in index.names.items():
        if thing not in index.labels or not index.kind_ok(thing, "entity"):
            continue
        for name in names:
            words = normalise(name).split()
            if typed and all(any(w.startswith(t) for w in words) for t in typed):
                exact = words == typed
                starts = len(words) >= len(typed) and all(w.startswith(t) for w, t in zip(words, typed))
                rank = (0 if exact else 1 if starts else 2, len(name), index.labels[thing])
                found[thing] = min(found.get(thing, rank), rank)
    ordered = sorted(found, key=found.get)[:limit]
    if len(ordered) < limit:
        ordered += [m.id for m in index.search(text, limit=limit) if m.id not in found][:limit - len(ordered)]
    return [{"id": t, "label": index.labels[t], "href": body_path(t), "type": kind(t)} for t in ordered]


def api_ask(ex: Explorer):
    def page(request):
        from starlette.responses import Response

        from ..query.answer import render

        name = request.path_params["name"]
        fmt = one_param(request, "format", "json")
        if fmt not in ("json", "csv"):
            raise UsageError(f"unknown format '{fmt}': use json or csv")
        query, answer = _ask_request(ex, request, name)
        if answer is None:
            missing = [p.name for p in query.params if not one_param(request, p.name)]
            raise UsageError(f"'{name}' needs {', '.join(missing)}")
        if fmt == "csv":
            return Response(render(answer, "csv"), media_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
        return Response(render(answer, "json"), media_type="application/json")
    return page


def api_show(ex: Explorer):
    def page(request):
        from ..query.profile import profile

        at = read_at(request)
        iri = one_param(request, "id") or one_param(request, "name")
        if not iri:
            raise UsageError("which body? give id=<IRI> or name=<name>")
        return _json(profile(ex.gs, ex.project, iri, at=at, include_restricted=ex.include_restricted))
    return page


def static(ex: Explorer):
    files = {p.name: p for p in STATIC.iterdir() if p.is_file()}
    types = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8", ".png": "image/png",
             ".svg": "image/svg+xml"}

    def page(request):
        from starlette.responses import Response

        name = request.path_params["name"]
        if name not in files:  # a fixed list: no path from the request ever reaches the disk
            raise _not_found(f"there is no file '{name}'")
        path = files[name]
        return Response(path.read_bytes(), media_type=types.get(path.suffix, "application/octet-stream"),
                        headers={"Cache-Control": "max-age=3600"})
    return page

