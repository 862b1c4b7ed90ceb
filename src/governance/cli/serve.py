"""`governance serve`: the web explorer and the SPARQL endpoint on one port."""
from __future__ import annotations

import click

from .options import include_restricted


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (only this machine unless you give another).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@include_restricted
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=10.0, show_default=True,
              metavar="SECONDS", help="Stop a /sparql query after this long.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Stop a /sparql query whose answer has more rows than this.")
@click.pass_obj
def serve(obj, host, port, include_restricted, timeout, max_rows):
    """Serve the explorer (search, body pages, question forms, review, JSON API) and
    /sparql (SPARQL 1.1 Protocol, read-only) on HOST:PORT.

    \b
    Examples:
      governance serve
      governance serve --port 8080
    """
    from ..query.sparql import Limits
    from ..web.app import serve as run_server

    gs = obj.open()
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: other machines can reach it", err=True)
    click.echo(f"serving on http://{host}:{port}/ (SPARQL at /sparql); Ctrl-C stops", err=True)
    run_server(gs, obj.project, host=host, port=port, include_restricted=include_restricted,
               limits=Limits(timeout=timeout, max_rows=max_rows), log_level="warning")
