// JIPPNAS search for other portals. A regional government's site adds one
// tag where the search should appear:
//
//   <script src="https://JIPPNAS/sematkan/widget.js" data-province="35" async></script>
//
// Options (data-*): province, region (Kemendagri codes), sector (slug),
// size (results per page, 1-20), title, target (a CSS selector of the
// element to fill instead of the place of the tag).
//
// It runs under a strict Content-Security-Policy on the host page: no
// inline styles or scripts, no eval, no innerHTML; its styles load from
// JIPPNAS into a shadow root, so the host's CSS cannot break it and it
// cannot break the host. The host needs script-src, style-src and
// connect-src for the JIPPNAS origin, and JIPPNAS must list the host's
// origin in --cors. Themeable with CSS variables on .jippnas-widget:
// --jippnas-primary, --jippnas-text, --jippnas-muted, --jippnas-background,
// --jippnas-border, --jippnas-radius, --jippnas-font.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch || !window.URL) { return; }
  var base = new URL(script.src, document.baseURI).origin;
  var ds = script.dataset || {};
  var size = Math.min(20, Math.max(1, parseInt(ds.size, 10) || 5));
  var preset = {};
  ["province", "region", "sector"].forEach(function (k) {
    var v = (ds[k] || "").trim();
    if (/^[a-z0-9.,-]{1,200}$/.test(v)) { preset[k] = v; }
  });
  var n = (window.__jippnasWidgets = (window.__jippnasWidgets || 0) + 1);
  var id = "jippnas-" + n;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  var host = ds.target ? document.querySelector(ds.target) : null;
  if (!host) {
    host = el("div");
    script.parentNode.insertBefore(host, script.nextSibling);
  }
  host.classList.add("jippnas-widget");
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  var css = el("link");
  css.rel = "stylesheet";
  css.href = base + "/sematkan/widget.css";
  root.appendChild(css);

  var box = el("section", "jw");
  box.setAttribute("aria-labelledby", id + "-judul");
  var title = el("h2", "jw-heading", ds.title || "Inovasi pelayanan publik");
  title.id = id + "-judul";
  var scope = el("p", "jw-scope");
  var form = el("form", "jw-form");
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Cari inovasi di JIPPNAS");
  var label = el("label", "jw-label", "Cari inovasi");
  label.htmlFor = id + "-q";
  var row = el("div", "jw-row");
  var input = el("input", "jw-input");
  input.type = "search";
  input.id = id + "-q";
  input.name = "q";
  input.maxLength = 500;
  input.autocomplete = "off";
  input.placeholder = "Contoh: puskesmas, akta kelahiran";
  var button = el("button", "jw-button", "Cari");
  button.type = "submit";
  row.appendChild(input);
  row.appendChild(button);
  form.appendChild(label);
  form.appendChild(row);
  var status = el("p", "jw-status");
  status.id = id + "-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  var list = el("ol", "jw-results");
  list.setAttribute("aria-labelledby", status.id);
  var more = el("button", "jw-more", "Tampilkan lebih banyak");
  more.type = "button";
  more.hidden = true;
  var foot = el("p", "jw-foot");
  var all = el("a", "jw-all", "Lihat semua di JIPPNAS");
  foot.appendChild(all);
  foot.appendChild(document.createTextNode(" · Sumber: JIPPNAS, Kementerian PANRB"));
  [title, scope, form, status, list, more, foot].forEach(function (c) { box.appendChild(c); });
  root.appendChild(box);

  var state = { q: "", page: 1, total: 0, shown: 0, busy: null };

  function params(page, facets) {
    var p = new URLSearchParams();
    if (state.q) { p.set("q", state.q); } else { p.set("sort", "newest"); }
    p.set("type", "innovation");
    Object.keys(preset).forEach(function (k) { p.set(k, preset[k]); });
    p.set("size", String(size));
    p.set("page", String(page));
    p.set("facets", facets ? "province,region,sector" : "none");
    return p;
  }

  function searchLink() {
    var p = params(1, false);
    p.delete("size");
    p.delete("page");
    p.delete("facets");
    return base + "/cari?" + p.toString();
  }

  function labelOf(facets, name, value) {
    var vals = (facets && facets[name]) || [];
    for (var i = 0; i < vals.length; i++) {
      if (vals[i].value === value) { return vals[i].label || value; }
    }
    return "";
  }

  function describeScope(facets) {
    var parts = [];
    if (preset.region) { parts.push(labelOf(facets, "region", preset.region.split(",")[0])); }
    else if (preset.province) { parts.push(labelOf(facets, "province", preset.province.split(",")[0])); }
    if (preset.sector) {
      var s = labelOf(facets, "sector", preset.sector.split(",")[0]);
      if (s) { parts.push("bidang " + s); }
    }
    parts = parts.filter(Boolean);
    scope.textContent = parts.length ? "Inovasi dari " + parts.join(", ") + "." : "Inovasi dari seluruh Indonesia.";
    label.textContent = parts.length ? "Cari inovasi " + parts.join(", ") : "Cari inovasi";
  }

  function regionText(h) {
    if (!h.region) { return "Nasional"; }
    if (h.region.code === h.region.province_code) { return h.region.name; }
    return h.region.name + ", " + h.region.province_name;
  }

  function safeURL(u) {
    return typeof u === "string" && u.charAt(0) === "/" && u.charAt(1) !== "/" && u.charAt(1) !== "\\";
  }

  function render(hits, append) {
    if (!append) { while (list.firstChild) { list.removeChild(list.firstChild); } }
    var first = null;
    hits.forEach(function (h) {
      if (!safeURL(h.url)) { return; }
      var li = el("li", "jw-hit");
      var a = el("a", "jw-title", h.title);
      a.href = base + h.url;
      a.setAttribute("data-result", "");
      li.appendChild(a);
      var meta = [h.institution, regionText(h), h.year ? String(h.year) : ""].filter(Boolean).join(" · ");
      li.appendChild(el("p", "jw-meta", meta));
      if (h.summary) {
        var s = h.summary.length > 200 ? h.summary.slice(0, 200).replace(/\s+\S*$/, "") + " …" : h.summary;
        li.appendChild(el("p", "jw-summary", s));
      }
      list.appendChild(li);
      first = first || a;
    });
    return first;
  }

  function load(page) {
    if (state.busy && state.busy.abort) { state.busy.abort(); }
    state.busy = window.AbortController ? new AbortController() : null;
    box.setAttribute("aria-busy", "true");
    if (page === 1) { status.textContent = "Mencari…"; }
    fetch(base + "/api/v1/search?" + params(page, page === 1).toString(), {
      mode: "cors", credentials: "omit", headers: { Accept: "application/json" },
      signal: state.busy ? state.busy.signal : undefined
    })
      .then(function (res) {
        if (!res.ok) { throw new Error("status " + res.status); }
        return res.json();
      })
      .then(function (data) {
        box.removeAttribute("aria-busy");
        if (page === 1) { describeScope(data.facets); }
        state.page = page;
        state.total = data.total || 0;
        var first = render(data.hits || [], page > 1);
        state.shown = list.children.length;
        if (!state.total) {
          status.textContent = state.q ? "Tidak ada inovasi yang cocok dengan “" + state.q + "”." : "Belum ada inovasi.";
        } else if (state.q) {
          status.textContent = state.total + " inovasi ditemukan untuk “" + state.q + "”.";
        } else {
          status.textContent = "Inovasi terbaru (" + state.total + " inovasi).";
        }
        more.hidden = state.shown >= state.total;
        all.href = searchLink();
        if (page > 1 && first) { first.focus(); }
      })
      .catch(function (err) {
        if (err && err.name === "AbortError") { return; }
        box.removeAttribute("aria-busy");
        status.textContent = "Pencarian JIPPNAS tidak dapat dihubungi saat ini. Silakan coba lagi atau buka situs JIPPNAS.";
        all.href = searchLink();
      });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    state.q = input.value.trim();
    load(1);
  });
  more.addEventListener("click", function () { load(state.page + 1); });
  // Opening a result tells JIPPNAS which query led somewhere: the query
  // only, nothing about the visitor (see the JIPPNAS privacy page).
  list.addEventListener("click", function (e) {
    var a = e.target.closest ? e.target.closest("a[data-result]") : null;
    if (a && state.q && navigator.sendBeacon) {
      navigator.sendBeacon(base + "/api/v1/insight/click", new URLSearchParams({ q: state.q }));
    }
  });
  all.href = searchLink();
  load(1);
})();
