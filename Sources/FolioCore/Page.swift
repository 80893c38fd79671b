import FolioMarkdown

/// A parsed page: where it came from, where it goes, and its document.
public struct Page: Sendable {
    /// Repository-relative source path: `content/guide/setup.md`.
    public let source: String
    /// Path inside the content folder: `guide/setup.md`.
    public let contentPath: String
    /// Site URL relative to the root, `guide/setup/` (empty for the home page).
    public let url: String
    /// From front matter `title`, else the first H1, else the file name.
    public let title: String
    /// From front matter `description`.
    public let description: String?
    /// From front matter `weight`: lower comes first in navigation.
    public let weight: Int?
    /// The parsed Markdown body.
    public let document: MarkdownDocument

    /// The folder this page belongs to in navigation: a landing page belongs to its own folder.
    public var folder: String { RepoPath.directory(of: contentPath) }

    /// Whether this page is its folder's landing page.
    public var isLanding: Bool { url == folder.asFolderURL }

    /// Whether the body has its own H1 (then the theme does not add one).
    public var hasTitleHeading: Bool { document.headings.contains { $0.level == 1 } }
}

/// What front matter may set; other keys are kept for later stages and not checked here.
struct FrontMatter: Decodable, Sendable {
    var title: String?
    var description: String?
    var weight: Int?

    static let knownKeys = ["title", "description", "weight"]
}
