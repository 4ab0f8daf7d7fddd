// mvsite serve: reloads the page when a rebuild changed it, swaps a changed stylesheet or
// image in place, and shows a failed build over the page (the last good build stays served).
// Added only to pages that `mvsite serve` sends; never in a built site. Its one socket
// (live_reload.py) says {version, error, swap} on connecting and after every build.
// Error text comes from the user's files, so it is only ever set with textContent.
(function () {
  "use strict";
  var ID = "mvsite-build-error";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;
  // The overlay's words in the page's language (serve/overlay_words.py).
  var words = JSON.parse((script && script.getAttribute("data-words")) || "{}");

  function add(parent, tag, text, className, css) {
    var node = document.createElement(tag);
    node.textContent = text;
    if (className) node.className = className;
    Object.assign(node.style, css || {});
    parent.appendChild(node);
    return node;
  }

  function hide() {
    var old = document.getElementById(ID);
    if (old) old.remove();
  }

  function show(error) {
    hide();
    var box = document.createElement("section");
    box.id = ID;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", words.label || "Build error");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", top: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#3b0d0c", color: "#fff", borderBottom: "4px solid #e5484d",
      font: "15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 4px 16px rgba(0,0,0,.4)", textAlign: "left"
    });
    add(box, "strong", words.failed || "Build failed: showing the last good build", "", {
      display: "block"
    });
    // As `mvsite build` prints it: "error: path:line: message", then "  hint: ...".
    add(box, "pre", error.text, "mvsite-error-text", {
      margin: ".5rem 0 0", font: "inherit", whiteSpace: "pre-wrap"
    });
    var close = add(box, "button", words.dismiss || "Dismiss", "", {
      position: "absolute", top: ".75rem", right: "1rem", font: "inherit", cursor: "pointer"
    });
    close.type = "button";
    close.addEventListener("click", hide);
    (document.body || document.documentElement).appendChild(box);
  }

  function names(value, path) {
    return value !== null && new URL(value, location.href).pathname === path;
  }

  function fresh(url) {
    var next = new URL(url, location.href);
    next.searchParams.set("mvsite-swap", String(Date.now()));
    return next.href;
  }

  // The page's stylesheets and images at `path`, fetched anew; false if it shows none
  // (an @import, a CSS background, an icon): then only a reload shows the change.
  function swap(path) {
    var found = false;
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (link) {
      if (!names(link.getAttribute("href"), path)) return;
      var copy = link.cloneNode();
      copy.href = fresh(link.href);
      // The old sheet stays until the new one is in: no flash of an unstyled page.
      copy.onload = copy.onerror = function () { link.remove(); };
      link.after(copy);
      found = true;
    });
    document.querySelectorAll("img").forEach(function (img) {
      if (!names(img.getAttribute("src"), path)) return;
      img.src = fresh(img.src);
      found = true;
    });
    return found;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__mvsite/live");
    socket.onmessage = function (event) {
      var status = JSON.parse(event.data);
      // Also on connecting: a rebuild between loading this page and now is not missed.
      if (String(status.version) !== version || !status.swap.every(swap)) {
        location.reload();
        return;
      }
      if (status.error) {
        show(status.error);
      } else {
        hide();
      }
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }

  connect();
})();
