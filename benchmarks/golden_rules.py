"""Segmentation quality: how many of the 48 English Golden Rules a segmenter passes.

Run: .venv/bin/python benchmarks/golden_rules.py [--passages]
(reads ../shared/data/golden-rules-en.json).  Without an option it measures the claims
segmenter; with --passages, the fast splitter that cuts sources into passages, and its
speed on generated news text.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from newsgen import article

from workbench.claims.segment import segment_sentences
from workbench.corpus.passages import split_passages

GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "golden-rules-en.json"


def main() -> None:
    passages = "--passages" in sys.argv[1:]
    cases = json.loads(GOLDEN.read_text())["cases"]
    passed = 0
    for case in cases:
        text = case["text"]
        if passages:
            got = [text[start:end] for start, end in split_passages(text)]
        else:
            got = [text[s.start : s.end] for s in segment_sentences(text)]
        if got == case["sentences"]:
            passed += 1
        else:
            print(f"FAIL {text!r}\n  expected {case['sentences']}\n  got      {got}")
    name = "passages" if passages else "claims"
    print(f"golden rules ({name}): {passed}/{len(cases)} ({100 * passed / len(cases):.1f}%)")
    if passages:
        text = article(2_000_000, seed=3)
        started = time.perf_counter()
        count = len(split_passages(text))
        seconds = time.perf_counter() - started
        print(
            f"speed: {len(text) / 1e6 / seconds:.1f} MB/s, {count / seconds:,.0f} passages/s "
            f"({len(text) / 1e6:.1f} MB of generated news)"
        )


if __name__ == "__main__":
    main()
