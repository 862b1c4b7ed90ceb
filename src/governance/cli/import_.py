"""`governance import`: bodies, lines, memberships or funding from a CSV or XLSX file into
graph/ (checked, atomic), and the documented templates."""
from __future__ import annotations

import click

KINDS = ("bodies", "lines", "memberships", "funding")


@click.command(name="import")
@click.argument("kind", type=click.Choice(KINDS), required=False)
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--template", "template", type=click.Choice(KINDS), metavar="KIND",
              help="Print the CSV template of KIND (bodies, lines, memberships, funding) and stop.")
@click.option("--into", metavar="FILE.ttl",
              help="The Turtle file to write (default: graph/imported/KIND-<file name>.ttl); it must not exist.")
@click.option("--dry-run", is_flag=True, help="Check every row and the shapes, write nothing.")
@click.pass_obj
def import_command(obj, kind, file, template, into, dry_run):
    """Import KIND rows from FILE (.csv or .xlsx) into graph/ as Turtle.

    Every row needs its source (a seed file name, src:NNN or a citation URL) and the
    exact quote that states it. All rows are checked, and the graph with them against
    the data-model shapes, before anything is written; any problem writes nothing and
    is reported with its row, its column and what to do (exit 1).

    \b
    Examples:
      governance import --template funding > funding.csv
      governance import bodies new-bodies.xlsx
      governance import funding funding.csv --dry-run
    """
    from ..errors import UsageError
    from ..interchange.importer import ImportRowsError, import_rows
    from ..interchange.tabular import template_text

    if template:
        click.echo(template_text(template), nl=False)
        return
    if not kind or not file:
        raise UsageError("say what to import: governance import KIND FILE (or --template KIND)")
    try:
        result = import_rows(obj.open(), obj.project, kind, file, into, dry_run=dry_run)
    except ImportRowsError as exc:
        for line in exc.lines():
            click.echo(f"error: {line}", err=True)
        raise
    verb = "checked (dry run, nothing written)" if dry_run else f"wrote {obj.project.relative(result.path)}"
    click.echo(f"{kind}: {result.rows} rows, {result.triples} triples {verb}")
