"""`governance export`: the graph in the ecosystem's formats (RDF, JSON-LD, GraphML,
Cytoscape.js, CSV, 360Giving, Popolo)."""
from __future__ import annotations

import sys

import click

from .options import at_date, include_restricted

FORMAT_NAMES = ("turtle", "trig", "nquads", "jsonld", "graphml", "cytoscape", "csv", "360giving", "popolo")


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), required=True, help="The format to write.")
@click.option("-o", "--output", metavar="FILE",
              help="Where to write (default: standard output). CSV: a folder (one file per relation kind) or a .zip.")
@at_date
@include_restricted
@click.pass_obj
def export(obj, fmt, output, at, include_restricted):
    """Write the whole graph in FORMAT: turtle, trig and nquads (every graph named),
    jsonld (with ontology/context.jsonld), graphml (networkx, igraph, Gephi, yEd),
    cytoscape (Cytoscape.js), csv (one file per relation kind), 360giving (one grant
    per funding flow), popolo (organizations, memberships, posts, persons).

    With --at, the structured formats hold what is known on that day; without it,
    every fact with its dates.

    \b
    Examples:
      governance export --format trig -o llr.trig
      governance export --format 360giving --at 2018-06-01 -o grants.json
      governance export --format csv -o llr-csv/
    """
    from ..errors import UsageError
    from ..interchange.export import export as make_export
    from ..interchange.export import write_export

    if fmt == "csv" and not output:
        raise UsageError("CSV is one file per relation kind: say where with -o FOLDER or -o FILE.zip")
    result = make_export(obj.open(), obj.project, fmt, at=at, include_restricted=include_restricted)
    if output:
        written = write_export(result, output)
        click.echo(f"{fmt}: wrote {', '.join(str(p) for p in written)}", err=True)
    else:
        sys.stdout.buffer.write(result.data)
