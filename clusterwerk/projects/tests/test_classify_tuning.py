"""Cross-validation helpers of the topic model (no database)."""

from clusterwerk.masterplan.classify import Params, TopicText
from clusterwerk.projects.evaluation import EvaluationItem
from clusterwerk.projects.evaluation import tuning as cv


def item(index, primary, text):
    return EvaluationItem(f"X{index:02d}", f"Projekt {index}", text, primary, ())


TOPICS = [
    TopicText("4.1.1", "Schweißtechnik", "a", {"title": "Schweißtechnik", "goal": "Schweißen"}),
    TopicText("6.3.2", "Ausbildung", "b", {"title": "Ausbildung", "goal": "Auszubildende"}),
]
ITEMS = [
    item(1, "4.1.1", "Wir schweißen Rahmen."),
    item(2, "4.1.1", "Roboter schweißen Bleche."),
    item(3, "6.3.2", "Auszubildende lernen im Verbund."),
    item(4, "6.3.2", "Roboter in der Lehrwerkstatt für Auszubildende."),
    item(5, "6.3.2", "Eine Lehrwerkstatt für den Verbund."),
]


def test_folds_partition_the_items_deterministically():
    parts = cv.folds(ITEMS, 2)
    assert sorted(i.id for part in parts for i in part) == [i.id for i in ITEMS]
    assert [len(part) for part in parts] == [3, 2]
    assert parts == cv.folds(list(reversed(ITEMS)), 2)


def test_k_fold_scores_every_item_once_and_never_with_its_own_label():
    seen = []

    def params(train):
        seen.append({i.id for i in train})
        return Params()

    result = cv.k_fold(TOPICS, ITEMS, params, k=5, hints=None)
    assert result.total == len(ITEMS)
    assert all(len(train) == 4 for train in seen)
    assert set().union(*seen) == {i.id for i in ITEMS}
    # "Lehrwerkstatt" is known only from labelled projects: a held-out item still finds it.
    assert result.top1 >= 4


def test_leave_one_out_and_texts_only():
    assert cv.texts_only(TOPICS, ITEMS, Params(), hints=None).total == 5
    assert cv.leave_one_out(TOPICS, ITEMS, Params(), hints=None).top1 >= 4


def test_tune_keeps_a_value_only_when_strictly_better():
    def objective(params):
        return -abs(params.bm25_k1 - 1.6) - abs(params.field_weights["goal"] - 1.0)

    grid = {"bm25_k1": (0.8, 1.6, 2.0), "field:goal": (1.0, 2.0), "neighbours": (3, 5, 8)}
    found = cv.tune(objective, Params(bm25_k1=2.0), grid)
    assert found.bm25_k1 == 1.6
    assert found.field_weights["goal"] == 1.0
    assert found.neighbours == Params().neighbours  # no candidate was better
