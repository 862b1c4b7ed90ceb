"""Plain words for the rules behind inferred facts: a note says "inferred by the rule
'a membership a category has is a membership of each of its bodies'", not
``grule:category-membership``; the id stays in a title attribute and the appendix.

>>> plain_words("grule:category-members")
'category members'
"""
from __future__ import annotations

from .. import vocab


def rule_labels(project) -> dict[str, str]:
    """Each rule's rdfs:label by its id, full and prefixed (as derivations name it)."""
    from ..errors import GovernanceError
    from ..rules.engine import load_rules

    labels: dict[str, str] = {}
    try:
        rules = load_rules(project)
    except GovernanceError:  # a broken rules file: the notes fall back to the id in words
        return labels
    for rule in rules:
        if rule.label:
            labels[rule.id] = labels[vocab.shorten(rule.id)] = rule.label
    return labels


def plain_words(rule_id: str) -> str:
    """The words of an id, for a rule with no label."""
    tail = rule_id.rsplit("#", 1)[-1].rsplit(":", 1)[-1].rsplit("/", 1)[-1]
    return tail.replace("-", " ").replace("_", " ")
