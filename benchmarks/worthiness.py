"""Check-worthiness on CLEF-2019 CheckThat! Task 1 (English): validation MAP of each scorer.

Run: .venv/bin/python benchmarks/worthiness.py PATH/TO/data/training [--folds N] [--fit]

The data (political debates and speeches, one sentence a line: ``line<TAB>speaker<TAB>
text<TAB>label``) is not part of this repository: its licence is "free for general research
use", so the path is an argument.  Use only the ``data/training`` folder; the task's test
folders are the project owners' held-out test.

Validation is leave-documents-out: the debates are split into ``--folds`` groups (default:
one per debate), each scorer that learns is trained on the other groups and ranks the
sentences of each held-out debate, and the metrics (``workbench.claims.ranking_metrics``)
are averaged over debates.  Scorers:

- random: a seeded shuffle, the floor;
- previous default: the hand-set weighted sum this project shipped before issue 14;
- default: ``workbench.claims.worthiness.score``, fixed weights, no training at run time;
- TF-IDF LR: the plain baseline (word uni+bigram TF-IDF, logistic regression);
- trained model: ``workbench.claims.worthiness_model``, as ``workbench worthiness train``
  fits it, scored from its stored JSON form.

--fit fits the default scorer's weights on every debate and prints them as the constants
of ``workbench/claims/worthiness.py`` (the default scorer is fixed, so its validation
figure above is an in-sample figure for the fitted weights; the fit has 17 weights
against 16,421 sentences, and its leave-one-debate-out figure is printed with --fit).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workbench.claims import worthiness  # noqa: E402
from workbench.claims.kinds import Unit, classify  # noqa: E402
from workbench.claims.ranking_metrics import RankingScores, evaluate_documents  # noqa: E402
from workbench.claims.signals import Signals, find_signals  # noqa: E402
from workbench.claims.worthiness_model import (  # noqa: E402
    Example,
    model_from_json,
    model_score,
    model_to_json,
    train_model,
)


@dataclass
class Sentence:
    text: str
    label: int
    kind: str
    signals: Signals


@dataclass
class Debate:
    name: str
    sentences: list[Sentence]


def load_debates(folder: Path) -> list[Debate]:
    """Every ``*.tsv`` debate in ``folder``, each sentence classified and its signals found."""
    debates = []
    for path in sorted(folder.glob("*.tsv")):
        rows = [line.rstrip("\n").split("\t") for line in path.open(encoding="utf-8")]
        rows = [r for r in rows if len(r) == 4]
        units = [Unit(i, 0, len(r[2]), r[2], whole_block=False) for i, r in enumerate(rows)]
        classify(units)
        sentences = [
            Sentence(u.text, int(r[3]), u.kind, find_signals(u.text))
            for u, r in zip(units, rows, strict=True)
        ]
        debates.append(Debate(path.stem, sentences))
    if not debates:
        raise SystemExit(f"no *.tsv debates in {folder}")
    return debates


def previous_default(kind: str, signals: Signals) -> float:
    """The weighted sum shipped before issue 14, kept here only as a point of comparison."""
    factor = {"claim": 1.0, "quote": 0.9, "heading": 0.6, "caption": 0.4, "credit": 0.0,
              "other": 0.3}[kind]  # fmt: skip
    total = {"claim": 0.15, "quote": 0.10, "heading": 0.05}.get(kind, 0.0)
    if signals.numbers:
        total += min(0.25 + 0.05 * (len(signals.numbers) - 1), 0.35)
    if [d for d in signals.dates if d.relative is None or d.weekday is not None]:
        total += 0.10
    if signals.entities:
        total += 0.15 if len(signals.entities) > 1 else 0.10
    total += 0.10 * bool(signals.attribution) + 0.15 * bool(signals.absolutes)
    total += 0.10 * bool(signals.comparisons) - 0.10 * bool(signals.hedges)
    total += -0.30 * signals.question - 0.15 * bool(signals.opinion)
    return round(min(max(total * factor, 0.0), 1.0), 2)


# Logistic-regression coefficients times this are the default scorer's weights: it puts
# the benchmark's check-worthy sentences at 0.4..0.9 and the rest at 0..0.5.
SCALE = 0.1

Scorer = Callable[[list[Debate], list[Debate]], list[list[float]]]


def fixed(fn: Callable[[Sentence], float]) -> Scorer:
    """A scorer that needs no training."""
    return lambda _train, test: [[fn(s) for s in d.sentences] for d in test]


def random_scores(_train: list[Debate], test: list[Debate]) -> list[list[float]]:
    rng = random.Random(14)
    return [[rng.random() for _ in d.sentences] for d in test]


def tfidf_lr(train: list[Debate], test: list[Debate]) -> list[list[float]]:
    """The plain baseline: word uni+bigram TF-IDF and a logistic regression."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)
    x = vectoriser.fit_transform([s.text for d in train for s in d.sentences])
    y = [s.label for d in train for s in d.sentences]
    model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(x, y)
    return [
        list(model.decision_function(vectoriser.transform([s.text for s in d.sentences])))
        for d in test
    ]


def examples(debates: list[Debate]) -> list[Example]:
    return [
        Example(s.text, s.label, d.name, s.kind, s.signals) for d in debates for s in d.sentences
    ]


def trained(train: list[Debate], test: list[Debate]) -> list[list[float]]:
    """Our model, trained as ``workbench worthiness train`` does, scored from its JSON."""
    stored = json.dumps(model_to_json(train_model(examples(train), source="benchmark fold")))
    model = model_from_json(json.loads(stored))
    return [[model_score(model, s.kind, s.signals, s.text) for s in d.sentences] for d in test]


def cross_validate(debates: list[Debate], scorer: Scorer, folds: int) -> RankingScores:
    """Leave-documents-out: each fold's debates are ranked by a scorer trained without them."""
    groups = [debates[i::folds] for i in range(folds)]
    results: list[tuple[Sequence[float], Sequence[int]]] = []
    for i, held in enumerate(groups):
        rest = [d for j, g in enumerate(groups) if j != i for d in g]
        for debate, scores in zip(held, scorer(rest, held), strict=True):
            results.append((scores, [s.label for s in debate.sentences]))
    return evaluate_documents(results)


def fit_default(debates: list[Debate], scale: float) -> dict[str, float]:
    """Logistic-regression weights of the default scorer's features, times ``scale``."""
    from sklearn.linear_model import LogisticRegression

    names = list(worthiness.WEIGHTS)
    rows, labels = [], []
    for d in debates:
        for s in d.sentences:
            found = {r.feature: r.value for r in worthiness.find_reasons(s.signals, s.text)}
            rows.append([found.get(n, 0.0) for n in names])
            labels.append(s.label)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=2000).fit(rows, labels)
    weights = {n: round(float(c) * scale, 2) for n, c in zip(names, model.coef_[0], strict=True)}
    # An editor's rule the debates do not teach: a vague amount ("millions") is less
    # checkable than a figure ("34"), so it never weighs more than half a figure.
    weights["vague-amount"] = min(
        weights["vague-amount"], math.floor(weights["figures"] * 50) / 100
    )
    return weights


def refit_default(train: list[Debate], test: list[Debate]) -> list[list[float]]:
    """The default scorer with its weights fitted without the held-out debates: the honest
    validation figure for the fitting method behind ``worthiness.WEIGHTS``."""
    fitted = fit_default(train, SCALE)
    saved = dict(worthiness.WEIGHTS)
    worthiness.WEIGHTS.update(fitted)
    try:
        return [[worthiness.score(s.kind, s.signals, s.text)[0] for s in d.sentences]
                for d in test]  # fmt: skip
    finally:
        worthiness.WEIGHTS.update(saved)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("training", type=Path, help="the CLEF-2019 data/training folder")
    parser.add_argument("--folds", type=int, default=0, help="default: one per debate")
    parser.add_argument("--fit", action="store_true", help="fit and print the default weights")
    args = parser.parse_args()
    debates = load_debates(args.training)
    folds = args.folds or len(debates)
    sentences = sum(len(d.sentences) for d in debates)
    positives = sum(s.label for d in debates for s in d.sentences)
    print(f"{len(debates)} debates, {sentences} sentences, {positives} check-worthy; "
          f"{folds}-fold leave-debates-out validation")  # fmt: skip
    if args.fit:
        fitted = fit_default(debates, SCALE)
        for name, weight in fitted.items():
            print(f'    "{name}": {weight:.2f},')
        return
    scorers: list[tuple[str, Scorer]] = [
        ("random", random_scores),
        ("previous default (before #14)", fixed(lambda s: previous_default(s.kind, s.signals))),
        (
            "default (fixed fitted weights)",
            fixed(lambda s: worthiness.score(s.kind, s.signals, s.text)[0]),
        ),  # fmt: skip
        ("default, weights refit per fold", refit_default),
        ("TF-IDF logistic regression", tfidf_lr),
        ("trained model (worthiness train)", trained),
    ]
    print(f"{'scorer':<34} {'MAP':>6} {'P@5':>6} {'P@10':>6} {'R-prec':>6}")
    for name, scorer in scorers:
        r = cross_validate(debates, scorer, folds)
        print(f"{name:<34} {r.map:6.3f} {r.p_at_5:6.3f} {r.p_at_10:6.3f} {r.r_precision:6.3f}")


if __name__ == "__main__":
    main()
