import FolioMarkdown
import FolioModel

/// The built-in sidebar (`navigation.mustache` and `navigation-item.mustache`) written in Swift:
/// rendered once per folder, it was a tenth of a clean build through swift-mustache. Same input
/// (the entries `Renderer` makes), same bytes; `BuiltInLayoutTests` compares the two on every
/// folder of eight sites. A site that overrides either template keeps Mustache.
enum BuiltInNavigation {
    static let templates: Set<String> = ["navigation", "navigation-item"]

    static func render(_ items: [NavigationEntry]) -> String {
        var out = "<ul class=\"nav\">\n"
        for item in items { entry(item, into: &out) }
        out += "\n</ul>\n"
        return out
    }

    /// `navigation-item.mustache`: one entry, and its children when it has some.
    private static func entry(_ item: NavigationEntry, into out: inout String) {
        let hasChildren = !item.children.isEmpty
        out += "<li class=\"nav-item"
        if item.isSection { out += " nav-section" }
        if item.isOpen { out += " is-open" }
        out += "\">"
        if hasChildren {
            out += "<button class=\"nav-toggle\" type=\"button\" aria-expanded=\"\(item.isOpen ? "true" : "false")\" aria-label=\"\(escapeHTML(item.toggleLabel ?? ""))\"></button>"
        }
        let title = escapeHTML(item.title)
        let long = item.longTitle.map { " title=\"\(escapeHTML($0))\"" } ?? ""
        if let href = item.href {
            out += "<a href=\"\(escapeHTML(href))\"\(long)>\(title)</a>"
        } else {
            out += "<span\(long)>\(title)</span>"
        }
        if hasChildren {
            out += item.isOpen ? "\n<ul>\n" : "\n<ul class=\"is-collapsed\">\n"
            for child in item.children { entry(child, into: &out) }
            out += "\n</ul>\n"
        }
        out += "</li>\n"
    }
}

/// One entry of the sidebar: a page, a section (open, or closed with its entries in place), or
/// a link of mkdocs.yml's nav. Typed, not a dictionary: the sidebars of 1,000 folders made
/// 200,000 of them, a third of the time to make the renderer. Mustache reads ``context``.
struct NavigationEntry {
    var title: String
    /// The root placeholder and the encoded URL, or a nav link's URL as written.
    var href: String?
    var isSection = false
    var isOpen = false
    var children: [NavigationEntry] = []
    /// The full title, when too long for two lines of the sidebar (a tooltip).
    var longTitle: String?
    var toggleLabel: String?

    init(title: String, url: String?) {
        self.title = title
        href = url.map { Renderer.rootToken + Routes.encode($0) }
        // (Counting characters walks graphemes: the byte count answers first for short titles.)
        longTitle = title.utf8.count > 60 && title.count > 60 ? title : nil
    }

    /// The entry as `navigation-item.mustache` reads it. Every key is always set: Mustache looks
    /// a missing key up in the enclosing context, so an entry without `children` would recurse
    /// into its parent's.
    var context: [String: Any] {
        var context: [String: Any] = [
            "title": title, "href": href ?? false, "isSection": isSection, "isOpen": isOpen, "hasChildren": !children.isEmpty,
            "children": children.map(\.context), "longTitle": longTitle ?? false,
        ]
        if let toggleLabel { context["toggleLabel"] = toggleLabel }
        return context
    }
}
