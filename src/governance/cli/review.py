"""`governance review`: compliance findings by severity, with evidence."""
from __future__ import annotations

import click

from .options import at_date, include_restricted


@click.command()
@at_date
@click.option("--format", "fmt", type=click.Choice(["table", "json", "html"]), default="table", show_default=True,
              help="Output format.")
@include_restricted
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout; html: FILE.html or FILE.pdf "
                                                     "(the report with a diagram per finding, printed by Chromium).")
@click.pass_context
def review(ctx, at, fmt, include_restricted, output):
    """Check the structure against the compliance shapes (ontology/shapes/compliance.ttl).

    Findings are grouped by severity (violation, warning, info), each with the body it
    is about, the message, the shape and what it cites, and the evidence: the quotes
    of the facts involved and, for inferred facts, the rule and premises.
    Exit 0 with no violation, 1 with violations, 2 on error.

    \b
    Examples:
      governance review
      governance review --at 2013-06-01 --format json
      governance review --format html -o review.pdf
    """
    from ..rules.review import review as run_review

    obj = ctx.obj
    if output and fmt == "html":
        from ..reports.pdf import check_output

        check_output(output)
    gs = obj.open()
    result = run_review(gs, obj.project, at=at, include_restricted=include_restricted)
    if fmt == "html":
        from ..reports.review_report import finding_figures, render_review_report

        figures = finding_figures(gs, obj.project, result, include_restricted) if output else {}
        text = render_review_report(result, figures, include_restricted=include_restricted)
    else:
        from ..rules.review_format import render

        text = render(result, fmt)
    if output:
        from ..reports.pdf import write_document

        if fmt != "html":
            from pathlib import Path

            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            write_document(text, output)
        click.echo(f"{output}: governance review, {len(result.findings)} findings", err=True)
    else:
        click.echo(text)
    ctx.exit(result.exit_code)
