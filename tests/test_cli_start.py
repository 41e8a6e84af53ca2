"""Quick commands import only what they need (issue 16: start in <= 0.3 s).

Time is measured by ``benchmarks/cli_start.py``; these tests pin what makes it possible,
without timing anything: which modules a command leaves unimported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from workbench.cli import LazyGroup, cli

from .conftest import SHORT_ARTICLE

# Heavy libraries no quick command needs: progress bars, readers of HTML, PDF and Word,
# templates, the TUI, the hub driver, learning and embeddings, our own segmenter, and
# sqlite-utils (not a dependency any more; it loads numpy and dateutil).
HEAVY = (
    "rich.progress",
    "sqlite_utils",
    "numpy",
    "trafilatura",
    "pypdf",
    "docx",
    "sklearn",
    "jinja2",
    "textual",
    "psycopg",
    "torch",
    "workbench.claims.extract",
    "workbench.corpus.ingest",
)

_PROBE = """
import json, sys
from workbench.cli import cli
try:
    cli(sys.argv[1:], prog_name="workbench")
except SystemExit:
    pass
heavy = json.loads(HEAVY)
print(json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _imported_heavy(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.replace("HEAVY", repr(json.dumps(HEAVY))), *args],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_version_imports_neither_the_database_nor_anything_heavy() -> None:
    assert _imported_heavy("--version") == []
    probe = _PROBE.replace("HEAVY", repr(json.dumps(["review_db", "yaml"])))
    done = subprocess.run(
        [sys.executable, "-c", probe, "--version"], capture_output=True, text=True, check=True
    )
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_verdict_and_claims_import_nothing_heavy(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    article = tmp_path / "a.txt"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", "from workbench.cli import main; main()", "--db", str(db),
         "add", "article", str(article)],
        check=True, capture_output=True,
    )  # fmt: skip
    assert _imported_heavy("--db", str(db), "verdict", "2", "true", "--reviewer", "ann") == []
    assert _imported_heavy("--db", str(db), "claims") == []
    assert _imported_heavy("--db", str(db), "articles") == []


def test_every_lazy_command_loads_under_its_own_name() -> None:
    def check(group: click.Group) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None and command.name == name, name
            if isinstance(command, LazyGroup):
                check(command)

    check(cli)
