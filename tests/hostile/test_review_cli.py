"""Attacks on the review commands: hostile verdict labels from the config, hostile notes,
reviewer names and claim text echoed back, and evidence addresses that are not links."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_db import NewClaim, ReviewStore
from tests.conftest import Invoke
from workbench.claims.extract import SEGMENTER_VERSION

from . import MARKDOWN_LINK, MARKUP_ATTACKS, TERMINAL_ATTACKS, assert_inert

LABELS = MARKUP_ATTACKS  # a label holding a control character is refused (see below)


def _scale_yaml(labels: list[str]) -> str:
    lines = ["scale:"]
    for key, label in enumerate(labels, start=1):
        lines += [
            f"- label: {_yaml_string(label)}",
            f"  key: '{key}'",
            "  colour: '#2f9e44'",
            f"  rating: {key}",
        ]
    return "\n".join(lines) + "\n"


def _yaml_string(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (every non-printable as an escape)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in escaped) + '"'


@pytest.fixture
def hostile_config(tmp_path: Path) -> Path:
    """A scale whose labels are markup, keyed 1, 2, ..."""
    path = tmp_path / "hostile.yaml"
    path.write_text(_scale_yaml(list(LABELS.values())), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", sorted(TERMINAL_ATTACKS))
def test_a_label_or_reviewer_with_control_characters_is_refused_inert(
    name: str, run: Invoke, article_file: Path, tmp_path: Path
) -> None:
    """Such a label could never be recorded (the review log refuses it), so the config
    holding it is refused at once, with file and line, and the message stays inert."""
    attack = TERMINAL_ATTACKS[name]
    scale = tmp_path / "scale.yaml"
    scale.write_text(_scale_yaml(["True", f"Mixed{attack}"]), encoding="utf-8")
    reviewer = tmp_path / "reviewer.yaml"
    reviewer.write_text(f"reviewer: {_yaml_string('ann' + attack)}\n", encoding="utf-8")
    for config in (scale, reviewer):
        result = run("--config", str(config), "add", "article", str(article_file))
        assert result.exit_code == 1 and result.stderr.startswith("Error: "), result.output
        assert f"{config}:" in result.stderr and "control character" in result.stderr
        assert_inert(result.output)
    assert run("add", "article", str(article_file)).exit_code == 0
    result = run("verdict", "1", "true", "--reviewer", "ann" + attack)
    assert result.exit_code == 1 and "control character" in result.stderr
    assert_inert(result.output)


def test_hostile_labels_are_saved_and_shown_verbatim_but_inert(
    run: Invoke, article_file: Path, hostile_config: Path
) -> None:
    config = ("--config", str(hostile_config))
    assert run(*config, "add", "article", str(article_file)).exit_code == 0
    for key, (name, label) in enumerate(LABELS.items(), start=1):
        result = run(*config, "verdict", "2", str(key), "--note", label, "--reviewer", label)
        assert result.exit_code == 0, (name, result.output)
        assert_inert(result.output)
        if name in MARKUP_ATTACKS:  # data, not markup: printed exactly as configured
            assert f"Saved: {label} on claim #2" in result.stdout
            assert f"by {label}" in result.stdout
    for command in (("history", "2"), ("status",), ("undo", "--reviewer", LABELS["action"])):
        result = run(*config, *command)
        assert result.exit_code == 0, result.output
        assert_inert(result.output)
    history = run(*config, "history", "2").stdout
    for label in MARKUP_ATTACKS.values():
        assert repr(label) in history


def test_hostile_claim_text_is_echoed_inert(run: Invoke, db_path: Path) -> None:
    # Stored directly: an article file like this is refused as binary, a merge brings it.
    text = "".join(TERMINAL_ATTACKS.values()) + " is a claim."
    claims = [NewClaim(text, 0, len(text))]
    with ReviewStore(db_path, create=True) as store:
        store.add_article(text, title=text, claims=claims, segmenter=SEGMENTER_VERSION)
    for command in (
        ("verdict", "1", "true"),
        ("history", "1"),
        ("undo",),
        ("claims",),
        ("status",),
        ("export", "--format", "markdown"),
    ):
        result = run(*command)
        assert result.exit_code == 0, result.output
        assert_inert(result.output)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://ok.example/a b",
        "https://ok.example/\n[Click me](https://evil.example/phish)",
        f"https://ok.example/{MARKDOWN_LINK}",
        "https://ok.example/\x1b]2;PWNED\x1b\\",
        'https://ok.example/"onmouseover="x',
        "https://ok.example/<script>",
        "https://",
    ],
)
def test_evidence_url_must_be_a_plain_web_address(
    run: Invoke, article_file: Path, url: str
) -> None:
    run("add", "article", str(article_file))
    result = run("verdict", "2", "true", "--evidence-url", url, "--quote", "q")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --evidence-url ") and "refused" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert_inert(result.output)
    assert "no events yet" in run("history", "2").stdout  # nothing was saved
