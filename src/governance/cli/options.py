"""Option decorators shared by every command that answers (sqlite-utils style)."""
from __future__ import annotations

import click

from ..query.answer import FORMATS


def output_format(func):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(func)


def at_date(func):
    return click.option("--at", "at", metavar="DATE",
                        help="Answer as the structure stood on DATE (YYYY-MM-DD); default: the latest state known.")(func)


def include_restricted(func):
    return click.option("--include-restricted", is_flag=True,
                        help="Include facts from restricted/exempt items (LGA 1972 Sch. 12A).")(func)
