"""`governance brief`: the PCC-candidate briefing pack, as HTML or PDF."""
from __future__ import annotations

import sys
import time

import click

from .options import at_date, include_restricted


class DelayedBar:
    """A progress bar on a terminal, shown only once the work has taken ``delay`` seconds;
    nothing at all when the output is not a terminal."""

    def __init__(self, label: str, delay: float = 2.0, stream=None):
        self.label, self.delay = label, delay
        self.stream = stream or sys.stderr
        self.enabled = sys.stdout.isatty() and self.stream.isatty()
        self.total, self.done, self.began, self.bar = 0, 0, time.monotonic(), None

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, what: str) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.began >= self.delay:
            self.bar = click.progressbar(length=max(self.total, self.done), label=self.label, file=self.stream,
                                         show_pos=True)
            self.bar.__enter__()
            self.bar.update(self.done - 1)
        if self.bar is not None:
            self.bar.update(1)

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


@click.command()
@click.option("--area", metavar="AREA", help="The area the pack covers (default: the graph's home area, e.g. LLR).")
@at_date
@click.option("--since", metavar="DATE", help="List changes from DATE (default: one year before --at).")
@include_restricted
@click.option("-o", "--output", metavar="FILE", required=True, help="Where to write: FILE.html or FILE.pdf.")
@click.pass_obj
def brief(obj, area, at, since, include_restricted, output):
    """Write the PCC-candidate briefing pack: summary, landscape diagrams, every board
    and partnership, the CSPs and their allocations, funding tables, transfers to the
    PCC, criminal justice and safeguarding, changes, review findings, acronyms and
    numbered source notes. A .pdf is printed by headless Chromium.

    \b
    Examples:
      governance brief --at 2012-11-01 -o pack.pdf
      governance brief --at 2019-11-06 --since 2018-01-01 -o pack.html
    """
    from ..reports.brief import build_brief, render_brief
    from ..reports.pdf import check_output, write_document

    check_output(output)
    bar = DelayedBar("building the pack")
    try:
        data = build_brief(obj.open(), obj.project, area=area, at=at, since=since,
                           include_restricted=include_restricted, progress=bar)
    finally:
        bar.finish()
    path = write_document(render_brief(data), output)
    click.echo(f"{path}: briefing pack, {data['area']}, as of {data['at'] or 'the latest state known'}"
               f"{', with restricted facts' if include_restricted else ''}")
