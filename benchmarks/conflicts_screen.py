"""How the conflicts screen feels on a large database, driven headless with Pilot.

Builds (once, cached under /tmp) a database with one article of 10,000 claims, three
reviewers who each judged every claim, 1,000 of them disputed (each reviewer with a note
and a passage as evidence), and a corpus of 2,000 passages.  Then, from the articles
screen, prints:
- open: from pressing c to the first conflict's detail on screen, and the longest the
  event loop was held (nothing on screen can change meanwhile);
- move: from pressing down to the next conflict's detail on screen, median and p95 over
  200 presses, and the longest hold;
- settle: from pressing a verdict key to "Settled: ..." on screen (committed first),
  median over 50 conflicts.

The same script measures the code it imports: run it with PYTHONPATH set to another
checkout for a baseline.

Run: .venv/bin/python benchmarks/conflicts_screen.py [--rebuild]
"""

from __future__ import annotations

import asyncio
import io
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

WORK = Path("/tmp/workbench-conflicts-bench")
DB = WORK / "review.db"
CLAIMS = 10_000
EVERY = 10  # one claim in ten is disputed
MOVES = 200
SETTLES = 50


def build() -> None:
    """The large database (reused between runs)."""
    from review_db import NewClaim, NewSource, ReviewStore
    from review_db.models import EvidenceAdd, Note, PassageRef, Verdict

    if DB.exists() and "--rebuild" not in sys.argv:
        return
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    sentences = [
        f"Claim {n} says the council spent {n * 37 % 9_000} pounds on repairs in ward {n % 40}."
        for n in range(CLAIMS)
    ]
    text, claims, at = "", [], 0
    for sentence in sentences:
        claims.append(NewClaim(sentence, at, at + len(sentence), "claim", 0.6))
        text += sentence + " "
        at += len(sentence) + 1
    with ReviewStore(DB, create=True) as store:
        article = store.add_article(text, title="Benchmark", claims=claims, segmenter="bench")
        sources = []
        for n in range(2_000):
            body = f"Report {n}: the ward {n % 40} repairs cost {n * 53 % 9_000} pounds."
            sources.append(NewSource(body, f"Ward report {n}", ((0, len(body)),)))
        store.add_sources(sources, segmenter="bench")
        passages = [row[0] for row in store.conn.execute("SELECT id FROM passages")]
        labels = ("True", "Mostly true", "False")
        for index, claim in enumerate(store.claims(article.article.id)):
            disputed = index % EVERY == 0
            for who, reviewer in enumerate(("ann", "bob", "cy")):
                label = labels[who] if disputed else "True"
                actions: list[Any] = [Verdict(label)]
                if disputed:
                    actions += [
                        Note(f"{reviewer} read report {index % 2_000} closely."),
                        EvidenceAdd(PassageRef(passages[(index + who) % len(passages)])),
                    ]
                store.record_actions(reviewer, [(claim.id, a) for a in actions])
    print(f"built {DB}: {CLAIMS:,} claims, {CLAIMS // EVERY:,} disputed", flush=True)


def shown_text(renderable: Any) -> str:
    from rich.console import Console

    console = Console(width=300, file=io.StringIO(), color_system=None)
    console.print(renderable)
    return console.file.getvalue()  # type: ignore[attr-defined, no-any-return]


class Hold:
    """The longest the event loop went without running a 1 ms ticker: how long the screen
    could not have reacted to anything."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def __enter__(self) -> Hold:
        self._task = asyncio.get_running_loop().create_task(self._tick())
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._task is not None
        self._task.cancel()


async def drive() -> None:
    from textual.widgets import Static

    from review_db import ReviewStore
    from workbench.config import Config
    from workbench.tui.app import build_app

    with ReviewStore(DB) as store:
        disputed = [c.claim_id for c in store.conflicts()]
        texts = {c.id: c.text for c in store.claims_with_ids(disputed)}
    updates: list[tuple[float, Any]] = []
    original_update = Static.update

    def update(self: Static, content: Any = "", **kwargs: Any) -> None:
        original_update(self, content, **kwargs)
        if self.id == "conflict":
            updates.append((time.perf_counter(), content))

    Static.update = update  # type: ignore[method-assign]

    async def shown(since: float, wanted: Callable[[str], bool]) -> float:
        """Seconds from ``since`` to the first update of the detail that ``wanted``."""
        seen = 0
        deadline = time.perf_counter() + 60
        while time.perf_counter() < deadline:
            for at, content in updates[seen:]:
                seen += 1
                if at >= since and wanted(shown_text(content)):
                    return at - since
            await asyncio.sleep(0.001)
        raise RuntimeError("the detail never showed it")

    app = build_app(DB, Config(), "judge")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with Hold() as hold:
            start = time.perf_counter()
            await pilot.press("c")
            first = texts[disputed[0]]
            opened = await shown(start, lambda text: first[:40] in text)
        print(f"database: {CLAIMS:,} claims, 3 reviewers, {len(disputed):,} conflicts")
        print(f"open (c to first detail):      {opened * 1000:7.0f} ms, "
              f"event loop held up to {hold.longest * 1000:.0f} ms")  # fmt: skip
        moves = []
        with Hold() as hold:
            for claim_id in disputed[1 : MOVES + 1]:
                start = time.perf_counter()
                await pilot.press("down")
                text = texts[claim_id]
                moves.append(await shown(start, lambda shown, t=text: t[:40] in shown))  # type: ignore[misc]
        moves.sort()
        print(f"move (down to next detail):   {statistics.median(moves) * 1000:7.1f} ms median, "
              f"p95 {moves[int(0.95 * len(moves)) - 1] * 1000:.1f} ms over {len(moves)}, "
              f"event loop held up to {hold.longest * 1000:.0f} ms")  # fmt: skip
        settles = []
        with Hold() as hold:
            for _ in range(SETTLES):
                start = time.perf_counter()
                await pilot.press("4")
                settled = await shown(start, lambda text: "Settled: Mostly false by judge" in text)
                settles.append(settled)
                await pilot.press("down")
        print(f"settle (4 to 'Settled' shown): {statistics.median(settles) * 1000:6.1f} ms "
              f"median over {len(settles)}, event loop held up to "
              f"{hold.longest * 1000:.0f} ms")  # fmt: skip
        await app.writes_saved()
    Static.update = original_update  # type: ignore[method-assign]


if __name__ == "__main__":
    build()
    import workbench

    print(f"code: {Path(workbench.__file__).parents[1]}")
    asyncio.run(drive())
