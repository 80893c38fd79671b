import FolioMarkdown
import FolioText
import FolioYAML
import Foundation

/// `folio.yaml`: the site's settings, all optional.
public struct Config: Sendable, Equatable {
    /// The site title shown in the header and page titles.
    public var title: String = "Documentation"
    /// The site language; `pt-BR` and `en` have theme translations.
    public var language: String = "en"
    /// The Markdown folder, relative to the repository root.
    public var content: String = "content"
    /// The output folder, relative to the repository root.
    public var output: String = "site"
    /// The templates folder that overrides the built-in theme.
    public var templates: String = "templates"
    /// The public URL of the site, used for canonical links and the sitemap.
    public var baseURL: String?
    /// Where the repository is browsed on the web, for links to files that are not in the site
    /// and for "edit this page".
    public var repository: RepositoryConfig?
    /// The link check's settings.
    public var links = LinkSettings()
    /// How heading ids are made.
    public var anchors = AnchorSettings()
    /// Deliverables files (repository paths), with where each was named.
    public var deliverables: [NamedPath] = []
    /// `runbooks: {review_every: 90d}`: how often a runbook without its own `review_every` is reviewed, in days.
    public var runbookReviewDays = 90
    /// `labels:`: the theme's and the generated tables' words, by key, over the language's own.
    public var labels: [String: String] = [:]
    /// `search: false` leaves out the search box and its index.
    public var search = true
    /// `markdown: {unsafe_html: true}`: raw HTML and link URLs are published as written, scripts
    /// and `javascript:` links included (by default they go through ``HTMLSanitizer``).
    public var unsafeHTML = false
    /// `limits: {file_size: 16MB}`: the largest page read, in bytes (1 KB to 1 GB).
    public var fileSizeLimit = 16 << 20
    /// `markdown: {extensions: [...]}`: the syntax beyond GitHub's (admonitions by default).
    public var markdownExtensions = MarkdownExtensions()
    /// `markdown: {snippets_base_path}`: where `--8<--` snippets are looked up, repository-relative.
    public var snippetBasePaths = ["."]
    /// The deepest heading level the table of contents shows (`toc.toc_depth` in mkdocs.yml).
    public var tocDepth = 6
    /// Whether the settings came from an mkdocs.yml: MkDocs' navigation order, no generated
    /// section pages, MkDocs' words for pages left out of `nav`.
    public var isMkDocs = false
    /// The file the settings were read from, repository-relative.
    public var configFile = "folio.yaml"
    /// The file mkdocs.yml's `nav` was read from (the file itself, or one it inherits).
    public var navFile: String?
    /// `site_description`: the pages' meta description when a page has none.
    public var description: String?
    /// `copyright`: the footer's line (HTML, sanitized).
    public var copyright: String?
    /// `strict`: warnings count as errors (exit 1).
    public var strict = false
    /// `extra_css` and `extra_javascript`: site paths (or URLs) added to every page.
    public var extraCSS: [String] = []
    public var extraJavaScript: [ExtraScript] = []
    /// `exclude_docs`, `not_in_nav`, `draft_docs`: gitignore-style patterns inside the content folder.
    public var excludeDocs: [String] = []
    public var notInNav: [String] = []
    public var draftDocs: [String] = []
    /// `nav`: the navigation as written (`nil`: the default order).
    public var nav: [NavEntry]?
    /// `urls: files` (MkDocs' `use_directory_urls: false`): pages are `page.html`, not `page/`.
    public var fileURLs = false
    /// mkdocs-redirects' `redirect_maps`: old page (content path) -> new page or URL.
    public var redirects: [Redirect] = []
    /// mkdocs-literate-nav's `nav_file`: a folder entry of `nav` lists the pages this file of
    /// the folder links to, in order (`nil`: the folder's pages in MkDocs' default order).
    public var literateNavFile: String?
    /// `validation.nav.omitted_files`: how a page left out of `nav` is reported (info, warn, ignore).
    public var navOmittedLevel = "info"
    /// Where each setting was written, for diagnostics that point at `folio.yaml`.
    public var marks: [String: TextPosition] = [:]

    /// The keys `folio.yaml` accepts.
    public static let keys = [
        "title", "language", "content", "output", "templates", "base_url", "repository", "links", "anchors", "deliverables", "runbooks", "labels",
        "search", "markdown", "limits", "mkdocs", "urls",
    ]

    /// The `mkdocs:` value of folio.yaml text, read before the rest (its settings go first).
    package static func mkdocsImport(in text: String) -> String? {
        guard text.contains("mkdocs"), let root = try? YAMLParser().parse(text), let value = root["mkdocs"]?.scalar?.string, !value.isEmpty
        else { return nil }
        return value
    }

    /// Default settings.
    public init() {}
}

extension Config {
    /// Reads `folio.yaml` text; type errors are configuration errors, unknown keys are warnings.
    package static func parse(_ text: String, path: String, base: Config = Config(), into diagnostics: inout Diagnostics) -> Config? {
        var config = base
        config.configFile = path
        let root: YAMLNode
        do {
            guard let node = try YAMLParser().parse(text) else { return config }
            root = node
        } catch {
            diagnostics.add(error, in: path)
            return nil
        }
        guard let pairs = root.pairs else {
            diagnostics.error("config.type", "folio.yaml must be a mapping of settings, found \(root.summary)", at: location(root.mark, path))
            return nil
        }
        var isValid = true
        for pair in pairs {
            let key = pair.key.scalar?.string ?? pair.key.summary
            config.marks[key] = pair.value.mark
            do {
                if key == "repository" {
                    config.repository = try RepositoryConfig.parse(pair.value, path: path, into: &diagnostics)
                } else if key == "links" {
                    config.links = try LinkSettings.parse(pair.value, path: path, into: &diagnostics)
                } else if key == "deliverables" {
                    let items = pair.value.items ?? [pair.value]
                    config.deliverables = try items.map { item in
                        guard let path = item.scalar?.string, !path.isEmpty else {
                            throw YAMLError.type(path: "deliverables", expected: "a path or a list of paths", found: item.summary, item.mark)
                        }
                        return NamedPath(path: path, mark: item.mark)
                    }
                } else if key == "runbooks" {
                    for setting in try SettingsReader.pairs(of: pair.value, name: "runbooks", keys: ["review_every"], path: path, into: &diagnostics) {
                        let seconds = try SettingsReader.duration(setting.value, "runbooks.review_every", allowZero: false, maximum: 3_650 * 86_400)
                        config.runbookReviewDays = max(1, Int(seconds / 86_400))
                    }
                } else if key == "labels" {
                    for label in try SettingsReader.pairs(of: pair.value, name: "labels", keys: Strings.keys, path: path, into: &diagnostics) {
                        guard let text = label.value.scalar?.string, label.value.scalar?.value != .null else {
                            throw YAMLError.type(path: "labels", expected: "text", found: label.value.summary, label.value.mark)
                        }
                        config.labels[label.key.scalar?.string ?? ""] = text
                    }
                } else if key == "limits" {
                    for setting in try SettingsReader.pairs(of: pair.value, name: "limits", keys: ["file_size"], path: path, into: &diagnostics) {
                        config.fileSizeLimit = try SettingsReader.size(setting.value, "limits.file_size", in: 1_024...(1 << 30))
                    }
                } else if key == "markdown" {
                    try config.readMarkdown(pair.value, path: path, into: &diagnostics)
                } else if key == "anchors" {
                    config.anchors = try AnchorSettings.parse(pair.value, path: path, into: &diagnostics)
                } else {
                    try config.set(key, pair.value)
                }
            } catch let error as ConfigError {
                diagnostics.error(error.rule, error.message, at: location(error.mark, path), suggestion: error.suggestion)
                isValid = false
            } catch let error as YAMLError {
                diagnostics.add(error, in: path)
                isValid = false
            } catch {
                isValid = false
            }
            if !keys.contains(key) {
                diagnostics.unknownKey(
                    "config.unknown-key", "unknown setting '\(key)'", key: key, known: keys, at: location(pair.key.mark, path), listing: "known settings")
            }
        }
        return isValid ? config : nil
    }

    private mutating func set(_ key: String, _ value: YAMLNode) throws {
        let decoder = YAMLDecoder()
        func text() throws -> String {
            guard value.scalar != nil, value.scalar?.value != .null else {
                throw YAMLError.type(path: key, expected: "text", found: value.summary, value.mark)
            }
            let string = try decoder.decode(String.self, from: value)
            guard !string.isEmpty else { throw YAMLError.invalidValue(path: key, message: "must not be empty", value.mark) }
            return string
        }
        switch key {
        case "title": title = try text()
        case "language": language = try text()
        case "content": content = try text()
        case "output": output = try text()
        case "templates": templates = try text()
        case "search": search = try SettingsReader.bool(value, key)
        case "urls":
            let style = try text()
            guard style == "folders" || style == "files" else {
                throw ConfigError(
                    rule: "config.urls", message: "'urls' must be folders or files, found \"\(style)\"", mark: value.mark,
                    suggestion: "folders: guide/setup/ (the default); files: guide/setup.html, which also works from file://")
            }
            fileURLs = style == "files"
        case "base_url":
            let url = try text()
            guard Self.isWebURL(url) else {
                throw ConfigError(
                    rule: "config.base-url", message: "'base_url' must be an absolute http or https URL, found \"\(url)\"", mark: value.mark,
                    suggestion: "write it in full, e.g. https://docs.example.org/")
            }
            baseURL = url
        default: break
        }
    }

    /// `https://host/...` or `http://host/...` with a host.
    static func isWebURL(_ text: String) -> Bool {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else { return false }
        return (scheme == "http" || scheme == "https") && !(components.host ?? "").isEmpty
    }

    static func location(_ mark: TextPosition, _ path: String) -> SourceLocation { SourceLocation(path, mark) }
}

/// A path named in folio.yaml, with where.
public struct NamedPath: Sendable, Equatable {
    public var path: String
    public var mark: TextPosition

    package init(path: String, mark: TextPosition) {
        self.path = path
        self.mark = mark
    }
}

/// A setting that parses but cannot be used, with its own rule id.
struct ConfigError: Error {
    var rule: String
    var message: String
    var mark: TextPosition
    var suggestion: String?
}

/// An old address kept working: a page that sends readers to the new one.
public struct Redirect: Sendable, Equatable {
    /// The old page, as a path inside the content folder (`user-guide/plugins.md`).
    public var from: String
    /// The new page (content path, maybe with `#fragment`) or an absolute URL.
    public var to: String
}

/// An `extra_javascript` entry: a path (or URL), and MkDocs' `type`, `async` and `defer`.
public struct ExtraScript: Sendable, Equatable {
    public var path: String
    /// `module` for an ES module; any other value is written as it is (escaped).
    public var type: String?
    public var isAsync = false
    public var isDeferred = false
}
