"""The web explorer and the SPARQL 1.1 Protocol endpoint (`governance serve`)."""
