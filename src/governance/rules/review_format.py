"""The governance review as text for people (table) and JSON.

The findings themselves are made by :mod:`governance.rules.review`; the HTML and PDF
report is :mod:`governance.reports.review_report`.
"""
from __future__ import annotations

import json

from .. import vocab
from .review import SEVERITIES, Review


def _heading(result: Review) -> str:
    counts = result.counts()
    when = f"as of {result.at}" if result.at else "as of the latest state known"
    summary = ", ".join(f"{counts[s]} {s}{'' if counts[s] == 1 or s == 'info' else 's'}" for s in SEVERITIES)
    return f"Governance review {when}: {summary}"


def format_table(result: Review) -> str:
    """Findings grouped by severity, each with its focus, shape, citations and evidence."""
    lines = [_heading(result)]
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        lines += ["", f"{severity.upper()} ({len(group)})"]
        for n, finding in enumerate(group, 1):
            lines.append(f"{n:>3}. {finding.focus.label} <{vocab.shorten(finding.focus.id)}>: {finding.message}")
            cites = "; ".join(finding.cites)
            lines.append(f"     [{vocab.shorten(finding.shape.id)}]" + (f" cites {cites}" if cites else ""))
            for item in finding.evidence:
                lines.append(f"     - {item['source']}: \"{item['quote']}\"")
            for step in finding.derivation:
                lines.append(f"     - {vocab.shorten(step['fact']['id'])} derived by {step['rule']}"
                             f" from {', '.join(step['premises'])}")
    if not result.findings:
        lines.append("no findings")
    return "\n".join(lines)


def format_json(result: Review) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False)


FORMATS = {"table": format_table, "json": format_json}


def render(result: Review, fmt: str) -> str:
    return FORMATS[fmt](result)
