"""`mvsite serve`, the preview: server.py (the command) listens where address.py allows,
serves the private build through app.py, rebuilds on each save seen by watch.py
(rebuilds.py, preview_build.py, text_edit.py) and tells the open pages (live_reload.py).

Live reload is one websocket of mvsite's own (live_reload.py and preview_client.js), not
the `livereload` package. Its Server polls the files every 800 ms, drops any change that
comes within 3 s of its last reload, and lets any Origin open its socket; its protocol
(LiveReload official-7: "reload" and "alert") carries neither the build's version, so
that no save is lost between reloads, nor its error for the overlay. Measured on
2026-12-03, 2 shared cores at load ~9, save to the change on screen in Chromium (timed as
benchmarks/serve_latency.py does): livereload 2.7.1's Server over one static page, no
build, median 339 ms (203-875), and a second save 1 s after the first never shown;
`python benchmarks/serve_latency.py --pages 1000 --saves 10`, rebuild included, median
123-168 ms on the bundled site and 123-131 ms at 1,000 pages, as before this channel
replaced livereload.js (111-174 ms and 99-126 ms, runs alternated). On a quiet machine
that command gives ~65 ms (benchmarks/SERVE_LATENCY.md).
"""
