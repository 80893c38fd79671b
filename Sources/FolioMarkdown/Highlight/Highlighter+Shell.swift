import Foundation

/// Shell and the formats built on it: bash, console sessions, makefiles, Dockerfiles, diffs.
/// Each follows Pygments' lexer of the same name rule by rule, in the order its rules are tried.
extension Lexer {
    static let bashKeywords: Set<String> = [
        "if", "fi", "else", "while", "in", "do", "done", "for", "then", "return", "function", "case", "select", "break", "continue", "until",
        "esac", "elif",
    ]
    static let bashBuiltins: Set<String> = [
        "alias", "bg", "bind", "break", "builtin", "caller", "cd", "command", "compgen", "complete", "declare", "dirs", "disown", "echo",
        "enable", "eval", "exec", "exit", "export", "false", "fc", "fg", "getopts", "hash", "help", "history", "jobs", "kill", "let",
        "local", "logout", "popd", "printf", "pushd", "pwd", "read", "readonly", "set", "shift", "shopt", "source", "suspend", "test",
        "time", "times", "trap", "true", "type", "typeset", "ulimit", "umask", "unalias", "unset", "wait",
    ]

    /// Bytes that end a word of plain text in bash (Pygments' `[^=\s\[\]{}()$"'`\\<&|;]+`).
    static func endsBashText(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == 0x0B || byte == 0x0C
            || "=[]{}()$\"'`\\<&|;".utf8.contains(byte)
    }

    /// Bash from `i` to `limit`. `closing` is what ends a nested context (`)` of `$(`, a backquote).
    mutating func lexBash(until limit: Int, closing: UInt8? = nil) {
        if i == 0, matches("#!", at: 0) {
            let end = min(lineEnd(from: 0), limit)
            emit("ch", 0, end)
            i = end
        }
        while i < limit {
            let byte = b[i]
            if let closing, byte == closing { return }
            let start = i
            // Keywords and builtins: at a token's start, a whole word.
            if isWordByte(byte) {
                let end = identifierEnd(from: i)
                let word = text(i, end)
                let next = at(end)
                if Self.bashKeywords.contains(word) && (next.map { !isWordByte($0) } ?? true) {
                    emit("k", i, end)
                    i = end
                    continue
                }
                if Self.bashBuiltins.contains(word),
                    next.map({ isSpace($0) || $0 == UInt8(ascii: ")") || $0 == UInt8(ascii: "`") }) ?? false
                {
                    emit("nb", i, end)
                    i = end
                    continue
                }
                // `NAME=` or `NAME +=`: a variable being set.
                let afterSpaces = skipSpaces(from: end)
                if at(afterSpaces) == UInt8(ascii: "=") || (at(afterSpaces) == UInt8(ascii: "+") && at(afterSpaces + 1) == UInt8(ascii: "=")) {
                    emit("nv", i, end)
                    let operatorEnd = at(afterSpaces) == UInt8(ascii: "+") ? afterSpaces + 2 : afterSpaces + 1
                    emit("o", afterSpaces, operatorEnd)
                    i = operatorEnd
                    continue
                }
            }
            switch byte {
            case UInt8(ascii: "#"):
                let end = min(lineEnd(from: i), limit)
                emit("c1", i, end)
                i = end
                continue
            case UInt8(ascii: "\\"):
                emit("se", i, min(i + 2, limit))
                i = min(i + 2, limit)
                continue
            case UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"),
                UInt8(ascii: "="):
                emit("o", i, i + 1)
                i += 1
                continue
            case UInt8(ascii: "<"):
                if matches("<<<", at: i) {
                    emit("o", i, i + 3)
                    i += 3
                    continue
                }
                if matches("<<", at: i), let end = hereDocumentEnd(from: i, limit: limit) {
                    emit("s", i, end)
                    i = end
                    continue
                }
                i += 1
                continue
            case UInt8(ascii: "&"), UInt8(ascii: "|"):
                if at(i + 1) == byte {
                    emit("o", i, i + 2)
                    i += 2
                } else {
                    emit("p", i, i + 1)
                    i += 1
                }
                continue
            case UInt8(ascii: ";"):
                emit("p", i, i + 1)
                i += 1
                continue
            case UInt8(ascii: "\""):
                lexBashDoubleQuoted(limit: limit)
                continue
            case UInt8(ascii: "'"):
                var end = i + 1
                while end < limit && b[end] != UInt8(ascii: "'") { end += 1 }
                guard end < limit else {
                    i += 1
                    continue
                }
                emit("s1", i, end + 1)
                i = end + 1
                continue
            case UInt8(ascii: "$"):
                if at(i + 1) == UInt8(ascii: "\""), simpleDoubleQuotedEnd(from: i + 1, limit: limit) != nil {
                    let end = simpleDoubleQuotedEnd(from: i + 1, limit: limit)!
                    emit("s2", i, end)
                    i = end
                    continue
                }
                if at(i + 1) == UInt8(ascii: "'") {
                    var end = i + 2
                    while end < limit && b[end] != UInt8(ascii: "'") { end += b[end] == UInt8(ascii: "\\") ? 2 : 1 }
                    if end < limit {
                        emit("s1", i, end + 1)
                        i = end + 1
                        continue
                    }
                }
                lexBashExpansion(limit: limit)
                continue
            case UInt8(ascii: "`"):
                emit("sb", i, i + 1)
                i += 1
                guard depth < Self.maximumDepth else { continue }
                depth += 1
                lexBash(until: limit, closing: UInt8(ascii: "`"))
                depth -= 1
                if i < limit {
                    emit("sb", i, i + 1)
                    i += 1
                }
                continue
            default:
                break
            }
            if isSpace(byte) {
                i += 1
                continue
            }
            // `\d+\b`: a number standing alone.
            if isDigit(byte) {
                var end = i
                while end < limit && isDigit(b[end]) { end += 1 }
                if end >= limit || !isWordByte(b[end]) {
                    emit("m", i, end)
                    i = end
                    continue
                }
            }
            // Plain text up to the next special byte.
            var end = i + 1
            while end < limit && !Self.endsBashText(b[end]) { end += 1 }
            i = max(end, start + 1)
        }
    }

    /// `"..."` with no `$` or unescaped quote inside: one `s2` token (Pygments' first string rule).
    func simpleDoubleQuotedEnd(from offset: Int, limit: Int) -> Int? {
        var end = offset + 1
        while end < limit {
            switch b[end] {
            case UInt8(ascii: "\\"): end += 2
            case UInt8(ascii: "$"): return nil
            case UInt8(ascii: "\""): return end + 1
            default: end += 1
            }
        }
        return nil
    }

    /// A double-quoted string with expansions inside.
    mutating func lexBashDoubleQuoted(limit: Int) {
        guard depth < Self.maximumDepth else {
            i += 1
            return
        }
        depth += 1
        defer { depth -= 1 }
        if let end = simpleDoubleQuotedEnd(from: i, limit: limit) {
            emit("s2", i, end)
            i = end
            return
        }
        emit("s2", i, i + 1)
        i += 1
        while i < limit {
            switch b[i] {
            case UInt8(ascii: "\""):
                emit("s2", i, i + 1)
                i += 1
                return
            case UInt8(ascii: "$"):
                lexBashExpansion(limit: limit)
            case UInt8(ascii: "\\"):
                emit("s2", i, min(i + 2, limit))
                i = min(i + 2, limit)
            default:
                emit("s2", i, i + 1)
                i += 1
            }
        }
    }

    /// `$name`, `$1`, `${...}`, `$(...)`, `$((...))`, or a lone `$`.
    mutating func lexBashExpansion(limit: Int) {
        let start = i
        if matches("$((", at: i) {
            emit("k", i, i + 3)
            i += 3
            while i < limit && !matches("))", at: i) {
                if isDigit(b[i]) {
                    let end = identifierEnd(from: i)
                    emit("m", i, end)
                    i = end
                } else if isWordByte(b[i]) {
                    let end = identifierEnd(from: i)
                    emit("n", i, end)
                    i = end
                } else if "+-*/%^|&<>".utf8.contains(b[i]) {
                    emit("o", i, i + 1)
                    i += 1
                } else {
                    i += 1
                }
            }
            if i < limit {
                emit("k", i, i + 2)
                i += 2
            }
            return
        }
        if matches("$(", at: i) {
            emit("k", i, i + 2)
            i += 2
            guard depth < Self.maximumDepth else { return }
            depth += 1
            lexBash(until: limit, closing: UInt8(ascii: ")"))
            depth -= 1
            if i < limit {
                emit("k", i, i + 1)
                i += 1
            }
            return
        }
        if matches("${", at: i) {
            var open = i + 2
            if at(open) == UInt8(ascii: "#") { open += 1 }
            emit("si", i, open)
            i = open
            while i < limit && b[i] != UInt8(ascii: "}") {
                if matches(":-", at: i) {
                    emit("p", i, i + 2)
                    i += 2
                } else if isWordByte(b[i]) {
                    let end = identifierEnd(from: i)
                    emit("nv", i, end)
                    i = end
                } else if "\"'`$\\\n".utf8.contains(b[i]) {
                    // Pygments leaves the curly state's other bytes to its root rules; stay plain.
                    i += 1
                } else {
                    emit("p", i, i + 1)
                    i += 1
                }
            }
            if i < limit {
                emit("si", i, i + 1)
                i += 1
            }
            return
        }
        if let next = at(i + 1), next < 0x80, isWordByte(next), !isDigit(next) {
            var end = i + 1
            while end < limit && b[end] < 0x80 && isWordByte(b[end]) { end += 1 }
            emit("nv", start, end)
            i = end
            return
        }
        if let next = at(i + 1), isDigit(next) {
            var end = i + 1
            while end < limit && isDigit(b[end]) { end += 1 }
            emit("nv", start, end)
            i = end
            return
        }
        if let next = at(i + 1), "#$?!_*@-".utf8.contains(next) {
            emit("nv", i, i + 2)
            i += 2
            return
        }
        i += 1
    }

    /// `<<EOF ... EOF` (Pygments: `<<-?\s*(\'?)\\?(\w+)[\w\W]+?\2`): the end of the here-document.
    mutating func hereDocumentEnd(from offset: Int, limit: Int) -> Int? {
        var at = offset + 2
        if self.at(at) == UInt8(ascii: "-") { at += 1 }
        while at < limit && isSpace(b[at]) { at += 1 }
        var quoted = false
        if self.at(at) == UInt8(ascii: "'") {
            quoted = true
            at += 1
        }
        if self.at(at) == UInt8(ascii: "\\") { at += 1 }
        let wordStart = at
        while at < limit && isWordByte(b[at]) && b[at] < 0x80 { at += 1 }
        guard at > wordStart else { return nil }
        var delimiter = Array(b[wordStart..<at])
        if quoted { delimiter.append(UInt8(ascii: "'")) }
        let search = at + 1
        // Pygments ends the string at the delimiter's first occurrence, even inside a line. It
        // is looked for up to the first line that is the delimiter (found in an index of the
        // lines, built once), or, when no line is, within 4 KB: searching to the end for each
        // unclosed `<<EOF1`, `<<EOF2`... was quadratic.
        if lineIndex == nil { lineIndex = buildLineIndex() }
        var wholeLine: Int? = nil
        if let starts = lineIndex?[delimiter] {
            // The first of the (ascending) line starts at or after `search`.
            var low = 0, high = starts.count
            while low < high {
                let middle = (low + high) / 2
                if starts[middle] < search { low = middle + 1 } else { high = middle }
            }
            if low < starts.count { wholeLine = starts[low] }
        }
        let bound = min(limit, wholeLine.map { $0 + delimiter.count } ?? (search + 4096))
        var k = search
        while k + delimiter.count <= bound {
            if b[k] == delimiter[0] && b[k..<(k + delimiter.count)].elementsEqual(delimiter) { return k + delimiter.count }
            k += 1
        }
        return nil
    }

    /// Where each line starts, by its text without surrounding spaces and tabs.
    func buildLineIndex() -> [[UInt8]: [Int]] {
        var index: [[UInt8]: [Int]] = [:]
        var start = 0
        while start < b.count {
            let end = lineEnd(from: start)
            var low = start, high = end
            while low < high && (b[low] == UInt8(ascii: " ") || b[low] == UInt8(ascii: "\t")) { low += 1 }
            while high > low && (b[high - 1] == UInt8(ascii: " ") || b[high - 1] == UInt8(ascii: "\t") || b[high - 1] == UInt8(ascii: "\r")) { high -= 1 }
            if high > low && high - low <= 64 { index[Array(b[low..<high]), default: []].append(low) }
            start = end + 1
        }
        return index
    }

    // MARK: console

    /// A shell session: prompts (`gp`), the commands after them (bash), and output (`go`). A
    /// command ending in `\` goes on at the next line, after an optional `> ` prompt.
    mutating func lexConsole() {
        var lineStart = 0
        var continuation = false
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let next = min(end + 1, b.count)
            if let promptEnd = Self.promptEnd(b, lineStart, end) {
                emit("gp", lineStart, promptEnd)
                i = promptEnd
                lexBash(until: next)
            } else if continuation {
                var codeStart = lineStart
                if matches("> ", at: lineStart) {
                    emit("gp", lineStart, lineStart + 2)
                    codeStart += 2
                }
                i = codeStart
                lexBash(until: next)
            } else {
                emit("go", lineStart, next)
                lineStart = next
                continue
            }
            continuation = end > lineStart && b[end - 1] == UInt8(ascii: "\\")
            lineStart = next
        }
        i = b.count
    }

    /// Pygments' BashSessionLexer prompt:
    /// `^((?:(?:\[.*?\])|(?:\(\S+\))?(?:| |sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+[@:][^\n]+\].+))\s*[$#%]\s*)`.
    static let promptPattern = try! NSRegularExpression(
        pattern: #"^((?:(?:\[.*?\])|(?:\(\S+\))?(?:| |sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+[@:][^\n]+\].+))\s*[$#%]\s*)"#)

    /// Where the prompt of the line `start..<end` ends; `nil` when the line has none.
    static func promptEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        // The pattern backtracks on a long line (`\w+\S+[@:]\S+`): only a line's first 512 bytes
        // are tried; no prompt is longer.
        var end = min(end, start + 512)
        // ...cut between characters: half a character would decode as U+FFFD and shift the
        // offsets after it.
        while end > start && end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        guard end > start, let first = bytes.at(start) else { return nil }
        // Every prompt contains `$`, `#` or `%`; most lines of output don't.
        guard bytes[start..<end].contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%") }) else {
            return nil
        }
        _ = first
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        let utf16 = line.utf16
        guard let match = promptPattern.firstMatch(in: line, range: NSRange(location: 0, length: utf16.count)) else { return nil }
        let length = match.range(at: 1).length
        guard length > 0, let index = utf16.index(utf16.startIndex, offsetBy: length, limitedBy: utf16.endIndex),
            let scalarIndex = index.samePosition(in: line.unicodeScalars)
        else { return nil }
        return start + line.utf8.distance(from: line.utf8.startIndex, to: scalarIndex.samePosition(in: line.utf8) ?? line.utf8.endIndex)
    }

    // MARK: makefile

    /// A makefile: comments, conditionals, assignments (their values as bash), rules (target,
    /// prerequisites), and recipe lines as bash.
    mutating func lexMakefile() {
        var lineStart = 0
        var continuesDirective = false
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let next = min(end + 1, b.count)
            let content = skipSpaces(from: lineStart)
            let line = text(lineStart, end)
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if continuesDirective || Self.isMakeDirective(line) {
                emit("cp", lineStart, end)
                continuesDirective = trimmed.hasSuffix("\\")
            } else if at(content) == UInt8(ascii: "#") || (at(content) == UInt8(ascii: "@") && at(content + 1) == UInt8(ascii: "#")) {
                emit("c", lineStart, end)
            } else if content > lineStart || content == end {
                // A recipe line (or a blank one): bash.
                i = lineStart
                lexBash(until: next)
            } else {
                lexMakeLine(lineStart, end)
            }
            lineStart = next
        }
        i = b.count
    }

    static func isMakeDirective(_ line: String) -> Bool {
        var rest = Substring(line)
        if rest.first == "." { rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" } } else { rest = rest.drop { $0 == " " || $0 == "\t" } }
        for word in ["include", "-include", "undefine", "ifeq", "ifneq", "ifdef", "ifndef", "else", "endif", "define", "endef", "vpath"]
        where rest.hasPrefix(word) {
            let after = rest.dropFirst(word.count).first
            if after == " " || after == "\t" { return true }
        }
        return false
    }

    /// One unindented makefile line: an assignment, a rule, or an export.
    mutating func lexMakeLine(_ start: Int, _ end: Int) {
        // `NAME ?= value`: the name, the operator, the value as bash.
        var nameEnd = start
        while nameEnd < end, isWordByte(b[nameEnd]) || "${}().-".utf8.contains(b[nameEnd]) { nameEnd += 1 }
        if nameEnd > start {
            let operatorStart = skipSpaces(from: nameEnd)
            var operatorEnd = operatorStart
            if let byte = at(operatorEnd), "!?:+".utf8.contains(byte), at(operatorEnd + 1) == UInt8(ascii: "=") { operatorEnd += 2 } else if
                at(operatorEnd) == UInt8(ascii: "=")
            {
                operatorEnd += 1
            }
            if operatorEnd > operatorStart, !(b[operatorStart] == UInt8(ascii: ":") && at(operatorStart + 1) != UInt8(ascii: "=")) {
                emit("nv", start, nameEnd)
                emit("o", operatorStart, operatorEnd)
                i = skipSpaces(from: operatorEnd)
                lexBash(until: end)
                return
            }
        }
        // `target: prerequisites ## comment`.
        guard let colon = b[start..<end].firstIndex(of: UInt8(ascii: ":")), colon > start else { return }
        emit("nf", start, colon)
        var colonEnd = colon
        while colonEnd < end && b[colonEnd] == UInt8(ascii: ":") { colonEnd += 1 }
        emit("o", colon, colonEnd)
        i = colonEnd
        while i < end {
            let byte = b[i]
            if byte == UInt8(ascii: "#") {
                emit("c", i, end)
                break
            }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "|") {
                emit("p", i, i + 1)
                i += 1
            } else if matches("$(", at: i) {
                lexMakeExpansion(end)
            } else if byte < 0x80, (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_") {
                var wordEnd = i
                while wordEnd < end, b[wordEnd] < 0x80, (b[wordEnd] | 0x20) >= UInt8(ascii: "a") && (b[wordEnd] | 0x20) <= UInt8(ascii: "z") || b[wordEnd] == UInt8(ascii: "_") {
                    wordEnd += 1
                }
                emit("n", i, wordEnd)
                i = wordEnd
            } else {
                i += 1
            }
        }
    }

    /// `$(NAME)` in a rule's line: `$(` and `)` keywords, names as variables; nests.
    mutating func lexMakeExpansion(_ end: Int) {
        var depth = 0
        while i < end {
            if matches("$(", at: i) {
                emit("k", i, i + 2)
                i += 2
                depth += 1
            } else if b[i] == UInt8(ascii: "(") {
                emit("k", i, i + 1)
                i += 1
                depth += 1
            } else if b[i] == UInt8(ascii: ")") {
                emit("k", i, i + 1)
                i += 1
                depth -= 1
                if depth == 0 { return }
            } else if b[i] == UInt8(ascii: "$") {
                emit("k", i, i + 1)
                i += 1
            } else if isWordByte(b[i]) || b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "-") {
                let wordEnd = identifierEnd(from: i, extra: UInt8(ascii: "."))
                var stop = wordEnd
                while stop < end, isWordByte(b[stop]) || b[stop] == UInt8(ascii: ".") || b[stop] == UInt8(ascii: "-") { stop += 1 }
                emit("nv", i, stop)
                i = stop
            } else {
                i += 1
            }
        }
    }

    // MARK: dockerfile

    static let dockerKeywords: Set<String> = ["MAINTAINER", "EXPOSE", "WORKDIR", "USER", "STOPSIGNAL", "VOLUME"]
    static let dockerShellKeywords: Set<String> = ["RUN", "CMD", "ENTRYPOINT", "ENV", "ARG", "LABEL", "ADD", "COPY", "ONBUILD", "HEALTHCHECK", "SHELL"]

    /// A Dockerfile: instructions, `FROM image AS name`, JSON arrays after CMD and friends, and
    /// the rest of each instruction (with its continuation lines) as bash.
    mutating func lexDockerfile() {
        var lineStart = 0
        while lineStart < b.count {
            var end = lineEnd(from: lineStart)
            let content = skipSpaces(from: lineStart)
            if at(content) == UInt8(ascii: "#") {
                emit("c", content, end)
                lineStart = min(end + 1, b.count)
                continue
            }
            // The instruction goes on while its lines end in `\`.
            while end > lineStart, b[end - 1] == UInt8(ascii: "\\"), end < b.count { end = lineEnd(from: end + 1) }
            let wordEnd = identifierEnd(from: content)
            let word = text(content, wordEnd).uppercased()
            let argument = skipSpaces(from: wordEnd)
            if word == "FROM" {
                emit("k", content, wordEnd)
                var imageEnd = argument
                while imageEnd < end && !isSpace(b[imageEnd]) { imageEnd += 1 }
                emit("s", argument, imageEnd)
                let asStart = skipSpaces(from: imageEnd)
                let asEnd = identifierEnd(from: asStart)
                if text(asStart, asEnd).uppercased() == "AS" {
                    emit("k", asStart, asEnd)
                    let nameStart = skipSpaces(from: asEnd)
                    var nameEnd = nameStart
                    while nameEnd < end && !isSpace(b[nameEnd]) { nameEnd += 1 }
                    emit("s", nameStart, nameEnd)
                }
            } else if Self.dockerKeywords.contains(word) && wordEnd < end && isSpace(b[wordEnd])
                && !(word == "VOLUME" && at(argument) == UInt8(ascii: "["))
            {
                emit("k", content, wordEnd)
                emit("s", argument, lineEnd(from: argument))
            } else if Self.dockerShellKeywords.contains(word) || word == "VOLUME", wordEnd < end, isSpace(b[wordEnd]) {
                emit("k", content, wordEnd)
                if ["CMD", "ENTRYPOINT", "SHELL", "VOLUME"].contains(word), at(argument) == UInt8(ascii: "["),
                    let close = b[argument..<end].firstIndex(of: UInt8(ascii: "]"))
                {
                    lexJSON(from: argument, to: close + 1)
                } else {
                    i = argument
                    lexBash(until: end)
                }
            } else {
                i = content
                lexBash(until: end)
            }
            lineStart = min(end + 1, b.count)
        }
        i = b.count
    }

    // MARK: diff

    /// A unified or context diff, line by line.
    mutating func lexDiff() {
        var lineStart = 0
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let first = b[lineStart]
            let className: StaticString? =
                if first == UInt8(ascii: " ") || end == lineStart {
                    nil
                } else if first == UInt8(ascii: "!") || (matches("---", at: lineStart) && end == lineStart + 3) {
                    "gs"
                } else if first == UInt8(ascii: "-") || matches("< ", at: lineStart) {
                    "gd"
                } else if first == UInt8(ascii: "+") || matches("> ", at: lineStart) {
                    "gi"
                } else if first == UInt8(ascii: "@") || Self.isContextRange(b[lineStart..<end]) {
                    "gu"
                } else if matches("Index", at: lineStart) || matches("index", at: lineStart) || matches("diff", at: lineStart)
                    || first == UInt8(ascii: "=")
                {
                    "gh"
                } else {
                    nil
                }
            if let className { emit(className, lineStart, end) }
            lineStart = min(end + 1, b.count)
        }
        i = b.count
    }

    /// `12a13,14` (normal diff's change lines).
    static func isContextRange(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first, isDigit(first) else { return false }
        return line.contains { $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "c") || $0 == UInt8(ascii: "d") }
            && line.allSatisfy { isDigit($0) || $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "a") || $0 == UInt8(ascii: "c") || $0 == UInt8(ascii: "d") }
    }
}

extension Array where Element == UInt8 {
    func at(_ offset: Int) -> UInt8? { offset >= 0 && offset < count ? self[offset] : nil }
}
