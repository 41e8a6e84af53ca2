"""The Markdown report: reads well as plain text and renders well on a Git forge.

Layout per article: a title block, a summary (an at-a-glance table of the claims and
their verdicts, then the verdict counts), the annotated article (its own text with a
verdict marker after each reviewed claim, a flag after each flagged one, and the evidence
as numbered footnotes), then each claim in article order with every reviewer's verdict,
note and evidence.  Evidence footnotes are defined once, at the end, and numbered for the
whole report.  Local paths and internal ids appear only in an ``internal`` report.

Text from articles, sources and notes is data: Markdown and HTML syntax in it is escaped
so it shows as written, and control characters are shown as visible escapes.
"""

from __future__ import annotations

import re
from typing import Any

from ..safe_text import printable
from .gather import ArticleEntry, ClaimEntry, Evidence, Report, web_link

# Characters Markdown (CommonMark/GFM) could read as syntax anywhere in a line, with the
# parentheses of a link destination.  `&` only matters where it starts an entity.
# Backslash escapes keep plain-text reading easy.
_SYNTAX = re.compile(r"([\\`*_\[\]()<>|~#!]|&(?=#?\w+;))")
# At the start of a line: list bullets, setext underlines, and "1." or "1)" list numbers.
_LINE_START = re.compile(r"^(\s*|\s*\d+)((?<=\d)[.)]|(?<!\d)[-+=])", re.MULTILINE)

_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)
_LONE_NEWLINE = re.compile(r"(?<!\n)\n(?!\n)")


def escape(text: str) -> str:
    """Untrusted text as inert Markdown: it shows as written, never as markup."""
    text = _SYNTAX.sub(r"\\\1", printable(text))
    text = _LINE_START.sub(r"\1\\\2", text)
    # Indentation would make a code block: keep it visible as no-break spaces instead.
    return _INDENT.sub(lambda m: "\u00a0" * len(m.group().expandtabs(4)), text)


def _one_line(text: str) -> str:
    return escape(" ".join(text.split()))


def _quoted(text: str, indent: str = "") -> list[str]:
    """A block quote, every line marked, so newlines in a note stay inside it."""
    return [f"{indent}> {line}".rstrip() for line in escape(text).split("\n")]


def _date(stamp: str | None) -> str:
    return stamp[:10] if stamp else "-"


def _checked_by(origin: dict[str, Any]) -> str:
    """ "As checked by X on DATE": a verdict reused from a fact-check or an earlier claim."""
    by = _one_line(str(origin.get("by") or "an earlier review"))
    date = origin.get("date")
    return f"As checked by {by}" + (f" on {_one_line(str(date))}" if date else "")


GLANCE_CHARACTERS = 100  # of a claim's text in the at-a-glance table


def shorten(text: str, limit: int = GLANCE_CHARACTERS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0] or line[: limit - 1]
    return cut + "…"


def verdict_text(claim: ClaimEntry) -> str:
    """The claim's verdict in words: the settled one, else each reviewer's, else none."""
    if claim.verdict:
        return claim.verdict
    given = [f"{r.reviewer}: {r.verdict}" for r in claim.reviews if r.verdict]
    if given:
        return "disputed (" + " · ".join(given) + ")"
    return "not reviewed"


def _verdict_marker(claim: ClaimEntry) -> str:
    if claim.verdict:
        marker = claim.verdict
    else:
        marker = " · ".join(f"{r.reviewer}: {r.verdict}" for r in claim.reviews if r.verdict)
    notes = "".join(f"[^{e.number}]" for e in claim.evidence)
    return f" **({_one_line(marker)})**{notes}"


def _title_block(report: Report, entry: ArticleEntry) -> list[str]:
    article = entry.article
    lines = [f"# {_one_line(article.title)}", ""]
    facts = [
        ("Origin", article.origin if report.internal else None),
        ("URL", _autolink(article.url) if article.url else None),
        ("Published", article.published),
        ("Reviewers", ", ".join(entry.reviewers) if entry.reviewers else "none yet"),
        ("Exported", f"{report.exported_at[:10]} by {report.config.organisation.name}"),
        ("Article id", f"`{article.id}`" if report.internal else None),
    ]
    for name, value in facts:
        if value:
            shown = value if name in ("URL", "Article id") else _one_line(value)
            lines.append(f"- **{name}:** {shown}")
    if report.reviewer:
        lines.append(f"- **Only reviewer:** {_one_line(report.reviewer)}")
    return [*lines, ""]


def _summary(report: Report, entry: ArticleEntry) -> list[str]:
    lines = ["## Summary", "", *_at_a_glance(entry), "| Verdict | Claims |", "|---|---:|"]
    for label, count in report.verdict_counts(entry):
        lines.append(f"| {_one_line(label)} | {count} |")
    if entry.disputed:
        lines.append(f"| Disputed (no adjudication) | {entry.disputed} |")
    lines += ["", f"- Claims reviewed: {entry.reviewed} of {entry.total_claims}"]
    if entry.other_reviewed:
        lines.append(
            f"- Other units reviewed (headings, captions, credits; not counted above): "
            f"{entry.other_reviewed}"
        )
    lines.append(f"- Flagged claims: {entry.flagged}")
    if entry.agreement is not None:
        lines.append(f"- Agreement between reviewers: {_agreement(entry)}")
    return [*lines, ""]


def _at_a_glance(entry: ArticleEntry) -> list[str]:
    """One row per claim: its number, its words (shortened), its verdict, its flags."""
    if not entry.claims:
        return []
    lines = ["| # | Claim | Verdict | Flags |", "|---:|---|---|---|"]
    for claim in entry.claims:
        flags = ", ".join(f.type for f in claim.flags)
        lines.append(
            f"| {claim.claim.ordinal} | {escape(shorten(claim.claim.text))} | "
            f"{_one_line(verdict_text(claim))} | {_one_line(flags)} |"
        )
    return [*lines, ""]


def _agreement(entry: ArticleEntry) -> str:
    a = entry.agreement
    assert a is not None
    if not a.claims_compared:
        return "no claim has verdicts from two reviewers yet"
    parts = [f"{a.percent_agreement:.0f}% of {a.claims_compared} claims compared"]
    if a.cohen_kappa is not None:
        parts.append(f"Cohen's kappa {a.cohen_kappa:.2f}")
    if a.krippendorff_alpha is not None:
        parts.append(f"Krippendorff's alpha {a.krippendorff_alpha:.2f}")
    return "; ".join(parts)


def _annotated(entry: ArticleEntry) -> list[str]:
    """The article's own text, a marker after each reviewed or flagged claim."""
    text = entry.article.text
    pieces = []
    position = 0
    for claim in sorted(entry.claims, key=lambda c: c.claim.start):
        if not (claim.reviewed or claim.flags) or claim.claim.end < position:
            continue
        pieces.append(escape(text[position : claim.claim.end]))
        if claim.reviewed:
            pieces.append(_verdict_marker(claim))
        if claim.flags:
            pieces.append(f" ⚑ {_one_line(', '.join(f.type for f in claim.flags))}")
        position = claim.claim.end
    pieces.append(escape(text[position:]))
    # A line break inside a paragraph stays a line break (two trailing spaces), as in print.
    body = _LONE_NEWLINE.sub("  \n", "".join(pieces).strip("\n"))
    return ["## Annotated article", "", body, ""]


def _claim(report: Report, claim: ClaimEntry) -> list[str]:
    c = claim.claim
    heading = f"### Claim {c.ordinal}"
    if claim.verdict:
        heading += f": {_one_line(claim.verdict)}"
    elif claim.disputed:
        heading += ": disputed"
    lines = [heading, "", *_quoted(c.text), ""]
    facts = []
    if report.internal:
        facts.append(f"Kind: {c.kind} · worthiness {c.worthiness:.2f} · id `{c.id}`")
    speaker = c.signals.get("speaker")
    if isinstance(speaker, str):
        facts.append(f"speaker: {_one_line(speaker)}")
    if facts:
        lines += [" · ".join(facts), ""]
    if claim.reused_from is not None:
        lines += [f"{_checked_by(claim.reused_from)}", ""]
    if claim.adjudication is not None:
        adj = claim.adjudication
        lines += [
            f"Adjudicated: **{_one_line(adj.verdict)}** by {_one_line(adj.adjudicator)}, "
            f"{_date(adj.at)}",
            "",
        ]
    for flag in claim.flags:
        lines.append(f"- Flag `{flag.type}`: {_one_line(flag.message)}")
    if claim.flags:
        lines.append("")
    if not claim.reviews:
        return [*lines, "Not reviewed.", ""]
    for review in claim.reviews:
        verdict = f"**{_one_line(review.verdict)}**" if review.verdict else "no verdict"
        cited = "".join(f"[^{e.number}]" for e in review.evidence)
        lines.append(
            f"- {_one_line(review.reviewer)}: {verdict} ({_date(review.verdict_at)}){cited}"
        )
        if review.note:
            lines += ["", *_quoted(review.note, "  "), ""]
    lines.append("")
    for item in claim.evidence:
        lines += _evidence_quote(item, report.internal)
    return lines


def _evidence_quote(item: Evidence, internal: bool) -> list[str]:
    lines = [f"Evidence {item.number}: {_source_line(item, internal)}", ""]
    if item.text:
        lines += [*_quoted(item.text), ""]
    return lines


def _source_line(item: Evidence, internal: bool) -> str:
    """Title (in italics), publisher, date and address of a piece of evidence."""
    details = [_one_line(x) for x in item.details(internal=internal)]
    if item.source is not None and details:
        details[0] = f"*{details[0]}*"
    parts = details
    if item.link:
        parts.append(_autolink(item.link))
    elif item.url:  # an address that is not a web link: shown, never linked
        parts.append(_one_line(item.url))
    elif item.source is not None and item.source.url:
        parts.append(_one_line(item.source.url))
    return ", ".join(parts)


def _autolink(url: str) -> str:
    """A web address as a Markdown autolink; any other address as inert, escaped text.

    ``web_link`` admits no whitespace, control character, quote, backslash or angle
    bracket, so nothing in the address can end the autolink early.
    """
    link = web_link(url)
    return _one_line(url) if link is None else f"<{link}>"


def _footnote(item: Evidence, internal: bool) -> str:
    quote = f'"{_one_line(item.text)}" — ' if item.text else ""
    return f"[^{item.number}]: {quote}{_source_line(item, internal)}"


def render(report: Report) -> str:
    """The whole report as Markdown."""
    lines: list[str] = []
    for entry in report.articles:
        lines += _title_block(report, entry)
        lines += _summary(report, entry)
        lines += _annotated(entry)
        lines += ["## Claims", ""]
        for claim in entry.claims:
            lines += _claim(report, claim)
    if report.evidence:
        lines += ["## Evidence", ""]
        lines += [_footnote(item, report.internal) for item in report.evidence]
    return "\n".join(lines).rstrip("\n") + "\n"
