// The preview's only script (served from the binary; the pages allow no other): the home page's search box,
// and live reload when the preview server says the tree changed.
"use strict";

(function () {
  function search() {
    var box = document.getElementById("search");
    if (!box) return;
    var none = document.getElementById("no-match");
    var noneQ = document.getElementById("no-match-q");
    var items = Array.prototype.slice.call(document.querySelectorAll("#catalog li[data-search]"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("#catalog .category, #catalog .subcategory"));
    function apply() {
      var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (li) {
        var text = li.getAttribute("data-search");
        var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
        li.hidden = !hit;
        if (hit) shown++;
      });
      groups.forEach(function (g) {
        g.hidden = !g.querySelector("li[data-search]:not([hidden])");
      });
      none.hidden = shown > 0;
      noneQ.textContent = box.value;
    }
    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Enter") {
        var first = document.querySelector("#catalog li[data-search]:not([hidden]) a");
        if (first) first.click();
      } else if (e.key === "Escape") {
        box.value = "";
        apply();
      }
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "/" && document.activeElement !== box) {
        e.preventDefault();
        box.focus();
      }
    });
    if (box.value) apply();
  }

  function live() {
    var url = document.body.getAttribute("data-events");
    if (!url || !window.EventSource) return;
    var version = document.body.getAttribute("data-version");
    var badge = document.getElementById("live");
    var es = new EventSource(url);
    es.onmessage = function (e) {
      if (e.data !== version) location.reload();
    };
    es.onerror = function () { if (badge) badge.className = "live off"; };
    es.onopen = function () { if (badge) badge.className = "live"; };
  }

  search();
  live();
})();
