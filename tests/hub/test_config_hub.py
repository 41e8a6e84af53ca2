"""`hub.url` in workbench.yaml: read, validated like every other key, written back."""

from __future__ import annotations

import pytest

from workbench.config import parse_config
from workbench.errors import ConfigError


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
