"""The UI-free binding table (what config checks ``keys:`` against) matches the TUI."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import workbench.tui
from workbench.config import DEFAULT_SCALE
from workbench.key_bindings import BINDINGS, binding_table, find_key_clash


def _declared_bindings() -> set[tuple[str, str, str, str]]:
    """(id, class, keys, action) of every Binding a class of ``workbench.tui`` declares."""
    found = set()
    for module_info in pkgutil.walk_packages(workbench.tui.__path__, "workbench.tui."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                assert isinstance(binding, Binding) and binding.id, (name, binding)
                found.add((binding.id, name, binding.key, binding.action))
    return found


def test_the_table_lists_every_binding_the_screens_declare() -> None:
    table = {(b.id, b.screen, b.keys, b.action) for b in BINDINGS}
    declared = _declared_bindings()
    assert declared - table == set(), "add these to workbench/key_bindings.py BINDINGS"
    assert table - declared == set(), "these are in BINDINGS but no screen declares them"


def test_scale_bindings_follow_the_scale() -> None:
    table = binding_table([e.key for e in DEFAULT_SCALE])
    assert table["verdict-7"].keys == "7" and table["verdict-7"].action == "verdict(6)"
    assert table["adjudicate-1"].screen == "ConflictsScreen"
    assert "verdict-8" not in table


def test_a_clash_names_the_screen_and_both_ids() -> None:
    table = binding_table(["1", "2"])
    clash = find_key_clash(table, {"filter": "2"})
    assert clash is not None
    assert (clash.key, clash.screen, clash.remapped, clash.other) == (
        "2",
        "ReviewScreen",
        "filter",
        "verdict-2",
    )
    assert find_key_clash(table, {"filter": "x,y"}) is None
    # An app key remapped onto a screen's key clashes there.
    clash = find_key_clash(table, {"app-quit": "q"})
    assert clash is not None and clash.other in {"quit", "conflicts-back", "back", "message-close"}
