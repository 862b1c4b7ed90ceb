"""govgraph: a rules and knowledge-graph engine for partnership governance.

The library behind the ``governance`` command::

    >>> import governance
    >>> "ask" in governance.__all__ and "load" in governance.__all__
    True
"""
from __future__ import annotations

__version__ = "0.1.0"

from .ask import ask
from .errors import GovernanceError
from .project import Project, open_project
from .results import Answer
from .store import GraphStore, build_store, open_store

__all__ = ["Answer", "GovernanceError", "GraphStore", "Project", "ask", "build_store", "load",
           "open_project", "open_store"]


def load(project: Project | None = None):
    """The project's graph as an rdflib Graph (the interchange layer; pySHACL runs on it)."""
    from .validate import load_dataset

    graph, _ = load_dataset(project or open_project())
    return graph
