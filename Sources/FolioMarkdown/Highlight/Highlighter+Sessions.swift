import Foundation

/// Console sessions and makefiles: line by line, their commands lexed as bash.
extension Lexer {
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
    static let promptPattern = try? NSRegularExpression(
        pattern: #"^((?:(?:\[.*?\])|(?:\(\S+\))?(?:| |sh\S*?|\w+\S+[@:]\S+(?:\s+\S+)?|\[\S+[@:][^\n]+\].+))\s*[$#%]\s*)"#)

    /// Where the prompt of the line `start..<end` ends; `nil` when the line has none.
    static func promptEnd(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int? {
        // The pattern backtracks on a long line (`\w+\S+[@:]\S+`): only a line's first 512 bytes
        // are tried; no prompt is longer.
        var end = min(end, start + 512)
        // ...cut between characters: half a character would decode as U+FFFD and shift the
        // offsets after it.
        while end > start && end < bytes.count && bytes[end] & 0xC0 == 0x80 { end -= 1 }
        guard end > start else { return nil }
        // Every prompt contains `$`, `#` or `%`; most lines of output don't.
        guard bytes[start..<end].contains(where: { $0 == UInt8(ascii: "$") || $0 == UInt8(ascii: "#") || $0 == UInt8(ascii: "%") }) else {
            return nil
        }
        let line = String(decoding: bytes[start..<end], as: UTF8.self)
        let utf16 = line.utf16
        guard let match = promptPattern?.firstMatch(in: line, range: NSRange(location: 0, length: utf16.count)) else { return nil }
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
}
