"""The terminal report (rich): the findings an editor reads first, with their sentences.

Article text goes through ``rich.text.Text`` (never console markup) after control
characters are stripped, so neither ``[bold]`` nor terminal escape codes in an article can
change what the terminal shows.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from parallax.model import Comparison, Fact
from parallax.report.view import (
    CELL_SYMBOLS,
    QUANTITY_VERDICT_SYMBOLS,
    VERDICT_NAMES,
    VERDICT_SYMBOLS,
    ArticleView,
    article_views,
    cell_state,
    clean_text,
    describe_interval,
    fact_headline,
    ordered_facts,
    quantity_title,
    summarize,
    voice_rows,
)

VERDICT_STYLES = {
    "agree": "blue",
    "conflict": "bold red",
    "attribution_differs": "yellow",
    "unique": "magenta",
    "compatible": "blue",
}
STATE_STYLES = {"reported": "blue", "conflicting": "bold red", "attributed": "yellow", "missing": "dim"}
# Findings listed in full per verdict; the rest are counted (the HTML report has them all).
MAX_FACTS_PER_SECTION = 12


def _evidence(fact: Fact, by_id: dict[str, ArticleView]) -> Group:
    lines = []
    for mention in fact.mentions:
        view = by_id.get(mention.article)
        if view is None:
            continue
        text = clean_text(mention.text) or view.sentence_text(mention.sentence)
        lines.append(Text.assemble("  ", (view.letter, "bold"), " “", text, "”"))
    return Group(*lines)


def render_text(comparison: Comparison, console: Console) -> None:
    """Print the comparison: articles, summary, matrix, findings, numbers, wording, voices."""
    views = article_views(comparison)
    by_id = {view.ref.id: view for view in views}
    summary = summarize(comparison)

    articles = Table(box=box.SIMPLE_HEAD, title="Articles compared", title_justify="left")
    for column in ("", "Outlet", "Title", "Published", "Byline", "Source"):
        articles.add_column(column, overflow="fold")
    for view in views:
        articles.add_row(
            Text(view.letter, style="bold"),
            Text(view.label),
            Text(clean_text(view.ref.title)),
            Text(clean_text(view.ref.published)),
            Text(view.byline),
            Text(view.url or clean_text(view.ref.source), style="underline" if view.url else ""),
        )
    console.print(articles)

    tally = Text()
    for verdict, count in summary.verdicts.items():
        tally.append(f"{VERDICT_SYMBOLS[verdict]} {count} {VERDICT_NAMES[verdict]}   ", VERDICT_STYLES[verdict])
    tally.append(
        f"\n{summary.shared_facts} of {summary.facts} facts ({round(100 * summary.overlap)}%) "
        "are reported by more than one article."
    )
    if comparison.quantities:
        counts = ", ".join(
            f"{QUANTITY_VERDICT_SYMBOLS[v]} {n} {v}" for v, n in summary.quantity_verdicts.items() if n
        )
        tally.append(f"\nNumbers compared: {len(comparison.quantities)} ({counts}).")
    console.print(Panel(tally, title="At a glance", title_align="left"))

    facts = ordered_facts(comparison.facts)
    if facts:
        matrix = Table(box=box.SIMPLE_HEAD, title="Coverage", title_justify="left",
                       caption="✓ reported  ✗ conflicting  ◐ differently attributed  – missing",
                       caption_justify="left")
        # The headline gives way, never the article columns: each letter column takes 4
        # cells with its padding, and Rich would otherwise squeeze them out on narrow terminals.
        headline_width = max(20, console.width - 4 * len(views) - 4)
        matrix.add_column("Fact", ratio=1, overflow="ellipsis", no_wrap=True, max_width=headline_width)
        for view in views:
            matrix.add_column(view.letter, justify="center", no_wrap=True, min_width=1)
        for fact in facts[: 3 * MAX_FACTS_PER_SECTION]:
            states = [cell_state(fact, view.ref.id) for view in views]
            matrix.add_row(
                Text(f"{VERDICT_SYMBOLS[fact.verdict]} {fact_headline(fact, 90)}", VERDICT_STYLES[fact.verdict]),
                *(Text(CELL_SYMBOLS[state], STATE_STYLES[state]) for state in states),
            )
        console.print(matrix)

    for verdict, heading in (
        ("conflict", "Conflicts"),
        ("attribution_differs", "Attribution differs"),
        ("unique", "Only in one article"),
    ):
        selected = [fact for fact in facts if fact.verdict == verdict]
        if not selected:
            continue
        console.rule(Text(f"{VERDICT_SYMBOLS[verdict]} {heading} ({len(selected)})", VERDICT_STYLES[verdict]))
        for fact in selected[:MAX_FACTS_PER_SECTION]:
            console.print(Text(clean_text(fact.reason) or fact_headline(fact), style="bold"))
            console.print(_evidence(fact, by_id))
        if len(selected) > MAX_FACTS_PER_SECTION:
            console.print(Text(f"… and {len(selected) - MAX_FACTS_PER_SECTION} more (see --format html)", "dim"))

    if comparison.quantities:
        console.rule("Numbers")
        numbers = Table(box=box.SIMPLE_HEAD)
        for column in ("Number", "Article", "Interval", "Says", "According to"):
            numbers.add_column(column, overflow="fold")
        for quantity in comparison.quantities:
            style = VERDICT_STYLES.get(quantity.verdict, "")
            title = Text(
                f"{QUANTITY_VERDICT_SYMBOLS.get(quantity.verdict, '?')} "
                f"{quantity_title(quantity.counted, quantity.event)}: {quantity.verdict}",
                style,
            )
            for position, claim in enumerate(quantity.claims):
                view = by_id.get(claim.article)
                numbers.add_row(
                    title if position == 0 else Text(""),
                    Text(view.letter if view else "?", style="bold"),
                    Text(describe_interval(claim)),
                    Text(clean_text(claim.text)),
                    Text(clean_text(claim.attributed_to) or "unattributed"),
                    end_section=position == len(quantity.claims) - 1,
                )
        console.print(numbers)

    if comparison.wording:
        console.rule("Wording")
        wording = Table(box=box.SIMPLE_HEAD)
        wording.add_column("Concept", overflow="fold")
        for view in views:
            wording.add_column(view.letter, overflow="fold")
        for item in comparison.wording:
            concept = Text(clean_text(item.concept))
            if item.kind == "loaded":
                concept.append(" (loaded)", "red")
            wording.add_row(
                concept,
                *(Text(", ".join(clean_text(label) for label in item.labels.get(v.ref.id, [])) or "–")
                  for v in views),
            )
        console.print(wording)

    rows = voice_rows(comparison)
    if rows:
        console.rule("Voices (quotes / words quoted)")
        voices = Table(box=box.SIMPLE_HEAD)
        voices.add_column("Speaker", overflow="fold")
        for view in views:
            voices.add_column(view.letter, justify="right")
        for row in rows:
            cells = []
            for view in views:
                speaker = row.per_article.get(view.ref.id)
                headline = " (headline)" if speaker and speaker.headline_quotes else ""
                cells.append(Text(f"{speaker.quotes} / {speaker.words}{headline}" if speaker else "–"))
            voices.add_row(Text(row.name or "(unnamed)"), *cells)
        console.print(voices)
