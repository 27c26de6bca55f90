"""Cleaning plain-text and markdown articles, such as scraped text dumps.

trafilatura returns nothing for text that is not HTML, so this module is Parallax's
own cleaner. It is one cascade over lines:

1. normalise line endings and split into lines, remembering which lines touch;
2. strip markdown syntax (headings, links, emphasis, list markers), keeping the text;
3. classify each line: boilerplate (with a reason), metadata (title, dateline, byline,
   source note), an image caption, a heading, or body;
4. read the metadata (title, date, byline, outlet, credits) from the classified lines;
5. join the body lines into paragraphs.

Every line that does not reach ``paragraphs`` is kept in ``removed`` with its reason,
so a user can audit each cut, and the rules are general (patterns of boilerplate seen
across many outlets), never tied to one site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from parallax.errors import ExtractionError
from parallax.extract import metadata
from parallax.model import Article, RemovedLine

# --- markdown -------------------------------------------------------------------------

# A link's address may hold one level of parentheses ("…/Storm_(2031)", "javascript:f(1)").
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\(((?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LIST = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)])\s+")
_MD_QUOTE = re.compile(r"^\s*>\s?")
_MARKDOWN_HINTS = re.compile(r"(^#{1,6}\s)|(\]\()|(^\s*[*_]{1,2}\S)|(^\s*---+\s*$)", re.M)

# --- boilerplate patterns, each a family seen across many outlets -----------------------

# "--The Associated Press contributed to this story": a credit, kept in ``credits`` for agencies.
_CONTRIBUTOR = re.compile(r"^\W*(?P<name>[\w .&'-]{2,60}?) contributed to this (?:story|report|article)\W*$", re.I)

_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("separator", re.compile(r"^[\s\-_=*~·•|]{3,}$")),
    ("navigation", re.compile(
        r"^(skip to\b|jump to\b|go to (main )?(content|navigation)|(main )?menu$|home$|search$|"
        r"toggle navigation|back to top|log ?in\b|sign ?in\b|sign up$|register$|"
        r"you are here:|breadcrumb|next article|previous article|close$|open menu|"
        r"(home|news)\s*[>›»/|]\s*\w)", re.I)),
    ("share/follow", re.compile(
        r"^(share( this( article| story)?)?( on \w+)?:?$|tweet$|email$|print$|pin it$|"
        r"follow (us|@?[\w.]+)( on [\w ]+)?\b|like us on facebook|share on \w+|"
        r"((facebook|twitter|linkedin|whatsapp|reddit|email|print|telegram|pinterest|x)[\s|,•·]*){2,}$|"
        r"click to share|read or share this (story|article)|stay up to date,? follow)", re.I)),
    ("advertisement", re.compile(r"^(advertisement|sponsored( content)?|ad|promoted|story continues below)\.?$", re.I)),
    ("copyright", re.compile(
        r"(^\(?\s*(copyright|©|\(c\))\s)|(^\(?copyright\b)|(all rights reserved)|"
        r"(may not be (re)?published, broadcast)|(contains copyrighted material)", re.I)),
    ("disclaimer", re.compile(r"^\W*disclaimer\b|^the (views|opinions) expressed (in this|here)", re.I)),
    ("membership prompt", re.compile(
        r"^(become a (member|subscriber|patron)|subscribe (now|today|to (our|the))|support (our|us|independent)|"
        r"donate\b|sign up for (our|the)|get (our|the) newsletter|join (us|our)\b|already a (member|subscriber)|"
        r"click (on )?the button below|(log|sign) in if you)|\bverification (email|message)\b|\bactivate your (profile|account)\b",
        re.I)),
    ("notification prompt", re.compile(
        r"\b(e-?mail|push) notifications?\b|\byour notification\b|delivered to your inbox\b|\bnewsletter\b", re.I)),
    ("app prompt", re.compile(
        r"\b(download|get) (the|our)\b[^.!?]{0,40}\bapp\b|\bdownload (for|on) (iphone|ipad|android|ios)\b", re.I)),
    ("promotion", re.compile(
        r"^(check back\b.{0,80}\b(for|later)\b|stay (with|tuned to)\b.{0,80}\bfor (more|the latest|updates)\b|"
        r"for more on this (story|topic)\b|for more ([\w-]+ ){0,2}news\b|watch\b.{0,80}:$|"
        r"we('ll| will) (continue to )?(follow|update|bring you)\b.{0,80}\b(story|information|updates|details)\b)|"
        r"\b(upload|send us|submit) your (photos|videos|pictures)\b", re.I)),
    ("comment prompt", re.compile(
        r"^(comment on\b|leave a (comment|reply)|join the (conversation|discussion)|\d+ comments?$|"
        r"comments?$|add (a|your) comment|view comments|post a comment)", re.I)),
    ("related links", re.compile(
        r"^(\d{1,2}/\d{1,2}/\d{2,4}\s+)?(related( (articles?|stor(y|ies)|coverage|content|topics|links?))?:|read (also|more)\b|"
        r"see also\b|more on this( story)?\b|"
        r"recommended( for you)?:?$|continuing coverage:|you may also like|most (read|popular)$|"
        r"read the (rest|full (story|article)) (here|at)\b|click here\b|on a mobile device\?|"
        r"((top|latest|related|more|featured) )?(videos?|photos|gallery)\b[^.!?]*$|\[[^\[\]]{3,200}\]$|"
        r"([\w ]{0,20}\b)?(trending|related|recommended|popular|latest|top)( [\w ]{0,20})?:$)", re.I)),
    ("author box", re.compile(r"^(articles by|more (articles|stories) by|about the author|author profile)\b:?", re.I)),
    ("contact", re.compile(
        r"^(for media inquiries|contact us|send us a tip|got a (news )?tip|email us at|have a news tip|"
        r"contact (the )?(reporter|writer|author)|(twitter|facebook|instagram)\s*:\s*@\w+$)\b", re.I)),
    ("contributor note", _CONTRIBUTOR),
    ("correction note", re.compile(r"^(\W*correction\b|this (story|article|report) (has been|was|is) corrected\b)", re.I)),
    ("comment policy", re.compile(
        r"\bnew comments are\b|\bcomments? (are|will be) (only accepted|moderated|reviewed)\b|"
        r"\bwe reserve the right to (remove|delete|edit)\b|\bviolates? the community (rules|guidelines)\b", re.I)),
    ("syndication note", re.compile(
        r"^(the post\b.{0,300}\b(has been|was) (first |originally )?published on\b|"
        r"this (article|story) (first |originally )?(appeared|was published) (on|in)\b)", re.I)),
]
# Reasons whose pattern is specific enough to hold on a line of any length: legal footers
# and comment policies run long; other prompts and menus are short (see ``_boilerplate_reason``).
_ANY_LENGTH_REASONS = {"copyright", "disclaimer", "comment policy", "syndication note"}
_SOURCE_NOTE = re.compile(r"^(?:the )?original source of this article is\s+(.+?)\s*$", re.I)
_URL_ONLY = re.compile(r"^<?(https?://|www\.)\S+>?$", re.I)
# A scraped photo gallery: image addresses, each beside the name of who is pictured.
_IMAGE_LINK = re.compile(r"(?:https?://|www\.)\S+?\.(?:jpe?g|png|gif|webp)(?:\?\S*)?(?=\s|$)", re.I)
# Words a gallery line may hold besides its image links: names, not sentences.
GALLERY_WORDS = 12
_EMAIL_ONLY = re.compile(r"^\S+@\S+\.\w+$")
_PHONE_ONLY = re.compile(r"^\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}$")
# "Jane Roe/Outlet" alone on a line: a photographer's credit.
_SLASH_CREDIT = re.compile(r"^(?!(?i:copyright\b))[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3} ?/ ?[A-Z][\w.&'’ -]{1,30}$")
# "***UPDATED at 11:37 A.M. on Monday, March 17th***": a stamp, not a sentence.
_UPDATE_STAMP = re.compile(r"^[\W_]*(?:last )?(?:updated|posted|published)\b(?=.*\d)", re.I)
_IMAGE_CREDIT = re.compile(
    r"^\(?\s*(image|images|photo|photos|picture|pictures|photograph|foto|credit|image source|photo credit|"
    r"source|illustration|video|graphic|footage)\s*(:|-|–|—|/|by\b|source\b)?\s*(.+?)\)?\s*$", re.I)
_CAPTION_START = re.compile(r"^(above|below|pictured|left|right|top|bottom|file photo|photo|caption)\b[\s:(,]", re.I)
# "... (Photo: Jane Roe / Outlet)" or "... (KSN File Photo)" ends a caption; "View Full
# Caption", "Buy Photo" and a teaser's "... read more" are caption furniture; AP file
# photos are captioned "FILE - ...".
_TRAILING_CREDIT = re.compile(
    r"\((?P<credit>(?:photos?|images?|pictures?|photo source|credit|courtesy)\s*(?::|by\b|source\b)[^()]{1,80}|"
    r"[^()]{0,40}\w[^()]{0,40} (?:photo|image|picture)\b[^()]{0,60}|(?:photo|image|picture) (?:by|courtesy)\b[^()]{1,60})\)\s*$",
    re.I)
_CAPTION_FURNITURE = re.compile(
    r"(?i:\b(view full caption|hide caption|toggle caption|click to enlarge|buy this photo)\b|^buy photo\b|\bbuy photo$|"
    r"\.\.\.\s*read more\b)|^FILE\s*[-–—]\s")
# A photo gallery flattened into one line: "Image 1 of / 4 Caption Close ... Back to Gallery".
_GALLERY_FURNITURE = re.compile(r"\bimage \d+ of /? ?\d+\b|\bcaption close\b|\bback to gallery\b", re.I)
# A video's blurb ends with its date stamp: "... (Published Tuesday, Aug. 30, 2016)".
_VIDEO_STAMP = re.compile(r"\((?:published|updated|posted)\b[^()]{0,40}\b(?:19|20)\d\d\)\s*$", re.I)
# An embedded tweet as scraped: "... pic.twitter.com/x — Name (@handle) March 1, 2017".
_EMBEDDED_POST = re.compile(
    r"\bpic\.twitter\.com/\w+|[—–-]\s*[^—–()]{1,60}\(@\w{1,15}\)\s+[A-Z][a-z]+ \d{1,2}, (?:19|20)\d\d\s*$")
# A video playlist entry: its running time, then its title ("2:51 Sheriff gives update").
_PLAYLIST_ENTRY = re.compile(r"^\d{1,2}:\d\d\s+(?![ap]\.?m\b)\S")
# "Headline of the story Posted: Monday, February 9, 2015 1:50 PM EST Updated: ...".
_STAMPED_TITLE = re.compile(r"^(?P<title>.{8,250}?)\s+(?:posted|published|updated)\s*:\s*(?P<stamp>.*)$", re.I)
_WIRE_CREDIT = re.compile(r"^(?:[a-z]{1,4}(?:/[a-z]{1,4})*\s*)?\(([^()]{2,80})\)\s*$")
_BYLINE = re.compile(r"^(?:by|written by|author|authors|reporting by|words by)\s*:?\s+(.{3,120})$", re.I)
_TERMINAL = re.compile(r"[.!?:;…\"”’)\]]\s*$")

# Wire agencies whose credits matter for "which agencies does it rely on"; a list of the
# world's main news agencies, not of any test document.
WIRE_AGENCIES = (
    "AFP", "AP", "Associated Press", "Reuters", "dpa", "DPA", "TASS", "ITAR-TASS", "RIA Novosti",
    "Interfax", "UNIAN", "Ukrinform", "Xinhua", "EFE", "ANSA", "PA", "Press Association",
    "Bloomberg", "KNA", "epd", "AAP", "Kyodo", "Yonhap", "ANI", "PTI", "IANS", "APA", "SDA",
    "Anadolu", "KUNA", "WAFA", "Sputnik", "RT", "CNA", "Bernama", "Antara",
)
_AGENCY_SET = {name.lower() for name in WIRE_AGENCIES}

# A caption or heading is a short line: calibrated on the seed pages and a hand-checked
# sample of GVA texts, where captions run up to ~15 words and body sentences are longer.
SHORT_LINE_WORDS = 16
# A related-link headline under a "Read more:" label: on the GVA dev sample (see
# docs/quality.md, "Boilerplate") they run to 17 words.
RELATED_HEADLINE_WORDS = 20
TITLE_MAX_CHARS = 250
# A one- or two-word line above the body is a section label or kicker ("CRIME", "ALBANY
# POLICE"), not a headline: the 80 headlines of the GVA dev sample have four words or more.
TITLE_MIN_WORDS = 3


@dataclass
class _Line:
    text: str
    block: int  # lines in the same block touch (no blank line between them)
    heading_level: int = 0
    list_item: bool = False
    kind: str = "body"  # body | heading | removed | title | meta
    reason: str = ""
    link_targets: list[str] = field(default_factory=list)


def looks_like_markdown(text: str) -> bool:
    """True when the text uses markdown syntax (so its markers should be stripped)."""
    return len(_MARKDOWN_HINTS.findall(text[:20000])) >= 2


def extract_text(text: str, *, source: str, url: str | None = None) -> Article:
    """Clean a plain-text or markdown article into an ``Article``."""
    lines = _split_lines(text)
    _classify(lines)
    title = _take_title(lines)
    article = Article(
        source=source,
        title=title,
        subtitle=_subtitle(lines),
        published=_published(lines),
        byline=_byline(lines),
        outlet=_outlet(lines, url),
        credits=_credits(lines),
        paragraphs=_paragraphs(lines),
        removed=[RemovedLine(text=line.text, reason=line.reason) for line in lines if line.kind in ("removed", "title", "meta")],
    )
    if not article.paragraphs:
        raise ExtractionError(source, "no article body found")
    article.language = metadata.detect_language(article.text)
    return article


# --- 1. and 2. lines and markdown -------------------------------------------------------


def _split_lines(text: str) -> list[_Line]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").lstrip("\ufeff")
    markdown = looks_like_markdown(text)
    lines: list[_Line] = []
    block = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if not stripped:
            block += 1
            continue
        line = _Line(text=stripped, block=block)
        if markdown:
            _strip_markdown(line)
        if _MD_LIST.match(line.text):
            line.list_item = True
            line.text = _MD_LIST.sub("", line.text)
        if line.text:
            lines.append(line)
    return lines


def _strip_markdown(line: _Line) -> None:
    text = _MD_QUOTE.sub("", line.text)
    heading = _MD_HEADING.match(text)
    if heading:
        line.heading_level = len(heading.group(1))
        text = heading.group(2)
    line.link_targets = [target for _, target in _MD_LINK.findall(text)]
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    for _ in range(2):  # nested emphasis such as ***bold italic***
        text = _MD_EMPHASIS.sub(r"\2", text)
    line.text = text.strip()


# --- 3. classification ---------------------------------------------------------------------


def _classify(lines: list[_Line]) -> None:
    for index, line in enumerate(lines):
        reason = _boilerplate_reason(line)
        if reason:
            line.kind, line.reason = "removed", reason
        elif metadata.parse_dateline(line.text):
            line.kind, line.reason = "meta", "dateline"
        elif _BYLINE.match(line.text) and _is_name_list(_BYLINE.match(line.text).group(1)):
            line.kind, line.reason = "meta", "byline"
        elif _stamped_title(line.text) or (_UPDATE_STAMP.match(line.text) and len(line.text.split()) <= 12):
            line.kind, line.reason = "meta", "dateline"
    _mark_navigation_lists(lines)
    _mark_playlists(lines)
    _mark_embed_fragments(lines)
    _mark_related_blocks(lines)
    _mark_captions(lines)
    for index, line in enumerate(lines):
        if line.kind == "body" and _is_heading(line) and not _is_wrapped(lines, index):
            line.kind = "heading"


def _boilerplate_reason(line: _Line) -> str | None:
    text = line.text
    if _SOURCE_NOTE.match(text):
        return "source note"
    if _URL_ONLY.match(text):
        return "short link"
    if _EMAIL_ONLY.match(text) or _PHONE_ONLY.match(text):
        return "contact"
    if _SLASH_CREDIT.match(text):
        return "image credit"
    if _is_image_credit(text):
        return "image credit"
    if is_wire_credit(text):
        return "wire credit"
    words = len(text.split())
    # Captions, video blurbs and embedded posts carry their own marker; the cap keeps a
    # body paragraph that happens to end in one (never seen on the dev sample) in the body.
    if words <= 80 and _EMBEDDED_POST.search(text):
        return "embedded post"
    if words <= 60 and (_TRAILING_CREDIT.search(text) or _CAPTION_FURNITURE.search(text)):
        return "image caption"
    if _GALLERY_FURNITURE.search(text) or _is_image_links(text):
        return "photo gallery"
    if words <= 60 and _VIDEO_STAMP.search(text):
        return "video caption"
    for reason, pattern in _RULES:
        if not pattern.search(text):
            continue
        # Prompts and menus are short; a long line that merely starts like one is body.
        if reason in _ANY_LENGTH_REASONS or words <= 25:
            return reason
    return None


def _is_image_links(text: str) -> bool:
    """A line of image addresses and the names beside them ("Ana Ruiz http://…/ana.jpg
    Ana Ruiz"): what is left without the links is a few words and no sentence."""
    if not _IMAGE_LINK.search(text):
        return False
    rest = _IMAGE_LINK.sub(" ", text).split()
    return len(rest) <= GALLERY_WORDS and not _TERMINAL.search(" ".join(rest))


def _is_image_credit(text: str) -> bool:
    match = _IMAGE_CREDIT.match(text)
    if not match or len(text.split()) > 8 or _TERMINAL.search(text.rstrip(")")) and text.endswith("."):
        return False
    credited = match.group(3).strip()
    # "Source: Reuters" / "Image: picture-alliance/dpa": a name, not a sentence.
    return bool(credited) and credited[0].isupper() and match.group(2) is not None or match.group(1).lower() in (
        "image source", "photo credit"
    )


def is_wire_credit(text: str) -> bool:
    """'nm/hc (AFP, dpa, Reuters)' or '(NPA, Ostwire)': a line that only credits agencies."""
    match = _WIRE_CREDIT.match(text)
    if not match:
        return False
    names = agency_names(match.group(1))
    if names and re.match(r"(©|\(c\)|copyright)", names[0], re.I):
        return False  # "(© 2016 Outlet)" is a copyright line
    known = all(name.lower() in _AGENCY_SET for name in names)
    short_names = all(len(name.split()) <= 3 and not name.endswith(".") for name in names)
    return bool(names) and (known or short_names)


def agency_names(inner: str) -> list[str]:
    return [name.strip() for name in re.split(r"[,/;]| and ", inner) if name.strip()]


def _is_name_list(text: str) -> bool:
    names = split_names(text)
    return bool(names) and all(1 <= len(name.split()) <= 5 and name[0].isupper() for name in names)


def split_names(text: str) -> list[str]:
    """'Anna X and Ivan Y, Outlet' style author lists -> ['Anna X', 'Ivan Y']."""
    text = _MD_LINK.sub(r"\1", text)
    text = re.split(r"\s+[|–—-]\s+|\s*\bfor\b\s+", text)[0]
    parts = re.split(r"\s*(?:,|&|\band\b)\s*", text.strip().rstrip("."))
    return [part.strip() for part in parts if part.strip() and not re.search(r"\d", part)]


def _mark_navigation_lists(lines: list[_Line]) -> None:
    """A run of short list items holding a navigation entry is a menu: all of it goes."""
    index = 0
    while index < len(lines):
        if not lines[index].list_item:
            index += 1
            continue
        end = index
        while end < len(lines) and lines[end].list_item and len(lines[end].text.split()) <= 6:
            end += 1
        run = lines[index:end]
        if run and any(line.reason == "navigation" for line in run):
            for line in run:
                line.kind, line.reason = "removed", "navigation"
        index = max(end, index + 1)


def _mark_playlists(lines: list[_Line]) -> None:
    """Two or more short lines in a row that open with a running time are a video playlist."""
    index = 0
    while index < len(lines):
        end = index
        while end < len(lines) and _PLAYLIST_ENTRY.match(lines[end].text) and len(lines[end].text.split()) <= 20:
            end += 1
        if end - index >= 2:
            for line in lines[index:end]:
                line.kind, line.reason = "removed", "video playlist"
        index = max(end, index + 1)


def _mark_embed_fragments(lines: list[_Line]) -> None:
    """An embedded post broken over lines: unfinished lines right above its signature line."""
    for index, line in enumerate(lines):
        if line.reason != "embedded post":
            continue
        above = index - 1
        while above >= 0 and lines[above].kind == "body" and not _TERMINAL.search(lines[above].text):
            lines[above].kind, lines[above].reason = "removed", "embedded post"
            above -= 1


def _mark_related_blocks(lines: list[_Line]) -> None:
    """Headlines after a 'Read more:'-style label: short lines without a full stop (or with
    one, when another such headline follows). Scrapers often drop the list and keep the
    label, so a sentence right after it is body."""
    headline = [
        line.kind == "body" and len(line.text.split()) <= RELATED_HEADLINE_WORDS and not _TERMINAL.search(line.text)
        for line in lines
    ]
    in_block = False
    for index, line in enumerate(lines):
        followed_by_headline = index + 1 < len(lines) and headline[index + 1]
        short = len(line.text.split()) <= RELATED_HEADLINE_WORDS
        if line.reason == "related links":
            in_block = in_block or line.text.endswith(":")
        elif in_block and line.kind == "body" and (headline[index] or (short and followed_by_headline)):
            line.kind, line.reason = "removed", "related links"
        else:
            in_block = False


def _mark_captions(lines: list[_Line]) -> None:
    """A short line right before an image credit or a video blurb, or starting like a caption, is a caption."""
    for index, line in enumerate(lines):
        if line.kind != "body" or len(line.text.split()) > SHORT_LINE_WORDS * 2:
            continue
        following = lines[index + 1] if index + 1 < len(lines) else None
        short = len(line.text.split()) <= SHORT_LINE_WORDS
        if following is not None and following.reason == "video caption" and short and not _TERMINAL.search(line.text):
            line.kind, line.reason = "removed", "video caption"  # the video's title above its blurb
        elif (following is not None and following.reason == "image credit" and short) or (
            _CAPTION_START.match(line.text) and index <= 2 and not line.text.endswith(".")
        ):
            line.kind, line.reason = "removed", "image caption"


def _is_wrapped(lines: list[_Line], index: int) -> bool:
    """A short line that continues into, or from, a neighbour is a hard-wrapped body line."""
    line = lines[index]
    following = lines[index + 1] if index + 1 < len(lines) else None
    previous = lines[index - 1] if index else None
    continues = following is not None and following.block == line.block and following.text[:1].islower()
    continued = (
        previous is not None
        and previous.block == line.block
        and previous.kind == "body"
        and not _TERMINAL.search(previous.text)
    )
    return continues or continued


def _is_heading(line: _Line) -> bool:
    if line.heading_level:
        return True
    return len(line.text.split()) <= SHORT_LINE_WORDS and not _TERMINAL.search(line.text) and not line.list_item


# --- 4. metadata ------------------------------------------------------------------------------


def _take_title(lines: list[_Line]) -> str | None:
    """The first level-1 heading, else the first heading-like line before the body."""
    candidates = [line for line in lines if line.heading_level == 1]
    header: list[_Line] = []  # heading-like lines before the body
    if not candidates:
        for line in lines:
            if line.kind == "body":
                break
            if line.kind == "removed" and line.reason in ("navigation", "share/follow"):
                header = []  # a masthead sits above the menu; the title comes after it
            elif line.kind == "heading" and len(line.text) <= TITLE_MAX_CHARS and len(line.text.split()) >= TITLE_MIN_WORDS:
                header.append(line)
        candidates = header[:1]
    if not candidates:
        return _title_from_stamp(lines)
    title = candidates[0]
    title.kind, title.reason = "title", "title"
    for line in lines:  # heading-like lines above the title are page furniture
        if line is title:
            break
        if line.kind == "heading" and not line.heading_level:
            line.kind, line.reason = "removed", "masthead"
    for line in lines:  # pages often repeat the title as a heading
        if line is not title and line.kind == "heading" and line.text == title.text:
            line.kind, line.reason = "removed", "duplicate title"
    return title.text


def _stamped_title(text: str) -> re.Match[str] | None:
    """'Headline Posted: Monday, February 9, 2015 ...': a headline fused with its date stamp."""
    match = _STAMPED_TITLE.match(text)
    return match if match and metadata.find_date(match.group("stamp")) and len(text) <= TITLE_MAX_CHARS * 2 else None


def _title_from_stamp(lines: list[_Line]) -> str | None:
    for line in lines:
        if line.kind == "body":
            return None
        match = _stamped_title(line.text) if line.reason == "dateline" else None
        if match:
            return match.group("title")
    return None


def _subtitle(lines: list[_Line]) -> str | None:
    """A heading right after the title block, before any body text (a standfirst)."""
    seen_title = False
    for line in lines:
        if line.kind == "title":
            seen_title = True
        elif line.kind == "body":
            return None
        elif seen_title and line.kind == "heading":
            return line.text
    return None


def _published(lines: list[_Line]) -> str | None:
    for line in lines:
        if line.reason == "dateline":
            parsed = metadata.parse_dateline(line.text)
            stamped = _stamped_title(line.text)
            if parsed or stamped:
                return parsed.date if parsed else metadata.find_date(stamped.group("stamp"))
    for line in lines[:8]:  # "CITY (Feb. 4, 2014) – ..." in the lead
        if line.kind == "body":
            found = metadata.find_date(line.text[:120])
            if found:
                return found
    return None


def _byline(lines: list[_Line]) -> list[str]:
    for line in lines:
        if line.reason == "byline":
            return split_names(_BYLINE.match(line.text).group(1))
    return []


def _outlet(lines: list[_Line], url: str | None) -> str | None:
    """The outlet's own name where the text gives it, else a name from a domain."""
    for line in lines:
        match = _SOURCE_NOTE.match(line.text)
        if match:
            return match.group(1).rstrip(".")
    for line in lines:
        if line.reason == "dateline":
            parsed = metadata.parse_dateline(line.text)
            if parsed and parsed.prefix:
                return parsed.prefix
    for line in lines:
        name = metadata.masthead_name(line.text)
        if name:
            return name
    for line in lines:
        if line.reason == "copyright":
            name = metadata.copyright_holder(line.text)
            if name and name.lower() not in _AGENCY_SET:
                return name
    domains = [url] if url else []
    domains += [line.text for line in lines if line.reason == "short link"]
    domains += [target for line in lines for target in line.link_targets if target.startswith("http")]
    for candidate in domains:
        name = metadata.name_from_domain(candidate if "//" in candidate else "http://" + candidate)
        if name:
            return name
    return None


_CAPTION_TAIL_CREDIT = re.compile(r"(?:^|[.!?]\s+)(?P<credit>(?:photo|image|picture|credit)s?\s*:\s*[^.:]{2,60})$", re.I)


def caption_credit(caption: str) -> str | None:
    """The credit that ends a caption: '... (Photo: Jane Roe/AP)' or '... . Photo: Courier/J. Roe'."""
    match = _TRAILING_CREDIT.search(caption) or _CAPTION_TAIL_CREDIT.search(caption)
    return match.group("credit").strip() if match else None


def _credits(lines: list[_Line]) -> list[str]:
    credits: list[str] = []
    for line in lines:
        if line.reason == "image credit":
            credits.append(line.text.strip("()"))
        elif line.reason == "wire credit":
            credits += agency_names(_WIRE_CREDIT.match(line.text).group(1))
        elif line.reason == "image caption" and caption_credit(line.text):
            credits.append(caption_credit(line.text))  # type: ignore[arg-type]
        elif line.reason == "contributor note":
            name = re.sub(r"^the\s+", "", _CONTRIBUTOR.match(line.text).group("name"), flags=re.I)
            if name.lower() in _AGENCY_SET:
                credits.append(name)
        elif line.reason == "copyright":
            holder = metadata.copyright_holder(line.text)
            if holder and holder.lower() in _AGENCY_SET:
                credits.append(holder)
    return list(dict.fromkeys(credits))


# --- 5. paragraphs ------------------------------------------------------------------------------


def _paragraphs(lines: list[_Line]) -> list[str]:
    """Join hard-wrapped body lines of one block; keep headings as their own paragraphs."""
    paragraphs: list[str] = []
    previous: _Line | None = None
    for line in lines:
        if line.kind not in ("body", "heading"):
            previous = None
            continue
        wrapped = (
            previous is not None
            and previous.kind == "body"
            and line.kind == "body"
            and previous.block == line.block
            and not line.list_item
            and not _TERMINAL.search(previous.text)
        )
        if wrapped:
            paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs
