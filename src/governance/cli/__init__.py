"""The thin command line: each command parses, calls one library function, formats."""
