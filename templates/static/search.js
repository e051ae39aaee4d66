/* Site search with Pagefind (pagefind/ at the site root, written by lexpub.publish.site.search).
   The index is split into small chunks: a query loads the chunks of its words and the fragments of
   the results it shows, not the corpus. A large corpus is indexed in parts (data-parts): each is
   merged into the primary index, and results of all parts are ranked together. Pagefind picks the index of the page's <html lang>.
   Every result and filter value is inserted as text, never as HTML (the excerpt's <mark> tags are
   rebuilt as elements). Works when the site is served over HTTP; from file:// the browser refuses
   to load the index and the page says so. */
(function () {
  "use strict";
  var box = document.getElementById("results");
  var form = document.querySelector("form.search-form");
  var input = document.getElementById("q");
  if (!box || !form || !input) { return; }
  var params = new URLSearchParams(window.location.search);
  var query = (params.get("q") || "").trim();
  input.value = query;
  var root = box.dataset.root;

  function say(text) {
    box.textContent = "";
    var p = document.createElement("p");
    p.textContent = text;
    box.appendChild(p);
    return p;
  }

  function excerpt(html) {
    // Pagefind's excerpt is escaped text with <mark> around the words found: keep only those two.
    var p = document.createElement("p");
    p.className = "snippet";
    p.lang = "kk";
    var doc = new DOMParser().parseFromString("<body>" + html + "</body>", "text/html");
    p.appendChild(document.createTextNode("… "));
    doc.body.childNodes.forEach(function (node) {
      if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === "MARK") {
        var m = document.createElement("mark");
        m.textContent = node.textContent;
        p.appendChild(m);
      } else {
        p.appendChild(document.createTextNode(node.textContent));
      }
    });
    p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function fillFilters(available) {
    ["type", "year"].forEach(function (name) {
      var select = document.getElementById("filter-" + name);
      if (!select) { return; }
      Object.keys(available[name] || {}).sort().forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        if (params.get(name) === value) { option.selected = true; }
        select.appendChild(option);
      });
    });
  }

  function chosen() {
    var filters = {};
    ["type", "year"].forEach(function (name) {
      var value = params.get(name);
      if (value) { filters[name] = value; }
    });
    return filters;
  }

  function show(hits) {
    box.textContent = "";
    var count = document.createElement("p");
    count.textContent = hits.length ? box.dataset.count.replace("{n}", String(hits.length)) : box.dataset.none;
    box.appendChild(count);
    var list = document.createElement("ol");
    list.className = "search-results";
    hits.forEach(function (hit) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + hit.url.replace(/^\/+/, "");
      a.textContent = hit.meta.title;
      var h = document.createElement("h2");
      h.appendChild(a);
      li.appendChild(h);
      li.appendChild(excerpt(hit.excerpt));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  async function run() {
    var pagefind;
    try {
      // import() resolves against this script's URL: make the page-relative path absolute first
      pagefind = await import(new URL(root + "pagefind/pagefind.js", document.baseURI).href);
      await pagefind.options({ baseUrl: "/", excerptLength: 24 });
      await pagefind.init();
      // the other parts of the index (lexpub.publish.site.search.parts): searched and ranked together
      var parts = (box.dataset.parts || "").split(" ").filter(Boolean);
      await Promise.all(parts.map(function (part) {
        return pagefind.mergeIndex(new URL(root + part + "/", document.baseURI).href, { baseUrl: "/" });
      }));
    } catch (err) {
      say(box.dataset.unavailable);
      return;
    }
    fillFilters(await pagefind.filters());
    if (!query) { return; }
    var search = await pagefind.search(query, { filters: chosen() });
    var shown = search.results.slice(0, 20);
    show(await Promise.all(shown.map(function (r) { return r.data(); })));
    if (search.results.length > shown.length) {
      box.firstChild.textContent = box.dataset.count.replace("{n}", String(search.results.length));
    }
  }

  run();
})();
