"""Dates and the as-of semantics: what an answer about a day may contain.

A body answers nothing on a day before it began or after it ended, and says so; asked
with no day about a body that has ended, the answer is as of its last day.

>>> parse_date("2012-09-01")
'2012-09-01'
"""
from __future__ import annotations

from ..values import iso_date


def parse_date(value) -> str:
    """A day given by a user or a caller (ISO text or ``datetime.date``) as ISO text."""
    return iso_date(value)


def life_notes(label: str, life: dict, at: str | None,
               doing: str = "answering") -> tuple[str | None, bool, list[str]]:
    """The day to answer for a body with the given life (``from``/``until``), whether it
    is absent on that day, and the notes that say why (``doing``: "answering", "drawn").

    >>> life_notes("CSPB", {"until": "2012-08-31"}, None)
    ('2012-08-31', False, ['CSPB ended on 2012-08-31; answering as of that day'])
    >>> life_notes("SPB", {"from": "2012-09-01"}, "2012-01-01")[1:]
    (True, ['SPB did not exist yet on 2012-01-01 (it began on 2012-09-01)'])
    """
    if at is None and life.get("until"):
        return life["until"], False, [f"{label} ended on {life['until']}; {doing} as of that day"]
    if at and life.get("from") and at < life["from"]:
        return at, True, [f"{label} did not exist yet on {at} (it began on {life['from']})"]
    if at and life.get("until") and at > life["until"]:
        return at, True, [f"{label} no longer existed on {at} (it ended on {life['until']})"]
    return at, False, []
