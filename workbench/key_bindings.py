"""The TUI's key bindings by id, without the TUI: what ``keys:`` in a config may remap.

The config is validated before any screen exists (and by commands that never import
Textual), yet it must refuse an id no screen has and a key that would do two things on
one screen.  This table is that knowledge; ``tests/test_key_bindings.py`` compares
it with the bindings the screens declare, so the two cannot drift apart.

A binding belongs to a screen (or to the app, whose bindings work on every screen) and
has default keys, comma-separated as Textual writes them.  The verdict keys are made from
the scale: ``verdict-N`` on the review screen, ``adjudicate-N`` on the conflicts screen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

APP = "WorkbenchApp"  # bindings of the app itself: active on every screen


@dataclass(frozen=True)
class BindingSpec:
    """One binding a user can remap: its id, the screen that has it, its default keys
    and the action it runs (two ids with one action may share a key)."""

    id: str
    screen: str
    keys: str
    action: str


BINDINGS: tuple[BindingSpec, ...] = (
    BindingSpec("app-quit", APP, "ctrl+q", "request_quit"),
    BindingSpec("app-quit-ctrl-c", APP, "ctrl+c", "copy_or_quit"),
    BindingSpec("open-article", "ArticlesScreen", "enter", "open"),
    BindingSpec("refresh-articles", "ArticlesScreen", "r", "refresh"),
    BindingSpec("all-conflicts", "ArticlesScreen", "c", "conflicts"),
    BindingSpec("article-overview", "ArticlesScreen", "o", "overview"),
    BindingSpec("articles-help", "ArticlesScreen", "question_mark", "help"),
    BindingSpec("quit", "ArticlesScreen", "q", "quit_app"),
    BindingSpec("conflicts-next", "ConflictsScreen", "j", "move(1)"),
    BindingSpec("conflicts-previous", "ConflictsScreen", "k", "move(-1)"),
    BindingSpec("undo-adjudication", "ConflictsScreen", "u", "undo"),
    BindingSpec("hide-settled", "ConflictsScreen", "f", "toggle_settled"),
    BindingSpec("refresh-conflicts", "ConflictsScreen", "r", "refresh"),
    BindingSpec("conflicts-help", "ConflictsScreen", "question_mark", "help"),
    BindingSpec("conflicts-back", "ConflictsScreen", "q,escape", "back"),
    BindingSpec("ask-cancel", "AskModal", "escape", "cancel"),
    BindingSpec("confirm-yes", "ConfirmModal", "y", "answer(True)"),
    BindingSpec("confirm-no", "ConfirmModal", "n,escape", "answer(False)"),
    BindingSpec("evidence-cancel", "EvidenceModal", "escape", "cancel"),
    BindingSpec("message-close", "MessageModal", "escape,enter,q", "dismiss_message"),
    BindingSpec("note-save", "NoteModal", "ctrl+s", "save"),
    BindingSpec("note-cancel", "NoteModal", "escape", "cancel"),
    BindingSpec("next-claim", "ReviewScreen", "j", "move(1)"),
    BindingSpec("previous-claim", "ReviewScreen", "k", "move(-1)"),
    BindingSpec("next-claim-arrow", "ReviewScreen", "down", "move(1)"),
    BindingSpec("previous-claim-arrow", "ReviewScreen", "up", "move(-1)"),
    BindingSpec("next-unreviewed", "ReviewScreen", "J", "unreviewed(1)"),
    BindingSpec("previous-unreviewed", "ReviewScreen", "K", "unreviewed(-1)"),
    BindingSpec("note", "ReviewScreen", "n", "note"),
    BindingSpec("toggle-evidence", "ReviewScreen", "space", "toggle_evidence"),
    BindingSpec("outside-evidence", "ReviewScreen", "e", "outside_evidence"),
    BindingSpec("search", "ReviewScreen", "slash", "search"),
    BindingSpec("end-search", "ReviewScreen", "escape", "end_search"),
    BindingSpec("undo", "ReviewScreen", "u", "undo"),
    BindingSpec("filter", "ReviewScreen", "f", "cycle_filter"),
    BindingSpec("go-to", "ReviewScreen", "g", "go_to"),
    BindingSpec("history", "ReviewScreen", "h", "history"),
    BindingSpec("show-others", "ReviewScreen", "v", "toggle_others"),
    BindingSpec("conflicts", "ReviewScreen", "c", "conflicts"),
    BindingSpec("help", "ReviewScreen", "question_mark", "help"),
    BindingSpec("back", "ReviewScreen", "q", "back"),
    BindingSpec("toggle-article", "ReviewScreen", "w", "toggle_article"),
    BindingSpec("reuse-checked", "ReviewScreen", "r", "reuse_checked"),
    BindingSpec("read-article", "ReviewScreen", "a", "read_article"),
    BindingSpec("review-order", "ReviewScreen", "O", "switch_order"),
    BindingSpec("reading-next", "ReadingScreen", "j", "step(1)"),
    BindingSpec("reading-previous", "ReadingScreen", "k", "step(-1)"),
    BindingSpec("reading-next-arrow", "ReadingScreen", "down", "step(1)"),
    BindingSpec("reading-previous-arrow", "ReadingScreen", "up", "step(-1)"),
    BindingSpec("reading-review", "ReadingScreen", "enter", "review"),
    BindingSpec("reading-page-down", "ReadingScreen", "pagedown,ctrl+d", "page(1)"),
    BindingSpec("reading-page-up", "ReadingScreen", "pageup,ctrl+u", "page(-1)"),
    BindingSpec("reading-top", "ReadingScreen", "home", "top"),
    BindingSpec("reading-bottom", "ReadingScreen", "end", "bottom"),
    BindingSpec("reading-help", "ReadingScreen", "question_mark", "help"),
    BindingSpec("reading-back", "ReadingScreen", "q,escape", "back"),
    BindingSpec("overview", "ReviewScreen", "o", "overview"),
    # The overview: every unit of an article in one table.
    BindingSpec("overview-down", "OverviewScreen", "j", "move(1)"),
    BindingSpec("overview-up", "OverviewScreen", "k", "move(-1)"),
    BindingSpec("overview-down-arrow", "OverviewScreen", "down", "move(1)"),
    BindingSpec("overview-up-arrow", "OverviewScreen", "up", "move(-1)"),
    BindingSpec("overview-page-down", "OverviewScreen", "pagedown,ctrl+d", "page(1)"),
    BindingSpec("overview-page-up", "OverviewScreen", "pageup,ctrl+u", "page(-1)"),
    BindingSpec("overview-first", "OverviewScreen", "home", "edge(-1)"),
    BindingSpec("overview-last", "OverviewScreen", "end", "edge(1)"),
    BindingSpec("overview-open", "OverviewScreen", "enter", "open"),
    BindingSpec("overview-sort", "OverviewScreen", "s", "cycle_sort"),
    BindingSpec("overview-filter", "OverviewScreen", "f", "cycle_filter"),
    BindingSpec("overview-find", "OverviewScreen", "slash", "find"),
    BindingSpec("overview-show-others", "OverviewScreen", "v", "toggle_others"),
    BindingSpec("overview-help", "OverviewScreen", "question_mark", "help"),
    BindingSpec("overview-back", "OverviewScreen", "q", "back"),
    BindingSpec("overview-escape", "OverviewScreen", "escape", "escape"),
    # Scrolling, in the focused panel (claim, article) or the passage list.
    BindingSpec("scroll-up", "Panel", "pageup,ctrl+u", "page_up"),
    BindingSpec("scroll-down", "Panel", "pagedown,ctrl+d", "page_down"),
    BindingSpec("scroll-top", "Panel", "home", "scroll_home"),
    BindingSpec("scroll-bottom", "Panel", "end", "scroll_end"),
    # The claim column scrolls its boxes with the same ids (one remap moves both) and
    # tab goes from its claim box to its article box before leaving it.
    BindingSpec("scroll-up", "ClaimColumn", "pageup,ctrl+u", "page_up"),
    BindingSpec("scroll-down", "ClaimColumn", "pagedown,ctrl+d", "page_down"),
    BindingSpec("scroll-top", "ClaimColumn", "home", "scroll_home"),
    BindingSpec("scroll-bottom", "ClaimColumn", "end", "scroll_end"),
    BindingSpec("next-box", "ClaimColumn", "tab", "next_box"),
    BindingSpec("previous-box", "ClaimColumn", "shift+tab", "previous_box"),
    BindingSpec("passages-next", "PassageList", "down", "cursor_down"),
    BindingSpec("passages-previous", "PassageList", "up", "cursor_up"),
    BindingSpec("passages-first", "PassageList", "home", "first"),
    BindingSpec("passages-last", "PassageList", "end", "last"),
    BindingSpec("passages-page-up", "PassageList", "pageup,ctrl+u", "page_up"),
    BindingSpec("passages-page-down", "PassageList", "pagedown,ctrl+d", "page_down"),
    BindingSpec("passages-select", "PassageList", "enter", "select"),
)

# Bindings made per step of the verdict scale: (screen, id pattern, action pattern), each
# pattern formatted with the step's number from 1 (id) or index from 0 (action).
SCALE_BINDINGS: tuple[tuple[str, str, str], ...] = (
    ("ReviewScreen", "verdict-{number}", "verdict({index})"),
    ("ConflictsScreen", "adjudicate-{number}", "adjudicate({index})"),
)


def binding_table(scale_keys: Sequence[str]) -> dict[str, BindingSpec]:
    """Every binding id with its spec, the scale's included (``scale_keys`` in order)."""
    table = {spec.id: spec for spec in BINDINGS}
    for screen, id_pattern, action_pattern in SCALE_BINDINGS:
        for index, key in enumerate(scale_keys):
            binding_id = id_pattern.format(number=index + 1)
            action = action_pattern.format(index=index)
            table[binding_id] = BindingSpec(binding_id, screen, key, action)
    return table


def split_keys(keys: str) -> list[str]:
    """The keys of a binding written as Textual writes them (``"q,escape"``)."""
    return [key.strip() for key in keys.split(",") if key.strip()]


@dataclass(frozen=True)
class KeyClash:
    """A key that would run two actions on one screen once ``keys:`` is applied."""

    key: str
    screen: str
    remapped: str  # the remapped binding id that causes it
    other: str  # the binding id it collides with


def find_key_clash(
    table: Mapping[str, BindingSpec], remapped: Mapping[str, str]
) -> KeyClash | None:
    """A clash that remapping ``remapped`` (id -> keys) would make: the last remap that
    makes one (in a file, the second of two lines giving one key).

    Only clashes a remap causes count: the defaults are the TUI's own business.  A key of
    the app clashes on every screen; two ids running one action may share a key.
    """
    effective = {
        binding_id: split_keys(remapped.get(binding_id, spec.keys))
        for binding_id, spec in table.items()
    }
    for binding_id, keys in reversed(list(remapped.items())):
        mine = table[binding_id]
        for other_id, other in table.items():
            if other_id == binding_id or other.action == mine.action:
                continue
            if APP not in (mine.screen, other.screen) and mine.screen != other.screen:
                continue
            for key in split_keys(keys):
                if key in effective[other_id]:
                    screen = other.screen if mine.screen == APP else mine.screen
                    return KeyClash(key, screen, binding_id, other_id)
    return None
