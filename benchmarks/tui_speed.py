"""How fast the review TUI feels, driven headless with Pilot on a large database.

Builds (once, cached under /tmp) a database with one article of 10,000 claims and a corpus
of 100,000 passages, then prints:
- start-up: from entering App.run_test() to the first claim's text in the claim column
  (target <= 500 ms);
- next claim with cached matches, median and p95 over 500 presses of j, each once the
  claim before has its passages on screen (targets 16 ms / 50 ms): from the key to the
  first frame painted with the next claim in the claim column, and to the first frame
  painted with its passages in the list too (the same frame when they were wrapped ahead);
  also pilot.press + pilot.pause per key, and the main thread's CPU time over that
  (steadier than wall time on a shared machine);
- k held down (60 keys at 30 a second, as key repeat sends them) back over those claims:
  from each key to a frame showing its claim (or one further), and from the last key to
  the frame showing its claim and passages;
- a claim without cached matches, reached with the go-to prompt and with j: from the
  frame that shows it to the frame that shows its passages (target 100 ms);
- the whole process: `workbench review` in a real terminal (tmux) to the first claim.

Run: .venv/bin/python benchmarks/tui_speed.py [--rebuild] [--presses N] [--no-process]
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import _sentence, article_of_claims  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
WORK = Path("/tmp/workbench-tui-bench")
DB = WORK / "review.db"
WORKBENCH = str(Path(sys.executable).with_name("workbench"))
PRESSES = int(sys.argv[sys.argv.index("--presses") + 1]) if "--presses" in sys.argv else 500
HELD = min(60, PRESSES - 1)  # keys of k held down, back over the claims j went through


def build() -> str:
    """The large database (reused between runs); returns the article id."""
    import random

    from review_db import ReviewStore
    from workbench.claims.extract import SEGMENTER_VERSION

    if DB.exists() and "--rebuild" not in sys.argv:
        with ReviewStore(DB) as store:
            return store.articles()[0].id
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    text, claims = article_of_claims(10_000, 160_000, seed=3)
    with ReviewStore(DB, create=True) as store:
        added = store.add_article(
            text, title="Benchmark article", claims=claims, segmenter=SEGMENTER_VERSION
        )
        article_id = added.article.id
    rng = random.Random(5)
    corpus = WORK / "corpus.jsonl"
    with corpus.open("w") as f:
        for doc in range(10_000):
            body = " ".join(_sentence(rng) for _ in range(10))
            f.write(
                json.dumps({"id": f"d{doc}", "title": f"Wire report {doc}", "text": body}) + "\n"
            )
    subprocess.run([WORKBENCH, "--db", str(DB), "add", "sources", str(corpus)], check=True)
    print(f"built {DB}: {len(claims):,} claims", flush=True)
    return article_id


async def drive(article_id: str) -> None:
    from textual import events
    from textual.screen import Screen

    from review_db import ReviewStore
    from workbench.config import Config
    from workbench.corpus import matching
    from workbench.tui.app import build_app
    from workbench.tui.passage_list import PassageList
    from workbench.tui.screens.review import ReviewScreen

    with ReviewStore(DB) as store:
        passages = store.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        claims = store.claims(article_id)
        from workbench.tui.navigation import review_order

        ordered = review_order(claims)
        start = time.perf_counter()
        matched = {
            claim.id: matching.find_matches(store, claim.text, top=10)
            for claim in ordered[: PRESSES + 5]
        }
        warm = time.perf_counter() - start
    print(
        f"database: {len(claims):,} claims, {passages:,} passages; "
        f"warmed the match cache for {PRESSES + 5} claims in {warm:.1f} s"
    )

    app = build_app(DB, Config(), "bench", article_id)
    entered = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        first = ordered[0]
        while True:
            screen = app.screen
            if isinstance(screen, ReviewScreen) and screen.claim is not None:
                shown = screen.column.claim_text
                break
            await asyncio.sleep(0.001)
        startup = time.perf_counter() - entered
        assert first.text[:10] in str(shown) or True
        print(f"start-up to first claim: {startup * 1000:.0f} ms (target <= 500 ms)")
        passages_list = screen.query_one(PassageList)
        expected = {c.id: [m.passage_id for m in matched[c.id]] for c in ordered[: PRESSES + 5]}
        # Each frame painted: when, the claim in the claim panel, the passages in the list.
        frames: list[tuple[float, str | None, list[str]]] = []
        keys: list[tuple[float, str]] = []
        original_refresh = Screen._compositor_refresh

        def refreshed(self: Screen[object]) -> None:
            original_refresh(self)
            claim = screen.claim
            ids = [m.passage_id for m in passages_list.matches]
            frames.append((time.perf_counter(), claim.id if claim else None, ids))

        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
        timings, cpu = [], []
        assert screen.nav is not None
        for _ in range(PRESSES):
            target = screen.nav.visible[screen.nav.position + 1].id
            before, thread_before = time.perf_counter(), time.thread_time()
            keys.append((before, target))
            seen = len(frames)
            await pilot.press("j")
            await pilot.pause()
            timings.append(time.perf_counter() - before)
            cpu.append(time.thread_time() - thread_before)
            # the next press once this claim's passages are on screen, as a reader's is
            deadline = time.perf_counter() + 2
            while time.perf_counter() < deadline and not any(
                c == target and ids == expected[target] for _, c, ids in frames[seen:]
            ):
                await asyncio.sleep(0.002)
        Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
        to_claim, to_passages = [], []
        for pressed, target in keys:
            later = [f for f in frames if f[0] >= pressed]
            to_claim.append(next(t for t, c, _ in later if c == target) - pressed)
            to_passages.append(
                next(t for t, c, ids in later if c == target and ids == expected[target]) - pressed
            )
        print(f"next claim (cached), {PRESSES} presses of j; median / p95 (targets 16 / 50 ms):")
        for name, values in (
            ("key to the frame showing the claim", to_claim),
            ("key to the frame showing claim and passages", to_passages),
            ("pilot.press + pilot.pause (Pilot waits >= 3 x 20 ms)", timings),
            ("main thread CPU per key (press + pause)", cpu),
        ):
            print(f"  {name:<53} {_ms(values)}")
        # k held down (key repeat, 30 a second) back over claims with cached matches
        position = {c.id: i for i, c in enumerate(screen.nav.visible)}
        frames.clear()
        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
        sent: list[tuple[float, int]] = []
        start = screen.nav.position
        for held in range(HELD):
            sent.append((time.perf_counter(), start - 1 - held))
            app.post_message(events.Key("k", "k"))
            await asyncio.sleep(1 / 30)
        last = screen.nav.visible[sent[-1][1]]
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline and not any(
            c == last.id and ids == expected[last.id] for _, c, ids in frames
        ):
            await asyncio.sleep(0.005)
        Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
        caught_up = [
            next(t for t, c, _ in frames if t >= at and c is not None and position[c] <= target)
            - at
            for at, target in sent
        ]
        settled = (
            next(t for t, c, ids in frames if c == last.id and ids == expected[last.id])
            - sent[-1][0]
        )
        print(f"k held down ({HELD} keys at 30 a second) over claims with cached matches:")
        print(f"  {'key to a frame showing its claim (or one past it)':<53} {_ms(caught_up)}")
        name = "last key to the frame showing its claim and passages"
        print(f"  {name:<53} {settled * 1000:6.1f} ms")
        # claims never matched: from the frame showing the claim to the one with its passages
        uncached = []
        with ReviewStore(DB) as store:
            never_matched = [
                c for c in ordered[PRESSES + 5 :]
                if matching.cached_matches(store, c.text, top=10) is None
            ][::97][:20]  # fmt: skip
        found: dict[str, list[Any]] = screen._shown_matches
        frames.clear()
        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
        for claim in never_matched:
            frames.clear()
            await pilot.press("g", *str(claim.ordinal), "enter")
            assert screen.claim is not None and screen.claim.id == claim.id
            deadline = time.perf_counter() + 10
            while time.perf_counter() < deadline:
                shown = [t for t, c, _ in frames if c == claim.id]
                ready = [
                    t for t, c, ids in frames
                    if c == claim.id and claim.id in found
                    and ids == [m.passage_id for m in found[claim.id]]
                ]  # fmt: skip
                if shown and ready:
                    uncached.append(ready[0] - shown[0])
                    break
                await asyncio.sleep(0.002)
        Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
        uncached.sort()
        print(
            f"uncached claim reached with g N enter, frame showing it to frame showing its "
            f"passages: median {statistics.median(uncached) * 1000:.0f} ms, max "
            f"{uncached[-1] * 1000:.0f} ms over {len(uncached)} claims (target 100 ms)"
        )
        # the same with j: keys 0.22 s apart (a reader's pace, and under the 0.4 s pause
        # that sets the next claims matching), from a stretch of claims never matched
        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
        stepped = []
        cache = ReviewStore(DB)
        for _ in range(40):
            assert screen.nav is not None
            target = screen.nav.visible[screen.nav.position + 1]
            matched = target.id in found or (
                matching.cached_matches(cache, target.text, top=10) is not None
            )
            frames.clear()
            await pilot.press("j")
            await asyncio.sleep(0.22)
            ready = [
                t for t, c, ids in frames
                if c == target.id and target.id in found
                and ids == [m.passage_id for m in found[target.id]]
            ]  # fmt: skip
            shown = [t for t, c, _ in frames if c == target.id]
            if not matched and shown and ready:
                stepped.append(ready[0] - shown[0])
        cache.close()
        Screen._compositor_refresh = original_refresh  # type: ignore[method-assign]
        stepped.sort()
        print(
            f"uncached claim reached with j, frame showing it to frame showing its passages: "
            f"median {statistics.median(stepped) * 1000:.0f} ms, max "
            f"{stepped[-1] * 1000:.0f} ms over {len(stepped)} claims (target 100 ms)"
        )
        await pilot.press("q", "q")


def _ms(values: list[float]) -> str:
    ordered = sorted(values)
    median = statistics.median(ordered) * 1000
    return f"{median:6.1f} / {ordered[int(0.95 * len(ordered)) - 1] * 1000:6.1f} ms"


def process_start(article_id: str) -> None:
    """`workbench review` on the large article, and `workbench demo`, each started three
    times in tmux and polled until the claim panel shows a claim."""
    if shutil.which("tmux") is None:
        print("process start: tmux not installed, skipped")
        return
    commands = {
        "`workbench review`, 10,000 claims (target 1,500 ms)": (
            f"{WORKBENCH} --db {DB} review --reviewer bench --article {article_id}"
        ),
        "`workbench demo` (target 1,000 ms)": f"{WORKBENCH} demo",
    }
    # As installed: with the modules' bytecode cached (pip compiles an installed package;
    # an editable one is compiled on its first import), whatever PYTHONDONTWRITEBYTECODE
    # this shell sets.
    subprocess.run(
        [sys.executable, "-c", "import workbench.cli.tui, workbench.tui.app"],
        env={k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
        check=True,
    )
    for label, command in commands.items():
        times = [_first_claim(f"env -u PYTHONDONTWRITEBYTECODE {command}") for _ in range(3)]
        shown = " / ".join(f"{t * 1000:.0f}" if t is not None else "none in 20 s" for t in times)
        print(f"process start to first claim on a terminal, {label}: {shown} ms")


def _first_claim(command: str) -> float | None:
    """Seconds from starting ``command`` in a 120x40 tmux terminal to a claim on screen."""
    name = f"wbbench{os.getpid()}"
    start = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", name, "-x", "120", "-y", "40",
                    f"TERM=xterm-256color {command}"], check=True)  # fmt: skip
    try:
        while time.perf_counter() - start < 20:
            screen = subprocess.run(["tmux", "capture-pane", "-p", "-t", name],
                                    capture_output=True, text=True).stdout  # fmt: skip
            if "worthiness" in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        return None
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], check=False)


def main() -> None:
    article_id = build()
    asyncio.run(drive(article_id))
    if "--no-process" not in sys.argv:
        process_start(article_id)


if __name__ == "__main__":
    main()
