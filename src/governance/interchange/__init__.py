"""Export, import and diff: the graph in the formats other people's tools read."""
