import FolioModel
import Foundation

/// Splits shell text into simple commands: understands quotes, backslash line continuations,
/// `&&`, `||`, `;`, `|`, `&`, comments, redirections, `$(...)`, here-documents (whose bodies are
/// not commands) and `cd dir` (later commands run in `dir`). Nothing is run. Text that ends
/// inside a quote, `$(`, a backquote or a here-document is a ``Problem`` at where it opens; the
/// words read until then are still commands.
struct ShellSplitter {
    /// Something the shell could not read, with where it starts (1-based, columns in scalars).
    struct Problem: Sendable, Equatable {
        let line: Int
        let column: Int
        let message: String
    }

    private struct Word {
        var text: String
        var line: Int
        var column: Int
        var end: (line: Int, column: Int)
        var isRedirection: Bool
        /// Ends inside something never closed: what the command is cannot be known.
        var isUnclosed = false
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var column = 1
    private var lines: [Substring]
    private var problems: [Problem] = []

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
        lines = text.lineSlices
    }

    /// Every simple command of `text`, in order.
    static func commands(in text: String) -> [ShellCommand] {
        split(text).commands
    }

    /// Every simple command of `text`, in order, and what could not be read.
    static func split(_ text: String) -> (commands: [ShellCommand], problems: [Problem]) {
        var splitter = ShellSplitter(text)
        let commands = splitter.split()
        return (commands, splitter.problems)
    }

    private mutating func problem(_ message: String, at start: (line: Int, column: Int)) {
        problems.append(Problem(line: start.line, column: start.column, message: message))
    }

    private mutating func split() -> [ShellCommand] {
        var commands: [ShellCommand] = []
        var words: [Word] = []
        var directory: String? = ""
        var pendingHereDocs: [(delimiter: String, stripsTabs: Bool, start: (line: Int, column: Int))] = []
        // While waiting for a here-document's word: whether it strips tabs, and where `<<` is.
        var expectHereDocDelimiter: (stripsTabs: Bool, start: (line: Int, column: Int))?
        var expectRedirectionTarget = false
        var subshells: [String?] = []
        var clones = Set<String>()
        var made = Set<String>()

        func finish() {
            defer { words = [] }
            guard !words.contains(where: \.isUnclosed) else { return }
            let plain = words.filter { !$0.isRedirection }
            guard let command = ShellSplitter.command(from: plain, directory: directory, lines: lines) else { return }
            commands.append(command)
            switch command.words.first {
            case "cd":
                let target = command.words.count == 2 ? command.words[1] : ""
                if clones.contains(target) {
                    directory = ""  // `git clone url folio && cd folio`: the repository's root
                    commands[commands.count - 1].entersMadeFolder = true
                } else if made.contains(target) {
                    directory = nil  // a folder the commands just made, which the repository does not have
                    commands[commands.count - 1].entersMadeFolder = true
                } else {
                    directory = ShellSplitter.directory(after: command, from: directory)
                }
            case "git" where command.words.count > 2 && command.words[1] == "clone":
                let operands = command.words.dropFirst(2).filter { !$0.hasPrefix("-") }
                if operands.count >= 2 { clones.insert(operands[operands.index(after: operands.startIndex)]) }
                if let url = operands.first {
                    var name = String(url.split(separator: "/").last ?? "")
                    if name.hasSuffix(".git") { name.removeLast(4) }
                    if operands.count == 1 { clones.insert(name) }
                }
            case "mkdir":
                for folder in command.words.dropFirst() where !folder.hasPrefix("-") { made.insert(folder) }
            default:
                break
            }
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\r":  // a CRLF file's \r is no part of a word
                advance()
            case "\n":
                advance()
                finish()
                for hereDoc in pendingHereDocs where !skipHereDocBody(hereDoc.delimiter, stripsTabs: hereDoc.stripsTabs) {
                    problem("the here-document '\(hereDoc.delimiter)' is never closed", at: hereDoc.start)
                }
                pendingHereDocs = []
            case "\\" where peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n"):
                if peek(1) == "\r" { advance() }
                advance()
                advance()
            case "#":
                while index < scalars.count, scalars[index] != "\n" { advance() }
            case "(", ")":
                advance()
                finish()
                // A subshell's `cd` ends with it: `(cd web && npm test)`.
                if scalar == "(" { subshells.append(directory) } else if let outer = subshells.popLast() { directory = outer }
            case ";", "&", "|":
                advance()
                if scalar == "&", peek(0) == ">" {  // &> file
                    advance()
                    expectRedirectionTarget = true
                    continue
                }
                if (scalar == "&" || scalar == "|"), peek(0) == scalar { advance() }
                finish()
            case "<", ">":
                let startLine = line, startColumn = column
                if let last = words.last, last.end == (line, column), !last.text.isEmpty, last.text.allSatisfy(\.isNumber) {
                    words[words.count - 1].isRedirection = true  // the 2 of 2>file
                }
                var operatorText = ""
                while index < scalars.count, "<>&-|0123456789".unicodeScalars.contains(scalars[index]) {
                    operatorText.unicodeScalars.append(scalars[index])
                    advance()
                }
                if operatorText.hasPrefix("<<") && !operatorText.hasPrefix("<<<") {
                    expectHereDocDelimiter = (operatorText.hasPrefix("<<-"), (startLine, startColumn))
                } else if !operatorText.contains("&") || operatorText.hasSuffix("&") {
                    expectRedirectionTarget = !(operatorText.last?.isNumber ?? false)
                }
                words.append(Word(text: operatorText, line: startLine, column: startColumn, end: (line, column), isRedirection: true))
            default:
                var word = readWord()
                if let hereDoc = expectHereDocDelimiter {
                    pendingHereDocs.append((word.text, hereDoc.stripsTabs, hereDoc.start))
                    expectHereDocDelimiter = nil
                    word.isRedirection = true
                } else if expectRedirectionTarget {
                    expectRedirectionTarget = false
                    word.isRedirection = true
                }
                words.append(word)
            }
        }
        finish()
        for hereDoc in pendingHereDocs { problem("the here-document '\(hereDoc.delimiter)' is never closed", at: hereDoc.start) }
        return commands
    }

    /// A word: quotes removed, `$(...)` and backquotes kept as written.
    private mutating func readWord() -> Word {
        let startLine = line, startColumn = column
        let problemsBefore = problems.count
        var text = ""
        var endLine = line, endColumn = column
        loop: while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\r", "\n", ";", "&", "|", "<", ">", "(", ")":
                break loop
            case "\\":
                advance()
                if index < scalars.count {
                    if scalars[index] != "\n" { text.unicodeScalars.append(scalars[index]) }
                    advance()
                }
            case "'":
                let start = (line, column)
                advance()
                while index < scalars.count, scalars[index] != "'" {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                }
                if index == scalars.count { problem("the single quote is never closed", at: start) }
                advance()
            case "\"":
                let start = (line, column)
                advance()
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", let next = peek(1), "\"\\$`\n".unicodeScalars.contains(next) { advance() }
                    if index < scalars.count { text.unicodeScalars.append(scalars[index]) }
                    advance()
                }
                if index == scalars.count { problem("the double quote is never closed", at: start) }
                advance()
            case "$" where peek(1) == "(":
                let start = (line, column)
                text.unicodeScalars.append(scalar)
                advance()
                var depth = 0
                repeat {
                    if scalars[index] == "(" { depth += 1 }
                    if scalars[index] == ")" { depth -= 1 }
                    text.unicodeScalars.append(scalars[index])
                    advance()
                } while index < scalars.count && depth > 0
                if depth > 0 { problem("'$(' is never closed with ')'", at: start) }
            case "`":
                let start = (line, column)
                text.unicodeScalars.append(scalar)
                advance()
                while index < scalars.count, scalars[index] != "`" {
                    text.unicodeScalars.append(scalars[index])
                    advance()
                }
                if index < scalars.count {
                    text.unicodeScalars.append("`")
                    advance()
                } else {
                    problem("the backquote is never closed", at: start)
                }
            default:
                text.unicodeScalars.append(scalar)
                advance()
            }
            endLine = line
            endColumn = column
        }
        return Word(
            text: text, line: startLine, column: startColumn, end: (endLine, endColumn), isRedirection: false, isUnclosed: problems.count > problemsBefore)
    }

    /// Skips a here-document's lines, up to and including its delimiter line; `false` when the
    /// text ends first.
    private mutating func skipHereDocBody(_ delimiter: String, stripsTabs: Bool) -> Bool {
        while index < scalars.count {
            var current = ""
            while index < scalars.count, scalars[index] != "\n" {
                current.unicodeScalars.append(scalars[index])
                advance()
            }
            if index < scalars.count { advance() }
            let candidate = stripsTabs ? String(current.drop { $0 == "\t" }) : current
            if candidate == delimiter { return true }
        }
        return false
    }

    private func peek(_ offset: Int) -> Unicode.Scalar? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    /// Moves past one scalar; at the end of the text, does nothing.
    private mutating func advance() {
        guard index < scalars.count else { return }
        if scalars[index] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        index += 1
    }

    // MARK: - From words to a command

    /// Takes off `NAME=value` prefixes and wrappers such as `sudo -u app`.
    private static func command(from words: [Word], directory: String?, lines: [Substring]) -> ShellCommand? {
        var rest = words[...]
        var environment: [String: String] = [:]
        while let first = rest.first {
            if let assignment = assignment(first.text) {
                environment[assignment.name] = assignment.value
                rest = rest.dropFirst()
                continue
            }
            guard let skipped = wrapperLength(rest.map(\.text)) else { break }
            rest = rest.dropFirst(skipped)
        }
        guard let first = rest.first, let last = rest.last else { return nil }
        return ShellCommand(
            words: rest.map(\.text), written: written(from: (first.line, first.column), to: last.end, lines: lines),
            line: first.line, column: first.column, environment: environment, directory: directory)
    }

    /// `NAME=value` -> (NAME, value).
    static func assignment(_ word: String) -> (name: String, value: String)? {
        guard let equals = word.firstIndex(of: "="), equals != word.startIndex else { return nil }
        let name = word[..<equals]
        guard let head = name.unicodeScalars.first, head == "_" || (head.isASCII && head.properties.isAlphabetic),
            name.unicodeScalars.allSatisfy({ $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) })
        else { return nil }
        return (String(name), String(word[word.index(after: equals)...]))
    }

    /// How many words a wrapper (`sudo -u app`, `env -i`, `time`) takes, or `nil` when the
    /// first word is the command itself.
    private static func wrapperLength(_ words: [String]) -> Int? {
        guard let first = words.first else { return nil }
        switch first {
        case "time", "nohup", "exec", "command":
            return 1
        case "sudo", "env":
            var count = 1
            while count < words.count, words[count].hasPrefix("-") {
                let option = words[count]
                count += 1
                if first == "sudo", ["-u", "-g", "-h", "-p", "-C", "-D", "-r", "-t", "-U"].contains(option) { count += 1 }
                if first == "env", ["-u", "-C", "-S"].contains(option) { count += 1 }
            }
            return count
        default:
            return nil
        }
    }

    /// The folder after `cd`; `nil` when it cannot be followed.
    private static func directory(after command: ShellCommand, from current: String?) -> String? {
        guard let current, command.words.count == 2 else { return nil }
        let target = command.words[1]
        guard !target.hasPrefix("/"), !target.hasPrefix("~"), !target.hasPrefix("-"), !target.contains("$"), !target.contains("`") else {
            return nil
        }
        return RepoPath.normalize(RepoPath.join(current, target)).map { $0 } ?? nil
    }

    /// The source text between two positions of `lines`.
    private static func written(from start: (Int, Int), to end: (line: Int, column: Int), lines: [Substring]) -> String {
        var parts: [String] = []
        for number in start.0...max(start.0, end.line) where lines.indices.contains(number - 1) {
            let scalars = Array(lines[number - 1].unicodeScalars)
            let from = number == start.0 ? start.1 - 1 : 0
            let to = number == end.line ? min(end.column - 1, scalars.count) : scalars.count
            guard from <= to else { continue }
            var text = String(String.UnicodeScalarView(scalars[from..<to]))
            if number != end.line, text.hasSuffix("\\") { text.removeLast() }
            parts.append(text.trimmingCharacters(in: .whitespaces))
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }
}
