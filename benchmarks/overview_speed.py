"""How fast the overview (``o``) feels on a 10,000-claim article, driven headless.

Uses the database of ``tui_speed.py`` (built once under /tmp), and prints:
- reading the rows (the worker's work: claims, everyone's states, the rows);
- from ``o`` to the overview on screen, and to its rows on screen;
- a key (``j``; ``s`` sorts, ``f`` filters all 10,000 rows) from handled to frame drawn,
  median and p95 (target 16 ms median, as for the review screen);
- the baseline that chose the table widget: Textual's DataTable given the same rows
  (main-thread time to take them and draw the first frame, and to refill for a sort).

Run: .venv/bin/python benchmarks/overview_speed.py [--rebuild]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tui_speed import DB, build  # noqa: E402

SIZE = (120, 40)
MOVES = 300


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def read_rows(article_id: str) -> float:
    from review_db import ReviewStore
    from workbench.tui.overview_rows import unit_rows

    with ReviewStore(DB) as store:
        start = time.perf_counter()
        rows = unit_rows(store.claims(article_id), store.states_for_article(article_id), "bench")
        took = time.perf_counter() - start
    assert len(rows) == 10_000
    return took


async def drive(article_id: str) -> dict[str, float | tuple[float, float]]:
    from textual import events
    from textual.screen import Screen

    from workbench.config import Config
    from workbench.tui.app import build_app
    from workbench.tui.screens.overview import OverviewScreen
    from workbench.tui.screens.review import ReviewScreen

    frames: list[float] = []
    screens: list[Screen[object]] = []  # which screen drew each frame
    original_refresh = Screen._compositor_refresh

    def refreshed(self: Screen[object]) -> None:
        original_refresh(self)
        frames.append(time.perf_counter())
        screens.append(self)

    def frame_after(moment: float) -> float:
        return next(f for f in frames if f >= moment) - moment

    results: dict[str, float | tuple[float, float]] = {}
    app = build_app(DB, Config(), "bench", article_id)
    Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
    try:
        async with app.run_test(size=SIZE) as pilot:
            while not (isinstance(app.screen, ReviewScreen) and app.screen.claim is not None):
                await asyncio.sleep(0.001)
            await pilot.pause(0.5)
            pressed = time.perf_counter()
            app.post_message(events.Key("o", "o"))
            while not isinstance(app.screen, OverviewScreen):
                await asyncio.sleep(0.0005)
            overview = app.screen
            while overview not in screens:
                await asyncio.sleep(0.0005)
            results["o to the overview on screen"] = frames[screens.index(overview)] - pressed
            while overview.rows is None:
                await asyncio.sleep(0.001)
            filled = time.perf_counter()
            while frames[-1] < filled:
                await asyncio.sleep(0.0005)
            results["o to its 10,000 rows on screen"] = filled + frame_after(filled) - pressed
            await pilot.pause(0.5)
            results["j: key handled to frame"] = await _keys(
                pilot, overview, "move", "j", MOVES, frame_after
            )
            results["s (sort 10,000 rows): key to frame"] = await _keys(
                pilot, overview, "cycle_sort", "s", 9, frame_after
            )
            results["f (filter 10,000 rows): key to frame"] = await _keys(
                pilot, overview, "cycle_filter", "f", 9, frame_after
            )
            await pilot.press("q", "q")
    finally:
        Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
    return results


async def _keys(
    pilot: object, screen: object, action: str, key: str, count: int,
    frame_after: Callable[[float], float],
) -> tuple[float, float]:  # fmt: skip
    """Median and p95 from an action's start to the next frame, over ``count`` presses."""
    cls = type(screen)
    original = getattr(cls, f"action_{action}")
    starts: list[float] = []

    def timed(self: object, *args: object) -> None:
        starts.append(time.perf_counter())
        original(self, *args)

    setattr(cls, f"action_{action}", timed)
    try:
        for _ in range(count):
            await pilot.press(key)  # type: ignore[attr-defined]
            await pilot.pause()  # type: ignore[attr-defined]
    finally:
        setattr(cls, f"action_{action}", original)
    took = sorted(frame_after(start) for start in starts)
    return statistics.median(took), took[max(0, int(0.95 * len(took)) - 1)]


async def data_table_baseline(article_id: str) -> tuple[float, float]:
    """DataTable given the overview's cells for 10,000 rows: main-thread seconds to take
    them and draw the first frame, then to clear and refill them (a re-sort)."""
    from rich.text import Text
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    from review_db import ReviewStore
    from workbench.tui.overview_rows import unit_rows

    with ReviewStore(DB) as store:
        rows = unit_rows(store.claims(article_id), store.states_for_article(article_id), "bench")
    cells = [
        [Text(str(r.ordinal)), Text(r.kind), Text(f"{r.worthiness:.2f}"),
         Text(f"⚑{len(r.flags)}" if r.flags else ""), Text(r.verdict or "·"), Text(""),
         Text(str(r.evidence or "")), Text("·"), Text(r.text, no_wrap=True, overflow="ellipsis")]
        for r in rows
    ]  # fmt: skip

    class Table(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

    app = Table()
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(DataTable)
        for width in (5, 7, 5, 3, 12, 20, 2, 3, 40):
            table.add_column("", width=width)
        start = time.perf_counter()
        table.add_rows(cells)
        await pilot.pause()
        first = time.perf_counter() - start
        start = time.perf_counter()
        table.clear()
        table.add_rows(list(reversed(cells)))
        await pilot.pause()
        refill = time.perf_counter() - start
    return first, refill


def main() -> None:
    article_id = build()
    print(f"overview of a 10,000-claim article at {SIZE[0]}x{SIZE[1]} ({DB})\n")
    print(f"{'measure':<44} {'median':>10} {'p95':>10}")
    print(f"{'reading the rows (in a worker)':<44} {_ms(read_rows(article_id)):>10}")
    for name, value in asyncio.run(drive(article_id)).items():
        if isinstance(value, tuple):
            print(f"{name:<44} {_ms(value[0]):>10} {_ms(value[1]):>10}")
        else:
            print(f"{name:<44} {_ms(value):>10}")
    first, refill = asyncio.run(data_table_baseline(article_id))
    print("\nbaseline: Textual DataTable, the same 10,000 rows, on the main thread")
    print(f"{'take the rows and draw the first frame':<44} {_ms(first):>10}")
    print(f"{'clear and refill them (a re-sort)':<44} {_ms(refill):>10}")


if __name__ == "__main__":
    main()
