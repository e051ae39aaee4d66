// The verify page: hash the typed or scanned code (SHA-256 of "lexpub-verify:" + CODE) and look it
// up in register.json, which holds digests only (no codes, no personal data).
"use strict";
(function () {
  var form = document.getElementById("form");
  var input = document.getElementById("code");
  var result = document.getElementById("result");
  var MSG = {
    ok: ["Бұл код берілген құжатқа сәйкес келеді.", "Этот код соответствует выданному документу."],
    no: ["Мұндай код берілген құжаттардың тізілімінде жоқ.", "Такого кода нет в реестре выданных документов."],
    bad: ["Код 16 он алтылық цифрдан тұрады (XXXX-XXXX-XXXX-XXXX).", "Код состоит из 16 шестнадцатеричных цифр (XXXX-XXXX-XXXX-XXXX)."],
    fail: ["Тізілімді жүктеу мүмкін болмады.", "Не удалось загрузить реестр."]
  };
  function show(kind) {
    result.className = kind === "ok" ? "ok" : "no";
    result.textContent = "";
    MSG[kind].forEach(function (text, i) {
      var p = document.createElement("p");
      p.lang = i === 0 ? "kk" : "ru";
      p.textContent = text;
      result.appendChild(p);
    });
  }
  function normal(raw) {
    var hex = raw.replace(/[\s-]/g, "").toUpperCase();
    if (!/^[0-9A-F]{16}$/.test(hex)) return null;
    return hex.match(/.{4}/g).join("-");
  }
  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }
  var register = fetch("register.json").then(function (r) { return r.json(); });
  function check(raw) {
    var code = normal(raw);
    if (!code) { show("bad"); return; }
    register.then(function (reg) {
      var data = new TextEncoder().encode(reg.prefix + code);
      return crypto.subtle.digest("SHA-256", data).then(function (d) {
        show(reg.digests.indexOf(hex(d)) >= 0 ? "ok" : "no");
      });
    }).catch(function () { show("fail"); });
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); check(input.value); });
  var fromQr = decodeURIComponent(location.hash.slice(1));
  if (fromQr) { input.value = fromQr; check(fromQr); }
})();
