"""Settling disagreements in the conflicts screen: see why reviewers disagree (flags,
verdicts, notes, chosen evidence), settle, change, take back; settled ones stay listed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import OptionList, Static

from review_db import ReviewStore
from workbench.tui.app import WorkbenchApp
from workbench.tui.modals import MessageBody, MessageModal
from workbench.tui.screens.conflicts import ConflictsScreen
from workbench.tui.screens.review import ReviewScreen

from ..hostile import (
    BIDI_OVERRIDE,
    CSI_CLEAR,
    MARKUP_ACTION,
    MARKUP_BOLD,
    MARKUP_LINK,
    OSC_TITLE,
    assert_inert,
)
from .conflict_data import SOURCE_TITLE, Disputed, write_disputes
from .conftest import plain, settle

MakeApp = Callable[..., WorkbenchApp]


def settlement(db_path: Path, claim_id: str) -> tuple[str, str] | None:
    """The claim's settled verdict and who gave it, as the database has it."""
    with ReviewStore(db_path) as store:
        found = store.adjudications(claim=claim_id).get(claim_id)
        return (found.verdict, found.adjudicator) if found else None


async def open_conflicts(app: WorkbenchApp, pilot: object) -> ConflictsScreen:
    """Press c and wait until the cases are read (in a worker)."""
    await pilot.press("c")  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, ConflictsScreen)
    await settle(pilot, lambda: screen.loaded)  # type: ignore[arg-type]
    return screen


async def to_claim(pilot: object, screen: ConflictsScreen, claim_id: str) -> None:
    """Highlight ``claim_id`` in the list with j."""
    ids = [option.id for option in screen.query_one(OptionList).options]
    for _ in range(ids.index(claim_id)):
        await pilot.press("j")  # type: ignore[attr-defined]
    assert screen.highlighted_case() is not None
    assert screen.highlighted_case().claim.id == claim_id  # type: ignore[union-attr]


def detail(screen: ConflictsScreen) -> str:
    return plain(screen.query_one("#conflict", Static))


def listed(screen: ConflictsScreen) -> list[str]:
    return [str(option.prompt) for option in screen.query_one(OptionList).options]


async def test_the_detail_shows_flags_verdicts_notes_and_chosen_evidence(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed = write_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert len(listed(screen)) == 2 and all("○" in line for line in listed(screen))
        await to_claim(pilot, screen, disputed.flagged.id)
        text = detail(screen)
        (flag,) = disputed.flagged.flags
        assert f"⚑ {flag.type}: " in text and flag.message[:30] in text
        assert "ann  True" in text and "bob  False" in text
        assert "The coastguard log says two died." in text
        assert "The mayor says three: not settled." in text
        # Evidence as the history shows it: a passage by source and excerpt, an outside
        # page by address and quote; never an id.
        assert f"{SOURCE_TITLE}: “Two people died" in text
        assert "https://herald.example/storm “three people were killed”" in text
        assert disputed.passage_id not in text
        assert "Open: a verdict key (1-7) settles it." in text


async def test_settle_change_and_undo(make_app: MakeApp, article_id: str, db_path: Path) -> None:
    disputed = write_disputes(db_path, article_id)
    claim = disputed.flagged.id
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        await to_claim(pilot, screen, claim)
        await pilot.press("4")
        await settle(pilot, lambda: settlement(db_path, claim) == ("Mostly false", "cy"))
        await settle(pilot, lambda: "Settled: Mostly false by cy on 20" in detail(screen))
        assert "u undoes it" in detail(screen)
        # Settled, it stays in the list, marked; the other stays open.
        await settle(pilot, lambda: sum("✓" in line for line in listed(screen)) == 1)
        assert len(listed(screen)) == 2
        await pilot.press("2")  # changed: the latest adjudication counts
        await settle(pilot, lambda: settlement(db_path, claim) == ("Mostly true", "cy"))
        await settle(pilot, lambda: "Settled: Mostly true by cy" in detail(screen))
        await pilot.press("u")  # back to the settlement it replaced
        await settle(pilot, lambda: settlement(db_path, claim) == ("Mostly false", "cy"))
        await settle(pilot, lambda: "Settled: Mostly false by cy" in detail(screen))
        await pilot.press("u")  # and open again
        await settle(pilot, lambda: settlement(db_path, claim) is None)
        await settle(pilot, lambda: "Open: a verdict key" in detail(screen))
        assert all("○" in line for line in listed(screen))
        await pilot.press("u")  # nothing left to undo: nothing written
        await app.writes_saved()
    with ReviewStore(db_path) as store:
        kinds = [entry.event.kind for entry in store.history(claim) if entry.event.reviewer == "cy"]
        (conflict,) = [c for c in store.conflicts(article_id) if c.claim_id == claim]
    assert kinds == ["adjudication", "adjudication", "undo", "undo"]  # the log only grew
    assert conflict.adjudicated is None


async def test_another_adjudicators_settlement_is_changed_not_undone(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed = write_disputes(db_path, article_id)
    claim = disputed.flagged.id
    with ReviewStore(db_path) as store:
        store.record_event(claim, "dee", "adjudication", {"label": "Mixed"})
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        await to_claim(pilot, screen, claim)
        text = detail(screen)
        assert "Settled: Mixed by dee" in text and "u undoes it" not in text
        await pilot.press("u")
        await app.writes_saved()
        assert settlement(db_path, claim) == ("Mixed", "dee")
        assert not isinstance(app.screen, MessageModal)  # refused with a notice, not an error
        await pilot.press("1")
        await settle(pilot, lambda: settlement(db_path, claim) == ("True", "cy"))
        await pilot.press("u")  # cy's own now: undone, and dee's settles it again
        await settle(pilot, lambda: settlement(db_path, claim) == ("Mixed", "dee"))
        await settle(pilot, lambda: "Settled: Mixed by dee" in detail(screen))


async def test_f_hides_the_settled_and_shows_them_again(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed = write_disputes(db_path, article_id)
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        await to_claim(pilot, screen, disputed.flagged.id)
        await pilot.press("5")
        await settle(pilot, lambda: any("✓" in line for line in listed(screen)))
        await pilot.press("f")
        assert len(listed(screen)) == 1 and "○" in listed(screen)[0]
        assert "settled hidden" in plain(screen.query_one("#conflicts-summary", Static))
        assert screen.highlighted_case().claim.id == disputed.plain.id  # type: ignore[union-attr]
        await pilot.press("f")
        assert len(listed(screen)) == 2
        # The highlight stays on the claim it was on.
        assert screen.highlighted_case().claim.id == disputed.plain.id  # type: ignore[union-attr]


async def test_a_settled_claim_stays_after_its_reviewers_agree(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed = write_disputes(db_path, article_id)
    claim = disputed.flagged.id
    with ReviewStore(db_path) as store:
        store.record_event(claim, "cy", "adjudication", {"label": "Mixed"})
        store.record_event(claim, "bob", "verdict", {"label": "True"})  # bob comes round
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        screen = await open_conflicts(app, pilot)
        await to_claim(pilot, screen, claim)
        assert "the reviewers agree now; this still decides the reports" in detail(screen)
        await pilot.press("u")
        await settle(pilot, lambda: settlement(db_path, claim) is None)
        await settle(pilot, lambda: "nothing to settle" in detail(screen))
        await pilot.press("r")  # read again: no longer a case
        await settle(pilot, lambda: len(listed(screen)) == 1)


async def test_hostile_notes_evidence_titles_and_names_are_text(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed = write_disputes(
        db_path,
        article_id,
        source_title=MARKUP_BOLD + BIDI_OVERRIDE,
        ann_note=MARKUP_ACTION + OSC_TITLE,
        quote=MARKUP_LINK + CSI_CLEAR,
    )
    with ReviewStore(db_path) as store:
        store.record_event(disputed.flagged.id, "[b]mallory[/b]", "verdict", {"label": "Mixed"})
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_conflicts(app, pilot)
        await to_claim(pilot, screen, disputed.flagged.id)
        text = detail(screen)
        assert_inert(text)
        for literal in (MARKUP_ACTION, MARKUP_LINK, MARKUP_BOLD, "[b]mallory[/b]"):
            assert literal in text
        assert "\\x1b" in text  # the escape shown as an escape, not sent
        assert app.return_code is None  # [@click=app.quit] did nothing
        for line in listed(screen):
            assert_inert(line)


async def test_no_conflicts_says_so(make_app: MakeApp, article_id: str) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert "No conflicts" in detail(screen)
        await pilot.press("4", "u", "j")  # keys with nothing to act on do nothing
        await app.writes_saved()
        assert isinstance(app.screen, ConflictsScreen)


async def test_help_lists_the_conflict_keys(make_app: MakeApp, article_id: str) -> None:
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conflicts(app, pilot)
        await pilot.press("question_mark")
        modal = app.screen
        assert isinstance(modal, MessageModal)
        body = modal.query_one(MessageBody).text
        keys = (("u", "Undo"), ("f", "Hide settled"), ("j", "Next"), ("4", "Settle: Mostly false"))
        for key, action in keys:
            assert any(
                line.split()[:1] == [key] and action in line for line in body.splitlines()
            ), (key, action)
        assert body.index("Settle: True") < body.index("Settle: Not a claim")


async def test_review_screen_undo_leaves_an_adjudication_alone(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    disputed: Disputed = write_disputes(db_path, article_id)
    claim = disputed.flagged
    with ReviewStore(db_path) as store:
        store.record_event(claim.id, "cy", "verdict", {"label": "Mixed"})
        store.record_event(claim.id, "cy", "adjudication", {"label": "Mixed"})
    app = make_app(article_id, reviewer="cy")
    async with app.run_test(size=(110, 32)) as pilot:
        await pilot.press("g", *str(claim.ordinal), "enter")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.claim is not None
        assert screen.claim.id == claim.id
        await pilot.press("u")  # the verdict on screen, not the adjudication out of sight
        await app.writes_saved()
    with ReviewStore(db_path) as store:
        assert store.claim_state(claim.id, "cy").verdict is None
    assert settlement(db_path, claim.id) == ("Mixed", "cy")


async def test_conflicts_other_reviewers_make_show_without_a_refresh(
    make_app: MakeApp, article_id: str, db_path: Path
) -> None:
    app = make_app(article_id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_conflicts(app, pilot)
        assert "No conflicts" in detail(screen)
        disputed = write_disputes(db_path, article_id)  # another process, meanwhile
        await settle(pilot, lambda: len(listed(screen)) == 2, seconds=5)
        shown = screen.highlighted_case()
        assert shown is not None and shown.claim.id in {disputed.flagged.id, disputed.plain.id}
        with ReviewStore(db_path) as store:  # bob changes his mind: no longer disputed
            store.record_event(disputed.plain.id, "bob", "verdict", {"label": "Mixed"})
        await settle(pilot, lambda: len(listed(screen)) == 1, seconds=5)
        assert list(screen.cases) == [disputed.flagged.id]
