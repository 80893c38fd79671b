import FolioMarkdown
import FolioText
import FolioYAML
import Foundation

/// An entry of mkdocs.yml's `nav`, as written.
public indirect enum NavEntry: Sendable, Equatable {
    /// `- Title: page.md` or `- page.md` (path relative to `docs_dir`).
    case page(title: String?, path: String, mark: TextPosition)
    /// `- Title: https://…`.
    case link(title: String, url: String)
    /// `- Title: [entries]`.
    case section(title: String, entries: [NavEntry])
    /// `- Title: folder/`: the folder's pages in MkDocs' default order (as mkdocs-literate-nav does).
    case folder(title: String?, path: String, mark: TextPosition)
}

/// What mkdocs.yml says that Folio uses, read into a ``Config``.
///
/// Every key MkDocs documents is either mapped (the site's words, folders, repository, nav,
/// Markdown extensions, link validation), or named in one note as what Folio leaves to its own
/// theme (`theme.features`, `palette`, `font`...), or a warning when it changes what readers get
/// (a plugin or hook Folio cannot run). The table in content/guide/coming-from-mkdocs.md lists each.
package enum MkDocsConfig {
    /// The keys mapped to Folio settings.
    static let mapped = [
        "site_name", "site_url", "site_description", "docs_dir", "site_dir", "repo_url", "repo_name", "edit_uri", "edit_uri_template",
        "copyright", "theme", "use_directory_urls", "extra_css", "extra_javascript", "exclude_docs", "not_in_nav", "draft_docs", "strict",
        "validation", "nav", "markdown_extensions", "plugins", "hooks", "mdx_configs",
    ]
    /// Keys that only affect MkDocs itself (its server, its deploy command, its template data).
    static let ignored = [
        "site_author", "dev_addr", "remote_branch", "remote_name", "watch", "extra", "extra_templates", "google_analytics",
        "exclude_docs_nav", "docs_dir_watch", "theme_dir",
    ]
    /// Plugins and what a site built without them is missing.
    static let pluginEffects: [String: String] = [
        "blog": "blog post lists, archive and category pages are not generated (the posts are built as pages)",
        "macros": "{{ macros }} and variables stay as written",
        "awesome-pages": ".pages files do not order the navigation",
        "mkdocstrings": "::: API references stay as written",
        "minify": "HTML is not minified (Folio's pages are small already)",
        "autorefs": "[title][] cross-references to headings of other pages stay unresolved",
        "tags": "tag pages are not generated",
        "social": "social cards are not generated",
        "privacy": "external assets are not downloaded",
        "offline": "(Folio's pages work offline already)",
        "optimize": "images are not optimized",
        "i18n": "translations are not built",
        "git-revision-date-localized": "last-updated dates are not shown",
        "include-markdown": "{% include %} stays as written",
        "gen-files": "generated files are not created",
        "section-index": "(Folio's sections link their index pages already)",
        "glightbox": "images do not open in a lightbox",
        "mermaid2": "use a mermaid custom fence and extra_javascript instead",
    ]

    /// A YAML parser that accepts what MkDocs' loader accepts: `!ENV`, `!relative`, Python tags,
    /// and a repeated key (the last wins).
    static func parser(environment: [String: String], reads: EnvironmentReads? = nil) -> YAMLParser {
        var parser = YAMLParser()
        parser.keepsLastDuplicate = true
        parser.resolveTag = { tag, node in
            let mark = node.mark
            switch tag {
            case "!ENV":
                // `!ENV VAR` or `!ENV [VAR, OTHER, default]`: the first variable set, else the last item.
                let names = node.items?.compactMap(\.scalar?.string) ?? [node.scalar?.string ?? ""]
                let variables = node.items == nil ? names : Array(names.dropLast())
                for name in variables {
                    reads?.note(name, environment[name])
                    if let value = environment[name] { return .scalar(YAMLScalar(string: value, isPlain: true, tag: nil, mark: mark)) }
                }
                if node.items != nil, let fallback = node.items?.last { return fallback }
                return .scalar(YAMLScalar(string: "", isPlain: true, tag: "!ENV", mark: mark))
            case "!relative":
                return .scalar(YAMLScalar(string: node.scalar?.string ?? "", isPlain: false, tag: nil, mark: mark))
            default:
                // `!!python/name:…` and `!!python/object/apply:…`: kept as an opaque value that
                // remembers its tag, for the settings that know what it stands for.
                return .scalar(YAMLScalar(string: node.scalar?.string ?? "", isPlain: false, tag: tag, mark: mark))
            }
        }
        return parser
    }

    /// Reads mkdocs.yml text into a Config (`nil` after an error that makes the file unusable).
    package static func parse(
        _ source: String, path: String, environment: [String: String], reads: EnvironmentReads? = nil,
        readFile: (String) -> String? = { _ in nil }, into diagnostics: inout Diagnostics
    ) -> Config? {
        var config = Config()
        config.isMkDocs = true
        config.content = "docs"
        config.output = "site"
        config.anchors.slugs = .pythonMarkdown
        config.links.directoryURLs = true
        config.markdownExtensions = MarkdownExtensions(enabled: [])
        config.markdownExtensions.lastReferenceWins = true
        config.configFile = path
        guard let (root, keyFiles) = tree(source, path: path, environment: environment, reads: reads, readFile: readFile, depth: 0, into: &diagnostics) else {
            return nil
        }
        guard let root else { return config }
        /// The file a top-level setting was read from (this one, or one it inherits).
        func file(_ key: String) -> String { keyFiles[key] ?? path }
        guard let pairs = root.pairs else {
            diagnostics.error("config.type", "mkdocs.yml must be a mapping of settings, found \(root.summary)", at: SourceLocation(path, root.mark))
            return nil
        }
        config.navFile = file("nav")
        var values: [String: YAMLNode] = [:]
        for pair in pairs {
            let key = pair.key.scalar?.string ?? pair.key.summary
            values[key] = pair.value
            config.marks[key] = pair.value.mark
            if !mapped.contains(key) && !ignored.contains(key) {
                diagnostics.unknownKey(
                    "config.unknown-key", "unknown MkDocs setting '\(key)'", key: key, known: mapped + ignored, at: SourceLocation(file(key), pair.key.mark))
            }
        }
        func text(_ key: String) -> String? {
            guard let scalar = values[key]?.scalar, scalar.value != .null, scalar.tag == nil || scalar.tag == "!ENV" else { return nil }
            return scalar.string.isEmpty ? nil : scalar.string
        }
        func strings(_ key: String) -> [String] {
            guard let node = values[key] else { return [] }
            return (node.items ?? [node]).compactMap { item in item.scalar?.string ?? item["path"]?.scalar?.string }.filter { !$0.isEmpty }
        }
        func lines(_ key: String) -> [String] {
            guard let node = values[key] else { return [] }
            let all = node.items?.compactMap(\.scalar?.string) ?? (node.scalar?.string.split(separator: "\n").map(String.init) ?? [])
            return all.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        }
        if let name = text("site_name") { config.title = name }
        if let description = text("site_description") { config.description = description }
        if let url = text("site_url") {
            if Config.isWebURL(url) {
                config.baseURL = url
            } else {
                diagnostics.warning(
                    "config.base-url", "site_url must be an absolute http or https URL, found \"\(url)\"; it is not used",
                    at: SourceLocation(file("site_url"), values["site_url"]!.mark))
            }
        }
        if let docs = text("docs_dir") { config.content = docs }
        if let output = text("site_dir") { config.output = output }
        config.marks["content"] = config.marks["docs_dir"]
        config.marks["output"] = config.marks["site_dir"]
        config.marks["language"] = values["theme"]?["language"]?.mark ?? values["theme"]?["locale"]?.mark
        if let copyright = text("copyright") { config.copyright = copyright }
        if case .bool(false)? = values["use_directory_urls"]?.scalar?.value {
            config.fileURLs = true
            config.links.directoryURLs = false
        }
        if case .bool(true)? = values["strict"]?.scalar?.value { config.strict = true }
        config.extraCSS = strings("extra_css")
        config.extraJavaScript = (values["extra_javascript"].map { $0.items ?? [$0] } ?? []).compactMap { item in
            if let path = item.scalar?.string, !path.isEmpty {
                // MkDocs: a path ending in .mjs is a module.
                return ExtraScript(path: path, type: path.hasSuffix(".mjs") ? "module" : nil)
            }
            guard let path = item["path"]?.scalar?.string, !path.isEmpty else { return nil }
            func flag(_ key: String) -> Bool { if case .bool(true)? = item[key]?.scalar?.value { true } else { false } }
            return ExtraScript(path: path, type: item["type"]?.scalar?.string, isAsync: flag("async"), isDeferred: flag("defer"))
        }
        config.excludeDocs = lines("exclude_docs")
        config.notInNav = lines("not_in_nav")
        config.draftDocs = lines("draft_docs")
        readRepository(values, text: text, config: &config, path: path, into: &diagnostics)
        readTheme(values["theme"], config: &config, path: file("theme"), into: &diagnostics)
        readValidation(values["validation"], config: &config)
        if let nav = values["nav"] { config.nav = readNav(nav, path: file("nav"), into: &diagnostics) }
        if let extensions = values["markdown_extensions"] {
            do {
                try config.readExtensions(extensions, name: "markdown_extensions", path: file("markdown_extensions"), into: &diagnostics)
            } catch let error as YAMLError {
                diagnostics.add(error, in: file("markdown_extensions"))
            } catch {}
        }
        readPlugins(values["plugins"], config: &config, path: file("plugins"), into: &diagnostics)
        for hook in values["hooks"]?.items ?? [] {
            diagnostics.warning(
                "mkdocs.hook", "hook '\(hook.scalar?.string ?? hook.summary)' is Python that runs inside MkDocs; Folio does not run it",
                at: SourceLocation(file("hooks"), hook.mark), suggestion: "what it adds to pages is missing from Folio's site")
        }
        return config
    }

    /// The settings of one mkdocs.yml, merged onto those of the file its `INHERIT` names (a
    /// mapping merged key by key, as MkDocs merges them; anything else replaced), and which file
    /// each top-level setting came from. `nil` after an error.
    private static func tree(
        _ source: String, path: String, environment: [String: String], reads: EnvironmentReads?, readFile: (String) -> String?, depth: Int,
        into diagnostics: inout Diagnostics
    ) -> (YAMLNode?, [String: String])? {
        let root: YAMLNode
        do {
            let (node, duplicates) = try parser(environment: environment, reads: reads).parseLeniently(source)
            for duplicate in duplicates {
                diagnostics.warning(
                    "config.duplicate-key", "'\(duplicate.key)' is given again at line \(duplicate.again.line); MkDocs uses that one and so does Folio",
                    at: SourceLocation(path, duplicate.first))
            }
            guard let node else { return (nil, [:]) }
            root = node
        } catch {
            diagnostics.add(error, in: path)
            return nil
        }
        guard let inherit = root["INHERIT"], let pairs = root.pairs else { return (root, [:]) }
        let name = inherit.scalar?.string ?? ""
        guard depth < 8, let parentPath = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: path), name)), !name.isEmpty,
            let text = readFile(parentPath)
        else {
            diagnostics.error(
                "config.missing", depth < 8 ? "INHERIT names '\(name)', which cannot be read" : "INHERIT goes more than 8 files deep",
                at: SourceLocation(path, inherit.mark))
            return nil
        }
        guard let (parent, parentFiles) = tree(text, path: parentPath, environment: environment, reads: reads, readFile: readFile, depth: depth + 1, into: &diagnostics)
        else { return nil }
        var files = parentFiles
        for key in parent?.pairs?.compactMap(\.key.scalar?.string) ?? [] where files[key] == nil { files[key] = parentPath }
        for pair in pairs { if let key = pair.key.scalar?.string { files[key] = path } }
        let own = YAMLNode.mapping(pairs.filter { $0.key.scalar?.string != "INHERIT" }, root.mark)
        return (parent.map { merge($0, own) } ?? own, files)
    }

    /// `child` over `parent`: mappings merged key by key, anything else replaced.
    static func merge(_ parent: YAMLNode, _ child: YAMLNode) -> YAMLNode {
        guard let parentPairs = parent.pairs, let childPairs = child.pairs else { return child }
        var merged = parentPairs
        for pair in childPairs {
            if let index = merged.firstIndex(where: { $0.key.scalar?.string != nil && $0.key.scalar?.string == pair.key.scalar?.string }) {
                merged[index] = YAMLPair(key: pair.key, value: merge(merged[index].value, pair.value))
            } else {
                merged.append(pair)
            }
        }
        return .mapping(merged, child.mark)
    }

    private static func readRepository(
        _ values: [String: YAMLNode], text: (String) -> String?, config: inout Config, path: String, into diagnostics: inout Diagnostics
    ) {
        guard var url = text("repo_url") else { return }
        while url.hasSuffix("/") { url.removeLast() }
        if url.hasSuffix(".git") { url.removeLast(4) }
        let known = RepositoryConfig.hostTemplates(for: url)
        var repository = RepositoryConfig(
            url: url, branch: "master", fileURL: known?.file ?? url + "/{path}", folderURL: known?.folder ?? url + "/{path}",
            editURL: known?.edit ?? "")
        repository.name = text("repo_name")
        // MkDocs: the edit link is repo_url + edit_uri + the page's path inside docs_dir.
        let host = URLComponents(string: url)?.host?.lowercased() ?? ""
        let defaultEdit = host.contains("github") ? "edit/master/\(config.content)/" : host.contains("gitlab") ? "edit/master/\(config.content)/" : nil
        if let template = text("edit_uri_template") {
            repository.editURL = url + "/" + template.replacingOccurrences(of: "{path}", with: "{content_path}")
        } else if let edit = values["edit_uri"].map({ $0.scalar?.string ?? "" }) ?? defaultEdit, !edit.isEmpty {
            let absolute = Config.isWebURL(edit) ? edit : url + "/" + (edit.hasPrefix("/") ? String(edit.dropFirst()) : edit)
            repository.editURL = (absolute.hasSuffix("/") ? absolute : absolute + "/") + "{content_path}"
        } else {
            repository.editURL = ""
        }
        config.repository = repository
    }

    private static func readTheme(_ theme: YAMLNode?, config: inout Config, path: String, into diagnostics: inout Diagnostics) {
        guard let theme else { return }
        if let language = theme["language"]?.scalar?.string ?? theme["locale"]?.scalar?.string, !language.isEmpty {
            config.language = language.replacingOccurrences(of: "_", with: "-")
        }
        var left: [String] = []
        for pair in theme.pairs ?? [] {
            let key = pair.key.scalar?.string ?? ""
            if ["language", "locale"].contains(key) { continue }
            left.append(key)
        }
        if !left.isEmpty {
            diagnostics.add(
                Diagnostic(
                    .note, "mkdocs.theme",
                    "Folio uses its own theme; theme settings \(left.map { "'\($0)'" }.joined(separator: ", ")) are not used (language is)",
                    at: SourceLocation(path, theme.mark)))
        }
    }

    /// `validation: {links: {not_found, anchors, absolute_links, unrecognized_links}, nav: {omitted_files, not_found}}`.
    private static func readValidation(_ node: YAMLNode?, config: inout Config) {
        guard let node else { return }
        if let omitted = node["nav"]?["omitted_files"]?.scalar?.string { config.navOmittedLevel = omitted }
        if let level = node["omitted_files"]?.scalar?.string { config.navOmittedLevel = level }
        // MkDocs' levels (warn, info, ignore) for the rules that check the same thing. Its
        // absolute_links and unrecognized_links name no Folio rule, so their levels change nothing.
        let rules = ["not_found": "link.missing-file", "anchors": "link.missing-anchor"]
        for (key, rule) in rules {
            guard let level = node["links"]?[key]?.scalar?.string ?? node[key]?.scalar?.string else { continue }
            switch level {
            case "warn": config.links.levels[rule] = .some(.warning)
            case "info": config.links.levels[rule] = .some(.note)
            case "ignore": config.links.levels[rule] = .some(nil)
            default: break
            }
        }
    }

    private static func readPlugins(_ node: YAMLNode?, config: inout Config, path: String, into diagnostics: inout Diagnostics) {
        guard let node else { return }
        var hasSearch = false
        for item in node.items ?? node.pairs?.map({ YAMLNode.mapping([$0], $0.key.mark) }) ?? [] {
            let nameNode = item.scalar != nil ? item : item.pairs?.first?.key ?? item
            let name = nameNode.scalar?.string ?? nameNode.summary
            let bare = name.hasPrefix("material/") ? String(name.dropFirst("material/".count)) : name
            if bare == "search" {
                hasSearch = true
                continue
            }
            if bare == "techdocs-core" {
                // Backstage's TechDocs: the extensions it turns on, and search.
                config.enableTechDocsExtensions()
                hasSearch = true
                continue
            }
            if bare == "redirects" {
                // Written by Folio as pages that send readers on (meta refresh, canonical link).
                for pair in item.pairs?.first?.value["redirect_maps"]?.pairs ?? [] {
                    guard let from = pair.key.scalar?.string, let to = pair.value.scalar?.string else { continue }
                    config.redirects.append(Redirect(from: from, to: to))
                }
                continue
            }
            if bare == "literate-nav" {
                // A folder entry of nav reads the folder's nav file: its links, in order.
                let options = item.pairs?.first?.value
                config.literateNavFile = options?["nav_file"]?.scalar?.string ?? "SUMMARY.md"
                continue
            }
            let effect = pluginEffects[bare] ?? "what it adds is missing"
            diagnostics.warning(
                "mkdocs.plugin", "plugin '\(name)' runs inside MkDocs; Folio does not run it: \(effect)", at: SourceLocation(path, nameNode.mark))
        }
        // MkDocs adds search when `plugins` is not given; a list without it turns search off.
        config.search = hasSearch
    }

    /// The nav tree, with a warning for an entry Folio cannot read.
    static func readNav(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) -> [NavEntry] {
        guard let items = node.items else {
            diagnostics.warning("config.type", "nav must be a list of entries, found \(node.summary); the default order is used", at: SourceLocation(path, node.mark))
            return []
        }
        return items.compactMap { entry($0, path: path, into: &diagnostics) }
    }

    private static func entry(_ node: YAMLNode, path: String, into diagnostics: inout Diagnostics) -> NavEntry? {
        if let scalar = node.scalar {
            return target(title: nil, scalar.string, mark: scalar.mark)
        }
        guard let pairs = node.pairs, pairs.count == 1, let title = pairs[0].key.scalar?.string else {
            diagnostics.warning("config.type", "a nav entry must be 'page.md' or 'Title: page.md', found \(node.summary)", at: SourceLocation(path, node.mark))
            return nil
        }
        let value = pairs[0].value
        if let items = value.items {
            return .section(title: title, entries: items.compactMap { entry($0, path: path, into: &diagnostics) })
        }
        guard let scalar = value.scalar else {
            diagnostics.warning("config.type", "nav entry '\(title)' must name a page, a URL or a list", at: SourceLocation(path, value.mark))
            return nil
        }
        return target(title: title, scalar.string, mark: scalar.mark)
    }

    private static func target(title: String?, _ value: String, mark: TextPosition) -> NavEntry {
        if Routes.hasScheme(value) || value.hasPrefix("/") || value.hasPrefix("#") { return .link(title: title ?? value, url: value) }
        if value.hasSuffix("/") { return .folder(title: title, path: String(value.dropLast()), mark: mark) }
        return .page(title: title, path: value, mark: mark)
    }

    /// gitignore-style lines (`*.py`, `/drafts/`, `tutorials/**/*.md`) as globs over paths
    /// inside `docs_dir`.
    package static func patterns(_ lines: [String]) -> [URLPattern] {
        lines.compactMap { line in
            guard !line.hasPrefix("!") else { return nil }
            var glob = line
            if glob.hasSuffix("/") { glob += "**" }
            return URLPattern(glob, mark: TextPosition(line: 1, column: 1), isGlob: true)
        }
    }
}

/// The environment variables a configuration read with `!ENV`, and what they held: part of what
/// tells a build that nothing changed since the last one.
package final class EnvironmentReads: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [String: String?] = [:]

    package init() {}

    func note(_ name: String, _ value: String?) {
        lock.withLock { values[name] = value }
    }

    /// Every variable read, sorted by name, with its value (`nil`: unset).
    package var all: [(name: String, value: String?)] {
        lock.withLock { values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } }
    }
}
