"""Stories: near-duplicate and wire-copy detection, and online grouping of fictional
articles in which two events of the same kind (two earthquakes, two shootings) must stay
apart while each event's reports from different outlets come together."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select

from parallax.model import Article
from parallax.store import Store, schema
from parallax.store.ingest import ingest_articles
from parallax.stories import group_articles
from parallax.stories.assign import (
    Assignment,
    DocumentFrequencies,
    StoryIndex,
    StoryProfile,
    days_apart,
    gets_second_look,
    join_probability,
    second_look_probability,
)
from parallax.stories.dedup import copy_kind, fingerprint, is_copy, overlap, shingles
from parallax.stories.features import ArticleFeatures, lead_text, name_tokens
from parallax.stories.revise import REVISION_MIN_DOCUMENTS, MemberSketch

# --- fictional reports (written for these tests) -------------------------------------------

QUAKE_ARLEN_WIRE = Article(
    source="northern-wire/arlen-quake",
    outlet="Northern Wire",
    title="Magnitude 6.1 earthquake kills 14 in Arlen Falls",
    published="2031-03-04",
    paragraphs=[
        "A magnitude 6.1 earthquake struck Arlen Falls before dawn on Tuesday, killing at least 14 people "
        "and bringing down the old granary on Mill Street, the regional emergency office said.",
        "Rescue teams from Dorrow County worked through the morning to reach residents trapped under the "
        "rubble of two apartment blocks near the river, according to fire chief Helena Marsk.",
        "The quake was centred eleven kilometres north of the town at a depth of nine kilometres, the "
        "national seismology institute reported, and was followed by more than thirty aftershocks.",
        "Mayor Oskar Lindqvist declared a state of emergency and opened the Arlen Falls sports hall as a "
        "shelter for about 600 people whose homes were judged unsafe.",
        "Power was cut across the valley and the regional railway suspended trains between Arlen Falls and "
        "Dorrow while engineers inspected the bridges.",
    ],
)
QUAKE_ARLEN_COPY = Article(  # the wire text, lightly edited by another outlet
    source="lakeside-gazette/arlen",
    outlet="Lakeside Gazette",
    title="Deadly quake hits Arlen Falls",
    published="2031-03-04",
    paragraphs=[
        "A magnitude 6.1 earthquake struck Arlen Falls before dawn on Tuesday, killing at least 14 people "
        "and bringing down the old granary on Mill Street, the regional emergency office said.",
        "Rescue teams from Dorrow County worked through the morning to reach residents trapped under the "
        "rubble of two apartment blocks near the river, according to fire chief Helena Marsk.",
        "The quake was centred eleven kilometres north of the town at a depth of nine kilometres, the "
        "national seismology institute reported, and was followed by more than thirty aftershocks.",
        "Mayor Oskar Lindqvist declared a state of emergency and opened the Arlen Falls sports hall as a "
        "shelter for about 600 people whose homes were judged unsafe.",
        "Several Lakeside families have relatives in the valley, and the town council said it would collect "
        "blankets at the library.",
    ],
)
QUAKE_ARLEN_HERALD = Article(
    source="valley-herald/arlen",
    outlet="Valley Herald",
    title="Arlen Falls counts its dead after the earthquake",
    published="2031-03-05",
    paragraphs=[
        "The death toll from Tuesday's earthquake in Arlen Falls rose to 14 on Wednesday as rescuers pulled "
        "two more bodies from a collapsed apartment block, fire chief Helena Marsk told reporters.",
        "Mayor Oskar Lindqvist said the town would need months to rebuild the Mill Street district, where "
        "the granary and several shops were flattened by the magnitude 6.1 quake.",
        "Families who spent the night in the sports hall described being woken by a roar and then the "
        "shaking of their walls. Many said they would not go home until engineers had checked the buildings.",
        "Dorrow County has asked the national government for emergency funds, and army trucks carrying "
        "tents and water arrived in the valley in the afternoon.",
    ],
)
QUAKE_KESTREL = Article(
    source="coastal-times/kestrel-quake",
    outlet="Coastal Times",
    title="Earthquake shakes Kestrel Bay, two injured",
    published="2031-09-20",
    paragraphs=[
        "A magnitude 5.4 earthquake rattled the fishing port of Kestrel Bay on Saturday afternoon, injuring "
        "two people and cracking the harbour wall, the coast guard said.",
        "Harbour master Ruth Okonkwo said boats were ordered out of the inner basin as a precaution while "
        "divers inspected the damage to the pier.",
        "The quake's epicentre lay offshore, about twenty kilometres west of the port, according to the "
        "national seismology institute, which recorded a handful of small aftershocks.",
        "Shops along Quay Road reported broken windows and fallen shelves, and the ferry to Sorrel Island "
        "was cancelled for the evening.",
    ],
)
QUAKE_KESTREL_2 = Article(
    source="harbour-news/kestrel",
    outlet="Harbour News",
    title="Kestrel Bay harbour wall cracked by quake",
    published="2031-09-21",
    paragraphs=[
        "Engineers spent Sunday examining the harbour wall in Kestrel Bay after Saturday's magnitude 5.4 "
        "earthquake opened a crack along its northern arm.",
        "Harbour master Ruth Okonkwo said the two people hurt in the quake, a fisherman and a shop assistant "
        "on Quay Road, had been treated in hospital and sent home.",
        "The ferry service to Sorrel Island will resume on Monday, the operator said, once the pier has been "
        "cleared by divers.",
    ],
)
SHOOTING_BRIGHTWATER = Article(
    source="city-ledger/brightwater",
    outlet="City Ledger",
    title="Three killed in shooting at Brightwater mall",
    published="2031-05-11",
    paragraphs=[
        "Three people were shot dead on Sunday at the Brightwater shopping mall, and police arrested a "
        "34-year-old man, Tomas Reyland, in the car park minutes later.",
        "Police chief Anika Varga said Reyland opened fire near the food court shortly after noon. Two other "
        "shoppers were wounded and taken to St Brendan's hospital.",
        "Witnesses described people running into shops and locking the shutters as the shots echoed through "
        "the atrium.",
        "Investigators were searching Reyland's flat on Copper Lane on Sunday evening, Varga said, and the "
        "mall will stay closed until Wednesday.",
    ],
)
SHOOTING_BRIGHTWATER_2 = Article(
    source="metro-voice/brightwater",
    outlet="Metro Voice",
    title="Brightwater mall gunman charged with three murders",
    published="2031-05-12",
    paragraphs=[
        "Tomas Reyland, the man accused of killing three people at the Brightwater mall on Sunday, was "
        "charged with three counts of murder on Monday, prosecutors said.",
        "Police chief Anika Varga said officers had found two more guns at Reyland's flat on Copper Lane.",
        "The two shoppers wounded near the food court remain in St Brendan's hospital in a stable condition.",
    ],
)
SHOOTING_DUNMORE = Article(
    source="city-ledger/dunmore",
    outlet="City Ledger",
    title="Teacher killed in shooting at Dunmore high school",
    published="2031-05-14",
    paragraphs=[
        "A teacher was shot dead on Wednesday morning at Dunmore High School, and a 17-year-old student was "
        "detained by officers in the school gym, the county sheriff said.",
        "Sheriff Gideon Paley said the gunfire began in a second-floor corridor during the first lesson. "
        "Pupils barricaded classroom doors until deputies arrived.",
        "The school will be closed for the rest of the week, and counsellors will be available at the Dunmore "
        "community centre, the district superintendent Maren Holt said.",
    ],
)
SHOOTING_DUNMORE_2 = Article(
    source="valley-herald/dunmore",
    outlet="Valley Herald",
    title="Dunmore mourns teacher shot at high school",
    published="2031-05-15",
    paragraphs=[
        "Hundreds gathered outside Dunmore High School on Thursday evening to remember the teacher killed in "
        "Wednesday's shooting.",
        "Sheriff Gideon Paley said the 17-year-old student held after the attack would appear in juvenile "
        "court on Friday. Investigators are still trying to learn how he obtained the handgun.",
        "Superintendent Maren Holt said lessons would resume on Monday with extra counsellors in every Dunmore "
        "school.",
    ],
)

EVENTS = {
    "arlen quake": [QUAKE_ARLEN_WIRE, QUAKE_ARLEN_COPY, QUAKE_ARLEN_HERALD],
    "kestrel quake": [QUAKE_KESTREL, QUAKE_KESTREL_2],
    "brightwater shooting": [SHOOTING_BRIGHTWATER, SHOOTING_BRIGHTWATER_2],
    "dunmore shooting": [SHOOTING_DUNMORE, SHOOTING_DUNMORE_2],
}
# Interleaved, as a feed would deliver them: each same-kind pair arrives mixed.
FEED = [
    QUAKE_ARLEN_WIRE, SHOOTING_BRIGHTWATER, QUAKE_KESTREL, SHOOTING_DUNMORE, QUAKE_ARLEN_COPY,
    SHOOTING_BRIGHTWATER_2, QUAKE_KESTREL_2, QUAKE_ARLEN_HERALD, SHOOTING_DUNMORE_2,
]


@pytest.fixture(scope="module")
def feed_store() -> Store:
    store = Store("sqlite://")
    ingest_articles(FEED, store, workers=1)
    return store


def _story_of(store: Store) -> dict[str, int]:
    with store.read() as connection:
        return dict(connection.execute(select(schema.assignments.c.article_id, schema.assignments.c.story_id)).all())


# --- dedup --------------------------------------------------------------------------------


def test_lightly_edited_copy_is_detected_and_independent_reports_are_not() -> None:
    wire, copy, own = (fingerprint(a.text) for a in (QUAKE_ARLEN_WIRE, QUAKE_ARLEN_COPY, QUAKE_ARLEN_HERALD))
    found = is_copy(copy.shingles, wire.shingles)
    assert found is not None and found.containment > 0.75
    assert is_copy(own.shingles, wire.shingles) is None  # same event, own words
    assert len(set(copy.band_keys) & set(wire.band_keys)) >= 4  # the LSH finds it


def test_short_texts_are_never_called_copies() -> None:
    notice = "By registering you agree to our terms of service and privacy policy. Already have an account? Log in."
    assert is_copy(shingles(notice), shingles(notice)) is None
    assert overlap(shingles(notice), shingles(notice)).containment == 1.0


@pytest.mark.parametrize(
    ("outlet", "original", "kind"),
    [("Lakeside Gazette", "Northern Wire", "wire_copy"), ("Northern Wire", "northern wire", "near_duplicate"),
     (None, "Northern Wire", "near_duplicate")],
)
def test_copy_kind(outlet: str | None, original: str | None, kind: str) -> None:
    assert copy_kind(outlet, original) == kind


def test_shingles_ignore_case_and_accents() -> None:
    assert shingles("Café in Zürich opens its doors today") == shingles("cafe in zurich OPENS its doors today")


# --- features ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tokens"),
    [("Lindqvist's", ["lindqvist"]), ("the Dorrow County", ["dorrow", "county"]), ("St Brendan's", ["brendan"]),
     ("Mr. Jo", [])],
)
def test_name_tokens(name: str, tokens: list[str]) -> None:
    assert name_tokens(name) == tokens


def test_lead_text_is_title_then_opening_words() -> None:
    lead = lead_text(QUAKE_KESTREL, words=5)
    assert lead == "Earthquake shakes Kestrel Bay, two injured. A magnitude 5.4 earthquake rattled"


@pytest.mark.parametrize(
    ("day", "first", "last", "expected"),
    [("2031-03-10", "2031-03-01", "2031-03-05", 5), ("2031-03-03", "2031-03-01", "2031-03-05", 0),
     (None, "2031-03-01", "2031-03-05", 0)],
)
def test_days_apart(day: str | None, first: str, last: str, expected: int) -> None:
    from datetime import date

    parse = date.fromisoformat
    assert days_apart(parse(day) if day else None, parse(first), parse(last)) == expected


def test_profile_round_trips_through_storage() -> None:
    import numpy as np

    features = ArticleFeatures(article_id="a", title="T", vector=np.ones(4, dtype=np.float32) / 2,
                               names={"marsk": 1.0}, name_labels={"marsk": "Helena Marsk"},
                               numbers=frozenset({"6.1"}))
    profile = StoryProfile.start(7, features)
    again = StoryProfile.from_stored(7, "T", profile.count, profile.vector_sum.tobytes(), profile.profile_json())
    assert again.names == profile.names and again.numbers == profile.numbers and again.labels == profile.labels
    assert np.allclose(again.centroid, profile.centroid)


# --- revision: a story holding two events is split ----------------------------------------

# Two fictional title defences by one boxer, years apart: the same kind of event and the
# same champion, but each report names its own challenger, venue and round.
_DEFENCES = {
    "first": ("Korvin stops Ambrose Tull in Velden", ["tull", "ambrose", "velden", "arena", "korvin"],
              ["tull", "ambrose", "velden", "seventh", "round", "cut", "eye", "korvin", "title", "defence"]),
    "second": ("Korvin outpoints Ruan Sable in Marrow Bay", ["sable", "ruan", "marrow", "bay", "korvin"],
               ["sable", "ruan", "marrow", "bay", "decision", "judges", "unanimous", "korvin", "title", "defence"]),
}


def _defence_report(event: str, number: int, rng: np.random.Generator) -> ArticleFeatures:
    title, names, words = _DEFENCES[event]
    vector = np.asarray(rng.normal(size=8), dtype=np.float32) + 3.0  # all alike: one kind of event
    return ArticleFeatures(
        article_id=f"{event}-{number}", title=title, vector=vector / np.linalg.norm(vector),
        names={token: 1.0 if token != "korvin" else 0.8 for token in names},
        name_labels={token: token.title() for token in names},
        terms=Counter({word: 2 for word in words} | {f"{event}word{number}": 1}),
    )


def _feed(index: StoryIndex, reports: list[ArticleFeatures], story_id: int) -> StoryProfile:
    """Every report forced into one story, as when the second event's first report joined the first's."""
    for report in reports:
        known = index.profile(story_id)
        assignment = Assignment(None if known is None else story_id, known is None, 1.0, 1.0, 1.0, [], "test")
        profile = index.updated_profile(assignment, report)
        profile.id = story_id
        index.install(profile, report)
    found = index.profile(story_id)
    assert found is not None
    return found


def test_story_holding_two_events_is_split_with_a_reason() -> None:
    from parallax.stories.revise import REVISION_MIN_DOCUMENTS, REVISION_SIZES

    rng = np.random.default_rng(3)
    index = StoryIndex(8)
    for filler in range(REVISION_MIN_DOCUMENTS):  # other stories' words: the defences' names are rare
        index.frequencies.add([f"filler{filler}", "title", "defence", "korvin"])
    first = [_defence_report("first", n, rng) for n in range(4)]
    second = [_defence_report("second", n, rng) for n in range(4)]
    story = _feed(index, first + second[:3], story_id=5)
    assert story.count == 7 and len(story.members) == 7 and not story.revisable
    assignment = Assignment(5, False, 0.9, 0.9, 0.5, [], "joined")
    grown = index.updated_profile(assignment, second[3])
    assert grown.count == 8 and grown.count in REVISION_SIZES and grown.revisable
    young = StoryIndex(8)  # an index that has seen too few articles to weigh names by rarity
    young.frequencies.add(["title"])
    assert young.revise(grown) is None
    split = index.revise(grown)
    assert split is not None
    assert set(split.moved) == {r.article_id for r in second}  # the first member's side stays
    assert split.kept.id == 5 and split.kept.count == 4 and split.spun_off.count == 4
    assert split.kept.names["tull"] == 4 and "tull" not in split.spun_off.names
    assert "sable" in split.spun_off.names and "split from story 5" in split.reason and "Sable" in split.reason
    assert np.allclose(split.kept.vector_sum + split.spun_off.vector_sum, grown.vector_sum, atol=1e-2)
    split.spun_off.id = 9
    index.install(split.kept, second[3], spun_off=split.spun_off)
    assert index.profile(9) is split.spun_off and len(index) == 2


def test_story_of_one_event_is_not_split() -> None:
    rng = np.random.default_rng(4)
    index = StoryIndex(8)
    for filler in range(300):
        index.frequencies.add([f"filler{filler}"])
    reports = [_defence_report("first", n, rng) for n in range(8)]
    story = _feed(index, reports, story_id=2)
    assert story.count == 8 and story.revisable
    assert index.revise(story) is None


def test_article_when_reads_the_days_the_lead_names() -> None:
    from parallax.stories.features import WHEN_WORDS, article_when

    article = Article(
        source="t", title="Ferry Aster runs aground off Tolvik",
        paragraphs=["The ferry struck a reef on Tuesday night, Sept. 17, 2024, said the port of Tolvik.",
                    "It was the second grounding since 3 March. " + "More words follow here. " * WHEN_WORDS
                    + "A Friday inquiry in 1998 is far below the lead."],
    )
    assert article_when(article) == {"tuesday", "sep-17", "2024", "mar-3"}
    assert article_when(Article(source="t", title="No day", paragraphs=["Nothing dated at all."])) == frozenset()


def test_a_name_token_is_shown_as_the_shortest_name_that_holds_it() -> None:
    from parallax.model import Analysis, Entity, EntityType, Mention
    from parallax.stories.features import article_names

    def entity(n: int, name: str, kind: EntityType, aliases: list[str], mentions: int) -> Entity:
        return Entity(id=f"e{n}", name=name, type=kind, aliases=aliases,
                      mentions=[Mention(start=0, end=1, text=name, sentence=s) for s in range(mentions)])

    analysis = Analysis(
        article=Article(source="t", title="Harbour crane collapses in Dunmore", paragraphs=["Text."]),
        entities=[entity(0, "Ines Varga / Dunmore Herald", "PERSON", [], 3),  # a photo credit, seen first
                  entity(1, "Dunmore", "PLACE", [], 1),
                  entity(2, "Tomas Keller", "PERSON", ["Keller"], 2)],
    )
    names, labels = article_names(analysis)
    assert labels["dunmore"] == "Dunmore"
    assert labels["keller"] == "Tomas Keller"  # the person, not the bare surname
    assert labels["varga"] == "Ines Varga / Dunmore Herald"
    assert names["dunmore"] == 1.0  # prominence is the most prominent entity's: the credit's 3 mentions


def test_shared_names_are_listed_once_under_their_fullest_name() -> None:
    vector = np.ones(4, dtype=np.float32) / 2
    labels = {"neely": "Neely Gardner", "gardner": "Gardner", "dunmore": "Dunmore", "sinai": "Mount Sinai Hospital"}
    names = dict.fromkeys(labels, 1.0)
    terms = Counter({"crane": 2, "harbour": 2, "collapse": 1})
    index = StoryIndex(4)
    _feed(index, [ArticleFeatures(article_id="a", title="T", vector=vector, names=names, name_labels=labels,
                                  terms=terms)], story_id=1)
    decision = index.decide(ArticleFeatures(article_id="b", title="T", vector=vector, names=names,
                                            name_labels={}, terms=terms))
    assert decision.story_id == 1
    assert decision.shared_names == ["Neely Gardner", "Dunmore", "Mount Sinai Hospital"]


def _dated(article_id: str, when: tuple[str, ...]) -> MemberSketch:
    return MemberSketch(article_id=article_id, title=None, vector=np.zeros(4, dtype=np.float16), names={},
                        terms={}, numbers=(), day=None, when=when)


def test_day_contrast_tells_two_occurrences_from_one_event() -> None:
    from parallax.stories.revise import day_contrast

    monday = [_dated(f"m{n}", ("monday", "2024")) for n in range(4)]
    thursday = [_dated(f"t{n}", ("thursday",)) for n in range(3)] + [_dated("u", ())]
    assert day_contrast(monday, thursday) == pytest.approx(1.0)
    assert day_contrast(monday[:2], monday[2:]) == pytest.approx(0.0)
    assert day_contrast(monday, thursday[:1] + [_dated("v", ()), _dated("w", ())]) is None  # one dated member


def test_split_on_days_needs_a_fair_cut_and_is_never_merged_back(monkeypatch: pytest.MonkeyPatch) -> None:
    from parallax.stories import revise
    from parallax.stories.assign import _mergeable

    # normalised cut 8a / (3w + 4a) = 0.91: not clean enough on words alone
    within, across = revise.SIMILARITY_CAP, 0.625 * revise.SIMILARITY_CAP
    blocks = np.full((8, 8), across)
    blocks[:4, :4] = blocks[4:, 4:] = within
    monkeypatch.setattr(revise, "member_similarity", lambda members, frequencies: blocks)
    first = [_dated(f"a{n}", ("monday",)) for n in range(4)]
    second = [_dated(f"b{n}", ("thursday", "2019")) for n in range(4)]
    found = revise.propose_split(first + second, DocumentFrequencies())
    assert found is not None
    ncut, stay, leave, dated = found
    assert revise.SPLIT_NCUT <= ncut < revise.DATED_SPLIT_NCUT and dated
    assert (stay, leave) == ([0, 1, 2, 3], [4, 5, 6, 7])
    alike = [_dated(f"c{n}", ("monday",)) for n in range(4)]
    assert revise.propose_split(first + alike, DocumentFrequencies()) is None  # same day: one event

    index = StoryIndex(4)
    for filler in range(REVISION_MIN_DOCUMENTS):
        index.frequencies.add([f"filler{filler}"])
    story = StoryProfile(id=3, title="T", count=8, vector_sum=np.ones(4, dtype=np.float32), members=first + second)
    split = index.revise(story)
    assert split is not None and split.spun_off.apart == {3} and "different days" in split.reason
    split.spun_off.id = 11
    other = StoryProfile(id=12, title="U", count=1, vector_sum=np.ones(4, dtype=np.float32))
    assert _mergeable(split.kept, [(split.spun_off, 0.9), (other, 0.8)]) == ((12, 0.8),)
    assert _mergeable(other, [(split.kept, 0.9), (split.spun_off, 0.8)]) == ((3, 0.9),)
    again = StoryProfile.from_stored(11, "T", 4, split.spun_off.vector_sum.tobytes(), split.spun_off.profile_json())
    assert again.apart == {3} and [m.when for m in again.members] == [m.when for m in second]
    legacy = json.loads(split.spun_off.profile_json())
    del legacy["apart"]
    for member in legacy["members"]:
        del member["when"]  # stored before days were sketched
    old = StoryProfile.from_stored(11, "T", 4, split.spun_off.vector_sum.tobytes(), json.dumps(legacy))
    assert old.apart == set() and all(m.when == () for m in old.members)


def test_near_twins_do_not_pass_for_a_second_event() -> None:
    from parallax.stories import revise

    # one event's eight reports alike at 0.25, three of them near copies of each other
    similarity = np.full((8, 8), 0.25)
    similarity[:3, :3] = 0.95
    assert revise.bipartition(similarity)[0] < revise.SPLIT_NCUT  # the copies would pass for a group
    assert revise.bipartition(np.minimum(similarity, revise.SIMILARITY_CAP))[0] >= revise.SPLIT_NCUT


def test_the_cut_follows_what_the_lead_embeddings_tell_apart() -> None:
    from parallax.stories import revise

    # names and words hardly tell the two groups apart; the leads do, once what all
    # members share (the kind of event) is set aside
    rng = np.random.default_rng(5)
    kind = rng.normal(size=16)
    first_way, second_way = rng.normal(size=16), rng.normal(size=16)
    members = [_dated(f"m{n}", ()) for n in range(8)]
    members = [MemberSketch(article_id=m.article_id, title=None, names={}, terms={}, numbers=(), day=None,
                            vector=(4 * kind + (first_way if n < 4 else second_way)).astype(np.float16))
               for n, m in enumerate(members)]
    similarity = np.full((8, 8), 0.5) + rng.uniform(0, 0.02, size=(8, 8))
    similarity = (similarity + similarity.T) / 2
    _, left, right = revise.bipartition(revise.cut_similarity(members, similarity))
    assert {tuple(left), tuple(right)} == {(0, 1, 2, 3), (4, 5, 6, 7)}


def test_bipartition_finds_two_blocks_and_needs_both_sides_full() -> None:
    from parallax.stories.revise import MIN_SIDE, bipartition

    blocks = np.full((8, 8), 0.05)
    blocks[:4, :4] = blocks[4:, 4:] = 0.9
    ncut, left, right = bipartition(blocks)
    assert {tuple(left), tuple(right)} == {(0, 1, 2, 3), (4, 5, 6, 7)} and ncut < 0.2
    too_few = 2 * MIN_SIDE - 1  # MIN_SIDE on each side needs twice as many members
    assert bipartition(blocks[:too_few, :too_few]) is None
    assert bipartition(blocks, min_side=5) is None


def test_sketches_survive_storage_and_stop_when_the_story_is_large() -> None:
    from parallax.stories.revise import MAX_SKETCHED_MEMBERS

    rng = np.random.default_rng(5)
    index = StoryIndex(8)
    story = _feed(index, [_defence_report("first", n, rng) for n in range(3)], story_id=4)
    again = StoryProfile.from_stored(4, "T", story.count, story.vector_sum.tobytes(), story.profile_json())
    assert [m.article_id for m in again.members] == [m.article_id for m in story.members]
    assert again.members[0].names == story.members[0].names and again.members[0].terms == story.members[0].terms
    assert np.allclose(again.members[1].vector, story.members[1].vector)
    big = _feed(index, [_defence_report("second", n, rng) for n in range(MAX_SKETCHED_MEMBERS - 2)], story_id=4)
    assert big.count == MAX_SKETCHED_MEMBERS + 1 and big.members == [] and not big.revisable
    legacy = json.loads(story.profile_json())
    del legacy["members"]  # a story stored before sketches were kept is never revised
    old = StoryProfile.from_stored(4, "T", 3, story.vector_sum.tobytes(), json.dumps(legacy))
    assert old.members == []


def test_join_probability_rises_with_evidence() -> None:
    weak = join_probability([0.4, 0.05, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    strong = join_probability([0.85, 0.5, 0.8, 0.8, 1.0, 1.0, 0.0, 0.0])
    assert weak < 0.05 < 0.9 < strong


def test_second_look_rises_with_the_closest_member_and_the_first_look() -> None:
    assert second_look_probability(0.3, 0.1) < second_look_probability(0.3, 0.4) < second_look_probability(0.3, 0.8)
    assert second_look_probability(0.1, 0.5) < second_look_probability(0.6, 0.5)
    assert 0.0 < second_look_probability(1.0, 1.0) <= 1.0 and 0.0 <= second_look_probability(0.0, 0.0) < 1.0


def test_second_look_sets_a_near_twin_above_a_report_like_all_members_a_little() -> None:
    rng = np.random.default_rng(5)
    index = StoryIndex(8)
    for filler in range(REVISION_MIN_DOCUMENTS):
        index.frequencies.add([f"filler{filler}", "title", "defence"])
    members = [_defence_report("first", n, rng) for n in range(3)]
    story = _feed(index, members, story_id=4)
    assert gets_second_look(0.5, story) and not gets_second_look(0.001, story)
    twin = _defence_report("first", 0, rng)  # the same report again, as another outlet ran it
    title, names, words = _DEFENCES["second"]
    # another bout of the same boxer: his name and the kind of event, little else in common
    other = ArticleFeatures(
        article_id="other", title=title, vector=twin.vector,
        names={"korvin": 1.0, "sable": 1.0, "ruan": 1.0}, name_labels={},
        terms=Counter({word: 2 for word in words}),
    )
    twin_look = index.scored_candidates(twin)[0]
    other_look = index.scored_candidates(other)[0]
    assert twin_look.story.id == other_look.story.id == 4
    assert twin_look.closest_member is not None and other_look.closest_member is not None
    assert twin_look.closest_member >= 0.75 > 0.5 > other_look.closest_member  # neither names a number
    assert twin_look.probability > other_look.probability
    assert "closest report" in index.decide(twin).reason


def test_an_arriving_article_is_sketched_once_and_compared_as_the_members_are(monkeypatch: pytest.MonkeyPatch) -> None:
    from parallax.stories import assign, revise

    rng = np.random.default_rng(5)
    index = StoryIndex(8)
    for filler in range(REVISION_MIN_DOCUMENTS):
        index.frequencies.add([f"filler{filler}", "title", "defence"])
    story = _feed(index, [_defence_report("first", n, rng) for n in range(4)], story_id=4)
    article = _defence_report("first", 9, rng)
    built: list[str] = []
    monkeypatch.setattr(assign, "sketch", lambda features, frequencies: built.append(features.article_id)
                        or revise.sketch(features, frequencies))
    assignment = index.decide(article)
    assert assignment.reason.startswith("joined") and "closest report" in assignment.reason
    profile = index.updated_profile(assignment, article)
    assert built == [article.article_id] and profile.members[-1].article_id == article.article_id
    # the second look's row is the arriving article's row of the members' similarity
    members = story.members
    row = revise.similarity_to_members(profile.members[-1], members, index.frequencies)
    whole = revise.member_similarity([profile.members[-1], *members], index.frequencies)
    assert np.allclose(row, whole[0, 1:]) and row.shape == (len(members),)


# --- online grouping ---------------------------------------------------------------------


def test_same_kind_events_are_separated_and_each_event_grouped(feed_store: Store) -> None:
    story_of = _story_of(feed_store)
    stories_by_event = {event: {story_of[a.id] for a in articles} for event, articles in EVENTS.items()}
    for event, found in stories_by_event.items():
        assert len(found) == 1, f"{event} split over stories {found}"
    assert len({next(iter(found)) for found in stories_by_event.values()}) == len(EVENTS)


def test_wire_copy_is_linked_and_counted_as_one_voice(feed_store: Store) -> None:
    with feed_store.read() as connection:
        links = connection.execute(select(schema.duplicates)).all()
    assert [(link.article_id, link.original_id, link.kind) for link in links] == [
        (QUAKE_ARLEN_COPY.id, QUAKE_ARLEN_WIRE.id, "wire_copy")
    ]
    story_id = _story_of(feed_store)[QUAKE_ARLEN_WIRE.id]
    detail = feed_store.story(story_id)
    assert detail.summary.article_count == 3 and detail.summary.voices == 2
    wire_row = next(row for row in detail.articles if row.id == QUAKE_ARLEN_WIRE.id)
    assert wire_row.republished_by == ["Lakeside Gazette"]
    assert {a.article.id for a in feed_store.story_analyses(story_id)} == {QUAKE_ARLEN_WIRE.id, QUAKE_ARLEN_HERALD.id}


def test_every_assignment_records_why(feed_store: Store) -> None:
    with feed_store.read() as connection:
        rows = connection.execute(select(schema.assignments)).all()
    assert len(rows) == len(FEED)
    joined = [row for row in rows if not row.created]
    assert joined and all(row.reason.startswith(("joined:", "wire copy of", "near duplicate of")) for row in joined)
    herald = next(row for row in rows if row.article_id == QUAKE_ARLEN_HERALD.id)
    shared = {name.lower() for name in json.loads(herald.shared_entities)}
    assert shared & {"arlen falls", "helena marsk", "oskar lindqvist", "dorrow county"}
    assert 0.0 < herald.score <= 1.0 and "text similarity" in herald.reason
    created = [row for row in rows if row.created]
    assert len(created) == len(EVENTS) and all("new story" in row.reason or "no story" in row.reason for row in created)


def test_group_articles_lines_up_with_input_and_keeps_exact_duplicates_together() -> None:
    again = QUAKE_KESTREL.model_copy(update={"source": "mirror/kestrel"})  # same content, same id
    labels = group_articles([QUAKE_KESTREL, SHOOTING_DUNMORE, again, QUAKE_KESTREL_2])
    assert len(labels) == 4
    assert labels[0] == labels[2] == labels[3] != labels[1]


def test_story_index_snapshot_is_reused_and_brought_up_to_date(tmp_path: Path) -> None:
    from parallax.store.ingest import load_story_index, snapshot_path

    with Store(tmp_path / "corpus.db") as store:
        ingest_articles(FEED[:4], store, workers=1)
        path = snapshot_path(store)
        assert path is not None and path.exists()
        first_rev = json.loads(path.with_name(path.name + ".json").read_text())["rev"]
        ingest_articles(FEED[4:], store, workers=1)  # loads the snapshot, adds the rest
        assert json.loads(path.with_name(path.name + ".json").read_text())["rev"] > first_rev
        stories = {story.id for story in store.stories()}
        index = load_story_index(store)
        assert len(index) == len(stories) == len(EVENTS)
        path.write_bytes(b"not an index")  # a damaged snapshot is ignored: full rebuild
        rebuilt = load_story_index(store)
        assert len(rebuilt) == len(stories)
        assert all(rebuilt.index.contains(story_id) for story_id in stories)
        story_of = _story_of(store)  # the split into two runs changed nothing in the grouping
        assert sorted(len({story_of[a.id] for a in articles}) for articles in EVENTS.values()) == [1] * len(EVENTS)
