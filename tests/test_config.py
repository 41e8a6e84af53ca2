"""Config files: the effective settings, and every broken file refused with file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.config import DEFAULT_SCALE, Config, find_config, load_config, parse_config
from workbench.errors import ConfigError

from .hostile import YAML_ATTACKS

BROKEN = sorted((Path(__file__).parent / "fixtures" / "config").glob("*.yaml"))


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_config_is_refused_with_file_line_and_reason(path: Path) -> None:
    expected = path.read_text().splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = caught.value.message
    assert message.startswith(str(path) + ":")
    assert re.search(re.escape(str(path)) + expected, message), message


def test_defaults_hold_the_seven_label_scale() -> None:
    config = Config()
    assert [e.label for e in config.scale] == [
        "True",
        "Mostly true",
        "Mixed",
        "Mostly false",
        "False",
        "Unverifiable",
        "Not a claim",
    ]
    assert [e.key for e in config.scale] == list("1234567")
    assert config.find_label("mostly-TRUE").label == "Mostly true"
    assert config.find_label("5").label == "False"
    with pytest.raises(ConfigError, match="valid labels: 'True' \\(1\\)"):
        config.find_label("maybe")


def test_printed_config_loads_back_to_the_same_settings(tmp_path: Path) -> None:
    custom = parse_config(
        "reviewer: ann\norganisation:\n  name: Desk\n  url: https://desk.example\n"
        "scale:\n  - {label: Correct, key: c, colour: green, rating: 1}\n"
        "  - {label: Wrong, key: w, colour: '#ff0000', rating: 0}\n",
        "custom.yaml",
    )
    path = tmp_path / "printed.yaml"
    path.write_text(custom.to_yaml())
    again = load_config(path)
    assert again.scale == custom.scale and again.reviewer == "ann"
    assert again.organisation == custom.organisation
    path.write_text(Config().to_yaml())
    assert load_config(path).scale == DEFAULT_SCALE


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    path = tmp_path / "workbench.yaml"
    path.write_text("# nothing yet\n")
    assert load_config(path).scale == DEFAULT_SCALE


def test_config_beside_the_database_is_found(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    assert find_config(None, db) is None
    (tmp_path / "workbench.yaml").write_text("reviewer: ann\n")
    assert find_config(None, db) == tmp_path / "workbench.yaml"
    assert find_config(tmp_path / "other.yaml", db) == tmp_path / "other.yaml"


def test_missing_and_unreadable_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(tmp_path / "nope.yaml")
    bad = tmp_path / "latin.yaml"
    bad.write_bytes("reviewer: Jos\xe9\n".encode("latin-1"))
    with pytest.raises(ConfigError, match="not UTF-8"):
        load_config(bad)


def test_keys_remap_bindings_by_id(tmp_path: Path) -> None:
    config = parse_config("keys:\n  next-claim: l\n  previous-claim: y\n", "k.yaml")
    assert config.keys == {"next-claim": "l", "previous-claim": "y"}
    with pytest.raises(ConfigError, match="k.yaml:1: keys must map binding ids"):
        parse_config("keys: [l, h]\n", "k.yaml")


def test_keys_may_swap_and_share_an_action() -> None:
    # Two remaps that trade keys clash with nothing once both apply; an arrow and j run
    # the same action, so giving j's binding the arrow's key is no clash.
    swapped = parse_config("keys:\n  next-claim: k\n  previous-claim: j\n", "k.yaml")
    assert swapped.keys == {"next-claim": "k", "previous-claim": "j"}
    shared = parse_config("keys:\n  next-claim: down\n", "k.yaml")
    assert shared.keys == {"next-claim": "down"}
    # The same key on another screen is another binding's business.
    assert parse_config("keys:\n  refresh-articles: n\n", "k.yaml").keys


def test_scale_keys_are_checked_against_remapped_keys() -> None:
    scale = "scale:\n  - {label: Correct, key: x, colour: green, rating: 1}\n"
    with pytest.raises(ConfigError, match="k.yaml:4: key 'x' would be bound to both 'undo'"):
        parse_config(scale + "keys:\n  undo: x\n", "k.yaml")
    assert parse_config(scale + "keys:\n  undo: '1'\n", "k.yaml").keys == {"undo": "1"}


def test_short_hex_colours_are_accepted_written_out() -> None:
    config = parse_config(
        "scale:\n  - {label: Correct, key: c, colour: '#0a3', rating: 1}\n", "c.yaml"
    )
    assert config.scale[0].colour == "#00aa33"
    with pytest.raises(ConfigError, match="c.yaml:2: scale item 1 colour '#0a' is not a colour"):
        parse_config("scale:\n  - {label: Correct, key: c, colour: '#0a', rating: 1}\n", "c.yaml")


_SCALE_ITEM = "scale:\n  - label: Correct\n    key: c\n    colour: green\n    rating: 1\n"


@pytest.mark.parametrize("name", sorted(YAML_ATTACKS))
@pytest.mark.parametrize("placement", ["top", "reviewer", "rating"])
def test_yaml_attacks_are_refused_with_file_and_line(name: str, placement: str) -> None:
    attack = YAML_ATTACKS[name]
    if placement == "reviewer":
        attack = attack.replace("verdicts:", "reviewer:")
    elif placement == "rating":
        attack = _SCALE_ITEM + attack.replace("verdicts:", "    rating:").replace(
            "\n  - label: x\n    rating:", ""
        )
    with pytest.raises(ConfigError) as caught:
        parse_config(attack, "c.yaml")
    assert re.match(r"c\.yaml:\d+: ", caught.value.message), caught.value.message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("reviewer: !!bool maybe\n", "c.yaml:1: tag !!bool is not allowed"),
        ("a: &a [*a]\n", "c.yaml:1: anchor &a is not allowed"),
        ("keys:\n  <<: {next-claim: l}\n", "c.yaml:2: merge key << is not allowed"),
        ("reviewer: " + "[" * 5_000 + "]" * 5_000, "c.yaml:1: nested more than 8 deep"),
        (
            _SCALE_ITEM.replace("rating: 1", "rating: " + "9" * 5_000),
            "c.yaml:5: scale item 1 rating: cannot read",
        ),
        (_SCALE_ITEM.replace("green", "2020-99-99"), "c.yaml:4: scale item 1 colour: cannot read"),
    ],
    ids=["tag", "alias", "merge-key", "deep", "huge-number", "bad-date"],
)
def test_beyond_plain_yaml_is_refused_before_anything_is_built(text: str, reason: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "c.yaml")
    assert caught.value.message.startswith(reason), caught.value.message


def test_text_that_is_not_text_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"c\.yaml:1: reviewer holds a lone surrogate"):
        parse_config('reviewer: "ann\\ud800"\n', "c.yaml")


def test_a_user_name_that_is_not_utf8_becomes_visible_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, "jos\udce9")
    assert Config().default_reviewer() == "jos\\xe9"


def test_review_order_is_article_unless_set(tmp_path: Path) -> None:
    assert Config().review.order == "article"
    assert parse_config("review: {}\n", "x.yaml").review.order == "article"
    config = parse_config("review:\n  order: worthiness\n", "x.yaml")
    assert config.review.order == "worthiness"
    path = tmp_path / "printed.yaml"
    path.write_text(config.to_yaml())
    assert load_config(path).review.order == "worthiness"
    with pytest.raises(ConfigError, match=r"^x\.yaml:1: review must be a mapping"):
        parse_config("review: worthiness\n", "x.yaml")
    with pytest.raises(ConfigError, match=r"^x\.yaml:2: review\.order must be a single value"):
        parse_config("review:\n  order: [article]\n", "x.yaml")
