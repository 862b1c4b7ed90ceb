"""Blank nodes belong to the named thing that points at them: an evidence node, a stated
total, a money amount is part of the fact or thing whose triple has it as object.

Both the build (a restricted thing's blank nodes are as hidden as it is) and `push` (a
graph is sent in pieces, and a blank node must not be split across two documents, where
it would become two nodes) need each triple's owner at the top of that chain.

>>> a, b = ox.BlankNode("a"), ox.BlankNode("b")
>>> thing = ox.NamedNode("http://ex/thing")
>>> p = ox.NamedNode("http://ex/p")
>>> root = owner_roots([ox.Triple(thing, p, a), ox.Triple(a, p, b), ox.Triple(b, p, ox.Literal("x"))])
>>> root(b) == thing and root(a) == thing and root(thing) == thing
True
"""
from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox


def owner_roots(triples: list[ox.Triple]) -> Callable:
    """A function from a node to its owner at the top of the chain (a named node is its
    own). Each blank node's owner is found once and remembered, so the roots of all the
    triples cost time linear in their number however deep the blank nodes nest; a loop
    of blank nodes stops where it closes."""
    owner = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode)}
    roots: dict = {}

    def root(node):
        path, on_path = [], set()
        while isinstance(node, ox.BlankNode) and node in owner and node not in roots and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = owner[node]
        found = roots.get(node, node)
        for step in path:
            roots[step] = found
        return found

    return root
