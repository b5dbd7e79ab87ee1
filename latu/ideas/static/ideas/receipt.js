/* The anonymous receipt, enhanced; both pages work without this file.

   - On the page that shows the code once: a button copies the code (its labels come
     from the page, data-copy-label and data-copied-label).
   - On the follow page, opened from the bookmarked link: the code after the # sign is
     filled in and sent at once, so the link shows the idea. The fragment never leaves
     the browser and the code is posted, so it appears in no URL, request or server log. */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.className = "visually-hidden";
      document.body.appendChild(area);
      area.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (error) { done = false; }
      area.remove();
      if (done) { resolve(); } else { reject(new Error("copy")); }
    });
  }

  function setupCopy(code) {
    var button = document.createElement("button");
    var status = document.createElement("span");
    button.type = "button";
    button.className = "button button--secondary receipt__copy";
    button.textContent = code.getAttribute("data-copy-label") || "Copy";
    status.className = "receipt__copied";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      copyText(code.textContent.trim()).then(function () {
        status.textContent = code.getAttribute("data-copied-label") || "Copied";
      }, function () {
        // Copying is not allowed here: select the code so that it can be copied by hand.
        var range = document.createRange();
        range.selectNodeContents(code);
        var selection = window.getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
      });
    });
    var actions = document.createElement("p");
    actions.className = "receipt__actions";
    actions.appendChild(button);
    actions.appendChild(status);
    code.insertAdjacentElement("afterend", actions);
  }

  var fromLink = decodeURIComponent((window.location.hash || "").slice(1));

  document.addEventListener("DOMContentLoaded", function () {
    var code = document.getElementById("receipt-code");
    if (code) setupCopy(code);

    if (!/^[A-Za-z0-9-]{16,24}$/.test(fromLink)) return;
    var input = document.getElementById("id_code");
    if (!input) return;
    if (window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname);
    }
    if (input.value) return;
    input.value = fromLink;
    var form = input.form;
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
})();
