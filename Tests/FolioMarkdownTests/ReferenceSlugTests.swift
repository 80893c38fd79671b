import FolioMarkdown
import Foundation
import Testing

/// Heading ids against GitHub's own, from github-slugger's fixtures in ../shared/reference
/// (generated from GitHub's rendering). The headings are parsed as one page, as the README of
/// the reference data says: Markdown punctuation backslash-escaped, or `markdownOverwrite`.
@Suite struct ReferenceSlugTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let input: String
        let expected: String
        let markdownOverwrite: String?
        var testDescription: String { name }
    }

    static let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/reference/github-slugs.json")
    /// Every case but `Unassigned`, whose code points later Unicode versions assign.
    static let cases: [Case] = {
        guard let data = try? Data(contentsOf: file) else { return [] }
        return ((try? JSONDecoder().decode([Case].self, from: data)) ?? []).filter { $0.name != "Unassigned" }
    }()
    /// The ids Folio gives all the headings on one page.
    static let ids: [String] = {
        let markdown = cases.map { ($0.markdownOverwrite ?? "# " + escaped($0.input)) + "\n\n" }.joined()
        return MarkdownParser().parse(markdown).headings.map(\.id)
    }()

    static func escaped(_ text: String) -> String {
        String(text.flatMap { $0.isASCII && $0.isPunctuation || $0.isASCII && $0.isSymbol ? ["\\", $0] : [$0] })
    }

    @Test func referenceDataIsThere() {
        #expect(Self.cases.count == 77, "read \(Self.file.path)")
        #expect(Self.ids.count == Self.cases.count)
    }

    @Test(arguments: cases.indices)
    func githubGivesTheSameId(_ index: Int) {
        let reference = Self.cases[index]
        #expect(Self.ids.indices.contains(index) && Self.ids[index] == reference.expected, "\(reference.name)")
    }
}
