import FolioText
import FolioYAML

/// A place in the repository: repository-relative path, optional 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Repository-relative path with `/` separators.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// 1-based column in Unicode scalars, when known.
    public var column: Int?

    /// Makes a location.
    public init(path: String, line: Int? = nil, column: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
    }

    public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
        (lhs.path, lhs.line ?? 0, lhs.column ?? 0) < (rhs.path, rhs.line ?? 0, rhs.column ?? 0)
    }

    /// The place of a YAML node (or error) in the file at `path`.
    public init(_ path: String, _ mark: TextPosition) {
        self.init(path: path, line: mark.line, column: mark.column)
    }

    /// `path:line:column`, `path:line` or `path`.
    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}

/// One thing a user must fix (or should know), printed as
/// `path:line:column: severity: message [rule]`.
public struct Diagnostic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// How serious a diagnostic is.
    public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
        case error, warning, note

        private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    public var severity: Severity
    /// A stable id such as `yaml.type` or `config.unknown-key`.
    public var rule: String
    public var message: String
    public var location: SourceLocation?
    /// A fix to try, e.g. `did you mean 'title'?`.
    public var suggestion: String?
    /// What the finding is about, as written: a link's destination, a command.
    public var target: String?

    /// Makes a diagnostic.
    public init(
        _ severity: Severity, _ rule: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil, target: String? = nil
    ) {
        self.severity = severity
        self.rule = rule
        self.message = message
        self.location = location
        self.suggestion = suggestion
        self.target = target
    }

    /// Sorted by path, line, column (diagnostics without a place last), then severity, rule,
    /// message, suggestion and target: a total order, so the same set prints in the same order
    /// every run (a `Set`'s order is not).
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (.some, .none): return true
        case (.none, .some): return false
        case (.some(let left), .some(let right)) where left != right: return left < right
        default: break
        }
        if (lhs.severity, lhs.rule, lhs.message) != (rhs.severity, rhs.rule, rhs.message) {
            return (lhs.severity, lhs.rule, lhs.message) < (rhs.severity, rhs.rule, rhs.message)
        }
        // No suggestion comes before an empty one: the order agrees with `==` (which `sorted`
        // relies on to drop repeats).
        return (lhs.suggestion ?? "", lhs.suggestion == nil ? 0 : 1, lhs.target ?? "", lhs.target == nil ? 0 : 1)
            < (rhs.suggestion ?? "", rhs.suggestion == nil ? 0 : 1, rhs.target ?? "", rhs.target == nil ? 0 : 1)
    }

    /// The one-line text form (more lines only for output Folio shows, a runbook's), with
    /// control characters escaped (``Printable``).
    public var description: String {
        var text = location.map { "\(Printable.escape($0.description)): " } ?? "folio: "
        text += "\(severity.rawValue): \(Printable.escape(message, keepingLines: true))"
        if let suggestion { text += " (\(Printable.escape(suggestion)))" }
        return text + " [\(rule)]"
    }
}

/// Collects diagnostics as stages go on; only unrecoverable I/O throws.
public struct Diagnostics: Sendable, Hashable {
    public private(set) var all: [Diagnostic] = []

    /// Makes an empty collection.
    public init() {}

    /// Adds one.
    public mutating func add(_ diagnostic: Diagnostic) { all.append(diagnostic) }

    /// Adds many.
    public mutating func add(contentsOf diagnostics: Diagnostics) { all += diagnostics.all }

    /// Adds an error.
    public mutating func error(_ rule: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil, target: String? = nil) {
        add(Diagnostic(.error, rule, message, at: location, suggestion: suggestion, target: target))
    }

    /// Adds a warning.
    public mutating func warning(
        _ rule: String, _ message: String, at location: SourceLocation?, suggestion: String? = nil, target: String? = nil
    ) {
        add(Diagnostic(.warning, rule, message, at: location, suggestion: suggestion, target: target))
    }

    /// A YAML error of the file at `path`, at its line and column.
    public mutating func add(_ error: YAMLError, in path: String, suggestion: String? = nil) {
        self.error(error.rule, error.message, at: SourceLocation(path, error.mark), suggestion: suggestion)
    }

    /// Whether any error was reported.
    public var hasErrors: Bool { all.contains { $0.severity == .error } }

    /// Whether any error or warning was reported.
    public var hasFindings: Bool { all.contains { $0.severity != .note } }

    /// Every diagnostic, de-duplicated and sorted: sorted first, so that a repeated one is next
    /// to itself (hashing 12,000 diagnostics into a set first took as long as sorting them).
    /// Their positions are sorted, not the values, ties kept in the order they came: a sorted
    /// copy and the sort's buffer held the findings twice more (3 MB of 12,000 at the end of a
    /// build, where its memory peaks).
    public var sorted: [Diagnostic] {
        let all = all
        let order = all.indices.sorted { left, right in all[left] < all[right] || (!(all[right] < all[left]) && left < right) }
        var result: [Diagnostic] = []
        result.reserveCapacity(all.count)
        for index in order where result.last != all[index] { result.append(all[index]) }
        return result
    }
}
