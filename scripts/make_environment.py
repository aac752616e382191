"""Write environment.yml and binder/requirements.txt from requirements.txt (`make environment`).

    python scripts/make_environment.py          # rewrite both files
    python scripts/make_environment.py --check  # exit 1, naming the stale file, when either differs

requirements.txt is the one list of the learner's pinned packages. conda users (environment.yml) and
Binder (binder/requirements.txt, with binder/runtime.txt naming the Python) get exactly that set, so
neither file is edited by hand: tests/test_environment.py fails when a committed one is not what this
script writes.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements.txt"
ENVIRONMENT = ROOT / "environment.yml"
BINDER = ROOT / "binder" / "requirements.txt"
PYTHON = "3.11"
PIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*==[^\s#;]+")


def learner_pins(text: str) -> list[str]:
    """The `name==version` lines of requirements.txt, in order; anything else (but comments) is refused."""
    pins = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if not PIN.fullmatch(line):
            raise SystemExit(f"requirements.txt line {number}: expected an exact pin `name==version`, got {line!r}")
        pins.append(line)
    if not pins:
        raise SystemExit("requirements.txt pins nothing")
    return pins


def environment_yml(pins: list[str]) -> str:
    lines = [
        "# Generated from requirements.txt by scripts/make_environment.py (`make environment`): do not edit.",
        "# The learner's set for conda users; the test tooling is in requirements-dev.txt",
        "# (`pip install -r requirements-dev.txt` inside the environment). nnfs_helpers installs from this folder.",
        "name: nnfs-backprop",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python={PYTHON}",
        "  - pip",
        "  - pip:",
        *(f"      - {pin}" for pin in pins),
        "      - -e .",
    ]
    return "\n".join(lines) + "\n"


def binder_requirements(pins: list[str]) -> str:
    lines = [
        "# Generated from requirements.txt by scripts/make_environment.py (`make environment`): do not edit.",
        "# Binder builds the learner's set only; the notebooks import nnfs_helpers through the symlink",
        "# notebooks/nnfs_helpers, so the project itself needs no install. Python: binder/runtime.txt.",
        *pins,
    ]
    return "\n".join(lines) + "\n"


def outputs() -> dict[Path, str]:
    pins = learner_pins(REQUIREMENTS.read_text(encoding="utf-8"))
    return {ENVIRONMENT: environment_yml(pins), BINDER: binder_requirements(pins)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the files are current")
    args = parser.parse_args(argv)
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT).as_posix())
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT).as_posix()}")
    if stale:
        print(f"stale (run `make environment`): {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
