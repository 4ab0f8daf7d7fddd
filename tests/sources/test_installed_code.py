"""An extension of a project installed in editable mode is installed code; a file of the
site's is not, even beside a record that claims to be an install's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from mvsite.errors import SiteError
from mvsite.sources import installed_code
from mvsite.sources.config import load_config
from mvsite.sources.installed_code import is_installed, module_file

EXTENSION = """\
import markdown
from markdown.extensions import Extension


class Shout(markdown.postprocessors.Postprocessor):
    def run(self, text):
        return text.upper()


class ShoutExtension(Extension):
    def extendMarkdown(self, md):
        md.postprocessors.register(Shout(md), "shout", 1)


def makeExtension(**kwargs):
    return ShoutExtension(**kwargs)
"""


def _record(folder: Path, project: Path, editable: bool) -> None:
    """What pip writes in site-packages for a project installed from its folder."""
    info = folder / "shout-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: shout\nVersion: 1.0\n")
    url = {"url": project.as_uri(), "dir_info": {"editable": editable}}
    (info / "direct_url.json").write_text(json.dumps(url))


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder on sys.path (as an editable install's .pth puts it), its module
    `shout_ext`, and a site-packages of this test's own."""
    folder = tmp_path / "shout"
    folder.mkdir()
    (folder / "shout_ext.py").write_text(EXTENSION)
    packages = tmp_path / "site-packages"
    packages.mkdir()
    monkeypatch.setattr(installed_code, "package_folders", lambda: {str(packages)})
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, "shout_ext", raising=False)
    return folder


def test_a_module_of_a_project_installed_editable_is_installed(project: Path) -> None:
    _record(project.parent / "site-packages", project, editable=True)
    site = project.parent / "site"
    assert module_file("shout_ext") == project / "shout_ext.py"
    assert is_installed(project / "shout_ext.py", site)
    assert not is_installed(project.parent / "elsewhere.py", site)


def test_a_file_in_the_sites_folder_is_the_sites_even_in_an_editable_project(
    project: Path,
) -> None:
    """A project's docs often live in the project: its site's files are not its code."""
    _record(project.parent / "site-packages", project, editable=True)
    assert not is_installed(project / "shout_ext.py", project)
    assert not is_installed(project / "shout_ext.py", project / ".." / project.name)


@pytest.mark.parametrize("where", ["site folder", "not editable"])
def test_a_record_outside_site_packages_or_not_editable_installs_nothing(
    project: Path, where: str
) -> None:
    if where == "site folder":  # a site's files may hold a record claiming anything
        _record(project, project, editable=True)
    else:
        _record(project.parent / "site-packages", project, editable=False)
    assert not is_installed(project / "shout_ext.py", project.parent / "site")


def test_a_site_names_an_editable_projects_extension_but_not_one_of_its_own_files(
    project: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "mvsite.yaml").write_text("markdown_extensions:\n  - shout_ext\n")
    with pytest.raises(SiteError, match="'shout_ext' is not an installed package's"):
        load_config(site)  # no record: the project is not installed
    _record(project.parent / "site-packages", project, editable=True)
    (spec,) = load_config(site).markdown_extensions
    assert spec.name == "shout_ext"
    # The same project as the site (its docs at its root): its files are the site's.
    (project / "mvsite.yaml").write_text("markdown_extensions:\n  - shout_ext\n")
    with pytest.raises(SiteError, match="'shout_ext' is not an installed package's"):
        load_config(project)


def test_a_module_of_a_package_imported_already_is_found_where_the_import_looks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout of Python-Markdown first on sys.path: its extensions would still be
    imported from the markdown package mvsite imported, so that one is found."""
    import markdown

    checkout = tmp_path / "markdown" / "extensions"
    checkout.mkdir(parents=True)
    (checkout.parent / "__init__.py").write_text("")
    (checkout / "toc.py").write_text("def makeExtension(): pass\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    installed = Path(markdown.__file__).parent / "extensions" / "toc.py"
    assert module_file("markdown.extensions.toc") == installed
    assert module_file("markdown") == Path(markdown.__file__)
