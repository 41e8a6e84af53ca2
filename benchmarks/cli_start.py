"""How long the quick commands take to start: what a reviewer feels at every call.

Builds a small database from the bundled sample article (in a temporary folder), then
runs each command as a fresh process, REPEAT times after one warm-up, and prints a table
of wall-clock times (min, median, max) against the target of issue 16 (<= 0.3 s for
``--version``, ``verdict`` and ``claims``).  The ``verdict`` runs record real verdicts,
so each one writes as a reviewer's would.

With ``--imports`` it also prints the modules a command imports that cost the
most (``python -X importtime``), to find the next thing to import lazily.

Run: .venv/bin/python benchmarks/cli_start.py [--repeat N] [--imports] [--program SCRIPT]
(``--program`` times another checkout, e.g. a script that puts it first on sys.path).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "workbench" / "sample" / "article.txt"
TARGET_S = 0.3
TARGETED = ("--version", "verdict", "claims")
CONSOLE_SCRIPT = str(Path(sys.executable).with_name("workbench"))


def _commands(db: Path) -> list[tuple[str, list[str]]]:
    base = ["--db", str(db)]
    return [
        ("--version", ["--version"]),
        ("verdict", [*base, "verdict", "1", "true", "--reviewer", "bench"]),
        ("claims", [*base, "claims"]),
        ("articles", [*base, "articles"]),
        ("status", [*base, "status"]),
        ("history", [*base, "history", "1"]),
    ]


def _run(program: str, args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [program, *args],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    return time.perf_counter() - start


def _import_costs(
    program: str, args: list[str], env: dict[str, str], top: int = 12
) -> list[tuple[int, str]]:
    """The modules with the largest cumulative import time (microseconds) for a command."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", program, *args],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    costs = []
    for line in done.stderr.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            costs.append((int(parts[1]), parts[2].rstrip()))
    return sorted(costs, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--imports", action="store_true", help="also show the costliest imports")
    parser.add_argument(
        "--program",
        default=CONSOLE_SCRIPT,
        help="the workbench script to time (e.g. one that runs an older checkout)",
    )
    options = parser.parse_args()
    env = dict(os.environ)
    # An installed workbench runs from cached bytecode; with PYTHONDONTWRITEBYTECODE set
    # (some shells and sandboxes set it) every run would compile our modules again
    # (~60 ms), so the warm-up is allowed to write the cache.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "review.db"
        subprocess.run(
            [options.program, "--db", str(db), "add", "article", str(SAMPLE)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=env,
        )
        print(f"{'command':<11} {'min s':>6} {'median s':>9} {'max s':>6}  target")
        for name, args in _commands(db):
            _run(options.program, args, env)  # warm-up: bytecode caches and the OS file cache
            times = [_run(options.program, args, env) for _ in range(options.repeat)]
            target = f"<= {TARGET_S}" if name in TARGETED else ""
            verdict = ""
            if target:
                verdict = " ok" if statistics.median(times) <= TARGET_S else " MISSED"
            print(
                f"{name:<11} {min(times):6.3f} {statistics.median(times):9.3f} "
                f"{max(times):6.3f}  {target}{verdict}"
            )
        if options.imports:
            for name, args in _commands(db):
                if name not in TARGETED:
                    continue
                print(f"\ncostliest imports of {name} (cumulative ms):")
                for micros, module in _import_costs(options.program, args, env):
                    print(f"  {micros / 1000:8.1f}  {module}")


if __name__ == "__main__":
    main()
