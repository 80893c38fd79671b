import FolioMarkdown
import FolioModel
import FolioText
import FolioYAML

/// A fenced block whose info string is `folio`: its YAML body says what to generate in its
/// place.
///
/// ````markdown
/// ```folio
/// deliverables: summary
/// ```
/// ````
struct Directive: Sendable {
    /// What the block generates: the kind its first key names.
    var kind: any DirectiveKind
    /// The first key's value (`summary` in `deliverables: summary`); empty for a kind that takes a
    /// mapping (`table`).
    var value = ""
    /// `file:` (or the table's `data:`) as written, with where.
    var file: (path: String, location: SourceLocation)?
    /// The table's `columns:`: each a key, with its heading when one was given.
    var columns: [(key: String, title: String?)] = []
    /// The opening fence.
    var location: SourceLocation

    /// Reads the block `block` of the file at `path`; a bad one is an error at its line, and `nil`.
    static func read(_ block: CodeBlock, path: String, into diagnostics: inout Diagnostics) -> Directive? {
        let fence = SourceLocation(path: path, line: block.position.line - 1, column: block.position.column)
        func at(_ mark: TextPosition) -> SourceLocation { SourceLocation(path: path, line: mark.line, column: mark.column + block.position.column - 1) }
        func fail(_ message: String, _ location: SourceLocation, _ suggestion: String? = nil) -> Directive? {
            diagnostics.error("directive.invalid", message, at: location, suggestion: suggestion)
            return nil
        }
        let example = "for example 'deliverables: summary'"
        let root: YAMLNode
        do {
            guard let node = try YAMLParser().parse(block.code, firstLine: block.position.line) else {
                return fail("this folio block is empty: it must say what to generate", fence, example)
            }
            root = node
        } catch {
            return fail("this folio block is not valid YAML: \(error.message)", at(error.mark))
        }
        guard let pairs = root.pairs, let first = pairs.first, let name = first.key.scalar?.string else {
            return fail("a folio block is a YAML mapping that says what to generate, found \(root.summary)", at(root.mark), example)
        }
        let names = DirectiveKinds.all.map(\.name)
        guard let kind = DirectiveKinds.all.first(where: { $0.name == name }) else {
            return fail(
                "unknown directive '\(name)'", at(first.key.mark),
                Suggestions.didYouMean(name, in: names) ?? "known directives: \(names.joined(separator: ", "))")
        }
        var directive = Directive(kind: kind, location: fence)
        let options = kind.options
        for pair in pairs.dropFirst() {
            let key = pair.key.scalar?.string ?? pair.key.summary
            guard options.contains(key) else {
                return fail(
                    "'\(name)' takes no option '\(key)'", at(pair.key.mark),
                    options.isEmpty ? "remove it" : Suggestions.didYouMean(key, in: options) ?? "it takes: \(options.joined(separator: ", "))")
            }
            guard let value = pair.value.scalar?.string, !value.isEmpty else {
                return fail("'\(key)' must be a path, found \(pair.value.summary)", at(pair.value.mark))
            }
            directive.file = (value, at(pair.value.mark))
        }
        let allowed = kind.values
        if allowed.isEmpty {
            return kind.read(first.value, into: &directive, at: at, fail: fail)
        }
        guard let value = first.value.scalar?.string, allowed.contains(value) else {
            let written = first.value.scalar?.string ?? first.value.summary
            return fail(
                "'\(name)' must be \(allowed.map { "'\($0)'" }.joined(separator: " or ")), found '\(written)'", at(first.value.mark),
                Suggestions.didYouMean(written, in: allowed))
        }
        directive.value = value
        return directive
    }
}

/// Where a directive's own YAML is (its line and column in the page), and how it refuses one.
typealias DirectiveLocator = (TextPosition) -> SourceLocation
typealias DirectiveRefusal = (String, SourceLocation, String?) -> Directive?
