"""`governance review`: compliance findings by severity, with evidence."""
from __future__ import annotations

import click

from .options import at_date, include_restricted


@click.command()
@at_date
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True,
              help="Output format.")
@include_restricted
@click.pass_context
def review(ctx, at, fmt, include_restricted):
    """Check the structure against the compliance shapes (ontology/shapes/compliance.ttl).

    Findings are grouped by severity (violation, warning, info), each with the body it
    is about, the message, the shape and what it cites, and the evidence: the quotes
    of the facts involved and, for inferred facts, the rule and premises.
    Exit 0 with no violation, 1 with violations, 2 on error.

    \b
    Examples:
      governance review
      governance review --at 2013-06-01 --format json
      governance review --format html > review.html
    """
    from ..rules.review import review as run_review
    from ..rules.review_format import render

    obj = ctx.obj
    result = run_review(obj.open(), obj.project, at=at, include_restricted=include_restricted)
    click.echo(render(result, fmt))
    ctx.exit(result.exit_code)
