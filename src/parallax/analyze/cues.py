"""Lexicons for attribution: cue verbs, the words that hedge a claim, and quote channels.

Plain constants, shared by quote extraction (``analyze/quotes.py``) and sentence-level
attribution. Where they came from:

* ``CUE_VERBS`` are reporting verbs: the "verbs of saying" of English grammars (Quirk et
  al.), the speech-act verbs of PARC 3.0 and of textacy's quotation rules, and the
  communication verbs that head the most annotated cues in the *train* split of PolNeAR
  (political news, 2016). They introduce direct quotes and reported clauses.
* ``INTENT_VERBS`` report a speech act that commits or calls someone to act, with an
  infinitive ("vowed to ...", "urged Congress to ...").
* ``OBJECT_CUE_VERBS`` report a statement or a judgement through their direct object
  ("criticized the plan", "called the ruling a disgrace").

  These two lists were calibrated on PolNeAR train (articles 0-499 in name order): a
  verb is listed for a complement type when, with that complement, at least half of
  what Parallax extracts from it overlaps an annotated attribution, with at least 4
  such matches. Verbs of belief, intention and stance that passed that test ("believe",
  "want to", "support X") were left to the second tier (``find_attributions``), which
  has no lexicon: a model learnt on PolNeAR train scores every candidate
  (``analyze/stance_model.py``).
* ``HEDGES`` keep a reporter from asserting a claim ("reportedly", "so-called"): the
  hedge and weasel cues of the CoNLL-2010 shared task narrowed to those common in news.
* ``CHANNEL_NOUNS`` name the medium of a statement ("in a statement", "on Twitter");
  ``NEWS_OUTLETS`` are addressees that make "told X" a channel: the words for the press
  and the best-known wire services and broadcasters (the NER model often tags a lone
  "Reuters" as a person).
"""

from __future__ import annotations

# Lemmas of verbs that report speech or writing.
CUE_VERBS: frozenset[str] = frozenset(
    {
        "say", "tell", "add", "claim", "insist", "state", "announce", "warn", "deny",
        "accuse", "suggest", "note", "argue", "report", "write", "ask", "explain",
        "declare", "acknowledge", "admit", "concede", "confirm", "reveal", "disclose",
        "mention", "reply", "respond", "answer", "retort", "counter", "recall", "repeat",
        "reiterate", "stress", "emphasize", "underscore", "assert", "allege", "contend",
        "maintain", "predict", "promise", "vow", "pledge", "urge", "demand", "caution",
        "complain", "lament", "joke", "quip", "boast", "brag", "remark", "comment",
        "observe", "testify", "tweet", "post", "email", "shout", "chant", "yell",
        "whisper", "exclaim", "conclude", "describe", "call", "cite", "quote", "point",
        "assure", "remind", "inform", "advise", "recommend", "propose", "threaten",
        "estimate", "speculate", "hint", "imply", "signal", "indicate", "agree",
        "disagree", "continue", "proclaim", "question", "plead", "speak", "talk",
    }
)

# Lemmas of verbs reporting a promise, threat or call to act, with an infinitive.
INTENT_VERBS: frozenset[str] = frozenset({"promise", "vow", "threaten", "urge", "call", "ask", "agree", "propose"})

# Lemmas of verbs whose direct object is what was said or judged.
OBJECT_CUE_VERBS: frozenset[str] = frozenset(
    {
        "criticize", "question", "express", "thank", "tout", "announce",
        "reject", "applaud", "confirm", "accuse", "highlight", "note", "echo", "call",
        "praise", "propose", "discuss", "tweet", "denounce", "condemn", "decry", "cite",
        "blame", "suggest", "reiterate", "emphasize", "defend", "declare",
        "mention", "remind", "repeat", "recall", "describe", "say", "slam",
        "dismiss", "quote", "answer", "reference", "congratulate",
    }
)

# Verbs whose direct object is the addressee ("told reporters that", "urged Congress to").
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    {
        "tell", "ask", "urge", "warn", "remind", "assure", "inform", "advise", "promise",
        "email", "caution", "thank", "push",
    }
)

# (verb lemma, preposition) pairs whose prepositional object is what was said.
PREPOSITIONAL_CUES: frozenset[tuple[str, str]] = frozenset(
    {
        ("call", "for"), ("call", "on"), ("point", "to"), ("warn", "of"), ("warn", "about"),
        ("warn", "against"), ("complain", "about"), ("accuse", "of"), ("blame", "for"),
        ("criticize", "for"), ("argue", "for"), ("argue", "against"),
        ("speak", "about"), ("speak", "of"), ("talk", "about"), ("comment", "on"),
        ("hint", "at"), ("joke", "about"), ("boast", "about"), ("agree", "with"),
        ("disagree", "with"), ("praise", "for"), ("thank", "for"), ("apologize", "for"),
        ("plead", "for"), ("testify", "about"), ("write", "about"), ("tweet", "about"),
    }
)

# Words that keep the reporter from asserting a claim (hedges and distancing modifiers).
HEDGES: frozenset[str] = frozenset(
    {
        "reportedly", "allegedly", "purportedly", "supposedly", "apparently",
        "ostensibly", "seemingly", "presumably", "possibly", "probably", "perhaps",
        "likely", "unlikely", "unconfirmed", "unverified", "alleged", "claimed",
        "so-called", "self-styled", "self-proclaimed", "self-declared", "would-be",
        "suspected", "rumored", "rumoured",
    }
)

# Nouns naming where a statement was made; "in a statement", "on Twitter", "on television".
CHANNEL_NOUNS: frozenset[str] = frozenset(
    {
        "statement", "interview", "tweet", "twitter", "facebook", "instagram", "youtube",
        "post", "television", "tv", "radio", "broadcast", "conference", "briefing",
        "email", "e-mail", "letter", "op-ed", "column", "speech", "podcast", "show",
        "program", "programme", "blog", "video", "memo", "release", "appearance",
        "hearing", "message", "telephone", "phone", "press", "network", "channel",
        "website", "newspaper", "magazine", "editorial", "essay", "article",
    }
)

# Addressees of "told ..." that name the press rather than a person.
NEWS_OUTLETS: frozenset[str] = frozenset(
    {
        "reporter", "journalist", "press", "media", "newspaper", "interviewer",
        "Reuters", "AP", "AFP", "Bloomberg", "BBC", "CNN", "NBC", "CBS", "ABC", "MSNBC",
        "Fox", "NPR", "PBS", "Politico", "Interfax", "TASS", "Xinhua", "Al Jazeera", "RT",
    }
)

# Cue verbs whose gerund complement is what was reported ("denied taking", "recalled seeing").
GERUND_CUE_VERBS: frozenset[str] = frozenset(
    {"deny", "admit", "report", "recall", "acknowledge", "mention", "suggest", "propose", "recommend", "confess", "concede"}
)

# Nouns that stand for who found or reported something when a headline writes "Poll: ...".
SOURCE_NOUNS: frozenset[str] = frozenset(
    {
        "poll", "survey", "study", "report", "source", "insider", "official", "analyst",
        "expert", "critic", "aide", "witness", "police", "investigator", "researcher",
        "newspaper", "lawyer", "prosecutor", "court", "judge", "family", "friend",
    }
)
ALL_CUE_LEMMAS: frozenset[str] = CUE_VERBS | INTENT_VERBS | OBJECT_CUE_VERBS
