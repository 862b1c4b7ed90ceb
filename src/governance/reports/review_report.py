"""`governance review --format html|pdf -o FILE`: the governance review as a report.

Findings come from :func:`governance.rules.review.review`; each is printed with a
diagram of the structure it concerns (the reporting view one level up and down from the
body it is about, :mod:`governance.render.views`), the shape's citations and the
evidence quotes as numbered notes.
"""
from __future__ import annotations

from ..rules.review import SEVERITIES, Review
from ..store.embedded import GraphStore
from ..store.project import Project
from .model import Figure, inline_svg, legislation_url, slug


def finding_figures(gs: GraphStore, project: Project, result: Review, include_restricted: bool = False,
                    progress=None) -> dict[str, Figure]:
    """One diagram per body a finding is about (findings on one body share it)."""
    from ..errors import GovernanceError
    from ..render.diagram import render
    from ..render.views import build_view

    _last_project["project"] = project
    figures: dict[str, Figure] = {}
    focuses = sorted({f.focus.id for f in result.findings})
    if progress:
        progress.start(len(focuses))
    for n, focus in enumerate(focuses, 1):
        if progress:
            progress.advance(focus)
        try:
            drawn = build_view(gs, project, "reporting", focus, depth=1, direction="both", at=result.at,
                               include_restricted=include_restricted)
        except GovernanceError:
            continue
        if len(drawn.nodes) < 2:
            continue
        try:
            svg = render(drawn, "svg").decode("utf-8")
        except GovernanceError:
            continue
        label = drawn.nodes[focus].label if focus in drawn.nodes else focus
        figures[focus] = Figure(title=drawn.title, svg=inline_svg(svg, n), sources=list(drawn.sources),
                                alt=f"Reporting lines of {label}, one level up and down: "
                                    f"{len(drawn.nodes)} bodies, {len(drawn.links)} lines.",
                                anchor=f"figure-{n}")
    return figures


def render_review_report(result: Review, figures: dict[str, Figure] | None = None, *,
                         include_restricted: bool = False, project: Project | None = None) -> str:
    """The review as one self-contained HTML page: a section per severity, a card per
    finding with its diagram, citations and evidence notes. Rules and shapes are named
    in plain words (their labels; ``project`` gives the rules' labels, by default those of
    the project the figures were drawn from); their ids stay in title attributes and the
    appendix."""
    from .rulenames import plain_words, rule_labels
    from .templating import render_template

    project = project or _last_project.get("project")
    labels = rule_labels(project) if project is not None else {}

    counts = result.counts()
    # within a severity, the findings of one check together (the check's label), then by body
    groups = [(s, sorted((f for f in result.findings if f.severity == s),
                         key=lambda f: (f.shape.label.casefold(), f.focus.label.casefold()))) for s in SEVERITIES]
    return render_template("review.html", {
        "review": result, "counts": counts, "groups": [(s, g) for s, g in groups if g],
        "figures": figures or {}, "include_restricted": include_restricted,
        "legislation_url": legislation_url, "slug": slug, "rule_labels": labels, "plain_words": plain_words,
    })


# The project finding_figures last drew from: the CLI draws a report's figures and then
# renders it, and the report names rules by the labels of that project's rules.
_last_project: dict = {}
