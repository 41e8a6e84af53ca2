"""Rich renderables for claims, passages and history, built from untrusted text safely.

Every piece of article, source or note text goes through ``safe()``: it becomes a
``rich.text.Text`` (never parsed as markup), with control characters shown as escapes,
so ``[bold]``, ``[@click=app.quit]`` or an ANSI sequence in an article is just text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from review_db import Claim, ClaimBrief, ClaimState, Event, HistoryEntry
from review_db.models import Evidence, OutsideSource, PassageRef, stored_evidence

from ..config import Config, VerdictLabel
from ..safe_text import printable

CONTEXT_BEFORE = 240  # characters of article shown before the claim
UNITS_AFTER = 4

KIND_STYLES = {
    "claim": "bold",
    "quote": "italic",
    "heading": "bold underline",
    "caption": "dim",
    "credit": "dim",
    "other": "dim",
}


def safe(text: str, style: str | Style = "") -> Text:
    """Untrusted text as inert Rich text (no markup, no control characters)."""
    return Text(printable(text), style=style, overflow="fold")


def verdict_style(config: Config, label: str | None) -> Style:
    entry = _entry(config, label)
    return Style(color=entry.colour, bold=True) if entry else Style(bold=True)


def _entry(config: Config, label: str | None) -> VerdictLabel | None:
    return next((e for e in config.scale if e.label == label), None)


def claim_view(
    claim: Claim,
    position: int,
    total: int,
    state: ClaimState | None,
    others: dict[str, ClaimState] | None,
    others_hidden: int,
    config: Config,
) -> RenderableType:
    """The current claim, large, with why it ranks, its flags and the verdicts on it."""
    head = Text.assemble(
        (f"Claim {claim.ordinal}", "bold"),
        (f"  ·  {position} of {total}  ·  ", "dim"),
        safe(claim.kind, KIND_STYLES.get(claim.kind, "")),
        ("  ·  worthiness ", "dim"),
        (f"{claim.worthiness:.2f}", "bold"),
    )
    parts: list[RenderableType] = [head, Text(""), safe(claim.text, "bold")]
    speaker = claim.signals.get("speaker")
    if speaker:
        parts.append(Text.assemble(("speaker: ", "dim"), safe(str(speaker))))
    # What a reviewer must always see comes first (flags, verdicts, note): a small panel
    # cuts from the bottom, where the reasons for the worthiness score are.
    parts.extend(flag_lines(claim))
    parts.append(_state_line("Your verdict", state, config))
    if state is not None and state.note:
        parts.append(Text.assemble(("note: ", "dim"), safe(state.note)))
    if others:
        for name, other in others.items():
            parts.append(_state_line(name, other, config))
    elif others_hidden:
        parts.append(
            Text(
                f"{others_hidden} other reviewer(s) gave verdicts: press v to show them",
                style="dim italic",
            )
        )
    if state is not None and state.evidence:
        parts.append(Text(f"evidence: {len(state.evidence)} item(s)", style="dim"))
        for item in state.evidence:
            if isinstance(item, OutsideSource):
                parts.append(
                    Text.assemble(
                        ("  ↗ ", "dim"),
                        safe(item.url),
                        (" “", "dim"),
                        safe(item.quote),
                        ("”", "dim"),
                    )
                )
    reasons = [r for r in claim.signals.get("reasons", []) if isinstance(r, str)]
    if reasons:
        parts.append(Text.assemble(("why: ", "dim"), safe(" · ".join(reasons), "dim")))
    return Group(*parts)


def flag_lines(claim: Claim) -> list[Text]:
    """One line per consistency flag the claim holds: its type and what disagrees."""
    return [
        Text.assemble(("⚑ ", "bold red"), safe(f"{flag.type}: ", "bold"), safe(flag.message))
        for flag in claim.flags
    ]


def _state_line(who: str, state: ClaimState | None, config: Config) -> Text:
    label = state.verdict if state else None
    line = Text.assemble(safe(f"{who}: ", "dim"))  # a reviewer name, from the database
    if label:
        line.append_text(safe(label, verdict_style(config, label)))
    else:
        line.append("none yet", "dim italic")
    if state is not None and who != "Your verdict" and state.note:
        line.append("  — ", "dim")
        line.append_text(safe(state.note, "italic"))
    return line


# What the claim's box shows of a claim: its id, its position and of how many, this
# reviewer's state, the other reviewers' states shown and the number of their verdicts
# hidden (blind review); with "checked before", the key its lines are wrapped under.
ClaimHead = tuple[str, int, int, ClaimState | None, tuple[tuple[str, ClaimState], ...], int]
ClaimKey = tuple[ClaimHead, Any]


def claim_head(
    claim_id: str,
    position: int,
    total: int,
    mine: ClaimState | None,
    others: dict[str, ClaimState],
    *,
    show_others: bool,
) -> ClaimHead:
    """What the claim's box shows of a claim, but whether it was checked before (read
    with the claim, maybe by a worker): other reviewers' verdicts stay hidden until this
    reviewer asks for them."""
    visible = tuple(sorted(others.items())) if show_others else ()
    hidden = 0 if show_others else sum(1 for s in others.values() if s.verdict)
    return (claim_id, position, total, mine, visible, hidden)


def claim_box_view(key: ClaimKey, claim: Claim, config: Config) -> RenderableType:
    """The claim's box for ``key`` (see ``claim_head``; then the "checked before" match
    or None): the claim view, and the checked-before line when there is one."""
    (_, position, total, mine, visible, hidden), checked = key
    view = claim_view(claim, position, total, mine, dict(visible), hidden, config)
    return view if checked is None else Group(view, checked_view(checked))


def article_window(
    text: str, claims_by_ordinal: dict[int, ClaimBrief], current: ClaimBrief
) -> Text:
    """The article from just before the claim to a few units after it, the claim lit.

    The claim sits near the top, so it is in view however small the panel is.
    """
    before = claims_by_ordinal.get(current.ordinal - 1)
    start = before.start if before else current.start
    if current.start - start > CONTEXT_BEFORE:
        cut = text.find(" ", current.start - CONTEXT_BEFORE, current.start)
        start = cut + 1 if cut >= 0 else current.start
    after = [claims_by_ordinal.get(current.ordinal + i) for i in range(1, UNITS_AFTER + 1)]
    end = max([current.end] + [c.end for c in after if c is not None])
    window = Text(overflow="fold")
    if start > 0:
        window.append("… ", "dim")
    window.append_text(safe(text[start : current.start], "dim"))
    window.append_text(safe(text[current.start : current.end], "reverse bold"))
    window.append_text(safe(text[current.end : end], "dim"))
    if end < len(text.rstrip()):
        window.append(" …", "dim")
    return window


def progress_line(reviewed: int, total: int, where: str, filter_name: str) -> Text:
    """The review screen's status line: how many claims are reviewed, which claim this
    is of those the filter lets through, and the filter."""
    return Text.assemble(
        ("reviewed ", "dim"),
        (f"{reviewed}/{total}", "bold"),
        ("  ·  claim ", "dim"),
        (where, "bold"),
        ("  ·  filter ", "dim"),
        (filter_name, "bold"),
    )


def checked_view(found: Any | None) -> Text:
    """The "Checked before" line: the earlier verdict, who gave it, when, and how sure the
    match is; ``r`` reuses it.  Empty when nothing was checked before."""
    if found is None:
        return Text("")
    kind = "fact-check" if found.kind == "factcheck" else "earlier review"
    line = Text(overflow="fold")
    line.append("Checked before: ", "bold magenta")
    line.append_text(safe(found.verdict or "(no verdict)", "bold"))
    line.append_text(safe(f" — {kind} by {found.by or 'unknown'}"))
    if found.date:
        line.append_text(safe(f", {found.date}", "dim"))
    line.append(f" · match {found.score:.2f}", "dim")
    line.append("  r reuses it\n", "dim italic")
    line.append_text(safe(f"“{found.claim_reviewed}”", "dim"))
    return line


def passage_view(match: Any, chosen: bool, number: int, min_score: float = 0.0) -> Text:
    """One corroborating passage: its calibrated score, source and flags, and its text
    with the words it shares with the claim in bold and the aligned region underlined.

    A passage scoring under ``min_score`` (``matching.min_score``) is shown dimmed and
    marked "weak": unrelated text must not look like evidence.
    """
    weak = match.score < min_score
    base = "dim" if weak else ""
    line = Text(overflow="fold")
    line.append("✓ " if chosen else "  ", "bold green")
    line.append(f"{number:>2}. ", "dim")
    line.append(f"{match.score:>3.0f} ", "dim" if weak else "bold")
    if weak:
        line.append("weak  ", "dim italic")
    line.append_text(safe(match.source_title, "dim" if weak else "bold"))
    meta = " · ".join(x for x in (match.publisher, match.published) if x)
    if meta:
        line.append("  ")
        line.append_text(safe(meta, "dim"))
    for flag in match.flags:
        line.append_text(safe(f"  ⚠ {flag}", "bold red"))
    line.append("\n")
    line.append_text(_lit(match.text, match.span, getattr(match, "highlights", ()), base))
    return line


def _lit(text: str, span: tuple[int, int], words: Sequence[tuple[int, int]], base: str) -> Text:
    """``text`` made printable piece by piece (so offsets stay true), the aligned ``span``
    underlined and each shared word in bold; the whole span in bold when no words are
    known (a match cached before highlights existed)."""
    start, end = span
    marks = sorted({0, len(text), start, end, *(p for w in words for p in w)})
    bold = [(a, b) for a, b in words] or [(start, end)]
    out = Text()
    for a, b in zip(marks, marks[1:], strict=False):
        if a >= b:
            continue
        style = [base] if base else []
        if start <= a and b <= end:
            style.append("underline")
        if any(x <= a and b <= y for x, y in bold):
            style.append("bold")
        out.append_text(safe(text[a:b], " ".join(style)))
    return out


# A passage's source title and text, by passage id (None: not in this database).
PassageLookup = Callable[[str], tuple[str, str] | None]
EXCERPT = 80  # characters of a passage shown in the history


def history_view(entries: Sequence[HistoryEntry], passage: PassageLookup) -> Text:
    """Who did what, when, on a claim; undone actions struck through.  Evidence reads as
    its source and an excerpt, an undo as what it took back: never as raw ids."""
    by_id = {entry.event.id: entry.event for entry in entries}
    out = Text(overflow="fold")
    if not entries:
        out.append("No events on this claim yet.", "dim italic")
    for entry in entries:
        event = entry.event
        style = "strike dim" if entry.undone_by else ""
        out.append(f"{when(event.at)}  ", "dim")
        out.append_text(safe(event.reviewer, "bold"))
        out.append("  ")
        if event.kind == "undo":
            target = by_id.get(str(event.value.get("event")))
            if target is None:
                out.append("undid an earlier action", style)
            else:
                what = f"undid {target.kind} {_value_text(target, passage)}"
                out.append_text(safe(f"{what} from {when(target.at)}", style))
        else:
            out.append_text(safe(f"{event.kind}  {_value_text(event, passage)}", style))
        if entry.undone_by:
            out.append("  (undone)", "italic")
        out.append("\n")
    return out


def when(at: str) -> str:
    """A stored timestamp as a reviewer reads it: to the second, in UTC."""
    return f"{at[:19].replace('T', ' ')}Z"


def _value_text(event: Event, passage: PassageLookup) -> str:
    value = event.value
    if event.kind in ("verdict", "adjudication"):
        return str(value.get("label"))
    if event.kind == "note":
        return f"“{value.get('text', '')}”"
    return evidence_text(stored_evidence(value), passage)


def evidence_text(item: Evidence, passage: PassageLookup) -> str:
    """Evidence as a reviewer reads it, never as an id: a passage as its source title and
    an excerpt, an outside source as its address and the words quoted."""
    if isinstance(item, PassageRef):
        found = passage(item.passage)
        if found is None:
            return "a passage that is not in this database"
        title, text = found
        excerpt = text if len(text) <= EXCERPT else text[: EXCERPT - 1].rstrip() + "…"
        return f"{title}: “{excerpt}”"
    return f"{item.url} “{item.quote}”"
