// The embed page (/sematkan): put this site's address into the snippets
// when the server has no --public-url, and add copy buttons. The page
// works without it: the snippets can be selected and copied by hand.
(function () {
  "use strict";
  var hint = "https://alamat-jippnas";
  function start() {
    var areas = document.querySelectorAll("[data-snippet]");
    for (var i = 0; i < areas.length; i++) {
      if (areas[i].value.indexOf(hint) >= 0) { areas[i].value = areas[i].value.split(hint).join(location.origin); }
    }
    var note = document.getElementById("catatan-alamat");
    if (note) { note.hidden = true; }
    var buttons = document.querySelectorAll("[data-copy]");
    for (var j = 0; j < buttons.length; j++) {
      (function (b) {
        b.hidden = false;
        b.addEventListener("click", function () {
          var t = document.getElementById(b.getAttribute("data-copy"));
          t.focus();
          t.select();
          var done = function () {
            b.textContent = "Tersalin";
            setTimeout(function () { b.textContent = "Salin"; }, 2000);
          };
          if (navigator.clipboard && navigator.clipboard.writeText) {
            navigator.clipboard.writeText(t.value).then(done, function () {});
          }
        });
      })(buttons[j]);
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
