"""The store: project paths, the embedded pyoxigraph store (open, query, cache) and the name index beside it. It imports neither rules nor query."""
