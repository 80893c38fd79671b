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

    /// Sorting positions rather than values gives what sorting the values gives: random findings
    /// with repeats, against the values sorted and their repeats dropped.
    @Test func sortedPositionsGiveTheSortedValues() {
        var generator = SplitMix(seed: 23)
        let paths = ["content/a.md", "content/b.md", "docs/c.md"]
        let rules = ["link.missing-file", "link.missing-anchor", "runbook.overdue"]
        for _ in 0..<100 {
            var diagnostics = Diagnostics()
            for _ in 0..<Int.random(in: 0...60, using: &generator) {
                let place = SourceLocation(path: paths.randomElement(using: &generator)!, line: Int.random(in: 1...4, using: &generator), column: Int.random(in: 1...3, using: &generator))
                diagnostics.add(
                    Diagnostic(
                        Bool.random(using: &generator) ? .error : .warning, rules.randomElement(using: &generator)!, "message \(Int.random(in: 0...2, using: &generator))",
                        at: Bool.random(using: &generator) ? place : nil, suggestion: Bool.random(using: &generator) ? "s" : nil))
            }
            var expected: [Diagnostic] = []
            for diagnostic in diagnostics.all.sorted() where expected.last != diagnostic { expected.append(diagnostic) }
            #expect(diagnostics.sorted == expected)
        }
    }
}
