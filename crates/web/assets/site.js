// urbis: small enhancements only. Every page works without this script.
(function () {
  "use strict";
  // Mark the navigation entry of the section the reader is in.
  var path = window.location.pathname;
  var links = document.querySelectorAll(".site-nav a[href]");
  var best = null;
  for (var i = 0; i < links.length; i++) {
    var href = links[i].getAttribute("href");
    var inside = href === "/" ? path === "/" : path === href || path.indexOf(href + "/") === 0;
    if (inside && (!best || href.length > best.getAttribute("href").length)) {
      best = links[i];
    }
  }
  if (best && !document.querySelector(".site-nav [aria-current]")) {
    best.setAttribute("aria-current", path === best.getAttribute("href") ? "page" : "true");
  }
  // The language switch keeps the page's other query parameters (filters, page number).
  var switches = document.querySelectorAll(".language-switch a[hreflang]");
  for (var j = 0; j < switches.length; j++) {
    var params = new URLSearchParams(window.location.search);
    params.set("lang", switches[j].getAttribute("hreflang"));
    switches[j].setAttribute("href", window.location.pathname + "?" + params.toString());
  }
  // Forms that do something that cannot be undone ask once more (data-confirm="question").
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
