"""``workbench worthiness``: train a check-worthiness model, evaluate a scorer, see which
scorer is in use, or go back to the default."""

from __future__ import annotations

from pathlib import Path

import click

from review_db.models_store import active_model, model_count, save_model, use_default
from workbench.claims.ranking_metrics import evaluate_documents
from workbench.claims.worthiness import score
from workbench.claims.worthiness_model import model_score, model_to_json, train_model
from workbench.claims.worthiness_training import (
    labelled_examples,
    load_model,
    read_labels,
    rescore_all,
    verdict_examples,
)

from ..errors import UsageError
from ..safe_text import printable
from .session import Session, WorkbenchGroup, pass_session, when


@click.group(cls=WorkbenchGroup, invoke_without_command=True)
@click.option(
    "--no-model", is_flag=True, help="Go back to the default scorer and re-score every claim."
)
@click.pass_context
def worthiness(ctx: click.Context, no_model: bool) -> None:
    """Check-worthiness: train a model from labels and verdicts, evaluate, see the status.

    Without a trained model, worthiness is the default scorer: fixed, fitted weights over
    figures, dates, names, comparisons and the like, each shown by `claims --why`.
    """
    if no_model:
        if ctx.invoked_subcommand is not None:
            raise UsageError("--no-model is used on its own: `workbench worthiness --no-model`")
        session = ctx.ensure_object(Session)
        store = session.store()
        use_default(store)
        count = rescore_all(store, None)
        click.echo(f"Using the default scorer; re-scored {count} claims.")
    elif ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@worthiness.command("train")
@click.option(
    "--labels",
    "labels_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help='JSON lines {"text", "label": 0|1, "doc"?} to learn from.',
)
@click.option(
    "--verdicts/--no-verdicts",
    default=True,
    show_default=True,
    help="Also learn from the team's verdicts in this database.",
)
@pass_session
def train(session: Session, labels_path: Path | None, verdicts: bool) -> None:
    """Fit a model (words, word pairs and the default scorer's features) and use it.

    A claim with a verdict counts as worth checking, one marked with a label listed in
    the config's not_worth_checking ("Not a claim" by default) as not. The model is
    stored in the database as numbers and words (JSON), and every claim is re-scored.
    """
    if labels_path is None and not verdicts:
        raise UsageError("nothing to learn from: give --labels FILE or leave --verdicts on")
    examples = labelled_examples(read_labels(labels_path)) if labels_path else []
    store = session.store(create=labels_path is not None)
    sources = [f"{len(examples)} labelled sentences from {labels_path.name}"] if labels_path else []
    if verdicts:
        taught = verdict_examples(store, session.config.not_worth_checking)
        examples += taught
        sources.append(f"{len(taught)} verdicts")
    source = " + ".join(sources)
    model = train_model(examples, source=source)
    stored = save_model(
        store,
        model_to_json(model),
        source=source,
        examples=model.examples,
        positives=model.positives,
    )
    count = rescore_all(store, load_model(store))
    click.echo(
        f"Trained model {stored.id} on {printable(source, one_line=True)} "
        f"({model.positives} worth checking of {model.examples}); re-scored {count} claims."
    )


@worthiness.command("eval")
@click.option(
    "--labels",
    "labels_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help='JSON lines {"text", "label": 0|1, "doc"?} to rank.',
)
@pass_session
def evaluate(session: Session, labels_path: Path) -> None:
    """Rank labelled sentences with the scorer in use: MAP, P@5, P@10, R-precision.

    Sentences are ranked within their "doc" (all in one without it) and the metrics are
    averaged over docs, as in the CLEF CheckThat! check-worthiness task.
    """
    examples = labelled_examples(read_labels(labels_path))
    model = load_model(session.store()) if session.db_path.exists() else None
    docs: dict[str, tuple[list[float], list[int]]] = {}
    for e in examples:
        value = (
            model_score(model, e.kind, e.signals, e.text)
            if model
            else score(e.kind, e.signals, e.text)[0]
        )
        scores, labels = docs.setdefault(e.doc, ([], []))
        scores.append(value)
        labels.append(e.label)
    result = evaluate_documents(list(docs.values()))
    scorer = "trained model" if model else "default scorer"
    click.echo(f"{scorer}: {len(examples)} sentences in {result.documents} docs")
    click.echo(
        f"MAP {result.map:.3f}  P@5 {result.p_at_5:.3f}  P@10 {result.p_at_10:.3f}  "
        f"R-precision {result.r_precision:.3f}"
    )


@worthiness.command("status")
@pass_session
def status(session: Session) -> None:
    """Which scorer is in use; for a model, what it was trained on and when."""
    store = session.store()
    stored = active_model(store)
    trained = model_count(store)
    if stored is None:
        click.echo(f"Default scorer in use ({trained} trained models stored).")
        return
    click.echo(
        f"Model {stored.id} in use, trained {when(stored.trained_at)} on "
        f"{printable(stored.source, one_line=True)}: {stored.positives} worth checking "
        f"of {stored.examples}."
    )
