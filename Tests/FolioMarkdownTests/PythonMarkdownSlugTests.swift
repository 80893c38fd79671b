import FolioMarkdown
import Foundation
import Testing

/// Heading ids with `anchors: {slugs: python-markdown}` against the ids MkDocs gives (Python-
/// Markdown 3.11's `toc`, default `slugify`), from ../shared/reference: every heading is
/// `# ` + its text as written, all on one page, in order.
@Suite struct PythonMarkdownSlugTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let heading: String
        let slug: String
        var testDescription: String { heading }
    }

    static let file = ReferenceSlugTests.file.deletingLastPathComponent().appendingPathComponent("python-markdown-slugs.json")
    static let cases: [Case] = {
        struct Reference: Decodable { let cases: [Case] }
        guard let data = try? Data(contentsOf: file) else { return [] }
        return (try? JSONDecoder().decode(Reference.self, from: data))?.cases ?? []
    }()
    static let ids: [String] = {
        let markdown = cases.map { "# " + $0.heading + "\n\n" }.joined()
        return MarkdownParser(slugs: .pythonMarkdown).parse(markdown).headings.map(\.id)
    }()

    @Test func referenceDataIsThere() {
        #expect(Self.cases.count == 65, "read \(Self.file.path)")
        #expect(Self.ids.count == Self.cases.count)
    }

    @Test(arguments: cases.indices)
    func mkDocsGivesTheSameId(_ index: Int) {
        let reference = Self.cases[index]
        #expect(Self.ids.indices.contains(index) && Self.ids[index] == reference.slug, "\(reference.heading)")
    }

    /// Python-Markdown 3.11's `toc.unique` on the same sequence gives these ids (computed with
    /// `markdown.extensions.toc.unique`), including after the counting was made linear.
    @Test func repeatsAreNumberedAsPythonMarkdownNumbersThem() {
        var slugger = Slugger(style: .pythonMarkdown)
        let sequence = ["x", "x", "x_1", "x", "x_3", "x", "x", "", "", "x_1_1", "x_1", "y_2", "y", "y", "y", "x_10", "x"]
        #expect(sequence.map { slugger.uniqueSlug($0) } == [
            "x", "x_1", "x_2", "x_3", "x_4", "x_5", "x_6", "_1", "_2", "x_1_1", "x_7", "y_2", "y", "y_1", "y_3", "x_10", "x_8",
        ])
    }
}
