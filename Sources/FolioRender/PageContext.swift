import FolioModel

/// What a page's layout shows, typed: the context `layout.mustache` reads, made once per page.
/// ``BuiltInLayout`` reads its fields; a site that overrides a template gets ``dictionary``, the
/// same values under the template's names; the incremental build's key hashes every field
/// (``combine(into:)``). As dictionaries, the contexts of 10,000 pages were 7% of a clean build's
/// time, most of it hashing keys, boxing values and casting them back.
package struct PageContext {
    struct Link {
        var title: String
        var href: String
    }

    struct Crumb {
        var title: String
        /// `nil` for the page itself and a section without a landing page.
        var href: String?
        var isCurrent: Bool
    }

    struct TocEntry {
        var level: Int
        var id: String
        var text: String
    }

    struct RunbookFields {
        var reviewDays: String
        var owner: String?
        var service: String?
        var severity: String?
        var lastReviewed: String?
        var due: String?
        var isOverdue: Bool
    }

    struct Script {
        var src: String
        var type: String?
        var isAsync: Bool
        var isDeferred: Bool
    }

    var title: String
    /// The body's HTML, its links filled in.
    var content: String
    var url: String
    var source: String
    /// Whether the layout writes the title as an H1 (the body has none).
    var showTitle: Bool
    /// The page's description, else the site's.
    var description: String?
    var editURL: String?
    var runbook: RunbookFields?
    /// The relative path to the site root, `../../`.
    var root: String
    var home: String
    var toc: [TocEntry] = []
    var breadcrumbs: [Crumb] = []
    var previous: Link?
    var next: Link?
    var canonical: String?
    var extraCSS: [String] = []
    var extraJavaScript: [Script] = []
    /// mkdocs.yml's `copyright`, HTML.
    var copyright: String?
    /// `<base href>`, for the 404 page only.
    var base: String?
    /// The sidebar, filled in when the page is rendered.
    var navigation = ""

    /// The context as the templates read it: `page`, `root`, `home`, `toc`, `breadcrumbs`,
    /// `previous`, `next`, the `has…` flags, and `site` and `t`, which every page shares.
    func dictionary(site: [String: Any], words: [String: String]) -> [String: Any] {
        var page: [String: Any] = ["title": title, "content": content, "url": url, "source": source]
        if showTitle { page["showTitle"] = true }
        if let description { page["description"] = description }
        if let editURL { page["editURL"] = editURL }
        if let runbook {
            var values: [String: Any] = ["reviewDays": runbook.reviewDays]
            if let owner = runbook.owner { values["owner"] = owner }
            if let service = runbook.service { values["service"] = service }
            if let severity = runbook.severity { values["severity"] = severity }
            if let reviewed = runbook.lastReviewed { values["lastReviewed"] = reviewed }
            if let due = runbook.due { values["due"] = due }
            if runbook.isOverdue { values["isOverdue"] = true }
            page["runbook"] = values
        }
        var context: [String: Any] = [
            "site": site, "page": page, "root": root, "home": home, "t": words, "navigation": navigation,
            "toc": toc.map { ["level": $0.level, "id": $0.id, "text": $0.text] as [String: Any] }, "hasToc": !toc.isEmpty,
            "breadcrumbs": breadcrumbs.map { ["title": $0.title, "href": $0.href.map { $0 as Any } ?? false, "isCurrent": $0.isCurrent] as [String: Any] },
            "hasBreadcrumbs": breadcrumbs.count > 1, "hasPagination": previous != nil || next != nil,
        ]
        if let previous { context["previous"] = ["title": previous.title, "href": previous.href] }
        if let next { context["next"] = ["title": next.title, "href": next.href] }
        if let canonical { context["canonical"] = canonical }
        if !extraCSS.isEmpty { context["extraCSS"] = extraCSS.map { ["href": $0] } }
        if !extraJavaScript.isEmpty {
            context["extraJavaScript"] = extraJavaScript.map { script -> [String: Any] in
                ["src": script.src, "type": script.type.map { $0 as Any } ?? false, "async": script.isAsync, "defer": script.isDeferred]
            }
        }
        if let copyright { context["copyright"] = copyright }
        if let base { context["base"] = base }
        return context
    }

    /// Every field but the sidebar (keyed by its fragment), in order, each optional with its
    /// presence: two pages with the same hash render the same bytes.
    func combine(into hash: inout ContentHash) {
        func add(_ text: String?) {
            hash.combine(text == nil ? 0 : 1)
            if let text { hash.combine(text) }
        }
        for text in [title, content, url, source] { hash.combine(text) }
        hash.combine(showTitle ? 1 : 0)
        add(description)
        add(editURL)
        hash.combine(runbook == nil ? 0 : 1)
        if let runbook {
            hash.combine(runbook.reviewDays)
            for text in [runbook.owner, runbook.service, runbook.severity, runbook.lastReviewed, runbook.due] { add(text) }
            hash.combine(runbook.isOverdue ? 1 : 0)
        }
        hash.combine(root)
        hash.combine(home)
        hash.combine(toc.count)
        for entry in toc {
            hash.combine(entry.level)
            hash.combine(entry.id)
            hash.combine(entry.text)
        }
        hash.combine(breadcrumbs.count)
        for crumb in breadcrumbs {
            hash.combine(crumb.title)
            add(crumb.href)
            hash.combine(crumb.isCurrent ? 1 : 0)
        }
        for link in [previous, next] {
            add(link?.title)
            add(link?.href)
        }
        add(canonical)
        hash.combine(extraCSS.count)
        for href in extraCSS { hash.combine(href) }
        hash.combine(extraJavaScript.count)
        for script in extraJavaScript {
            hash.combine(script.src)
            add(script.type)
            hash.combine((script.isAsync ? 2 : 0) + (script.isDeferred ? 1 : 0))
        }
        add(copyright)
        add(base)
    }
}
