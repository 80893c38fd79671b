import FolioText

/// What can go wrong reading YAML; every case knows where, and the rule id a diagnostic shows.
public enum YAMLError: Error, Sendable, Hashable {
    /// libyaml's own syntax error, at libyaml's position.
    case syntax(String, TextPosition)
    /// A mapping repeats a key.
    case duplicateKey(String, TextPosition)
    /// Alias expansion would exceed the node budget (a "billion laughs" document).
    case aliasBomb(limit: Int, TextPosition)
    /// An alias names an anchor that was never defined.
    case unknownAnchor(String, TextPosition)
    /// More than one document where one is expected.
    case multipleDocuments(TextPosition)
    /// A value has the wrong type for its key path.
    case type(path: String, expected: String, found: String, TextPosition)
    /// A required key is missing.
    case missingKey(path: String, TextPosition)
    /// A value is of the right type but not acceptable.
    case invalidValue(path: String, message: String, TextPosition)

    /// Where the problem is.
    public var mark: TextPosition {
        switch self {
        case .syntax(_, let mark), .duplicateKey(_, let mark), .aliasBomb(_, let mark),
            .unknownAnchor(_, let mark), .multipleDocuments(let mark), .type(_, _, _, let mark),
            .missingKey(_, let mark), .invalidValue(_, _, let mark):
            return mark
        }
    }

    /// The rule id shown in brackets after the message.
    public var rule: String {
        switch self {
        case .syntax: return "yaml.syntax"
        case .duplicateKey: return "yaml.duplicate-key"
        case .aliasBomb: return "yaml.alias-limit"
        case .unknownAnchor: return "yaml.unknown-anchor"
        case .multipleDocuments: return "yaml.multiple-documents"
        case .type: return "yaml.type"
        case .missingKey: return "yaml.missing-key"
        case .invalidValue: return "yaml.invalid-value"
        }
    }

    /// The message a user reads.
    public var message: String {
        switch self {
        case .syntax(let problem, _): return problem
        case .duplicateKey(let key, _): return "duplicate key '\(key)'"
        case .aliasBomb(let limit, _):
            return "aliases expand to more than \(limit) nodes; refusing to expand them"
        case .unknownAnchor(let name, _): return "alias '*\(name)' refers to no anchor"
        case .multipleDocuments: return "expected a single YAML document, found another one here"
        case .type(let path, let expected, let found, _):
            return "'\(path)' must be \(expected), found \(found)"
        case .missingKey(let path, _): return "'\(path)' is required"
        case .invalidValue(let path, let message, _): return "'\(path)' \(message)"
        }
    }
}
