"""Dependencies point one way: review_db and the core modules never import textual or click.

For click the check reads our modules' import statements; for textual, which nothing in
the core should load even indirectly, it checks what a fresh interpreter has loaded.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The core: review_db and everything in workbench/ but the CLI and the TUI.
CORE_FILES = sorted(
    [*ROOT.joinpath("review_db").rglob("*.py")]
    + [
        path
        for path in ROOT.joinpath("workbench").rglob("*.py")
        if not {"cli", "tui"} & set(path.relative_to(ROOT / "workbench").parts)
    ]
)
CORE_MODULES = [
    ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
    for path in CORE_FILES
]


def _imported_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _loaded_after_import(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print('\\n'.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    return set(out.split())


def test_core_modules_do_not_import_textual_or_click() -> None:
    assert len(CORE_FILES) >= 10
    for path in CORE_FILES:
        assert not _imported_names(path) & {"textual", "click"}, path


def test_review_db_does_not_import_the_application() -> None:
    for path in ROOT.joinpath("review_db").rglob("*.py"):
        assert "workbench" not in _imported_names(path), path


def _workbench_imports(path: Path) -> set[str]:
    """The workbench modules ``path`` imports, absolute or relative, as dotted names."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("workbench")}


@pytest.mark.parametrize("package", ["claims", "corpus"])
def test_pipelines_do_not_import_the_faces(package: str) -> None:
    """The claims and corpus pipelines serve the CLI, the TUI and reports, never the reverse."""
    files = sorted(ROOT.joinpath("workbench", package).rglob("*.py"))
    assert files
    for path in files:
        faces = {
            name
            for name in _workbench_imports(path)
            if name.split(".")[1:2] in (["tui"], ["cli"], ["export"])
        }
        assert not faces, f"{path} imports {sorted(faces)}"


def test_core_and_scripted_cli_never_load_textual() -> None:
    loaded = _loaded_after_import([*CORE_MODULES, "workbench.cli"])
    assert "textual" not in loaded
