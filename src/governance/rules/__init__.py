"""Rules: the SHACL-AF engine, shapes, the governance review and `check`."""
