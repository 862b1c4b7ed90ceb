"""`governance diff`: what changed in the structure between two days or two git
revisions of graph/ (bodies, lines, memberships, money)."""
from __future__ import annotations

import click

from .options import include_restricted, output_format


@click.command()
@click.option("--from", "from_date", metavar="DATE", help="The earlier day (YYYY-MM-DD).")
@click.option("--to", "to_date", metavar="DATE", help="The later day (YYYY-MM-DD).")
@click.option("--rev", metavar="A..B", help="Compare graph/ at two git revisions instead, e.g. HEAD~3..HEAD.")
@output_format
@include_restricted
@click.pass_obj
def diff(obj, from_date, to_date, rev, fmt, include_restricted):
    """Bodies, reporting lines, memberships and money added, removed or changed: as the
    structure stood on two days (--from D --to D), or in graph/ at two git revisions
    (--rev A..B; each built into a temporary store).

    \b
    Examples:
      governance diff --from 2012-01-01 --to 2013-06-01
      governance diff --rev HEAD~5..HEAD --format csv
    """
    from ..errors import UsageError
    from ..interchange.diff import diff_dates, diff_revisions
    from ..query.answer import render

    if rev and (from_date or to_date):
        raise UsageError("give either --from and --to, or --rev, not both")
    if rev:
        answer = diff_revisions(obj.project, rev, include_restricted)
    elif from_date and to_date:
        answer = diff_dates(obj.open(), obj.project, from_date, to_date, include_restricted)
    else:
        raise UsageError("say what to compare: --from DATE --to DATE, or --rev A..B")
    click.echo(render(answer, fmt))
