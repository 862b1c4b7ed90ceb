"""Questions: the catalogue of .rq files, asking a named question, names, answers and their formats, money, time, evidence, free SPARQL."""
