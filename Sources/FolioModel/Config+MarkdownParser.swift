import FolioMarkdown
import Foundation

extension Config {
    /// A Markdown parser with this site's settings: heading ids, sanitizing, extensions, and
    /// snippets read from the repository through `files` (load's reader).
    package func markdownParser(reader: any FileSource) -> MarkdownParser {
        var parser = MarkdownParser(slugs: anchors.slugs)
        parser.sanitizesHTML = !unsafeHTML
        parser.extensions = markdownExtensions
        let words = Strings.table(for: self)
        parser.extensions.permalinkLabel = words["permalink"] ?? parser.extensions.permalinkLabel
        parser.extensions.taskLabel = words["task"] ?? parser.extensions.taskLabel
        if markdownExtensions.has(.snippets) {
            let bases = snippetBasePaths
            parser.snippetReader = { name in Self.readSnippet(name, bases: bases, reader: reader) }
        }
        return parser
    }

    /// The snippet `name`, looked up in each base path (repository-relative) in turn.
    static func readSnippet(_ name: String, bases: [String], reader: any FileSource) -> Result<(path: String, text: String), SnippetError> {
        guard !name.hasPrefix("/") else { return .failure(SnippetError("an absolute path is never read; name it from the repository root")) }
        var refusal: SnippetError?
        for base in bases {
            let relative = RepoPath.normalize(RepoPath.join(base == "." ? "" : base, name))
            guard let relative, !relative.hasPrefix("../"), relative != ".." else {
                refusal = SnippetError("it is outside the repository; snippets are read only from inside it")
                continue
            }
            guard reader.exists(relative) else { continue }
            switch reader.read(relative) {
            case .success(let bytes): return .success((relative, String(decoding: bytes, as: UTF8.self)))
            case .failure(let problem): refusal = SnippetError(problem.message)
            }
        }
        return .failure(refusal ?? SnippetError("no such file in \(bases.map { "'\($0)'" }.joined(separator: ", "))"))
    }
}
