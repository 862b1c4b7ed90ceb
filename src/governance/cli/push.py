"""`governance push URL`: load the graph into a SPARQL store (Graph Store Protocol)."""
from __future__ import annotations

import click

from .options import include_restricted


@click.command()
@click.argument("url")
@include_restricted
@click.option("--user", envvar="GOVERNANCE_PUSH_USER", metavar="NAME",
              help="User for an authenticated Graph Store endpoint. Env: GOVERNANCE_PUSH_USER.")
@click.option("--password", envvar="GOVERNANCE_PUSH_PASSWORD", metavar="TEXT",
              help="Its password (better given by the environment). Env: GOVERNANCE_PUSH_PASSWORD.")
@click.pass_obj
def push(obj, url, include_restricted, user, password):
    """Load the curated and inferred graphs into the Graph Store Protocol endpoint URL,
    each into its own named graph, replacing what was there; the restricted graphs only
    with --include-restricted. Then answer from it with --endpoint.

    \b
    Examples:
      governance push http://127.0.0.1:7878/store
      governance --endpoint http://127.0.0.1:7878/query ask reports-to SPB
      governance push http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
    """
    from ..store.push import push as push_graphs

    if getattr(obj, "endpoint", None):
        from ..errors import UsageError

        raise UsageError("push loads the local build: leave out --endpoint (GOVERNANCE_ENDPOINT)")
    pushed = push_graphs(obj.open(), url, include_restricted=include_restricted, user=user, password=password)
    for item in pushed:
        click.echo(f"{item.graph}: {item.triples} triples")
    click.echo(f"pushed {sum(p.triples for p in pushed)} triples in {len(pushed)} graphs to {url}"
               f"{'' if include_restricted else ' (restricted graphs left out)'}")
