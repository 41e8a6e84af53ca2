"""``--db`` and ``--config`` after the subcommand, as the README promises for every command."""

from __future__ import annotations

from pathlib import Path

from .conftest import Invoke


def test_db_after_the_subcommand(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    added = run("add", "article", str(article_file), "--db", str(other))
    assert added.exit_code == 0, added.output
    assert other.exists()
    listing = run("articles", "--db", str(other))
    assert listing.exit_code == 0, listing.output
    assert "Council approves new bridge" in listing.stdout
    # The default database (WORKBENCH_DB in the fixture) was never created.
    assert not (tmp_path / "review.db").exists()


def test_after_the_subcommand_wins(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    run("add", "article", str(article_file), "--db", str(other))
    missing = tmp_path / "missing.db"
    result = run("--db", str(missing), "claims", "--db", str(other))
    assert result.exit_code == 0, result.output
    assert "bridge" in result.stdout


def test_config_after_the_subcommand(run: Invoke, tmp_path: Path) -> None:
    custom = tmp_path / "custom.yaml"
    custom.write_text("reviewer: zoe\n", encoding="utf-8")
    shown = run("config", "--config", str(custom))
    assert shown.exit_code == 0, shown.output
    assert "reviewer: zoe" in shown.stdout


def test_broken_config_after_the_subcommand_stops_it(run: Invoke, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("reviewr: zoe\n", encoding="utf-8")
    result = run("claims", "--config", str(bad))
    assert result.exit_code != 0
    assert result.stderr.strip() == (
        f"Error: {bad}:1: unknown key 'reviewr' in the configuration (expected one of: "
        "reviewer, organisation, scale, keys, not_worth_checking, hub, matching, review)"
    )


def test_nested_commands_take_them_too(run: Invoke, article_file: Path, tmp_path: Path) -> None:
    result = run("hub", "init", "--help")
    assert "--db" in result.stdout and "--config" in result.stdout
