import Testing

@testable import FolioModel

/// Reports print in one order every run: diagnostics that differ only in their suggestion or
/// target (two links to the same missing page, with different advice) are ordered too, whatever
/// order they were found in (a `Set` de-duplicates them, and its order changes between runs).
@Suite struct DiagnosticOrderTests {
    @Test func equalPlacesAndMessagesAreOrderedBySuggestionThenTarget() {
        let place = SourceLocation(path: "content/a.md", line: 3, column: 5)
        let found = [
            Diagnostic(.error, "link.missing-file", "missing", at: place, suggestion: "did you mean 'b.md'?", target: "c.md"),
            Diagnostic(.error, "link.missing-file", "missing", at: place, suggestion: "did you mean 'b.md'?", target: "a.md"),
            Diagnostic(.error, "link.missing-file", "missing", at: place, suggestion: nil, target: "z.md"),
            Diagnostic(.error, "link.missing-file", "missing", at: place, suggestion: "did you mean 'a.md'?", target: nil),
        ]
        let expected = [found[2], found[3], found[1], found[0]]
        var generator = SplitMix(seed: 7)
        for _ in 0..<50 {
            var diagnostics = Diagnostics()
            for diagnostic in found.shuffled(using: &generator) { diagnostics.add(diagnostic) }
            #expect(diagnostics.sorted == expected)
        }
    }

    /// Repeats are dropped wherever they were found, even beside one that differs only in an
    /// empty suggestion instead of none.
    @Test func repeatsAreDroppedAndNoneComesBeforeEmpty() {
        let place = SourceLocation(path: "content/a.md", line: 1, column: 1)
        let none = Diagnostic(.warning, "link.empty", "the link has no target", at: place)
        let empty = Diagnostic(.warning, "link.empty", "the link has no target", at: place, suggestion: "", target: "")
        let elsewhere = Diagnostic(.warning, "link.empty", "the link has no target", at: SourceLocation(path: "content/b.md", line: 1, column: 1))
        var generator = SplitMix(seed: 11)
        for _ in 0..<50 {
            var diagnostics = Diagnostics()
            for diagnostic in ([none, empty, none, elsewhere, empty, none] as [Diagnostic]).shuffled(using: &generator) { diagnostics.add(diagnostic) }
            #expect(diagnostics.sorted == [none, empty, elsewhere])
        }
    }
}
