"""Built HTML -> PageScan: what a reader meets, with lines and offsets."""

from __future__ import annotations

from mvsite.render.htmlscan import Place, scan_html

HTML = """<!doctype html>
<html><head><title> A  page </title><meta name="description" content="About &amp; more">
<link rel="stylesheet" href="/s.css"></head>
<body id="top-of-page">
<h1>Title <em>here</em></h1>
<p><a href="/a/">  The
  A page </a> <a href="/b/"><img src="b.png" alt="B"></a> <a href="/c/" aria-label="C"></a>
<img src="d.png"><img src="e.png" alt="" role="presentation"><img src="f.png" alt="">
<h3 id="x">Three<br>lines</h3>
<p>unclosed <a href="/d/">link
"""


def test_scan() -> None:
    scan = scan_html(HTML)
    assert (scan.title, scan.description) == ("A page", "About & more")
    assert [(u.tag, u.url) for u in scan.urls] == [
        ("link", "/s.css"), ("a", "/a/"), ("a", "/b/"), ("img", "b.png"), ("a", "/c/"),
        ("img", "d.png"), ("img", "e.png"), ("img", "f.png"), ("a", "/d/"),
    ]  # fmt: skip
    assert [(a.href, a.text, a.label) for a in scan.anchors] == [
        ("/a/", "The A page", ""),
        ("/b/", "B", ""),
        ("/c/", "", "C"),
        ("/d/", "link", ""),
    ]
    assert [(i.src, i.alt, i.decorative) for i in scan.images] == [
        ("b.png", "B", False),
        ("d.png", None, False),
        ("e.png", "", True),
        ("f.png", "", False),
    ]
    assert [(h.level, h.text, h.id, h.place.line) for h in scan.headings] == [
        (1, "Title here", None, 5),
        (3, "Threelines", "x", 9),
    ]
    assert scan.id_set == {"top-of-page", "x"}
    assert scan.anchors[0].place == Place(6, HTML.index('<a href="/a/">'))


def test_a_page_without_a_title() -> None:
    assert scan_html("<p>Hi</p>").title is None
    assert scan_html("<title></title>").title == ""


def test_each_srcset_url_is_an_image_the_page_points_at() -> None:
    scan = scan_html(
        '<picture><source srcset="dark.png 1x, dark@2x.png 2x">'
        '<img src="light.png" srcset="light@2x.png 2x" alt="Logo"></picture>'
    )
    assert [(u.tag, u.url) for u in scan.urls] == [
        ("img", "dark.png"), ("img", "dark@2x.png"), ("img", "light.png"), ("img", "light@2x.png"),
    ]  # fmt: skip
