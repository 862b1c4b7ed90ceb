"""The governance review as text for people (table), JSON and a self-contained HTML page.

The findings themselves are made by :mod:`governance.rules.review`.
"""
from __future__ import annotations

import html
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


def format_html(result: Review) -> str:
    """One self-contained page: a section per severity, a card per finding."""
    e = html.escape
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{e(_heading(result))}</title>",
             f"<style>{_CSS}</style></head><body><h1>{e(_heading(result))}</h1>"]
    for severity in SEVERITIES:
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        parts.append(f"<section class=\"{severity}\"><h2>{severity.capitalize()} ({len(group)})</h2>")
        for finding in group:
            cites = " ".join(f"<a href=\"{e(c)}\">{e(c)}</a>" for c in finding.cites)
            parts.append(
                f"<article><h3>{e(finding.focus.label)} <code>{e(vocab.shorten(finding.focus.id))}</code></h3>"
                f"<p class=\"message\">{e(finding.message)}</p>"
                f"<p class=\"shape\">{e(finding.shape.label)} <code>{e(vocab.shorten(finding.shape.id))}</code>"
                f"{' &middot; ' + cites if cites else ''}</p><ul>")
            for item in finding.evidence:
                parts.append(f"<li><q>{e(item['quote'])}</q> <cite>{e(item['source'])}</cite>"
                             f" <span class=\"fact\">{e(item['fact']['label'])}</span></li>")
            for step in finding.derivation:
                parts.append(f"<li class=\"derived\">{e(step['fact']['label'])} derived by "
                             f"<code>{e(step['rule'])}</code> from {e(', '.join(step['premises']))}</li>")
            parts.append("</ul></article>")
        parts.append("</section>")
    if not result.findings:
        parts.append("<p>No findings.</p>")
    parts.append("</body></html>")
    return "\n".join(parts)


_CSS = ("body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
        "article{border-left:4px solid #999;padding:.2rem 1rem;margin:1rem 0;background:#fafafa}"
        ".violation article{border-color:#c0392b}.warning article{border-color:#e67e22}"
        ".info article{border-color:#2980b9}h3{margin:.4rem 0}code{color:#555;font-size:.85em}"
        ".message{font-weight:600}.shape{font-size:.9em;color:#555}cite{color:#555;font-size:.85em}"
        "li{margin:.3rem 0}.derived,.fact{color:#555}.fact{font-size:.8em}")

FORMATS = {"table": format_table, "json": format_json, "html": format_html}


def render(result: Review, fmt: str) -> str:
    return FORMATS[fmt](result)
