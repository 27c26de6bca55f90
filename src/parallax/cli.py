"""The ``parallax`` command: a thin adapter over the library.

Each command calls one library function, prints its result (rich text for people, JSON
for machines) and turns ``ParallaxError`` into one line ``<input>: <reason>`` on stderr
and a non-zero exit code. In a batch the good inputs still go through; the failures are
listed at the end.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parallax.errors import InputError, ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES
from parallax.ingest import read_many
from parallax.model import Article

if TYPE_CHECKING:
    from parallax.store.ingest import IngestEvent

app = typer.Typer(
    help="Parallax: see one news event through many outlets' eyes.\n\n"
    "Read articles from files, URLs or stdin, analyse who says what, and compare outlets "
    "claim by claim. Every finding points at the sentence behind it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",  # docstring lines join into paragraphs that wrap to the terminal
)
eval_app = typer.Typer(
    help="Measure Parallax on annotated corpora laid out like ../shared/datasets.",
    no_args_is_help=True,
    rich_markup_mode="markdown",
)
app.add_typer(eval_app, name="eval")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
T = TypeVar("T")

SourcesArg = Annotated[
    list[str],
    typer.Argument(
        help="Files (.html .txt .md .json .jsonl), directories, http(s) URLs, or - for stdin.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (one object per line when several).")]
AllowPrivateOpt = Annotated[
    bool,
    typer.Option("--allow-private", help="Allow URLs that resolve to loopback, private or link-local addresses."),
]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Refuse inputs larger than this many bytes.", min=1)]
DataOpt = Annotated[Path, typer.Option("--data", help="Corpus directory.", exists=False)]
LimitOpt = Annotated[int | None, typer.Option("--limit", help="Use only the first N documents (quick checks).")]
PredictionsOpt = Annotated[
    Path | None, typer.Option("--predictions", help="Also write Parallax's raw predictions to this file.")
]


def _progress(items: Iterable[T], label: str, total: int | None = None) -> Iterator[T]:
    """Yield items, with a progress bar on stderr for long batches in a terminal."""
    total = len(items) if total is None and isinstance(items, list) else total
    if total is None or total < 5 or not err.is_terminal:
        yield from items
        return
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task(label, total=total)
        for item in items:
            yield item
            progress.advance(task)


def _report_failures(failures: list[ParallaxError]) -> None:
    """List every failed input at the end and exit non-zero if there was any."""
    if not failures:
        return
    if len(failures) > 1:
        err.print(f"[bold red]{len(failures)} inputs failed:[/]")
    for failure in failures:
        err.print(f"[red]error:[/] {_escape(str(failure))}", highlight=False)
    raise typer.Exit(code=failures[0].exit_code)


def _print_json(payload: Any) -> None:
    """Raw JSON on stdout: rich would reflow long lines."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@app.command()
def read(
    sources: SourcesArg,
    as_json: JsonOpt = False,
    allow_private: AllowPrivateOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Read articles and print them clean: metadata, body paragraphs, and what was cut.

    The format is detected from the content (HTML, markdown, plain text, JSON, JSON Lines).
    With --json each article is one JSON object per line with the fields id, source, outlet,
    title, subtitle, published, captured, byline, language, paragraphs, credits and removed
    (captured: when a JSON dump says its crawler fetched the page).
    """
    failures: list[ParallaxError] = []
    for result in read_many(_progress(sources, "reading"), allow_private=allow_private, max_bytes=max_bytes):
        if result.error is not None:
            failures.append(result.error)
            continue
        article = result.article
        assert article is not None
        if as_json:
            _print_json(article.model_dump(mode="json"))
        else:
            _print_article(article)
    _report_failures(failures)


def _read_articles(sources: list[str], allow_private: bool, max_bytes: int) -> tuple[list[Article], list[ParallaxError]]:
    """Every readable article of the sources, and the failures to list at the end."""
    articles: list[Article] = []
    failures: list[ParallaxError] = []
    for result in read_many(_progress(sources, "reading"), allow_private=allow_private, max_bytes=max_bytes):
        if result.error is not None:
            failures.append(result.error)
        elif result.article is not None:
            articles.append(result.article)
    return articles, failures


def _distinct_articles(articles: list[Article]) -> list[Article]:
    """The articles once each: the same text given twice (a copy, another path to it) is
    compared once, and the user is told, rather than shown a comparison of one article."""
    first: dict[str, Article] = {}
    for article in articles:
        kept = first.setdefault(article.id, article)
        if kept is not article:
            err.print(f"note: {_escape(article.source)} is the same text as {_escape(kept.source)}: compared once",
                      highlight=False)
    return list(first.values())


def _print_article(article: Any) -> None:
    out.rule(f"[bold]{_escape(article.title or '(untitled)')}[/]")
    facts = [
        ("outlet", article.outlet),
        ("published", article.published),
        ("captured", article.captured),
        ("byline", ", ".join(article.byline)),
        ("language", article.language),
        ("credits", ", ".join(article.credits)),
        ("source", article.source),
        ("id", article.id),
    ]
    for name, value in facts:
        if value:
            out.print(f"[dim]{name:>9}[/] {_escape(str(value))}")
    out.print()
    for paragraph in article.paragraphs:
        out.print(_escape(paragraph))
        out.print()
    if article.removed:
        out.print(f"[dim]removed {len(article.removed)} lines:[/]")
        for line in article.removed:
            out.print(f"[dim]  {line.reason:>17}  {_escape(line.text[:100])}[/]")


def _exit(error: ParallaxError) -> typer.Exit:
    """Say on stderr why the command stops; the exit to raise carries the error's code
    (2 input, 3 fetch, 4 no article body)."""
    err.print(f"[red]error:[/] {_escape(str(error))}")
    return typer.Exit(code=error.exit_code)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- evaluation -----------------------------------------------------------------------------


def _run_eval(evaluate: Callable[..., dict[str, Any]], as_json: bool, **kwargs: Any) -> None:
    try:
        result = evaluate(**kwargs)
    except ParallaxError as error:
        raise _exit(error) from None
    except OSError as error:  # a corpus folder or file that is missing or unreadable
        err.print(f"[red]error:[/] {_escape(str(error))}")
        raise typer.Exit(code=2) from None
    if as_json:
        _print_json(result)
    else:
        _print_scores(result)


def _print_scores(result: dict[str, Any]) -> None:
    """A table of every numeric figure in an evaluation result, nested keys joined by '.'."""
    table = Table(title=f"evaluation: {result.get('task', '')}", show_header=True)
    table.add_column("figure")
    table.add_column("value", justify="right")

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), inner)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            table.add_row(prefix, f"{value:.4f}" if isinstance(value, float) else str(value))

    walk("", {key: value for key, value in result.items() if key != "task"})
    out.print(table)


@eval_app.command("extraction")
def eval_extraction(
    data: DataOpt, as_json: JsonOpt = False, predictions: PredictionsOpt = None, limit: LimitOpt = None
) -> None:
    """Article-body extraction on a ScrapingHub-style corpus (html/ + ground-truth.json).

    Token-level precision, recall and F1 (the benchmark's own metric) for Parallax and for
    bare trafilatura on the same pages, in the same run.
    """
    from parallax.eval.extraction import evaluate

    _run_eval(evaluate, as_json, data_dir=data, predictions=predictions, limit=limit)


@eval_app.command("quotes")
def eval_quotes(
    data: DataOpt,
    split: Annotated[str, typer.Option("--split", help="Corpus split: data/SPLIT/text and data/SPLIT/attributions.")] = "dev",
    as_json: JsonOpt = False,
    predictions: PredictionsOpt = None,
    score: Annotated[
        Path | None,
        typer.Option(
            "--score",
            help="Score this JSON-lines file of predictions (the --predictions format) instead of running Parallax.",
            exists=True, dir_okay=False,
        ),
    ] = None,
    limit: LimitOpt = None,
    baseline: Annotated[bool, typer.Option(help="Also run textacy's direct_quotations as a baseline.")] = True,
) -> None:
    """Quote and attribution extraction on a PolNeAR-style corpus.

    Precision, recall and F1 for content spans (exact and >=50% overlap) and for the source
    spans of matched quotes, with textacy's direct_quotations alongside as a baseline.
    --predictions writes one JSON line per predicted quote ({"doc", "content_start",
    "content_end", "source_start", "source_end"}, character offsets into the .txt file),
    which --score re-scores. Where several annotators annotated an article, "agreement"
    scores each of them against the others, and Parallax against each: the human ceiling.
    """
    from parallax.eval.quotes import evaluate

    _run_eval(
        evaluate, as_json, data_dir=data, split=split, predictions=predictions, score=score, limit=limit,
        baseline=baseline,
    )


@eval_app.command("speakers")
def eval_speakers(data: DataOpt, as_json: JsonOpt = False, limit: LimitOpt = None) -> None:
    """Who is behind "he said": quote speakers against ECB+'s within-document coreference.

    For quotes whose speaker is a pronoun, and for those named directly, the share whose
    resolved speaker names a mention of the same coreference chain, with "the nearest
    person named before the pronoun" as a baseline in the same run; "analysis" judges the
    whole analysis the same way, with each quote's link to an entity.
    """
    from parallax.eval.speakers import evaluate

    _run_eval(evaluate, as_json, data_dir=data, limit=limit)


@eval_app.command("numbers")
def eval_numbers(data: DataOpt, as_json: JsonOpt = False, limit: LimitOpt = None) -> None:
    """Killed/injured counts on a GVA long-tail-style corpus: coverage and accuracy against gold."""
    from parallax.eval.numbers import evaluate

    _run_eval(evaluate, as_json, data_dir=data, limit=limit)


@eval_app.command("boilerplate")
def eval_boilerplate(
    data: DataOpt,
    split: Annotated[str, typer.Option("--split", help="Hand-labelled sample: dev or test.")] = "test",
    as_json: JsonOpt = False,
) -> None:
    """Plain-text cleaning on hand-labelled GVA long-tail lines: boilerplate cut, body kept."""
    from parallax.eval.boilerplate import evaluate

    _run_eval(evaluate, as_json, data_dir=data, split=split)


@eval_app.command("wording")
def eval_wording(data: DataOpt, as_json: JsonOpt = False, limit: LimitOpt = None) -> None:
    """Word-choice findings on a NewsWCL50-style corpus: annotated concepts labelled differently."""
    from parallax.eval.wording import evaluate

    _run_eval(evaluate, as_json, data_dir=data, limit=limit)


@eval_app.command("omissions")
def eval_omissions(data: DataOpt, as_json: JsonOpt = False, limit: LimitOpt = None) -> None:
    """Omissions and loaded wording on a BASIL-style corpus of article triplets."""
    from parallax.eval.omissions import evaluate

    _run_eval(evaluate, as_json, data_dir=data, limit=limit)


@app.command()
def analyze(
    sources: SourcesArg,
    as_json: JsonOpt = False,
    allow_private: AllowPrivateOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Analyse articles: sentences, entities, quotes with speakers, numbers as intervals.

    With --json each article's analysis is one JSON object per line: the article, its
    sentences (with attribution and hedges), entities (with mentions), quotes and quantities.
    All offsets index into the article's paragraphs joined by blank lines.
    """
    from parallax.analyze import analyze_many

    articles, failures = _read_articles(sources, allow_private, max_bytes)
    for analysis in _progress(analyze_many(articles), "analysing", total=len(articles)):
        if as_json:
            _print_json(analysis.model_dump(mode="json"))
        else:
            _print_analysis(analysis)
    _report_failures(failures)


def _print_analysis(analysis: Any) -> None:
    article = analysis.article
    out.rule(f"[bold]{_escape(article.title or '(untitled)')}[/] [dim]{_escape(article.outlet or '')}[/]")
    out.print(f"[dim]{len(analysis.sentences)} sentences[/]")
    entities = Table(title="entities", show_lines=False)
    for column in ("type", "name", "aliases", "roles", "mentions"):
        entities.add_column(column)
    for entity in analysis.entities:
        entities.add_row(
            entity.type, _escape(entity.name), _escape(", ".join(entity.aliases)),
            _escape("; ".join(entity.roles)), str(len(entity.mentions)),
        )
    out.print(entities)
    if analysis.quotes or analysis.headline_quotes:
        quotes = Table(title="quotes")
        for column in ("speaker", "kind", "cue", "text"):
            quotes.add_column(column)
        for quote in analysis.headline_quotes:
            quotes.add_row(_escape(quote.speaker or "?"), f"{quote.kind} (headline)", _escape(quote.cue or ""),
                           _escape(quote.text[:160]))
        for quote in analysis.quotes:
            quotes.add_row(_escape(quote.speaker or "?"), quote.kind, _escape(quote.cue or ""), _escape(quote.text[:160]))
        out.print(quotes)
    if analysis.quantities:
        numbers = Table(title="quantities")
        for column in ("text", "interval", "counted", "event", "attributed to"):
            numbers.add_column(column)
        for quantity in analysis.quantities:
            numbers.add_row(
                _escape(quantity.text), _interval(quantity), _escape(quantity.counted or ""),
                _escape(quantity.event or ""), _escape(quantity.attributed_to or "(outlet)"),
            )
        out.print(numbers)
    hedged = [s for s in analysis.sentences if s.attribution.hedges]
    for sentence in hedged:
        out.print(f"[yellow]hedged[/] {_escape(', '.join(sentence.attribution.hedges))}: {_escape(sentence.text[:140])}")


def _interval(quantity: Any) -> str:
    low = "-∞" if quantity.low is None else f"{quantity.low:g}"
    high = "∞" if quantity.high is None else f"{quantity.high:g}"
    left = "[" if quantity.low_inclusive and quantity.low is not None else "("
    right = "]" if quantity.high_inclusive and quantity.high is not None else ")"
    return f"{left}{low}, {high}{right}"


FORMATS = ("text", "markdown", "html", "json")
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", help="Output: text (terminal), markdown, html or json. "
                 "[default: from the --output file's extension (.md, .html, .json), else text]"),
]
# A report file's extension names its format when --format does not.
_FORMAT_OF_EXTENSION = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json"}


def _output_format(given: str | None, output: Path | None) -> str:
    """--format as given, else the one the --output file's extension names (``-o report.json``
    writes JSON, not the terminal's text), else text."""
    if given is None:
        return _FORMAT_OF_EXTENSION.get(output.suffix.lower(), "text") if output is not None else "text"
    if given not in FORMATS:
        raise typer.BadParameter(f"must be one of {', '.join(FORMATS)}", param_hint="--format")
    return given


@app.command()
def compare(
    sources: SourcesArg,
    output_format: FormatOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    allow_private: AllowPrivateOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
) -> None:
    """Compare several reports of one event, claim by claim.

    Finds the facts the articles share and their verdicts (agree, conflict,
    attribution_differs, unique to one article), compares numbers as intervals with who
    states them, lists how each article labels the same actors, and whom each quotes.
    --format json prints the documented parallax.comparison/1 document (docs/comparison.schema.json).
    """
    output_format = _output_format(output_format, output)
    _check_output(output)
    from parallax.compare import compare as run_compare

    articles, failures = _read_articles(sources, allow_private, max_bytes)
    articles = _distinct_articles(articles)
    if len(articles) < 2:
        for failure in failures:
            err.print(f"[red]error:[/] {_escape(str(failure))}", highlight=False)
        err.print(f"[red]error:[/] compare needs at least two different readable articles, got {len(articles)}")
        raise typer.Exit(code=failures[0].exit_code if failures else 2)
    comparison = run_compare(articles)
    rendered = _render(comparison, output_format, to_file=output is not None)
    if output is not None:
        _write_report(output, rendered or "", output_format)
    elif rendered is not None:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")
    _report_failures(failures)


def _check_output(output: Path | None) -> None:
    """Refuse an --output that cannot be written before the work, not after it."""
    if output is None:
        return
    problem = ("is a directory" if output.is_dir()
               else f"directory {output.parent} does not exist" if not output.parent.is_dir() else None)
    if problem:
        err.print(f"[red]error:[/] {_escape(str(output))}: cannot write the report: {problem}")
        raise typer.Exit(code=2)


def _write_report(output: Path, rendered: str, output_format: str) -> None:
    try:
        output.write_text(rendered, encoding="utf-8")
    except OSError as error:
        err.print(f"[red]error:[/] {_escape(str(output))}: cannot write the report: {error.strerror or error}")
        raise typer.Exit(code=2) from None
    err.print(f"wrote {output_format} report to {output}")


def _render(comparison: Any, output_format: str, to_file: bool) -> str | None:
    """The report as a string, or None when it was printed to the terminal directly."""
    if output_format == "json":
        return comparison.to_json()
    from parallax import report

    if output_format == "markdown":
        return report.render_markdown(comparison)
    if output_format == "html":
        return report.render_html(comparison)
    if to_file:
        buffer = io.StringIO()
        report.render_text(comparison, Console(file=buffer, width=110, force_terminal=False))
        return buffer.getvalue()
    report.render_text(comparison, out)
    return None


@app.command()
def schema() -> None:
    """Print the JSON Schema of `compare --format json` output (parallax.comparison/1)."""
    from parallax.model import comparison_json_schema

    sys.stdout.write(json.dumps(comparison_json_schema(), indent=2, ensure_ascii=False) + "\n")


# --- the corpus: ingest, stories, search, failures ---------------------------------------------

DbOpt = Annotated[
    str | None,
    typer.Option("--db", help="Corpus database: a SQLite file or a SQLAlchemy URL. [default: ./parallax.db]"),
]
IngestSourcesArg = Annotated[
    list[str],
    typer.Argument(
        help="Files, directories, files of URLs, RSS/Atom feeds (files or URLs), WARC/WARC.gz "
        "archives, JSON Lines dumps, http(s) URLs.",
        show_default=False,
    ),
]


def _open_store(db: str | None, *, create: bool = False) -> Any:
    """The corpus; only an ingest creates one (a reader given a missing file is told so)."""
    from parallax.store import Store

    try:
        if db is not None and not db.strip():
            raise InputError("--db", "empty: give a SQLite file or a database URL")
        store = Store(db, create=create)
    except ParallaxError as error:
        raise _exit(error) from None
    if store.in_memory:  # gone when the command ends: an ingest would keep nothing, a reader find nothing
        store.close()
        err.print(f"[red]error:[/] {_escape(store.url)}: an in-memory database lasts only one command; "
                  "give a SQLite file or a server URL")
        raise typer.Exit(code=2)
    return store


@app.command()
def ingest(
    sources: IngestSourcesArg,
    db: DbOpt = None,
    allow_private: AllowPrivateOpt = False,
    max_bytes: MaxBytesOpt = DEFAULT_MAX_BYTES,
    workers: Annotated[
        int | None, typer.Option("--workers", help="Analysis processes. [default: one per core]", min=1)
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Add articles to the corpus and group them into stories as they arrive.

    Each article is read, analysed, embedded, checked for duplicates (exact copies are
    skipped; near-duplicates and wire copies are linked to their original) and assigned
    to a story, all in one transaction. Rerunning is safe: inputs already stored are
    skipped, so an interrupted ingest resumes where it stopped. Inputs that fail are
    recorded with their reason (see `parallax failures`) and the rest goes on; they are
    named at the end and the exit code is then non-zero (2 input, 3 fetch, 4 no body).
    """
    from parallax.store.ingest import IngestEvent, ingest as run_ingest

    store = _open_store(db, create=True)
    counts = dict.fromkeys(("new", "duplicate", "copy", "failed", "skipped"), 0)
    failed: list[IngestEvent] = []

    def describe() -> str:
        return " · ".join(f"{name} {value}" for name, value in counts.items())

    progress = None
    if err.is_terminal:
        from rich.progress import SpinnerColumn

        progress = Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err)
    task = progress.add_task(describe()) if progress is not None else None

    def on_event(event: IngestEvent) -> None:
        counts[event.status] += 1
        if event.status == "failed" and len(failed) < LISTED_FAILURES:  # the rest are only counted
            failed.append(event)
        if progress is not None and task is not None:
            progress.update(task, description=describe())

    try:
        if progress is not None:
            progress.start()
        summary = run_ingest(
            sources, store, allow_private=allow_private, max_bytes=max_bytes, workers=workers, on_event=on_event
        )
    except ParallaxError as error:
        raise _exit(error) from None
    except KeyboardInterrupt:
        if progress is not None:
            progress.stop()
        err.print(f"interrupted: {describe()}. Every article stored is complete; "
                  "run the same command again to go on from here.")
        raise typer.Exit(code=130) from None
    finally:
        if progress is not None:
            progress.stop()
        totals = store.counts()
        store.close()
    if as_json:
        _print_json({**summary.as_dict(), "totals": totals})
    else:
        rate = summary.new / summary.seconds if summary.seconds else 0.0
        passed = f" · passed over {summary.passed_over} (archive records holding no article)" if summary.passed_over else ""
        out.print(
            f"{describe()}{passed} in {summary.seconds:.1f}s ({rate:.1f} new articles/s); "
            f"{summary.stories_created} new stories. The corpus holds {totals['articles']} articles "
            f"in {totals['stories']} stories."
        )
    _report_ingest_failures(failed, summary.failed)


# Failed inputs named at the end of an ingest; the rest are counted (all are stored).
LISTED_FAILURES = 20


def _report_ingest_failures(named: list[IngestEvent], total: int) -> None:
    """Name this run's first failed inputs (every one is in `parallax failures`) and exit
    non-zero: the others are stored, but nothing is silently lost."""
    if not total:
        return
    err.print(f"[bold red]{total} inputs failed:[/]")
    for event in named:
        err.print(f"[red]error:[/] {_escape(event.source)}: {_escape(event.detail)}", highlight=False)
    if total > len(named):
        err.print(f"… and {total - len(named)} more; `parallax failures` lists them all with the reasons.")
    raise typer.Exit(code=named[0].exit_code if named and named[0].exit_code else 2)


@app.command()
def stories(
    db: DbOpt = None,
    since: Annotated[str | None, typer.Option("--since", help="Only stories last seen on or after this date (YYYY-MM-DD).")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many stories, most recent first.", min=1)] = 100,
    as_json: JsonOpt = False,
) -> None:
    """List the stories in the corpus, most recently seen first.

    With --json one object per line: id, title, article_count, voices (articles minus wire
    copies and near-duplicates), outlets, first_seen, last_seen.
    """
    with _open_store(db) as store:
        try:
            found = store.stories(since=since, limit=limit)
        except ParallaxError as error:
            raise _exit(error) from None
    if as_json:
        for story_summary in found:
            _print_json(story_summary.as_dict())
        return
    table = Table(title=f"{len(found)} stories", show_lines=False)
    for column in ("id", "title", "articles", "voices", "outlets", "first seen", "last seen"):
        table.add_column(column, justify="right" if column in ("id", "articles", "voices") else "left")
    for item in found:
        table.add_row(
            str(item.id), _escape(item.title or "(untitled)"), str(item.article_count), str(item.voices),
            _escape(", ".join(item.outlets[:5]) + (" …" if len(item.outlets) > 5 else "")),
            item.first_seen or "", item.last_seen or "",
        )
    out.print(table)


@app.command()
def story(
    story_id: Annotated[int, typer.Argument(help="A story id from `parallax stories`.", show_default=False)],
    db: DbOpt = None,
    output_format: FormatOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
) -> None:
    """Compare the articles of one story, claim by claim (as `parallax compare` does).

    Wire copies and near-duplicates count once: the comparison runs on the distinct
    texts, and the text format first lists every article, why it joined the story, and
    who republished it. A story of one distinct text has nothing to compare: the text
    format still lists it (exit 0); the other formats write nothing and exit 2.
    """
    output_format = _output_format(output_format, output)
    _check_output(output)
    from parallax.compare import compare as run_compare

    with _open_store(db) as store:
        try:
            detail = store.story(story_id)
            analyses = store.story_analyses(story_id)
        except ParallaxError as error:
            raise _exit(error) from None
    if output_format == "text" and output is None:
        _print_story(detail)
    if len(analyses) < 2:
        err.print(f"story {story_id} has {len(analyses)} distinct text(s): nothing to compare yet")
        raise typer.Exit(code=0 if output_format == "text" and output is None else 2)
    rendered = _render(run_compare(analyses), output_format, to_file=output is not None)
    if output is not None:
        _write_report(output, rendered or "", output_format)
    elif rendered is not None:
        sys.stdout.write(rendered if rendered.endswith("\n") else rendered + "\n")


def _print_story(detail: Any) -> None:
    summary = detail.summary
    out.rule(f"[bold]story {summary.id}: {_escape(summary.title or '(untitled)')}[/]")
    out.print(
        f"[dim]{summary.article_count} articles, {summary.voices} distinct texts, "
        f"{summary.first_seen or '?'} to {summary.last_seen or '?'}[/]"
    )
    for row in detail.articles:
        copy = f" [yellow]{row.copy_kind.replace('_', ' ')} of {row.copy_of}[/]" if row.copy_of else ""
        out.print(f"• {_escape(row.title or row.source)} [dim]({_escape(row.outlet or '?')}, {row.published or '?'})[/]{copy}")
        out.print(f"  [dim]{_escape(row.reason)}[/]")
        if row.shared_entities:
            out.print(f"  [dim]shared names: {_escape(', '.join(row.shared_entities[:8]))}[/]")
        if row.republished_by:
            out.print(f"  [dim]also carried by: {_escape(', '.join(row.republished_by))}[/]")
    out.print()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (all must occur, in the title or the text).", show_default=False)],
    db: DbOpt = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many articles.", min=1)] = 20,
    as_json: JsonOpt = False,
) -> None:
    """Full-text search over the corpus, best matches first.

    Every word must occur in the title or the text (SQLite FTS5 ranked by bm25, or
    PostgreSQL's text search ranked by ts_rank). Each hit
    shows its story. With --json one object per line: article_id, title, outlet,
    published, story_id, snippet.
    """
    with _open_store(db) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        for hit in hits:
            _print_json(hit.__dict__)
        return
    if not hits:
        err.print("no matching articles")
        return
    for hit in hits:
        story_note = f" · story {hit.story_id}" if hit.story_id is not None else ""
        out.print(f"[bold]{_escape(hit.title or '(untitled)')}[/] [dim]{_escape(hit.outlet or '')} {hit.published or ''}{story_note}[/]")
        out.print(f"  {_escape(hit.snippet)}")


@app.command()
def failures(db: DbOpt = None, as_json: JsonOpt = False) -> None:
    """List the inputs that could not be ingested, with the reason, latest first.

    Nothing is lost silently: a later ingest that succeeds on an input removes it from
    this list. With --json one object per line: source, kind, reason, attempts, last_seen.
    """
    with _open_store(db) as store:
        found = store.failures()
    if as_json:
        for failure in found:
            _print_json(failure.__dict__)
        return
    if not found:
        out.print("no failures")
        return
    table = Table(title=f"{len(found)} failed inputs")
    table.add_column("source", overflow="fold")
    for column in ("reason", "attempts", "last seen"):
        table.add_column(column)
    for failure in found:
        table.add_row(_escape(failure.source), _escape(failure.reason), str(failure.attempts), failure.last_seen)
    out.print(table)


@eval_app.command("stories")
def eval_stories(
    data: DataOpt,
    as_json: JsonOpt = False,
    limit: LimitOpt = None,
    orders: Annotated[
        int,
        typer.Option(
            "--orders", min=1,
            help="Also replay the documents in this many feed orders and report mean, min and max (over_orders).",
        ),
    ] = 1,
) -> None:
    """Story grouping against gold events: B-cubed precision/recall/F1 and adjusted Rand index.

    Works on ECB+ (stories vs sub-events), gva_longtail (vs incidents) and Giveme5W1H's news
    clusters (vs events), recognised from the directory. The documents are fed in a mixed
    order and grouped online, without being told how many stories there are. Online
    grouping depends on arrival order: --orders 8 shows how much.
    """
    from parallax.eval.stories import evaluate

    _run_eval(evaluate, as_json, data_dir=data, limit=limit, orders=orders)
