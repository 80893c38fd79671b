import FolioMarkdown
import FolioYAML

/// A page as parse leaves it: where it came from, what its front matter says, and its parsed
/// Markdown. Compile makes a ``Page`` of it; nothing changes it.
///
/// A final class of constants, not a struct: a value all the same (nothing can change one), but
/// a copy is one reference, not the sixteen of its fields. `folio serve` copies the table of
/// every page's parse on each edit, and at 10,000 pages copying and freeing the fields was a
/// third of an edit's time.
public final class ParsedPage: Sendable, Equatable {
    /// Repository-relative source path: `content/guide/setup.md`; the page's name.
    public let source: String
    /// Path inside the content folder: `guide/setup.md`.
    public let contentPath: String
    /// From front matter `title`, else the first H1; `nil` when the page has neither.
    public let title: String?
    /// From front matter `description`.
    public let description: String?
    /// From front matter `weight`: lower comes first in navigation.
    public let weight: Int?
    /// What compile reads of the front matter (``Runbook/fields(of:)``: the runbook's keys);
    /// `title`, `description` and `weight` are read by parse, into the fields above.
    public let frontMatter: YAMLNode?
    /// The parsed Markdown body, its `folio` blocks not yet expanded.
    public let document: MarkdownDocument

    package init(
        source: String, contentPath: String, title: String? = nil, description: String? = nil, weight: Int? = nil, frontMatter: YAMLNode? = nil,
        document: MarkdownDocument
    ) {
        self.source = source
        self.contentPath = contentPath
        self.title = title
        self.description = description
        self.weight = weight
        self.frontMatter = frontMatter
        self.document = document
    }

    public static func == (left: ParsedPage, right: ParsedPage) -> Bool {
        left === right
            || (left.source == right.source && left.contentPath == right.contentPath && left.title == right.title
                && left.description == right.description && left.weight == right.weight && left.frontMatter == right.frontMatter
                && left.document == right.document)
    }

    /// The same page with its body's HTML moved to `spill`.
    package func spilling(into spill: BodySpill) -> ParsedPage {
        var document = document
        spill.keep(&document)
        return ParsedPage(
            source: source, contentPath: contentPath, title: title, description: description, weight: weight, frontMatter: frontMatter, document: document)
    }
}

/// A page of the compiled site: where it came from, where it goes, its title, its navigation
/// folder and its document with its `folio` blocks expanded. Made whole by compile, never changed.
/// Its front matter is not kept: compile reads what the later stages need of it (``runbook``), and
/// a build of 10,000 pages held 10 MB of it until the last page was written.
/// A final class of constants, as ``ParsedPage`` is: `folio serve` replaces an edited page in
/// a copy of the site's pages, which then costs one reference per page.
public final class Page: Sendable {
    /// Repository-relative source path: `content/guide/setup.md` (the folder, for a generated
    /// page); the page's name in the site (``Site/page(named:)``).
    public let source: String
    /// Path inside the content folder: `guide/setup.md`.
    public let contentPath: String
    /// Site URL relative to the root, `guide/setup/` (empty for the home page).
    public let url: String
    /// From front matter `title`, else the first H1, else a name from the path (the site's
    /// title for the home page); empty in a check, which shows no titles.
    public let title: String
    /// From front matter `description`.
    public let description: String?
    /// From front matter `weight`: lower comes first in navigation.
    public let weight: Int?
    /// The Markdown body, its `folio` blocks expanded.
    public let document: MarkdownDocument
    /// The navigation folder the page belongs to: a landing page belongs to the folder it opens.
    public let folder: String
    /// Whether Folio generated the page (a folder's landing page listing its entries).
    public let isGenerated: Bool
    /// Whether `title` came from the page itself (front matter or H1).
    package let hasOwnTitle: Bool
    /// The runbook metadata of its front matter, when it is a runbook.
    public let runbook: Runbook?

    package init(
        source: String, contentPath: String, url: String, title: String, description: String? = nil, weight: Int? = nil,
        document: MarkdownDocument, folder: String? = nil, isGenerated: Bool = false, hasOwnTitle: Bool = true,
        runbook: Runbook? = nil
    ) {
        self.source = source
        self.contentPath = contentPath
        self.url = url
        self.title = title
        self.description = description
        self.weight = weight
        self.document = document
        self.folder = folder ?? RepoPath.directory(of: contentPath)
        self.isGenerated = isGenerated
        self.hasOwnTitle = hasOwnTitle
        self.runbook = runbook
    }

    /// The same page with its `folio` blocks expanded into `document`.
    package func expanded(into document: MarkdownDocument) -> Page {
        Page(
            source: source, contentPath: contentPath, url: url, title: title, description: description, weight: weight, document: document,
            folder: folder, isGenerated: isGenerated, hasOwnTitle: hasOwnTitle, runbook: runbook)
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
