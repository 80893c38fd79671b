// Folio's default theme: light/dark toggle, the small-screen menu and search. Works without it too.
(function () {
  var root = document.documentElement;
  var themeButton = document.querySelector("[data-folio-theme]");
  if (themeButton) {
    themeButton.addEventListener("click", function () {
      var dark = root.dataset.theme
        ? root.dataset.theme === "dark"
        : window.matchMedia("(prefers-color-scheme: dark)").matches;
      root.dataset.theme = dark ? "light" : "dark";
      try { localStorage.setItem("folio-theme", root.dataset.theme); } catch (e) {}
    });
  }
  var menuButton = document.querySelector("[data-folio-menu]");
  var sidebar = document.getElementById("sidebar");
  if (menuButton && sidebar) {
    menuButton.addEventListener("click", function () {
      var open = sidebar.classList.toggle("is-visible");
      menuButton.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  var current = sidebar && sidebar.querySelector("[aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });
})();

// Search: the index (assets/search-index.js, written by `folio build`) is loaded the first time the box
// is used. Accents and case are ignored on both sides, so "instalacao" finds "Instalação".
(function () {
  var box = document.querySelector("[data-folio-search]");
  if (!box) return;
  var input = box.querySelector("[data-folio-search-input]");
  var panel = box.querySelector("[data-folio-search-results]");
  var root = box.getAttribute("data-root") || "./";
  var sections = null, loading = false, timer = null;
  box.hidden = false;

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function terms(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (term) { return term.length > 0; });
  }
  function load() {
    if (sections || loading) return;
    loading = true;
    var script = document.createElement("script");
    script.src = root + "assets/search-index.js";
    script.onload = function () {
      var index = window.folioSearchIndex || { pages: [], sections: [] };
      sections = index.sections.map(function (section) {
        var page = index.pages[section.p];
        return {
          page: page.t, title: section.t, text: section.x,
          href: root + page.u + (section.a ? "#" + encodeURIComponent(section.a) : ""),
          foldedTitle: fold(section.t), foldedPage: fold(page.t), foldedText: fold(section.x)
        };
      });
      search();
    };
    // Without an index (a theme of one's own, a file removed), the box answers "no results".
    script.onerror = function () { sections = []; search(); };
    document.head.appendChild(script);
  }
  // Where `term` starts a word in `text` (-1 when it never does), and where it first occurs.
  function find(text, term) {
    var first = text.indexOf(term), at = first;
    while (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1))) at = text.indexOf(term, at + 1);
    return { word: at, any: first };
  }
  function score(section, words) {
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var inTitle = find(section.foldedTitle, words[i]), inPage = find(section.foldedPage, words[i]);
      var inText = find(section.foldedText, words[i]);
      var best = inTitle.word >= 0 ? 10 : inPage.word >= 0 ? 4 : inText.word >= 0 ? 2
        : inTitle.any >= 0 || inText.any >= 0 ? 0.5 : 0;
      if (best === 0) return 0;
      total += best;
    }
    return total;
  }
  function snippet(section, words) {
    var line = document.createElement("span");
    line.className = "search-snippet";
    var text = section.text, at = -1, length = 0;
    for (var i = 0; i < words.length && at < 0; i++) {
      var found = find(section.foldedText, words[i]);
      at = found.word >= 0 ? found.word : found.any;
      length = words[i].length;
    }
    if (at < 0) { line.textContent = text.slice(0, 140) + (text.length > 140 ? "…" : ""); return line; }
    var start = Math.max(0, at - 50), end = Math.min(text.length, at + length + 90);
    line.appendChild(document.createTextNode((start > 0 ? "…" : "") + text.slice(start, at)));
    var mark = document.createElement("mark");
    mark.textContent = text.slice(at, at + length);
    line.appendChild(mark);
    line.appendChild(document.createTextNode(text.slice(at + length, end) + (end < text.length ? "…" : "")));
    return line;
  }
  function search() {
    var words = terms(input.value);
    panel.textContent = "";
    if (!words.length) { panel.hidden = true; return; }
    if (!sections) { load(); return; }
    panel.setAttribute("data-query", input.value);  // what the list answers (tests wait for it)
    var found = [];
    for (var i = 0; i < sections.length; i++) {
      var points = score(sections[i], words);
      if (points > 0) found.push({ section: sections[i], points: points, order: i });
    }
    found.sort(function (a, b) { return b.points - a.points || a.order - b.order; });
    panel.hidden = false;
    if (!found.length) {
      var empty = document.createElement("p");
      empty.className = "search-empty";
      empty.textContent = box.getAttribute("data-no-results") || "No results";
      panel.appendChild(empty);
      return;
    }
    var list = document.createElement("ol");
    found.slice(0, 10).forEach(function (result) {
      var item = document.createElement("li"), link = document.createElement("a");
      link.href = result.section.href;
      if (result.section.title !== result.section.page) {
        var page = document.createElement("span");
        page.className = "search-page";
        page.textContent = result.section.page;
        link.appendChild(page);
      }
      var title = document.createElement("span");
      title.className = "search-title";
      title.textContent = result.section.title;
      link.appendChild(title);
      link.appendChild(snippet(result.section, words));
      item.appendChild(link);
      list.appendChild(item);
    });
    panel.appendChild(list);
  }
  function results() { return Array.prototype.slice.call(panel.querySelectorAll("a")); }
  function close() { panel.hidden = true; }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(search, 60);
  });
  input.addEventListener("keydown", function (event) {
    var links = results();
    if (event.key === "Enter" && links.length) { event.preventDefault(); links[0].click(); }
    if (event.key === "ArrowDown" && links.length) { event.preventDefault(); links[0].focus(); }
    if (event.key === "Escape") { input.value = ""; close(); }
  });
  panel.addEventListener("keydown", function (event) {
    var links = results(), at = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at + 1 < links.length) { event.preventDefault(); links[at + 1].focus(); }
    if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
    if (event.key === "Escape") { close(); input.focus(); }
  });
  // Following a result to another part of this page: close the list.
  panel.addEventListener("click", function (event) { if (event.target.closest("a")) close(); });
  document.addEventListener("click", function (event) { if (!box.contains(event.target)) close(); });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea" && !event.target.isContentEditable) {
      event.preventDefault();
      input.focus();
    }
  });
})();
