import FolioMarkdown

/// The built-in theme's page (`layout.mustache` and its partials `breadcrumbs`, `page`,
/// `pagination` and `toc`) written in Swift: rendering a page with swift-mustache was a third of a
/// clean build's time, most of it looking each `{{name}}` up through the context stack with
/// dynamic casts. It reads the same context the templates read and writes the same bytes;
/// `BuiltInLayoutTests` renders every page of several sites both ways and compares them, so a
/// change to a template that is not made here too fails. A site whose templates folder overrides
/// any template is rendered by Mustache.
enum BuiltInLayout {
    /// The templates this replaces: with any of them overridden, Mustache renders the page.
    static let templates: Set<String> = ["layout", "breadcrumbs", "page", "pagination", "toc"]

    static func render(_ context: [String: Any]) -> String {
        var out = ""
        out.reserveCapacity((((context["page"] as? [String: Any])?["content"] as? String)?.utf8.count ?? 0) + 8_192)
        let site = context["site"] as? [String: Any] ?? [:]
        let page = context["page"] as? [String: Any] ?? [:]
        let t = context["t"] as? [String: String] ?? [:]
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        let root = escapeHTML(context["root"] as? String ?? "")
        let base = context["base"] as? String

        out += "<!doctype html>\n<html lang=\"\(text(site["language"]))\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let base { out += "<base href=\"\(escapeHTML(base))\">\n" }
        out += "<title>\(text(page["title"])) · \(text(site["title"]))</title>\n"
        if let description = page["description"] { out += "<meta name=\"description\" content=\"\(text(description))\">\n" }
        if let canonical = context["canonical"] { out += "<link rel=\"canonical\" href=\"\(text(canonical))\">\n" }
        out += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"\(root)assets/folio.css\">\n"
        for css in context["extraCSS"] as? [[String: Any]] ?? [] { out += "<link rel=\"stylesheet\" href=\"\(text(css["href"]))\">\n" }
        out += "<script>document.documentElement.classList.add(\"js\");try{var s=localStorage.getItem(\"folio-theme\");if(s)document.documentElement.dataset.theme=s}catch(e){}</script>\n"
        out += "</head>\n<body>\n"
        if base == nil { out += "<a class=\"skip-link\" href=\"#content\">\(word("skipToContent"))</a>\n" }
        out += "<header class=\"topbar\">\n"
        out += "<button class=\"menu-button\" type=\"button\" aria-controls=\"sidebar\" aria-expanded=\"false\" data-folio-menu>\(word("menu"))</button>\n"
        out += "<a class=\"site-title\" href=\"\(text(context["home"]))\">\(text(site["title"]))</a>\n"
        if site["search"] as? Bool == true {
            out += "<div class=\"search\" role=\"search\" data-folio-search data-root=\"\(root)\" data-no-results=\"\(word("noResults"))\""
            out += " data-results=\"\(word("results"))\" data-one-result=\"\(word("oneResult"))\" data-more-results=\"\(word("moreResults"))\" hidden>\n"
            out += "<input class=\"search-input\" type=\"search\" placeholder=\"\(word("search"))\" aria-label=\"\(word("search"))\" autocomplete=\"off\""
            out += " spellcheck=\"false\" aria-controls=\"search-results\" data-folio-search-input>\n"
            out += "<div class=\"search-results\" id=\"search-results\" data-folio-search-results hidden></div>\n</div>\n"
        }
        let repository = site["repository"] as? String
        if let repository { out += "<a class=\"repo-link\" href=\"\(escapeHTML(repository))\">\(text(site["repositoryName"]))</a>\n" }
        out += "<button class=\"theme-button\" type=\"button\" data-folio-theme title=\"\(word("toggleTheme"))\" aria-label=\"\(word("toggleTheme"))\">◐</button>\n"
        out += "</header>\n<div class=\"layout\">\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"\(word("navigation"))\">\n"
        out += context["navigation"] as? String ?? ""
        out += "\n"
        if let repository { out += "<p class=\"sidebar-repo\"><a href=\"\(escapeHTML(repository))\">\(text(site["repositoryName"]))</a></p>\n" }
        out += "</nav>\n<main id=\"content\" class=\"content\" data-copy=\"\(word("copy"))\" data-copied=\"\(word("copied"))\" data-copy-label=\"\(word("copyCode"))\">\n"
        breadcrumbs(context, t: t, into: &out)
        article(page, t: t, into: &out)
        pagination(context, t: t, into: &out)
        out += "</main>\n"
        toc(context, t: t, into: &out)
        out += "</div>\n<footer class=\"footer\">"
        if let copyright = context["copyright"] as? String { out += "<div class=\"copyright\">\(copyright)</div>\n" }
        out += "\(word("builtWith"))</footer>\n<script src=\"\(root)assets/folio.js\"></script>\n"
        for script in context["extraJavaScript"] as? [[String: Any]] ?? [] {
            out += "<script src=\"\(text(script["src"]))\""
            if let type = script["type"] as? String { out += " type=\"\(escapeHTML(type))\"" }
            if script["async"] as? Bool == true { out += " async" }
            if script["defer"] as? Bool == true { out += " defer" }
            out += "></script>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// `breadcrumbs.mustache`.
    private static func breadcrumbs(_ context: [String: Any], t: [String: String], into out: inout String) {
        guard context["hasBreadcrumbs"] as? Bool == true else { return }
        out += "<nav class=\"breadcrumbs\" aria-label=\"\(escapeHTML(t["breadcrumbs"] ?? ""))\">\n<ol>\n"
        for crumb in context["breadcrumbs"] as? [[String: Any]] ?? [] {
            out += "<li>"
            if let href = crumb["href"] as? String {
                out += "<a href=\"\(escapeHTML(href))\">\(text(crumb["title"]))</a>"
            } else {
                out += crumb["isCurrent"] as? Bool == true ? "<span aria-current=\"page\">" : "<span>"
                out += "\(text(crumb["title"]))</span>"
            }
            out += "</li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    /// `page.mustache`.
    private static func article(_ page: [String: Any], t: [String: String], into out: inout String) {
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        out += "<article class=\"page\">\n"
        if page["showTitle"] as? Bool == true { out += "<h1>\(text(page["title"]))</h1>\n" }
        if let runbook = page["runbook"] as? [String: Any] {
            if runbook["isOverdue"] as? Bool == true {
                out += "<p class=\"runbook-overdue\" role=\"alert\">\(word("overdue")): \(word("reviewDue")) \(text(runbook["due"]))</p>\n"
            }
            out += "<dl class=\"runbook-meta\">\n"
            for (key, label) in [("owner", "owner"), ("service", "service"), ("severity", "severity"), ("lastReviewed", "lastReviewed")] {
                if let value = runbook[key] { out += "<div><dt>\(word(label))</dt><dd>\(text(value))</dd></div>\n" }
            }
            if let due = runbook["due"] {
                out += "<div><dt>\(word("reviewDue"))</dt><dd>\(text(due)) (\(text(runbook["reviewDays"])) \(word("days")))</dd></div>\n"
            }
            out += "</dl>\n"
        }
        out += page["content"] as? String ?? ""
        out += "\n"
        if let edit = page["editURL"] { out += "<p class=\"edit-link\"><a href=\"\(text(edit))\">\(word("editPage"))</a></p>\n" }
        out += "</article>\n"
    }

    /// `pagination.mustache`.
    private static func pagination(_ context: [String: Any], t: [String: String], into out: inout String) {
        guard context["hasPagination"] as? Bool == true else { return }
        out += "<nav class=\"pagination\" aria-label=\"\(escapeHTML(t["pagination"] ?? ""))\">\n"
        if let previous = context["previous"] as? [String: Any] {
            out += "<a class=\"previous\" rel=\"prev\" href=\"\(text(previous["href"]))\"><span>\(escapeHTML(t["previous"] ?? ""))</span>\(text(previous["title"]))</a>"
        }
        out += "\n"
        if let next = context["next"] as? [String: Any] {
            out += "<a class=\"next\" rel=\"next\" href=\"\(text(next["href"]))\"><span>\(escapeHTML(t["next"] ?? ""))</span>\(text(next["title"]))</a>"
        }
        out += "\n</nav>\n"
    }

    /// `toc.mustache`.
    private static func toc(_ context: [String: Any], t: [String: String], into out: inout String) {
        guard context["hasToc"] as? Bool == true else { return }
        out += "<details class=\"toc\" open data-folio-toc>\n<summary class=\"toc-title\">\(escapeHTML(t["onThisPage"] ?? ""))</summary>\n<ul>\n"
        for entry in context["toc"] as? [[String: Any]] ?? [] {
            out += "<li class=\"toc-level-\(text(entry["level"]))\"><a href=\"#\(text(entry["id"]))\">\(text(entry["text"]))</a></li>\n"
        }
        out += "</ul>\n</details>\n"
    }

    /// A value as `{{name}}` writes it: escaped, a missing one as nothing.
    static func text(_ value: Any?) -> String {
        switch value {
        case let string as String: return escapeHTML(string)
        case let number as Int: return String(number)
        case .some(let other): return escapeHTML(String(describing: other))
        case .none: return ""
        }
    }
}
