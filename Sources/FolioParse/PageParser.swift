import FolioLoad
import FolioMarkdown
import FolioModel
import FolioText
import FolioYAML
import Foundation

/// The parse stage for one page: UTF-8, front matter, Markdown. A bad page reports and still
/// yields everything that could be read from it.
package struct PageParser: Sendable {
    /// The Markdown parser with the site's settings (heading ids, sanitizing, extensions).
    package var markdown = MarkdownParser()
    /// Whether the body's HTML is needed (a build) or only its links and anchors (a check).
    var renderingHTML = true
    /// Whether front matter is read (`folio check links` reads none of it: it holds no links).
    var readingFrontMatter = true
    /// The literate-nav file name (`SUMMARY.md`), whose links' text titles the navigation: the
    /// links of other pages are parsed without their text (``MarkdownParser/keepsLinkText``).
    var literateNavFile: String?

    package init(markdown: MarkdownParser = MarkdownParser(), renderingHTML: Bool = true, readingFrontMatter: Bool = true) {
        self.markdown = markdown
        self.renderingHTML = renderingHTML
        self.readingFrontMatter = readingFrontMatter
    }

    /// This parser keeping only a literate-nav file's link text (none when `nil`).
    package func keepingLinkText(onlyIn literateNavFile: String?) -> PageParser {
        var parser = self
        parser.markdown.keepsLinkText = false
        parser.literateNavFile = literateNavFile
        return parser
    }

    /// The page, or `nil` (with a `load.unreadable` error) when the file cannot be read.
    package func parse(_ file: SourceFile) -> (ParsedPage?, Diagnostics) {
        var diagnostics = Diagnostics()
        let bytes: [UInt8]
        switch file.read() {
        case .success(let read): bytes = read
        case .failure(.tooLarge(let size, let limit)):
            diagnostics.error(
                "load.too-large", "this page is \(ByteCount.describe(size)), over the limit of \(ByteCount.describe(limit)); it was not read",
                at: SourceLocation(path: file.path), suggestion: "split it, or raise limits.file_size in folio.yaml")
            return (nil, diagnostics)
        case .failure(let problem):
            diagnostics.error("load.unreadable", "cannot read this page: \(problem.message)", at: SourceLocation(path: file.path))
            return (nil, diagnostics)
        }
        return parse(file, bytes: bytes)
    }

    /// The page from bytes already read.
    package func parse(_ file: SourceFile, bytes: [UInt8]) -> (ParsedPage?, Diagnostics) {
        var diagnostics = Diagnostics()
        let text = decode(bytes, file: file, into: &diagnostics)
        let split = FrontMatterSplit(text)
        if split.isUnterminated {
            diagnostics.error(
                "frontmatter.unterminated", "front matter starts here but has no closing '---' line; the page was read without it",
                at: SourceLocation(path: file.path, line: 1, column: 1), suggestion: "add a line '---' after the last front matter key")
        }
        let node = split.yaml.flatMap { readingFrontMatter ? $0 : nil }.flatMap { parseFrontMatter($0, firstLine: split.yamlFirstLine, file: file, into: &diagnostics) }
        let frontMatter = node.flatMap { decodeFrontMatter($0, file: file, into: &diagnostics) } ?? FrontMatter()
        var markdown = markdown
        if let literateNavFile, RepoPath.fileName(file.contentPath) == literateNavFile { markdown.keepsLinkText = true }
        let document = markdown.parse(split.body, renderingHTML: renderingHTML)
        if let refusal = document.refusal { diagnostics.add(Diagnostic(refusal, in: file.path)) }
        for finding in document.findings { diagnostics.add(Diagnostic(finding, in: file.path)) }
        let title = frontMatter.title ?? document.headings.first { $0.level == 1 }?.text
        let page = ParsedPage(
            source: file.path, contentPath: file.contentPath, title: title.map(Self.withoutControlCharacters),
            description: frontMatter.description.map(Self.withoutControlCharacters), weight: frontMatter.weight,
            frontMatter: node.flatMap(Runbook.fields(of:)),
            document: document)
        return (page, diagnostics)
    }

    /// Control characters (U+0000-U+001F but tab and newline) become U+FFFD, as in page bodies:
    /// they are not allowed in HTML, and U+0001 is the navigation's own placeholder.
    static func withoutControlCharacters(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A }) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { scalars.append(scalar.value < 0x20 && scalar != "\t" && scalar != "\n" ? "\u{FFFD}" : scalar) }
        return String(scalars)
    }

    /// The text of the file; invalid UTF-8 is an error at its first bad byte, decoded with U+FFFD.
    private func decode(_ bytes: [UInt8], file: SourceFile, into diagnostics: inout Diagnostics) -> String {
        var bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        if let offset = UTF8Check.firstInvalidOffset(bytes) {
            let position = LineIndex(bytes: bytes).position(ofByte: offset)
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            diagnostics.error(
                "page.encoding", "invalid UTF-8 (byte 0x\(byte)); the page was built with U+FFFD in its place",
                at: SourceLocation(path: file.path, line: position.line, column: position.column), suggestion: "save the file as UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The front matter's YAML node when it is a mapping; otherwise an error and `nil`.
    private func parseFrontMatter(_ yaml: String, firstLine: Int, file: SourceFile, into diagnostics: inout Diagnostics) -> YAMLNode? {
        do {
            guard let node = try YAMLParser().parse(yaml, firstLine: firstLine) else { return nil }
            guard let pairs = node.pairs else {
                diagnostics.error(
                    "frontmatter.type", "front matter must be a mapping of keys, found \(node.summary)",
                    at: SourceLocation(file.path, node.mark))
                return nil
            }
            warnAboutNearMisses(pairs, file: file, into: &diagnostics)
            return node
        } catch {
            diagnostics.add(error, in: file.path)
        }
        return nil
    }

    /// The keys the build reads; a wrong type is an error at the value.
    private func decodeFrontMatter(_ node: YAMLNode, file: SourceFile, into diagnostics: inout Diagnostics) -> FrontMatter? {
        do {
            return try YAMLDecoder().decode(FrontMatter.self, from: node)
        } catch let error as YAMLError {
            diagnostics.add(error, in: file.path)
        } catch {
            diagnostics.error("frontmatter.invalid", "\(error)", at: SourceLocation(path: file.path, line: node.mark.line, column: 1))
        }
        return nil
    }

    /// Unknown keys are allowed (later stages read their own), but `titel` is surely `title`.
    private func warnAboutNearMisses(_ pairs: [YAMLPair], file: SourceFile, into diagnostics: inout Diagnostics) {
        for pair in pairs {
            guard let key = pair.key.scalar?.string, !FrontMatter.knownKeys.contains(key),
                Suggestions.closest(to: key, in: FrontMatter.knownKeys) != nil
            else { continue }
            diagnostics.unknownKey(
                "frontmatter.unknown-key", "unknown front matter key '\(key)'", key: key, known: FrontMatter.knownKeys,
                at: SourceLocation(file.path, pair.key.mark))
        }
    }
}
