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
  "want to", "support X") moved to the second tier below: they are not speech.
* ``STANCE_VERB_CUES`` and ``STANCE_NOUN_CUES`` are the second tier
  (``find_attributions``): stances, beliefs, intentions, plans and noun cues, as
  (lemma, complement) pairs. A verb's complement is "clause" ("knows that ..."),
  "infinitive" ("seeks to ..."), "object" ("backed the bill"), a preposition ("voted
  for ...", "calls for X to ..."), any of these after "passive" ("is expected to ...",
  "was seen as ...", "it was reported that ..."), or after "be" for a predicate
  adjective, keyed by the adjective ("is eager to ...", "is critical of ..."). A noun's
  is "clause" ("the claim that ..."), "infinitive" ("his plan to ..."), a preposition
  ("criticism of ...") or "frame" ("In a new poll, ..."). They were learnt from the
  *train* split of PolNeAR alone (840 articles): every complement of every verb, noun
  and predicate adjective outside quotes and outside what ``find_quotes`` reports is a
  candidate (49,977); a pair is kept when at least 40% of its candidates overlap an
  annotated attribution that ``find_quotes`` misses (PolNeAR's 0.5 overlap rule), with
  at least 2 such matches in at least 2 articles: 632 pairs, 3,850 matches out of
  6,419 candidates (``parallax.eval.quotes.stance_cue_counts`` recounts them). The 40%
  threshold was chosen by two-fold cross-validation on train (pairs learnt on the
  even-numbered articles, scored on the odd ones and back): quotes plus attributions
  scored content-overlap F1 0.659-0.663 for thresholds 0.3-0.5 (quotes alone 0.61),
  and asking for 3 matches instead of 2 lost 0.004. For F1, a cue pays when its
  precision is above about half the F1 (0.33), so pairs under 50% help. Then 67 pairs
  were left out by hand as plain actions or parse slips, not attributions, which
  PolNeAR's broad scheme sometimes marks ("lowered the rates", "vetoed the bill", "in
  contrast, ...", "Trump" parsed as a verb): 565 remain, at a cost of 0.001 train F1.
  When a word has several listed complements, the first in the order above is used.
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

ALL_CUE_LEMMAS: frozenset[str] = CUE_VERBS | INTENT_VERBS | OBJECT_CUE_VERBS



def _pairs(table: dict[str, str]) -> frozenset[tuple[str, str]]:
    """{complement: "lemma lemma ..."} as (lemma, complement) pairs."""
    return frozenset((lemma, complement) for complement, lemmas in table.items() for lemma in lemmas.split())


# (lemma, complement) pairs of verbs and predicate adjectives that attribute a stance,
# belief, intention or plan; learnt on PolNeAR train (see the module docstring).
STANCE_VERB_CUES: frozenset[tuple[str, str]] = _pairs(
    {
        "object": (
            "acknowledge address admire affirm agree allege articulate assail attack back "
            "bash bemoan blast boo broadcast brush champion characterize circulate claim "
            "coin compare concede consider contemplate contradict contrast count counter "
            "credit decline deem deny deride detail disavow disclose dispute disregard "
            "distinguish document downplay endorse explain explore expose extoll fear "
            "feel foreshadow frame hail hammer herald identify ignore illustrate indicate "
            "inflate insult invoke lament lay learn list love mock mull name offer oppose "
            "outline paint pitch point portray position post preach prefer proclaim "
            "promote rank reaffirm reassure rebuke rebut recite recognize recommend "
            "recount refuse refute regard relish remember renew renounce repudiate "
            "request resist reveal rip rule see share shrug signal single size sound "
            "specify spot spotlight state stress support talk threaten tick trash trumpet "
            "underscore understand view voice vow want witness"
        ),
        "clause": (
            "accept address allow anticipate assume believe bet calculate charge clarify "
            "consider contradict convince dawn decline demonstrate determine discover "
            "discuss doubt enjoy expect express fear feel figure find forget highlight "
            "hope imagine know learn notice order outline posit prove publish read "
            "realize rebut recognize reflect require rule say see seek seem sense show "
            "suspect think tout understand want welcome wonder worry"
        ),
        "infinitive": (
            "advise aim appear challenge claim consider decide decline demand determine "
            "encourage expect hope like lobby look love mean offer opt order plan pledge "
            "poise prefer press pressure refuse seek seem tell vote want warn"
        ),
        "for": (
            "advocate apologize ask attack blast campaign cheer chide congratulate feel "
            "give hit hope lobby mock offer press push rip slam take voice vote vouch"
        ),
        "to": (
            "acquiesce adapt admit appeal compare deliver devote liken live look oppose "
            "pay pivot pledge refer refuse respond tie"
        ),
        "as": (
            "attack cast characterize frame hail identify list name offer paint pitch "
            "point portray position refer see view"
        ),
        "on": "advise agree bank cast continue double focus hit hold push sound touch weigh",
        "about": "ask brag care fight gush muse open press report think worry",
        "with": "call charge chime concur find grapple identify reckon show side",
        "be clause": (
            "adamant aware concerned confident convinced hopeful optimistic surprised "
            "worried"
        ),
        "passive infinitive": "allow ask expect invite mean permit require say show",
        "be of": "aware critical emblematic enamored proud skeptical supportive wary",
        "in": "argue believe deny foresee join release score seek",
        "against": "campaign caution come defend make push rail",
        "passive as": "describe interpret know lambast portray regard see",
        "be infinitive": "eager free happy inclined ready willing",
        "passive clause": "ask assume report reveal say tell",
        "by": "argue attack conclude react respond",
        "from": "bar distance prohibit refrain seek",
        "be about": "concerned hopeful upbeat worried",
        "of": "boast complain talk think",
        "at": "balk lash talk",
        "be in": "confident interested outspoken",
        "be with": "pleased satisfied unhappy",
        "over": "attack come spar",
        "passive for": "criticize forgive know",
        "passive with": "align charge lock",
        "be to": "devoted open",
        "like": "do seem",
        "passive object": "announce ask",
        "be for": "responsible",
        "be on": "unified",
        "behind": "throw",
        "passive about": "ask",
        "passive of": "accuse",
        "passive on": "split",
        "passive over": "divide",
    }
)

# (lemma, complement) pairs of nouns that attribute a claim, stance or plan, learnt the same
# way, plus "X's view/opinion that ..." and "in X's words/view/opinion, ...": attributions by
# definition, too rare on PolNeAR train to calibrate (one to three cases each).
STANCE_NOUN_CUES: frozenset[tuple[str, str]] = _pairs(
    {"clause": "opinion view", "frame": "opinion view word"}
) | _pairs(
    {
        "clause": (
            "accusation admission advice agreement allegation announcement argument "
            "assertion assumption belief case charge claim comment complaint concern "
            "confidence contention decision doubt evidence fear hope idea narrative "
            "notion point position recognition remark reminder report rumor sense "
            "speculation statement suggestion threat"
        ),
        "of": (
            "accusation announcement approval assessment chant claim condemnation critic "
            "criticism defender defense denunciation disclosure discussion embrace "
            "endorsement favor hope idea mention message opinion praise promise proponent "
            "rejection statement story tale talk understanding view"
        ),
        "about": (
            "anxiety argument attitude comment concern conversation detail doubt joke "
            "message note question report speech statement story talk testimonial view "
            "word"
        ),
        "infinitive": (
            "agreement call claim decision desire hope inclination intention plan pledge "
            "promise proposal reluctance request unwillingness"
        ),
        "for": (
            "advocate call demand enthusiasm hope idea need passion praise proposal "
            "respect word"
        ),
        "on": (
            "comment consensus criticism decision evaluation opinion proposal report "
            "statement testimony thought voice"
        ),
        "frame": "interview message poll view word",
        "against": "allegation attack",
        "to": "opposition reference",
        "as": "reputation",
        "in": "interest",
        "over": "criticism",
    }
)
