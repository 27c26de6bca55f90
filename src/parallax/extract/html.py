"""Extracting the article from an HTML page.

One cascade, each stage a small function:

1. parse the page once (trafilatura's tolerant loader);
2. extract the body and metadata with trafilatura in precision mode (comments off),
   restoring short runs of body lines that only a default-mode pass keeps, and falling
   back to recall mode when precision finds nothing; the date comes from htmldate, which
   trafilatura runs with ``original_date`` and extensive search;
3. clean the body line by line: drop lines that repeat the title and the boilerplate
   trafilatura lets through (newsletter prompts, share/follow lines, related-link
   headers, copyright, timestamps), moving image and wire credits to ``credits``;
4. list the page furniture (menus, share bars, footers, captions) with a reason, for the
   audit trail and to drop body lines that are really share bars or footers;
5. read title, subtitle, byline, outlet and language.

On the ScrapingHub benchmark each stage adds to trafilatura's defaults (0.962 -> 0.983
F1 on the dev pages); the figures are in docs/quality.md.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import trafilatura
from lxml.html import HtmlElement
from trafilatura.settings import Document

from parallax.errors import ExtractionError
from parallax.extract import metadata
from parallax.extract.text import WIRE_AGENCIES, agency_names, caption_credit, is_wire_credit, split_names
from parallax.model import Article, RemovedLine

_AGENCIES = {name.lower() for name in WIRE_AGENCIES}

# A boilerplate pattern only removes a short line: prompts, menus and credits are short,
# and a long line that merely starts like one is body text. 30 words keeps every
# ground-truth line of the ScrapingHub dev pages that a pattern matched.
BOILERPLATE_MAX_WORDS = 30
# Datelines and timestamps are shorter still ("Updated at 1:23 p.m.").
TIMESTAMP_MAX_WORDS = 10
# Fewer words than this is a menu or a stub that trafilatura's fallbacks picked up, not
# an article: the shortest ground-truth body in the ScrapingHub dev pages has 42 words.
MIN_BODY_WORDS = 5
# Longest run of body lines a default-mode pass may restore inside the precision body:
# 1 to 5 scored the same on the ScrapingHub dev pages; 2 keeps the restore conservative.
GAP_MAX_LINES = 2
# Audit lines longer than this are article-like text, not furniture worth listing.
AUDIT_MAX_CHARS = 200
AUDIT_MAX_LINES = 200
# An element with more text than this is a layout wrapper even if its class says "nav".
FURNITURE_MAX_CHARS = 3000

_LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("navigation", re.compile(
        r"^(skip to\b|jump to\b|back to top$|(main )?menu$|home$|search$|toggle navigation|(log|sign) ?(in|out)$|"
        r"next (article|story|post)\b|previous (article|story|post)\b|you are here:)", re.I)),
    ("share/follow", re.compile(
        r"^(share( this( article| story| post)?)?( on \w+)?:?$|tweet( this)?$|e-?mail( this)?$|print( this)?$|"
        r"pin it$|click to (share|tweet)\b|"
        r"((facebook|twitter|linkedin|whatsapp|reddit|email|print|telegram|pinterest)[\s|,•·]*){2,}$)", re.I)),
    ("advertisement", re.compile(
        r"^(advertisement|advertising|sponsored( content)?|promoted|story continues below( advertisement)?)\.?$",
        re.I)),
    ("copyright", re.compile(r"^\(?\s*(copyright\b|©|\(c\)\s)|\ball rights reserved\b", re.I)),
    ("newsletter", re.compile(
        r"\bnewsletters?\b|^(subscribe|sign up|get the latest\b|get (our|the) (best|top|latest)\b|"
        r"(become|join) (a |our )?(member|subscriber)s?\b|already (a )?(member|subscriber))", re.I)),
    ("related links", re.compile(
        r"^(related|read more|more|also|see more|see also|also read|read also|more from [\w .]+|"
        r"recommended( for you)?|you (may|might) also like|most (read|popular|viewed)( in [\w ]+)?|"
        r"don'?t miss|related (articles|stories|coverage|content|links))\s*(:|\.\.\.|…|$)", re.I)),
    ("promotion", re.compile(r"\bclick here\b|\[/?button\b", re.I)),
    ("tags", re.compile(r"^(tags?|filed under|posted in|categories|topics)\s*:", re.I)),
    ("comments", re.compile(
        r"^(\d+\s+)?comments?$|^(leave a (comment|reply)|join the (conversation|discussion)|"
        r"tell us what you think|add (a|your) comment|show comments|view comments)\b", re.I)),
    ("reading time", re.compile(
        r"^\d+\s*min(ute)?s?\.?\s*(read)?$|^(reading time|read time|tempo de leitura|tiempo de lectura|"
        r"temps de lecture|lesezeit|lesedauer)\b", re.I)),
    # Teasers for other stories carry a bracketed label: "... jibe [INSIGHT]", "... [VIDEO]".
    ("related links", re.compile(r"\[[A-Z][A-Z ]{2,}\]\W*$")),
]
# Promotion sentences recognisable anywhere in a line, up to an author-bio length line.
PROMO_SENTENCE_MAX_WORDS = 60
_PROMO_SENTENCES: list[tuple[str, re.Pattern[str]]] = [
    ("share/follow", re.compile(
        r"\bfollow (us|him|her|them|@?[\w.’']+( [\w.’']+){0,4}) on (twitter|facebook|instagram|linkedin|youtube|"
        r"tiktok|social media)\b|^follow\b.{0,120}\bat https?://", re.I)),
]
_LIST_BULLET = "- "  # how trafilatura's text output marks list items
_TWEET_PROMPT = re.compile(r"\s*click to tweet\s*$", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_CONTACT_CUE = re.compile(r"\b(tip|reached|contact|e-?mail|write to)\b", re.I)
_IMAGE_CREDIT = re.compile(
    r"^\(?\s*((photo|image|picture)\s+(credit|source)s?|image|images|photo|photos|photograph|picture|pictures|"
    r"foto|bild|credit|credits|illustration)\s*(:|by\b|©)\s*\S", re.I)
_CAPTION_CREDIT = re.compile(
    r"\b(photos?|images?|pictures?)\s*©|\((?P<credit>(photo|image|credit)s?:\s*[^)]+)\)?\s*$", re.I)
_SOURCE_CREDIT = re.compile(r"^sources?\s*:\s*(?P<names>[^.]{2,60})$", re.I)
_REPORTING_CREDIT = re.compile(
    r"^((additional )?reporting by\b.{3,120}|.{3,120}\bcontributed (reporting )?to this (report|story|article)\.?)$",
    re.I)
_WIRE_CREDIT = re.compile(r"^(?:[a-z]{1,4}(?:/[a-z]{1,4})*\s*)?\((?P<names>[^()]{2,80})\)\s*$")
_BYLINE_LINE = re.compile(r"^(?i:by)\s+(?P<names>[A-Z][^.!?]{2,80})$")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[:.]\d{2})?\s*[ap]\.?m\.?(?!\w)", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")
_TIMESTAMP_LABEL = re.compile(r"^(updated|published|posted|last updated|modified)\b", re.I)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
_WORD = re.compile(r"\w+")
# A month trafilatura leaves after a two-word name ("Jane Roe November"); May is also a
# surname, so it stays.
_TRAILING_MONTH = re.compile(
    r"^(\S+\s+\S+.*?)\s+(january|february|march|april|june|july|august|september|october|november|december)"
    r"(\s+\d{1,4},?)*$", re.I)
_ROLE_WORDS = re.compile(
    r"\b(writer|correspondent|editor|reporter|staff|contributor|columnist|news service|wire services?|"
    r"published|editorial|admin)\b", re.I)
_INITIALS_ONLY = re.compile(r"[A-Z]{1,4}")
_AGENCY_SUFFIX = re.compile(
    r"\s+(?P<agency>" + "|".join(re.escape(name) for name in sorted(WIRE_AGENCIES, key=len, reverse=True)
                                if len(name) > 3) + r")$")
_CREDIT_CONNECTORS = {"via", "and", "for", "de", "von", "van", "der", "of", "the", "by"}
# "Photo: Jane Roe/Agency" runs to a few words; calibrated on captions in the dev pages.
CREDIT_MAX_WORDS = 8

# Page furniture trafilatura cuts, recognised by tag or by class/id words; the reason is
# what a user auditing the cut would call it.
_FURNITURE_TAGS = {"nav": "navigation", "footer": "footer", "aside": "sidebar", "figcaption": "image caption"}
# Furniture whose lines are never body text, even when trafilatura keeps them.
# Menus and related links are left out: breadcrumbs repeat the article's own headings.
_FURNITURE_NOT_BODY = {"share/follow", "footer", "newsletter", "copyright"}
# Furniture made of links, one item per link.
_LINK_LIST_REASONS = {"navigation", "share/follow", "related links", "sidebar"}
_SKIPPED_TAGS = {"script", "style", "noscript", "template", "svg", "head"}
_BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "figure", "section",
    "br", "tr", "td", "dd", "dt", "header", "footer", "nav", "aside", "button", "form", "table",
}
_FURNITURE_CLASSES: list[tuple[str, re.Pattern[str]]] = [
    ("share/follow", re.compile(r"share|social|follow", re.I)),
    ("image credit", re.compile(r"credit", re.I)),
    ("image caption", re.compile(r"caption", re.I)),
    ("copyright", re.compile(r"copyright|legal", re.I)),
    ("newsletter", re.compile(r"newsletter|subscribe|signup", re.I)),
    ("related links", re.compile(r"related|recommend|more-stories|read-more|outbrain|taboola", re.I)),
    ("navigation", re.compile(r"\b(nav|navbar|menu|breadcrumbs?)\b|navigation", re.I)),
    ("footer", re.compile(r"footer", re.I)),
]

_ANY_FURNITURE_CLASS = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _FURNITURE_CLASSES), re.I)


@dataclass
class CleanedBody:
    """The body after line cleaning, with everything cut and every credit found."""

    paragraphs: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    byline: list[str] = field(default_factory=list)


def extract_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Extract the article (body, metadata, credits, audit trail) from one HTML page."""
    tree = trafilatura.load_html(html)
    extracted = _extract_document(tree, url) if tree is not None else None
    if extracted is None:
        raise ExtractionError(source, "no article body found")
    document, lines = extracted
    title = _clean_title(document.title, document.sitename)
    body = clean_body(lines, title=title, sitename=document.sitename)
    furniture = list(_furniture_lines(tree))
    _drop_furniture(body, furniture)
    if sum(len(paragraph.split()) for paragraph in body.paragraphs) < MIN_BODY_WORDS:
        raise ExtractionError(source, "no article body found")
    kept = {_normalise(paragraph) for paragraph in body.paragraphs}
    audit = [line for line in furniture if _normalise(line.text) not in kept]
    audit_credits = [credit for line in audit for credit in _credits(line.text, line.reason)]
    outlet = _outlet(document.sitename, url)
    authors, author_agencies = _split_authors(_byline(document.author) or body.byline, outlet)
    article = Article(
        source=source,
        title=title,
        subtitle=_subtitle(document.description, title, body.paragraphs),
        published=document.date,
        byline=authors,
        outlet=outlet,
        paragraphs=body.paragraphs,
        credits=list(dict.fromkeys(body.credits + author_agencies + audit_credits)),
        removed=_dedupe(body.removed + audit),
    )
    article.language = metadata.detect_language(article.text)
    return article


# --- 2. trafilatura -----------------------------------------------------------------------


def _extract_document(tree: HtmlElement, url: str | None) -> tuple[Document, list[str]] | None:
    """The precision-mode document and its body lines, with short gaps filled from a default pass.

    Precision mode scored 0.973 F1 against 0.962 for the defaults on the ScrapingHub dev
    pages, but it also drops some body lines (link-only subheadings, short notes). A
    second, default-mode pass supplies those: a run of at most ``GAP_MAX_LINES`` lines that
    the default pass has *between* two lines precision kept is restored (+0.0014 F1 on
    both halves of the dev pages, no page worse). Lines the default pass adds before or
    after the precision body are left out: that is where related links and footers sit.
    Recall mode is the last resort when precision finds nothing at all.
    """
    precise = _bare_extraction(tree, url, favor_precision=True, with_metadata=True)
    if precise is None:
        broad = _bare_extraction(tree, url, favor_recall=True, with_metadata=True)
        return (broad, broad.text.split("\n")) if broad is not None else None
    default = _bare_extraction(tree, url, with_metadata=False, fast=True)
    lines = precise.text.split("\n")
    if default is not None:
        lines = merge_interior_lines(lines, default.text.split("\n"))
    return precise, lines


def _bare_extraction(tree: HtmlElement, url: str | None, **options: bool) -> Document | None:
    document = trafilatura.bare_extraction(tree, url=url, include_comments=False, include_tables=True, **options)
    if isinstance(document, Document) and (document.text or "").strip():
        return document
    return None


def merge_interior_lines(precise: list[str], broad: list[str]) -> list[str]:
    """``precise`` plus the short runs of ``broad`` lines that fall inside it."""
    precise = [line for line in precise if line.strip()]
    broad = [line for line in broad if line.strip()]
    merged: list[str] = []
    matcher = difflib.SequenceMatcher(a=precise, b=broad, autojunk=False)
    for tag, start, end, broad_start, broad_end in matcher.get_opcodes():
        merged += precise[start:end]
        interior = 0 < start and end < len(precise)
        if tag == "insert" and interior and broad_end - broad_start <= GAP_MAX_LINES:
            # Teasers for other stories are often set in capitals; body lines rarely are.
            merged += [line for line in broad[broad_start:broad_end] if not line.isupper()]
    return merged


# --- 3. line cleaning -----------------------------------------------------------------------


def clean_body(lines: list[str], *, title: str | None = None, sitename: str | None = None) -> CleanedBody:
    """Split trafilatura's lines into body paragraphs, credits and audited cuts."""
    body = CleanedBody()
    title_key = _normalise(title or "")
    in_related_list = False
    for raw in lines:
        line = _TWEET_PROMPT.sub("", " ".join(raw.split()))
        if not line:
            continue
        reason = _line_reason(line, title_key)
        # The list items under a "Related:" / "More:" header are the related links.
        is_list_item = line.startswith(_LIST_BULLET)
        if reason is None and in_related_list and is_list_item:
            reason = "related links"
        in_related_list = reason == "related links" and (is_list_item or not in_related_list)
        if reason is None:
            body.paragraphs.append(line)
            continue
        body.removed.append(RemovedLine(text=line, reason=reason))
        if reason == "wire credit":
            body.credits.extend(agency_names(_WIRE_CREDIT.match(line).group("names")))
        elif reason in ("image credit", "reporting credit", "source credit"):
            body.credits.append(_credit_text(line))
        elif reason == "byline":
            body.byline = body.byline or split_names(_BYLINE_LINE.match(line).group("names"))
    if sitename:
        _drop_trailing_sitename(body, sitename)
    return body


def _line_reason(line: str, title_key: str) -> str | None:
    """Why a line is not body text, or None when it is."""
    if title_key and _normalise(line) == title_key:
        return "title"
    words = len(line.split())
    if words > BOILERPLATE_MAX_WORDS:
        return _promo_reason(line)
    if _is_image_credit(line):
        return "image credit"
    if is_wire_credit(line):
        return "wire credit"
    if _REPORTING_CREDIT.match(line):
        return "reporting credit"
    if _SOURCE_CREDIT.match(line):
        return "source credit"
    if _BYLINE_LINE.match(line) and words <= 8:
        return "byline"
    if _EMAIL.search(line) and _CONTACT_CUE.search(line):
        return "contact"
    if words <= TIMESTAMP_MAX_WORDS and _is_timestamp(line):
        return "timestamp"
    for reason, pattern in _LINE_RULES:
        if pattern.search(line):
            return reason
    return _promo_reason(line)


def _promo_reason(line: str) -> str | None:
    if len(line.split()) > PROMO_SENTENCE_MAX_WORDS:
        return None
    return next((reason for reason, pattern in _PROMO_SENTENCES if pattern.search(line)), None)


def _is_image_credit(line: str) -> bool:
    """'Photo: AP', 'Image: picture-alliance/dpa', '... photos © Studio X' (not 'Photos: Cars for sale')."""
    match = _IMAGE_CREDIT.match(line)
    if match:
        return _looks_like_credit_name(line[match.end() - 1 :])
    return bool(_CAPTION_CREDIT.search(line))


def _looks_like_credit_name(text: str) -> bool:
    """Names and agencies are capitalised; a teaser ('Million-dollar cars for auction') is not."""
    words = text.strip(" ()").split()
    if not words or len(words) > CREDIT_MAX_WORDS:
        return False
    plain = [
        word for word in words
        if word[0].islower() and word not in _CREDIT_CONNECTORS and not re.search(r"[/.@]", word)
    ]
    return len(plain) <= 1


def _is_timestamp(line: str) -> bool:
    """A line that only dates the page: 'Updated at 1:23 p.m.', '11/19/2019 5:45 AM PST'."""
    if _TIMESTAMP_LABEL.match(line) and (_CLOCK.search(line) or metadata.find_date(line)):
        return True
    if metadata.parse_dateline(line):
        return True
    # A clock time and a date together, with no sentence around them.
    has_date = bool(metadata.find_date(line) or _NUMERIC_DATE.search(line) or re.search(r"\b(19|20)\d\d\b", line))
    return bool(_CLOCK.search(line)) and has_date and not line.rstrip().endswith((".", "!", "?", '"', "”"))


def _credit_text(line: str) -> str:
    """The credit itself: a caption's trailing '(Credit: X)' without the caption, or the line."""
    caption = _CAPTION_CREDIT.search(line)
    if caption and caption.group("credit"):
        return caption.group("credit").strip()
    return line.strip("() ")


def _credits(text: str, reason: str) -> list[str]:
    """The credits an audited line gives: a credit-classed element names the source."""
    if is_wire_credit(text):
        return agency_names(_WIRE_CREDIT.match(text).group("names"))
    if _is_image_credit(text):
        return [_credit_text(text)]
    if reason == "image caption" and caption_credit(text):
        return [caption_credit(text)]  # type: ignore[list-item]
    if reason == "image credit" and _looks_like_credit_name(text):
        return [f"Image: {text.strip('() ')}"]
    return []


def _drop_furniture(body: CleanedBody, furniture: list[RemovedLine]) -> None:
    """Body lines that are exactly a menu, share bar or footer line of the page are furniture."""
    reasons = {
        _normalise(line.text): line.reason
        for line in furniture
        if line.reason in _FURNITURE_NOT_BODY and len(line.text.split()) <= BOILERPLATE_MAX_WORDS
    }
    paragraphs = []
    for paragraph in body.paragraphs:
        reason = reasons.get(_normalise(paragraph))
        if reason:
            body.removed.append(RemovedLine(text=paragraph, reason=reason))
        else:
            paragraphs.append(paragraph)
    body.paragraphs = paragraphs


def _drop_trailing_sitename(body: CleanedBody, sitename: str) -> None:
    """A last line that is only the outlet's name is a masthead, not body."""
    if body.paragraphs and _normalise(body.paragraphs[-1]) == _normalise(sitename):
        body.removed.append(RemovedLine(text=body.paragraphs.pop(), reason="masthead"))


# --- 4. metadata ---------------------------------------------------------------------------------


def _clean_title(title: str | None, sitename: str | None) -> str | None:
    """The headline without a trailing ' - Outlet' / ' | Outlet' suffix."""
    if not title:
        return None
    title = " ".join(title.split())
    parts = _TITLE_SEPARATOR.split(title)
    if sitename and len(parts) > 1 and _normalise(parts[-1]) == _normalise(sitename):
        title = title[: title.rfind(parts[-1])].rstrip(" |–—-")
    return title or None


def _subtitle(description: str | None, title: str | None, paragraphs: list[str]) -> str | None:
    """The page description when it is a standfirst, not the title or the lede again."""
    if not description:
        return None
    description = " ".join(description.split())
    key = _normalise(description.rstrip(".… "))
    if not key or key == _normalise(title or ""):
        return None
    body_key = _normalise(" ".join(paragraphs[:3]))
    # Descriptions cut short with '…' are the lede; compare on the first 12 words.
    head = " ".join(key.split()[:12])
    return None if head in body_key else description


def _byline(author: str | None) -> list[str]:
    """trafilatura joins authors with '; '; split those and 'A and B' lists, drop 'By'.

    A date trafilatura sometimes leaves glued to the name ('Jane Roe November') goes too.
    """
    if not author:
        return []
    names: list[str] = []
    for part in author.split(";"):
        part = _TRAILING_MONTH.sub(r"\1", re.sub(r"^\s*by\s+", "", part.strip(), flags=re.I))
        names += [_TRAILING_MONTH.sub(r"\1", name).strip() for name in split_names(part)]
    return list(dict.fromkeys(name for name in names if name))


def _split_authors(names: list[str], outlet: str | None) -> tuple[list[str], list[str]]:
    """People for the byline; wire agencies for the credits; roles and the outlet dropped.

    trafilatura's author field mixes in job titles ('AP Auto Writer'), the outlet itself
    ('CNN Business') and agencies ('Jill Roe Associated Press'); capitals are normalised
    ('STEVE ROE' -> 'Steve Roe').
    """
    people: list[str] = []
    agencies: list[str] = []
    outlet_words = set(_normalise(outlet or "").split())
    for name in names:
        agency = _AGENCY_SUFFIX.search(name)
        if agency:
            agencies.append(agency.group("agency"))
            name = name[: agency.start()].strip()
        words = set(_normalise(name).split()) - {"the", "by"}
        if not words or _ROLE_WORDS.search(name) or name.lower().removeprefix("the ") in _AGENCIES:
            if name.lower().removeprefix("the ") in _AGENCIES:
                agencies.append(name)
            continue
        if outlet_words and (words <= outlet_words or outlet_words <= words):
            continue
        if _INITIALS_ONLY.fullmatch(name):  # degrees and initials: 'MS', 'RDN'
            continue
        people.append(name.title() if name.isupper() else name)
    return list(dict.fromkeys(people)), list(dict.fromkeys(agencies))


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name ('Autoracing | F1 | Indy' -> 'Autoracing'), else a name from the URL."""
    name = _TITLE_SEPARATOR.split(sitename.strip())[0].strip() if sitename else ""
    if name:
        return name
    return metadata.name_from_domain(url) if url else None


# --- 5. audit trail of what trafilatura cut -----------------------------------------------------


def _furniture_lines(tree: HtmlElement) -> Iterator[RemovedLine]:
    """Short text lines inside menus, share bars, footers and captions, with a reason."""
    count = 0
    stack = list(reversed(tree))
    while stack and count < AUDIT_MAX_LINES:
        element = stack.pop()
        if not isinstance(element.tag, str) or element.tag in _SKIPPED_TAGS:
            continue
        reason = _furniture_reason(element)
        # A wrapper around much of the page is layout, not furniture: look inside it.
        if reason is None or len(element.text_content()) > FURNITURE_MAX_CHARS:
            stack.extend(reversed(element))
            continue
        for text, part_reason in _element_lines(element, reason):
            yield RemovedLine(text=text, reason=_line_reason(text, "") or part_reason)
            count += 1


def _furniture_reason(element: HtmlElement) -> str | None:
    if element.tag in _FURNITURE_TAGS:
        return _FURNITURE_TAGS[element.tag]
    names = f"{element.get('class', '')} {element.get('id', '')}"
    if not _ANY_FURNITURE_CLASS.search(names):  # most elements: one regex, not seven
        return None
    return next((reason for reason, pattern in _FURNITURE_CLASSES if pattern.search(names)), None)


def _element_lines(element: HtmlElement, reason: str) -> list[tuple[str, str]]:
    """The element's text, one line per block (per link in menus), each with its reason.

    A nested element with a reason of its own (a credit inside a caption) is its own line.
    """
    lines: list[tuple[str, str]] = []
    parts: list[str] = []

    def flush(current: str) -> None:
        text = " ".join(" ".join(parts).split())
        parts.clear()
        if 1 < len(text) <= AUDIT_MAX_CHARS:
            lines.append((text, current))

    def walk(node: HtmlElement, current: str) -> None:
        own = _furniture_reason(node) if node is not element else None
        boundary = node.tag in _BLOCK_TAGS or own is not None or (node.tag == "a" and current in _LINK_LIST_REASONS)
        if boundary:
            flush(current)
        current = own or current
        parts.append(node.text or "")
        for child in node:
            if isinstance(child.tag, str) and child.tag not in _SKIPPED_TAGS:
                walk(child, current)
            parts.append(child.tail or "")
        if boundary:
            flush(current)

    walk(element, reason)
    flush(reason)
    return lines


def _dedupe(lines: list[RemovedLine]) -> list[RemovedLine]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for line in lines:
        key = (line.text, line.reason)
        if key not in seen:
            seen.add(key)
            unique.append(line)
    return unique


def _normalise(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))
