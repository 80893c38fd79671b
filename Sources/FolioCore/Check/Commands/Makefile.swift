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

    /// Reads the makefile at `file` (absolute) as make run in `directory` (absolute) would;
    /// paths in diagnostics are relative to `root`.
    static func read(_ file: String, directory: String, root: String) -> MakefileDatabase {
        var reader = MakefileReader(directory: directory, root: root)
        reader.read(file, includedFrom: nil)
        reader.database.defaultGoal = reader.expand(reader.variables[".DEFAULT_GOAL"] ?? "").value.trimmingCharacters(in: .whitespaces)
            .nilIfEmpty ?? reader.firstGoal
        return reader.database
    }

    /// Whether `make goal` has something to do or is up to date: an explicit target, a pattern
    /// rule whose prerequisites exist or can be made, or an existing file.
    func knows(_ goal: String, directory: String) -> Bool {
        if targets[goal] != nil { return true }
        if FileManager.default.fileExists(atPath: RepoPath.join(directory, goal)) { return true }
        for rule in patternRules {
            guard let stem = Self.stem(of: goal, in: rule.target) else { continue }
            let prerequisites = rule.prerequisites.map { $0.replacingOccurrences(of: "%", with: stem) }
            if prerequisites.allSatisfy({ targets[$0] != nil || FileManager.default.fileExists(atPath: RepoPath.join(directory, $0)) }) {
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

/// Reads makefiles line by line into a `MakefileDatabase`.
struct MakefileReader {
    let directory: String
    let root: String
    var database = MakefileDatabase()
    var variables: [String: String] = [:]
    var firstGoal: String?
    private var depth = 0
    /// Targets only named by `.PHONY` so far: a rule for one moves its location to the rule.
    private var onlyPhony = Set<String>()

    init(directory: String, root: String) {
        self.directory = directory
        self.root = root
    }

    /// A logical line: continuation lines joined, with the number of its first physical line.
    private struct Line {
        var text: String
        var number: Int
    }

    mutating func read(_ file: String, includedFrom: SourceLocation?) {
        depth += 1
        defer { depth -= 1 }
        guard depth < 20, let data = FileManager.default.contents(atPath: file) else {
            if let includedFrom {
                database.problems.append(
                    Diagnostic(.error, "command.makefile-invalid", "make cannot read the included file '\(display(file))'", at: includedFrom))
            }
            return
        }
        let path = display(file)
        var conditions: [Bool?] = []  // nil: unknown, both branches count
        var inRule = false
        var defining: String?
        var value = ""
        for line in Self.logicalLines(String(decoding: data, as: UTF8.self)) {
            let here = SourceLocation(path: path, line: line.number, column: 1)
            if let name = defining {
                if line.text.trimmingCharacters(in: .whitespaces) == "endef" {
                    variables[name] = value
                    defining = nil
                } else {
                    value += (value.isEmpty ? "" : "\n") + line.text
                }
                continue
            }
            if line.text.hasPrefix("\t") {
                if inRule { continue }
                if Self.stripComment(line.text).trimmingCharacters(in: .whitespaces).isEmpty { continue }
                if conditions.contains(false) { continue }
                database.problems.append(Diagnostic(.error, "command.makefile-invalid", "recipe commences before first target", at: here))
                continue
            }
            let text = Self.stripComment(line.text).trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            let (keyword, rest) = Self.split(text)
            switch keyword {
            case "ifdef", "ifndef", "ifeq", "ifneq":
                conditions.append(conditions.contains(false) ? false : evaluate(keyword, rest))
                continue
            case "else":
                if let last = conditions.popLast() {
                    let (nested, nestedRest) = Self.split(rest)
                    if ["ifdef", "ifndef", "ifeq", "ifneq"].contains(nested) {
                        conditions.append(last == true ? false : last == nil ? nil : evaluate(nested, nestedRest))
                    } else {
                        conditions.append(last.map { !$0 })
                    }
                }
                continue
            case "endif":
                _ = conditions.popLast()
                continue
            default:
                break
            }
            if conditions.contains(false) { continue }
            switch keyword {
            case "define":
                defining = Self.split(rest).word.nilIfEmpty ?? rest
                value = ""
                continue
            case "include", "-include", "sinclude":
                let expanded = expand(rest)
                for name in expanded.value.split(whereSeparator: \.isWhitespace).map(String.init) {
                    let included = name.hasPrefix("/") ? name : RepoPath.join(directory, name)
                    if FileManager.default.fileExists(atPath: included) {
                        read(included, includedFrom: here)
                    } else if keyword == "include" && database.targets[name] == nil && !expanded.isUnknown {
                        database.problems.append(
                            Diagnostic(.error, "command.makefile-invalid", "make cannot find the included file '\(name)'", at: here,
                                suggestion: "create it, or use '-include' if it is optional"))
                    }
                }
                continue
            case "export", "unexport", "override", "private", "vpath", "undefine":
                if rest.isEmpty || keyword == "vpath" { continue }
                if keyword == "undefine" {
                    variables[rest] = nil
                    continue
                }
                if assign(rest) { continue }
                continue
            default:
                break
            }
            if assign(text) {
                inRule = false
                continue
            }
            if let rule = Self.ruleParts(text) {
                inRule = true
                define(rule.targets, prerequisites: rule.prerequisites, at: here)
                continue
            }
            database.problems.append(Diagnostic(.error, "command.makefile-invalid", "missing separator: make cannot read this line", at: here))
        }
        if defining != nil || !conditions.isEmpty {
            let what = defining != nil ? "a 'define' without 'endef'" : "an 'if' without 'endif'"
            database.problems.append(Diagnostic(.error, "command.makefile-invalid", "\(what) at the end of the file", at: SourceLocation(path: path)))
        }
    }

    /// Records the targets of a rule line.
    private mutating func define(_ targetText: String, prerequisites: String, at here: SourceLocation) {
        let expanded = expand(targetText)
        guard !expanded.isUnknown else { return }
        let names = expanded.value.split(whereSeparator: \.isWhitespace).map(String.init)
        let isPattern = names.contains { $0.contains("%") }
        // A static pattern rule (`a.o b.o: %.o: %.c`) defines its targets; its prerequisites are not patterns of its own.
        let prerequisiteWords = expand(prerequisites.components(separatedBy: ";")[0]).value.split(whereSeparator: \.isWhitespace).map(String.init)
        if names == [".PHONY"] {
            for name in prerequisiteWords where database.targets[name] == nil {
                database.targets[name] = here
                onlyPhony.insert(name)
            }
            return
        }
        for name in names {
            if name.contains("%") {
                database.patternRules.append((name, prerequisiteWords.filter { !$0.hasPrefix("|") }))
                continue
            }
            if name.hasPrefix(".") && !name.contains("/") && Self.specialTargets.contains(name) { continue }
            if database.targets[name] == nil || onlyPhony.remove(name) != nil { database.targets[name] = here }
            if firstGoal == nil && !isPattern && !(name.hasPrefix(".") && !name.contains("/")) { firstGoal = name }
        }
    }

    static let specialTargets: Set<String> = [
        ".PHONY", ".SUFFIXES", ".DEFAULT", ".PRECIOUS", ".INTERMEDIATE", ".NOTINTERMEDIATE", ".SECONDARY", ".SECONDEXPANSION",
        ".DELETE_ON_ERROR", ".IGNORE", ".LOW_RESOLUTION_TIME", ".SILENT", ".EXPORT_ALL_VARIABLES", ".NOTPARALLEL", ".ONESHELL", ".POSIX",
    ]

    /// `NAME = value` and its kin; `false` when the line is not an assignment.
    private mutating func assign(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var parens = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "(" || scalar == "{" { parens += 1 }
            if scalar == ")" || scalar == "}" { parens -= 1 }
            if parens == 0 && (scalar == "=" || scalar == ":") {
                let head = String(String.UnicodeScalarView(scalars[..<index]))
                let tail = String(String.UnicodeScalarView(scalars[index...]))
                if scalar == ":" && !(tail.hasPrefix(":=") || tail.hasPrefix("::=") || tail.hasPrefix(":::=")) { return false }
                var name = head
                var op = "="
                var value = ""
                if scalar == ":" {
                    op = tail.hasPrefix(":::=") ? ":::=" : tail.hasPrefix("::=") ? "::=" : ":="
                    value = String(tail.dropFirst(op.count))
                } else if let last = name.last, "?+!".contains(last) {
                    op = String(last) + "="
                    name.removeLast()
                    value = String(tail.dropFirst())
                } else {
                    value = String(tail.dropFirst())
                }
                name = name.trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty, !name.contains(where: \.isWhitespace) || name.hasPrefix("$") else { return false }
                let key = expand(name).value
                value = value.trimmingCharacters(in: .whitespaces)
                switch op {
                case "?=": if variables[key] == nil { variables[key] = value }
                case "+=": variables[key] = (variables[key].map { $0 + " " } ?? "") + value
                case ":=", "::=", ":::=": variables[key] = expand(value).value
                case "!=": variables[key] = "$(shell \(value))"
                default: variables[key] = value
                }
                return true
            }
            index += 1
        }
        return false
    }

    /// `ifdef X`, `ifeq (a,b)`, `ifneq "a" "b"`: `nil` when it depends on something unknown.
    private func evaluate(_ keyword: String, _ rest: String) -> Bool? {
        switch keyword {
        case "ifdef", "ifndef":
            let expanded = expand(rest)
            guard !expanded.isUnknown else { return nil }
            let defined = !(variables[expanded.value.trimmingCharacters(in: .whitespaces)] ?? "").isEmpty
            return keyword == "ifdef" ? defined : !defined
        default:
            guard let (left, right) = Self.comparands(rest) else { return nil }
            let a = expand(left), b = expand(right)
            guard !a.isUnknown, !b.isUnknown else { return nil }
            return (a.value == b.value) == (keyword == "ifeq")
        }
    }

    /// `(a,b)`, `"a" "b"` or `'a' 'b'`.
    private static func comparands(_ text: String) -> (String, String)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("("), trimmed.hasSuffix(")") {
            let inner = trimmed.dropFirst().dropLast()
            var parens = 0
            for index in inner.indices {
                if inner[index] == "(" { parens += 1 }
                if inner[index] == ")" { parens -= 1 }
                if inner[index] == ",", parens == 0 {
                    return (String(inner[..<index]).trimmingCharacters(in: .whitespaces),
                        String(inner[inner.index(after: index)...]).trimmingCharacters(in: .whitespaces))
                }
            }
            return nil
        }
        let quoted = trimmed.split(separator: " ", omittingEmptySubsequences: true)
        guard quoted.count == 2 else { return nil }
        return (String(quoted[0].dropFirst().dropLast()), String(quoted[1].dropFirst().dropLast()))
    }

    /// Expands `$(NAME)`, `${NAME}`, `$X` and `$$`; anything else (a function, a substitution
    /// reference) makes the result unknown.
    func expand(_ text: String, depth: Int = 0) -> (value: String, isUnknown: Bool) {
        guard text.contains("$") else { return (text, false) }
        guard depth < 30 else { return ("", true) }
        var result = ""
        var isUnknown = false
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "$", text.index(after: index) < text.endIndex else {
                result.append(character)
                index = text.index(after: index)
                continue
            }
            let next = text[text.index(after: index)]
            if next == "$" {
                result.append("$")
                index = text.index(index, offsetBy: 2)
            } else if next == "(" || next == "{" {
                let close: Character = next == "(" ? ")" : "}"
                var cursor = text.index(index, offsetBy: 2)
                var level = 1
                while cursor < text.endIndex {
                    if text[cursor] == next { level += 1 }
                    if text[cursor] == close {
                        level -= 1
                        if level == 0 { break }
                    }
                    cursor = text.index(after: cursor)
                }
                let inner = String(text[text.index(index, offsetBy: 2)..<min(cursor, text.endIndex)])
                let name = expand(inner, depth: depth + 1)
                if name.isUnknown || name.value.contains(where: { $0 == " " || $0 == ":" || $0 == "," }) {
                    isUnknown = true
                } else {
                    let value = expand(variables[name.value] ?? "", depth: depth + 1)
                    isUnknown = isUnknown || value.isUnknown
                    result += value.value
                }
                index = cursor < text.endIndex ? text.index(after: cursor) : cursor
            } else {
                let value = expand(variables[String(next)] ?? "", depth: depth + 1)
                isUnknown = isUnknown || value.isUnknown
                result += value.value
                index = text.index(index, offsetBy: 2)
            }
        }
        return (result, isUnknown)
    }

    // MARK: - Lines

    /// Joins `\`-continued lines; recipe lines keep their leading tab.
    private static func logicalLines(_ text: String) -> [Line] {
        var lines: [Line] = []
        var current: String?
        var start = 0
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var physical = String(raw)
            if physical.hasSuffix("\r") { physical.removeLast() }
            let continues = physical.hasSuffix("\\") && !physical.hasSuffix("\\\\")
            if continues { physical.removeLast() }
            if current == nil {
                current = physical
                start = offset + 1
            } else {
                current! += " " + physical.trimmingCharacters(in: .whitespaces)
            }
            if !continues {
                lines.append(Line(text: current!, number: start))
                current = nil
            }
        }
        if let current { lines.append(Line(text: current, number: start)) }
        return lines
    }

    /// The line without its `#` comment (`\#` is a literal `#`).
    static func stripComment(_ text: String) -> String {
        var result = ""
        var escaped = false
        for character in text {
            if character == "#" && !escaped { break }
            escaped = character == "\\" && !escaped
            result.append(character)
        }
        return result
    }

    /// The first word and the rest.
    private static func split(_ text: String) -> (word: String, rest: String) {
        guard let space = text.firstIndex(where: { $0 == " " || $0 == "\t" }) else { return (text, "") }
        return (String(text[..<space]), String(text[space...]).trimmingCharacters(in: .whitespaces))
    }

    /// `targets: prerequisites` or `targets:: prerequisites` (outside `$(...)`), else `nil`.
    private static func ruleParts(_ text: String) -> (targets: String, prerequisites: String)? {
        var parens = 0
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "(" || character == "{" { parens += 1 }
            if character == ")" || character == "}" { parens -= 1 }
            if character == ":" && parens == 0 {
                var after = text.index(after: index)
                if after < text.endIndex, text[after] == ":" { after = text.index(after: after) }
                return (String(text[..<index]), String(text[after...]))
            }
            index = text.index(after: index)
        }
        return nil
    }

    private func display(_ file: String) -> String {
        RepoPath.isInside(file, root) ? RepoPath.relative(file, to: root) : file
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
