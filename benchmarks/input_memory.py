"""Peak memory of each command that reads user input, at and beyond the size limits.

Every input is read with its limit enforced while reading, so an endless or oversized
input stops early; this prints each command's peak RSS so the promise "under 200 MB
whatever the input" is a measurement.  Each case runs the real CLI in a child process;
``os.wait4`` reports that child's own high-water mark.

    python benchmarks/input_memory.py [--workdir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LIMIT_MB = 200
WORDS = (
    "the council voted on monday to build a new bridge costing million pounds officials "
    "said according to reports river flood warning residents evacuated hospital minister"
).split()


def _prose(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, total = [], 0
    while total < size:
        sentence = " ".join(rng.choice(WORDS) for _ in range(15)).capitalize() + ". "
        if rng.random() < 0.1:
            sentence += "\n\n"
        parts.append(sentence)
        total += len(sentence)
    return "".join(parts)[:size]


def _peak(args: list[str], stdin_path: str | None = None) -> tuple[float, float, int]:
    """Run the CLI; (peak RSS MB, seconds, exit status)."""
    command = [sys.executable, "-c", "from workbench.cli import main; main()", *args]
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL  # noqa: SIM115
    started = time.perf_counter()
    try:
        child = subprocess.Popen(
            command, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdin_path:
            stdin.close()  # type: ignore[union-attr]
    return usage.ru_maxrss / 1024, time.perf_counter() - started, child.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, help="where inputs are written (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = args.workdir or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        article = work / "article.txt"
        article.write_text(_prose(4_900_000))
        source = work / "source.txt"
        source.write_text(_prose(8 * 1024 * 1024 - 1000, seed=2))
        corpus = work / "corpus.jsonl"
        text = _prose(30_000_000, seed=3)
        with corpus.open("w") as f:
            for start in range(0, len(text), 20_000):
                part = text[start : start + 20_000]
                f.write(json.dumps({"id": str(start), "title": f"Doc {start}", "text": part}))
                f.write("\n")
        long_line = work / "long-line.jsonl"
        with long_line.open("wb") as f:
            f.truncate(1024 * 1024 * 1024)  # 1 GB of zero bytes and no newline, sparse on disk
        cases = [
            ("add article /dev/zero", ["add", "article", "/dev/zero"], None),
            ("add article - < /dev/zero", ["add", "article", "-"], "/dev/zero"),
            ("add sources /dev/zero", ["add", "sources", "/dev/zero"], None),
            ("match --claims-file /dev/zero", ["match", "--claims-file", "/dev/zero"], None),
            ("add article (4.9 MB, under the limit)", ["add", "article", str(article)], None),
            ("add sources (8 MB document)", ["add", "sources", str(source)], None),
            ("add sources (30 MB .jsonl)", ["add", "sources", str(corpus)], None),
            ("add sources (1 GB line, no newline)", ["add", "sources", str(long_line)], None),
        ]
        print(f"{'input':<40} {'peak MB':>8} {'seconds':>8} {'exit':>5}  under {LIMIT_MB} MB")
        for name, cli_args, stdin in cases:
            db = work / f"bench-{abs(hash(name))}.db"
            peak, seconds, status = _peak(["--db", str(db), *cli_args], stdin)
            verdict = "yes" if peak < LIMIT_MB else "NO"
            print(f"{name:<40} {peak:>8.1f} {seconds:>8.2f} {status:>5}  {verdict}")


if __name__ == "__main__":
    main()
