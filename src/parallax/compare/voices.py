"""Voices: whom each article lets speak, how often and at what length, and which
agencies it credits."""

from __future__ import annotations

from collections.abc import Sequence

from parallax.model import Analysis, Speaker, Voices


def compare_voices(analyses: Sequence[Analysis], entity_index: dict[tuple[str, str], str]) -> dict[str, Voices]:
    """Per article: speakers (matched across articles where possible) and credited agencies."""
    voices: dict[str, Voices] = {}
    for analysis in analyses:
        article = analysis.article
        entities = {entity.id: entity for entity in analysis.entities}
        speakers: dict[str, Speaker] = {}
        # A voice in the headline is the one every reader meets: it counts, and is marked.
        headline = [(quote, True) for quote in analysis.headline_quotes]
        for quote, in_headline in headline + [(quote, False) for quote in analysis.quotes]:
            entity = entities.get(quote.entity or "")
            name = entity.name if entity else (quote.speaker or "unnamed source")
            key = entity.id if entity else name.lower()
            speaker = speakers.get(key)
            if speaker is None:
                cross = entity_index.get((article.id, entity.id)) if entity else None
                affiliation = entity.roles[0] if entity and entity.roles else None
                speaker = speakers[key] = Speaker(name=name, entity=cross, affiliation=affiliation)
            speaker.quotes += 1
            speaker.words += len(quote.text.split())
            speaker.headline_quotes += in_headline
        own = (article.outlet or "").lower()
        credited = [name for name in _agencies(article.credits) if name.lower() != own]
        agencies = list(dict.fromkeys([*credited, *_channels(analysis)]))
        voices[article.id] = Voices(
            speakers=sorted(speakers.values(), key=lambda s: (-s.words, s.name)), agencies=agencies
        )
    return voices


def _agencies(credits: list[str]) -> list[str]:
    """'Image: Reuters' -> 'Reuters'; 'AFP' -> 'AFP'."""
    names = []
    for credit in credits:
        name = credit.split(":", 1)[1] if ":" in credit else credit
        name = name.removeprefix("Image Source").strip()
        if name:
            names.append(name)
    return names


def _channels(analysis: Analysis) -> list[str]:
    """News organisations a quote was given to ("told Reuters")."""
    from parallax.extract.text import WIRE_AGENCIES

    known = {name.lower(): name for name in WIRE_AGENCIES}
    channels = []
    for quote in analysis.quotes:
        if quote.channel:
            for word in quote.channel.replace(",", " ").split():
                if word.lower() in known:
                    channels.append(known[word.lower()])
    return channels
