"""The comparison engine on the fictional example story and on unit cases."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

import parallax
from parallax.compare.entities import name_key
from parallax.compare.intervals import describe, intersection, overlaps, same
from parallax.errors import InputError
from parallax.analyze import analyze_many
from parallax.compare import compare_analyses
from parallax.embed import default_embedder
from parallax.model import Article, Comparison, Quantity, comparison_json_schema
from parallax.report.markdown import render_markdown

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples" / "velmora").iterdir())


def _q(low: float | None, high: float | None, low_inclusive: bool = True, high_inclusive: bool = True) -> Quantity:
    return Quantity(text="x", start=0, end=1, low=low, high=high, low_inclusive=low_inclusive, high_inclusive=high_inclusive)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (_q(300, None), _q(400, None, low_inclusive=False), True),  # at least 300 / more than 400
        (_q(300, None), _q(438, 438), True),
        (_q(400, None, low_inclusive=False), _q(400, 400), False),  # more than 400 / exactly 400
        (_q(0, 50), _q(50, 50), True),  # up to 50 / 50
        (_q(0, 50, high_inclusive=False), _q(50, 50), False),  # fewer than 50 / 50
        (_q(14, 14), _q(19, 19), False),
    ],
)
def test_interval_overlap(a: Quantity, b: Quantity, expected: bool) -> None:
    assert overlaps(a, b) is expected
    assert (intersection([a, b]) is not None) is expected


def test_interval_helpers() -> None:
    assert same(_q(438, 438), _q(438, 438)) and not same(_q(438, 438), _q(438, None))
    assert describe(_q(300, None)) == "[300, ∞)"
    assert describe(_q(400, None, low_inclusive=False)) == "(400, ∞)"
    assert describe(_q(438, 438)) == "438"


@pytest.mark.parametrize(
    ("a", "b"),
    [("Kiev", "Kyiv"), ("Lugansk", "Luhansk"), ("Kharkov", "Kharkiv"), ("Odessa", "Odesa"), ("Anton Brel", "Anton Brell")],
)
def test_transliteration_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(("a", "b"), [("Kiev", "Kherson"), ("Luhansk", "Lutsk"), ("Moscow", "Minsk")])
def test_different_places_keep_different_keys(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)


@pytest.fixture(scope="module")
def story() -> Comparison:
    return parallax.compare(EXAMPLES)


def _outlet_ids(comparison: Comparison) -> dict[str, str]:
    return {article.outlet or "": article.id for article in comparison.articles}


def test_numbers_conflict_compatible_agree(story: Comparison) -> None:
    verdicts = {}
    for quantity in story.quantities:
        verdicts.setdefault(quantity.verdict, []).append(sorted(claim.text for claim in quantity.claims))
    assert ["14", "14"] in verdicts["agree"]
    assert any("19" in texts and "14" in texts for texts in verdicts["conflict"])
    assert any({"Nearly 2,000", "At least 1,000"} <= set(texts) for texts in verdicts["compatible"])
    assert ["up to 300"] in verdicts["unique"]
    conflict = next(q for q in story.quantities if q.verdict == "conflict")
    assert "Officials" in conflict.reason and "Anton Brel" in conflict.reason  # who states each number


def test_facts_have_verdicts_and_evidence(story: Comparison) -> None:
    by_verdict = {fact.verdict for fact in story.facts}
    assert {"conflict", "attribution_differs", "agree", "unique"} <= by_verdict
    texts = {a.id: a.text for a in story.articles}
    for fact in story.facts:
        assert fact.reason
        for mention in fact.mentions:
            assert texts[mention.article][mention.start : mention.end] == mention.text
    conflict = next(f for f in story.facts if f.verdict == "conflict")
    assert any("19 people" in m.text for m in conflict.mentions) and any("14 people" in m.text for m in conflict.mentions)
    ids = _outlet_ids(story)
    hedged = next(f for f in story.facts if "reportedly" in f.reason)
    # Valley Dispatch quotes the two-metre figure the other two hedge ("two metres" is a measure)
    assert {m.article for m in hedged.mentions} == {
        ids["Free Sarn Voice"], ids["The Northern Courier"], ids["Valley Dispatch"]
    }
    omissions = [f for f in story.facts if f.verdict == "unique"]
    assert any("fire brigade" in f.mentions[0].text for f in omissions)
    assert all(len({m.article for m in f.mentions}) == 1 for f in omissions)


def test_entities_across_articles(story: Comparison) -> None:
    ids = _outlet_ids(story)
    dostal = next(e for e in story.entities if e.name.startswith("Mirela"))
    assert set(dostal.aliases) == {ids["The Northern Courier"], ids["Valley Dispatch"]}
    brel = next(e for e in story.entities if e.name.startswith("Anton Brel"))
    assert len(brel.aliases) == 3  # spelled Brel and Brell
    authority = next(e for e in story.entities if "SVWA" in sum(e.aliases.values(), []))
    assert "Sarn Valley Water Authority" in authority.aliases[ids["The Northern Courier"]]


def test_wording_and_voices(story: Comparison) -> None:
    ids = _outlet_ids(story)
    loaded = [w for w in story.wording if w.kind == "loaded"]
    assert any(w.concept == "reportedly" and list(w.labels) == [ids["Free Sarn Voice"]] for w in loaded)
    dispatch = story.voices[ids["Valley Dispatch"]]
    assert any(s.name.startswith("Mirela") and s.quotes >= 1 and s.words > 5 for s in dispatch.speakers)
    assert "Valley Dispatch" not in dispatch.agencies  # an outlet's own photo credit is no agency
    assert any(s.name == "Hana Sorell" for s in story.voices[ids["Free Sarn Voice"]].speakers)


def test_json_document(story: Comparison) -> None:
    document = json.loads(story.to_json())
    assert document["schema"] == "parallax.comparison/1"
    assert list(document) == ["schema", "articles", "entities", "facts", "quantities", "quotes", "wording", "voices", "stats"]
    assert {"id", "outlet", "title", "published", "byline"} <= set(document["articles"][0])
    assert set(document["facts"][0]) >= {"id", "verdict", "reason", "mentions"}
    assert set(document["quantities"][0]["claims"][0]) >= {
        "article", "text", "low", "high", "low_inclusive", "high_inclusive", "qualifier", "attributed_to", "sentence",
    }
    assert set(document["quotes"][0]) >= {"article", "speaker", "entity", "text", "kind", "cue"}
    assert document["stats"]["facts"] == len(document["facts"])


def test_published_schema_is_current() -> None:
    published = json.loads((ROOT / "docs" / "comparison.schema.json").read_text())
    assert published == comparison_json_schema(), "regenerate with: parallax schema > docs/comparison.schema.json"


class HashEmbedder:
    """A toy plug-in backend: bag of hashed words. Shows any Embedder can be used."""

    name, dim = "hash-words", 64

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                vectors[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1, norms)


class AlwaysContradicts:
    def contradiction(self, first: str, second: str) -> float:
        return 1.0


def test_plug_in_embedder_and_contradiction_model() -> None:
    articles = [parallax.read(path) for path in EXAMPLES]
    plain = parallax.compare(articles, embedder=HashEmbedder())
    assert plain.facts and all(f.verdict in ("agree", "conflict", "attribution_differs", "unique") for f in plain.facts)
    strict = parallax.compare(articles, embedder=HashEmbedder(), contradiction_model=AlwaysContradicts())
    shared = [f for f in strict.facts if len({m.article for m in f.mentions}) > 1]
    assert shared and all(f.verdict == "conflict" for f in shared)


def test_needs_two_articles() -> None:
    with pytest.raises(InputError, match="at least two"):
        parallax.compare(EXAMPLES[:1])


def test_a_headline_voice_counts_and_is_marked() -> None:
    tide = Article(id="tide", source="tide", outlet="Tide", title="‘We will not back down,’ says union leader Petra Lind",
                   paragraphs=["Dock workers at the Orsa port extended their strike on Monday.",
                               '"The company must talk to us," union leader Petra Lind said at the gate.'])
    beacon = Article(id="beacon", source="beacon", outlet="Beacon", title="Orsa dock strike enters third week",
                     paragraphs=["The strike at the Orsa port entered its third week on Monday.",
                                 "Union leader Petra Lind said the company had to negotiate."])
    comparison = compare_analyses(list(analyze_many([tide, beacon])), default_embedder())
    (in_tide,) = comparison.voices["tide"].speakers
    (in_beacon,) = comparison.voices["beacon"].speakers
    assert (in_tide.name, in_tide.quotes, in_tide.headline_quotes) == ("Petra Lind", 2, 1)
    assert (in_beacon.quotes, in_beacon.headline_quotes) == (1, 0)
    assert in_tide.entity == in_beacon.entity is not None
    assert "2 quotes, 11 words, in the headline | 1 quote, 5 words" in render_markdown(comparison)


def test_one_source_on_its_own_is_one_source_not_its_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as missing:
        parallax.compare("missing-report.txt")
    assert "missing-report.txt" in str(missing.value)  # not "m", the first character
    (tmp_path / "only.txt").write_text("Ferry resumes\n\nThe Sorrel Island ferry resumed crossings on Monday.\n")
    with pytest.raises(InputError, match="needs at least two articles, got 1"):
        parallax.compare(Path("only.txt"))


def test_articles_without_an_outlet_are_named_by_their_file_in_findings_and_columns(tmp_path: Path) -> None:
    from parallax.report.view import article_views

    first, second = tmp_path / "ferry-desk.txt", tmp_path / "island-post.txt"
    first.write_text("Ferry crossings resume\n\nThe Sorrel Island ferry resumed crossings on Monday after repairs "
                     "to the pier, the operator Tidewater Lines said.\n\nDivers had inspected the pier on Sunday "
                     "and found no further damage, the harbour master Ines Alvarado said.\n")
    second.write_text("Sorrel ferry back in service\n\nThe Sorrel Island ferry resumed crossings on Monday after "
                      "repairs to the pier, Tidewater Lines said.\n\nFares will rise by two crowns from next month "
                      "to pay for the repairs, the company added.\n")
    comparison = parallax.compare([first, second])
    assert [ref.outlet for ref in comparison.articles] == [None, None]
    reasons = " ".join(fact.reason for fact in comparison.facts)
    assert "only ferry-desk.txt reports this" in reasons or "only island-post.txt reports this" in reasons
    assert not any(ref.id in reasons for ref in comparison.articles)  # never the content hash
    assert [view.label for view in article_views(comparison)] == ["ferry-desk.txt", "island-post.txt"]


def test_reader_names_are_the_outlet_else_the_source_and_always_unique() -> None:
    from types import SimpleNamespace

    from parallax.compare.names import reader_names

    articles = [SimpleNamespace(id="a", outlet=" Harbour  News ", source="x.txt"),
                SimpleNamespace(id="b", outlet="Harbour News", source="y.txt"),
                SimpleNamespace(id="c", outlet=None, source="https://www.island-post.example/ferry/1"),
                SimpleNamespace(id="d", outlet=None, source="notes/ferry.md")]
    assert reader_names(articles) == {"a": "Harbour News", "b": "Harbour News (2)", "c": "island-post.example",
                                      "d": "ferry.md"}


def test_cli_compare_says_when_two_inputs_are_one_text_and_exits_with_the_failures_code(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parallax.cli import app

    text = "Ferry resumes\n\nThe Sorrel Island ferry resumed crossings on Monday after repairs to the pier.\n"
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "a-copy.txt").write_text(text)
    (tmp_path / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    runner = CliRunner()
    same = runner.invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "a-copy.txt")])
    assert same.exit_code == 2
    assert "a-copy.txt is the same text as" in same.stderr and "two different readable articles, got 1" in same.stderr
    no_body = runner.invoke(app, ["compare", str(tmp_path / "a.txt"), str(tmp_path / "menu.html")])
    assert no_body.exit_code == 4, no_body.stderr  # the failed input's own code, as in a larger batch


def test_words_of_any_script_are_whole_words_in_the_evidence() -> None:
    from parallax.compare.coverage import content_tokens
    from parallax.compare.facts import _WORD

    shown = [token.text for token in content_tokens("Die Häuser wurden überflutet; дома затоплены.")]
    assert {"Häuser", "überflutet", "дома", "затоплены"} <= set(shown) and "user" not in shown
    assert _WORD.findall("Häuser überflutet") == ["Häuser", "überflutet"]


def test_a_negated_verb_conflicts_with_its_inflected_plain_form(tmp_path: Path) -> None:
    first, second = tmp_path / "quay-news.txt", tmp_path / "port-daily.txt"
    first.write_text("Quay wall report\n\nThe old quay wall at Brenmoor did not collapse during the gale on Sunday "
                     "night, the port engineers confirmed.\n\nThe harbour board will meet on Thursday.\n")
    second.write_text("Quay wall down\n\nThe old quay wall at Brenmoor collapsed during the gale on Sunday night, "
                      "the port engineers confirmed.\n\nThe harbour board will meet on Thursday.\n")
    comparison = parallax.compare([first, second])
    conflicts = [fact for fact in comparison.facts if fact.verdict == "conflict"]
    assert len(conflicts) == 1 and "not collapse" in conflicts[0].reason


def test_cli_report_format_follows_the_output_files_extension(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from parallax.cli import app

    for name, body in (("a.txt", "The Sorrel Island ferry resumed crossings on Monday after repairs to the pier."),
                       ("b.txt", "Ferry crossings to Sorrel Island resumed on Monday, the operator said.")):
        (tmp_path / name).write_text(f"Ferry news\n\n{body}\n")
    runner = CliRunner()
    inputs = [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    checks = (("r.json", lambda text: json.loads(text)["articles"]), ("r.html", lambda text: "<html" in text),
              ("r.md", lambda text: text.lstrip().startswith("#")))
    for report, check in checks:
        result = runner.invoke(app, ["compare", *inputs, "-o", str(tmp_path / report)])
        assert result.exit_code == 0, result.stderr
        assert check((tmp_path / report).read_text()), report
    explicit = runner.invoke(app, ["compare", *inputs, "-o", str(tmp_path / "r2.json"), "--format", "markdown"])
    assert explicit.exit_code == 0 and (tmp_path / "r2.json").read_text().lstrip().startswith("#")
    wrong = runner.invoke(app, ["compare", *inputs, "--format", "pdf"])
    assert wrong.exit_code == 2
