import FolioMarkdown
import FolioText

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

    static func render(_ context: PageContext, navigation: [UInt8], site: SiteFields, words t: [String: String]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(context.content.utf8.count + navigation.count + 8_192)
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        let root = escapeHTML(context.root)
        let base = context.base

        out += "<!doctype html>\n<html lang=\"\(escapeHTML(site.language))\">\n<head>\n<meta charset=\"utf-8\">\n".utf8
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n".utf8
        if let base { out += "<base href=\"\(escapeHTML(base))\">\n".utf8 }
        out += "<title>\(escapeHTML(context.title)) · \(escapeHTML(site.title))</title>\n".utf8
        if let description = context.description { out += "<meta name=\"description\" content=\"\(escapeHTML(description))\">\n".utf8 }
        if let canonical = context.canonical { out += "<link rel=\"canonical\" href=\"\(escapeHTML(canonical))\">\n".utf8 }
        out += "<link rel=\"icon\" href=\"data:,\">\n<link rel=\"stylesheet\" href=\"\(root)assets/folio.css\">\n".utf8
        for css in context.extraCSS { out += "<link rel=\"stylesheet\" href=\"\(escapeHTML(css))\">\n".utf8 }
        out += "<script>document.documentElement.classList.add(\"js\");try{var s=localStorage.getItem(\"folio-theme\");if(s)document.documentElement.dataset.theme=s}catch(e){}</script>\n".utf8
        out += "</head>\n<body>\n".utf8
        if base == nil { out += "<a class=\"skip-link\" href=\"#content\">\(word("skipToContent"))</a>\n".utf8 }
        out += "<header class=\"topbar\">\n".utf8
        out += "<button class=\"menu-button\" type=\"button\" aria-controls=\"sidebar\" aria-expanded=\"false\" data-folio-menu>\(word("menu"))</button>\n".utf8
        out += "<a class=\"site-title\" href=\"\(escapeHTML(context.home))\">\(escapeHTML(site.title))</a>\n".utf8
        if site.search {
            out += "<div class=\"search\" role=\"search\" data-folio-search data-root=\"\(root)\" data-no-results=\"\(word("noResults"))\"".utf8
            out += " data-results=\"\(word("results"))\" data-one-result=\"\(word("oneResult"))\" data-more-results=\"\(word("moreResults"))\" hidden>\n".utf8
            out += "<input class=\"search-input\" type=\"search\" placeholder=\"\(word("search"))\" aria-label=\"\(word("search"))\" autocomplete=\"off\"".utf8
            out += " spellcheck=\"false\" aria-controls=\"search-results\" data-folio-search-input>\n".utf8
            out += "<div class=\"search-results\" id=\"search-results\" data-folio-search-results hidden></div>\n</div>\n".utf8
        }
        let repository = site.repository
        if let repository { out += "<a class=\"repo-link\" href=\"\(escapeHTML(repository))\">\(escapeHTML(site.repositoryName))</a>\n".utf8 }
        out += "<button class=\"theme-button\" type=\"button\" data-folio-theme title=\"\(word("toggleTheme"))\" aria-label=\"\(word("toggleTheme"))\">◐</button>\n".utf8
        out += "</header>\n<div class=\"layout\">\n<nav id=\"sidebar\" class=\"sidebar\" aria-label=\"\(word("navigation"))\">\n".utf8
        out += navigation
        out += "\n".utf8
        if let repository { out += "<p class=\"sidebar-repo\"><a href=\"\(escapeHTML(repository))\">\(escapeHTML(site.repositoryName))</a></p>\n".utf8 }
        out += "</nav>\n<main id=\"content\" class=\"content\" data-copy=\"\(word("copy"))\" data-copied=\"\(word("copied"))\" data-copy-label=\"\(word("copyCode"))\">\n".utf8
        breadcrumbs(context, t: t, into: &out)
        article(context, t: t, into: &out)
        pagination(context, t: t, into: &out)
        out += "</main>\n".utf8
        toc(context, t: t, into: &out)
        out += "</div>\n<footer class=\"footer\">".utf8
        if let copyright = context.copyright { out += "<div class=\"copyright\">\(copyright)</div>\n".utf8 }
        out += "\(word("builtWith"))</footer>\n<script src=\"\(root)assets/folio.js\"></script>\n".utf8
        for script in context.extraJavaScript {
            out += "<script src=\"\(escapeHTML(script.src))\"".utf8
            if let type = script.type { out += " type=\"\(escapeHTML(type))\"".utf8 }
            if script.isAsync { out += " async".utf8 }
            if script.isDeferred { out += " defer".utf8 }
            out += "></script>\n".utf8
        }
        out += "</body>\n</html>\n".utf8
        return out
    }

    /// `breadcrumbs.mustache`.
    private static func breadcrumbs(_ context: PageContext, t: [String: String], into out: inout [UInt8]) {
        guard context.breadcrumbs.count > 1 else { return }
        out += "<nav class=\"breadcrumbs\" aria-label=\"\(escapeHTML(t["breadcrumbs"] ?? ""))\">\n<ol>\n".utf8
        for crumb in context.breadcrumbs {
            out += "<li>".utf8
            if let href = crumb.href {
                out += "<a href=\"\(escapeHTML(href))\">\(escapeHTML(crumb.title))</a>".utf8
            } else {
                out += (crumb.isCurrent ? "<span aria-current=\"page\">" : "<span>").utf8
                out += "\(escapeHTML(crumb.title))</span>".utf8
            }
            out += "</li>\n".utf8
        }
        out += "</ol>\n</nav>\n".utf8
    }

    /// `page.mustache`.
    private static func article(_ page: PageContext, t: [String: String], into out: inout [UInt8]) {
        func word(_ key: String) -> String { escapeHTML(t[key] ?? "") }
        out += "<article class=\"page\">\n".utf8
        if page.showTitle { out += "<h1>\(escapeHTML(page.title))</h1>\n".utf8 }
        if let runbook = page.runbook {
            if runbook.isOverdue {
                out += "<p class=\"runbook-overdue\" role=\"alert\">\(word("overdue")): \(word("reviewDue")) \(escapeHTML(runbook.due ?? ""))</p>\n".utf8
            }
            out += "<dl class=\"runbook-meta\">\n".utf8
            for (value, label) in [(runbook.owner, "owner"), (runbook.service, "service"), (runbook.severity, "severity"), (runbook.lastReviewed, "lastReviewed")] {
                if let value { out += "<div><dt>\(word(label))</dt><dd>\(escapeHTML(value))</dd></div>\n".utf8 }
            }
            if let due = runbook.due {
                out += "<div><dt>\(word("reviewDue"))</dt><dd>\(escapeHTML(due)) (\(escapeHTML(runbook.reviewDays)) \(word("days")))</dd></div>\n".utf8
            }
            out += "</dl>\n".utf8
        }
        out += page.content.utf8
        out += "\n".utf8
        if let edit = page.editURL { out += "<p class=\"edit-link\"><a href=\"\(escapeHTML(edit))\">\(word("editPage"))</a></p>\n".utf8 }
        out += "</article>\n".utf8
    }

    /// `pagination.mustache`.
    private static func pagination(_ context: PageContext, t: [String: String], into out: inout [UInt8]) {
        guard context.previous != nil || context.next != nil else { return }
        out += "<nav class=\"pagination\" aria-label=\"\(escapeHTML(t["pagination"] ?? ""))\">\n".utf8
        if let previous = context.previous {
            out += "<a class=\"previous\" rel=\"prev\" href=\"\(escapeHTML(previous.href))\"><span>\(escapeHTML(t["previous"] ?? ""))</span>\(escapeHTML(previous.title))</a>".utf8
        }
        out += "\n".utf8
        if let next = context.next {
            out += "<a class=\"next\" rel=\"next\" href=\"\(escapeHTML(next.href))\"><span>\(escapeHTML(t["next"] ?? ""))</span>\(escapeHTML(next.title))</a>".utf8
        }
        out += "\n</nav>\n".utf8
    }

    /// `toc.mustache`.
    private static func toc(_ context: PageContext, t: [String: String], into out: inout [UInt8]) {
        guard !context.toc.isEmpty else { return }
        out += "<details class=\"toc\" open data-folio-toc>\n<summary class=\"toc-title\">\(escapeHTML(t["onThisPage"] ?? ""))</summary>\n<ul>\n".utf8
        for entry in context.toc {
            // In pieces: an interpolated string made for each entry first.
            out += "<li class=\"toc-level-".utf8
            out.appendDecimal(entry.level)
            out += "\"><a href=\"#".utf8
            out += escapeHTML(entry.id).utf8
            out += "\">".utf8
            out += escapeHTML(entry.text).utf8
            out += "</a></li>\n".utf8
        }
        out += "</ul>\n</details>\n".utf8
    }
}
