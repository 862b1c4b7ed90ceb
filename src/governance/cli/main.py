"""`governance`: answers about partnership governance from the knowledge graph."""
from __future__ import annotations

import errno
import os
import sys
from pathlib import Path

import click

from ..errors import GovernanceError
from ..query.results import CLI_FORMATS as SPARQL_FORMATS
from .brief import brief
from .diagram import diagram
from .diff import diff
from .export import export
from .import_ import import_command
from .options import at_date, include_restricted, output_format
from .push import push
from .review import review
from .serve import serve
from .synth import synth


class Context:
    """What every command needs: the project and where its store lives."""

    def __init__(self, store: str | None, graph: str | None, endpoint: str | None = None):
        self.store_arg, self.graph_arg, self.endpoint = store, graph, endpoint
        self._project = None

    @property
    def project(self):
        if self._project is None:
            from ..store.project import open_project

            self._project = open_project(self.graph_arg)
        return self._project

    @property
    def store_dir(self) -> Path:
        return Path(self.store_arg) if self.store_arg else self.project.default_store_dir()

    def open(self):
        if self.endpoint:  # the same named queries on a SPARQL 1.1 endpoint (store/remote.py)
            from ..store.remote import open_remote

            return open_remote(self.endpoint, self.project, cache_dir=self.store_dir)
        from ..build import open_store

        opened = open_store(self.project, self.store_dir)
        if opened.warning:
            click.echo(f"warning: {opened.warning}", err=True)
        return opened


def one_line(message) -> str:
    """A message as one line (click's and the library's may hold several)."""
    return " ".join(str(message).split())


def usage_error(exc: click.ClickException):
    """Click's usage errors (three lines: usage, hint, error) as the project's one line."""
    where = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "governance"
    hint = f" (see '{where} -h')" if isinstance(exc, click.UsageError) else ""
    click.echo(f"error: {one_line(exc.format_message()).rstrip('.')}{hint}", err=True)
    raise click.exceptions.Exit(2 if isinstance(exc, click.UsageError) else exc.exit_code)


OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT, errno.EFBIG}


def output_failed(exc: OSError) -> None:
    """One line for an answer that cannot be written (a full disk, a closed stdout)."""
    click.echo(f"error: the answer could not be written ({exc.strerror or exc})", err=True)


class GovernanceGroup(click.Group):
    """Turns a user mistake anywhere below into one line on stderr and its exit code."""

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.ClickException as exc:
            usage_error(exc)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except GovernanceError as exc:
            click.echo(f"error: {one_line(exc)}", err=True)
            ctx.exit(exc.exit_code)
        except click.ClickException as exc:
            usage_error(exc)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as exc:  # never a traceback: a write that failed, a file that went away
            if exc.errno in OUTPUT_ERRNOS:
                output_failed(exc)
                ctx.exit(1)
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"error: {exc.strerror or exc}{where}", err=True)
            ctx.exit(2)


@click.group(cls=GovernanceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--store", envvar="GOVERNANCE_STORE", metavar="DIR",
              help="Store folder (default: a per-user cache). Env: GOVERNANCE_STORE.")
@click.option("--graph", envvar="GOVERNANCE_GRAPH", metavar="DIR",
              help="Instance data folder (default: the project's graph/). Env: GOVERNANCE_GRAPH.")
@click.option("--endpoint", envvar="GOVERNANCE_ENDPOINT", metavar="URL",
              help="Answer from this SPARQL 1.1 endpoint instead of the local store (see 'governance push'). "
                   "Env: GOVERNANCE_ENDPOINT.")
@click.version_option(package_name="govgraph")
@click.pass_context
def cli(ctx, store, graph, endpoint):
    """Answers about partnership governance from an evidenced RDF knowledge graph.

    \b
    Examples:
      governance ask reports-to SPB
      governance ask funders UAVA --format json
      governance ask reports-to SPB --diagram spb.svg
    """
    ctx.obj = Context(store, graph, endpoint)


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild even if nothing changed.")
@click.pass_obj
def build(obj: Context, force):
    """Load ontology/ and graph/ into the on-disk store (atomic swap)."""
    from ..build import build_store

    built = build_store(obj.project, obj.store_dir, force=force)
    m = built.manifest
    click.echo(f"built {m['triples']} triples from {len(m['files'])} files "
               f"({m['restricted_triples']} restricted) into {obj.store_dir}")


@cli.command()
@click.pass_obj
def check(obj: Context):
    """Validate graph/ against the data-model shapes (pySHACL).

    Exit 0 when it conforms, 1 with violations, 2 on error.
    """
    from ..rules.validate import validate

    findings = validate(obj.project)
    for finding in findings:
        click.echo(finding.line())
    violations = [f for f in findings if f.severity == "violation"]
    if violations:
        click.echo(f"{len(violations)} violation(s), {len(findings) - len(violations)} other finding(s)")
        sys.exit(1)
    click.echo(f"conforms ({len(findings)} warning(s))" if findings else "conforms")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@include_restricted
@click.pass_obj
def stats(obj: Context, fmt, include_restricted):
    """Counts per class and relation kind, evidence coverage, quotes per source."""
    import json

    from ..query.stats import format_stats, graph_stats

    result = graph_stats(obj.open(), obj.project, include_restricted)
    click.echo(json.dumps(result, indent=2) if fmt == "json" else format_stats(result))


@cli.command()
@click.argument("query")
@click.option("--format", "fmt", type=click.Choice(SPARQL_FORMATS), default="table", show_default=True,
              help="table for people; the W3C SPARQL results json, xml, csv or tsv for SELECT and ASK; "
                   "turtle (table), ntriples, rdfxml or jsonld for CONSTRUCT and DESCRIBE (json: JSON-LD, "
                   "xml: RDF/XML).")
@include_restricted
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=30.0, show_default=True,
              metavar="SECONDS", help="Stop the query after this long.")
@click.option("--max-rows", type=click.IntRange(min=1), default=10_000, show_default=True, metavar="N",
              help="Stop the query when its answer has more rows (or triples) than this.")
@click.option("--max-depth", type=click.IntRange(min=1, max=1000), default=100, show_default=True, metavar="N",
              help="Refuse a query whose brackets nest deeper than this.")
@click.option("--max-memory", type=click.IntRange(min=64), default=1024, show_default=True, metavar="MB",
              help="Stop the query when its worker process uses more memory than this.")
@click.pass_obj
def sparql(obj: Context, query, fmt, include_restricted, timeout, max_rows, max_depth, max_memory):
    """Run a read-only SPARQL query (text, a .rq file, or - for stdin).

    Queries see the union of the curated graphs (and the inferred graph), as the
    default graph and as the named graphs; the restricted graphs only with
    --include-restricted. Updates and SERVICE are refused; a query runs in a worker
    process that is stopped at the time-out, the row cap or the memory bound.
    Every format but table is the W3C one (SPARQL 1.1 Query Results JSON, XML,
    CSV, TSV; RDF 1.1 Turtle, N-Triples, RDF/XML, JSON-LD).

    \b
    Example:
      governance sparql 'SELECT ?b WHERE { ?b a gov:CommunitySafetyPartnership }' --format json
    """
    from ..query.answer import render
    from ..query.sparql import Limits, query_sparql, read_query_text, sparql_answer

    limits = Limits(timeout=timeout, max_rows=max_rows, max_depth=max_depth, max_memory_mb=max_memory)
    gs = obj.open()
    result = query_sparql(gs, read_query_text(query), include_restricted=include_restricted, limits=limits,
                          fmt=fmt)
    if fmt == "table" and result.kind == "select":
        click.echo(render(sparql_answer(result, gs, obj.project, include_restricted), "table"))
    elif fmt == "table" and result.kind == "ask":
        click.echo(str(result.boolean).lower())
    else:
        data = result.serialize("turtle" if fmt == "table" else fmt).decode("utf-8")
        click.echo(data, nl=not data.endswith("\n"))


@cli.command()
@click.argument("body")
@at_date
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@include_restricted
@click.pass_obj
def show(obj: Context, body, at, fmt, include_restricted):
    """One profile of BODY: names, type, area, dates, lines, members, chair, duties,
    priorities, funding with totals, sources."""
    import json

    from ..query.profile import format_profile, profile

    data = profile(obj.open(), obj.project, body, at=at, include_restricted=include_restricted)
    click.echo(json.dumps(data, indent=2, ensure_ascii=False) if fmt == "json" else format_profile(data))


@cli.command(name="analyse")
@click.argument("view", type=click.Choice(["accountability", "funding", "hubs"]))
@click.argument("body", required=False)
@at_date
@output_format
@include_restricted
@click.pass_obj
def analyse_command(obj: Context, view, body, at, fmt, include_restricted):
    """Network analysis: accountability (cycles, no path to an elected or statutory
    body, dual reporting; with BODY, every upward path from it, in order), funding
    (roll-ups per funder, recipient, stream), hubs (degree and betweenness)."""
    from ..network.analyse import analyse
    from ..query.answer import render

    click.echo(render(analyse(obj.open(), obj.project, view, at, include_restricted, body), fmt))


@cli.command()
@click.pass_obj
def queries(obj: Context):
    """List the named questions with their summary and parameters."""
    from ..query.catalogue import catalogue

    for query in catalogue(obj.project.queries_dir).values():
        click.echo(f"{query.usage()}\n    {query.summary}")


@cli.command(context_settings={"ignore_unknown_options": False})
@click.argument("name")
@click.argument("args", nargs=-1)
@at_date
@output_format
@click.option("--from", "from_date", metavar="DATE", help="Start of a date range (changes).")
@click.option("--to", "to_date", metavar="DATE", help="End of a date range (changes).")
@click.option("--transitive", is_flag=True, help="Follow the relation all the way (reports-to).")
@click.option("--include-advice", is_flag=True,
              help="Also follow advice and peer priority relationships, marked as not accountability (chain, reports-to).")
@click.option("--why", is_flag=True, help="Show the evidence (source file and quote) of each row.")
@click.option("--stated-only", is_flag=True,
              help="Leave out facts only carried forward to the day (last stated by an earlier paper).")
@include_restricted
@click.option("--diagram", "diagram_path", metavar="FILE",
              help="Also draw the answer (.svg .png .pdf .dot .mmd .graphml .json).")
@click.pass_obj
def ask(obj: Context, name, args, at, fmt, from_date, to_date, transitive, include_advice, why, stated_only,
        include_restricted, diagram_path):
    """Answer the named question NAME about ARGS (see 'governance queries').

    \b
    Examples:
      governance ask reports-to SPB
      governance ask reports-to SPB --transitive --at 2013-06-01
      governance ask funders UAVA --format json --why
      governance ask changes --from 2011-01-01 --to 2011-12-31
    """
    from ..query.answer import render
    from ..query.ask import ask as answer_question

    gs = obj.open()
    answer = answer_question(gs, obj.project, name, list(args), at=at, transitive=transitive, why=why,
                             include_restricted=include_restricted, stated_only=stated_only,
                             options={"from": from_date, "to": to_date, "include-advice": include_advice or None})
    if diagram_path:
        from ..render.answer import answer_diagram
        from ..render.diagram import write

        write(answer_diagram(gs, obj.project, answer, include_restricted), diagram_path)
    click.echo(render(answer, fmt))
    if diagram_path:
        click.echo(f"diagram written to {diagram_path}", err=True)


cli.add_command(brief)
cli.add_command(diagram)
cli.add_command(diff)
cli.add_command(export)
cli.add_command(import_command)
cli.add_command(push)
cli.add_command(review)
cli.add_command(serve)
cli.add_command(synth)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point. An answer that cannot be written to standard output
    (closed, or a full disk as with ``> /dev/full``) is one line on stderr and exit 1."""
    if sys.stdout is None:  # Python leaves it None when descriptor 1 is closed
        click.echo("error: the answer could not be written (standard output is closed)", err=True)
        sys.exit(1)
    try:
        cli.main(args=argv, prog_name="governance")
        code = 0
    except SystemExit as exc:
        code = exc.code
    try:
        sys.stdout.flush()  # the last of the answer is written here, not at exit
    except OSError as exc:
        if not isinstance(exc, BrokenPipeError):
            output_failed(exc)
            code = 1
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to say at exit
    sys.exit(code)


if __name__ == "__main__":
    main()
