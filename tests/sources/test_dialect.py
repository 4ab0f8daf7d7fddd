from __future__ import annotations

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
