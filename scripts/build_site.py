"""Build the static site of the executed series into site/ (what `make site` runs).

    python scripts/build_site.py [--out site]

Each committed notebook becomes one page (NAME.html), exported as stored, outputs and saved widget
state included, with nbconvert's HTMLExporter and the `nnfs-site` template (site-tools/templates/):
nothing is re-executed. index.html holds README.md's title, opening paragraph and series table, with
every notebook linked. Everything a page loads is served from site/assets/, so the site works with
no network:

- MathJax 2 from the `jupyter-server-mathjax` Python package (assets/mathjax/);
- RequireJS and @jupyter-widgets/html-manager's embed-amd.js (which carries Font Awesome's CSS and
  fonts) from the npm registry, versions locked in site-tools/package-lock.json and installed with
  `npm ci` when that file changes (assets/requirejs/, assets/html-manager/).

Each copied asset folder holds its licence. A notebook that was not run top to bottom stops the build.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
from check_notebooks_executed import problems
from nbconvert import HTMLExporter

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
TOOLS = ROOT / "site-tools"
NODE_MODULES = TOOLS / "node_modules"
# npm ci rewrites node_modules/.package-lock.json in its own format, so the lock's hash is kept apart.
NODE_STAMP = NODE_MODULES / ".nnfs-lock-sha256"

TEMPLATE = "nnfs-site"
MATHJAX_URL = "assets/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
REQUIRE_JS_URL = "assets/requirejs/require.js"
WIDGET_RENDERER_URL = "assets/html-manager/embed-amd.js"


def npm_ci() -> None:
    """Install site-tools/package-lock.json's exact packages, unless they already are."""
    lock = (TOOLS / "package-lock.json").read_bytes()
    digest = hashlib.sha256(lock).hexdigest()
    if NODE_STAMP.is_file() and NODE_STAMP.read_text() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm not found: the site needs node 20+ and npm to fetch its browser assets")
    # No package here needs an install script (Font Awesome's only prints an attribution).
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=TOOLS, check=True)
    NODE_STAMP.write_text(digest)


def mathjax_dir() -> Path:
    spec = importlib.util.find_spec("jupyter_server_mathjax")
    if spec is None or spec.origin is None:
        raise SystemExit("jupyter-server-mathjax is not installed: pip install -r requirements.txt")
    return Path(spec.origin).parent / "static"


def copy_assets(assets: Path) -> None:
    """Copy MathJax, RequireJS and the widget renderer into assets/, each with its licence."""
    shutil.copytree(mathjax_dir(), assets / "mathjax")  # its LICENSE (Apache 2.0) is in the folder

    requirejs = assets / "requirejs"
    requirejs.mkdir(parents=True)
    shutil.copy2(NODE_MODULES / "requirejs" / "require.js", requirejs)
    # The npm package ships no licence file; its header names MIT, and this is that licence's text.
    shutil.copy2(TOOLS / "licenses" / "requirejs-LICENSE", requirejs / "LICENSE")

    manager = NODE_MODULES / "@jupyter-widgets" / "html-manager" / "dist"
    renderer = assets / "html-manager"
    # embed-amd.js finds its font files next to itself; the other bundles and the source map are unused.
    shutil.copytree(manager, renderer, ignore=shutil.ignore_patterns("*.map", "embed.js", "libembed-amd.js"))
    # html-manager ships no licence file; it is part of the ipywidgets repository, whose BSD-3-Clause
    # LICENSE the @jupyter-widgets/schema package carries.
    shutil.copy2(NODE_MODULES / "@jupyter-widgets" / "schema" / "LICENSE", renderer / "LICENSE")
    shutil.move(renderer / "embed.js.LICENSE.txt", renderer / "THIRD-PARTY-NOTICES.txt")
    # The font files beside embed-amd.js are Font Awesome's (bundled by html-manager).
    font_awesome = NODE_MODULES / "@fortawesome" / "fontawesome-free" / "LICENSE.txt"
    shutil.copy2(font_awesome, renderer / "FONT-AWESOME-LICENSE.txt")


def series_table(readme: str, pages: list[str]) -> str:
    """README.md's title, opening paragraph and "The series" section, each notebook's name a link."""
    title, _, rest = readme.partition("\n")
    intro = rest.split("\n## ", 1)[0].strip()
    match = re.search(r"^## The series\n(.*?)(?=^## )", readme, flags=re.S | re.M)
    if match is None:
        raise SystemExit("README.md has no '## The series' section to build the index from")
    section = match.group(1).strip()
    missing = [name for name in pages if f"`{name}`" not in section]
    if missing:
        raise SystemExit(f"README.md's series table does not list {missing}")
    for name in pages:
        section = section.replace(f"`{name}`", f"[`{name}`]({name}.html)")
    return f"{title}\n\n{intro}\n\n## The series\n\n{section}\n"


def exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TOOLS / "templates")],
        mathjax_url=MATHJAX_URL,
        require_js_url=REQUIRE_JS_URL,
        widget_renderer_url=WIDGET_RENDERER_URL,
    )


def build(out: Path, notebooks: list[Path]) -> list[Path]:
    """Write the site into `out` (emptied first); returns the pages written, index first."""
    broken = [f"{path.name}: {problem}" for path in notebooks for problem in problems(nbformat.read(path, 4))]
    if broken:
        raise SystemExit("not executed top to bottom (run `make notebooks`):\n" + "\n".join(broken))
    npm_ci()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    copy_assets(out / "assets")

    html = exporter()
    names = [path.stem for path in notebooks]
    index = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(series_table(_readme(), names))])
    body, _ = html.from_notebook_node(
        index, resources={"metadata": {"name": "Backpropagation from first principles"}, "site": {"nav": False}}
    )
    pages = [out / "index.html"]
    pages[0].write_text(body, encoding="utf-8")
    for position, path in enumerate(notebooks):
        site = {
            "previous": names[position - 1] if position > 0 else None,
            "next": names[position + 1] if position + 1 < len(names) else None,
        }
        body, _ = html.from_notebook_node(
            nbformat.read(path, as_version=4), resources={"metadata": {"name": path.stem}, "site": site}
        )
        pages.append(out / f"{path.stem}.html")
        pages[-1].write_text(body, encoding="utf-8")
    return pages


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder to (re)create (default: site/)")
    args = parser.parse_args(argv)
    notebooks = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        print(f"no notebooks found in {NOTEBOOK_DIR}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    pages = build(args.out.resolve(), notebooks)
    print(f"{len(pages)} pages in {args.out} ({time.perf_counter() - start:.1f} s); open {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
