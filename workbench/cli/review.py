"""Commands that record and show reviews: ``verdict``, ``adjudicate``, ``undo``,
``history``."""

from __future__ import annotations

import click

from review_db import Claim, Event
from review_db.models import Evidence, OutsideSource, PassageRef

from ..errors import UsageError
from ..reviewing import adjudicate as settle
from ..reviewing import give_verdict, undo_adjudication, undo_latest
from ..safe_text import printable
from ..web_url import check_web_url
from .claim_refs import resolve_claim
from .session import Session, echo_json, fit, pass_session, when

_ARTICLE = click.option(
    "--article",
    "article_id",
    help="The article whose claim number CLAIM is (its id, or 4+ characters of it).",
)


@click.command()
@click.argument("claim_ref", metavar="CLAIM")
@click.argument("label")
@_ARTICLE
@click.option("--note", help="A note to keep with the verdict.")
@click.option(
    "--evidence", "evidence", multiple=True, help="A passage id backing the verdict (repeatable)."
)
@click.option("--evidence-url", help="Evidence from outside the corpus: its web address.")
@click.option("--quote", help="With --evidence-url: the words quoted from it.")
@click.option("--reviewer", help="Who gives the verdict (default: config, else your user name).")
@pass_session
def verdict(
    session: Session,
    claim_ref: str,
    label: str,
    article_id: str | None,
    note: str | None,
    evidence: tuple[str, ...],
    evidence_url: str | None,
    quote: str | None,
    reviewer: str | None,
) -> None:
    """Record a verdict on a claim: LABEL is a label of the scale (any case) or its key.

    CLAIM is the claim's number as `workbench claims` shows it (of the --article, or of
    the only article), ARTICLE:N (an article id prefix and the number), or a claim id
    prefix of at least 4 characters. The default scale: True, Mostly true, Mixed,
    Mostly false, False, Unverifiable, Not a claim (keys 1-7). The verdict, note and
    evidence are saved together, at once. --evidence-url takes http(s) addresses only.
    """
    if (evidence_url is None) != (quote is None):
        raise UsageError("--evidence-url and --quote go together: the address and its words")
    if evidence_url is not None:
        check_web_url(evidence_url, what="--evidence-url")
    entry = session.config.find_label(label)
    who = session.reviewer(reviewer)
    store = session.store()
    claim = resolve_claim(store, claim_ref, article_id)
    chosen: list[Evidence] = [PassageRef(store.resolve_passage_id(p)) for p in evidence]
    if evidence_url is not None and quote is not None:
        chosen.append(OutsideSource(evidence_url, quote))
    give_verdict(store, who, claim.id, entry.label, note=note, evidence=chosen)
    extras = []
    if note is not None:
        extras.append("note")
    if chosen:
        extras.append(f"{len(chosen)} evidence")
    more = f" with {' and '.join(extras)}" if extras else ""
    click.echo(
        f"Saved: {printable(entry.label, one_line=True)} on claim {_name(claim)}{more}, "
        f"by {printable(who, one_line=True)}\n  {fit(claim.text, 2)}"
    )


def _name(claim: Claim) -> str:
    """A claim as the screens name it: its number, and its id to copy."""
    return f"#{claim.ordinal} ({printable(claim.id, one_line=True)})"


def _describe(event: Event) -> str:
    value = event.value
    if event.kind in ("verdict", "adjudication"):
        return f"{event.kind} {printable(repr(value.get('label')), one_line=True)}"
    if event.kind == "note":
        return f"note {printable(str(value.get('text', '')), one_line=True)!r}"
    if event.kind.startswith("evidence"):
        what = value.get("passage") or f'{value.get("url")} "{value.get("quote")}"'
        return f"{event.kind} {printable(str(what), one_line=True)}"
    if event.kind == "undo":
        return f"undo of event {printable(str(value.get('event')), one_line=True)}"
    return printable(event.kind, one_line=True)


@click.command()
@click.argument("claim_ref", metavar="CLAIM")
@click.argument("label")
@_ARTICLE
@click.option("--reviewer", help="Who settles it (default: config, else your user name).")
@pass_session
def adjudicate(
    session: Session, claim_ref: str, label: str, article_id: str | None, reviewer: str | None
) -> None:
    """Settle a claim on which reviewers disagree: LABEL (a label of the scale, any case,
    or its key) is the verdict that counts, in reports too.

    CLAIM is named as for `workbench verdict`. Adjudicating a settled claim again changes
    its settlement (the latest counts); `workbench undo --adjudication CLAIM` takes yours
    back. A claim whose reviewers agree has nothing to settle and is refused.
    """
    entry = session.config.find_label(label)
    who = session.reviewer(reviewer)
    store = session.store()
    claim = resolve_claim(store, claim_ref, article_id)
    settle(store, who, claim.id, entry.label)
    click.echo(
        f"Settled: {printable(entry.label, one_line=True)} on claim {_name(claim)}, "
        f"by {printable(who, one_line=True)}\n  {fit(claim.text, 2)}"
    )


@click.command()
@click.option("--reviewer", help="Whose action to undo (default: config, else your user name).")
@click.option(
    "--adjudication",
    "adjudicated_ref",
    metavar="CLAIM",
    help="Take back your adjudication of CLAIM instead (the one it replaced settles it again).",
)
@_ARTICLE
@pass_session
def undo(
    session: Session, reviewer: str | None, adjudicated_ref: str | None, article_id: str | None
) -> None:
    """Undo the reviewer's latest action (a verdict with its note and evidence, say), or
    with --adjudication CLAIM, their adjudication that settles CLAIM now.

    The undo is itself recorded, so history shows both.
    """
    who = session.reviewer(reviewer)
    if adjudicated_ref is None and article_id is not None:
        raise UsageError("--article goes with --adjudication CLAIM: it names CLAIM's article")
    store = session.store()
    if adjudicated_ref is not None:
        claim = resolve_claim(store, adjudicated_ref, article_id)
        outcome = undo_adjudication(store, who, claim.id)
        if not outcome.events:
            click.echo(f"Claim {_name(claim)} is not adjudicated: nothing to undo.")
            return
        now = outcome.adjudication
        after = (
            f"settled again: {printable(now.verdict, one_line=True)} "
            f"(by {printable(now.adjudicator, one_line=True)})"
            if now is not None
            else "open again"
        )
        what = ", ".join(_describe(e) for e in outcome.events)
        click.echo(f"Undid {what} on claim {_name(claim)}; {after}\n  {fit(claim.text, 2)}")
        return
    cancelled = undo_latest(store, who).events
    if not cancelled:
        click.echo(f"Nothing to undo for {printable(who, one_line=True)}.")
        return
    (claim,) = store.claims_with_ids([cancelled[0].claim_id])
    what = ", ".join(_describe(e) for e in cancelled)
    click.echo(f"Undid {what} on claim {_name(claim)}\n  {fit(claim.text, 2)}")


@click.command()
@click.argument("claim_ref", metavar="CLAIM")
@_ARTICLE
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@pass_session
def history(session: Session, claim_ref: str, article_id: str | None, as_json: bool) -> None:
    """Every event on a claim, oldest first: who did what, when, and what was undone.

    CLAIM is named as for `workbench verdict`: N, ARTICLE:N or a claim id prefix.
    """
    store = session.store()
    claim = resolve_claim(store, claim_ref, article_id)
    entries = store.history(claim.id)
    if as_json:
        for entry in entries:
            e = entry.event
            echo_json(
                {
                    "id": e.id,
                    "claim_id": e.claim_id,
                    "reviewer": e.reviewer,
                    "kind": e.kind,
                    "value": e.value,
                    "at": e.at,
                    "undone_by": entry.undone_by,
                }
            )
        return
    click.echo(f"Claim {_name(claim)}: {fit(claim.text, 20)}")
    if not entries:
        click.echo("  no events yet")
    for entry in entries:
        e = entry.event
        undone = "  (undone)" if entry.undone_by else ""
        who = printable(e.reviewer, one_line=True)
        click.echo(f"  {when(e.at)}  {who:<12}  {_describe(e)}{undone}")
