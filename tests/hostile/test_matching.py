"""Hostile passage text through match's highlighting: every piece the styled output cuts
the passage into goes through ``printable``, so no attack survives a cut."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from review_db import NewSource, ReviewStore
from tests.conftest import Invoke
from tests.hostile import TERMINAL_ATTACKS, assert_inert
from workbench.cli import sources as sources_cli

_OUR_STYLES = re.compile(r"\x1b\[[0-9;]*m")  # click.style's own bold/underline codes


@pytest.mark.parametrize("attack", TERMINAL_ATTACKS.values(), ids=TERMINAL_ATTACKS.keys())
def test_highlighted_passages_stay_inert(
    run: Invoke, db_path: Path, monkeypatch: pytest.MonkeyPatch, attack: str
) -> None:
    text = f"River Esk flood{attack}defences held at Kettle{attack} Bridge on Sunday."
    with ReviewStore(db_path, create=True) as store:
        store.add_sources([NewSource(text, f"Esk{attack}", ((0, len(text)),))], segmenter="t")
    plain = run("match", "flood defences held at Kettle Bridge", "--min-score", "0")
    assert plain.exit_code == 0, plain.output
    assert_inert(plain.output)
    as_json = run("match", "flood defences held at Kettle Bridge", "--json", "--min-score", "0")
    (found,) = json.loads(as_json.output)["matches"]
    assert found["text"] == text
    assert all(0 <= a < b <= len(text) for a, b in found["highlights"])
    # On a terminal the passage is cut at every highlight; each cut is made printable.
    monkeypatch.setattr(sources_cli, "terminal_width", lambda: 100)
    span = tuple(found["span"])
    words = tuple(tuple(pair) for pair in found["highlights"])
    styled = sources_cli.highlight(text, span, words)  # type: ignore[arg-type]
    assert "\x1b[1m" in styled  # the shared words are bold
    assert_inert(_OUR_STYLES.sub("", styled))
