"""The Jinja2 environment the documents (and, later, the web explorer) render with.

Templates live in ``governance/templates/``; the stylesheet is inlined so each page is
one self-contained file.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def environment():
    import jinja2

    from .notes import Notes

    env = jinja2.Environment(loader=jinja2.PackageLoader("governance", "templates"),
                             autoescape=jinja2.select_autoescape(["html", "xml"]),
                             trim_blocks=True, lstrip_blocks=True)
    env.globals["Notes"] = Notes
    return env


def stylesheet(name: str = "print.css") -> str:
    return environment().loader.get_source(environment(), name)[0]


def render_template(name: str, data: dict) -> str:
    from .notes import Notes

    env = environment()
    return env.get_template(name).render(**data, notes=Notes(data.get("rule_labels")), css=stylesheet())
