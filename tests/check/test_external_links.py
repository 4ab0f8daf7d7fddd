"""The external link checker, against a server on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mvsite.check.external_links import LinkStatus, Policy, check_urls, read_cache

from ..linkserver import serve

FAST = Policy(retries=2, backoff=0.5, ttl=100.0)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to 127.0.0.1 go straight there, even where a proxy is configured."""
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")


def test_answers_retries_and_fallbacks(tmp_path: Path) -> None:
    slept: list[float] = []
    cache = tmp_path / "links.json"
    with serve() as (base, log):
        paths = ["/ok", "/gone", "/flaky", "/no-head", "/down"]
        result = check_urls([base + p for p in paths], cache, 1000.0, FAST, sleep=slept.append)
    got = {url.removeprefix(base): (s.ok, s.status, s.reason) for url, s in result.items()}
    assert got == {
        "/ok": (True, 200, "HTTP 200"),
        "/gone": (False, 404, "HTTP 404"),
        "/flaky": (True, 200, "HTTP 200"),  # 500 first, then 200 on the retry
        "/no-head": (True, 200, "HTTP 200"),  # HEAD refused: asked again with GET
        "/down": (False, 503, "HTTP 503"),  # retried twice, then given up
    }
    assert log.requests == {
        ("HEAD", "/ok"): 1,
        ("HEAD", "/gone"): 1,
        ("GET", "/gone"): 1,
        ("HEAD", "/flaky"): 2,
        ("HEAD", "/no-head"): 1,
        ("GET", "/no-head"): 1,
        ("HEAD", "/down"): 3,
    }
    assert sorted(slept) == [0.5, 0.5, 1.0]  # backoff doubles: flaky once, down twice


def test_no_answer_is_retried_and_reported(tmp_path: Path) -> None:
    with serve() as (base, _):
        closed = base  # the port is free again once the server is gone
    slept: list[float] = []
    url = closed + "/x"
    status = check_urls([url], tmp_path / "c.json", 0.0, FAST, sleep=slept.append)[url]
    assert (status.ok, status.status) == (False, None)
    assert status.reason.startswith("no answer: ")
    assert slept == [0.5, 1.0]


def test_good_answers_are_cached_until_the_ttl(tmp_path: Path) -> None:
    cache = tmp_path / ".mvsite-cache" / "external-links.json"
    with serve() as (base, log):
        urls = [base + "/ok", base + "/gone"]
        check_urls(urls, cache, 1000.0, FAST, sleep=lambda _: None)
        second = check_urls(urls, cache, 1099.0, FAST, sleep=lambda _: None)
        assert (log.count("/ok"), log.count("/gone")) == (1, 4)
        check_urls(urls, cache, 1100.0, FAST, sleep=lambda _: None)  # the TTL has passed
        assert log.count("/ok") == 2
    assert second[base + "/ok"] == LinkStatus(base + "/ok", True, 200, "", 1000.0)
    assert list(json.loads(cache.read_text())["links"]) == [base + "/ok"]


def test_a_damaged_cache_is_an_empty_one(tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    for text in ("{", "[]", '{"version": 1, "links": {"u": {}}}', '{"version": 0}'):
        cache.write_text(text)
        assert read_cache(cache) == {}
    assert read_cache(tmp_path / "missing.json") == {}


def test_links_are_checked_concurrently(tmp_path: Path) -> None:
    with serve() as (base, log):
        urls = [f"{base}/slow/{i}" for i in range(6)]
        result = check_urls(urls, tmp_path / "c.json", 0.0, Policy(workers=3))
    assert all(s.ok for s in result.values())
    assert 1 < log.most_at_once <= 3
