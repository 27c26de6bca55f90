"""Lexicons for attribution: cue verbs, the words that hedge a claim, and quote channels.

Plain constants, shared by quote extraction (``analyze/quotes.py``) and sentence-level
attribution. Where they came from:

* ``CUE_VERBS`` starts from the reporting verbs of English grammars (Quirk et al.'s
  "verbs of saying"; the speech-act verbs used by PARC 3.0 and by textacy's quotation
  rules) and adds the verbs that most often head an annotated cue in the *train* split of
  PolNeAR (political news, 2016): a verb was added when at least 8 train cues have it
  as their head and at least 40% of its verbal uses with a complement are annotated cues.
* ``BELIEF_VERBS`` are verbs that attribute a thought, a fear or an expectation ("officials
  believe ...", "polls show ..."). PolNeAR and PARC count them as attributions; they
  turn a sentence into someone's view as surely as "said" does.
* ``HEDGES`` are the adverbs and modifiers that keep a reporter from asserting a claim
  ("reportedly", "so-called"), from hedging-cue lists in the CoNLL-2010 shared task
  (BioScope / Wikipedia weasel words) narrowed to the ones common in news.
* ``CHANNEL_NOUNS`` name the medium of a statement ("in a statement", "on Twitter");
  ``NEWS_OUTLETS`` are the addressees that make "told X" a channel: the words for the
  press and the best-known wire services and broadcasters (the NER model often tags a
  lone "Reuters" as a person).
"""

from __future__ import annotations

# Lemmas of verbs that report speech or writing.
CUE_VERBS: frozenset[str] = frozenset(
    {
        # verbs of saying (grammars, PARC 3.0)
        "say", "tell", "add", "claim", "insist", "state", "announce", "warn", "deny",
        "accuse", "suggest", "note", "argue", "report", "write", "ask", "explain",
        "declare", "acknowledge", "admit", "concede", "confirm", "reveal", "disclose",
        "mention", "reply", "respond", "answer", "retort", "counter", "recall", "repeat",
        "reiterate", "stress", "emphasize", "underscore", "assert", "allege", "contend",
        "maintain", "predict", "promise", "vow", "pledge", "urge", "demand", "caution",
        "complain", "lament", "joke", "quip", "boast", "brag", "remark", "comment",
        "observe", "testify", "tweet", "post", "email", "shout", "chant", "yell",
        "whisper", "cry", "exclaim", "conclude", "describe", "call", "label", "dub",
        "cite", "quote", "point", "refer", "assure", "remind", "inform", "advise",
        "recommend", "propose", "threaten", "estimate", "speculate", "hint", "imply",
        "signal", "indicate", "agree", "disagree", "continue", "tout", "proclaim",
        # verbs of judging aloud, frequent PolNeAR cue heads (see module docstring)
        "criticize", "praise", "blast", "slam", "denounce", "condemn", "decry", "dismiss",
        "question", "reject", "blame", "mock", "attack", "assail", "rail", "applaud",
        "thank", "credit", "defend", "endorse", "portray", "deem", "express", "voice",
        "plead", "apologize",
    }
)

# Lemmas of verbs that attribute a belief, fear, expectation or finding.
BELIEF_VERBS: frozenset[str] = frozenset(
    {
        "think", "believe", "expect", "fear", "hope", "worry", "doubt", "suspect",
        "wonder", "assume", "reckon", "feel", "show", "find",
    }
)

# Verbs whose direct object is the addressee when a clause follows ("told reporters that").
ADDRESSEE_VERBS: frozenset[str] = frozenset(
    {
        "tell", "ask", "urge", "warn", "remind", "assure", "inform", "advise", "promise",
        "email", "caution", "thank",
    }
)

# (verb lemma, preposition) pairs whose prepositional object is what was said.
PREPOSITIONAL_CUES: frozenset[tuple[str, str]] = frozenset(
    {
        ("call", "for"), ("call", "on"), ("point", "to"), ("refer", "to"),
        ("warn", "of"), ("warn", "about"), ("warn", "against"), ("complain", "about"),
        ("accuse", "of"), ("blame", "for"), ("criticize", "for"), ("ask", "about"),
        ("worry", "about"), ("argue", "for"), ("argue", "against"), ("rail", "against"),
        ("speak", "about"), ("talk", "about"), ("comment", "on"), ("hint", "at"),
        ("joke", "about"), ("boast", "about"), ("agree", "with"), ("disagree", "with"),
        ("credit", "with"), ("praise", "for"), ("thank", "for"), ("apologize", "for"),
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
        "hearing", "message", "call", "telephone", "phone", "press", "network",
        "channel", "website", "newspaper", "magazine", "editorial", "essay", "article",
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
