// Folio's default theme: light/dark toggle, the small-screen menu, sections that open in place,
// the table of contents that follows the reader, copy buttons and search. The site works without it.
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
  // A section's arrow opens and closes its pages in place, without leaving the page.
  if (sidebar) {
    sidebar.addEventListener("click", function (event) {
      var toggle = event.target.closest(".nav-toggle");
      if (!toggle) return;
      var list = toggle.parentNode.querySelector(":scope > ul");
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (list) list.classList.toggle("is-collapsed", !open);
    });
  }
  var current = sidebar && sidebar.querySelector("[aria-current=page]");
  if (current && current.scrollIntoView) current.scrollIntoView({ block: "nearest" });

  // The table of contents marks the section being read.
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll(".toc a[href^='#']"));
  if (tocLinks.length && "IntersectionObserver" in window) {
    var headings = tocLinks.map(function (link) {
      return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    });
    var mark = function () {
      var active = 0;
      // At the end of the page, the last heading in view is the one being read.
      var atEnd = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      for (var i = 0; i < headings.length; i++) {
        var top = headings[i] ? headings[i].getBoundingClientRect().top : Infinity;
        if (top < 120 || (atEnd && top < window.innerHeight)) active = i;
      }
      tocLinks.forEach(function (link, i) {
        link.classList.toggle("is-active", i === active);
        if (i === active) link.setAttribute("aria-current", "true"); else link.removeAttribute("aria-current");
      });
    };
    var observer = new IntersectionObserver(mark, { rootMargin: "0px 0px -60% 0px" });
    headings.forEach(function (heading) { if (heading) observer.observe(heading); });
    window.addEventListener("scroll", function () { window.requestAnimationFrame(mark); }, { passive: true });
    mark();
  }

  // A table or a code block wider than the page scrolls inside its frame, which the keyboard can
  // then reach (and scroll with the arrow keys).
  function reachable() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap, .page pre"), function (frame) {
      if (frame.scrollWidth > frame.clientWidth + 1) {
        frame.setAttribute("tabindex", "0");
        if (frame.classList.contains("table-wrap") && !frame.hasAttribute("role")) {
          frame.setAttribute("role", "region");
          frame.setAttribute("aria-label", (frame.querySelector("th") || frame).textContent.trim().slice(0, 60) || "table");
        }
      } else if (frame.getAttribute("tabindex") === "0") {
        frame.removeAttribute("tabindex");
      }
    });
  }
  reachable();
  window.addEventListener("resize", function () { window.requestAnimationFrame(reachable); });

  // Printing shows what closed <details> hide.
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (details) {
      details.setAttribute("open", "");
      details.setAttribute("data-folio-printed", "");
    });
  });
  window.addEventListener("afterprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-folio-printed]"), function (details) {
      details.removeAttribute("open");
      details.removeAttribute("data-folio-printed");
    });
  });
})();

// Copy buttons: one on every code block. A console session copies its commands only: no prompts,
// no output, so what lands in the terminal runs.
(function () {
  var main = document.querySelector("main[data-copy]");
  if (!main) return;
  var words = { copy: main.getAttribute("data-copy"), copied: main.getAttribute("data-copied"), label: main.getAttribute("data-copy-label") };
  function textOf(code) {
    var copy = code.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".gp, .go"), function (node) { node.remove(); });
    var text = copy.textContent;
    if (code.querySelector(".gp")) {
      text = text.split("\n").filter(function (line) { return line.trim() !== ""; }).join("\n");
    }
    return text.replace(/\n$/, "");
  }
  function write(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) {}
      area.remove();
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }
  Array.prototype.forEach.call(main.querySelectorAll("pre > code"), function (code) {
    var pre = code.parentNode;
    if (pre.classList.contains("mermaid")) return;
    var host = pre.parentNode;
    if (!host.classList || !host.classList.contains("highlight")) {
      host = document.createElement("div");
      host.className = "highlight";
      pre.parentNode.insertBefore(host, pre);
      host.appendChild(pre);
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = words.copy;
    button.setAttribute("aria-label", words.label);
    var status = document.createElement("span");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      write(textOf(code)).then(function () {
        button.textContent = words.copied;
        button.classList.add("is-copied");
        status.textContent = words.copied;
        setTimeout(function () {
          button.textContent = words.copy;
          button.classList.remove("is-copied");
          status.textContent = "";
        }, 2000);
      }, function () {});
    });
    host.appendChild(button);
    host.appendChild(status);
  });
})();

// Search. The index is in parts (see SearchIndex.swift): the pages and their headings, loaded the
// first time the box is used; a shard of words per two-letter prefix; each page's text for the
// snippets of the results shown. Accents and case are ignored on both sides, so "instalacao"
// finds "Instalação". A page whose title has the words comes first, then headings, then text;
// results are pages, each with its matching sections beneath.
(function () {
  var box = document.querySelector("[data-folio-search]");
  if (!box) return;
  var input = box.querySelector("[data-folio-search-input]");
  var panel = box.querySelector("[data-folio-search-results]");
  var base = box.getAttribute("data-root") || "./";
  var index = null, loading = false, timer = null, shown = 10, enterLink = null;
  var shards = {}, texts = {}, pending = {};
  box.hidden = false;

  window.folioSearchShard = function (key, words) { shards[key] = words; settle("s:" + key); };
  window.folioSearchText = function (page, sections) { texts[page] = sections; settle("t:" + page); };
  function settle(name) { var done = pending[name]; delete pending[name]; if (done) done.forEach(function (f) { f(); }); }

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function terms(query) {
    return fold(query).split(/[^\p{L}\p{N}]+/u).filter(function (term) { return term.length > 0; });
  }
  function fileName(key) {
    return Array.from(key).map(function (c) { return /[a-z0-9]/.test(c) ? c : "_" + c.codePointAt(0).toString(16); }).join("");
  }
  function script(src, name, done) {
    if (pending[name]) { pending[name].push(done); return; }
    pending[name] = [done];
    var tag = document.createElement("script");
    tag.src = src;
    // A part that is missing (a theme of one's own, a file removed) answers with nothing.
    tag.onload = tag.onerror = function () { settle(name); };
    document.head.appendChild(tag);
  }
  function load() {
    if (index || loading) return;
    loading = true;
    script(base + "assets/search-index.js", "index", function () {
      var raw = window.folioSearchIndex || { pages: [], shards: [] };
      index = { pages: [], sections: [], shards: {} };
      (raw.shards || []).forEach(function (key) { index.shards[key] = true; });
      (raw.pages || []).forEach(function (page, p) {
        var entry = { title: page[0], url: page[1], folded: fold(page[0]), first: index.sections.length, count: 1 + page[2].length };
        index.pages.push(entry);
        index.sections.push({ page: p, title: page[0], anchor: "", folded: "", offset: 0 });
        page[2].forEach(function (section, i) {
          index.sections.push({ page: p, title: section[0], anchor: section[1], folded: fold(section[0]), offset: i + 1 });
        });
      });
      search();
    });
  }
  // Where `term` starts a word in `text`, or -1.
  function wordStart(text, term) {
    var at = text.indexOf(term);
    while (at > 0 && /[\p{L}\p{N}]/u.test(text.charAt(at - 1))) at = text.indexOf(term, at + 1);
    return at;
  }
  // The sections whose text has a word starting with `term`, from its shard.
  function bodyHits(term) {
    var hits = {}, words = shards[Array.from(term).slice(0, 2).join("")] || {};
    Object.keys(words).forEach(function (word) {
      if (word.lastIndexOf(term, 0) !== 0) return;
      var section = 0;
      words[word].forEach(function (delta) { section += delta; hits[section] = word === term ? 1.2 : 1; });
    });
    return hits;
  }
  function rank(words) {
    var pages = {};
    words.forEach(function (term, w) {
      var body = bodyHits(term);
      function add(section, points, inSection) {
        var s = index.sections[section], page = pages[s.page];
        if (!page) page = pages[s.page] = { page: s.page, best: [], sections: {}, score: 0 };
        if ((page.best[w] || 0) < points) page.best[w] = points;
        if (inSection) {
          var entry = page.sections[section] || (page.sections[section] = { section: section, points: [] });
          if ((entry.points[w] || 0) < points) entry.points[w] = points;
        }
      }
      index.pages.forEach(function (page, p) { if (wordStart(page.folded, term) >= 0) add(page.first, 20, false); });
      index.sections.forEach(function (section, i) { if (section.folded && wordStart(section.folded, term) >= 0) add(i, 6, true); });
      Object.keys(body).forEach(function (section) { add(+section, body[section], true); });
    });
    var found = [];
    Object.keys(pages).forEach(function (key) {
      var page = pages[key], score = 0;
      for (var w = 0; w < words.length; w++) {
        if (!page.best[w]) return;
        score += page.best[w];
      }
      page.score = score;
      page.list = Object.keys(page.sections).map(function (k) {
        var entry = page.sections[k], points = 0;
        entry.points.forEach(function (p) { points += p || 0; });
        return { section: entry.section, points: points };
      }).sort(function (a, b) { return b.points - a.points || a.section - b.section; });
      found.push(page);
    });
    return found.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  }
  // `text` with every word that starts with a query word marked, cut to about 180 characters
  // around the first one (`whole`: not cut).
  function snippet(text, words, className, whole) {
    var line = document.createElement("span");
    line.className = className || "search-snippet";
    if (!text) return line;
    var folded = fold(text), marks = [];
    words.forEach(function (term) {
      var at = wordStart(folded, term);
      while (at >= 0) {
        var end = at + term.length;
        while (end < folded.length && /[\p{L}\p{N}]/u.test(folded.charAt(end))) end++;
        marks.push([at, end]);
        at = folded.indexOf(term, end);
        while (at > 0 && /[\p{L}\p{N}]/u.test(folded.charAt(at - 1))) at = folded.indexOf(term, at + 1);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    var first = marks.length ? marks[0][0] : 0;
    var start = whole ? 0 : Math.max(0, first - 50), end = whole ? text.length : Math.min(text.length, start + 180);
    if (start > 0) line.appendChild(document.createTextNode("…"));
    var at = start;
    marks.forEach(function (m) {
      if (m[0] < at || m[0] >= end) return;
      line.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], Math.min(m[1], end));
      line.appendChild(mark);
      at = Math.min(m[1], end);
    });
    line.appendChild(document.createTextNode(text.slice(at, end) + (end < text.length ? "…" : "")));
    return line;
  }
  function search() {
    var words = terms(input.value);
    if (!words.length) { panel.textContent = ""; panel.hidden = true; return; }
    if (!index) { load(); return; }
    var missing = words.map(function (t) { return Array.from(t).slice(0, 2).join(""); })
      .filter(function (key, i, all) { return all.indexOf(key) === i && index.shards[key] && !shards[key]; });
    if (missing.length) {
      var left = missing.length;
      missing.forEach(function (key) {
        script(base + "assets/search/" + fileName(key) + ".js", "s:" + key, function () { if (--left === 0) search(); });
      });
      return;
    }
    render(words, rank(words));
  }
  function render(words, found) {
    panel.textContent = "";
    panel.setAttribute("data-query", input.value);  // what the list answers (tests wait for it)
    panel.hidden = false;
    var count = document.createElement("p");
    count.className = "search-count";
    count.setAttribute("role", "status");
    count.textContent = found.length === 1 ? box.getAttribute("data-one-result") || "1 result"
      : (box.getAttribute("data-results") || "%d results").replace("%d", found.length);
    if (!found.length) {
      count.className = "search-empty";
      count.textContent = box.getAttribute("data-no-results") || "No results";
      panel.appendChild(count);
      return;
    }
    panel.appendChild(count);
    var list = document.createElement("ol");
    enterLink = null;
    found.slice(0, shown).forEach(function (result, position) {
      var page = index.pages[result.page], item = document.createElement("li");
      item.className = "search-result";
      var link = document.createElement("a");
      link.href = base + page.url;
      link.className = "search-page-link";
      link.appendChild(snippet(page.title, words, "search-title", true));
      var top = result.list[0];
      var own = top && index.sections[top.section].offset === 0 ? top : null;
      link.appendChild(snippetFor(result.page, own ? 0 : -1, words));
      item.appendChild(link);
      var sections = result.list.filter(function (entry) { return index.sections[entry.section].offset > 0; }).slice(0, 3);
      if (sections.length) {
        var sub = document.createElement("ul");
        sections.forEach(function (entry) {
          var section = index.sections[entry.section], row = document.createElement("li"), a = document.createElement("a");
          a.href = base + page.url + "#" + encodeURIComponent(section.anchor);
          a.appendChild(snippet(section.title, words, "search-section", true));
          a.appendChild(snippetFor(result.page, section.offset, words));
          row.appendChild(a);
          sub.appendChild(row);
        });
        item.appendChild(sub);
      }
      // Enter opens the first result: its page when its title matched, else its best section.
      if (position === 0) enterLink = result.best.indexOf(20) < 0 && sections.length ? sub.querySelector("a") : link;
      list.appendChild(item);
    });
    panel.appendChild(list);
    if (found.length > shown) {
      var more = document.createElement("button");
      more.type = "button";
      more.className = "search-more";
      more.textContent = box.getAttribute("data-more-results") || "Show more results";
      more.addEventListener("click", function () {
        shown += 10;
        render(words, found);
        var links = results();
        if (links[shown - 10]) links[shown - 10].focus();
      });
      panel.appendChild(more);
    }
  }
  // The snippet of a page's section: filled in when the page's text has arrived.
  function snippetFor(page, offset, words) {
    var holder = document.createElement("span");
    holder.className = "search-snippet";
    if (offset < 0) return holder;
    holder.setAttribute("data-pending", "");  // until the page's text has arrived (tests wait for it)
    function fill() { var text = (texts[page] || [])[offset]; holder.replaceWith(snippet(text || "", words)); }
    if (texts[page]) { fill(); return holder; }
    script(base + "assets/search/text/" + page + ".js", "t:" + page, function () { if (holder.isConnected) fill(); });
    return holder;
  }
  function results() { return Array.prototype.slice.call(panel.querySelectorAll("a, .search-more")); }
  function close() { panel.hidden = true; }

  input.addEventListener("focus", load);
  input.addEventListener("input", function () {
    clearTimeout(timer);
    shown = 10;
    timer = setTimeout(search, 60);
  });
  input.addEventListener("keydown", function (event) {
    var links = results();
    if (event.key === "Enter" && links.length) { event.preventDefault(); (enterLink && enterLink.isConnected ? enterLink : links[0]).click(); }
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
  document.addEventListener("click", function (event) { if (!box.contains(event.target) && event.target.isConnected) close(); });
  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (event.key === "/" && tag !== "input" && tag !== "textarea" && !event.target.isContentEditable) {
      event.preventDefault();
      input.focus();
    }
  });
})();
