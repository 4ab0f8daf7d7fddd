"""Site URLs <-> files of the built site: the one answer to where a URL's file lives.

A URL here is a site path without the base ('/guide/first/'); a file is a POSIX path
relative to the output folder ('guide/first/index.html'). A folder is served by its
index.html.
"""

from __future__ import annotations

import posixpath

INDEX = "index.html"


def url_file(url: str) -> str:
    """'/' -> 'index.html'; '/guide/' -> 'guide/index.html'; '/logo.png' -> 'logo.png'."""
    path = url.lstrip("/")
    return path + INDEX if not path or path.endswith("/") else path


def link_file(url: str) -> str:
    """The file a link to `url` reaches: as url_file, but a path without an extension names
    a folder, as servers redirect it there ('/guide' -> 'guide/index.html')."""
    path = url.lstrip("/")
    if path and not path.endswith("/") and not posixpath.splitext(path)[1]:
        path += "/"
    return url_file(path)


def file_url(rel: str) -> str:
    """'research/cancer/index.html' -> '/research/cancer/'; '404.html' -> '/404.html'."""
    folder, _, name = rel.rpartition("/")
    if name != INDEX:
        return "/" + rel
    return f"/{folder}/" if folder else "/"
