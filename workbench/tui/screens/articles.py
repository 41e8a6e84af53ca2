"""The articles screen: every article with this reviewer's progress; enter opens one."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import ColumnKey

from ...safe_text import printable
from ..key_footer import KeyFooter
from ..render import safe
from .base import BaseScreen


class ArticlesScreen(BaseScreen):
    """Pick an article to review."""

    BINDINGS = [
        Binding("enter", "open", "Review", id="open-article", show=True),
        Binding("r", "refresh", "Refresh", id="refresh-articles"),
        Binding("o", "overview", "Overview", id="article-overview"),
        Binding("c", "conflicts", "Conflicts", id="all-conflicts"),
        Binding("question_mark", "help", "Help", id="articles-help", key_display="?"),
        Binding("q", "quit_app", "Quit", id="quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="articles-intro")
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.title = "workbench"
        self.sub_title = printable(
            f"articles — reviewing as {self.workbench.reviewer}", one_line=True
        )
        table = self.query_one(DataTable)
        table.add_column("#", width=3)
        table.add_column("Title", width=self._title_width(), key="title")
        table.add_column("By you", width=9)
        table.add_column("By anyone", width=9)
        table.add_column("Flagged", width=7)
        table.add_column("Id", width=12)

    def _title_width(self) -> int:
        """What the other columns (40 cells, and 2 of padding each) leave of the screen
        for the title, so that every column fits in 80."""
        return max(12, self.size.width - 40 - 6 * 2 - 2)

    def on_resize(self, event: events.Resize) -> None:
        table = self.query_one(DataTable)
        column = table.columns.get(ColumnKey("title"))
        if column is not None and column.width != self._title_width():
            column.width = self._title_width()
            table.refresh()

    def on_screen_resume(self) -> None:
        """Shown (first time, or back from an article): read the list afresh, once."""
        self.action_refresh()

    def action_refresh(self) -> None:
        store = self.workbench.store
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        mine = {
            p.article_id: p.reviewed
            for p in store.progress()
            if p.reviewer == self.workbench.reviewer
        }
        flagged = store.flagged_counts()
        articles = store.articles()
        for number, article in enumerate(articles, start=1):
            done = mine.get(article.id, 0)
            table.add_row(
                Text(str(number), style="dim"),
                Text(printable(article.title, one_line=True), overflow="ellipsis", no_wrap=True),
                Text(f"{done}/{article.claims}", style="bold" if done else "dim"),
                Text(f"{article.reviewed}/{article.claims}", style="dim"),
                Text(f"⚑ {flagged[article.id]}", style="red") if flagged.get(article.id) else "",
                safe(article.id[:12], "dim"),
                key=article.id,
            )
        intro = (
            "No articles yet: import one with `workbench add article FILE`."
            if not articles
            else f"{len(articles)} article(s). Enter opens one; ? lists the keys."
        )
        self.query_one("#articles-intro", Static).update(Text(intro, style="italic"))
        if articles:
            table.move_cursor(row=min(row, len(articles) - 1))

    def _highlighted(self) -> str | None:
        table = self.query_one(DataTable)
        if table.row_count == 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_open(self) -> None:
        key = self._highlighted()
        if key is not None:
            self.workbench.open_article(key)

    def action_overview(self) -> None:
        """The highlighted article's units in a table; enter there opens its review
        screen at the unit chosen."""
        article = self._highlighted()
        if article is None:
            return

        def chosen(claim_id: str | None, show_others: bool) -> None:
            if claim_id is not None:
                self.workbench.open_article(article, claim_id, show_others=show_others)

        from .overview import OverviewScreen  # here: `review --article` starts sooner

        self.app.push_screen(OverviewScreen(article, leave=chosen))

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.workbench.open_article(event.row_key.value)

    def action_conflicts(self) -> None:
        self.workbench.open_conflicts(None)

    async def action_quit_app(self) -> None:
        await self.workbench.action_quit()
