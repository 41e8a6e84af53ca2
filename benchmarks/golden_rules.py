"""Segmentation quality: how many of the 48 English Golden Rules a segmenter passes.

Run: .venv/bin/python benchmarks/golden_rules.py [--passages]
(reads ../shared/data/golden-rules-en.json).  Without an option it measures the claims
segmenter; with --passages, the fast splitter that cuts sources into passages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from workbench.passages import split_passages
from workbench.segment import segment_sentences

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


if __name__ == "__main__":
    main()
