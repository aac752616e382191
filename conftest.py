"""Repository-wide pytest set-up: nbval is always on for notebooks/.

Turning it on here rather than with ``--nbval`` in addopts means ``pytest -p no:nbval``
(unit tests only) still works, and ``pytest notebooks/NAME.ipynb`` tests one notebook.
"""

from pathlib import Path


def pytest_configure(config):
    if config.pluginmanager.hasplugin("nbval") and not getattr(config.option, "nbval_lax", False):
        config.option.nbval = True
        # The notebooks run in this environment's kernel, where nnfs_helpers is installed.
        config.option.nbval_current_env = True
        # Round-off digits that vary between CPUs are rewritten on both sides before comparing.
        if getattr(config.option, "nbval_sanitize_with", None) is None:
            config.option.nbval_sanitize_with = str(Path(__file__).parent / "notebooks" / "nbval-sanitize.cfg")
