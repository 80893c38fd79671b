import FolioMarkdown

/// The built-in sidebar (`navigation.mustache` and `navigation-item.mustache`) written in Swift:
/// rendered once per folder, it was a tenth of a clean build through swift-mustache. Same input
/// (the entries `Renderer` makes), same bytes; `BuiltInLayoutTests` compares the two on every
/// folder of eight sites. A site that overrides either template keeps Mustache.
enum BuiltInNavigation {
    static let templates: Set<String> = ["navigation", "navigation-item"]

    static func render(_ items: [[String: Any]]) -> String {
        var out = "<ul class=\"nav\">\n"
        for item in items { entry(item, into: &out) }
        out += "\n</ul>\n"
        return out
    }

    /// `navigation-item.mustache`: one entry, and its children when it has some.
    private static func entry(_ item: [String: Any], into out: inout String) {
        let isOpen = item["isOpen"] as? Bool == true
        let hasChildren = item["hasChildren"] as? Bool == true
        out += "<li class=\"nav-item"
        if item["isSection"] as? Bool == true { out += " nav-section" }
        if isOpen { out += " is-open" }
        out += "\">"
        if hasChildren {
            out += "<button class=\"nav-toggle\" type=\"button\" aria-expanded=\"\(isOpen ? "true" : "false")\" aria-label=\"\(BuiltInLayout.text(item["toggleLabel"]))\"></button>"
        }
        let title = BuiltInLayout.text(item["title"])
        let long = (item["longTitle"] as? String).map { " title=\"\(escapeHTML($0))\"" } ?? ""
        if let href = item["href"] as? String {
            out += "<a href=\"\(escapeHTML(href))\"\(long)>\(title)</a>"
        } else {
            out += "<span\(long)>\(title)</span>"
        }
        if hasChildren {
            out += isOpen ? "\n<ul>\n" : "\n<ul class=\"is-collapsed\">\n"
            for child in item["children"] as? [[String: Any]] ?? [] { entry(child, into: &out) }
            out += "\n</ul>\n"
        }
        out += "</li>\n"
    }
}
