"""Small modal screens: each asks one thing and returns it to the screen that asked.

Modals never touch the database; the review screen records what they return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Button, Input, Label, TextArea
from textual.worker import Worker

from ..safe_text import printable
from ..web_url import web_url_problem
from .wrapped_lines import wrap


class ConfirmModal(ModalScreen[bool]):
    """Yes or no, with the question asked plainly."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question))
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="error")
                yield Button("No (n)", id="no", variant="primary")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class MessageBody(Widget):
    """A message's body (help's table of keys, a claim's history), drawn once per width
    and kept.

    A ``Static`` measured its renderable anew for every height its containers asked
    for (three, with the dialog's auto heights) and drew it once more: with help's
    table of 40 keys that was most of the 0.3 s that opening help took on this project's
    2-core machine.
    """

    DEFAULT_CSS = "MessageBody { height: auto; }"

    def __init__(self, renderable: RenderableType) -> None:
        super().__init__()
        self.renderable = renderable
        self._wrapped: tuple[int, list[Strip]] | None = None

    def lines(self, width: int) -> list[Strip]:
        """The body as lines of ``width`` cells."""
        if self._wrapped is None or self._wrapped[0] != width:
            self._wrapped = (width, wrap(self.renderable, width, self.app.console))
        return self._wrapped[1]

    @property
    def text(self) -> str:
        """What the body shows, as text (at the width it has)."""
        return "\n".join(line.text.rstrip() for line in self.lines(self.size.width))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.lines(width))

    def render_line(self, y: int) -> Strip:
        lines = self.lines(self.size.width)
        if y < len(lines):
            return lines[y].apply_style(self.rich_style)
        return Strip.blank(self.size.width, self.rich_style)


class MessageModal(ModalScreen[None]):
    """An error or a longer message that needs reading before going on."""

    BINDINGS = [Binding("escape,enter,q", "dismiss_message", "Close", id="message-close")]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(printable(self.title_text, one_line=True), style="bold"))
            with VerticalScroll(classes="body"):
                yield MessageBody(self.body)
            yield Label(Text("escape to close", style="dim"))

    def action_dismiss_message(self) -> None:
        self.dismiss(None)


def worker_failed(worker: Worker[Any]) -> MessageModal:
    """The message for a background worker that failed: what it was doing, and why."""
    error = worker.error
    message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
    return MessageModal(
        f"{worker.description or 'Background work'} failed", Text(printable(message))
    )


class SavingModal(ModalScreen[None]):
    """Shown while quitting: everything given so far is being saved.  It has no keys of
    its own, so keys pressed after quit reach no verdict or navigation binding."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text("Saving your verdicts before quitting…", style="bold"))


class NoteModal(ModalScreen[str | None]):
    """Write a note: ctrl+s saves, escape cancels (asking first if text was typed)."""

    # Not priority bindings (the text area binds neither key): a priority binding runs as
    # its key arrives, ahead of letters typed before it that are still on their way to the
    # text area, so "ok ctrl+s" in one burst saved the note without "ok".
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note-save"),
        Binding("escape", "cancel", "Cancel", id="note-cancel"),
    ]

    def __init__(self, current: str | None, ordinal: int) -> None:
        super().__init__()
        self.current = current or ""
        self.ordinal = ordinal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                Text(f"Note on claim {self.ordinal}  (ctrl+s save · escape cancel)", "bold")
            )
            yield TextArea(self.current, id="note-text", soft_wrap=True)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        if self.query_one(TextArea).text == self.current:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmModal("Discard the text you typed?"), answered)


@dataclass(frozen=True)
class OutsideEvidence:
    url: str
    quote: str


class EvidenceModal(ModalScreen[OutsideEvidence | None]):
    """Evidence from outside the corpus: a web address and the words quoted from it.

    The address follows the one rule for evidence addresses (``web_url_problem``), so
    nothing typed here can break a link in a report.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="evidence-cancel")]

    def __init__(self, ordinal: int) -> None:
        super().__init__()
        self.ordinal = ordinal

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(f"Evidence for claim {self.ordinal} from outside the corpus", "bold"))
            yield Input(placeholder="https://…", id="evidence-url")
            yield Input(placeholder="the words quoted from it", id="evidence-quote")
            yield Label("", id="evidence-problem")
            yield Label(Text("enter saves · escape cancels", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        url = self.query_one("#evidence-url", Input).value.strip()
        quote = self.query_one("#evidence-quote", Input).value.strip()
        problem = self.query_one("#evidence-problem", Label)
        refused = web_url_problem(url)
        if refused is not None:
            problem.update(Text(f"Address refused: {refused}", "red"))
            self.query_one("#evidence-url", Input).focus()
        elif not quote:
            if event.input.id == "evidence-url":
                self.query_one("#evidence-quote", Input).focus()
            else:
                problem.update(Text("Give the words you are quoting", "red"))
        else:
            self.dismiss(OutsideEvidence(url, quote))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskModal(ModalScreen[str | None]):
    """One line of input (a claim number, a search): enter answers, escape cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask-cancel")]

    def __init__(self, prompt: str, placeholder: str = "", *, numbers: bool = False) -> None:
        super().__init__()
        self.prompt = prompt
        self.placeholder = placeholder
        self.numbers = numbers

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.prompt, style="bold"))
            yield Input(placeholder=self.placeholder, type="integer" if self.numbers else "text")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
