// JIPPNAS progressive enhancement: the site works without this file.
// It adds search suggestions (type-ahead) and updates search results
// without a full page reload when a filter changes.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  var typeLabels = {
    innovation: "Inovasi", guide: "Panduan", news: "Berita", institution: "Instansi",
    region: "Wilayah", province: "Provinsi", sector: "Bidang", term: "Kata kunci", award: "Penghargaan"
  };
  var suggestDisabled = false; // set when the server has no suggest API

  function safePath(u) {
    return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/" && u.charAt(1) !== "\\";
  }

  function submitForm(form) {
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  // ---- type-ahead ----
  function typeahead(input) {
    if (input.getAttribute("data-enhanced")) { return; }
    input.setAttribute("data-enhanced", "1");
    var list = document.createElement("ul");
    list.id = input.id + "-saran";
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Saran pencarian");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    input.parentNode.appendChild(list);
    input.parentNode.appendChild(status);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    var timer = null, items = [], active = -1, seq = 0;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      items = [];
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function highlight(i) {
      var lis = list.querySelectorAll("li");
      for (var k = 0; k < lis.length; k++) {
        lis[k].setAttribute("aria-selected", k === i ? "true" : "false");
      }
      active = i;
      if (i >= 0 && lis[i]) {
        input.setAttribute("aria-activedescendant", lis[i].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var s = items[i];
      if (!s) { return; }
      if (s.url && safePath(s.url)) {
        window.location.href = s.url;
        return;
      }
      input.value = s.text;
      close();
      if (input.form) { submitForm(input.form); }
    }

    function render(sugs) {
      list.innerHTML = "";
      items = sugs.slice(0, 8);
      if (!items.length) { close(); status.textContent = ""; return; }
      items.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var t = document.createElement("span");
        t.className = "sg-text";
        t.textContent = s.text || "";
        li.appendChild(t);
        var label = s.type === "title" ? typeLabels[s.doc_type] : typeLabels[s.type];
        if (label) {
          var ty = document.createElement("span");
          ty.className = "sg-type";
          ty.textContent = label;
          li.appendChild(ty);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = items.length + " saran tersedia. Gunakan panah atas dan bawah untuk memilih.";
      active = -1;
    }

    function fetchSuggest() {
      // The raw value goes to the server: a trailing space ends a word.
      var q = input.value;
      if (q.trim().length < 2 || suggestDisabled || !window.fetch) { close(); return; }
      var my = ++seq;
      fetch("/api/v1/suggest?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (res) {
          if (res.status === 404 || res.status === 405 || res.status === 501) {
            suggestDisabled = true; // no suggest API on this server: stay a plain input
            return null;
          }
          return res.ok ? res.json() : null;
        })
        .then(function (data) {
          if (my !== seq) { return; }
          if (!data || !Array.isArray(data.suggestions)) { close(); return; }
          render(data.suggestions);
        })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggest, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) { return; }
      if (e.key === "ArrowDown") {
        e.preventDefault();
        highlight((active + 1) % items.length);
      } else if (e.key === "ArrowUp") {
        e.preventDefault();
        highlight(active <= 0 ? items.length - 1 : active - 1);
      } else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        choose(active);
      } else if (e.key === "Escape") {
        e.preventDefault(); // a search input would clear itself
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  // ---- live search results ----
  var pending = null;

  // announce tells screen readers the new result count: a live region that
  // is swapped in with the results would not be read.
  function announce(text) {
    var el = document.getElementById("status-hasil");
    if (!el) {
      el = document.createElement("div");
      el.id = "status-hasil";
      el.className = "visually-hidden";
      el.setAttribute("role", "status");
      document.body.appendChild(el);
    }
    el.textContent = text;
  }

  function formURL(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (v, k) {
      if (typeof v === "string" && v.trim() !== "") { params.append(k, v.trim()); }
    });
    var qs = params.toString();
    return form.getAttribute("action") + (qs ? "?" + qs : "");
  }

  function update(url, push) {
    var root = document.querySelector("[data-search-root]");
    if (!root || !window.fetch || !window.DOMParser) { window.location.href = url; return; }
    var focused = document.activeElement;
    var panel = root.querySelector("[data-facet-panel]");
    var panelOpen = panel ? panel.open : true;
    var focusKey = focused && focused.name ? [focused.name, focused.value, focused.type] : null;
    root.classList.add("loading");
    root.setAttribute("aria-busy", "true");
    if (pending && pending.abort) { pending.abort(); }
    pending = window.AbortController ? new AbortController() : null;
    fetch(url, { signal: pending ? pending.signal : undefined, headers: { Accept: "text/html" } })
      .then(function (res) {
        if (!res.ok) { throw new Error("status " + res.status); }
        return res.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector("[data-search-root]");
        if (!fresh) { throw new Error("no results in page"); }
        var freshPanel = fresh.querySelector("[data-facet-panel]");
        if (freshPanel) { freshPanel.open = panelOpen; } // keep what the visitor chose
        root.replaceWith(fresh);
        document.title = doc.title;
        if (push) { history.pushState({ live: true }, "", url); }
        enhance(fresh);
        var count = fresh.querySelector(".results-count");
        if (count) { announce(count.textContent.replace(/\s+/g, " ").trim()); }
        if (focusKey) {
          var els = fresh.querySelectorAll("[name]");
          for (var i = 0; i < els.length; i++) {
            var el = els[i];
            if (el.name === focusKey[0] && (focusKey[2] !== "checkbox" || el.value === focusKey[1])) {
              el.focus();
              break;
            }
          }
        }
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        window.location.href = url; // fall back to a normal page load
      });
  }

  document.addEventListener("change", function (e) {
    var form = e.target.form;
    if (!form || !form.hasAttribute("data-live-search")) { return; }
    if (e.target.type === "search") { return; } // the query waits for Enter or the button
    update(formURL(form), true);
  });
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute("data-live-search")) { return; }
    e.preventDefault();
    update(formURL(form), true);
  });
  window.addEventListener("popstate", function () {
    if (document.querySelector("[data-search-root]") && location.pathname === "/cari") {
      update(location.href, false);
    }
  });

  // ---- search insight ----
  // Opening a result sends the query, and nothing about the visitor, so
  // that editors learn which searches lead nowhere (see /privasi).
  document.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest(".hit-title a, a[data-result]") : null;
    var root = a ? a.closest("[data-search-root]") : null;
    var q = root ? root.getAttribute("data-query") : "";
    if (q && navigator.sendBeacon && window.URLSearchParams) {
      navigator.sendBeacon("/api/v1/insight/click", new URLSearchParams({ q: q }));
    }
  });

  function enhance(root) {
    var inputs = root.querySelectorAll("input[data-suggest]");
    for (var i = 0; i < inputs.length; i++) { typeahead(inputs[i]); }
  }

  function start() {
    enhance(document);
    // On a phone the filters start folded so the results come first.
    var panel = document.querySelector("[data-facet-panel]");
    if (panel && window.matchMedia && !window.matchMedia("(min-width: 64em)").matches) {
      panel.open = false;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
