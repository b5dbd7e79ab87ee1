/* Fills the receipt code from the link's #fragment. The fragment never leaves the
   browser, so the code does not appear in any request or server log. */
(function () {
  "use strict";
  var code = decodeURIComponent((window.location.hash || "").slice(1));
  if (!/^[A-Za-z0-9-]{16,24}$/.test(code)) return;
  document.addEventListener("DOMContentLoaded", function () {
    var input = document.getElementById("id_code");
    if (input && !input.value) input.value = code;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
  });
})();
