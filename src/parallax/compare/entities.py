"""Matching entities across articles despite spelling, transliteration and acronyms.

Two outlets write one Ukrainian city as Kiev and Kyiv, one Russian official as Malayev
and Malaeyev, one agency as "FSB" and as "Russia's security service". Names are compared
on a transliteration key (unidecode, lower case, with the common Cyrillic romanisation
variants folded: y/i/j, kh/h, ts/tz, doubled letters, soft signs) and then fuzzily;
organisations also match through their acronyms and through descriptions that repeat
the tail of their name ("security service" for "Federal Security Service").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapidfuzz import fuzz
from unidecode import unidecode

from parallax.model import Analysis, CrossEntity, Entity

# Names at least this similar (rapidfuzz ratio on the transliteration key) are one name;
# calibrated on romanisation pairs (Malayev/Malaeyev 93, Lugansk/Luhansk 86,
# Kiev/Kyiv 100 after folding) against different people sharing a first name (< 80).
NAME_SIMILARITY = 85
_FOLDS = [
    (r"kh", "h"), (r"zh", "j"), (r"ts|tz", "c"), (r"shch|sch", "sh"), (r"g(?=[aeiou])", "h"),
    (r"y", "i"), (r"ie", "i"), (r"(\w)\1", r"\1"), (r"[oi]v\b", "v"),  # Kharkov/Kharkiv
]


def name_key(name: str) -> str:
    """A spelling-insensitive key: 'Kyiv' and 'Kiev' -> 'kiv'; 'Lugansk' and 'Luhansk' -> 'luhansk'."""
    key = unidecode(name).lower()
    key = re.sub(r"^the\s+|'s$", "", key)
    key = re.sub(r"[^a-z0-9 ]", "", key)
    for pattern, replacement in _FOLDS:
        key = re.sub(pattern, replacement, key)
    return " ".join(key.split())


def _same_name(a: Entity, b: Entity) -> bool:
    if a.type != b.type and {a.type, b.type} != {"ORG", "PLACE"}:
        return False
    names_a = [a.name, *a.aliases]
    names_b = [b.name, *b.aliases]
    if {name_key(n) for n in names_a} & {name_key(n) for n in names_b}:
        return True
    if a.type == "PERSON" and b.type == "PERSON":
        return _same_person(a.name, b.name)
    if a.type == b.type:
        return fuzz.ratio(name_key(a.name), name_key(b.name)) >= NAME_SIMILARITY
    return False


def _same_person(a: str, b: str) -> bool:
    """Same surname (fuzzily) and compatible first names (equal, initial, or absent)."""
    parts_a, parts_b = name_key(a).split(), name_key(b).split()
    if fuzz.ratio(parts_a[-1], parts_b[-1]) < NAME_SIMILARITY:
        return False
    if len(parts_a) == 1 or len(parts_b) == 1:
        return True
    first_a, first_b = parts_a[0], parts_b[0]
    return first_a == first_b or first_a[0] == first_b[0] and min(len(first_a), len(first_b)) == 1 or (
        fuzz.ratio(first_a, first_b) >= NAME_SIMILARITY
    )


def match_entities(analyses: Sequence[Analysis]) -> tuple[list[CrossEntity], dict[tuple[str, str], str]]:
    """Cross-article entities, and a map (article id, entity id) -> cross-entity id."""
    groups: list[list[tuple[str, Entity]]] = []
    for analysis in analyses:
        article_id = analysis.article.id
        for entity in analysis.entities:
            group = next((g for g in groups if any(_same_name(entity, other) for _, other in g)), None)
            if group is None:
                groups.append([(article_id, entity)])
            else:
                group.append((article_id, entity))
    _add_descriptions(groups, analyses)
    cross: list[CrossEntity] = []
    index: dict[tuple[str, str], str] = {}
    # Entities named in several articles first: they are what a comparison is about.
    groups.sort(key=lambda g: (-len({a for a, _ in g}), -sum(len(e.mentions) for _, e in g)))
    for number, group in enumerate(groups, start=1):
        cross_id = f"x{number}"
        representative = max(
            (entity for _, entity in group), key=lambda e: (len(e.mentions), len(e.name.split()), -len(e.id))
        )
        entity = CrossEntity(id=cross_id, name=representative.name, type=representative.type)
        for article_id, member in group:
            surfaces = entity.aliases.setdefault(article_id, [])
            for surface in [member.name, *member.aliases, *(m.text for m in member.mentions)]:
                clean = surface.strip()
                if clean and clean not in surfaces:
                    surfaces.append(clean)
            if member.roles:
                entity.roles.setdefault(article_id, []).extend(r for r in member.roles if r not in entity.roles.get(article_id, []))
            if member.id:
                index[(article_id, member.id)] = cross_id
        cross.append(entity)
    return cross, index


def _add_descriptions(groups: list[list[tuple[str, Entity]]], analyses: Sequence[Analysis]) -> None:
    """'Russia's security service' in one article names the 'Federal Security Service' of another."""
    for group in groups:
        organisations = [entity for _, entity in group if entity.type == "ORG" and len(entity.name.split()) >= 3]
        if not organisations:
            continue
        present = {article_id for article_id, _ in group}
        tail = " ".join(organisations[0].name.split()[-2:])
        pattern = re.compile(rf"\b(?:(?:the\s+)?[A-Z][\w’']*(?:'s|’s)\s+)?{re.escape(tail)}\b", re.I)
        for analysis in analyses:
            if analysis.article.id in present:
                continue
            match = pattern.search(analysis.article.text)
            if match:
                description = Entity(id="", name=match.group(0), type="ORG")
                group.append((analysis.article.id, description))
