"""`governance diagram`: draw a body's reporting, funding, duties or memberships, or the
landscape of an area, to a file whose extension picks the format."""
from __future__ import annotations

import click

from .options import at_date, include_restricted

VIEW_HELP = "reporting, funding, duties, membership or landscape."


@click.command()
@click.argument("body", required=False)
@click.option("--view", default="reporting", show_default=True, metavar="VIEW", help=f"What to draw: {VIEW_HELP}")
@click.option("--depth", metavar="N", help="Steps to walk from BODY (landscape: levels from the top). "
                                           "Default: all levels for reporting, 1 for the others, 3 for landscape.")
@click.option("--up", "direction", flag_value="up", help="Only upwards: what BODY reports to, its funders, "
                                                         "what it is a member of, its duties.")
@click.option("--down", "direction", flag_value="down", help="Only downwards: what reports to BODY, what it funds, "
                                                             "its members, a duty's holders.")
@click.option("--both", "direction", flag_value="both", help="Up and down (the default).")
@click.option("--include-advice", is_flag=True,
              help="Reporting view: also draw advice and peer priority relationships (not accountability).")
@at_date
@include_restricted
@click.option("-o", "--output", metavar="FILE",
              help="Where to write: .svg .png .pdf .dot (Graphviz), .mmd .graphml .json (no Graphviz needed).")
@click.pass_obj
def diagram(obj, body, view, depth, direction, include_advice, at, include_restricted, output):
    """Draw BODY's structure (or, with --view landscape, an area's: BODY is then an area
    such as LLR, or left out) to FILE.

    \b
    Examples:
      governance diagram SPB --view reporting -o spb.svg
      governance diagram UAVA --view funding --at 2016-01-01 -o uava.png
      governance diagram "Safer Rutland Partnership" --view membership -o srp.mmd
      governance diagram --view landscape -o llr.pdf
      governance diagram LLR --view landscape --depth 2 -o llr.svg
    """
    from ..errors import UsageError
    from ..render.diagram import check_output, write
    from ..render.views import build_view, check_options

    if not output:
        raise UsageError("say where to draw: -o FILE (.svg .png .pdf .dot .mmd .graphml .json)")
    check_options(view, depth, direction, at)  # one clear line before any work
    check_output(output)
    drawn = build_view(obj.open(), obj.project, view, body, depth=depth, direction=direction, at=at,
                       include_restricted=include_restricted, include_advice=include_advice)
    write(drawn, output)
    click.echo(f"{output}: {drawn.title}, {len(drawn.nodes)} bodies, {len(drawn.links)} lines")
