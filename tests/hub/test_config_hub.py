"""`hub.url` in workbench.yaml: read, validated like every other key, written back."""

from __future__ import annotations

from pathlib import Path

import pytest

from review_db import ReviewStore
from workbench.config import Config, parse_config
from workbench.errors import ConfigError
from workbench.tui.app import build_app


def test_hub_url_is_read_and_written_back() -> None:
    config = parse_config("hub:\n  url: postgresql://ann@db.example/factcheck\n", "w.yaml")
    assert config.hub_url == "postgresql://ann@db.example/factcheck"
    assert parse_config(config.to_yaml(), "again.yaml").hub_url == config.hub_url
    assert parse_config("reviewer: ann\n", "w.yaml").hub_url is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hub:\n  uri: x\n", "w.yaml:2: unknown key 'uri' in hub (expected one of: url)"),
        ("hub: postgresql://x\n", "w.yaml:1: hub must be a mapping of keys to values"),
        ("hub:\n  url: ''\n", "w.yaml:2: hub.url must not be empty"),
    ],
)
def test_a_broken_hub_setting_names_file_and_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "w.yaml")
    assert caught.value.message == message


def test_the_tui_finds_the_hub_as_sync_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$WORKBENCH_HUB, else hub.url (the order `workbench sync` follows); no hub, no
    sync."""
    db = tmp_path / "r.db"
    ReviewStore(db, create=True).close()
    configured = parse_config("hub:\n  url: postgresql://ann@config.example/x\n", "w.yaml")
    monkeypatch.delenv("WORKBENCH_HUB", raising=False)
    assert build_app(db, Config(), "ann").hub_sync is None
    app = build_app(db, configured, "ann")
    assert app.hub_sync is not None and app.hub_sync.dsn.endswith("@config.example/x")
    monkeypatch.setenv("WORKBENCH_HUB", " postgresql://ann@env.example/x ")
    app = build_app(db, configured, "ann")
    assert app.hub_sync is not None and app.hub_sync.dsn == "postgresql://ann@env.example/x"
