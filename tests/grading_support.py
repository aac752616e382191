"""One release of notebook 03 shared by tests/test_release.py and tests/test_grading.py (docs/grading.md)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "03"
# Long enough for the notebook's first cell (its imports) on a busy machine, short enough for the suite.
CELL_SECONDS = 20

_made: dict[str, Path] = {}


def release(tmp_root: Path) -> Path:
    """``scripts/release.py --notebooks 03`` into a folder, made once per test session."""
    if "release" not in _made:
        out = tmp_root / "release"
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "release.py"), "--out", str(out), "--notebooks", NOTEBOOK,
             "--cell-seconds", str(CELL_SECONDS)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        _made["release"] = out
    return _made["release"]


def tree_hash(path: Path) -> str:
    """A hash of every file's path and bytes under ``path`` (caches left out)."""
    digest = hashlib.sha256()
    for file in sorted(p for p in Path(path).rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(file.relative_to(path)).encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()
