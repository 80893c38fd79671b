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

    /// What every page shows of the site (the templates' `site`).
    struct SiteFields {
        var title: String
        var language: String
        var repository: String?
        var repositoryName: String
        var search: Bool
    }

    static func render(_ context: PageContext, site: SiteFields, words t: [String: String]) -> String {
        var out = ""
        out.reserveCapacity(context.content.utf8.count + context.navigation.utf8.count + 8_192)
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        let root = escapeHTML(context.root)
        let base = context.base

        out += "<!doctype html>\n<html lang=\"\(escapeHTML(site.language))\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        if let base { out += "<base href=\"\(escapeHTML(base))\">\n" }
        out += "<title>\(escapeHTML(context.title)) · \(escapeHTML(site.title))</title>\n"
        if let description = context.description { out += "<meta name=\"description\" content=\"\(escapeHTML(description))\">\n" }
        if let canonical = context.canonical { out += "<link rel=\"canonical\" href=\"\(escapeHTML(canonical))\">\n" }
        out += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"\(root)assets/folio.css\">\n"
        for css in context.extraCSS { out += "<link rel=\"stylesheet\" href=\"\(escapeHTML(css))\">\n" }
        out += "<script>document.documentElement.classList.add(\"js\");try{var s=localStorage.getItem(\"folio-theme\");if(s)document.documentElement.dataset.theme=s}catch(e){}</script>\n"
        out += "</head>\n<body>\n"
        if base == nil { out += "<a class=\"skip-link\" href=\"#content\">\(word("skipToContent"))</a>\n" }
        out += "<header class=\"topbar\">\n"
        out += "<button class=\"menu-button\" type=\"button\" aria-controls=\"sidebar\" aria-expanded=\"false\" data-folio-menu>\(word("menu"))</button>\n"
        out += "<a class=\"site-title\" href=\"\(escapeHTML(context.home))\">\(escapeHTML(site.title))</a>\n"
        if site.search {
            out += "<div class=\"search\" role=\"search\" data-folio-search data-root=\"\(root)\" data-no-results=\"\(word("noResults"))\""
            out += " data-results=\"\(word("results"))\" data-one-result=\"\(word("oneResult"))\" data-more-results=\"\(word("moreResults"))\" hidden>\n"
            out += "<input class=\"search-input\" type=\"search\" placeholder=\"\(word("search"))\" aria-label=\"\(word("search"))\" autocomplete=\"off\""
            out += " spellcheck=\"false\" aria-controls=\"search-results\" data-folio-search-input>\n"
            out += "<div class=\"search-results\" id=\"search-results\" data-folio-search-results hidden></div>\n</div>\n"
        }
        let repository = site.repository
        if let repository { out += "<a class=\"repo-link\" href=\"\(escapeHTML(repository))\">\(escapeHTML(site.repositoryName))</a>\n" }
        out += "<button class=\"theme-button\" type=\"button\" data-folio-theme title=\"\(word("toggleTheme"))\" aria-label=\"\(word("toggleTheme"))\">◐</button>\n"
        out += "</header>\n<div class=\"layout\">\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"\(word("navigation"))\">\n"
        out += context.navigation
        out += "\n"
        if let repository { out += "<p class=\"sidebar-repo\"><a href=\"\(escapeHTML(repository))\">\(escapeHTML(site.repositoryName))</a></p>\n" }
        out += "</nav>\n<main id=\"content\" class=\"content\" data-copy=\"\(word("copy"))\" data-copied=\"\(word("copied"))\" data-copy-label=\"\(word("copyCode"))\">\n"
        breadcrumbs(context, t: t, into: &out)
        article(context, t: t, into: &out)
        pagination(context, t: t, into: &out)
        out += "</main>\n"
        toc(context, t: t, into: &out)
        out += "</div>\n<footer class=\"footer\">"
        if let copyright = context.copyright { out += "<div class=\"copyright\">\(copyright)</div>\n" }
        out += "\(word("builtWith"))</footer>\n<script src=\"\(root)assets/folio.js\"></script>\n"
        for script in context.extraJavaScript {
            out += "<script src=\"\(escapeHTML(script.src))\""
            if let type = script.type { out += " type=\"\(escapeHTML(type))\"" }
            if script.isAsync { out += " async" }
            if script.isDeferred { out += " defer" }
            out += "></script>\n"
        }
        out += "</body>\n</html>\n"
        return out
    }

    /// `breadcrumbs.mustache`.
    private static func breadcrumbs(_ context: PageContext, t: [String: String], into out: inout String) {
        guard context.breadcrumbs.count > 1 else { return }
        out += "<nav class=\"breadcrumbs\" aria-label=\"\(escapeHTML(t["breadcrumbs"] ?? ""))\">\n<ol>\n"
        for crumb in context.breadcrumbs {
            out += "<li>"
            if let href = crumb.href {
                out += "<a href=\"\(escapeHTML(href))\">\(escapeHTML(crumb.title))</a>"
            } else {
                out += crumb.isCurrent ? "<span aria-current=\"page\">" : "<span>"
                out += "\(escapeHTML(crumb.title))</span>"
            }
            out += "</li>\n"
        }
        out += "</ol>\n</nav>\n"
    }

    /// `page.mustache`.
    private static func article(_ page: PageContext, t: [String: String], into out: inout String) {
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        out += "<article class=\"page\">\n"
        if page.showTitle { out += "<h1>\(escapeHTML(page.title))</h1>\n" }
        if let runbook = page.runbook {
            if runbook.isOverdue {
                out += "<p class=\"runbook-overdue\" role=\"alert\">\(word("overdue")): \(word("reviewDue")) \(escapeHTML(runbook.due ?? ""))</p>\n"
            }
            out += "<dl class=\"runbook-meta\">\n"
            for (value, label) in [(runbook.owner, "owner"), (runbook.service, "service"), (runbook.severity, "severity"), (runbook.lastReviewed, "lastReviewed")] {
                if let value { out += "<div><dt>\(word(label))</dt><dd>\(escapeHTML(value))</dd></div>\n" }
            }
            if let due = runbook.due {
                out += "<div><dt>\(word("reviewDue"))</dt><dd>\(escapeHTML(due)) (\(escapeHTML(runbook.reviewDays)) \(word("days")))</dd></div>\n"
            }
            out += "</dl>\n"
        }
        out += page.content
        out += "\n"
        if let edit = page.editURL { out += "<p class=\"edit-link\"><a href=\"\(escapeHTML(edit))\">\(word("editPage"))</a></p>\n" }
        out += "</article>\n"
    }

    /// `pagination.mustache`.
    private static func pagination(_ context: PageContext, t: [String: String], into out: inout String) {
        guard context.previous != nil || context.next != nil else { return }
        out += "<nav class=\"pagination\" aria-label=\"\(escapeHTML(t["pagination"] ?? ""))\">\n"
        if let previous = context.previous {
            out += "<a class=\"previous\" rel=\"prev\" href=\"\(escapeHTML(previous.href))\"><span>\(escapeHTML(t["previous"] ?? ""))</span>\(escapeHTML(previous.title))</a>"
        }
        out += "\n"
        if let next = context.next {
            out += "<a class=\"next\" rel=\"next\" href=\"\(escapeHTML(next.href))\"><span>\(escapeHTML(t["next"] ?? ""))</span>\(escapeHTML(next.title))</a>"
        }
        out += "\n</nav>\n"
    }

    /// `toc.mustache`.
    private static func toc(_ context: PageContext, t: [String: String], into out: inout String) {
        guard !context.toc.isEmpty else { return }
        out += "<details class=\"toc\" open data-folio-toc>\n<summary class=\"toc-title\">\(escapeHTML(t["onThisPage"] ?? ""))</summary>\n<ul>\n"
        for entry in context.toc {
            out += "<li class=\"toc-level-\(entry.level)\"><a href=\"#\(escapeHTML(entry.id))\">\(escapeHTML(entry.text))</a></li>\n"
        }
        out += "</ul>\n</details>\n"
    }
}
