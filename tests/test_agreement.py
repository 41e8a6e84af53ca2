"""Agreement statistics against published worked examples."""

from __future__ import annotations

import pytest

from review_db import ReviewStore
from review_db.agreement import cohen_kappa, krippendorff_alpha_nominal, measure_agreement

from .conftest import add_text


def test_cohen_kappa_worked_example() -> None:
    # 50 items: both yes 20, A yes/B no 5, A no/B yes 10, both no 15 -> kappa 0.4
    pairs = [("yes", "yes")] * 20 + [("yes", "no")] * 5 + [("no", "yes")] * 10 + [("no", "no")] * 15
    ratings = {str(i): {"a": x, "b": y} for i, (x, y) in enumerate(pairs)}
    assert cohen_kappa(ratings, ("a", "b")) == pytest.approx(0.4)


def test_krippendorff_alpha_worked_example_with_missing_data() -> None:
    # Krippendorff (2011), "Computing Krippendorff's alpha-reliability", nominal example:
    # 4 observers, 12 units, missing values; alpha = 0.743.
    table = {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
        "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
    }
    ratings: dict[str, dict[str, str]] = {}
    for observer, values in table.items():
        for unit, value in enumerate(values):
            if value is not None:
                ratings.setdefault(str(unit), {})[observer] = str(value)
    assert krippendorff_alpha_nominal(ratings) == pytest.approx(0.743, abs=0.0005)


def test_undefined_statistics_are_none() -> None:
    same = {"c1": {"a": "True", "b": "True"}, "c2": {"a": "True", "b": "True"}}
    result = measure_agreement(same)
    assert result.percent_agreement == 100.0
    assert result.cohen_kappa is None and result.krippendorff_alpha is None
    lonely = measure_agreement({"c1": {"a": "True"}})
    assert lonely.claims_compared == 0 and lonely.percent_agreement is None
    three = measure_agreement({"c1": {"a": "True", "b": "False", "c": "True"}})
    assert three.cohen_kappa is None and three.percent_agreement == 0.0


def test_perfect_and_opposite_agreement() -> None:
    perfect = {"1": {"a": "T", "b": "T"}, "2": {"a": "F", "b": "F"}}
    assert measure_agreement(perfect).cohen_kappa == pytest.approx(1.0)
    assert measure_agreement(perfect).krippendorff_alpha == pytest.approx(1.0)
    opposite = {"1": {"a": "T", "b": "F"}, "2": {"a": "F", "b": "T"}}
    assert measure_agreement(opposite).cohen_kappa == pytest.approx(-1.0)


def test_store_supplies_current_verdicts(store: ReviewStore) -> None:
    ids = add_text(store)
    store.record_event(ids[0], "ann", "verdict", {"label": "True"})
    store.record_event(ids[0], "bob", "verdict", {"label": "True"})
    store.record_event(ids[1], "ann", "verdict", {"label": "False"})
    store.record_event(ids[1], "bob", "verdict", {"label": "True"})
    store.record_event(ids[1], "bob", "verdict", {"label": "False"})  # changed their mind
    article = store.articles()[0].id
    verdicts = store.current_verdicts(article)
    assert verdicts == {
        ids[0]: {"ann": "True", "bob": "True"},
        ids[1]: {"ann": "False", "bob": "False"},
    }
    assert measure_agreement(verdicts).percent_agreement == 100.0
    assert store.current_verdicts("ffffffffffff") == {}
