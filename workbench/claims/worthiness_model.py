"""A learned check-worthiness model: logistic regression over words and the explainable
features, kept as plain numbers so that a shared database can never run code.

Training (``train_model``) imports scikit-learn lazily, so nothing here costs the TUI's
start-up.  Scoring (``model_score``, ``explain``) is pure Python over the stored numbers:
a sentence's words and word pairs are weighted TF-IDF style (sublinear term frequency
times the stored inverse document frequency, the vector scaled to unit length), the
explainable features of ``worthiness.find_reasons`` and the unit's kind are added, and
the sum of weights is the model's log-odds.  The score shown is its logistic, 0..1.

The JSON form (``model_to_json`` / ``model_from_json``) holds the vocabulary with each
term's idf and weight, the feature and kind weights, the intercept and where the model
came from; it is validated field by field on the way in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.claims.signals import Signals
from workbench.claims.worthiness import CLAIM_KINDS, WEIGHTS, find_reasons, score
from workbench.errors import WorkbenchError

MODEL_FORMAT = 1
FEATURES = (*WEIGHTS, "flagged")
# Explainable features enter the regression beside unit-length TF-IDF vectors; scaling
# them down keeps one regularisation strength fair to both (chosen by the leave-one-debate-
# out MAP of benchmarks/worthiness.py: 0.3 measured best of 0.1, 0.3, 1.0).
FEATURE_SCALE = 0.3
# Inverse regularisation strength, from the same measurement (best of 0.5, 1, 2, 4).
REGULARISATION_C = 1.0
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d[\d,.]*")


class ModelError(WorkbenchError):
    """A stored or given model is not one this version can use."""


FIGURE = "0"  # the token every figure becomes
FIGURE_NAME = "<number>"  # how that token is shown to a reviewer


def _tokens(text: str) -> tuple[list[str], list[str]]:
    """The model's tokens of ``text`` and, position by position, the words they came from."""
    surface = _TOKEN.findall(text.lower())
    return [FIGURE if t[0].isdigit() else t for t in surface], surface


def _pairs(tokens: list[str]) -> list[str]:
    return [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def words(text: str) -> list[str]:
    """The terms the model sees: lower-case words and word pairs; any figure is ``0``,
    so "70,000 jobs" and "12 jobs" teach the same thing."""
    tokens, _ = _tokens(text)
    return tokens + _pairs(tokens)


def term_label(term: str, text: str) -> str:
    """A term as a reviewer reads it: the words of ``text`` it stands for, and, when a
    figure was generalised, the term with ``<number>`` in its place.

    "0 jobs" in "cut 70,000 jobs" reads “70,000 jobs” (<number> jobs), not “0 jobs”.
    """
    tokens, surface = _tokens(text)
    surface = [t.rstrip(".,") if t[0].isdigit() else t for t in surface]  # "2020." -> "2020"
    found = dict.fromkeys(
        real
        for normal, real in zip(tokens + _pairs(tokens), surface + _pairs(surface), strict=True)
        if normal == term
    )
    shown = ", ".join(f"“{real}”" for real in found)
    if FIGURE not in term.split():
        return shown or f"“{term}”"
    generic = " ".join(FIGURE_NAME if t == FIGURE else t for t in term.split())
    return f"{shown} ({generic})" if shown else f"“{generic}”"


@dataclass(frozen=True)
class Example:
    """A labelled sentence: 1 worth checking, 0 not; ``doc`` groups sentences for ranking."""

    text: str
    label: int
    doc: str
    kind: str
    signals: Signals
    flags: int = 0


@dataclass(frozen=True)
class WorthinessModel:
    """The stored numbers of a trained model, and what it was trained on."""

    terms: dict[str, tuple[float, float]]  # term -> (idf, weight)
    features: dict[str, float]
    kinds: dict[str, float]
    intercept: float
    source: str
    examples: int
    positives: int
    trained_at: str = ""
    notes: dict[str, Any] = field(default_factory=dict)


def _feature_values(kind: str, signals: Signals, text: str, flags: int) -> dict[str, float]:
    values = {r.feature: r.value for r in find_reasons(signals, text, flags)}
    return {name: value * FEATURE_SCALE for name, value in values.items()}


def _term_vector(text: str, terms: dict[str, tuple[float, float]]) -> dict[str, float]:
    counts = Counter(t for t in words(text) if t in terms)
    vector = {t: (1 + math.log(c)) * terms[t][0] for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {t: v / norm for t, v in vector.items()} if norm else {}


def train_model(
    examples: Sequence[Example], *, source: str, trained_at: str = ""
) -> WorthinessModel:
    """Fit the model on labelled examples.

    Raises:
        ModelError: the examples do not hold both a worth-checking and another sentence.
    """
    labels = [e.label for e in examples]
    if len(set(labels)) < 2:
        raise ModelError(
            "training needs sentences of both kinds: some worth checking and some not "
            f"(got {len(examples)} examples, {sum(labels)} worth checking)"
        )
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectoriser = TfidfVectorizer(analyzer=words, sublinear_tf=True, min_df=2)
    text_matrix = vectoriser.fit_transform([e.text for e in examples])
    extra_names = [*FEATURES, *(f"kind:{k}" for k in CLAIM_KINDS)]
    extra = np.zeros((len(examples), len(extra_names)))
    for row, e in enumerate(examples):
        values = _feature_values(e.kind, e.signals, e.text, e.flags)
        for column, name in enumerate(FEATURES):
            extra[row, column] = values.get(name, 0.0)
        extra[row, len(FEATURES) + CLAIM_KINDS.index(e.kind)] = FEATURE_SCALE
    matrix = hstack([text_matrix, csr_matrix(extra)]).tocsr()
    fitted = LogisticRegression(C=REGULARISATION_C, class_weight="balanced", max_iter=3000)
    fitted.fit(matrix, labels)
    weights = [float(w) for w in fitted.coef_[0]]
    vocabulary: dict[str, int] = vectoriser.vocabulary_
    idf = [float(x) for x in vectoriser.idf_]
    terms = {t: (round(idf[i], 6), round(weights[i], 6)) for t, i in vocabulary.items()}
    offset = len(vocabulary)
    named = dict(zip(extra_names, weights[offset:], strict=True))
    return WorthinessModel(
        terms=dict(sorted(terms.items())),
        features={n: round(named[n] * FEATURE_SCALE, 6) for n in FEATURES},
        kinds={k: round(named[f"kind:{k}"] * FEATURE_SCALE, 6) for k in CLAIM_KINDS},
        intercept=round(float(fitted.intercept_[0]), 6),
        source=source,
        examples=len(examples),
        positives=sum(labels),
        trained_at=trained_at,
    )


@dataclass(frozen=True)
class Contribution:
    """One term of a model score: a word or feature and what it added to the log-odds."""

    name: str
    weight: float


def contributions(
    model: WorthinessModel, kind: str, signals: Signals, text: str, flags: int = 0
) -> list[Contribution]:
    """Every word, feature and the kind, with what each adds to the log-odds."""
    vector = _term_vector(text, model.terms)
    out = [Contribution(term_label(t, text), x * model.terms[t][1]) for t, x in vector.items()]
    for reason in find_reasons(signals, text, flags):
        out.append(
            Contribution(reason.found, model.features.get(reason.feature, 0.0) * reason.value)
        )
    out.append(Contribution(f"kind {kind}", model.kinds.get(kind, 0.0)))
    return out


def log_odds(
    model: WorthinessModel, kind: str, signals: Signals, text: str, flags: int = 0
) -> float:
    """The model's log-odds that a unit is worth checking."""
    return model.intercept + sum(c.weight for c in contributions(model, kind, signals, text, flags))


def model_score(
    model: WorthinessModel, kind: str, signals: Signals, text: str, flags: int = 0
) -> float:
    """The model's worthiness in 0..1: the logistic of its log-odds."""
    if kind == "credit":
        return 0.0  # a credit line is never a claim, whatever its words
    return round(1 / (1 + math.exp(-log_odds(model, kind, signals, text, flags))), 4)


def explain(
    model: WorthinessModel, kind: str, signals: Signals, text: str, flags: int = 0, top: int = 5
) -> list[str]:
    """The reasons shown for a model score: the largest contributions, either way."""
    parts = sorted(contributions(model, kind, signals, text, flags), key=lambda c: -abs(c.weight))
    shown = [f"model: {c.name} ({c.weight:+.2f})" for c in parts[:top] if abs(c.weight) >= 0.01]
    return [f"model log-odds {log_odds(model, kind, signals, text, flags):+.2f}", *shown]


def model_to_json(model: WorthinessModel) -> dict[str, Any]:
    """The model as JSON-ready plain data."""
    return {
        "format": MODEL_FORMAT,
        "terms": {t: list(v) for t, v in model.terms.items()},
        "features": model.features,
        "kinds": model.kinds,
        "intercept": model.intercept,
        "source": model.source,
        "examples": model.examples,
        "positives": model.positives,
        "trained_at": model.trained_at,
    }


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"stored model: {what} is not a finite number")
    return float(value)


def model_from_json(data: object) -> WorthinessModel:
    """A model from its JSON form, every field checked.

    Raises:
        ModelError: a field is missing, of the wrong type, or not finite.
    """
    if not isinstance(data, dict) or data.get("format") != MODEL_FORMAT:
        raise ModelError(f"stored model: not a format-{MODEL_FORMAT} worthiness model")
    terms_in, features_in, kinds_in = data.get("terms"), data.get("features"), data.get("kinds")
    if not (isinstance(terms_in, dict) and isinstance(features_in, dict)
            and isinstance(kinds_in, dict)):  # fmt: skip
        raise ModelError("stored model: terms, features and kinds must be objects")
    terms: dict[str, tuple[float, float]] = {}
    for term, pair in terms_in.items():
        if not isinstance(pair, list) or len(pair) != 2:
            raise ModelError("stored model: each term needs [idf, weight]")
        terms[str(term)] = (_number(pair[0], "an idf"), _number(pair[1], "a term weight"))
    features = {str(k): _number(v, f"feature {k!r}") for k, v in features_in.items()}
    kinds = {str(k): _number(v, f"kind {k!r}") for k, v in kinds_in.items()}
    source, trained_at = data.get("source"), data.get("trained_at")
    examples, positives = data.get("examples"), data.get("positives")
    if not (isinstance(source, str) and isinstance(trained_at, str)
            and isinstance(examples, int) and isinstance(positives, int)):  # fmt: skip
        raise ModelError("stored model: source, trained_at, examples or positives malformed")
    return WorthinessModel(
        terms=terms,
        features=features,
        kinds=kinds,
        intercept=_number(data.get("intercept"), "the intercept"),
        source=source,
        examples=examples,
        positives=positives,
        trained_at=trained_at,
    )


def rate(
    model: WorthinessModel | None, kind: str, signals: Signals, text: str, flags: int = 0
) -> tuple[float, list[str]]:
    """A unit's worthiness and reasons: by the model in use, else by the default scorer."""
    if model is None:
        return score(kind, signals, text, flags)
    return model_score(model, kind, signals, text, flags), explain(
        model, kind, signals, text, flags
    )
