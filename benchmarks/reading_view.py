"""How fast the reading view (a) opens on a large article, driven headless with Pilot.

Builds (once, cached under /tmp) a database with one article of about 1 MB and 10,000
claims (the segmenter's own, from benchmarks/newsgen.py), then prints:
- the layout alone (``reading_layout``: printable text with each claim's place, then
  wrapping), which runs in a thread worker;
- from the key ``a`` handled: its action (main thread: what the next key waits for),
  the reading screen mounted, and the article laid out and drawn;
- a key pressed while the layout runs (30 ms after the screen is mounted): from the
  key sent to its action run;
- a cursor step (j) once laid out: key handled to frame drawn.

Run: .venv/bin/python benchmarks/reading_view.py [--rebuild]
"""

from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article_of_claims  # noqa: E402

WORK = Path("/tmp/workbench-reading-bench")
DB = WORK / "review.db"
RUNS = 5
STEPS = 200


def build() -> str:
    """The large database (reused between runs); returns the article id."""
    from review_db import ReviewStore
    from workbench.claims.extract import SEGMENTER_VERSION

    if DB.exists() and "--rebuild" not in sys.argv:
        with ReviewStore(DB) as store:
            return store.articles()[0].id
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    text, claims = article_of_claims(10_000, 170_000, seed=3)
    with ReviewStore(DB, create=True) as store:
        added = store.add_article(
            text, title="Benchmark", claims=claims, segmenter=SEGMENTER_VERSION
        )
    print(f"built {DB}: {len(text):,} characters, {len(claims):,} claims", flush=True)
    return added.article.id


def layout_alone(article_id: str) -> None:
    from review_db import ReviewStore
    from workbench.tui.reading_layout import shown_article, wrap

    with ReviewStore(DB) as store:
        text = store.article(article_id).text
        claims = store.claim_briefs(article_id)
    print(f"article: {len(text.encode()):,} bytes, {len(claims):,} claims")
    print("| step | median ms | max ms |\n|---|---:|---:|")
    shown_times, wrap_times = [], {78: [], 117: []}  # type: ignore[var-annotated]
    for _ in range(RUNS):
        start = time.perf_counter()
        shown = shown_article(text, claims)
        shown_times.append(time.perf_counter() - start)
        for width, times in wrap_times.items():
            start = time.perf_counter()
            wrap(shown.text, width)
            times.append(time.perf_counter() - start)
    rows = [("printable text and claim places", shown_times)]
    rows += [(f"wrap to {width} columns", times) for width, times in wrap_times.items()]
    for name, times in rows:
        print(f"| {name} | {statistics.median(times) * 1000:.0f} | {max(times) * 1000:.0f} |")


async def in_the_app(article_id: str) -> None:
    from textual import events
    from textual.screen import Screen

    from workbench.config import Config
    from workbench.tui.app import build_app
    from workbench.tui.screens.reading import ArticleView, ReadingScreen
    from workbench.tui.screens.review import ReviewScreen

    opened: list[float] = []
    mounted: list[float] = []
    drawn: list[float] = []
    during: list[float] = []
    steps: list[float] = []
    handled: list[float] = []  # when each j reached its action
    frames: list[float] = []  # when each frame was drawn
    original_step = ReadingScreen.action_step
    original_refresh = Screen._compositor_refresh

    def step(self: ReadingScreen, by: int) -> None:
        handled.append(time.perf_counter())
        original_step(self, by)

    def refreshed(self: Screen[object]) -> None:
        original_refresh(self)
        frames.append(time.perf_counter())

    ReadingScreen.action_step = step  # type: ignore[method-assign, assignment]
    Screen._compositor_refresh = refreshed  # type: ignore[method-assign, assignment]
    for _ in range(RUNS):
        app = build_app(DB, Config(), "bench", article_id)
        async with app.run_test(size=(120, 40)) as pilot:
            while not (isinstance(app.screen, ReviewScreen) and app.screen.claim is not None):
                await asyncio.sleep(0.005)
            await pilot.pause()
            review = app.screen
            handled.clear()
            before = time.perf_counter()
            review.action_read_article()  # what the key a runs
            opened.append(time.perf_counter() - before)
            screen = app.screen
            assert isinstance(screen, ReadingScreen)
            while not screen.query(ArticleView):
                await asyncio.sleep(0.001)
            mounted.append(time.perf_counter() - before)
            view = screen.query_one(ArticleView)
            await asyncio.sleep(0.03)  # the layout under way, as when the next key comes
            sent = time.perf_counter()
            app.post_message(events.Key("j", "j"))  # while the layout runs, as typed
            while not handled:
                await asyncio.sleep(0.0005)
            during.append(handled[0] - sent)
            assert view.lines is None, "laid out before the key: nothing measured"
            while view.lines is None:
                await asyncio.sleep(0.001)
            await pilot.pause()
            drawn.append(time.perf_counter() - before)
            handled.clear()
            frames.clear()
            for _ in range(STEPS // RUNS):
                await pilot.press("j")
                await pilot.pause()
            steps += [next(f for f in frames if f >= k) - k for k in handled]
            await pilot.press("q")
    ReadingScreen.action_step = original_step  # type: ignore[method-assign]
    Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
    print("\n| in the app (120x40) | median ms | max ms |\n|---|---:|---:|")
    for name, times in (
        ("key a: the action (main thread)", opened),
        ("key a to the reading screen mounted", mounted),
        ("a key pressed while laying out (30 ms in): sent to handled", during),
        ("key a to the article laid out and drawn", drawn),
        ("j once laid out: handled to frame drawn", steps),
    ):
        print(f"| {name} | {statistics.median(times) * 1000:.1f} | {max(times) * 1000:.1f} |")


def main() -> None:
    article_id = build()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (the timings stretch with it)")
    layout_alone(article_id)
    asyncio.run(in_the_app(article_id))


if __name__ == "__main__":
    main()
