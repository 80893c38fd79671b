import FolioLoad
import FolioMarkdown
import FolioModel
import Foundation

/// What a `#fragment` may name in a repository file that is not a site page, computed once per
/// file: the ids of a Markdown file (as GitHub renders it) or an HTML file, or the line count of
/// any other file (for `#L10` and `#L10-L20`, as GitHub's file view has them).
struct TargetIndex: Sendable {
    enum Entry: Sendable {
        case anchors(Set<String>, sorted: [String])
        case lines(Int)
        case unreadable
    }

    private var entries: [String: Entry] = [:]

    subscript(path: String) -> Entry? { entries[path] }

    /// Reads every path in `paths` (in parallel; Markdown parsing itself is serialized);
    /// documents already parsed are taken from `known`.
    static func build(
        _ paths: Set<String>, known: [String: MarkdownDocument], reader: any FileSource, parser: MarkdownParser
    ) -> TargetIndex {
        let list = paths.sorted()
        let computed = parallelMap(list) { path -> Entry in
            if let document = known[path] { return anchors(document.anchors) }
            if RepoPath.isMarkdown(path) { return anchors(LinkSources.parseMarkdownFile(path, reader: reader, parser: parser).anchors) }
            guard let data = reader.contents(path) else { return .unreadable }
            let lower = path.lowercased()
            if lower.hasSuffix(".html") || lower.hasSuffix(".htm") {
                return anchors(HTMLAttributes.scan(data).filter { $0.name == "id" || $0.name == "name" }.map(\.value))
            }
            return .lines(lineCount(data))
        }
        var index = TargetIndex()
        for (path, entry) in zip(list, computed) { index.entries[path] = entry }
        return index
    }

    private static func anchors(_ ids: [String]) -> Entry { .anchors(Set(ids), sorted: ids) }

    /// Lines as an editor counts them: a last line without a newline still counts.
    static func lineCount(_ data: [UInt8]) -> Int {
        guard !data.isEmpty else { return 0 }
        let newlines = data.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        return newlines + (data.last == UInt8(ascii: "\n") ? 0 : 1)
    }
}
