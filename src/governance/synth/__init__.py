"""A synthetic England-and-Wales data set for scale work: `governance synth` (see generate)."""
