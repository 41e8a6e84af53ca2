"""Gathering what a report shows, once, so that each format only renders.

A report covers a selection (one article or all, one reviewer or all, every claim or only
the reviewed ones; claims and quotes, or every unit with ``all_units``).  By default a
report is one an editor can publish: the formats leave out local file paths and internal
ids unless ``internal`` asks for them (the team's own copy).  Everything the formats need
is read here in a handful of queries: articles, claims, each reviewer's current state,
adjudications, the event history, the evidence passages with their sources, and agreement
between reviewers.  Evidence is numbered once for the whole report, in the order it is
first cited, so the same passage is the same footnote wherever it is cited.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.color import Color

from review_db import Article, Claim, ClaimState, HistoryEntry, ReviewStore
from review_db.agreement import Agreement, measure_agreement
from review_db.models import Evidence as StoredEvidence
from review_db.models import Flag, PassageRef, SettledVerdict
from review_db.store import utc_timestamp

from .. import __version__
from ..config import Config, VerdictLabel
from ..errors import ExportError
from ..review_progress import ReviewCounts, count_progress
from ..web_url import web_url_problem


def web_link(url: str | None) -> str | None:
    """``url`` if it is a web address a report may link to, else None.

    Addresses come from imported files and merged databases, whatever checks the input
    had: a ``javascript:`` link would be a trap for the reader who clicks it, and a space,
    newline or angle bracket ends a Markdown autolink early and turns what follows into
    live markup.  So the rule for input (``web_url_problem``) is applied again here, and
    a report shows any other address as plain text.
    """
    if url and web_url_problem(url) is None:
        return url
    return None


# What a report shows by default: the units a reader can check.  Headings, captions,
# credits and the like are left out unless someone reviewed them or ``all_units`` is given
# (the HTML report was ~13,500 px of "Not reviewed" sections for captions and credits).
PUBLIC_KINDS = ("claim", "quote")

# A verdict whose label is no longer in the configured scale still needs a colour.
UNKNOWN_LABEL_COLOUR = "#868e96"


@dataclass(frozen=True)
class EvidenceSource:
    """Where a passage comes from (the source document without its text)."""

    id: str
    title: str
    origin: str | None
    url: str | None
    publisher: str | None
    published: str | None


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence, numbered once per report.

    Either a passage of the source corpus (``passage_id``, with ``text`` and ``source``
    when the passage is in this database) or an outside source (``url`` and ``text``, the
    words quoted from it).
    """

    number: int
    passage_id: str | None
    text: str | None
    url: str | None
    source: EvidenceSource | None

    @property
    def link(self) -> str | None:
        """The address a reader follows to check it: the page quoted, or the source's."""
        return web_link(self.url) or (web_link(self.source.url) if self.source else None)

    def details(self, *, internal: bool) -> tuple[str, ...]:
        """What a reader is told about where it comes from, as plain text parts: the
        source's title, publisher and date, else the outside address; with ``internal``
        also the source file and the passage id (a published report shows neither: a path
        on the checker's disk and an id mean nothing to a reader and may reveal too much).
        The link (``link``) and the quoted words (``text``) are rendered apart.
        """
        parts: list[str] = []
        if self.source is not None:
            s = self.source
            parts += [x for x in (s.title, s.publisher, s.published) if x]
            if internal and s.origin:
                parts.append(s.origin)
        elif self.passage_id is not None:
            parts.append("a passage no longer in this database")
        if internal and self.passage_id is not None:
            parts.append(f"passage {self.passage_id}")
        return tuple(parts)

    def as_json(self) -> dict[str, Any]:
        if self.passage_id is None:
            return {"number": self.number, "type": "url", "url": self.url, "quote": self.text}
        source = None
        if self.source is not None:
            s = self.source
            source = {
                "id": s.id,
                "title": s.title,
                "origin": s.origin,
                "url": s.url,
                "publisher": s.publisher,
                "published": s.published,
            }
        return {
            "number": self.number,
            "type": "passage",
            "passage_id": self.passage_id,
            "text": self.text,
            "source": source,
        }


@dataclass(frozen=True)
class Review:
    """One reviewer's current verdict, note and evidence on one claim."""

    reviewer: str
    verdict: str | None
    verdict_at: str | None
    note: str | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class ClaimEntry:
    """A claim with everything said about it.

    ``verdict`` is the claim's one verdict where there is one: the adjudicated verdict,
    else the verdict every reviewer gave (``basis`` says which); None when nobody gave a
    verdict or reviewers disagree and nobody adjudicated.
    """

    claim: Claim
    reviews: tuple[Review, ...]
    adjudication: SettledVerdict | None
    verdict: str | None
    verdict_at: str | None
    basis: str | None  # "adjudication", "unanimous" or None
    evidence: tuple[Evidence, ...]  # every reviewer's, by number, each once
    history: tuple[HistoryEntry, ...]

    @property
    def reviewed(self) -> bool:
        return any(r.verdict for r in self.reviews)

    @property
    def reused_from(self) -> dict[str, Any] | None:
        """Where the claim's verdict was reused from (a fact-check or an earlier claim):
        set when a reviewer's current verdict, which is the claim's, was a reuse."""
        if self.verdict is None or self.basis != "unanimous":
            return None
        current = {(r.reviewer, r.verdict_at) for r in self.reviews if r.verdict}
        for entry in self.history:
            event = entry.event
            origin = event.value.get("reused_from")
            if (
                event.kind == "verdict"
                and entry.undone_by is None
                and (event.reviewer, event.at) in current
                and isinstance(origin, dict)
            ):
                return origin
        return None

    @property
    def disputed(self) -> bool:
        """Reviewers gave different verdicts and nobody settled them."""
        return self.reviewed and self.verdict is None

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.claim.flags


@dataclass(frozen=True)
class ArticleEntry:
    """An article of the selection with its claims and summary figures."""

    article: Article
    claims: tuple[ClaimEntry, ...]
    total_claims: int  # claims and quotes in the article, whether selected or not
    units: tuple[Claim, ...]  # every unit of the article, for the annotated text
    reviewers: tuple[str, ...]
    agreement: Agreement | None  # only when several reviewers' verdicts are shown

    @property
    def progress(self) -> ReviewCounts:
        """The selection's claims and quotes with a verdict, of all the article's; the
        other units someone reviewed apart (they never count toward done)."""
        counts = count_progress((c.claim.kind, c.reviewed) for c in self.claims)
        return ReviewCounts(
            counts.reviewed, self.total_claims, counts.other_reviewed, counts.other_units
        )

    @property
    def reviewed(self) -> int:
        return self.progress.reviewed

    @property
    def other_reviewed(self) -> int:
        return self.progress.other_reviewed

    @property
    def disputed(self) -> int:
        return sum(c.disputed for c in self.claims)

    @property
    def flagged(self) -> int:
        return sum(bool(c.flags) for c in self.claims)


@dataclass(frozen=True)
class Report:
    """The selection, gathered: what every format renders."""

    articles: tuple[ArticleEntry, ...]
    evidence: tuple[Evidence, ...]
    config: Config
    exported_at: str
    generator: str
    article_id: str | None
    reviewer: str | None
    only_reviewed: bool
    warnings: tuple[str, ...]
    all_units: bool = False
    internal: bool = False  # keep local paths and internal ids (the team's own copy)

    def label(self, verdict: str) -> VerdictLabel | None:
        """The scale entry of a recorded verdict, or None if the scale no longer has it."""
        for entry in self.config.scale:
            if entry.label == verdict:
                return entry
        return None

    def colour(self, verdict: str) -> str:
        """The verdict's colour from the config, as ``#rrggbb`` (what CSS understands)."""
        entry = self.label(verdict)
        colour = entry.colour if entry else UNKNOWN_LABEL_COLOUR
        return Color.parse(colour).get_truecolor().hex

    def verdict_counts(self, article: ArticleEntry) -> list[tuple[str, int]]:
        """Claims per settled verdict, in scale order, then labels the scale lacks."""
        counts = Counter(c.verdict for c in article.claims if c.verdict)
        ordered = [(e.label, counts.pop(e.label)) for e in self.config.scale if e.label in counts]
        return ordered + sorted((label, n) for label, n in counts.items() if label)


def gather_report(
    store: ReviewStore,
    config: Config,
    *,
    article_id: str | None = None,
    reviewer: str | None = None,
    only_reviewed: bool = False,
    all_units: bool = False,
    internal: bool = False,
) -> Report:
    """Read the selection from the database.

    Args:
        store: the review database.
        config: supplies the verdict scale and the organisation.
        article_id: one article (any unique id prefix); None for every article.
        reviewer: only this reviewer's verdicts, notes, evidence and history; their
            verdict is then each claim's verdict (adjudications by others do not apply).
        only_reviewed: leave out claims nobody (in the selection) gave a verdict.
        all_units: show every unit, not only claims, quotes and units someone reviewed.
        internal: the formats keep local paths and internal ids.

    Raises:
        ExportError: the database has no articles, or the reviewer reviewed nothing here.
        NotFoundError: no article has that id.
    """
    if article_id is not None:
        articles = [store.article(article_id)]
    else:
        articles = [store.article(summary.id) for summary in store.articles()]
    if not articles:
        raise ExportError(
            f"nothing to export: {store.path} has no articles "
            "(import one with `workbench add article FILE`)"
        )
    selected_id = articles[0].id if article_id is not None else None
    states = store.article_claim_states(selected_id)
    histories = store.article_history(selected_id)
    adjudications = {} if reviewer is not None else store.adjudications(selected_id)
    if reviewer is not None:
        _check_reviewer(reviewer, states)
    evidence = _EvidenceIndex(store, states, reviewer)
    entries = []
    for article in articles:
        claims = store.claims(article.id)
        chosen = []
        for claim in claims:
            shown = [
                s
                for name, s in states.get(claim.id, {}).items()
                if reviewer is None or name == reviewer
            ]
            if not (all_units or claim.kind in PUBLIC_KINDS or any(s.verdict for s in shown)):
                continue  # a heading or caption nobody reviewed: not what a reader checks
            if only_reviewed and not any(s.verdict for s in shown):
                continue  # decided before numbering, so no footnote is left unreferenced
            reviews = tuple(
                Review(s.reviewer, s.verdict, s.verdict_at, s.note, evidence.items(s.evidence))
                for s in shown
            )
            chosen.append(
                _claim_entry(
                    claim,
                    reviews,
                    adjudications.get(claim.id),
                    histories.get(claim.id, []),
                    reviewer,
                )
            )
        if only_reviewed and not chosen and selected_id is None:
            continue
        names = tuple(sorted({r.reviewer for c in chosen for r in c.reviews}))
        agreement = None
        if reviewer is None and len(names) > 1:
            agreement = measure_agreement(_current_verdicts(claims, states))
        entries.append(
            ArticleEntry(
                article,
                tuple(chosen),
                count_progress((c.kind, False) for c in claims).total,
                tuple(claims),
                names,
                agreement,
            )
        )
    warnings = list(evidence.warnings)
    if only_reviewed and not any(e.claims for e in entries):
        warnings.append("no claim in the selection has a verdict yet: the report is empty")
    return Report(
        articles=tuple(entries),
        evidence=evidence.numbered(),
        config=config,
        exported_at=utc_timestamp(),
        generator=f"workbench {__version__}",
        article_id=selected_id,
        reviewer=reviewer,
        only_reviewed=only_reviewed,
        warnings=tuple(warnings),
        all_units=all_units,
        internal=internal,
    )


def _current_verdicts(
    claims: list[Claim], states: dict[str, dict[str, ClaimState]]
) -> dict[str, dict[str, str]]:
    """What ``ReviewStore.current_verdicts`` returns for the article, from the states
    already read (asking the store again would derive every reviewer's state anew)."""
    verdicts: dict[str, dict[str, str]] = {}
    for claim in claims:
        given = {name: s.verdict for name, s in states.get(claim.id, {}).items() if s.verdict}
        if given:
            verdicts[claim.id] = given
    return verdicts


def _check_reviewer(reviewer: str, states: dict[str, dict[str, ClaimState]]) -> None:
    known = sorted({name for by_reviewer in states.values() for name in by_reviewer})
    if reviewer not in known:
        listed = ", ".join(known) if known else "nobody has reviewed anything yet"
        raise ExportError(f"no reviews by {reviewer!r} in the selection (reviewers: {listed})")


def _claim_entry(
    claim: Claim,
    reviews: tuple[Review, ...],
    adjudication: SettledVerdict | None,
    history: list[HistoryEntry],
    reviewer: str | None,
) -> ClaimEntry:
    verdicts = [r for r in reviews if r.verdict]
    verdict = verdict_at = basis = None
    if adjudication is not None:
        verdict, verdict_at, basis = adjudication.verdict, adjudication.at, "adjudication"
    elif verdicts and len({r.verdict for r in verdicts}) == 1:
        # The claim's verdict dates from when the last reviewer agreed.
        verdict = verdicts[0].verdict
        verdict_at = max(r.verdict_at or "" for r in verdicts) or None
        basis = "unanimous"
    cited: dict[int, Evidence] = {}
    for review in reviews:
        for item in review.evidence:
            cited.setdefault(item.number, item)
    if reviewer is not None:
        history = [h for h in history if h.event.reviewer == reviewer]
    return ClaimEntry(
        claim=claim,
        reviews=reviews,
        adjudication=adjudication,
        verdict=verdict,
        verdict_at=verdict_at,
        basis=basis,
        evidence=tuple(cited[n] for n in sorted(cited)),
        history=tuple(history),
    )


class _EvidenceIndex:
    """Numbers evidence in order of first citation and resolves passages in bulk."""

    def __init__(
        self,
        store: ReviewStore,
        states: dict[str, dict[str, ClaimState]],
        reviewer: str | None,
    ) -> None:
        wanted = [
            passage
            for by_reviewer in states.values()
            for name, state in by_reviewer.items()
            if reviewer is None or name == reviewer
            for passage in state.passage_ids()
        ]
        self._passages = store.passages(wanted)
        sources = store.sources(sorted({p.source_id for p in self._passages.values()}))
        self._sources = {
            s.id: EvidenceSource(s.id, s.title, s.origin, s.url, s.publisher, s.published)
            for s in sources.values()
        }
        self._numbered: dict[tuple[str, ...], Evidence] = {}
        self.warnings: list[str] = []

    def items(self, cited: tuple[StoredEvidence, ...]) -> tuple[Evidence, ...]:
        return tuple(self._item(value) for value in cited)

    def _item(self, value: StoredEvidence) -> Evidence:
        if isinstance(value, PassageRef):
            key: tuple[str, ...] = ("passage", value.passage)
        else:
            key = ("url", value.url, value.quote)
        if key in self._numbered:
            return self._numbered[key]
        number = len(self._numbered) + 1
        if key[0] == "passage":
            passage = self._passages.get(key[1])
            if passage is None:
                self.warnings.append(
                    f"evidence passage {key[1]} is not in this database: "
                    "shown by id only (import its source to show the text)"
                )
                item = Evidence(number, key[1], None, None, None)
            else:
                source = self._sources.get(passage.source_id)
                item = Evidence(number, passage.id, passage.text, None, source)
        else:
            item = Evidence(number, None, key[2], key[1], None)
        self._numbered[key] = item
        return item

    def numbered(self) -> tuple[Evidence, ...]:
        return tuple(self._numbered.values())
