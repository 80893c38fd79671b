import FolioModel
import FolioYAML

/// `table: {data: services.yaml, columns: [name, owner]}`: any YAML list of mappings as a table.
/// Cells are Markdown (links and code work; raw HTML is shown as text); a list is joined with
/// commas; links are relative to the data file.
struct TableDirective: DirectiveKind {
    let name = "table"
    let values: [String] = []
    let options: [String] = []

    func read(_ node: YAMLNode, into directive: inout Directive, at: DirectiveLocator, fail: DirectiveRefusal) -> Directive? {
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

    func generate(_ directive: Directive, in context: DirectiveContext, with expander: inout DirectiveExpander, into output: inout GeneratedMarkdown)
        -> Bool
    {
        expander.dataTable(directive, into: &output)
    }
}

extension DirectiveExpander {
    mutating func dataTable(_ directive: Directive, into output: inout GeneratedMarkdown) -> Bool {
        guard let (written, location) = directive.file, let (path, node) = readYAML(written, at: location, what: "data file") else { return false }
        guard let items = node.items else {
            return dataError("a table's data file holds a list of mappings, found \(node.summary)", path, node.mark)
        }
        var keys: [String] = []
        for item in items {
            guard let pairs = item.pairs else { return dataError("each entry of the list is a mapping, found \(item.summary)", path, item.mark) }
            for key in pairs.compactMap(\.key.scalar?.string) where !keys.contains(key) { keys.append(key) }
        }
        let columns = directive.columns.isEmpty ? keys.map { (key: $0, title: String?.none) } : directive.columns
        for column in columns where !keys.contains(column.key) {
            diagnostics.warning(
                "directive.unknown-column", "no entry of '\(path)' has the key '\(column.key)'; its column is empty", at: directive.location,
                suggestion: Suggestions.didYouMean(column.key, in: keys) ?? "keys: \(keys.joined(separator: ", "))")
        }
        let rows = items.map { item in
            (cells: columns.map { column in item[column.key].map(cell) ?? "" }, origin: SourceLocation(path, item.mark))
        }
        output.table(columns.map { $0.title ?? $0.key }, rows, from: directive.location)
        return true
    }

    private func cell(_ node: YAMLNode) -> String {
        if let scalar = node.scalar { return scalar.value == .null ? "" : GeneratedMarkdown.inline(scalar.string) }
        if let items = node.items { return items.map(cell).filter { !$0.isEmpty }.joined(separator: ", ") }
        return (node.pairs ?? []).map { GeneratedMarkdown.text($0.key.scalar?.string ?? "") + ": " + cell($0.value) }.joined(separator: ", ")
    }
}
