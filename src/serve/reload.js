// sanwu 预览：内容文件改动并重新生成后，自动刷新页面，并保持滚动位置。
// Only `sanwu serve` adds this script to the pages it serves; built sites never contain it.
(function () {
  "use strict";
  var BUILD = __SANWU_BUILD__;
  var KEY = "sanwu-scroll:" + location.pathname + location.search;

  // Back where the reader was before the reload.
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseFloat(saved) || 0;
      var restore = function () { window.scrollTo(0, y); };
      restore();
      window.addEventListener("load", restore);
    }
  } catch (e) { /* storage disabled: reload without keeping the place */ }

  var close = document.querySelector("#sanwu-errors [data-sanwu-close]");
  if (close) {
    close.addEventListener("click", function () {
      var overlay = document.getElementById("sanwu-errors");
      if (overlay) overlay.parentNode.removeChild(overlay);
    });
  }

  if (!window.EventSource) return;
  var source = null;

  function reload() {
    try {
      sessionStorage.setItem(KEY, String(window.scrollY || window.pageYOffset || 0));
    } catch (e) { /* ignore */ }
    disconnect();
    location.reload();
  }

  // One stream per visible page: hidden tabs let theirs go (browsers allow few connections
  // per server) and, coming back, reload if a build happened meanwhile (hello says which).
  function connect() {
    if (source) return;
    source = new EventSource("/__sanwu/events");
    source.addEventListener("hello", function (e) { if (e.data !== BUILD) reload(); });
    source.addEventListener("reload", reload);
  }

  function disconnect() {
    if (source) { source.close(); source = null; }
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden) disconnect(); else connect();
  });
  window.addEventListener("pagehide", disconnect);
  window.addEventListener("pageshow", function () { if (!document.hidden) connect(); });
  if (!document.hidden) connect();
})();
