"""What a screen switch costs with Textual's Footer and with KeyFooter, in one run.

Drives the review screen headless with Pilot at 120x40 and times, for each footer in
turn (the screens built with Textual's ``Footer`` in place of ``KeyFooter``, then as
they are):
- the help (``?``) opened and closed (``escape``);
- the note dialog (``n``) opened and closed (``escape``);
- the go-to jump ``g 1 2 enter`` (from claim 1: an untimed ``g 1 enter`` goes back).

Each operation is timed from its first key to the last frame it paints (the app then
paints nothing for ``QUIET`` seconds), as the wall time and the main thread's CPU time
(``time.thread_time``, steadier on a shared machine); an operation of several keys sums
its steps (each key's wait for the frames it causes is not counted).  Pilot's own work
is in both columns and the same for both footers.  The two footers take turns, a block
of rounds each, ``BLOCKS`` times, so that a busy spell of the machine falls on both.

Uses the bundled demo database (30 claims, its sources), or with ``--large`` the
10,000-claim database of ``tui_speed.py`` (built by its ``build()`` into a directory
of this benchmark's own, the first time: several minutes).

Run: .venv/bin/python benchmarks/screen_switch.py [--large] [--rounds N] [--blocks N]
"""

from __future__ import annotations

import asyncio
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

SIZE = (120, 40)
QUIET = 0.12  # seconds without a frame that end an operation
ROUNDS = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 40
BLOCKS = int(sys.argv[sys.argv.index("--blocks") + 1]) if "--blocks" in sys.argv else 4
WARM_UP = 3
LARGE_WORK = Path("/tmp/workbench-screen-switch-bench")


def database() -> tuple[Path, str, str]:
    """The database to review, its article and how to describe it."""
    if "--large" in sys.argv:
        import tui_speed

        # tui_speed builds into module-level paths: point them at a directory of our own
        tui_speed.WORK, tui_speed.DB = LARGE_WORK, LARGE_WORK / "review.db"
        article_id = tui_speed.build()
        return tui_speed.DB, article_id, "tui_speed's database (10,000 claims)"
    from workbench.cli.tui import build_demo_database

    db_path = Path(tempfile.mkdtemp(prefix="screen-switch-")) / "demo.db"
    return db_path, build_demo_database(db_path), "the demo database (30 claims)"


@contextmanager
def footer_class(footer: type[Any]) -> Iterator[None]:
    """Screens composed inside the block yield ``footer`` where they yield KeyFooter."""
    from workbench.tui.key_footer import KeyFooter
    from workbench.tui.screens import articles, claim_screen, conflicts, overview, reading

    modules = (articles, claim_screen, conflicts, overview, reading)
    for module in modules:
        assert module.KeyFooter is KeyFooter, module  # type: ignore[attr-defined]
        module.KeyFooter = footer  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for module in modules:
            module.KeyFooter = KeyFooter  # type: ignore[attr-defined]


class Frames:
    """When each frame is painted (wall and main-thread CPU time), by hooking the
    screen's compositor refresh as tui_speed.py does."""

    def __init__(self) -> None:
        self.painted: list[tuple[float, float]] = []

    @contextmanager
    def recording(self) -> Iterator[None]:
        from textual.screen import Screen

        original = Screen._compositor_refresh

        def refreshed(screen: Screen[object]) -> None:
            original(screen)
            self.painted.append((time.perf_counter(), time.thread_time()))

        Screen._compositor_refresh = refreshed  # type: ignore[method-assign]
        try:
            yield
        finally:
            Screen._compositor_refresh = original  # type: ignore[method-assign]


async def step(
    pilot: Any, frames: Frames, keys: list[str], done: Callable[[], bool]
) -> tuple[float, float]:
    """Press ``keys``; once ``done()`` holds and no frame has come for QUIET seconds,
    the wall and CPU time from the first key to the last frame."""
    start_wall, start_cpu = time.perf_counter(), time.thread_time()
    seen = len(frames.painted)
    await pilot.press(*keys)
    deadline = start_wall + 10
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.005)
        if not done():
            continue
        after = frames.painted[seen:]
        last = after[-1][0] if after else start_wall
        if time.perf_counter() - last >= QUIET:
            break
    else:
        raise TimeoutError(f"{keys} did not settle")
    after = frames.painted[seen:]
    if not after:
        return 0.0, 0.0
    end_wall, end_cpu = after[-1]
    return end_wall - start_wall, end_cpu - start_cpu


async def measure(
    db_path: Path, article_id: str, footer: type[Any], rounds: int
) -> dict[str, list[tuple[float, float]]]:
    """Every operation ``rounds`` times with ``footer`` on the screens."""
    from workbench.config import Config
    from workbench.tui.app import build_app
    from workbench.tui.modals import AskModal, MessageModal, NoteModal
    from workbench.tui.passage_list import PassageList
    from workbench.tui.screens.review import ReviewScreen

    results: dict[str, list[tuple[float, float]]] = {"help": [], "note": [], "go to": []}
    frames = Frames()
    with footer_class(footer):
        app = build_app(db_path, Config(), "bench", article_id)
        async with app.run_test(size=SIZE) as pilot:
            screen = app.screen
            assert isinstance(screen, ReviewScreen)
            deadline = time.perf_counter() + 30
            while screen.claim is None or not screen.query_one(PassageList).matches:
                assert time.perf_counter() < deadline, "the first claim never showed"
                await pilot.pause(0.05)
            assert screen.query(footer), f"no {footer.__name__} on the review screen"

            def on(kind: type[Any]) -> Callable[[], bool]:
                return lambda: isinstance(app.screen, kind)

            def at(number: int) -> Callable[[], bool]:
                return lambda: (
                    app.screen is screen
                    and screen.claim is not None
                    and screen.claim.ordinal == number
                )

            back = lambda: app.screen is screen  # noqa: E731
            with frames.recording():
                await step(pilot, frames, ["g", "1", "enter"], at(1))
                for round_ in range(WARM_UP + rounds):
                    help_open = await step(pilot, frames, ["question_mark"], on(MessageModal))
                    help_close = await step(pilot, frames, ["escape"], back)
                    note_open = await step(pilot, frames, ["n"], on(NoteModal))
                    note_close = await step(pilot, frames, ["escape"], back)
                    go_to = [
                        await step(pilot, frames, ["g"], on(AskModal)),
                        await step(pilot, frames, ["1", "2"], on(AskModal)),
                        await step(pilot, frames, ["enter"], at(12)),
                    ]
                    await step(pilot, frames, ["g", "1", "enter"], at(1))  # untimed
                    if round_ < WARM_UP:
                        continue
                    for name, parts in (
                        ("help", [help_open, help_close]),
                        ("note", [note_open, note_close]),
                        ("go to", go_to),
                    ):
                        results[name].append((sum(p[0] for p in parts), sum(p[1] for p in parts)))
            await pilot.press("q")
    return results


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]  # nearest rank


def main() -> None:
    from textual.widgets import Footer

    from workbench.tui.key_footer import KeyFooter

    db_path, article_id, described = database()
    print(f"screen switches at {SIZE[0]}x{SIZE[1]} on {described}, {ROUNDS} rounds each "
          f"in {BLOCKS} blocks taking turns (each after {WARM_UP} untimed); "
          f"ms, median / p95")  # fmt: skip
    measured: dict[str, dict[str, list[tuple[float, float]]]] = {}
    for _ in range(BLOCKS):
        for footer in (Footer, KeyFooter):
            block = asyncio.run(measure(db_path, article_id, footer, ROUNDS // BLOCKS))
            for name, values in block.items():
                measured.setdefault(footer.__name__, {}).setdefault(name, []).extend(values)
    header = f"{'operation':<26} {'footer':<10} {'main-thread CPU':>17} {'wall':>17}"
    print(header)
    print("-" * len(header))
    names = {"help": "help: ? then escape", "note": "note: n then escape",
             "go to": "go to: g 1 2 enter"}  # fmt: skip
    for name, label in names.items():
        for index, (footer, results) in enumerate(measured.items()):
            wall = [w * 1000 for w, _ in results[name]]
            cpu = [c * 1000 for _, c in results[name]]
            print(
                f"{label if index == 0 else '':<26} {footer:<10} "
                f"{statistics.median(cpu):7.1f} / {_p95(cpu):6.1f}  "
                f"{statistics.median(wall):7.1f} / {_p95(wall):6.1f}"
            )


if __name__ == "__main__":
    main()
