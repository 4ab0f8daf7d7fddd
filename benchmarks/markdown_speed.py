"""Markdown time per page: stock Python-Markdown, mvsite's fast path, and optionally the fast
path of another copy of mvsite (say, an older commit), all in one process. For scale, it also
times Python-Markdown with no extension at all (`bare`: what the library costs before any
feature of a site; its HTML differs, so it is not compared).

    python benchmarks/markdown_speed.py --pages 300 --rounds 15 [--against DIR]

DIR holds another copy's `mvsite` package, e.g. from `git archive COMMIT src | tar -x -C D`
(then DIR is D/src). The machines are shared and noisy: the converters take turns page by
page, in alternating order, and each page's time is its fastest of all rounds.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))

from benchmarks.gen_corpus import generate  # noqa: E402


def load_copy(src: Path, name: str) -> ModuleType:
    """The `mvsite` package under `src`, imported as `name` beside this one."""
    spec = importlib.util.spec_from_file_location(
        name, src / "mvsite" / "__init__.py", submodule_search_locations=[str(src / "mvsite")]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    markdown = importlib.import_module(f"{name}.markdown")
    if hasattr(markdown, "MarkdownRenderer"):  # a copy from before the stage subpackages
        return markdown
    return importlib.import_module(f"{name}.markdown.convert")


def module_beside(module: ModuleType, name: str) -> ModuleType:
    """The module `name` in the same package as `module`."""
    return importlib.import_module(f"{module.__name__.rpartition('.')[0]}.{name}")


def pages_of(corpus: Path) -> list[tuple[str, str]]:
    return [
        (path.relative_to(corpus).as_posix(), path.read_text("utf-8").split("\n---\n", 1)[1])
        for path in sorted(corpus.rglob("*.md"))
    ]


def renderer(module: ModuleType, docs: list[tuple[str, str]], fast: bool) -> Any:
    records = module if hasattr(module, "LinkTargets") else module_beside(module, "converted")
    targets = records.LinkTargets(
        pages={rel: "/" + rel.removesuffix(".md") + "/" for rel, _ in docs},
        assets=frozenset(f"images/img-{k:02d}.png" for k in range(100)),
    )
    return module.MarkdownRenderer(targets, False, fast)


class BareMarkdown:
    """Python-Markdown with no extension, with `render` as mvsite's renderers have it."""

    def __init__(self) -> None:
        import markdown

        self._md = markdown.Markdown()

    def render(self, body: str, *_: object) -> SimpleNamespace:
        self._md.reset()
        return SimpleNamespace(html=self._md.convert(body))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--against", type=Path, help="src folder of another mvsite copy")
    args = parser.parse_args()
    import mvsite.markdown.convert as current

    with tempfile.TemporaryDirectory() as tmp:
        generate(args.pages, Path(tmp), 42)
        docs = pages_of(Path(tmp))
    renderers: dict[str, Any] = {
        "stock": renderer(current, docs, False),
        "fast": renderer(current, docs, True),
    }
    if args.against:
        renderers["fast (other)"] = renderer(load_copy(args.against, "mvsite_other"), docs, True)
    renderers["bare"] = BareMarkdown()
    names = list(renderers)
    best = {name: [float("inf")] * len(docs) for name in names}
    for _ in range(2):  # warm up: every converter made, every output compared
        outputs = {
            name: [r.render(b, rel, Path(rel), 1).html for rel, b in docs]
            for name, r in renderers.items()
        }
        compared = (out for name, out in outputs.items() if name != "bare")
        assert all(out == outputs["stock"] for out in compared), "outputs differ"
    for round_ in range(args.rounds):
        for i, (rel, body) in enumerate(docs):
            for name in names if (round_ + i) % 2 == 0 else names[::-1]:
                start = time.perf_counter()
                renderers[name].render(body, rel, Path(rel), 1)
                best[name][i] = min(best[name][i], time.perf_counter() - start)
        shown = ", ".join(f"{n} {1000 * sum(best[n]) / len(docs):.2f}" for n in names)
        print(f"round {round_ + 1}: {shown} ms/page", file=sys.stderr, flush=True)
    print(f"{len(docs)} pages, each page's fastest of {args.rounds} rounds, ms per page:")
    for name in names:
        print(f"  {name:<14} {1000 * sum(best[name]) / len(docs):6.2f}")


if __name__ == "__main__":
    main()
