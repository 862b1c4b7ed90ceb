"""`governance synth`: write a synthetic England-and-Wales graph for scale work."""
from __future__ import annotations

import sys

import click


@click.command()
@click.option("--areas", type=click.IntRange(1, 43), default=43, show_default=True,
              help="How many of the 43 police force areas (alphabetical) to write.")
@click.option("--seed", type=int, default=0, show_default=True, help="The same seed gives the same files.")
@click.option("--scale", type=click.FloatRange(0.1, 20), default=1.0, show_default=True,
              help="Multiplies the priorities per plan (the largest class, as in LLR).")
@click.option("-o", "--output", "out", required=True, metavar="DIR", type=click.Path(file_okay=False),
              help="The folder to write (a graph folder: use it with --graph DIR).")
def synth(areas, seed, scale, out):
    """Write a synthetic national data set shaped like the LLR graph.

    Each police force area gets its councils, community safety partnerships,
    safeguarding boards, PCC and panel, YOS and MAPPA, funds, flows and pools, change
    events over 2011-2019, a few restricted items, and the source text every quote is
    taken from (areas/<slug>.txt beside areas/<slug>.ttl). 43 areas give over a
    million triples.

    \b
    Examples:
      governance synth --areas 43 --seed 1 -o /tmp/national
      governance --graph /tmp/national ask members "Ashford Community Safety Partnership"
    """
    from ..synth.generate import synthesise

    if sys.stderr.isatty():
        with click.progressbar(length=areas, label="synth", file=sys.stderr) as bar:
            summary = synthesise(out, areas=areas, seed=seed, scale=scale, progress=lambda _: bar.update(1))
    else:
        summary = synthesise(out, areas=areas, seed=seed, scale=scale)
    click.echo(f"wrote {summary['areas']} areas, {summary['triples']:,} triples (seed {seed}) to {summary['directory']}")
