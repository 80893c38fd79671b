import FolioMarkdown
import FolioYAML

/// The parse stage for one page: UTF-8, front matter, Markdown. A bad page reports and still
/// yields everything that could be read from it.
struct PageParser: Sendable {
    let routes: Routes

    func parse(_ file: SourceFile) -> (Page?, Diagnostics) {
        var diagnostics = Diagnostics()
        guard let url = routes.urls[file.contentPath] else { return (nil, diagnostics) }
        let text = decode(file, into: &diagnostics)
        let split = FrontMatterSplit(text)
        if split.isUnterminated {
            diagnostics.error(
                "frontmatter.unterminated", "front matter starts here but has no closing '---' line; the page was read without it",
                at: SourceLocation(path: file.path, line: 1, column: 1), suggestion: "add a line '---' after the last front matter key")
        }
        let frontMatter =
            split.yaml.flatMap { decodeFrontMatter($0, firstLine: split.yamlFirstLine, file: file, into: &diagnostics) } ?? FrontMatter()
        let source = file.contentPath
        let routes = self.routes
        let document = MarkdownParser().parse(split.body) { routes.href(for: $0, fromPage: source) }
        let title =
            frontMatter.title ?? document.headings.first { $0.level == 1 }?.text
            ?? RepoPath.humanTitle(RepoPath.fileName(url.isEmpty ? file.contentPath : String(url.dropLast())))
        let page = Page(
            source: file.path, contentPath: file.contentPath, url: url, title: title,
            description: frontMatter.description, weight: frontMatter.weight, document: document)
        return (page, diagnostics)
    }

    /// The text of the file; invalid UTF-8 is an error at its first bad byte, decoded with U+FFFD.
    private func decode(_ file: SourceFile, into diagnostics: inout Diagnostics) -> String {
        var bytes = file.bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        if let offset = UTF8Check.firstInvalidOffset(bytes) {
            let (line, column) = UTF8Check.position(of: offset, in: bytes)
            let byte = String(bytes[offset], radix: 16, uppercase: true)
            diagnostics.error(
                "page.encoding", "invalid UTF-8 (byte 0x\(byte)); the page was built with U+FFFD in its place",
                at: SourceLocation(path: file.path, line: line, column: column), suggestion: "save the file as UTF-8")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func decodeFrontMatter(_ yaml: String, firstLine: Int, file: SourceFile, into diagnostics: inout Diagnostics) -> FrontMatter? {
        do {
            guard let node = try YAMLParser().parse(yaml, firstLine: firstLine) else { return nil }
            guard let pairs = node.pairs else {
                diagnostics.error(
                    "frontmatter.type", "front matter must be a mapping of keys, found \(node.summary)",
                    at: SourceLocation(path: file.path, line: node.mark.line, column: node.mark.column))
                return nil
            }
            warnAboutNearMisses(pairs, file: file, into: &diagnostics)
            return try YAMLDecoder().decode(FrontMatter.self, from: node)
        } catch let error as YAMLError {
            diagnostics.error(error.rule, error.message, at: SourceLocation(path: file.path, line: error.mark.line, column: error.mark.column))
        } catch {
            diagnostics.error("frontmatter.invalid", "\(error)", at: SourceLocation(path: file.path, line: firstLine, column: 1))
        }
        return nil
    }

    /// Unknown keys are allowed (later stages read their own), but `titel` is surely `title`.
    private func warnAboutNearMisses(_ pairs: [YAMLPair], file: SourceFile, into diagnostics: inout Diagnostics) {
        for pair in pairs {
            guard let key = pair.key.scalar?.string, !FrontMatter.knownKeys.contains(key),
                let guess = Suggestions.closest(to: key, in: FrontMatter.knownKeys)
            else { continue }
            diagnostics.warning(
                "frontmatter.unknown-key", "unknown front matter key '\(key)'",
                at: SourceLocation(path: file.path, line: pair.key.mark.line, column: pair.key.mark.column),
                suggestion: "did you mean '\(guess)'?")
        }
    }
}
