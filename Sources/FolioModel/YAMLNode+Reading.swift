import FolioYAML

extension YAMLNode {
    /// The text under `key` of this mapping, `nil` when the key is absent; a list, a mapping or
    /// `null` there is a `yaml.type` error at its place in the file at `path` (and `nil`).
    func text(_ key: String, in path: String, into diagnostics: inout Diagnostics) -> String? {
        guard let value = self[key] else { return nil }
        guard let scalar = value.scalar, scalar.value != .null else {
            diagnostics.error("yaml.type", "'\(key)' must be text, found \(value.summary)", at: SourceLocation(path, value.mark))
            return nil
        }
        return scalar.string
    }
}
