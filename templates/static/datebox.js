/* The date box of an act page: which edition covered the typed date?
   Reads the editions (name, link, start and end as {lo, hi} bounds; hi null = no upper bound known)
   from the page's own <script id="editions-data"> and answers with links; where an edition's start
   is known only within bounds and the date falls between them, it names every edition that may
   apply instead of guessing. Without JavaScript the form stays hidden and the list above it is the
   picker. */
(function () {
  "use strict";
  var form = document.querySelector("form.date-box");
  var data = document.getElementById("editions-data");
  if (!form || !data) { return; }
  var editions = JSON.parse(data.textContent);
  var answer = form.querySelector(".date-answer");
  form.hidden = false;

  function startedBy(ed, day) {        /* "yes", "no" or "maybe" */
    if (ed.start.lo !== null && day < ed.start.lo) { return "no"; }
    if (ed.start.hi !== null && day >= ed.start.hi) { return "yes"; }
    return "maybe";
  }
  function endedBy(ed, day) {
    if (ed.end === null) { return "no"; }
    if (ed.end.lo !== null && day < ed.end.lo) { return "no"; }
    if (ed.end.hi !== null && day >= ed.end.hi) { return "yes"; }
    return "maybe";
  }
  function shown(day) { return day.slice(8, 10) + "." + day.slice(5, 7) + "." + day.slice(0, 4); }
  function say(template, day, links) {
    answer.textContent = "";
    var parts = template.replace("{date}", shown(day)).split("{edition}");
    answer.appendChild(document.createTextNode(parts[0]));
    links.forEach(function (ed, i) {
      if (i > 0) { answer.appendChild(document.createTextNode("; ")); }
      var a = document.createElement("a");
      a.href = ed.link;
      a.textContent = ed.name;
      answer.appendChild(a);
    });
    if (parts.length > 1) { answer.appendChild(document.createTextNode(parts[1])); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = form.elements.on.value.trim();
    var typed = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(day);  /* where the browser has no date field */
    if (typed) { day = typed[3] + "-" + typed[2] + "-" + typed[1]; }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) { say(form.dataset.bad, "0000-00-00", []); return; }
    var candidates = editions.filter(function (ed) {
      return startedBy(ed, day) !== "no" && endedBy(ed, day) !== "yes";
    });
    if (candidates.length === 0) {
      var first = editions[0];
      say(first && startedBy(first, day) === "no" ? form.dataset.before : form.dataset.none, day, []);
    } else if (candidates.length === 1 && startedBy(candidates[0], day) === "yes" && endedBy(candidates[0], day) === "no") {
      say(form.dataset.one, day, candidates);
    } else {
      say(form.dataset.either, day, candidates);
    }
  });
}());
