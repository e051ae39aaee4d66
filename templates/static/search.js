/* Offline full-text search over window.LEXPUB_INDEX (search-index.js): every query word must occur
   in the act's title or text (case-insensitive, Kazakh letters included). No network, no server. */
(function () {
  "use strict";
  var box = document.getElementById("results");
  var input = document.getElementById("q");
  if (!box || !input || !window.LEXPUB_INDEX) { return; }
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  input.value = query;
  if (!query) { return; }

  function norm(s) { return s.toLocaleLowerCase("kk").replace(/\s+/g, " "); }

  function snippet(text, word) {
    var at = norm(text).indexOf(word);
    if (at < 0) { return ""; }
    var from = Math.max(0, at - 80), to = Math.min(text.length, at + word.length + 80);
    // cut at word boundaries: never show half a word
    if (from > 0) { var sp = text.indexOf(" ", from - 1); if (sp >= 0 && sp < at) { from = sp + 1; } }
    if (to < text.length) { var ep = text.lastIndexOf(" ", to); if (ep > at + word.length) { to = ep; } }
    return (from > 0 ? "… " : "") + text.slice(from, to) + (to < text.length ? " …" : "");
  }

  var words = norm(query).split(" ").filter(function (w) { return w.length > 0; });
  var hits = window.LEXPUB_INDEX.filter(function (doc) {
    var hay = norm(doc.title + " " + doc.text);
    return words.every(function (w) { return hay.indexOf(w) >= 0; });
  });

  box.textContent = "";
  var count = document.createElement("p");
  count.textContent = hits.length ? box.dataset.count.replace("{n}", String(hits.length)) : box.dataset.none;
  box.appendChild(count);
  var list = document.createElement("ol");
  list.className = "search-results";
  hits.forEach(function (doc) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = box.dataset.root + box.dataset.uiPrefix + doc.path;
    a.textContent = doc[box.dataset.nameKey];
    var h = document.createElement("h2");
    h.appendChild(a);
    li.appendChild(h);
    var title = document.createElement("p");
    title.lang = "kk";
    title.textContent = doc.title;
    li.appendChild(title);
    var snip = document.createElement("p");
    snip.lang = "kk";
    snip.className = "snippet";
    snip.textContent = snippet(doc.text, words[0]);
    li.appendChild(snip);
    list.appendChild(li);
  });
  box.appendChild(list);
})();
