// mvsite serve: reloads the page when a rebuild changed it, and shows a failed build over
// the page (the last good build stays served). Stylesheets and images are swapped in place
// by livereload.js. Added only to pages that `mvsite serve` sends; never in a built site.
// Error text comes from the user's files, so it is only ever set with textContent.
(function () {
  "use strict";
  var ID = "mvsite-build-error";
  var script = document.currentScript;
  var version = script ? script.getAttribute("data-version") : null;

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
    box.setAttribute("aria-label", "Build error");
    Object.assign(box.style, {
      position: "fixed", left: "0", right: "0", top: "0", zIndex: "2147483647",
      maxHeight: "60vh", overflow: "auto", margin: "0", padding: "1rem 1.25rem",
      background: "#3b0d0c", color: "#fff", borderBottom: "4px solid #e5484d",
      font: "15px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
      boxShadow: "0 4px 16px rgba(0,0,0,.4)", textAlign: "left"
    });
    add(box, "strong", "Build failed: showing the last good build", "", { display: "block" });
    add(box, "p", error.location, "mvsite-error-location", { margin: ".5rem 0 0", fontWeight: "bold" });
    add(box, "p", error.message, "mvsite-error-message", { margin: ".25rem 0 0", whiteSpace: "pre-wrap" });
    if (error.hint) {
      add(box, "p", "hint: " + error.hint, "mvsite-error-hint", { margin: ".25rem 0 0", color: "#ffd7d5" });
    }
    var close = add(box, "button", "Dismiss", "", {
      position: "absolute", top: ".75rem", right: "1rem", font: "inherit", cursor: "pointer"
    });
    close.type = "button";
    close.addEventListener("click", hide);
    (document.body || document.documentElement).appendChild(box);
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__mvsite/status");
    socket.onmessage = function (event) {
      var status = JSON.parse(event.data);
      // Also on connecting: a rebuild between loading this page and now is not missed.
      if (String(status.version) !== version) {
        location.reload();
      } else if (status.error) {
        show(status.error);
      } else {
        hide();
      }
    };
    socket.onclose = function () { setTimeout(connect, 1000); };
  }

  connect();
})();
