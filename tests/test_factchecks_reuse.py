"""Reusing a verdict checked before: one action, undoable, and reports that say so."""

from __future__ import annotations

import json

import pytest

from review_db import ReviewStore
from review_db.models import OutsideSource
from workbench.config import Config
from workbench.errors import UsageError
from workbench.export import render_report
from workbench.factchecks.checked import CheckedMatch, find_checked
from workbench.factchecks.reuse import reuse_label, reuse_verdict

from .conftest import add_text
from .test_factchecks_checked import LIBRARY, add_library

LABELS = [entry.label for entry in Config().scale]
CLAIM = "Ohio hired 4,200 nurses in 2023, Maria Lopez said."


def _match(store: ReviewStore) -> CheckedMatch:
    add_library(store)
    return find_checked(store, CLAIM)[0]


def test_reuse_records_verdict_and_evidence_as_one_undoable_action(store: ReviewStore) -> None:
    [claim] = add_text(store, CLAIM + "\n")
    match = _match(store)
    events = reuse_verdict(store, claim, "ann", match, LABELS)
    assert [e.kind for e in events] == ["verdict", "evidence-add"]
    assert len({e.at for e in events}) == 1
    state = store.claim_state(claim, "ann")
    assert state.verdict == "False"
    assert state.evidence == (OutsideSource("https://vfc.example/0", LIBRARY[0][0]),)
    assert events[0].value["reused_from"] == {
        "kind": "factcheck", "factcheck_id": match.ident, "verdict": "False",
        "by": "Vale Fact Check", "date": "2025-06-01", "url": "https://vfc.example/0",
    }  # fmt: skip
    assert len(store.undo("ann")) == 2
    assert store.claim_state(claim, "ann").verdict is None


def test_labels_match_the_scale_or_are_refused(store: ReviewStore) -> None:
    match = _match(store)
    assert reuse_label(match, ["TRUE", "FALSE"]) == "FALSE"
    with pytest.raises(UsageError, match="'False' is not a label of the verdict scale"):
        reuse_label(match, ["Correct", "Wrong"])


def test_an_earlier_review_is_reused_with_its_article_as_evidence(store: ReviewStore) -> None:
    first = add_text(store, "Crime in Leeds fell by 30 percent last year.\n")
    store.record_event(first[0], "bob", "verdict", {"label": "Mostly true"})
    store.add_article("Crime in Leeds fell 30% last year.", title="Second", claims=[],
                      segmenter="test")  # fmt: skip
    [match] = find_checked(store, "Crime in Leeds fell 30% last year.")
    assert match.kind == "review" and match.url is None  # the test article has no URL
    [event] = reuse_verdict(store, first[0], "ann", match, LABELS)
    assert event.value["reused_from"]["claim_id"] == first[0]


def test_reports_say_as_checked_by_whom_and_when(store: ReviewStore) -> None:
    [claim, other] = add_text(store, CLAIM + "\nA claim nobody reused.\n")
    reuse_verdict(store, claim, "ann", _match(store), LABELS)
    store.record_event(other, "ann", "verdict", {"label": "True"})
    config = Config()
    report = json.loads(render_report(store, config, "json").text)
    reused, plain = report["articles"][0]["claims"]
    assert reused["reused_from"]["by"] == "Vale Fact Check"
    assert reused["reused_from"]["date"] == "2025-06-01"
    assert plain["reused_from"] is None
    markdown = render_report(store, config, "markdown").text
    assert markdown.count("As checked by Vale Fact Check on 2025-06-01") == 1
    html = render_report(store, config, "html").text
    assert html.count('<p class="reused">As checked by Vale Fact Check on 2025-06-01</p>') == 1


def test_a_reuse_that_is_no_longer_the_verdict_is_not_reported(store: ReviewStore) -> None:
    [claim] = add_text(store, CLAIM + "\n")
    reuse_verdict(store, claim, "ann", _match(store), LABELS)
    store.record_event(claim, "ann", "verdict", {"label": "Mixed"})  # ann changes her mind
    report = json.loads(render_report(store, Config(), "json").text)
    assert report["articles"][0]["claims"][0]["reused_from"] is None
    store.undo("ann")
    report = json.loads(render_report(store, Config(), "json").text)
    assert report["articles"][0]["claims"][0]["reused_from"]["verdict"] == "False"
