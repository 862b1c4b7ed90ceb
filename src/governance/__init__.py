"""govgraph: a rules and knowledge-graph engine for partnership governance.

The library behind the ``governance`` command::

    >>> import governance
    >>> "ask" in governance.__all__ and "load" in governance.__all__
    True
"""
from __future__ import annotations

__version__ = "0.1.0"

from .build import build_store, open_store
from .errors import GovernanceError
from .query.answer import Answer
from .query.ask import ask
from .store.embedded import GraphStore
from .store.project import Project, open_project

__all__ = ["Answer", "GovernanceError", "GraphStore", "Project", "ask", "build_store", "load",
           "open_project", "open_store"]


def load(project: Project | None = None):
    """The project's curated graph as an ``rdflib.Dataset``: one named graph per file
    (``https://w3id.org/govgraph/graph/<path>``). rdflib is the interchange layer:
    pySHACL, serialisers and other RDF tools take it from here.

    >>> ds = load()
    >>> any(str(g.identifier).endswith("graph/llr/bodies.ttl") for g in ds.graphs())
    True
    """
    from .rules.validate import rdf_dataset

    return rdf_dataset(project or open_project())
