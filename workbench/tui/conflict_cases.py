"""What the conflicts screen shows of each case: a claim whose reviewers disagree (or one
that was settled before they came to agree), read in one go in a worker, drawn without
the database.

A case holds everything its detail needs (the claim with its flags, each reviewer's
verdict, note and evidence with the passages' sources, the adjudication that settles
it), so moving through the list reads nothing and a key never waits for the database.
A claim settled while its reviewers disagreed stays a case after they came to agree:
its adjudication still decides the reports, so it must stay where it can be changed or
taken back.

Every reviewer's verdict is shown: blind review is the review screen's (others' verdicts
hidden until asked for); this screen is where one goes to see the disagreement.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from review_db import Claim, ClaimState, ReviewStore
from review_db.models import PassageRef, SettledVerdict

from ..config import Config
from .render import KIND_STYLES, evidence_text, flag_lines, safe, verdict_style, when


@dataclass(frozen=True)
class ConflictCase:
    """One claim on the conflicts screen, with all its detail shows."""

    claim: Claim
    states: dict[str, ClaimState]  # the reviewers with a verdict, by name
    adjudication: SettledVerdict | None  # what settles the claim now (None: open)
    passages: dict[str, tuple[str, str]]  # evidence passage id -> (source title, text)

    @property
    def disputed(self) -> bool:
        """Its reviewers' current verdicts differ (False: they agree now)."""
        return len({s.verdict for s in self.states.values()}) > 1


def read_case(store: ReviewStore, claim: Claim) -> ConflictCase:
    """A claim's case as the database has it now (a few indexed reads)."""
    states = store.claim_states(claim.id)
    settled = store.adjudications(claim=claim.id).get(claim.id)
    return _case(claim, states, settled, _evidence_passages(store, [states]))


def read_cases(store: ReviewStore, article_id: str | None) -> list[ConflictCase]:
    """The cases of an article (or of every article) in article order: the claims whose
    reviewers disagree, and those settled that no longer are disputed.

    Reads the states of the claims that were ever judged two ways (and the settled ones)
    rather than every claim's, in one query: the conflicts among them are decided here.
    """
    settled = store.adjudications(article_id)
    candidates = sorted({*store.claims_judged_differently(article_id), *settled})
    states = store.states_of_claims(candidates)
    kept = [
        claim_id
        for claim_id in candidates
        if claim_id in settled or len(_verdicts(states.get(claim_id, {}))) > 1
    ]
    claims = store.claims_with_ids(kept)
    articles = {article: n for n, article in enumerate(store.article_ids())}
    claims.sort(key=lambda c: (articles.get(c.article_id, len(articles)), c.ordinal))
    passages = _evidence_passages(store, [states.get(c.id, {}) for c in claims])
    return [
        _case(claim, states.get(claim.id, {}), settled.get(claim.id), passages) for claim in claims
    ]


def _verdicts(states: dict[str, ClaimState]) -> set[str]:
    return {state.verdict for state in states.values() if state.verdict}


def _case(
    claim: Claim,
    states: dict[str, ClaimState],
    settled: SettledVerdict | None,
    passages: dict[str, tuple[str, str]],
) -> ConflictCase:
    judged = {name: state for name, state in states.items() if state.verdict}
    wanted = {item.passage for s in judged.values() for item in s.evidence
              if isinstance(item, PassageRef)}  # fmt: skip
    return ConflictCase(
        claim, judged, settled, {pid: found for pid, found in passages.items() if pid in wanted}
    )


def _evidence_passages(
    store: ReviewStore, states: list[dict[str, ClaimState]]
) -> dict[str, tuple[str, str]]:
    """Each evidence passage's source title and text, read in two queries.  A passage
    merged in as evidence but missing here is left out (shown as missing)."""
    wanted = sorted(
        {item.passage for by_name in states for s in by_name.values() for item in s.evidence
         if isinstance(item, PassageRef)}
    )  # fmt: skip
    found = store.passages(wanted) if wanted else {}
    sources = store.sources(sorted({p.source_id for p in found.values()})) if found else {}
    return {
        pid: (sources[p.source_id].title, p.text)
        for pid, p in found.items()
        if p.source_id in sources
    }


def case_line(case: ConflictCase) -> Text:
    """The case in the list: its number, settled (✓ and the verdict) or open (○),
    flagged (⚑), and its text."""
    line = Text(overflow="ellipsis", no_wrap=True)
    line.append(f"{case.claim.ordinal:>4} ", "dim")
    if case.adjudication is not None:
        line.append("✓ ", "bold green")
    else:
        line.append("○ ", "bold yellow")
    if case.claim.flags:
        line.append("⚑ ", "bold red")
    line.append_text(safe(case.claim.text))
    return line


def case_view(
    case: ConflictCase, config: Config, adjudicator: str, settle_keys: str
) -> RenderableType:
    """The case in detail: the claim and its flags, how it is settled, then each
    reviewer's verdict and note, then the evidence each chose.  ``settle_keys`` names
    the verdict keys (``1-7``) for the hint.

    What decides a settlement comes first (a small panel cuts from the bottom): the
    claim, its flags and the verdicts are in view at 80x24.
    """
    claim = case.claim
    head = Text.assemble(
        (f"Claim {claim.ordinal}", "bold"),
        ("  ·  ", "dim"),
        safe(claim.kind, KIND_STYLES.get(claim.kind, "")),
        ("  ·  worthiness ", "dim"),
        (f"{claim.worthiness:.2f}", "bold"),
    )
    parts: list[RenderableType] = [head, safe(claim.text, "bold"), *flag_lines(claim)]
    parts.append(_settlement(case, config, adjudicator, settle_keys))
    names = sorted(case.states)
    verdicts = Table.grid(padding=(0, 2), expand=True)
    verdicts.add_column(no_wrap=True, max_width=20)
    verdicts.add_column(no_wrap=True)
    verdicts.add_column(ratio=1, overflow="fold")
    for name in names:
        state = case.states[name]
        note = safe(state.note, "italic") if state.note else Text("no note", "dim")
        verdicts.add_row(
            safe(name, "bold"), safe(state.verdict or "", verdict_style(config, state.verdict)),
            note,
        )  # fmt: skip
    parts += [verdicts, Text("Evidence chosen", "bold underline")]
    evidence = Table.grid(padding=(0, 2), expand=True)
    evidence.add_column(no_wrap=True, max_width=20)
    evidence.add_column(ratio=1, overflow="fold")
    for name in names:
        items = case.states[name].evidence
        lines = Text("\n").join(
            Text.assemble(
                ("▪ " if isinstance(item, PassageRef) else "↗ ", "dim"),
                safe(evidence_text(item, case.passages.get)),
            )
            for item in items
        )
        evidence.add_row(safe(name, "bold"), lines if items else Text("none", "dim"))
    parts.append(evidence)
    return Group(*parts)


def _settlement(case: ConflictCase, config: Config, adjudicator: str, keys: str) -> Text:
    """How the claim is settled, by whom and when, and what the keys would do."""
    settled = case.adjudication
    if settled is None and not case.disputed:  # its settlement was taken back since
        return Text("The reviewers agree now: nothing to settle.", "italic")
    if settled is None:
        return Text(f"Open: a verdict key ({keys}) settles it.", "italic yellow")
    line = Text.assemble(
        ("Settled: ", "bold green"),
        safe(settled.verdict, verdict_style(config, settled.verdict)),
        (" by ", "dim"),
        safe(settled.adjudicator, "bold"),
        (f" on {when(settled.at)}", "dim"),
    )
    if not case.disputed:
        line.append("  the reviewers agree now; this still decides the reports", "italic")
    own = settled.adjudicator == adjudicator
    line.append("  (u undoes it, " if own else "  (", "dim")
    line.append(f"{keys} changes it)", "dim")
    return line
