"""govgraph: a rules and knowledge-graph engine for partnership governance.

The library behind the ``governance`` command::

    >>> import governance
    >>> "ask" in governance.__all__ and "load" in governance.__all__
    True
"""
from __future__ import annotations

__version__ = "0.1.0"

import importlib
from typing import TYPE_CHECKING

from .errors import GovernanceError

if TYPE_CHECKING:
    from .store.project import Project

# Each name is imported on first use (PEP 562): a command imports only the layers it
# runs, so a cached `governance ask` does not pay for the rules engine it never calls.
_EXPORTS = {"Answer": ".query.answer", "GraphStore": ".store.embedded", "Project": ".store.project",
            "ask": ".query.ask", "build_store": ".build", "open_project": ".store.project",
            "open_store": ".build"}

__all__ = ["Answer", "GovernanceError", "GraphStore", "Project", "ask", "build_store", "load",
           "open_project", "open_store"]


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'governance' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name], __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def load(project: Project | None = None):
    """The project's curated graph as an ``rdflib.Dataset``: one named graph per file
    (``https://w3id.org/govgraph/graph/<path>``). rdflib is the interchange layer:
    pySHACL, serialisers and other RDF tools take it from here.

    >>> ds = load()
    >>> any(str(g.identifier).endswith("graph/llr/bodies.ttl") for g in ds.graphs())
    True
    """
    from .rules.validate import rdf_dataset
    from .store.project import open_project

    return rdf_dataset(project or open_project())
