"""Small modal screens: each asks one thing and returns it to the screen that asked.

Modals never touch the database; the review screen records what they return.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import RenderableType
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea


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


class MessageModal(ModalScreen[None]):
    """An error or a longer message that needs reading before going on."""

    BINDINGS = [Binding("escape,enter,q", "dismiss_message", "Close", id="message-close")]

    def __init__(self, title: str, body: RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text(self.title_text, style="bold"))
            with VerticalScroll(classes="body"):
                yield Static(self.body)
            yield Label(Text("escape to close", style="dim"))

    def action_dismiss_message(self) -> None:
        self.dismiss(None)


class NoteModal(ModalScreen[str | None]):
    """Write a note: ctrl+s saves, escape cancels (asking first if text was typed)."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", id="note-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="note-cancel", priority=True),
    ]

    def __init__(self, current: str | None) -> None:
        super().__init__()
        self.current = current or ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Note on this claim  (ctrl+s save · escape cancel)", style="bold"))
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
    """Evidence from outside the corpus: a web address and the words quoted from it."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="evidence-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(Text("Evidence from outside the corpus", style="bold"))
            yield Input(placeholder="https://…", id="evidence-url")
            yield Input(placeholder="the words quoted from it", id="evidence-quote")
            yield Label("", id="evidence-problem")
            yield Label(Text("enter saves · escape cancels", style="dim"))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        url = self.query_one("#evidence-url", Input).value.strip()
        quote = self.query_one("#evidence-quote", Input).value.strip()
        problem = self.query_one("#evidence-problem", Label)
        if not url.lower().startswith(("http://", "https://")):
            problem.update(Text("The address must start with http:// or https://", "red"))
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
