"""How the TUI holds together: screens reach the app only through the ``Workbench``
protocol, and every connection the app opens (main, writer, each worker run) is closed
by the time it exits."""

from __future__ import annotations

import ast
import asyncio
from pathlib import Path

import workbench.tui.screens
from review_db import connection
from workbench.cli.tui import build_demo_database
from workbench.config import Config
from workbench.tui.app import build_app
from workbench.tui.passage_list import PassageList

from .conftest import settle

SCREENS = Path(workbench.tui.screens.__file__).parent


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_screens_never_import_the_app() -> None:
    modules = sorted(SCREENS.glob("*.py"))
    assert len(modules) >= 4
    for module in modules:
        imports = _imports(module)
        assert "..app" not in imports and "workbench.tui.app" not in imports, module.name


def test_no_module_is_over_500_lines() -> None:
    tui = SCREENS.parent
    for module in [*tui.glob("*.py"), *SCREENS.glob("*.py")]:
        assert len(module.read_text().splitlines()) <= 500, module.name


async def test_every_connection_is_closed_at_exit(tmp_path: Path) -> None:
    db_path = tmp_path / "demo.db"
    article = build_demo_database(db_path)
    found = db_path.stat()
    key = (found.st_dev, found.st_ino)
    app = build_app(db_path, Config(), "ann", article)
    async with app.run_test(size=(100, 30)) as pilot:
        passages = app.screen.query_one(PassageList)
        await settle(pilot, lambda: len(passages.matches) > 0)  # a worker matched
        await pilot.press("j", "1")
        await app.writes_saved()
        assert connection._open_files.get(key, 0) >= 2  # main and writer, at least
    for _ in range(250):  # the writer thread closes its connection as it ends
        if key not in connection._open_files:
            break
        await asyncio.sleep(0.02)
    assert key not in connection._open_files
