"""Refuse a Python older than 3.11 with what to install instead (run by the Makefile before it makes .venv).

Written so that any Python 3.6+ can run it, which is the point: it must say why on the old one.
"""

import sys

NEEDED = (3, 11)

if sys.version_info[:2] < NEEDED:
    found = sys.version.split()[0]
    sys.exit(
        f"This series needs Python {NEEDED[0]}.{NEEDED[1]} or newer; {sys.executable} is Python {found}.\n"
        "Install a newer one, then run make again with PYTHON set to it. Any of these works:\n"
        "  uv (https://docs.astral.sh/uv/) fetches one for you:\n"
        '      uv python install 3.11 && make lab PYTHON="$(uv python find 3.11)"\n'
        "  conda:  conda create -n py311 python=3.11 && conda activate py311 && make lab PYTHON=python\n"
        "  Ubuntu 22.04:  sudo apt install python3.11 python3.11-venv && make lab PYTHON=python3.11\n"
        "  or the installer from https://www.python.org/downloads/"
    )
