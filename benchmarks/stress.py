"""Several reviewers on one database file at once: does every verdict arrive?

Starts WRITERS processes that each record VERDICTS verdicts on one shared file as fast as
they can (through the store, or through the `workbench verdict` command code with
--via cli), and READERS processes that meanwhile open the file afresh and read progress,
verdicts and conflicts in a loop, as `workbench status` would.  Then checks that every
event is there and that the file passes PRAGMA integrity_check, and prints timings and
events/s.  Exits non-zero if any check fails or any process met an error.

Run: .venv/bin/python benchmarks/stress.py [--writers 4] [--verdicts 500] [--readers 1]
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from newsgen import article  # noqa: E402

from review_db import ReviewStore  # noqa: E402
from workbench.claims.extract import SEGMENTER_VERSION, extract_claims  # noqa: E402

LABELS = ("True", "Mostly true", "Mixed", "Mostly false", "False")


@dataclass
class Report:
    """What one process did: how many operations, how long each took, what went wrong."""

    name: str
    done: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _write(
    db: str, name: str, verdicts: int, claims: list[str], via: str, start: Event, out: Queue
) -> None:
    report = Report(name)
    store = ReviewStore(db) if via == "store" else None
    start.wait()
    for i in range(verdicts):
        claim = claims[(i * 7 + len(name)) % len(claims)]
        label = LABELS[(i + len(name)) % len(LABELS)]
        began = time.perf_counter()
        try:
            if store is not None:
                store.record_events(name, [(claim, "verdict", {"label": label})])
            else:
                _cli_verdict(db, name, claim, label)
            report.done += 1
        except Exception as e:  # every failure is counted and shown, none hidden
            report.errors.append(f"{type(e).__name__}: {e}")
        report.latencies.append(time.perf_counter() - began)
    if store is not None:
        store.close()
    out.put(report)


def _cli_verdict(db: str, name: str, claim: str, label: str) -> None:
    """What `workbench verdict` does, in-process: session, config, store, output."""
    from click.testing import CliRunner

    from workbench.cli import cli

    args = ["--db", db, "verdict", claim, label, "--reviewer", name]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(result.output.strip())


def _read(db: str, name: str, start: Event, writers_done: Event, out: Queue) -> None:
    report = Report(name)
    start.wait()
    while not writers_done.is_set():
        began = time.perf_counter()
        try:
            with ReviewStore(db) as store:  # a fresh open each time, as a command does
                store.progress()
                store.verdicts_by_article()
                store.conflicts()
                store.data_version()
            report.done += 1
        except Exception as e:
            report.errors.append(f"{type(e).__name__}: {e}")
        report.latencies.append(time.perf_counter() - began)
    out.put(report)


def _prepare(db: Path) -> list[str]:
    text = article(2_000, seed=11)
    with ReviewStore(db, create=True) as store:
        added = store.add_article(
            text, title="Stress", claims=extract_claims(text), segmenter=SEGMENTER_VERSION
        )
        return [c.id for c in store.claims(added.article.id)]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def _latency(latencies: list[float]) -> str:
    if not latencies:
        return "-"
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"median {_ms(statistics.median(ordered))}, p99 {_ms(p99)}, max {_ms(ordered[-1])}"


def run(db: Path, writers: int, verdicts: int, readers: int, via: str) -> bool:
    """Run the stress test on ``db`` and print the figures; True if every check passed."""
    claims = _prepare(db)
    context = multiprocessing.get_context("spawn")
    start, writers_done, out = context.Event(), context.Event(), context.Queue()
    names = [f"reviewer{n}" for n in range(1, writers + 1)]
    procs = [
        context.Process(target=_write, args=(str(db), name, verdicts, claims, via, start, out))
        for name in names
    ]
    procs += [
        context.Process(target=_read, args=(str(db), f"reader{n}", start, writers_done, out))
        for n in range(1, readers + 1)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)  # let every process import and open the file before the start signal
    began = time.perf_counter()
    start.set()
    reports = [out.get() for _ in range(writers)]
    elapsed = time.perf_counter() - began
    writers_done.set()
    reports += [out.get() for _ in range(readers)]
    for p in procs:
        p.join()
    with ReviewStore(db) as store:
        counts = dict(
            store.conn.execute("SELECT reviewer, count(*) FROM events GROUP BY reviewer").fetchall()
        )
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
    write_reports = [r for r in reports if r.name in names]
    read_reports = [r for r in reports if r.name not in names]
    errors = [f"{r.name}: {e}" for r in reports for e in r.errors]
    events = sum(counts.values())
    expected = writers * verdicts
    every = all(counts.get(name) == verdicts for name in names)
    exit_codes = [p.exitcode for p in procs]

    print(f"stress: {writers} writers x {verdicts} verdicts (via {via}), {readers} reader(s)")
    print(f"  {'wall time (writers)':<24}{elapsed:.2f} s")
    print(f"  {'events in the database':<24}{events} of {expected} expected")
    print(f"  {'throughput':<24}{events / elapsed:.0f} events/s")
    print(f"  {'verdict latency':<24}{_latency([x for r in write_reports for x in r.latencies])}")
    reads = sum(r.done for r in read_reports)
    print(f"  {'reads during writes':<24}{reads}")
    print(f"  {'read latency':<24}{_latency([x for r in read_reports for x in r.latencies])}")
    print(f"  {'process errors':<24}{len(errors)}")
    print(f"  {'process exit codes':<24}{exit_codes}")
    print(f"  {'integrity_check':<24}{integrity}")
    for line in errors[:10]:
        print(f"    {line}")
    return not errors and every and events == expected and integrity == "ok" and not any(exit_codes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--verdicts", type=int, default=500, help="per writer")
    parser.add_argument("--readers", type=int, default=1)
    parser.add_argument("--via", choices=("store", "cli"), default="store")
    parser.add_argument("--db", type=Path, help="database to create (default: a temp file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "stress.db"
        ok = run(db, args.writers, args.verdicts, args.readers, args.via)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
