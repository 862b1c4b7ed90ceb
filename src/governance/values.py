"""The plain values every layer passes around: things, money and ISO dates.

>>> str(Money(Decimal("1500"), "GBP", "2018-04-01", "2019-03-31"))
'£1,500 (2018-04-01 to 2019-03-31)'
>>> iso_date("2012-09-01"), iso_date(dt.date(2013, 6, 1))
('2012-09-01', '2013-06-01')
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .errors import UsageError


@dataclass(frozen=True, order=True)
class Entity:
    id: str
    label: str

    def to_json(self) -> dict:
        return {"id": self.id, "label": self.label}

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Money:
    value: Decimal
    currency: str = "GBP"
    start: str | None = None
    end: str | None = None

    def to_json(self) -> dict:
        return {"value": json_number(self.value), "currency": self.currency, "from": self.start, "to": self.end}

    def __str__(self) -> str:
        text = pounds(self.value, self.currency)
        if self.start or self.end:
            text += f" ({self.start or '…'} to {self.end or '…'})"
        return text


def json_number(value: Decimal) -> int | float:
    """Whole amounts as integers, pence as floats: JSON numbers, never strings.

    >>> json_number(Decimal("231300")), json_number(Decimal("92313.33"))
    (231300, 92313.33)
    """
    return int(value) if value == value.to_integral_value() else float(value)


def pounds(value: Decimal, currency: str = "GBP") -> str:
    """Money as printed in the papers.

    >>> pounds(Decimal("826000")), pounds(Decimal("273166.66"))
    ('£826,000', '£273,166.66')
    """
    symbol = "£" if currency == "GBP" else f"{currency} "
    if value == value.to_integral_value():
        return f"{symbol}{int(value):,}"
    return f"{symbol}{value:,.2f}"


def iso_date(value) -> str:
    """A day as ISO text (YYYY-MM-DD), from text or a ``datetime.date``; anything else
    is a UsageError that says what was wrong."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise UsageError(f"bad date {value!r}: give a datetime.date or text YYYY-MM-DD, e.g. 2013-06-01")
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise UsageError(f"bad date '{value}': use YYYY-MM-DD, e.g. 2013-06-01") from None
