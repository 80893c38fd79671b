/// Everything later stages need from one Markdown body, from a single parse.
public struct MarkdownDocument: Sendable, Equatable {
    /// Every heading, in order, with its unique id.
    public var headings: [Heading]
    /// Every link, including autolinks and footnote text, in order (not images).
    public var links: [Link]
    /// Every image.
    public var images: [Link]
    /// Every fenced or indented code block.
    public var codeBlocks: [CodeBlock]
    /// The body as HTML: headings carry ids, links were rewritten by the caller's rule.
    public var html: String

    /// Makes a document.
    public init(headings: [Heading] = [], links: [Link] = [], images: [Link] = [], codeBlocks: [CodeBlock] = [], html: String = "") {
        self.headings = headings
        self.links = links
        self.images = images
        self.codeBlocks = codeBlocks
        self.html = html
    }
}

/// A heading: level 1-6, plain text (markup stripped), id, position of its first character.
public struct Heading: Sendable, Equatable {
    public var level: Int
    public var text: String
    public var id: String
    public var position: TextPosition

    /// Makes a heading.
    public init(level: Int, text: String, id: String, position: TextPosition) {
        self.level = level
        self.text = text
        self.id = id
        self.position = position
    }
}

/// A link or image destination as written, with where it starts.
public struct Link: Sendable, Equatable {
    /// The destination as written in the Markdown (before any rewriting).
    public var destination: String
    /// The link's text (the alt text for images).
    public var text: String
    /// Whether it came from a bare URL (GFM autolink) rather than `[text](url)`.
    public var isAutolink: Bool
    public var position: TextPosition

    /// Makes a link.
    public init(destination: String, text: String, isAutolink: Bool = false, position: TextPosition) {
        self.destination = destination
        self.text = text
        self.isAutolink = isAutolink
        self.position = position
    }
}

/// A code block: its info string's first word as language, its code, where the code starts.
public struct CodeBlock: Sendable, Equatable {
    /// The first word of the info string (`bash` in ```` ```bash title="x" ````), empty when none.
    public var language: String
    /// The whole info string.
    public var info: String
    public var code: String
    /// Position of the first line of code (the line after the opening fence).
    public var position: TextPosition
    public var isFenced: Bool

    /// Makes a code block.
    public init(language: String, info: String, code: String, position: TextPosition, isFenced: Bool) {
        self.language = language
        self.info = info
        self.code = code
        self.position = position
        self.isFenced = isFenced
    }
}
