import FolioMarkdown
import FolioYAML

/// A page of the site: where it came from, where it goes, and its document.
public struct Page: Sendable {
    /// Repository-relative source path: `content/guide/setup.md` (the folder, for a generated page).
    public let source: String
    /// Path inside the content folder: `guide/setup.md`.
    public let contentPath: String
    /// Site URL relative to the root, `guide/setup/` (empty for the home page); set by compile.
    public package(set) var url: String
    /// From front matter `title`, else the first H1, else (set by compile) a name from the path.
    public package(set) var title: String
    /// From front matter `description`.
    public let description: String?
    /// From front matter `weight`: lower comes first in navigation.
    public let weight: Int?
    /// The whole front matter, for the stages that read their own keys (runbooks, deliverables).
    public let frontMatter: YAMLNode?
    /// The parsed Markdown body (with its `folio` directives expanded by compile).
    public package(set) var document: MarkdownDocument
    /// The navigation folder the page belongs to: a landing page belongs to the folder it
    /// opens (set by compile).
    public package(set) var folder: String
    /// Whether Folio generated the page (a folder's landing page listing its entries).
    public let isGenerated: Bool
    /// Whether `title` came from the page itself (front matter or H1).
    package let hasOwnTitle: Bool
    /// The runbook metadata of its front matter, when it is a runbook (set by compile).
    public package(set) var runbook: Runbook?

    package init(
        source: String, contentPath: String, url: String = "", title: String, description: String? = nil, weight: Int? = nil,
        frontMatter: YAMLNode? = nil, document: MarkdownDocument, isGenerated: Bool = false, hasOwnTitle: Bool = true
    ) {
        self.source = source
        self.contentPath = contentPath
        self.url = url
        self.title = title
        self.description = description
        self.weight = weight
        self.frontMatter = frontMatter
        self.document = document
        self.folder = RepoPath.directory(of: contentPath)
        self.isGenerated = isGenerated
        self.hasOwnTitle = hasOwnTitle
    }

    /// Whether this page is its folder's landing page.
    public var isLanding: Bool { url == folder.asFolderURL || url == RepoPath.join(folder, "index.html") }

    /// The file the page is written to in the site.
    public var outputPath: String { Routes.outputPath(of: url) }

    /// Whether the body has its own H1 (then the theme does not add one).
    public var hasTitleHeading: Bool { document.headings.contains { $0.level == 1 } }
}

/// What front matter may set for the build; other keys are kept on the page for later stages.
package struct FrontMatter: Decodable, Sendable {
    package var title: String?
    package var description: String?
    package var weight: Int?

    /// No front matter: every key unset.
    package init() {}

    package static let knownKeys = ["title", "description", "weight"] + Runbook.keys
}
