"""The report as Markdown, for pasting into a newsroom wiki or an issue tracker.

Article text is escaped so that it shows as typed: no HTML, links, emphasis or tables can
come out of a title or a quote. Links are emitted only for http(s) sources.
"""

from __future__ import annotations

import re

from parallax.model import Comparison, Fact, Speaker
from parallax.report.view import (
    QUANTITY_VERDICT_SYMBOLS,
    VERDICT_NAMES,
    VERDICT_SYMBOLS,
    ArticleView,
    article_views,
    clean_text,
    describe_interval,
    fact_articles,
    fact_headline,
    ordered_facts,
    quantity_title,
    report_title,
    summarize,
    voice_rows,
)

# Inline syntax CommonMark/GitHub could act on anywhere in a line ("(" and "!" are inert
# once "[" is escaped; "#" and "@" would link issues and notify users on GitHub).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~&$@])")
# Syntax that only acts at the start of a line: lists, headings' underlines, quotes.
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=:>])")


def escape(text: str | None) -> str:
    """Text that CommonMark and GitHub render literally, on one line."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", clean_text(text))
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def _link(url: str) -> str:
    """An autolink-free inline link whose target cannot break out of its parentheses."""
    target = url
    for raw, encoded in (("\\", "%5C"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        target = target.replace(raw, encoded)
    return f"[{escape(url)}]({target})"


def _name(view: ArticleView) -> str:
    return f"**{view.letter}** {escape(view.label)}"


def _quote_lines(fact: Fact, by_id: dict[str, ArticleView]) -> list[str]:
    lines = []
    for mention in fact.mentions:
        view = by_id.get(mention.article)
        if view is None:
            continue
        sentence = view.sentences.get(mention.sentence)
        where = f" (¶{sentence.paragraph + 1})" if sentence else ""
        text = clean_text(mention.text) or view.sentence_text(mention.sentence)
        lines.append(f"> {_name(view)}{where}: {escape(text)}")
        lines.append(">")
    return lines[:-1]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell or "–" for cell in row) + " |" for row in rows]
    return lines


def render_markdown(comparison: Comparison) -> str:
    """Summary, conflicts, attribution differences, omissions, numbers, wording and voices,
    each finding followed by the sentences it rests on."""
    views = article_views(comparison)
    by_id = {view.ref.id: view for view in views}
    summary = summarize(comparison)
    facts = ordered_facts(comparison.facts)
    out = [f"# Parallax comparison: {escape(report_title(views))}", ""]

    out += _table(
        ["", "Outlet", "Title", "Published", "Byline", "Source"],
        [
            [
                f"**{view.letter}**",
                escape(view.label),
                escape(view.ref.title),
                escape(view.ref.published),
                escape(view.byline),
                _link(view.url) if view.url else escape(view.ref.source),
            ]
            for view in views
        ],
    )
    out += ["", "## Summary", ""]
    for verdict, count in summary.verdicts.items():
        noun = "fact" if count == 1 else "facts"
        out.append(f"- {VERDICT_SYMBOLS[verdict]} **{count}** {noun} {VERDICT_NAMES[verdict]}")
    out.append(
        f"- Coverage overlap: {summary.shared_facts} of {summary.facts} facts "
        f"({round(100 * summary.overlap)}%) are reported by more than one article"
    )
    if comparison.quantities:
        counts = ", ".join(
            f"{QUANTITY_VERDICT_SYMBOLS[verdict]} {count} {verdict}"
            for verdict, count in summary.quantity_verdicts.items()
            if count
        )
        out.append(f"- Numbers compared: {len(comparison.quantities)} ({counts})")
    out += [""]
    out += _table(
        ["Article", "Reports", "Shared", "Only here", "Leaves out"],
        [
            [_name(view), *(str(getattr(summary.coverage[view.ref.id], name))
                            for name in ("reported", "shared", "only_here", "missing"))]
            for view in views
        ],
    )

    for verdict, heading in (("conflict", "Conflicts"), ("attribution_differs", "Attribution differs")):
        selected = [fact for fact in facts if fact.verdict == verdict]
        if not selected:
            continue
        out += ["", f"## {heading}", ""]
        for fact in selected:
            out += [f"### {VERDICT_SYMBOLS[verdict]} {escape(fact.reason) or escape(fact_headline(fact))}", ""]
            out += _quote_lines(fact, by_id) + [""]

    out += _omissions(facts, views, by_id)

    agreed = [fact for fact in facts if fact.verdict == "agree"]
    if agreed:
        out += ["", "## Agreements", ""]
        for fact in agreed:
            letters = ", ".join(by_id[a].letter for a in fact_articles(fact) if a in by_id)
            out.append(f"- {escape(fact_headline(fact, 160))} ({letters})")

    out += _numbers(comparison, by_id)
    out += _wording(comparison, views)
    out += _voices(comparison, views, by_id)
    return "\n".join(out).rstrip() + "\n"


def _omissions(facts: list[Fact], views: list[ArticleView], by_id: dict[str, ArticleView]) -> list[str]:
    out: list[str] = []
    unique = [fact for fact in facts if fact.verdict == "unique" or len(fact_articles(fact)) == 1]
    unique_ids = {fact.id for fact in unique}
    partial = [
        fact
        for fact in facts
        if fact.id not in unique_ids and 1 < len(set(fact_articles(fact)) & set(by_id)) < len(views)
    ]
    if not unique and not partial:
        return out
    out += ["", "## Omissions", "", "Facts some articles report and others leave out.", ""]
    for view in views:
        own = [fact for fact in unique if view.ref.id in fact_articles(fact)]
        if not own:
            continue
        out += [f"### Only in {_name(view)}", ""]
        for fact in own:
            text = next((m.text for m in fact.mentions if m.article == view.ref.id), "")
            out.append(f"- {escape(text) or escape(fact.reason)}")
        out.append("")
    if partial:
        out += ["### Reported by some, left out by others", ""]
        for fact in partial:
            reporting = fact_articles(fact)
            missing = ", ".join(_name(v) for v in views if v.ref.id not in reporting)
            out += [f"- {escape(fact_headline(fact, 160))} — left out by {missing}", ""]
            out += ["  " + line for line in _quote_lines(fact, by_id)] + [""]
    return out


def _numbers(comparison: Comparison, by_id: dict[str, ArticleView]) -> list[str]:
    out: list[str] = []
    if not comparison.quantities:
        return out
    out += ["", "## Numbers", ""]
    for quantity in comparison.quantities:
        symbol = QUANTITY_VERDICT_SYMBOLS.get(quantity.verdict, "?")
        title = escape(quantity_title(quantity.counted, quantity.event))
        out += [f"### {symbol} {title}: {quantity.verdict}", "", escape(quantity.reason), ""]
        rows = []
        for claim in quantity.claims:
            view = by_id.get(claim.article)
            if view is None:
                continue
            rows.append(
                [
                    _name(view),
                    escape(describe_interval(claim)),
                    escape(claim.text),
                    escape(claim.qualifier),
                    escape(claim.attributed_to),
                    escape(view.sentence_text(claim.sentence)),
                ]
            )
        out += _table(["Article", "Interval", "Says", "Qualifier", "According to", "Sentence"], rows)
        out.append("")
    return out


def _wording(comparison: Comparison, views: list[ArticleView]) -> list[str]:
    if not comparison.wording:
        return []
    rows = []
    for wording in comparison.wording:
        concept = escape(wording.concept) + (" (loaded)" if wording.kind == "loaded" else "")
        rows.append(
            [concept, *(", ".join(escape(label) for label in wording.labels.get(v.ref.id, [])) for v in views)]
        )
    return ["", "## Wording", "", *_table(["Concept", *(_name(v) for v in views)], rows), ""]


def _voice_cell(speaker: Speaker) -> str:
    quotes, words = speaker.quotes, speaker.words
    headline = ", in the headline" if speaker.headline_quotes else ""
    return f"{quotes} {'quote' if quotes == 1 else 'quotes'}, {words} words{headline}"


def _voices(comparison: Comparison, views: list[ArticleView], by_id: dict[str, ArticleView]) -> list[str]:
    rows = voice_rows(comparison)
    if not rows and not comparison.quotes:
        return []
    out = ["", "## Voices", ""]
    if rows:
        table = []
        for row in rows:
            name = escape(row.name) or "(unnamed)"
            if row.affiliation:
                name += f" ({escape(row.affiliation)})"
            cells = []
            for view in views:
                speaker = row.per_article.get(view.ref.id)
                cells.append(_voice_cell(speaker) if speaker else "")
            table.append([name, *cells])
        agencies = [
            ", ".join(escape(a) for a in comparison.voices[v.ref.id].agencies) if v.ref.id in comparison.voices else ""
            for v in views
        ]
        table.append(["*Agencies credited*", *agencies])
        out += _table(["Speaker", *(_name(v) for v in views)], table) + [""]
    if comparison.quotes:
        out += ["### Quotes", ""]
        for quote in comparison.quotes:
            view = by_id.get(quote.article)
            if view is None:
                continue
            speaker = escape(quote.speaker) or "(unattributed)"
            out.append(f"- {_name(view)} — {speaker} ({quote.kind}): “{escape(quote.text)}”")
        out.append("")
    return out
