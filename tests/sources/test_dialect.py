from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources.config import load_config

from ..conftest import Run, SiteFiles

PYMDOWNX = """\
markdown_extensions:
  - toc:
      permalink: true
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
  - pymdownx.tabbed:
      alternate_style: true
"""
PAGE = """\
# Home

## Part

```text title="x.txt"
x = 1
```

=== "One"

    Tab one.

=== "Two"

    Tab two.
"""


def test_installed_extensions_with_options_shape_the_html(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    site = make_site({"mvsite.yaml": PYMDOWNX, "index.md": PAGE})
    result = run_cli("build", "-s", site, "-q")
    assert result.code == 0, result.err
    html = (site / "public/index.html").read_text()
    assert '<span class="filename">x.txt</span>' in html
    assert '<div class="tabbed-set tabbed-alternate"' in html
    assert '<a class="headerlink" href="#part"' in html


@pytest.mark.parametrize(
    ("config", "message", "hint"),
    [
        (
            "markdown_extensions:\n  - tables\n  - pymdownx.nope\n",
            "mvsite.yaml:3: Markdown extension 'pymdownx.nope' is not installed",
            "pip install pymdown-extensions",
        ),
        (
            "markdown_extensions:\n  - toc:\n      no_such_option: 1\n",
            "mvsite.yaml:2: Markdown extension 'toc' refused its options (KeyError",
            "option names",
        ),
        (
            "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:os.system [ls]\n",
            "mvsite.yaml:2: 'toc' options call Python code (!!python/object/apply:os.system)",
            "only pymdownx.slugs.slugify, ",
        ),
        (
            "markdown_extensions:\n  - pymdownx.superfences:\n"
            "      custom_fences:\n        - format: !!python/name:os.system\n",
            "mvsite.yaml:2: 'pymdownx.superfences' options name Python code from 'os'",
            "only names from",
        ),
        (  # Material's emoji functions may be named; here the theme is not installed
            "markdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
            "mvsite.yaml:2: !!python/name:material.extensions.emoji.twemoji does not exist",
            "that its package is installed",
        ),
        ("markdown_extensions: toc\n", "mvsite.yaml:1: 'markdown_extensions' must be a list", ""),
    ],
)
def test_a_wrong_extension_is_an_error_at_its_line(
    tmp_path: Path, config: str, message: str, hint: str
) -> None:
    (tmp_path / "mvsite.yaml").write_text(config)
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(message), str(caught.value)
    assert hint in caught.value.hint


def test_a_slug_function_made_by_a_call_in_the_options_shapes_the_ids(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    # As Material's docs and many a mkdocs.yml write it, for toc and pymdownx.tabbed.
    config = (
        "markdown_extensions:\n  - toc:\n"
        "      slugify: !!python/object/apply:pymdownx.slugs.slugify\n"
        "        kwds:\n          case: lower\n"
    )
    site = make_site({"mvsite.yaml": config, "index.md": "# Home\n\n## Grüße aus Malmö\n"})
    result = run_cli("build", "-s", site, "-q")
    assert result.code == 0, result.err
    assert '<h2 id="grüße-aus-malmö">' in (site / "public/index.html").read_text()


def test_options_naming_python_are_the_same_key_in_every_process(tmp_path: Path) -> None:
    # Build keys are made of the config's repr: a function's repr holds its address, so a
    # key made of it would differ from build to build and every page be converted again.
    (tmp_path / "mvsite.yaml").write_text(PYMDOWNX)
    script = (
        "import sys; from pathlib import Path; from mvsite.sources.config import load_config;"
        " print(repr(load_config(Path(sys.argv[1])).markdown_extensions))"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True
        )
        for _ in range(2)
    ]
    assert runs[0].returncode == 0, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "PythonName(name='pymdownx.superfences.fence_code_format')" in runs[0].stdout


def test_a_name_from_an_allowed_package_but_not_an_allowed_module_is_refused(
    tmp_path: Path,
) -> None:
    # Pygments' load_lexer_from_file runs a file's code: as toc's slugify, a heading naming a
    # .py file of the site would run it at build time.
    (tmp_path / "mvsite.yaml").write_text(
        "markdown_extensions:\n  - toc:\n"
        "      slugify: !!python/name:pygments.lexers.load_lexer_from_file\n"
    )
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(
        "mvsite.yaml:2: 'toc' options name Python code from 'pygments.lexers'"
    )


@pytest.mark.parametrize(
    ("extension", "message"),
    [
        # Python-Markdown calls what `module:Name` names, with the options as arguments.
        (
            '"subprocess:Popen": {args: "touch ran", shell: true}',
            "Markdown extension 'subprocess:Popen' is not an installed package's",
        ),
        (
            '"pygments.lexers:load_lexer_from_file": {filename: evil.py}',
            "'pygments.lexers:load_lexer_from_file' is no Markdown extension",
        ),
        # Importing a module runs it: the standard library's, or a file beside the site.
        ("antigravity", "Markdown extension 'antigravity' is not an installed package's"),
        ("evil", "Markdown extension 'evil' is not installed (no module evil"),
        # An installed package's own command line, run when imported (pagefind: its binary).
        ("pagefind.__main__", "Markdown extension 'pagefind.__main__' is not an installed"),
        ("pygments.__main__", "Markdown extension 'pygments.__main__' is not an installed"),
        ("pygments.cmdline", "'pygments.cmdline' is no Markdown extension: cmdline.py makes none"),
    ],
)
def test_an_extension_name_runs_no_code_but_an_installed_extension(
    tmp_path: Path, extension: str, message: str
) -> None:
    (tmp_path / "evil.py").write_text("open('ran', 'w').close()\n")
    (tmp_path / "mvsite.yaml").write_text(f"markdown_extensions:\n  - {extension}\n")
    command = [sys.executable, "-m", "mvsite", "build", "-s", "."]  # the site's folder on sys.path
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: mvsite.yaml:2: {message}"), done.stderr
    assert done.stderr.splitlines()[1].startswith("  hint: "), done.stderr  # what to do
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "ran").exists()


@pytest.mark.parametrize("name", ["shout", "toc"])
def test_a_registration_in_the_sites_folder_runs_nothing(tmp_path: Path, name: str) -> None:
    """A site may hold a package record of its own, which Python-Markdown reads like an
    installed package's when the site's folder is on sys.path; even one that takes the
    name of Python-Markdown's own toc."""
    (tmp_path / "evil.py").write_text("open('ran', 'w').close()\ndef makeExtension(): pass\n")
    record = tmp_path / "fake-1.0.dist-info"
    record.mkdir()
    (record / "METADATA").write_text("Metadata-Version: 2.1\nName: fake\nVersion: 1.0\n")
    (record / "entry_points.txt").write_text(
        f"[markdown.extensions]\n{name} = evil:makeExtension\n"
    )
    (tmp_path / "mvsite.yaml").write_text(f"markdown_extensions:\n  - {name}\n")
    # On sys.path by PYTHONPATH (python -m in the site's folder no longer puts it there).
    command = [sys.executable, "-m", "mvsite", "build", "-s", str(tmp_path)]
    on_path = {**os.environ, "PYTHONPATH": str(tmp_path)}
    done = subprocess.run(
        command, cwd=tmp_path.parent, capture_output=True, text=True, timeout=60, env=on_path
    )
    assert done.stderr.startswith(
        f"error: mvsite.yaml:2: Markdown extension '{name}' is not an installed package's"
    ), done.stderr
    assert not (tmp_path / "ran").exists()


def test_python_m_in_the_sites_folder_imports_none_of_its_files(tmp_path: Path) -> None:
    """`python -m` puts the current folder first on sys.path: a site's nh3.py would run."""
    (tmp_path / "nh3.py").write_text("open('ran', 'w').close()\n")
    (tmp_path / "index.md").write_text("# Home\n")
    command = [sys.executable, "-m", "mvsite", "build", "-s", ".", "-q"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert not (tmp_path / "ran").exists()


def test_an_extension_named_by_its_class_is_made(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text(
        "markdown_extensions:\n  - markdown.extensions.smarty:SmartyExtension:\n"
        "      smart_angled_quotes: true\n"
    )
    (spec,) = load_config(tmp_path).markdown_extensions
    assert spec.options == {"smart_angled_quotes": True}


@pytest.mark.parametrize("file", ["mvsite.yaml", "mkdocs.yml"])
def test_math_as_script_elements_is_a_warning_at_its_line(tmp_path: Path, file: str) -> None:
    """pymdownx.arithmatex's default output is MathJax 2's <script>, which no page keeps."""
    head = "site_name: S\n" if file == "mkdocs.yml" else ""
    extensions = "markdown_extensions:\n  - toc\n  - pymdownx.arithmatex\n"
    (tmp_path / file).write_text(head + extensions)
    notes = [str(n) for n in load_config(tmp_path).notes]
    assert notes == [
        f"{file}:{4 if head else 3}: pymdownx.arithmatex without 'generic: true' writes formulas"
        " as MathJax <script> elements, which pages never keep: readers would see TeX source\n"
        "  hint: add 'generic: true' to its options (as Material for MkDocs' docs do), and load"
        " MathJax 3 or KaTeX from the site's static files"
    ]
    (tmp_path / file).write_text(head + extensions.replace("matex\n", "matex: {generic: true}\n"))
    assert load_config(tmp_path).notes == ()


def test_an_element_an_extension_makes_and_no_page_keeps_is_a_warning_at_its_page(
    make_site: Callable[[SiteFiles], Path], run_cli: Callable[..., Run]
) -> None:
    config = "markdown_extensions:\n  - pymdownx.arithmatex\n"
    site = make_site({"mvsite.yaml": config, "index.md": "# Home\n\nEuler: $e^{i\\pi}+1=0$\n"})
    result = run_cli("build", "-s", site, "--strict")
    assert result.code == 1
    assert "mvsite.yaml:2: pymdownx.arithmatex without 'generic: true'" in result.err
    assert (
        "error: index.md:3: <script> removed (a Markdown extension's: no page keeps it)\n"
        in result.err
    )
    assert "  hint: no setting allows it" in result.err


@pytest.mark.parametrize(
    "options",
    [
        "{base_path: [/]}",
        "{base_path: ../..}",
        "{url_download: true}",
        "{restrict_base_path: false}",
    ],
)
@pytest.mark.parametrize("name", ["pymdownx.snippets", "pymdownx.snippets:SnippetExtension"])
def test_snippets_come_from_inside_the_site_alone(tmp_path: Path, name: str, options: str) -> None:
    """Else a config could publish any file of the build machine, or what an address it
    reaches answers."""
    (tmp_path / "mvsite.yaml").write_text(f"markdown_extensions:\n  - toc\n  - {name}: {options}\n")
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(
        "mvsite.yaml:3: pymdownx.snippets may read only files inside the site"
    )


def test_snippets_folders_are_the_sites_wherever_the_build_runs(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text(
        "markdown_extensions:\n  - pymdownx.snippets: {base_path: [., parts]}\n"
    )
    (spec,) = load_config(tmp_path).markdown_extensions
    assert spec.options["base_path"] == [str(tmp_path / "."), str(tmp_path / "parts")]


def test_a_name_in_the_options_is_imported_from_installed_code_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "pymdownx").mkdir(parents=True)
    (site / "pymdownx" / "__init__.py").write_text("")
    (site / "pymdownx" / "slugs.py").write_text("open('ran', 'w').close()\ndef slugify(): pass\n")
    (site / "index.md").write_text("# Home\n")
    (site / "mvsite.yaml").write_text(
        "markdown_extensions:\n  - toc:\n      slugify: !!python/object/apply:pymdownx.slugs.slugify"
        " {kwds: {case: lower}}\n"
    )
    command = [sys.executable, "-m", "mvsite", "build", "-s", str(site)]
    on_path = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=60, env=on_path
    )
    assert done.stderr.startswith(
        "error: mvsite.yaml:2: !!python/object/apply:pymdownx.slugs.slugify is not an installed"
    ), done.stderr
    assert done.stderr.splitlines()[1] == (
        "  hint: install its package with pip in mvsite's environment, or remove the option"
    ), done.stderr
    assert not (site / "ran").exists()


def test_an_option_no_worker_can_be_given_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "mvsite.yaml").write_text(
        "markdown_extensions:\n  - toc:\n      permalink: !!python/name:markdown.extensions.toc.re\n"
    )
    with pytest.raises(SiteError) as caught:
        load_config(tmp_path)
    assert str(caught.value).startswith(
        "mvsite.yaml:2: an option's value is neither plain data nor a function or class"
    )
    assert caught.value.hint.startswith("a !!python/name: names a function")
