import FolioMarkdown

extension Diagnostic {
    /// A page the Markdown guard refused: an error at its line (the same from the build and the check).
    package init(_ refusal: MarkdownDocument.Refusal, in path: String) {
        self.init(
            .error, "page.too-complex", refusal.message, at: SourceLocation(path: path, line: refusal.line, column: 1),
            suggestion: "split the table or the page; see Safety in Folio's docs for the limits")
    }

    /// A problem an extension found (a snippet, a duplicate `{#id}`), at its file and line.
    package init(_ finding: ExtensionFinding, in path: String) {
        self.init(
            finding.isError ? .error : .warning, finding.rule, finding.message,
            at: SourceLocation(path: finding.file ?? path, line: finding.position.line, column: finding.position.column))
    }
}
