/// Bash, as Pygments' BashLexer reads it, rule by rule in the order its rules are tried; console
/// sessions, makefiles and Dockerfiles lex their commands with it.
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
        // A switch, not a search of a string of these bytes: that search, for every byte of
        // plain text, was 2% of a build of the benchmark's pages.
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C: true
        case UInt8(ascii: "="), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("), UInt8(ascii: ")"),
            UInt8(ascii: "$"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: "\\"), UInt8(ascii: "<"), UInt8(ascii: "&"),
            UInt8(ascii: "|"), UInt8(ascii: ";"):
            true
        default: false
        }
    }

    /// Bash from `i` to `limit`. `closing` is what ends a nested context (`)` of `$(`, a backquote).
    mutating func lexBash(until limit: Int, closing: UInt8? = nil) {
        if i == 0, matches("#!", at: 0) {
            let end = min(lineEnd(from: 0), limit)
            emit("ch", 0, end)
            i = end
        }
        var steps = 0  // a watchdog, as in `lexCode`
        while i < limit {
            steps += 1
            if steps > 4 * b.count + 64 {
                i = limit
                return
            }
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
                lexNestedBash(opener: 1, "sb", closing: UInt8(ascii: "`"), limit: limit)
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

    /// A nested context (`` `...` ``, `$(...)`): its opener (`opener` bytes at `i`) and closer as
    /// `className`, bash between them. Past `maximumDepth` only the opener is coloured.
    mutating func lexNestedBash(opener: Int, _ className: StaticString, closing: UInt8, limit: Int) {
        emit(className, i, i + opener)
        i += opener
        guard depth < Self.maximumDepth else { return }
        depth += 1
        lexBash(until: limit, closing: closing)
        depth -= 1
        if i < limit {
            emit(className, i, i + 1)
            i += 1
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
            lexNestedBash(opener: 2, "k", closing: UInt8(ascii: ")"), limit: limit)
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
}
