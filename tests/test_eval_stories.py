"""`parallax eval stories`: metrics, the three corpus layouts, an end-to-end run on a tiny
ECB+-shaped corpus written here, and quality floors on pinned subsets of the real corpora."""

from __future__ import annotations

import json

from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.eval.stories import (
    adjusted_rand_index,
    bcubed,
    detect_layout,
    evaluate,
    feed_order,
    fit_logistic,
    load_documents,
    replay,
)

# --- metrics -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "predicted", "precision", "recall"),
    [
        (["a", "a", "b"], ["x", "x", "y"], 1.0, 1.0),
        (["a", "a", "b"], ["x", "x", "x"], 5 / 9, 1.0),
        (["a", "a", "b"], ["x", "y", "z"], 1.0, 2 / 3),
        # x = {a, a}: 1 each; y = {a, b, b}: 1/3, 2/3, 2/3. Recall: a 2/3, 2/3, 1/3; b 1, 1.
        (["a", "a", "a", "b", "b"], ["x", "x", "y", "y", "y"], 11 / 15, 11 / 15),
    ],
)
def test_bcubed(gold: list[str], predicted: list[str], precision: float, recall: float) -> None:
    scores = bcubed(gold, predicted)
    assert scores["precision"] == pytest.approx(precision)
    assert scores["recall"] == pytest.approx(recall)
    assert scores["f1"] == pytest.approx(2 * scores["precision"] * scores["recall"] / (scores["precision"] + scores["recall"]))


def test_adjusted_rand_index() -> None:
    assert adjusted_rand_index(["a", "a", "b", "b"], ["y", "y", "x", "x"]) == pytest.approx(1.0)
    # The textbook example (Hubert and Arabie's formula) as computed by scikit-learn.
    assert adjusted_rand_index(["a", "a", "a", "b", "b", "b"], ["x", "x", "y", "y", "z", "z"]) == pytest.approx(0.2424, abs=1e-4)
    assert adjusted_rand_index(["a", "b", "c"], ["x", "x", "x"]) == pytest.approx(0.0)


def test_feed_order_is_fixed_and_mixed() -> None:
    items = list(range(40))
    first, second = feed_order(items), feed_order(items)
    assert first == second and sorted(first) == items and first != items


def test_fit_logistic_separates_a_separable_feature() -> None:
    import numpy as np

    rows = np.array([[0.1], [0.2], [0.3], [0.7], [0.8], [0.9]])
    weights, intercept = fit_logistic(rows, np.array([0, 0, 0, 1, 1, 1.0]), l2=0.1)
    assert weights[0] > 2 and 0.3 < -intercept / weights[0] < 0.7  # the boundary falls in the gap


def test_replay_keeps_two_fictional_events_apart_and_lines_up_with_input() -> None:
    from collections import Counter

    import numpy as np

    from parallax.stories.features import ArticleFeatures

    def report(event: int, number: int) -> ArticleFeatures:
        vector = np.zeros(6, dtype=np.float32)
        vector[event], vector[5] = 1.0, 0.05 * number
        names = [("harwick", "tamber", "brask"), ("selby", "arkwright", "harbour")][event]
        return ArticleFeatures(
            article_id=f"e{event}-{number}", title=None, vector=vector / np.linalg.norm(vector),
            names={name: 1.0 for name in names}, terms=Counter({name: 2 for name in names} | {"flood": 1}),
        )

    stream = [report(n % 2, n) for n in range(8)]
    for revise in (False, True):
        stories = replay(stream, revise=revise)
        assert len(stories) == 8
        assert len({stories[n] for n in range(0, 8, 2)}) == 1 and len({stories[n] for n in range(1, 8, 2)}) == 1
        assert stories[0] != stories[1]


# --- layouts, on tiny corpora written here --------------------------------------------------------

EVENTS = {
    # topic -> (ecb sub-event reports, ecbplus sub-event reports); fictional, written for this test
    "1": (
        ["Flood waters rose through Harwick on Monday after the Tamber river burst its banks , and 40 families "
         "were moved to the Harwick school gym , the county said . Mayor Elin Brask said the water was the "
         "highest since the old dam was built .",
         "Rescue boats carried 40 Harwick families to safety as the Tamber river flooded the town centre , "
         "Mayor Elin Brask told reporters on Monday . The Harwick school gym is being used as a shelter ."],
        ["A storm surge flooded the harbour district of Port Selby on Friday , damaging 12 fishing boats , "
         "harbour master Dov Arkwright said . The Port Selby ferry terminal was closed until the sea wall is "
         "inspected .",
         "Port Selby counted the damage on Friday after the storm surge : 12 boats were wrecked and the ferry "
         "terminal shut , according to harbour master Dov Arkwright ."],
    ),
    "2": (
        ["The Calder Rovers sacked manager Piet Vanterpool on Sunday after a seventh straight defeat , club "
         "chairman Hanna Roos announced . Vanterpool had led Calder Rovers for three seasons .",
         "Piet Vanterpool is out as Calder Rovers manager , chairman Hanna Roos said on Sunday , after the "
         "team lost a seventh league match in a row ."],
        ["Westmere United appointed Lotta Fenwick as head coach on Thursday , the first woman to lead the club , "
         "Westmere United president Aldo Marchetti said .",
         "Lotta Fenwick will coach Westmere United , president Aldo Marchetti announced on Thursday , signing "
         "her to a two-year contract ."],
    ),
}


def _xml_document(name: str, text: str, url: str | None) -> str:
    tokens = ([url] if url else []) + text.split()
    sentence, parts = 0, []
    for number, token in enumerate(tokens, start=1):
        escaped = token.replace("&", "&amp;").replace("<", "&lt;")
        parts.append(f'<token t_id="{number}" sentence="{sentence}" number="{number}">{escaped}</token>')
        if token in (".", url):
            sentence += 1
    return f'<Document doc_name="{name}" doc_id="x">{"".join(parts)}</Document>'


@pytest.fixture
def tiny_ecbplus(tmp_path: Path) -> Path:
    for topic, (ecb, ecbplus) in EVENTS.items():
        folder = tmp_path / "ECB+" / topic
        folder.mkdir(parents=True)
        for part, reports in (("ecb", ecb), ("ecbplus", ecbplus)):
            for number, text in enumerate(reports, start=1):
                name = f"{topic}_{number}{part}.xml"
                url = f"https://news.example/{topic}/{number}" if part == "ecbplus" else None
                (folder / name).write_text(_xml_document(name, text, url), encoding="utf-8")
    return tmp_path


def test_ecbplus_layout_gold_and_text(tiny_ecbplus: Path) -> None:
    assert detect_layout(tiny_ecbplus) == "ecbplus"
    documents = {d.doc_id: d for d in load_documents(tiny_ecbplus)}
    assert {doc_id: d.story for doc_id, d in documents.items()} == {
        f"{topic}_{n}{part}": f"{topic}/{part}" for topic in EVENTS for part in ("ecb", "ecbplus") for n in (1, 2)
    }
    first = documents["1_1ecb"].article
    assert "Harwick on Monday after the Tamber river burst its banks, and 40" in first.text  # detokenised
    plus = documents["1_1ecbplus"].article
    assert "https://" not in plus.text and plus.outlet  # the URL line is the address, not text


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        (["Thieves", "took", "$2", ".", "6", "million", "at", "14", ":", "39", "GMT", "."],
         "Thieves took $2.6 million at 14:39 GMT."),
        (["Scores", "were", "9", ",", "10", "and", "1,000", "fans", "came", "."],
         "Scores were 9, 10 and 1,000 fans came."),
    ],
)
def test_detokenize_rejoins_numbers_the_corpus_split(tokens: list[str], text: str) -> None:
    from parallax.eval.stories import _detokenize

    assert _detokenize(tokens) == text


def test_gva_and_news_cluster_layouts(tmp_path: Path) -> None:
    gva = tmp_path / "gva"
    gva.mkdir()
    records = [{"incident_id": str(100 + n // 2), "doc_id": f"d{n}", "title": f"Report {n}",
                "dct": "2031-01-02", "content": EVENTS["1"][n % 2][0].replace(" .", ".")} for n in range(4)]
    (gva / "gva_documents.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    assert detect_layout(gva) == "gva"
    assert [d.story for d in load_documents(gva)] == ["100", "100", "101", "101"]

    cluster = tmp_path / "g5" / "x" / "news_cluster" / "data"
    cluster.mkdir(parents=True)
    for n in range(3):
        record = {"title": f"Item {n}", "text": EVENTS["2"][n % 2][0], "url": f"https://b.example/{n}",
                  "date_publish": "2031-02-03 10:00:00", "newsCluster": {"EventId": 7 + n % 2, "Event": "e"}}
        (cluster / f"{n}.json").write_text(json.dumps(record), encoding="utf-8")
    assert detect_layout(tmp_path / "g5") == "news_cluster"
    assert [d.story for d in load_documents(tmp_path / "g5")] == ["7", "8", "7"]

    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="not a story corpus"):
        detect_layout(tmp_path / "empty")


def test_evaluate_groups_same_kind_events_apart(tiny_ecbplus: Path) -> None:
    result = evaluate(tiny_ecbplus, workers=1)
    assert set(result) == {"task", "documents", "stories", "bcubed", "ari"}
    assert set(result["bcubed"]) == {"precision", "recall", "f1"}
    assert result["task"] == "stories" and result["documents"] == 8
    assert result["bcubed"]["f1"] == 1.0 and result["stories"] == 4


def test_evaluate_over_several_feed_orders(tiny_ecbplus: Path) -> None:
    result = evaluate(tiny_ecbplus, workers=1, orders=3)
    spread = result["over_orders"]
    assert spread["orders"] == len(spread["runs"]) == 3
    assert [run["seed"] for run in spread["runs"]] == [13, 1, 2]
    first = spread["runs"][0]  # the evaluation's own order, replayed, agrees with the ingest run
    assert (first["bcubed"], first["ari"], first["stories"]) == (result["bcubed"], result["ari"], result["stories"])
    f1s = [run["bcubed"]["f1"] for run in spread["runs"]]
    assert spread["bcubed_f1"] == {"mean": round(sum(f1s) / 3, 4), "min": min(f1s), "max": max(f1s)}
    # topic 2 is an ECB+ dev topic (held out from tuning), topic 1 a training topic
    assert spread["parts"] == {"held_out": {"documents": 4, "bcubed_f1_mean": 1.0},
                               "training": {"documents": 4, "bcubed_f1_mean": 1.0}}


def test_part_scores_count_a_story_mixing_parts_against_each() -> None:
    from parallax.eval.stories import GoldDocument, _part_f1s
    from parallax.model import Article

    def document(story: str) -> GoldDocument:
        return GoldDocument(doc_id=story, story=story, article=Article(source="x", paragraphs=["Text."]))

    ordered = [document("1/ecb"), document("1/ecb"), document("2/ecb"), document("2/ecbplus")]
    scores = _part_f1s(ordered, [7, 7, 7, 8], "ecbplus")
    assert scores["training"] == 1.0  # within the training part, story 7 holds only 1/ecb
    assert scores["held_out"] == 1.0  # 2/ecb alone in story 7 once the training documents are set aside
    scores = _part_f1s(ordered, [7, 8, 9, 9], "ecbplus")
    assert scores["training"] == pytest.approx(2 / 3)  # recall 1/2: the event is split in two
    assert scores["held_out"] == pytest.approx(2 / 3)  # precision 1/2: two events in one story


# --- the real corpora: pinned subsets, floors a little under the measured figures -----------------

# ECB+ development topics (never used to fit the score).
ECBPLUS_TOPICS = ("2", "18", "21")
GVA_LINES = 120
NEWS_CLUSTER_EVENTS = {"2", "4", "16", "37", "39", "64", "74"}
# Measured with workers=1 (since the second look): ECB+ subset 1.000 (74 documents, 6
# sub-events, 6 stories; 0.951 before it), GVA first 120 lines 0.949 (117 documents), news
# clusters 0.874 (40 documents, 7 events, 12 stories; 0.858 before).
FLOORS = {"ecbplus": 0.95, "gva": 0.92, "news_cluster": 0.84}


def test_ecbplus_subset_floor(datasets: Path, tmp_path: Path) -> None:
    for topic in ECBPLUS_TOPICS:
        (tmp_path / "ECB+").mkdir(exist_ok=True)
        (tmp_path / "ECB+" / topic).symlink_to(datasets / "ecbplus" / "ECB+" / topic)
    result = evaluate(tmp_path, workers=1)
    assert result["documents"] > 60
    assert result["bcubed"]["f1"] >= FLOORS["ecbplus"], result


def test_gva_subset_floor(datasets: Path, tmp_path: Path) -> None:
    lines = (datasets / "gva_longtail" / "gva_documents.jsonl").read_text(encoding="utf-8").splitlines()
    (tmp_path / "gva_documents.jsonl").write_text("\n".join(lines[:GVA_LINES]) + "\n", encoding="utf-8")
    result = evaluate(tmp_path, workers=1)
    assert result["bcubed"]["f1"] >= FLOORS["gva"], result


def test_news_cluster_subset_floor(datasets: Path, tmp_path: Path) -> None:
    source = next((datasets / "giveme5w1h").glob("**/news_cluster/data"))
    data = tmp_path / "news_cluster" / "data"
    data.mkdir(parents=True)
    for path in sorted(source.glob("*.json")):
        event = json.loads(path.read_text(encoding="utf-8")).get("newsCluster", {}).get("EventId")
        if str(event) in NEWS_CLUSTER_EVENTS:
            (data / path.name).symlink_to(path)
    result = evaluate(tmp_path, workers=1)
    assert result["documents"] >= 25
    assert result["bcubed"]["f1"] >= FLOORS["news_cluster"], result
