"""The ``parallax`` command: a thin adapter over the library.

Each command calls one library function, prints its result (rich text for people, JSON
for machines) and turns ``ParallaxError`` into one line ``<input>: <reason>`` on stderr
and a non-zero exit code. In a batch the good inputs still go through; the failures are
listed at the end.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from parallax.errors import ParallaxError
from parallax.extract.encoding import DEFAULT_MAX_BYTES
from parallax.ingest import read_many

app = typer.Typer(
    help="Parallax: see one news event through many outlets' eyes.\n\n"
    "Read articles from files, URLs or stdin, analyse who says what, and compare outlets "
    "claim by claim. Every finding points at the sentence behind it.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(
    help="Measure Parallax on annotated corpora laid out like ../shared/datasets.",
    no_args_is_help=True,
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


def _progress(items: list[T], label: str) -> Iterator[T]:
    """Yield items, with a progress bar on stderr for long batches in a terminal."""
    if len(items) < 5 or not err.is_terminal:
        yield from items
        return
    with Progress(
        TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True
    ) as progress:
        task = progress.add_task(label, total=len(items))
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
        err.print(f"[red]error:[/] {failure}", markup=True, highlight=False)
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
    title, subtitle, published, byline, language, paragraphs, credits and removed.
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


def _print_article(article: Any) -> None:
    out.rule(f"[bold]{_escape(article.title or '(untitled)')}[/]")
    facts = [
        ("outlet", article.outlet),
        ("published", article.published),
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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# --- evaluation -----------------------------------------------------------------------------


def _run_eval(evaluate: Callable[..., dict[str, Any]], as_json: bool, **kwargs: Any) -> None:
    try:
        result = evaluate(**kwargs)
    except ParallaxError as error:
        err.print(f"[red]error:[/] {error}")
        raise typer.Exit(code=error.exit_code) from None
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
