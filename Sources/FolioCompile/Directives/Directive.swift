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
    enum Kind: String, Sendable {
        case deliverablesSummary = "deliverables: summary"
        case deliverablesDetails = "deliverables: details"
        case requirementsCoverage = "requirements: coverage"
        case runbooksIndex = "runbooks: index"
        case composeServices = "compose: services"
        case makeTargets = "make: targets"
        case table = "table"
    }

    var kind: Kind
    /// `file:` (or the table's `data:`) as written, with where.
    var file: (path: String, location: SourceLocation)?
    /// The table's `columns:`: each a key, with its heading when one was given.
    var columns: [(key: String, title: String?)] = []
    /// The opening fence.
    var location: SourceLocation

    /// The first key says what to generate; the values each accepts.
    static let values: [String: [String]] = [
        "deliverables": ["summary", "details"], "requirements": ["coverage"], "runbooks": ["index"], "compose": ["services"],
        "make": ["targets"],
    ]
    static let names = ["deliverables", "requirements", "runbooks", "compose", "make", "table"]
    /// The keys each kind accepts besides its own.
    static let options: [String: [String]] = [
        "deliverables": ["file"], "requirements": ["file"], "runbooks": [], "compose": ["file"], "make": ["file"], "table": [],
    ]

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
        guard names.contains(name) else {
            return fail(
                "unknown directive '\(name)'", at(first.key.mark),
                Suggestions.didYouMean(name, in: names) ?? "known directives: \(names.joined(separator: ", "))")
        }
        var directive = Directive(kind: .table, location: fence)
        let options = options[name] ?? []
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
        if name == "table" {
            return readTable(first.value, into: &directive, at: at, fail: fail)
        }
        let allowed = values[name] ?? []
        guard let value = first.value.scalar?.string, let kind = Kind(rawValue: "\(name): \(value)") else {
            let written = first.value.scalar?.string ?? first.value.summary
            return fail(
                "'\(name)' must be \(allowed.map { "'\($0)'" }.joined(separator: " or ")), found '\(written)'", at(first.value.mark),
                Suggestions.didYouMean(written, in: allowed))
        }
        directive.kind = kind
        return directive
    }

    private static func readTable(
        _ node: YAMLNode, into directive: inout Directive, at: (TextPosition) -> SourceLocation, fail: (String, SourceLocation, String?) -> Directive?
    ) -> Directive? {
        let example = "write 'table: {data: path/to/list.yaml, columns: [name, owner]}'"
        guard let pairs = node.pairs else { return fail("'table' must be a mapping with 'data' and 'columns', found \(node.summary)", at(node.mark), example) }
        for pair in pairs {
            let key = pair.key.scalar?.string ?? pair.key.summary
            switch key {
            case "data":
                guard let path = pair.value.scalar?.string, !path.isEmpty else {
                    return fail("'data' must be the path of a YAML file, found \(pair.value.summary)", at(pair.value.mark), nil)
                }
                directive.file = (path, at(pair.value.mark))
            case "columns":
                guard let items = pair.value.items else {
                    return fail("'columns' must be a list of keys, found \(pair.value.summary)", at(pair.value.mark), "write 'columns: [name, owner]'")
                }
                for item in items {
                    if let key = item.scalar?.string {
                        directive.columns.append((key, nil))
                    } else if let titled = item.pairs, titled.count == 1, let key = titled[0].key.scalar?.string, let title = titled[0].value.scalar?.string {
                        directive.columns.append((key, title))
                    } else {
                        return fail("a column is a key, or 'key: Heading', found \(item.summary)", at(item.mark), nil)
                    }
                }
            default:
                return fail("'table' takes no option '\(key)'", at(pair.key.mark), Suggestions.didYouMean(key, in: ["data", "columns"]))
            }
        }
        guard directive.file != nil else { return fail("'table' needs 'data', the YAML file whose list it shows", at(node.mark), example) }
        return directive
    }
}
