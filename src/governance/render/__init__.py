"""Diagrams: one visual language (style), a diagram model, and writers per format."""
