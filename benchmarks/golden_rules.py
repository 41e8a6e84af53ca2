"""Segmentation quality: how many of the 48 English Golden Rules the segmenter passes.

Run: .venv/bin/python benchmarks/golden_rules.py  (reads ../shared/data/golden-rules-en.json)
"""

from __future__ import annotations

import json
from pathlib import Path

from workbench.segment import segment_sentences

GOLDEN = Path(__file__).resolve().parents[2] / "shared" / "data" / "golden-rules-en.json"


def main() -> None:
    cases = json.loads(GOLDEN.read_text())["cases"]
    passed = 0
    for case in cases:
        got = [case["text"][s.start : s.end] for s in segment_sentences(case["text"])]
        if got == case["sentences"]:
            passed += 1
        else:
            print(f"FAIL {case['text']!r}\n  expected {case['sentences']}\n  got      {got}")
    print(f"golden rules: {passed}/{len(cases)} ({100 * passed / len(cases):.1f}%)")


if __name__ == "__main__":
    main()
