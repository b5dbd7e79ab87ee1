/*
 * Latu: small progressive enhancements. Every page works without this file.
 * Load after htmx, both with `defer`.
 *
 *  - data-confirm="…" on a button, link or form asks for confirmation
 *  - textarea[maxlength] gets a remaining-characters counter (polite live region)
 *  - .alert[data-dismissible] gets a close button
 *  - htmx sends the CSRF token from <meta name="csrf-token" content="…">
 *  - the first .error-summary on the page receives focus
 *  - the main navigation <details class="site-nav__menu"> and any <details data-open-wide>
 *    are opened on wide screens
 *  - a <details id="…"> that htmx replaces keeps its open state (e.g. the filters of
 *    Tekojen tori, which are applied as they change)
 */
(function () {
  "use strict";

  var LANG = (document.documentElement.lang || "en").slice(0, 2).toLowerCase();
  var TEXT = {
    fi: {
      remaining: function (n) { return n === 1 ? "1 merkki jäljellä" : n + " merkkiä jäljellä"; },
      over: function (n) { return n === 1 ? "1 merkki liikaa" : n + " merkkiä liikaa"; },
      close: "Sulje ilmoitus"
    },
    sv: {
      remaining: function (n) { return n === 1 ? "1 tecken kvar" : n + " tecken kvar"; },
      over: function (n) { return n === 1 ? "1 tecken för mycket" : n + " tecken för mycket"; },
      close: "Stäng meddelandet"
    },
    en: {
      remaining: function (n) { return n === 1 ? "1 character remaining" : n + " characters remaining"; },
      over: function (n) { return n === 1 ? "1 character too many" : n + " characters too many"; },
      close: "Close message"
    }
  };
  var T = TEXT[LANG] || TEXT.en;
  var uid = 0;

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  function nextId(prefix) {
    uid += 1;
    return prefix + "-" + uid;
  }

  /* ---- (a) data-confirm ------------------------------------------------
     Capture phase, so a cancelled click or submit never reaches htmx or
     other handlers on the element itself. */
  document.addEventListener("click", function (event) {
    var el = event.target.closest && event.target.closest("[data-confirm]");
    if (!el || el.tagName === "FORM") return;
    if (!window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm")) return;
    // A submit button with its own data-confirm has already asked.
    if (event.submitter && event.submitter.hasAttribute("data-confirm")) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  /* ---- (b) character counter for textarea[maxlength] -------------------
     The visible counter updates at once; the live region only after the
     user pauses, so screen readers are not interrupted on every key. */
  function setupCounter(textarea) {
    if (textarea.hasAttribute("data-counter-ready")) return;
    var max = parseInt(textarea.getAttribute("maxlength"), 10);
    if (!(max > 0)) return;
    textarea.setAttribute("data-counter-ready", "");

    var visible = document.createElement("p");
    visible.className = "field__counter";
    visible.id = nextId("counter");
    visible.setAttribute("aria-hidden", "true");

    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    live.setAttribute("aria-atomic", "true");

    textarea.insertAdjacentElement("afterend", live);
    textarea.insertAdjacentElement("afterend", visible);

    var timer = null;

    function message() {
      var left = max - textarea.value.length;
      return left >= 0 ? T.remaining(left) : T.over(-left);
    }

    function update(announce) {
      var left = max - textarea.value.length;
      visible.textContent = message();
      visible.classList.toggle("field__counter--warning", left <= Math.max(10, Math.round(max * 0.1)));
      if (announce) {
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { live.textContent = message(); }, 1000);
      }
    }

    textarea.addEventListener("input", function () { update(true); });
    update(false);
  }

  /* ---- (c) dismissible alerts ------------------------------------------ */
  function setupDismiss(alert) {
    if (alert.querySelector(".alert__close")) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "alert__close";
    button.setAttribute("aria-label", alert.getAttribute("data-dismiss-label") || T.close);
    button.innerHTML = '<span aria-hidden="true">&times;</span>';
    button.addEventListener("click", function () {
      var container = alert.closest(".messages");
      var item = container && alert.parentElement !== container ? alert.parentElement : alert;
      var main = document.querySelector("main");
      item.remove();
      if (container && !container.children.length) container.remove();
      // Keep keyboard focus inside the page instead of losing it to <body>.
      if (main) {
        if (!main.hasAttribute("tabindex")) main.setAttribute("tabindex", "-1");
        main.focus({ preventScroll: true });
      }
    });
    alert.appendChild(button);
  }

  /* ---- Main navigation on wide screens --------------------------------- */
  function setupNav() {
    var menus = document.querySelectorAll("details.site-nav__menu, details[data-open-wide]");
    if (!menus.length || !window.matchMedia) return;
    var wide = window.matchMedia("(min-width: 48em)");
    function apply() {
      menus.forEach(function (menu) {
        if (wide.matches) {
          if (!menu.open) {
            menu.open = true;
            menu.setAttribute("data-opened-by-script", "");
          }
        } else if (menu.hasAttribute("data-opened-by-script")) {
          menu.open = false;
          menu.removeAttribute("data-opened-by-script");
        }
      });
    }
    apply();
    if (wide.addEventListener) wide.addEventListener("change", apply);
  }

  /* ---- Enhance a part of the page (the page itself, or htmx content) --- */
  function enhance(root) {
    root.querySelectorAll("textarea[maxlength]").forEach(setupCounter);
    root.querySelectorAll(".alert[data-dismissible]").forEach(setupDismiss);
  }

  /* ---- (d) htmx: CSRF header, no inline indicator styles --------------- */
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  if (window.htmx) {
    // latu.css styles .htmx-indicator; no inline <style> (keeps the CSP strict).
    window.htmx.config.includeIndicatorStyles = false;
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token && event.detail && event.detail.headers) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  /* ---- (e) htmx: open <details id> stay open across a swap ------------ */
  var openDetails = [];
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail && event.detail.target;
    openDetails = [];
    if (!target || !target.querySelectorAll) return;
    target.querySelectorAll("details[id][open]").forEach(function (details) {
      openDetails.push(details.id);
    });
  });

  document.addEventListener("htmx:afterSwap", function () {
    openDetails.forEach(function (id) {
      var details = document.getElementById(id);
      if (details && details.tagName === "DETAILS") details.open = true;
    });
    openDetails = [];
  });

  document.addEventListener("htmx:load", function (event) {
    if (event.target && event.target.querySelectorAll) {
      enhance(event.target.parentElement || event.target);
    }
  });

  onReady(function () {
    enhance(document);
    setupNav();

    var summary = document.querySelector(".error-summary");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
      summary.focus();
    }
  });
})();
