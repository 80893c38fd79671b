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

  // "On this page" is open beside the content on wide screens and folded above it on narrow ones.
  var toc = document.querySelector("[data-folio-toc]");
  if (toc && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 1100px)");
    var fit = function () { toc.open = !narrow.matches; };
    fit();
    if (narrow.addEventListener) narrow.addEventListener("change", fit);
  }

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
// first time the box is used; a shard of words per two-letter prefix (which pages have them); the
// text of the pages shown, in chunks, for their sections and snippets. Accents and case are ignored on both sides, so "instalacao"
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
  window.folioSearchText = function (chunk, first, pages) {
    pages.forEach(function (sections, i) { texts[first + i] = sections; });
    settle("t:" + chunk);
  };
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
      index = { pages: [], sections: [], shards: {}, chunks: raw.chunks || [0] };
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
  // The pages whose text has a word starting with `term`, from its shard (1.2 for the word itself).
  function bodyHits(term) {
    var hits = {}, words = shards[Array.from(term).slice(0, 2).join("")] || {};
    Object.keys(words).forEach(function (word) {
      if (word.lastIndexOf(term, 0) !== 0) return;
      var page = 0;
      words[word].forEach(function (delta) { page += delta; hits[page] = Math.max(hits[page] || 0, word === term ? 1.2 : 1); });
    });
    return hits;
  }
  // Pages with every word in their title (20 points a word), a heading (6) or their text (1),
  // best first; ties keep the reading order.
  function rank(words) {
    var best = {};
    words.forEach(function (term, w) {
      function add(page, points) {
        var entry = best[page] || (best[page] = []);
        if ((entry[w] || 0) < points) entry[w] = points;
      }
      var body = bodyHits(term);
      Object.keys(body).forEach(function (page) { add(+page, body[page]); });
      index.sections.forEach(function (section) { if (section.folded && wordStart(section.folded, term) >= 0) add(section.page, 6); });
      index.pages.forEach(function (page, p) { if (wordStart(page.folded, term) >= 0) add(p, 20); });
    });
    var found = [];
    Object.keys(best).forEach(function (key) {
      var points = best[key], score = 0;
      for (var w = 0; w < words.length; w++) {
        if (!points[w]) return;
        score += points[w];
      }
      found.push({ page: +key, score: score, titleMatched: points.indexOf(20) >= 0 });
    });
    return found.sort(function (a, b) { return b.score - a.score || a.page - b.page; });
  }
  // A page's sections that have a word in their heading (6) or text (1), best first, at most 3.
  function matchingSections(page, words) {
    var entry = index.pages[page], text = texts[page] || [], list = [];
    for (var offset = 1; offset < entry.count; offset++) {
      var section = index.sections[entry.first + offset], folded = fold(text[offset] || ""), points = 0;
      words.forEach(function (term) {
        points += section.folded && wordStart(section.folded, term) >= 0 ? 6 : wordStart(folded, term) >= 0 ? 1 : 0;
      });
      if (points > 0) list.push({ section: section, points: points, offset: offset });
    }
    return list.sort(function (a, b) { return b.points - a.points || a.offset - b.offset; }).slice(0, 3);
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
      var intro = document.createElement("span");
      link.appendChild(intro);
      item.appendChild(link);
      var sub = document.createElement("ul");
      sub.setAttribute("data-pending", "");  // until the page's text has arrived (tests wait for it)
      item.appendChild(sub);
      list.appendChild(item);
      // Enter opens the first result: its page when its title matched, else its best section.
      if (position === 0) enterLink = link;
      withText(result.page, function () {
        var text = texts[result.page] || [];
        if (wordsIn(fold(text[0] || ""), words)) intro.replaceWith(snippet(text[0], words));
        matchingSections(result.page, words).forEach(function (entry) {
          var row = document.createElement("li"), a = document.createElement("a");
          a.href = base + page.url + "#" + encodeURIComponent(entry.section.anchor);
          a.appendChild(snippet(entry.section.title, words, "search-section", true));
          a.appendChild(snippet(text[entry.offset] || "", words));
          row.appendChild(a);
          sub.appendChild(row);
        });
        sub.removeAttribute("data-pending");
        if (position === 0 && !result.titleMatched && sub.querySelector("a")) enterLink = sub.querySelector("a");
      });
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
  // Runs `done` once page `page`'s text has arrived (at once when it is here).
  function withText(page, done) {
    if (texts[page]) { done(); return; }
    var chunk = 0;
    while (chunk + 1 < index.chunks.length && index.chunks[chunk + 1] <= page) chunk++;
    script(base + "assets/search/text/" + chunk + ".js", "t:" + chunk, function () { done(); });
  }
  function wordsIn(folded, words) {
    return words.some(function (term) { return wordStart(folded, term) >= 0; });
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
