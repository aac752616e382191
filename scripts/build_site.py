"""Build the static site of the executed series into site/ (what `make site` runs).

    python scripts/build_site.py [--out site]

Each committed notebook becomes one page (NAME.html), exported as stored, outputs and saved widget
state included, with nbconvert's HTMLExporter and the `nnfs-site` template (site-tools/templates/):
nothing is re-executed. index.html holds README.md's title, opening paragraph and series table, with
every notebook linked; each docs/ page a rendered page links to is rendered too (docs-NAME.html), and a
link to any other file of the repository points at the repository (--repository), or is left as plain
text when no address is known. Every page is titled with its first heading and carries a table of
contents and previous / next links at the top and the bottom; every explorer says that the page is a
static view and how to run it live (a Binder link built from the repository's address). Everything a
page loads is served from site/assets/, so the site works with no network:

- MathJax 2 from the `jupyter-server-mathjax` Python package (assets/mathjax/);
- RequireJS and @jupyter-widgets/html-manager's embed-amd.js (which carries Font Awesome's CSS and
  fonts) from the npm registry, versions locked in site-tools/package-lock.json and installed with
  `npm ci` when that file changes (assets/requirejs/, assets/html-manager/).

Each copied asset folder holds its licence. A notebook that was not run top to bottom stops the build.
"""

from __future__ import annotations

import argparse
import hashlib
import html as html_lib
import importlib.util
import os
import posixpath
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

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
SITE_TITLE = "Backpropagation from first principles"
EXPLORER_TAG = "explorer"


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
        # A link to the notebook itself; build() points it at the notebook's page.
        section = section.replace(f"`{name}`", f"[`{name}`](notebooks/{name}.ipynb)")
    return f"{title}\n\n{intro}\n\n## The series\n\n{section}\n"


def exporter() -> HTMLExporter:
    return HTMLExporter(
        template_name=TEMPLATE,
        extra_template_basedirs=[str(TOOLS / "templates")],
        mathjax_url=MATHJAX_URL,
        require_js_url=REQUIRE_JS_URL,
        widget_renderer_url=WIDGET_RENDERER_URL,
    )


# --------------------------------------------------------------------------------------------
# The repository's address: Binder links and links to files the site does not render
# --------------------------------------------------------------------------------------------


def repository_address(given: str | None = None) -> str | None:
    """The repository's web address (https://github.com/OWNER/REPO): --repository, else
    $NNFS_REPOSITORY, else GitHub Actions' own repository, else the clone's `origin` if it is on
    GitHub. None when none is known (the site then links no Binder and no source file)."""
    for candidate in (given, os.environ.get("NNFS_REPOSITORY")):
        if candidate:
            return candidate.strip().rstrip("/").removesuffix(".git")
    if os.environ.get("GITHUB_REPOSITORY"):
        server = os.environ.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        return f"{server}/{os.environ['GITHUB_REPOSITORY']}"
    try:
        origin = subprocess.run(
            ["git", "remote", "get-url", "origin"], cwd=ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.fullmatch(r"(?:https://github\.com/|git@github\.com:)([\w.-]+/[\w.-]+?)(?:\.git)?/?", origin)
    return f"https://github.com/{match.group(1)}" if match else None


def binder_url(repository: str, notebook: str) -> str:
    """mybinder.org's link that opens `notebook` (a path in the repository) in JupyterLab.
    Binder builds binder/requirements.txt (the learner's set) for it."""
    labpath = "?labpath=" + quote(notebook, safe="")
    github = re.fullmatch(r"https://github\.com/([\w.-]+)/([\w.-]+)", repository)
    if github:
        return f"https://mybinder.org/v2/gh/{github.group(1)}/{github.group(2)}/HEAD{labpath}"
    return f"https://mybinder.org/v2/git/{quote(repository, safe='')}/HEAD{labpath}"


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


@dataclass
class Page:
    """One page of the site: the repository file it renders and where it goes in the site."""

    source: str  # the repository path it renders, e.g. "notebooks/01_x.ipynb", "docs/notation.md"
    out: str  # its path in the site, e.g. "01_x.html", "docs/notation.html"
    title: str
    body: str = ""
    headings: list[tuple[str, str, str]] = field(default_factory=list)  # (level, id, text)


def first_heading(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The notebook's first markdown heading, as plain text (its title on the site)."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                match = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
                if match:
                    return re.sub(r"[*_`]", "", match.group(1)).strip()
    return fallback


def _markdown_page(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text)])


_HEADING = re.compile(r"<h([1-3])\s+id=\"([^\"]+)\"[^>]*>(.*?)</h\1>", flags=re.S)


def _text(fragment: str) -> str:
    """A heading's text without its tags and its pilcrow anchor."""
    fragment = re.sub(r"<a class=\"anchor-link\".*?</a>", "", fragment, flags=re.S)
    return html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def github_slug(text: str) -> str:
    """The anchor GitHub gives a heading (what README and docs links use), e.g. 'The series' -> 'the-series'."""
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _href(page: str, target: str) -> str:
    """`target` (a site path) as a link relative to `page` (a site path)."""
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


class Site:
    """The pages and how links between repository files become links between pages."""

    def __init__(self, pages: list[Page], repository: str | None):
        self.pages = {page.source: page for page in pages}
        self.repository = repository

    def rewrite_links(self, page: Page) -> str:
        """Every relative link of `page` points at a rendered page (and an anchor it has), at the
        repository, or, with no repository address, is left as its text."""

        def replace(match: re.Match) -> str:
            attributes, target, rest, text = match.group(1), match.group(2), match.group(3), match.group(4)
            if re.match(r"[a-z][a-z0-9+.-]*:|#|assets/", target) or target == "":
                return match.group(0)
            path, _, fragment = html_lib.unescape(target).partition("#")
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), path))
            linked = self.pages.get(resolved)
            if linked is not None:
                href = _href(page.out, linked.out) if linked is not page else ""
                if fragment:
                    href += "#" + self.anchor(linked, fragment)
                return f'<a{attributes}href="{html_lib.escape(href or "#")}"{rest}>{text}</a>'
            if self.repository and (ROOT / resolved).exists() and not resolved.startswith(".."):
                kind = "tree" if (ROOT / resolved).is_dir() else "blob"
                href = f"{self.repository}/{kind}/HEAD/{quote(resolved)}" + (f"#{fragment}" if fragment else "")
                return f'<a{attributes}href="{html_lib.escape(href)}"{rest}>{text}</a>'
            return f'<span class="nnfs-unlinked" title="{html_lib.escape(resolved)} in the repository">{text}</span>'

        return re.sub(r"<a(\s[^>]*?)href=\"([^\"]*)\"([^>]*)>(.*?)</a>", replace, page.body, flags=re.S)

    @staticmethod
    def anchor(page: Page, fragment: str) -> str:
        """`fragment` as an id the page has: itself, or the id of the heading whose GitHub anchor it is."""
        ids = {heading_id for _, heading_id, _ in page.headings}
        if fragment in ids:
            return fragment
        for _, heading_id, text in page.headings:
            if github_slug(text) == fragment:
                return heading_id
        return fragment

    def docs_linked_from(self, page: Page) -> list[str]:
        """The docs/*.md files `page` links to that are not pages yet."""
        found = []
        for target in re.findall(r"<a\s[^>]*?href=\"([^\"#:]+\.md)(?:#[^\"]*)?\"", page.body):
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.source), html_lib.unescape(target)))
            if resolved.startswith("docs/") and (ROOT / resolved).is_file() and resolved not in self.pages:
                found.append(resolved)
        return found


def _toc(page: Page) -> str:
    """A table of contents of the page's second- and third-level headings."""
    entries = [(level, heading_id, text) for level, heading_id, text in page.headings if level in ("2", "3")]
    if not entries:
        return ""
    items = "".join(
        f'<li class="nnfs-toc-{level}"><a href="#{html_lib.escape(heading_id)}">{html_lib.escape(text)}</a></li>'
        for level, heading_id, text in entries
    )
    return f'<nav class="nnfs-toc" aria-label="Contents"><h2 class="nnfs-toc-title">Contents</h2><ol>{items}</ol></nav>'


def _series_nav(page: Page, order: list[Page], where: str) -> str:
    """The link bar: the series index, and the previous and next notebook by their titles."""
    links = [f'<a href="{_href(page.out, "index.html")}">The series</a>'] if page.out != "index.html" else []
    if page in order:
        position = order.index(page)
        if position > 0:
            before = order[position - 1]
            href, title = _href(page.out, before.out), html_lib.escape(before.title)
            links.append(f'<a class="nnfs-previous" rel="prev" href="{href}">&larr; {title}</a>')
        if position + 1 < len(order):
            after = order[position + 1]
            href, title = _href(page.out, after.out), html_lib.escape(after.title)
            links.append(f'<a class="nnfs-next" rel="next" href="{href}">{title} &rarr;</a>')
    if not links:
        return ""
    return f'<nav class="nnfs-site nnfs-site-{where}" aria-label="Series">{"".join(links)}</nav>'


def _render(html: HTMLExporter, notebook: nbformat.NotebookNode, page: Page, site: dict) -> None:
    body, _ = html.from_notebook_node(notebook, resources={"metadata": {"name": page.title}, "site": site})
    page.body = body
    page.headings = [(level, heading_id, _text(inner)) for level, heading_id, inner in _HEADING.findall(body)]


def build(out: Path, notebooks: list[Path], repository: str | None = None) -> list[Path]:
    """Write the site into `out` (emptied first); returns the pages written, index first.
    `repository` is the repository's web address (see repository_address)."""
    broken = [f"{path.name}: {problem}" for path in notebooks for problem in problems(nbformat.read(path, 4))]
    if broken:
        raise SystemExit("not executed top to bottom (run `make notebooks`):\n" + "\n".join(broken))
    npm_ci()
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    copy_assets(out / "assets")

    html = exporter()
    names = [path.stem for path in notebooks]
    index = Page("README.md", "index.html", SITE_TITLE)
    _render(html, _markdown_page(series_table(_readme(), names)), index, {})
    order = []
    for path in notebooks:
        notebook = nbformat.read(path, as_version=4)
        page = Page(f"notebooks/{path.name}", f"{path.stem}.html", first_heading(notebook, path.stem))
        live = {"binder": binder_url(repository, page.source) if repository else None, "notebook": path.name}
        _render(html, notebook, page, {"live": live})
        order.append(page)
    site = Site([index, *order], repository)
    queue = [doc for page in [index, *order] for doc in site.docs_linked_from(page)]
    while queue:
        source = queue.pop(0)
        if source in site.pages:
            continue
        text = (ROOT / source).read_text(encoding="utf-8")
        # Flat (docs-notation.html), so every page finds assets/ beside it.
        page = Page(
            source, source.removesuffix(".md").replace("/", "-") + ".html", first_heading(_markdown_page(text), source)
        )
        _render(html, _markdown_page(text), page, {})
        site.pages[source] = page
        queue += site.docs_linked_from(page)

    written = []
    for page in site.pages.values():
        body = site.rewrite_links(page)
        body = body.replace("<!--nnfs-top-->", _series_nav(page, order, "top") + _toc(page), 1)
        body = body.replace("<!--nnfs-bottom-->", _series_nav(page, order, "bottom"), 1)
        target = out / page.out
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        written.append(target)
    return written


def _readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "site", help="folder to (re)create (default: site/)")
    parser.add_argument(
        "--repository",
        help="the repository's web address, e.g. https://github.com/OWNER/REPO, for the Binder links and links "
        "to source files (default: $NNFS_REPOSITORY, GitHub Actions' repository, or a GitHub `origin`)",
    )
    args = parser.parse_args(argv)
    repository = repository_address(args.repository)
    if repository is None:
        print("no repository address (--repository): the explorers get no Binder link", file=sys.stderr)
    notebooks = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not notebooks:
        print(f"no notebooks found in {NOTEBOOK_DIR}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    pages = build(args.out.resolve(), notebooks, repository)
    print(f"{len(pages)} pages in {args.out} ({time.perf_counter() - start:.1f} s); open {pages[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
