"""Hostile article text for the report's safety tests.

Every executable payload would set ``window.__xss`` (or open a dialog), so a test can
check in the page that nothing ran. The payloads sit in every field an article
contributes: outlet, title, byline, source URL, body sentences, quotes, speaker names,
labels, agencies, number claims.
"""

from __future__ import annotations

from parallax.model import (
    Comparison,
    Fact,
    FactMention,
    QuantityClaim,
    QuantityComparison,
    QuoteRef,
    Speaker,
    Voices,
    Wording,
)
from parallax.report.synthetic import article_ref

PAYLOADS = (
    "<script>window.__xss = 'script tag'</script>",
    '<img src=x onerror="window.__xss = \'img onerror\'">',
    '"><svg onload="window.__xss = \'svg onload\'">',
    "'><iframe src=\"javascript:parent.__xss = 'iframe'\"></iframe>",
    "</script><script>window.__xss = 'closing script'</script>",
    '<a href="javascript:window.__xss = \'js link\'">click me</a>',
    "<!-- broken <b>markup <i unclosed <div",
    "<style>.px { display: none }</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss='mxss'>",
    "{{ 7 * 7 }} ${window.__xss = 'template'} [bold]rich[/bold] **bold** [link](javascript:x)",
    "\u2028</script>\u2029<script>window.__xss = 'line separators'</script>",
    "&lt;script&gt;window.__xss = 'entities'&lt;/script&gt;",
    "\x1b[31mterminal escape\x1b[0m and \u202eoverride",
    '<button onclick="window.__xss = \'button\'" autofocus onfocus="window.__xss = \'focus\'">x</button>',
)

HOSTILE_URLS = (
    "javascript:window.__xss = 'source link'",
    "data:text/html,<script>window.__xss = 'data url'</script>",
    " JavaScript:window.__xss = 'spaced scheme'",
    "https://outlet.example/story\"><script>window.__xss = 'quote in url'</script>",
)

# What a reader must see literally on the page for these payloads (text, not markup).
VISIBLE_MARKERS = ("<script>window.__xss = 'script tag'</script>", "<!-- broken <b>markup", "{{ 7 * 7 }}")


def hostile_comparison() -> Comparison:
    """Two articles (plus two more for the URLs) whose every text field is a payload."""
    articles = []
    for index, url in enumerate(HOSTILE_URLS):
        payload = PAYLOADS[index % len(PAYLOADS)]
        paragraphs = [
            [f"Sentence {index}-{n}: {PAYLOADS[(index + n) % len(PAYLOADS)]}" for n in range(3)]
            for _ in range(len(PAYLOADS) // 3 + 1)
        ]
        paragraphs.append([f"Plain closing sentence of article {index}."])
        articles.append(
            article_ref(
                f"hostile{index}\"><script>window.__xss='id'</script>",
                paragraphs,
                source=url,
                outlet=f"Outlet {index} {payload}",
                title=f"Title {PAYLOADS[(index + 1) % len(PAYLOADS)]}",
                published=PAYLOADS[(index + 2) % len(PAYLOADS)],
                byline=[PAYLOADS[(index + 3) % len(PAYLOADS)], "Ada <b>Bold</b>"],
            )
        )

    def mention(article: int, sentence: int) -> FactMention:
        ref = articles[article]
        found = ref.sentences[sentence]
        return FactMention(article=ref.id, sentence=found.index, start=found.start, end=found.end, text=found.text)

    facts = [
        Fact(id=f"fact-{n}", verdict=verdict, reason=f"Reason {PAYLOADS[3 * n % len(PAYLOADS)]}",
             mentions=[mention(a, n % 6) for a in articles_for])
        for n, (verdict, articles_for) in enumerate(
            [("conflict", [0, 1]), ("agree", [0, 1, 2, 3]), ("attribution_differs", [1, 2]),
             ("unique", [3]), ("unique", [0]), ("conflict", [2, 3])]
        )
    ]
    claims = [
        QuantityClaim(article=articles[a].id, text=PAYLOADS[a], low=10 * a, high=None if a % 2 else 10 * a + 5,
                      qualifier=PAYLOADS[a + 1], attributed_to=PAYLOADS[a + 2], sentence=1)
        for a in range(4)
    ]
    quotes = [
        QuoteRef(article=articles[a].id, speaker=PAYLOADS[a + 4], entity=f"e{a}", text=PAYLOADS[a + 5],
                 kind="direct", sentence=2)
        for a in range(4)
    ]
    voices = {
        articles[a].id: Voices(
            speakers=[Speaker(name=PAYLOADS[a + 4], entity=f"e{a}", affiliation=PAYLOADS[a + 6], quotes=1, words=5)],
            agencies=[PAYLOADS[a + 7]],
        )
        for a in range(4)
    }
    wording = [
        Wording(concept=PAYLOADS[0], kind="loaded",
                labels={ref.id: [PAYLOADS[n + 1], PAYLOADS[n + 2]] for n, ref in enumerate(articles)},
                evidence=[mention(0, 0), mention(1, 1)]),
    ]
    return Comparison(
        articles=articles,
        facts=facts,
        quantities=[QuantityComparison(id="q-hostile", counted=PAYLOADS[1], event=PAYLOADS[2], verdict="conflict",
                                       reason=PAYLOADS[3], claims=claims)],
        quotes=quotes,
        wording=wording,
        voices=voices,
    )
