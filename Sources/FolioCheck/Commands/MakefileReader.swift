import FolioLoad
import FolioModel
import Foundation

/// Reads makefiles line by line into a `MakefileDatabase`.
struct MakefileReader {
    let directory: String
    /// The repository's files, read through load's reader.
    let reader: any FileSource
    var root: String { reader.root }
    var database = MakefileDatabase()
    var variables: [String: String] = [:]
    var firstGoal: String?
    private var depth = 0
    /// Targets only named by `.PHONY` so far: a rule for one moves its location to the rule.
    private var onlyPhony = Set<String>()
    /// Variables found referring to themselves while expanding (a box: expansion does not mutate).
    final class Recursion {
        var names = Set<String>()
        var reported = Set<String>()
    }
    let recursion = Recursion()

    init(directory: String, reader: any FileSource) {
        self.directory = directory
        self.reader = reader
    }

    /// A logical line: continuation lines joined, with the number of its first physical line.
    private struct Line {
        var text: String
        var number: Int
    }

    mutating func read(_ file: String, includedFrom: SourceLocation?) {
        depth += 1
        defer { depth -= 1 }
        guard depth < 20, let data = reader.contents(file) else {
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
        var openedAt: [Int] = []  // the line of each open `if`, then of an open `define`
        var value = ""
        for line in Self.logicalLines(String(decoding: data, as: UTF8.self)) {
            let here = SourceLocation(path: path, line: line.number, column: 1)
            defer { reportRecursion(at: here) }
            if let name = defining {
                if line.text.trimmingCharacters(in: .whitespaces) == "endef" {
                    variables[name] = value
                    defining = nil
                    _ = openedAt.popLast()
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
            if updateConditions(keyword, rest, &conditions) {
                if keyword.hasPrefix("if") { openedAt.append(line.number) }
                if keyword == "endif" { _ = openedAt.popLast() }
                continue
            }
            if conditions.contains(false) { continue }
            switch keyword {
            case "define":
                defining = Self.split(rest).word.nilIfEmpty ?? rest
                openedAt.append(line.number)
                value = ""
                continue
            case "include", "-include", "sinclude":
                let expanded = expand(rest)
                for name in expanded.value.split(whereSeparator: \.isWhitespace).map(String.init) {
                    let included = name.hasPrefix("/") ? name : RepoPath.join(directory, name)
                    if reader.exists(included) {
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
                    variables[rest] = ""  // known to be empty, unlike a variable never set
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
            let what = defining != nil ? "this 'define' has no 'endef'" : "this 'if' has no 'endif'"
            database.problems.append(
                Diagnostic(.error, "command.makefile-invalid", "\(what) before the end of the file", at: SourceLocation(path: path, line: openedAt.last, column: 1)))
        }
    }

    /// A variable that expanded into itself on the line just read: make stops there.
    private mutating func reportRecursion(at here: SourceLocation) {
        for name in recursion.names.subtracting(recursion.reported).sorted() {
            recursion.reported.insert(name)
            database.problems.append(
                Diagnostic(.error, "command.makefile-invalid", "the variable '\(name)' refers to itself (eventually): make stops here", at: here,
                    suggestion: "use ':=' to expand the old value once, as in '\(name) := $(\(name)) more'"))
        }
    }

    /// `ifdef`, `ifeq`, `else` and `endif`: `true` when the line was one of them. Each level is
    /// `true`, `false`, or `nil` when it depends on something unknown (both branches count).
    private func updateConditions(_ keyword: String, _ rest: String, _ conditions: inout [Bool?]) -> Bool {
        let openers = ["ifdef", "ifndef", "ifeq", "ifneq"]
        switch keyword {
        case _ where openers.contains(keyword):
            conditions.append(conditions.contains(false) ? false : evaluate(keyword, rest))
        case "else":
            guard let last = conditions.popLast() else { return true }
            let (nested, nestedRest) = Self.split(rest)
            if openers.contains(nested) {
                conditions.append(last == true ? false : last == nil ? nil : evaluate(nested, nestedRest))
            } else {
                conditions.append(last.map { !$0 })
            }
        case "endif":
            _ = conditions.popLast()
        default:
            return false
        }
        return true
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

    // MARK: - Lines

    /// Joins `\`-continued lines; recipe lines keep their leading tab.
    private static func logicalLines(_ text: String) -> [Line] {
        var lines: [Line] = []
        var current: String?
        var start = 0
        for (offset, raw) in text.lineSlices.enumerated() {
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
        var result = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if scalar == "#" && !escaped { break }
            escaped = scalar == "\\" && !escaped
            result.append(scalar)
        }
        return String(result)
    }

    /// The first word and the rest.
    static func split(_ text: String) -> (word: String, rest: String) {
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
