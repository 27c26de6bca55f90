"""parallax.analyze: sentences, entities (merging, roles, NER fixes), attribution and hedges."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import parallax
from parallax.model import Analysis, Article

STORY = Article(
    source="test",
    title="Ferry strike ends",
    paragraphs=[
        "The Northern Ferry Workers Union (NFWU) ended its strike on Friday after talks in Port Alder.",
        "Union spokeswoman Greta Lindqvist said the deal raised wages by a tenth. Lindqvist added that crews would return on Monday.",
        "Port Alder officials welcomed the deal, while Brennport residents said the so-called compromise came late.",
        "The NFWU reportedly accepted the offer after a second ballot.",
        "Transport minister Olaf Brandt told Radio North that the ferries were safe.",
    ],
)


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    return parallax.analyze(STORY)


def _entity(analysis: Analysis, name: str):
    return next(e for e in analysis.entities if e.name == name)


def test_sentences_index_the_text(analysis: Analysis) -> None:
    text = STORY.text
    assert len(analysis.sentences) == 6
    for sentence in analysis.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    assert [s.paragraph for s in analysis.sentences] == [0, 1, 1, 2, 3, 4]


def test_surname_resolves_to_full_name_with_role(analysis: Analysis) -> None:
    person = _entity(analysis, "Greta Lindqvist")
    assert person.type == "PERSON"
    assert "Lindqvist" in person.aliases and len(person.mentions) == 2
    assert any("spokeswoman" in role.lower() for role in person.roles)
    assert any("minister" in role.lower() for role in _entity(analysis, "Olaf Brandt").roles)


def test_acronym_becomes_alias(analysis: Analysis) -> None:
    union = next(e for e in analysis.entities if "NFWU" in e.aliases or e.name == "NFWU")
    assert union.type == "ORG" and len(union.mentions) >= 2


def test_places_modifying_nouns_are_places(analysis: Analysis) -> None:
    """'Port Alder officials', 'Brennport residents': names used as modifiers are places, not people."""
    assert all(e.type != "PERSON" for e in analysis.entities if e.name in ("Port Alder", "Brennport"))


def test_mentions_point_at_text(analysis: Analysis) -> None:
    for entity in analysis.entities:
        for mention in entity.mentions:
            assert STORY.text[mention.start : mention.end] == mention.text


def test_attribution_and_hedges(analysis: Analysis) -> None:
    attributions = [s.attribution for s in analysis.sentences]
    assert attributions[0].status == "asserted"
    assert attributions[1].status == "attributed" and "Lindqvist" in (attributions[1].source or "")
    assert "so-called" in attributions[3].hedges
    assert attributions[4].status == "hedged" and attributions[4].hedges == ["reportedly"]


def test_quotes_link_to_entities(analysis: Analysis) -> None:
    ids = {e.id: e.name for e in analysis.entities}
    speakers = {ids.get(q.entity or "") for q in analysis.quotes}
    assert {"Greta Lindqvist", "Olaf Brandt"} <= speakers


def test_analyze_many_keeps_order() -> None:
    other = Article(source="b", title="B", paragraphs=["The mayor of Elmstead opened the new bridge on Sunday."])
    results = list(parallax.analyze_many([other, STORY, other]))
    assert [r.article.source for r in results] == ["b", "test", "b"]


def test_headline_quotes_count_and_point_into_the_title() -> None:
    titled = Article(
        source="h", title="‘We will not back down,’ says union leader Petra Lind",
        paragraphs=["Union leader Petra Lind spoke to strikers at the depot on Monday.",
                    "The strike entered its third week, the union said."],
    )
    untitled = titled.model_copy(update={"title": None})
    with_title, without_title = parallax.analyze_many([titled, untitled])
    (quote,) = with_title.headline_quotes
    assert titled.title is not None and titled.title[quote.start : quote.end] == quote.text == "‘We will not back down,’"
    assert (quote.speaker, quote.kind, quote.cue, quote.sentence) == ("Petra Lind", "direct", "says", None)
    lind = next(entity for entity in with_title.entities if entity.name == "Petra Lind")
    assert quote.entity == lind.id
    assert without_title.headline_quotes == []
    labelled = titled.model_copy(update={"title": "Orsa port: strike enters its third week"})
    assert parallax.analyze(labelled).headline_quotes == []  # a place before a colon labels the topic
    named = titled.model_copy(update={"title": "Petra Lind: we will not back down"})
    assert [q.speaker for q in parallax.analyze(named).headline_quotes] == ["Petra Lind"]
    assert [q.text for q in with_title.quotes] == [q.text for q in without_title.quotes]  # the body is read alike


def test_cli_analyze_json(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Ferry strike ends\n\n" + "\n\n".join(STORY.paragraphs))
    result = subprocess.run(
        [sys.executable, "-m", "parallax", "analyze", str(tmp_path / "story.txt"), "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {"article", "sentences", "entities", "quotes", "quantities"} <= set(payload)
    assert any(q["speaker"] and "Lindqvist" in q["speaker"] for q in payload["quotes"])


def test_people_the_recogniser_misses_are_entities() -> None:
    """The small model reads "Ana Petrov" as nothing, then "Petrov" as an organisation."""
    article = Article(source="m", title="Dam holds", paragraphs=[
        "Ana Petrov visited the dam on Monday.",
        "Petrov said the crack was small, and she added that pumps were coming.",
    ])
    analysis = parallax.analyze(article)
    people = [entity for entity in analysis.entities if entity.name == "Ana Petrov"]
    assert len(people) == 1 and people[0].type == "PERSON"
    assert len(people[0].mentions) == 2
    assert not any(entity.type == "ORG" and entity.name == "Petrov" for entity in analysis.entities)
    assert {quote.entity for quote in analysis.quotes} == {people[0].id}


def test_the_city_of_a_name_is_a_place() -> None:
    """The small model reads "Lenz" in "the city of Lenz" as a person."""
    article = Article(source="m", title="Border closed", paragraphs=[
        "The border crossing is 40 km from the city of Lenz.",
        "Officials in the town of Marek Dolny said the road was closed.",
    ])
    types = {entity.name: entity.type for entity in parallax.analyze(article).entities}
    assert types.get("Lenz") == "PLACE" and types.get("Marek Dolny") == "PLACE"


def test_a_description_speaker_is_the_person_given_that_role() -> None:
    article = Article(source="m", title="Soldiers cross border", paragraphs=[
        "Kaliria's Border Service (KBS) said on Monday that 212 soldiers had crossed the river.",
        '"They asked for shelter," the head of the KBS\'s border control, Gen. Piotr Lask, told reporters.',
        "The head of the KBS's border control said the men were disarmed and fed.",
    ])
    analysis = parallax.analyze(article)
    [lask] = [entity for entity in analysis.entities if entity.name == "Piotr Lask"]
    assert "the head of the KBS's border control" in lask.roles  # the role ends before the name's title
    assert [(quote.speaker, quote.entity) for quote in analysis.quotes[1:]] == [("Piotr Lask", lask.id)] * 2


def test_a_description_before_a_name_is_its_role_however_it_is_parsed() -> None:
    """The small model hangs "the head of ..." on the quote's verb here, not on the name."""
    article = Article(source="m", title="Border", paragraphs=[
        "“They asked for shelter,” the head of the border service, Gen. Piotr Lask, told reporters.",
    ])
    [lask] = [entity for entity in parallax.analyze(article).entities if entity.name == "Piotr Lask"]
    assert "the head of the border service" in lask.roles


def test_a_definite_description_speaker_is_the_organisation_named_before() -> None:
    article = Article(source="m", title="Reservoir", paragraphs=[
        "The Sarn Valley Water Authority said the wall was sound.",
        "Residents say they warned the authority. The authority said repairs were scheduled.",
    ])
    analysis = parallax.analyze(article)
    [authority] = [entity for entity in analysis.entities if entity.name == "Sarn Valley Water Authority"]
    spoken = [(quote.speaker, quote.entity) for quote in analysis.quotes if quote.text.startswith(("the wall", "repairs"))]
    assert spoken == [(authority.name, authority.id)] * 2
    assert any(quote.speaker == "Residents" for quote in analysis.quotes)  # a plural with no name stays as it is


def test_a_name_in_apposition_to_a_person_description_is_a_person_and_takes_that_role() -> None:
    """The small model misses "Ana Ruiz" after "The governor of Velmora,"; the governor's
    shorter description later ("the governor") is still her."""
    article = Article(source="m", title="Floods", paragraphs=[
        "The governor of Velmora, Ana Ruiz, visited the dam on Monday.",
        '"We are ready," the governor said. The capital of the region, New Sarn, stayed dry.',
    ])
    analysis = parallax.analyze(article)
    [ruiz] = [entity for entity in analysis.entities if entity.name == "Ana Ruiz"]
    assert ruiz.type == "PERSON" and "The governor of Velmora" in ruiz.roles
    assert [(quote.speaker, quote.entity) for quote in analysis.quotes] == [("Ana Ruiz", ruiz.id)]
    assert not any(entity.name == "New Sarn" and entity.type == "PERSON" for entity in analysis.entities)


def test_a_place_or_person_only_qualifying_the_speaker_is_not_the_speaker() -> None:
    article = Article(source="m", title="Storm", paragraphs=[
        "Heavy rain hit Velmora and Russia on Monday. John Smith runs the dam and Apple makes pumps.",
        '"The road is shut," Velmora police said. "It will hold," the governor of Velmora said.',
        '"No comment," Smith\'s lawyer said. "Pumps are coming," an Apple spokesman said.',
        '"We will help," Russia said. "It was loud," Tom Hale and John Smith said.',
    ])
    analysis = parallax.analyze(article)
    names = {entity.id: entity.name for entity in analysis.entities}
    linked = {quote.speaker: names.get(quote.entity or "") for quote in analysis.quotes}
    assert linked["Velmora police"] is linked["the governor of Velmora"] is linked["Smith's lawyer"] is None
    assert linked["an Apple spokesman"] == "Apple"  # a spokesman speaks for the organisation
    assert linked["Russia"] == "Russia"
    assert linked["Tom Hale"] == "Tom Hale"  # the first of two speakers named together


def test_a_description_by_an_organisations_kind_is_the_organisation_most_named() -> None:
    article = Article(source="m", title="Patch", paragraphs=[
        "Korvel Systems shipped a fix on Monday, Reuters reported. Korvel Systems said the flaw was rare.",
        '"Users should update now," the software maker said. Mira Holt praised the fix.',
        '"We acted fast," the company said.',
    ])
    analysis = parallax.analyze(article)
    [korvel] = [entity for entity in analysis.entities if entity.name == "Korvel Systems"]
    described = [quote for quote in analysis.quotes if quote.text.strip('"').startswith(("Users", "We acted"))]
    assert [(quote.speaker, quote.entity) for quote in described] == [("Korvel Systems", korvel.id)] * 2


def test_a_description_by_an_organisations_kind_prefers_the_organisation_that_spoke() -> None:
    article = Article(source="m", title="Patch", paragraphs=[
        "The Harlow Institute found the flaw. The Harlow Institute published its report, and the Harlow Institute "
        "warned users.",
        "Korvel Systems said a fix was ready.",
        '"Users should update now," the company said.',
    ])
    analysis = parallax.analyze(article)
    [korvel] = [entity for entity in analysis.entities if entity.name == "Korvel Systems"]
    assert [(quote.speaker, quote.entity) for quote in analysis.quotes] == [("Korvel Systems", korvel.id)] * 2


def test_names_never_carry_web_addresses_or_credit_slashes() -> None:
    article = Article(source="t", title="Two brothers charged after harbour shooting", paragraphs=[
        "Gazette Staff Report",
        "Daniel Okafor http://gazette.example/wp-content/uploads/2015/07/web1_DANIEL-OKAFOR.jpg Daniel Okafor "
        "Marcus Okafor http://gazette.example/wp-content/uploads/2015/07/web1_MARCUS-OKAFOR.jpg Marcus Okafor",
        "Prosecutor Lena Kovac filed charges on Friday against the two brothers, police said. The mayor, "
        "photographed by Ulla Brandt / Harbour Gazette, said nothing. People.com reported it first.",
    ])
    names = [entity.name for entity in parallax.analyze(article).entities]
    assert {"Lena Kovac", "Daniel Okafor", "Ulla Brandt", "People.com"} <= set(names)  # a bare domain names an outlet
    assert not [name for name in names if "http" in name or "/" in name]


def test_a_closing_quote_cut_off_by_the_parser_stays_with_its_sentence() -> None:
    article = parallax.read_text('Voices from Brenmoor\n\n"The tide came over the wall at dawn."\n\n'
                                 '"We lost the boats, the nets and the shed."\n\n'
                                 '"Nobody from the board came to help us," she said.\n')
    sentences = [sentence.text for sentence in parallax.analyze(article).sentences]
    assert '"The tide came over the wall at dawn."' in sentences
    assert not any(set(text) <= set('"”.') for text in sentences)  # no sentence of a lone quote mark
    for sentence in parallax.analyze(article).sentences:
        assert article.text[sentence.start:sentence.end] == sentence.text
