import FolioText

/// The Markdown syntax beyond GitHub's that a page may use: Python-Markdown's and
/// pymdown-extensions' (what MkDocs sites write), named as `markdown_extensions` names them.
///
/// Admonitions and GitHub's alerts are on by default; an `mkdocs.yml` turns on what its
/// `markdown_extensions` list, and `markdown: {extensions: [...]}` in folio.yaml does the same.
public struct MarkdownExtensions: Sendable, Equatable {
    /// One extension, by the name MkDocs gives it.
    public enum Name: String, Sendable, CaseIterable, Comparable {
        case admonition
        case details = "pymdownx.details"
        case tabbed = "pymdownx.tabbed"
        case attrList = "attr_list"
        case defList = "def_list"
        case abbr
        case mdInHTML = "md_in_html"
        case mark = "pymdownx.mark"
        case tilde = "pymdownx.tilde"
        case caret = "pymdownx.caret"
        case keys = "pymdownx.keys"
        case smartSymbols = "pymdownx.smartsymbols"
        case emoji = "pymdownx.emoji"
        case snippets = "pymdownx.snippets"
        case superfences = "pymdownx.superfences"
        case inlineHilite = "pymdownx.inlinehilite"

        public static func < (lhs: Name, rhs: Name) -> Bool { lhs.rawValue < rhs.rawValue }

        /// This extension's bit in ``MarkdownExtensions/has(_:)``'s mask.
        var bit: UInt32 {
            switch self {
            case .admonition: 1 << 0
            case .details: 1 << 1
            case .tabbed: 1 << 2
            case .attrList: 1 << 3
            case .defList: 1 << 4
            case .abbr: 1 << 5
            case .mdInHTML: 1 << 6
            case .mark: 1 << 7
            case .tilde: 1 << 8
            case .caret: 1 << 9
            case .keys: 1 << 10
            case .smartSymbols: 1 << 11
            case .emoji: 1 << 12
            case .snippets: 1 << 13
            case .superfences: 1 << 14
            case .inlineHilite: 1 << 15
            }
        }
    }

    /// The extensions that are on.
    public var enabled: Set<Name> { didSet { mask = Self.mask(of: enabled) } }
    /// `enabled` as bits: `has` is asked for every block of every page, and hashing into the
    /// set cost 1.4% of a link check.
    private var mask: UInt32
    /// `pymdownx.superfences` `custom_fences`: a fence of this language becomes `<pre class="…">`
    /// holding its text (Mermaid).
    public var customFences: [CustomFence] = []
    /// `pymdownx.snippets`: files appended to every page (`auto_append`).
    public var snippetsAutoAppend: [String] = []
    /// `pymdownx.tabbed: {combine_header_slug: true}`: a tab's slug follows the id of the
    /// heading before it. (Tabs are always written in the alternate style, as Material needs.)
    public var tabbedCombineHeaderSlug = false
    /// `pymdownx.tabbed: {slugify: …}`: a tab's id is its label's slug (`#or-even-me`), and
    /// with `combine_header_slug` the heading's id before it too (`#anchor-links--or-even-me`).
    public var tabbedSlugify = false
    /// Python-Markdown's footnote ids (`fn:1`, `fnref:1`) instead of cmark-gfm's (`fn-1`), so
    /// that links written for an MkDocs site (`#fn:1`) keep working.
    public var pythonFootnoteIDs = false
    /// Python-Markdown's rule for a reference defined twice (`[x]: a` ... `[x]: b`): the last
    /// definition wins; CommonMark's first-wins is the default.
    public var lastReferenceWins = false
    /// `toc: {permalink: "¶"}`: the text of the link after each heading (`#` by default).
    public var permalinkText = "#"
    /// What a screen reader says for that link, before the heading's text (the site's language).
    public var permalinkLabel = "Link to this section"
    /// Whether fenced code is highlighted at build time (`markdown.highlight: false` turns it off:
    /// code is then plain, still with its language as a class, title, line numbers and copy button).
    public var highlightsCode = true
    /// The accessible name of a task list's checkbox (cmark-gfm writes it with no label).
    public var taskLabel = "Task"

    /// Folio's default: admonitions; GitHub's alerts are always on.
    public init(enabled: Set<Name> = [.admonition]) {
        self.enabled = enabled
        self.mask = Self.mask(of: enabled)
    }

    private static func mask(of names: Set<Name>) -> UInt32 { names.reduce(0) { $0 | $1.bit } }

    /// Everything on, as a site written for Material for MkDocs expects.
    public static let all = MarkdownExtensions(enabled: Set(Name.allCases))

    public func has(_ name: Name) -> Bool { mask & name.bit != 0 }

    /// `mermaid` fences as MkDocs documents them.
    public struct CustomFence: Sendable, Equatable {
        public var name: String
        public var className: String

        public init(name: String, className: String) {
            self.name = name
            self.className = className
        }
    }

    /// Names MkDocs sites use that need nothing from Folio (cmark-gfm does them, or they only
    /// tune Pygments): accepted without a warning.
    public static let builtIn: Set<String> = [
        "tables", "footnotes", "toc", "fenced_code", "codehilite", "pymdownx.highlight", "pymdownx.tasklist", "pymdownx.betterem",
        "sane_lists", "nl2br", "meta", "smarty", "pymdownx.saneheaders", "pymdownx.escapeall", "pymdownx.critic", "mdx_truly_sane_lists",
        "pymdownx.magiclink", "pymdownx.striphtml", "markdown.extensions.tables", "markdown.extensions.toc",
    ]
}

/// Where a line of the text cmark-gfm parses came from: which file (`nil`: the page itself),
/// which line, and how many characters were taken off its start (an admonition's indentation,
/// a GitHub alert's `> `), so a position cmark-gfm reports maps back to the file.
public struct LineOrigin: Sendable, Equatable {
    public var file: String?
    public var line: Int
    public var shift: Int

    public init(file: String? = nil, line: Int, shift: Int = 0) {
        self.file = file
        self.line = line
        self.shift = shift
    }
}

/// A problem an extension found in the page's text: a snippet that cannot be read, a
/// duplicate `{#id}`. FolioParse reports it as a diagnostic.
public struct ExtensionFinding: Sendable, Equatable {
    public var rule: String
    public var message: String
    public var file: String?
    public var position: TextPosition
    public var isError: Bool

    package init(rule: String, message: String, file: String?, position: TextPosition, isError: Bool) {
        self.rule = rule
        self.message = message
        self.file = file
        self.position = position
        self.isError = isError
    }
}

/// Reads the file a snippet names (`--8<-- "path"`), refusing what lies outside the repository:
/// returns its repository path and text, or why not.
public typealias SnippetReader = @Sendable (_ path: String) -> Result<(path: String, text: String), SnippetError>

/// Why a snippet was not included.
public struct SnippetError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
