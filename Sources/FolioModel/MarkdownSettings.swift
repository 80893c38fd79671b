import FolioMarkdown
import FolioYAML
import Foundation

/// `markdown:` in folio.yaml (and `markdown_extensions` in mkdocs.yml): which syntax beyond
/// GitHub's a page may use, and where snippets are read from.
extension Config {
    /// Reads `markdown: {unsafe_html, extensions, snippets_base_path, highlight}`.
    mutating func readMarkdown(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) throws {
        for setting in try SettingsReader.pairs(
            of: node, name: "markdown", keys: ["unsafe_html", "extensions", "snippets_base_path", "highlight"], path: path, into: &diagnostics)
        {
            switch setting.key.scalar?.string {
            case "unsafe_html": unsafeHTML = try SettingsReader.bool(setting.value, "markdown.unsafe_html")
            case "snippets_base_path": snippetBasePaths = try Self.paths(setting.value, "markdown.snippets_base_path")
            case "highlight": markdownExtensions.highlightsCode = try SettingsReader.bool(setting.value, "markdown.highlight")
            default: try readExtensions(setting.value, name: "markdown.extensions", path: path, into: &diagnostics)
            }
        }
    }

    /// Extensions that turn on others: Python-Markdown's `extra` and pymdown-extensions' `extra`.
    static let bundles: [String: Set<MarkdownExtensions.Name>] = [
        "extra": [.abbr, .attrList, .defList, .mdInHTML],
        "pymdownx.extra": [.abbr, .attrList, .defList, .mdInHTML, .superfences],
    ]

    /// What Backstage's `techdocs-core` plugin turns on (mkdocs-techdocs-core 1.7: its core.py).
    mutating func enableTechDocsExtensions() {
        markdownExtensions.enabled.formUnion([
            .admonition, .details, .tabbed, .caret, .emoji, .inlineHilite, .mark, .smartSymbols, .snippets, .tilde, .abbr, .attrList, .defList,
            .mdInHTML, .superfences,
        ])
        markdownExtensions.pythonFootnoteIDs = true
        if markdownExtensions.permalinkText == "#" { markdownExtensions.permalinkText = "¶" }
    }

    /// A list of extension names, each alone or as a mapping of its options (as mkdocs.yml writes them).
    mutating func readExtensions(_ node: YAMLNode, name: String, path: String, into diagnostics: inout Diagnostics) throws {
        guard let items = node.items else { throw YAMLError.type(path: name, expected: "a list of extension names", found: node.summary, node.mark) }
        for item in items {
            let key: YAMLNode
            var options: YAMLNode?
            if let pairs = item.pairs, pairs.count == 1 {
                key = pairs[0].key
                options = pairs[0].value
            } else {
                key = item
            }
            guard let extensionName = key.scalar?.string, key.scalar?.value != .null else {
                throw YAMLError.type(path: name, expected: "an extension name", found: item.summary, item.mark)
            }
            let bare = extensionName.hasPrefix("markdown.extensions.") ? String(extensionName.dropFirst("markdown.extensions.".count)) : extensionName
            if let known = MarkdownExtensions.Name(rawValue: bare) {
                markdownExtensions.enabled.insert(known)
                if let options { readOptions(of: known, options) }
            } else if bare == "toc" {
                if let options { readTOC(options, path: path, into: &diagnostics) }
            } else if bare == "footnotes" {
                markdownExtensions.pythonFootnoteIDs = true
            } else if let bundle = Self.bundles[bare] {
                // `extra` and `pymdownx.extra` turn on several at once.
                markdownExtensions.enabled.formUnion(bundle)
                markdownExtensions.pythonFootnoteIDs = true
            } else if !MarkdownExtensions.builtIn.contains(bare) {
                let all = MarkdownExtensions.Name.allCases.map(\.rawValue) + MarkdownExtensions.builtIn.sorted()
                diagnostics.warning(
                    "config.unknown-extension", "Markdown extension '\(extensionName)' is not one Folio knows; its syntax stays as written",
                    at: Config.location(key.mark, path),
                    suggestion: Suggestions.didYouMean(bare, in: all) ?? "see Coming from MkDocs in Folio's docs")
            }
        }
    }

    private mutating func readOptions(of name: MarkdownExtensions.Name, _ options: YAMLNode) {
        switch name {
        case .superfences:
            for fence in options["custom_fences"]?.items ?? [] {
                guard let fenceName = fence["name"]?.scalar?.string else { continue }
                let className = fence["class"]?.scalar?.string ?? fenceName
                markdownExtensions.customFences.append(MarkdownExtensions.CustomFence(name: fenceName, className: className))
            }
        case .tabbed:
            if options["slugify"] != nil { markdownExtensions.tabbedSlugify = true }
            if case .bool(true)? = options["combine_header_slug"]?.scalar?.value { markdownExtensions.tabbedCombineHeaderSlug = true }
        case .snippets:
            if let append = options["auto_append"] { markdownExtensions.snippetsAutoAppend = (try? Self.paths(append, "auto_append")) ?? [] }
            if let base = options["base_path"] { snippetBasePaths = (try? Self.paths(base, "base_path")) ?? snippetBasePaths }
        default:
            break
        }
    }

    /// `toc: {permalink, toc_depth, slugify}`.
    private mutating func readTOC(_ options: YAMLNode, path: String, into diagnostics: inout Diagnostics) {
        // `permalink: true` is Python-Markdown's ¶; a text is that text. Folio's theme always has the link.
        if let permalink = options["permalink"]?.scalar {
            switch permalink.value {
            case .bool(true): markdownExtensions.permalinkText = "¶"
            case .string(let text) where !text.isEmpty: markdownExtensions.permalinkText = text
            default: break
            }
        }
        if let depth = options["toc_depth"]?.scalar {
            if case .int(let value) = depth.value { tocDepth = value }
            if case .string(let text) = depth.value, let last = text.split(separator: "-").last, let value = Int(last) { tocDepth = value }
        }
        if let slugify = options["slugify"], let tag = slugify.scalar?.tag ?? nil {
            // pymdownx.slugs' slugify and uslugify, and Python-Markdown's slugify_unicode, keep
            // accented letters, as GitHub's ids do; Python-Markdown's default drops them.
            if tag.contains("pymdownx.slugs") || tag.contains("slugify_unicode") { anchors.slugs = .github }
        }
    }

    /// A path or a list of paths.
    static func paths(_ node: YAMLNode, _ key: String) throws -> [String] {
        let items = node.items ?? [node]
        return try items.map { item in
            guard let text = item.scalar?.string, item.scalar?.value != .null, !text.isEmpty else {
                throw YAMLError.type(path: key, expected: "a path or a list of paths", found: item.summary, item.mark)
            }
            return text
        }
    }
}
