// rungs serve: reloads the page after a good rebuild and shows the build's
// problems over the page after a failed one. Served only by `rungs serve`;
// `rungs build` output never loads it.
(function () {
  "use strict";
  if (window.__rungsLiveReload) {
    return;
  }
  window.__rungsLiveReload = true;

  var OVERLAY = "__rungs-overlay";
  var seen = null;
  var source = null;
  var retry = null;

  function hideOverlay() {
    var old = document.getElementById(OVERLAY);
    if (old) {
      old.remove();
    }
  }

  function showOverlay(text) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-label", "The site could not be rebuilt");
    // `all:revert` keeps the site's own styles out of the overlay.
    box.style.cssText =
      "all:revert;display:block;position:fixed;top:0;left:0;right:0;max-height:100vh;overflow:auto;" +
      "z-index:2147483647;background:#1b1b1f;color:#f2f2f2;" +
      "border-bottom:4px solid #d93036;box-shadow:0 4px 16px rgba(0,0,0,.45);" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left";

    var bar = document.createElement("div");
    bar.style.cssText =
      "all:revert;display:flex;justify-content:space-between;align-items:center;gap:1em;" +
      "padding:.5em 1em;background:#d93036;color:#fff;font:bold 14px/1.45 system-ui,sans-serif";
    var title = document.createElement("span");
    title.style.cssText = "all:revert;font:inherit;color:inherit";
    // The page served before any build succeeded marks its body.
    var noSite = document.body && document.body.hasAttribute("data-rungs-no-site");
    title.textContent = noSite
      ? "rungs: the build failed"
      : "rungs: the build failed; this is the last good site";
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Dismiss";
    dismiss.style.cssText =
      "all:revert;font:inherit;cursor:pointer;padding:.2em .8em;border:1px solid #fff;" +
      "border-radius:4px;background:transparent;color:#fff";
    dismiss.addEventListener("click", hideOverlay);
    bar.appendChild(title);
    bar.appendChild(dismiss);

    var pre = document.createElement("pre");
    pre.style.cssText =
      "all:revert;display:block;margin:0;padding:1em;white-space:pre-wrap;" +
      "overflow-wrap:anywhere;color:#f2f2f2;background:#1b1b1f;" +
      "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace";
    pre.textContent = text;

    box.appendChild(bar);
    box.appendChild(pre);
    (document.body || document.documentElement).appendChild(box);
    dismiss.focus();
  }

  function connect() {
    retry = null;
    source = new EventSource("/__rungs/events");
    source.addEventListener("hello", function (e) {
      var build = JSON.parse(e.data);
      // A rebuild (or a restarted server) while we were disconnected.
      if (seen !== null && build !== seen) {
        location.reload();
      }
      seen = build;
    });
    source.addEventListener("reload", function () {
      location.reload();
    });
    source.addEventListener("error", function (e) {
      // Named `error` events carry the problems; a bare `error` is the
      // connection failing.
      if (typeof e.data === "string") {
        showOverlay(JSON.parse(e.data));
        return;
      }
      if (source.readyState === EventSource.CLOSED && retry === null) {
        source.close();
        retry = setTimeout(connect, 1000);
      }
    });
  }

  connect();
})();
