"""networkx projections of the graph and the analyses over them."""
