"""The reading view (a): the whole article with the claim on screen lit and in view, the
claims marked by verdict, j/k between claims, enter back to review the one lit, q back
to where the reviewer was; untrusted text shown inert with every claim in its place."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from review_db import ReviewStore
from review_db.models import NewClaim
from workbench.claims.extract import SEGMENTER_VERSION
from workbench.config import Config
from workbench.safe_text import printable
from workbench.tui.app import WorkbenchApp
from workbench.tui.modals import MessageModal
from workbench.tui.screens.reading import ArticleView, ReadingScreen
from workbench.tui.screens.review import ReviewScreen

from .conftest import add_article, plain, settle
from .test_key_bursts import burst, verdicts

MakeApp = Callable[..., WorkbenchApp]
CHECKABLE = ("claim", "quote")


def _review(app: WorkbenchApp) -> ReviewScreen:
    assert isinstance(app.screen, ReviewScreen) and app.screen.nav is not None
    return app.screen


async def _reading(app: WorkbenchApp, pilot: object) -> tuple[ReadingScreen, ArticleView]:
    """The reading view on screen, once laid out."""
    await settle(pilot, lambda: isinstance(app.screen, ReadingScreen))  # type: ignore[arg-type]
    screen = app.screen
    assert isinstance(screen, ReadingScreen)
    view = screen.query_one(ArticleView)
    await settle(pilot, lambda: view.lines is not None)  # type: ignore[arg-type]
    return screen, view


def _screen_lines(view: ArticleView) -> list[list[Segment]]:
    """The segments of every line the view shows now."""
    return [list(view.render_line(y)) for y in range(view.scrollable_content_region.height)]


def _styled(view: ArticleView, wanted: Callable[[Style], bool]) -> str:
    """The text on screen in cells whose style ``wanted`` accepts, lines joined by a
    space (a claim wrapped over lines reads as one)."""
    parts = []
    for line in _screen_lines(view):
        picked = "".join(s.text for s in line if s.style is not None and wanted(s.style))
        if picked:
            parts.append(picked)
    return " ".join(" ".join(parts).split())


def _lit(view: ArticleView) -> str:
    return _styled(view, lambda style: bool(style.reverse))


def _status(screen: ReadingScreen) -> str:
    return plain(screen.query_one("#reading-status"))  # type: ignore[arg-type]


def _article_order(db_path: Path, article_id: str) -> list[tuple[str, int, str, str]]:
    """(id, ordinal, kind, text) of every unit, in article order."""
    with ReviewStore(db_path) as store:
        return [(c.id, c.ordinal, c.kind, c.text) for c in store.claim_briefs(article_id)]


async def test_the_claim_on_screen_is_lit_and_in_view_at_80x24(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    units = _article_order(db_path, article_id)
    last = [u for u in units if u[2] == "claim"][-1]  # far down: the view must scroll
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("g", *str(last[1]), "enter")
        assert _review(app).claim is not None and _review(app).claim.id == last[0]  # type: ignore[union-attr]
        await pilot.press("a")
        screen, view = await _reading(app, pilot)
        await pilot.pause()
        assert view.scroll_y > 0
        assert _lit(view) == last[3]
        assert f"Claim {last[1]}" in _status(screen) and "not reviewed" in _status(screen)
        assert screen.sub_title == "reading: Storm"


async def test_j_and_k_step_through_claims_and_quotes_in_article_order(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    units = _article_order(db_path, article_id)
    checkable = [u for u in units if u[2] in CHECKABLE]
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        await pilot.press("g", *str(checkable[0][1]), "enter", "a")  # a summary bullet
        screen, view = await _reading(app, pilot)
        seen = [_lit(view)]
        for _ in range(len(checkable) - 1):
            await pilot.press("j")
            seen.append(_lit(view))  # each one lit and scrolled into view
        assert seen == [u[3] for u in checkable]  # headings, captions, credits skipped
        await pilot.press("down")  # at the end: stays, and says so
        assert _lit(view) == checkable[-1][3]
        await pilot.press("k", "up")
        assert _lit(view) == checkable[-3][3]
        await pilot.press("enter")
        assert app.screen is review
        assert review.claim is not None and review.claim.id == checkable[-3][0]
        assert f"Claim {checkable[-3][1]}" in review.column.claim_text


async def test_q_and_escape_return_to_the_claim_the_reviewer_was_on(
    make_app: MakeApp, article_id: str
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        await pilot.press("j", "j")
        here = review.claim
        for key in ("q", "escape"):
            await pilot.press("a")
            await _reading(app, pilot)
            await pilot.press("j", "j", "j", key)
            assert app.screen is review and review.claim == here


async def test_verdicts_show_in_their_colours_and_unreviewed_claims_underlined(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    units = _article_order(db_path, article_id)
    claims = [u for u in units if u[2] == "claim"]
    true_claim, false_claim, plain_claim = claims[0], claims[1], claims[2]
    heading = next(u for u in units if u[2] == "heading" and len(u[3]) > 20)
    with ReviewStore(db_path) as store:
        store.record_event(true_claim[0], "ann", "verdict", {"label": "True"})
        store.record_event(false_claim[0], "ann", "verdict", {"label": "False"})
        store.record_event(plain_claim[0], "bob", "verdict", {"label": "False"})  # not ann's
    colours = {entry.label: entry.colour for entry in Config().scale}
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        _, view = await _reading(app, pilot)
        await pilot.press("j", "j", "j")  # the cursor off the three claims

        def coloured(colour: str) -> Callable[[Style], bool]:
            return lambda s: s.color is not None and s.color.name == colour

        assert _styled(view, coloured(colours["True"])) == true_claim[3]
        assert _styled(view, coloured(colours["False"])) == false_claim[3]
        underlined = _styled(view, lambda s: bool(s.underline) and not s.reverse)
        assert plain_claim[3] in underlined  # bob's verdict is not ann's
        assert true_claim[3] not in underlined and heading[3] not in underlined
        verdict_colours = set(colours.values())
        marked = _styled(
            view,
            lambda s: (
                bool(s.underline or s.reverse)
                or (s.color is not None and s.color.name in verdict_colours)
            ),
        )
        assert heading[3] not in marked  # headings and the like stay plain


async def test_escapes_bidi_and_markup_are_shown_inert_and_claims_lit_in_place(
    make_app: MakeApp, db_path: Path
) -> None:
    text = (
        "Intro \x1b[2J\x1b]0;owned\x07 and \u202eevil\u202c [bold]text[/bold].\n\n"
        "The council \x1b[31msaid\x1b[0m 40 homes \u2067flooded\u2069 on Tuesday.\n\n"
        "A second \u200fclaim [link=https://evil.example]here[/link] said 12 people died.\n\n"
        "The mayor said repairs would cost £2.4 million.\n"
    )
    article_id = add_article(db_path, text)
    units = _article_order(db_path, article_id)
    checkable = [u for u in units if u[2] in CHECKABLE]
    assert len(checkable) >= 3
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        _, view = await _reading(app, pilot)
        shown = "".join(s.text for line in _screen_lines(view) for s in line)
        assert "\x1b" not in shown and "\u202e" not in shown and "\u2067" not in shown
        assert "\\x1b[2J" in shown and "[bold]text[/bold]" in shown and "\\u202eevil" in shown
        for index, unit in enumerate(checkable):
            if index:
                await pilot.press("j")
            assert _lit(view) == " ".join(printable(unit[3]).split())


async def test_keys_in_a_burst_act_on_the_claim_lit_when_each_is_handled(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    units = _article_order(db_path, article_id)
    checkable = [u for u in units if u[2] in CHECKABLE]
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        first = [u[0] for u in checkable].index(review.claim.id)  # type: ignore[union-attr]
        there = checkable[first + 2]
        # A verdict, the reading view, two claims on, back to review it, a verdict there.
        burst(app, "1", "a", "j", "j", "enter", "5", "a")
        screen, view = await _reading(app, pilot)
        await app.writes_saved()
        assert verdicts(db_path) == {checkable[first][1]: "True", there[1]: "False"}
        assert review.claim is not None and review.claim.id == there[0]
        false = Config().scale[4].colour
        await settle(pilot, lambda: "False" in _status(screen))
        lit = _styled(view, lambda s: bool(s.reverse) and s.color is not None)
        assert lit == there[3] and all(
            s.style.color.name == false  # type: ignore[union-attr]
            for line in _screen_lines(view)
            for s in line
            if s.style is not None and s.style.reverse and s.text.strip()
        )


async def test_the_view_lays_out_again_when_the_terminal_is_resized(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    last = [u for u in _article_order(db_path, article_id) if u[2] == "claim"][-1]
    app = make_app(article_id)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("g", *str(last[1]), "enter", "a")
        _, view = await _reading(app, pilot)
        wide = view.lines
        assert wide is not None and wide.width == 117  # padding and the scroll bar off
        await pilot.resize_terminal(80, 24)
        await settle(pilot, lambda: view.lines is not None and view.lines.width == 77)
        await pilot.pause()
        assert _lit(view) == last[3]  # still in view
        for line in _screen_lines(view):
            assert sum(len(s.text) for s in line) == 77


async def test_page_keys_scroll_and_leave_the_cursor(make_app: MakeApp, db_path: Path) -> None:
    app = make_app(_store_big_article(db_path, 300))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a")
        screen, view = await _reading(app, pilot)
        lit = screen.claim
        assert view.max_scroll_y > 0
        await pilot.press("pagedown")
        assert view.scroll_y > 0
        await pilot.press("home")
        assert view.scroll_y == 0
        await pilot.press("ctrl+d", "ctrl+d")
        two_pages = view.scroll_y
        assert two_pages == 2 * view.scrollable_content_region.height
        await pilot.press("ctrl+u")
        assert view.scroll_y == two_pages / 2
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("pageup")
        assert 0 < view.scroll_y < view.max_scroll_y
        assert screen.claim == lit


def _help_rows(table: object) -> dict[str, str]:
    """Action -> key, as the help lists them."""
    assert isinstance(table, Table)
    keys, actions = (
        [c.plain if isinstance(c, Text) else str(c) for c in column.cells]
        for column in table.columns[:2]
    )
    return dict(zip(actions, keys, strict=True))


async def test_help_lists_the_reading_keys(make_app: MakeApp, article_id: str) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(80, 24)) as pilot:
        assert _help_rows(_review(app).help_table())["Read the article"] == "a"
        await pilot.press("a")
        screen, _ = await _reading(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, MessageModal)
        rows = _help_rows(screen.help_table())
        assert rows["Next claim"] == "j ↓" and rows["Review this claim"] == "⏎"
        assert rows["Page down"] == "pgdn ^d" and rows["End of the article"] == "end"
        assert rows["Back"] == "q esc"
        keys = list(rows.values())
        assert len(keys) == len(set(keys)), keys


def _big_article(claims: int) -> tuple[str, list[NewClaim]]:
    """An article of ``claims`` one-sentence paragraphs (about 400 kB), made by hand: the
    segmenter would take a minute over it."""
    sentences = [f"Report {n} says {n % 97} homes flooded in ward {n % 13}." for n in range(claims)]
    text, made = "", []
    for sentence in sentences:
        made.append(NewClaim(sentence, len(text), len(text) + len(sentence), worthiness=0.5))
        text += sentence + "\n\n"
    return text, made


def _store_big_article(db_path: Path, claims: int) -> str:
    text, made = _big_article(claims)
    with ReviewStore(db_path, create=True) as store:
        added = store.add_article(text, title="Big", claims=made, segmenter=SEGMENTER_VERSION)
        return added.article.id


async def test_a_large_article_opens_and_takes_keys_while_it_is_laid_out(
    make_app: MakeApp, db_path: Path
) -> None:
    app = make_app(_store_big_article(db_path, 10_000))
    _, claims = _big_article(10_000)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        # Keys pressed while the view is still laid out are taken as usual.
        burst(app, "a", *"jjjjj", "enter", "a", "end", "k")
        screen, view = await _reading(app, pilot)
        assert review.claim is not None and review.claim.ordinal == 6
        await settle(pilot, lambda: "Claim 5" in _status(screen))
        assert _lit(view) == claims[4].text
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y and view.max_scroll_y > 10_000


async def test_an_article_without_claims_reads_and_says_so(
    make_app: MakeApp, db_path: Path
) -> None:
    with ReviewStore(db_path, create=True) as store:
        added = store.add_article(
            "Nothing here was split.\n", title="Empty", claims=[], segmenter=SEGMENTER_VERSION
        )
    app = make_app(added.article.id)
    async with app.run_test(size=(80, 24)) as pilot:
        review = _review(app)
        await pilot.press("a")
        screen, view = await _reading(app, pilot)
        assert "This article has no claims." in _status(screen)
        assert "Nothing here was split." in "".join(s.text for s in _screen_lines(view)[0])
        await pilot.press("j", "enter")
        assert app.screen is review
