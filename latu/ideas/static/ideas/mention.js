// @-mention autocomplete for the comment box: suggestions in a listbox, followed with
// aria-activedescendant and announced by a status line.
// Progressive enhancement: without JavaScript the writer types "@Firstname Lastname"
// and the server resolves it. Suggestions come from the form's data-mention-url,
// which lists only people of the idea's organisation.
(function () {
  "use strict";

  function setup(form) {
    var url = form.getAttribute("data-mention-url");
    var box = form.querySelector("textarea[name=body]");
    if (!url || !box) { return; }
    var listId = box.id + "-mentions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "mention-list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.getAttribute("data-mention-label") || "People");
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    box.parentNode.insertBefore(list, box.nextSibling);
    box.parentNode.insertBefore(status, list.nextSibling);
    // A textarea keeps its own role (textbox): ARIA allows no combobox role on it. The
    // list is announced by the status line and followed with aria-activedescendant.
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", listId);

    var results = [];
    var active = -1;
    var token = null;
    var timer = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      results = [];
      active = -1;
        box.removeAttribute("aria-activedescendant");
    }

    function currentToken() {
      var before = box.value.slice(0, box.selectionStart);
      var match = /(?:^|[\s(])@([^\s@]{1,30}(?: [^\s@]{0,30})?)$/.exec(before);
      if (!match) { return null; }
      return { text: match[1], start: before.length - match[1].length - 1, end: before.length };
    }

    function mark(index) {
      var items = list.querySelectorAll("[role=option]");
      for (var i = 0; i < items.length; i++) {
        items[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0) {
        box.setAttribute("aria-activedescendant", items[index].id);
      } else {
        box.removeAttribute("aria-activedescendant");
      }
    }

    function choose(index) {
      if (!token || index < 0 || index >= results.length) { return; }
      var name = results[index].name;
      var value = box.value;
      box.value = value.slice(0, token.start) + "@" + name + " " + value.slice(token.end);
      var caret = token.start + name.length + 2;
      box.setSelectionRange(caret, caret);
      close();
      box.focus();
    }

    function render(people) {
      results = people;
      list.innerHTML = "";
      people.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = listId + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = person.name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      if (people.length) {
        list.hidden = false;
        mark(0);
      } else {
        close();
      }
      status.textContent = people.length ? people.length + " \u2022 " + people.map(function (p) { return p.name; }).join(", ") : "";
    }

    function lookup() {
      token = currentToken();
      if (!token) { close(); return; }
      fetch(url + "?q=" + encodeURIComponent(token.text), { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { render(data.results || []); })
        .catch(close);
    }

    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(lookup, 150);
    });
    box.addEventListener("keydown", function (event) {
      if (list.hidden || !results.length) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault(); mark((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault(); mark((active - 1 + results.length) % results.length);
      } else if (event.key === "Enter" || event.key === "Tab") {
        if (active >= 0) { event.preventDefault(); choose(active); }
      } else if (event.key === "Escape") {
        event.preventDefault(); close();
      }
    });
    box.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var forms = document.querySelectorAll("form[data-mention-url]");
    for (var i = 0; i < forms.length; i++) { setup(forms[i]); }
  });
})();
