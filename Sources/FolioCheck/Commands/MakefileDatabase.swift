import FolioModel
import Foundation

/// What GNU make would know of a makefile, read in Swift without running anything (no recipe,
/// no `$(shell ...)`): its targets, pattern rules and default goal, following `include`s.
/// Conditionals are evaluated when their values are known; when one depends on something Folio
/// cannot know (a function, `$(shell ...)`), both branches count.
struct MakefileDatabase: Sendable {
    /// Every explicit target (`.PHONY` ones included), with the file and line that defines it.
    var targets: [String: SourceLocation] = [:]
    /// `%.o: %.c` as (target pattern, prerequisite patterns).
    var patternRules: [(target: String, prerequisites: [String])] = []
    /// The goal of a bare `make`: `.DEFAULT_GOAL`, else the first ordinary target.
    var defaultGoal: String?
    /// What make itself would refuse: a missing `include`, a line it cannot read.
    var problems: [Diagnostic] = []

    /// Reads the makefile at `file` (absolute) as make run in `directory` (absolute) would, through
    /// load's reader; paths in diagnostics are relative to the repository root.
    static func read(_ file: String, directory: String, reader files: any FileSource) -> MakefileDatabase {
        var reader = MakefileReader(directory: directory, reader: files)
        reader.read(file, includedFrom: nil)
        reader.database.defaultGoal = reader.expand(reader.variables[".DEFAULT_GOAL"] ?? "").value.trimmingCharacters(in: .whitespaces)
            .nilIfEmpty ?? reader.firstGoal
        return reader.database
    }

    /// Whether `make goal` has something to do or is up to date: an explicit target, a pattern
    /// rule whose prerequisites exist or can be made, or an existing file.
    func knows(_ goal: String, directory: String, reader: any FileSource) -> Bool {
        if targets[goal] != nil { return true }
        if reader.exists(RepoPath.join(directory, goal)) { return true }
        for rule in patternRules {
            guard let stem = Self.stem(of: goal, in: rule.target) else { continue }
            let prerequisites = rule.prerequisites.map { $0.replacingOccurrences(of: "%", with: stem) }
            if prerequisites.allSatisfy({ targets[$0] != nil || reader.exists(RepoPath.join(directory, $0)) }) {
                return true
            }
        }
        return false
    }

    /// The `%` part of `name` for `pattern` (`a.o` in `%.o` -> `a`).
    static func stem(of name: String, in pattern: String) -> String? {
        guard let percent = pattern.firstIndex(of: "%") else { return nil }
        let prefix = pattern[..<percent], suffix = pattern[pattern.index(after: percent)...]
        guard name.count > prefix.count + suffix.count - 1, name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
        return String(name.dropFirst(prefix.count).dropLast(suffix.count))
    }
}
