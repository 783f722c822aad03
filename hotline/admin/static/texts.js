// The texts page: live SMS segment count against the budget, and the preview with the
// example values, while a coordinator types. No inline script (the admin's CSP).
// Counting as hotline/messaging/segments.py does: GSM-7 160/153 (extension characters
// count twice), otherwise UCS-2 70/67 in UTF-16 code units.
(function () {
  "use strict";
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "^{}\\[~]|€\f";

  function isGsm7(text) {
    for (var i = 0; i < text.length; i++) {
      if (BASIC.indexOf(text[i]) < 0 && EXTENSION.indexOf(text[i]) < 0) { return false; }
    }
    return true;
  }

  function segments(text) {
    var gsm = isGsm7(text), units = 0;
    for (var i = 0; i < text.length; i++) { units += gsm && EXTENSION.indexOf(text[i]) >= 0 ? 2 : 1; }
    var single = gsm ? 160 : 70, multi = gsm ? 153 : 67;
    return units <= single ? 1 : Math.ceil(units / multi);
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  function update(block) {
    var area = block.querySelector("textarea");
    var values = JSON.parse(block.getAttribute("data-example") || "{}");
    var filled = fill(area.value, values);
    block.querySelector(".preview").textContent = filled;
    var counter = block.querySelector(".segments");
    if (!counter) { return; }
    var budget = parseInt(block.getAttribute("data-budget"), 10);
    var used = segments(filled);
    counter.textContent = used + " / " + budget + " SMS · " + filled.length + " · " + (isGsm7(filled) ? "GSM-7" : "UCS-2");
    counter.className = "segments " + (used > budget ? "bad" : "ok");
  }

  document.querySelectorAll(".text-block").forEach(function (block) {
    block.querySelector("textarea").addEventListener("input", function () { update(block); });
    update(block);
  });
})();
