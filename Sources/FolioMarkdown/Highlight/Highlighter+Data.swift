/// Data formats: YAML, JSON, TOML, INI, XML and HTML.
extension Lexer {
    // MARK: YAML

    /// YAML line by line: keys (`nt`), plain values (`l-Scalar-Plain`), quoted strings (`s`),
    /// anchors, aliases, tags, flow collections, block scalars (`no`), comments and document markers.
    mutating func lexYAML() {
        var lineStart = 0
        var blockScalarIndent: Int? = nil  // inside a block scalar deeper than this indentation
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let next = min(end + 1, b.count)
            let content = skipSpaces(from: lineStart)
            let indent = content - lineStart
            if let parent = blockScalarIndent {
                if content == end || indent > parent {
                    emit("no", content, end)
                    lineStart = next
                    continue
                }
                blockScalarIndent = nil
            }
            if indent == 0, matches("---", at: lineStart) || matches("...", at: lineStart), end == lineStart + 3 || at(lineStart + 3) == UInt8(ascii: " ") {
                emit("nn", lineStart, lineStart + 3)
                i = lineStart + 3
                if let opened = yamlValue(end: end, keyIndent: -1) { blockScalarIndent = opened }
                lineStart = next
                continue
            }
            i = content
            var keyIndent = indent
            // `- ` sequence indicators, as many as there are.
            while i < end, b[i] == UInt8(ascii: "-"), i + 1 == end || at(i + 1) == UInt8(ascii: " ") {
                emit("p-Indicator", i, i + 1)
                i = skipSpaces(from: i + 1)
                keyIndent = i - lineStart
            }
            if i < end, b[i] == UInt8(ascii: "#") {
                emit("c1", i, end)
                lineStart = next
                continue
            }
            if let colon = yamlKeyEnd(from: i, end: end) {
                emit("nt", i, colon)
                emit("p", colon, colon + 1)
                i = colon + 1
            } else if i < end, b[i] == UInt8(ascii: "\"") || b[i] == UInt8(ascii: "'"), let close = quotedEnd(from: i, end: end),
                skipSpaces(from: close) < end, b[skipSpaces(from: close)] == UInt8(ascii: ":")
            {
                // A quoted key: Pygments reads it oddly; only its colon is coloured.
                let colon = skipSpaces(from: close)
                emit("p-Indicator", colon, colon + 1)
                i = colon + 1
            } else if content == i, keyIndent == indent, i < end, b[i] != UInt8(ascii: "-") {
                // A line that is neither a key nor a list item (a continued value): left plain.
                lineStart = next
                continue
            }
            if let opened = yamlValue(end: end, keyIndent: keyIndent) { blockScalarIndent = opened }
            lineStart = next
        }
        i = b.count
    }

    /// Where the plain key starting at `start` ends (its `:`), or `nil` when the line has no key there.
    func yamlKeyEnd(from start: Int, end: Int) -> Int? {
        guard start < end else { return nil }
        let first = b[start]
        if "\"'[]{}&*!|>%@`#,?".utf8.contains(first) && !(first == UInt8(ascii: "?") && start + 1 < end && b[start + 1] != UInt8(ascii: " ")) {
            return nil
        }
        var k = start
        while k < end {
            if b[k] == UInt8(ascii: ":"), k + 1 == end || b[k + 1] == UInt8(ascii: " ") || b[k + 1] == UInt8(ascii: "\t") {
                return k > start && b[k - 1] != UInt8(ascii: " ") ? k : nil
            }
            if b[k] == UInt8(ascii: "#"), k > start, b[k - 1] == UInt8(ascii: " ") { return nil }
            k += 1
        }
        return nil
    }

    /// The end of a quoted scalar on one line (after its closing quote), or `nil`.
    func quotedEnd(from start: Int, end: Int) -> Int? {
        let quote = b[start]
        var k = start + 1
        while k < end {
            if quote == UInt8(ascii: "\"") && b[k] == UInt8(ascii: "\\") {
                k += 2
                continue
            }
            if b[k] == quote {
                if quote == UInt8(ascii: "'") && k + 1 < end && b[k + 1] == quote {
                    k += 2
                    continue
                }
                return k + 1
            }
            k += 1
        }
        return nil
    }

    /// A value after a key or indicator, to the end of the line. Returns the indentation below
    /// which a block scalar (`|`, `>`) it opens ends.
    mutating func yamlValue(end: Int, keyIndent: Int) -> Int? {
        while i < end {
            i = skipSpaces(from: i)
            guard i < end else { return nil }
            let byte = b[i]
            switch byte {
            case UInt8(ascii: "#"):
                if i > 0, !isSpace(b[i - 1]) { return nil }
                emit("c1", i, end)
                i = end
                return nil
            case UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"):
                var tokenEnd = i + 1
                while tokenEnd < end && !isSpace(b[tokenEnd]) && !(byte != UInt8(ascii: "!") && ",[]{}".utf8.contains(b[tokenEnd])) { tokenEnd += 1 }
                emit(byte == UInt8(ascii: "&") ? "nl" : byte == UInt8(ascii: "*") ? "nv" : "kt", i, tokenEnd)
                i = tokenEnd
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let close = quotedEnd(from: i, end: end) else { return nil }
                if !b[i..<close].contains(UInt8(ascii: "\\")) { emitWords("s", i, close) }
                i = close
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                yamlFlow(end: end)
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                var k = i
                while k < end, "|>-+0123456789".utf8.contains(b[k]) { k += 1 }
                guard skipSpaces(from: k) == end || b[skipSpaces(from: k)] == UInt8(ascii: "#") else { return nil }
                for offset in i..<k { emit("p-Indicator", offset, offset + 1) }
                i = k
                _ = yamlValue(end: end, keyIndent: keyIndent)
                return keyIndent
            default:
                // A plain scalar, to a ` #` comment or the end of the line.
                var k = i
                while k < end, !(b[k] == UInt8(ascii: "#") && isSpace(b[k - 1])) { k += 1 }
                var valueEnd = k
                while valueEnd > i && isSpace(b[valueEnd - 1]) { valueEnd -= 1 }
                emit("l-Scalar-Plain", i, valueEnd)
                i = k
            }
        }
        return nil
    }

    /// The words of `start..<end` as tokens of `className`, the spaces between them plain (as
    /// Pygments reads quoted YAML scalars).
    mutating func emitWords(_ className: StaticString, _ start: Int, _ end: Int) {
        var k = start
        while k < end {
            while k < end && isSpace(b[k]) { k += 1 }
            var wordEnd = k
            while wordEnd < end && !isSpace(b[wordEnd]) { wordEnd += 1 }
            emit(className, k, wordEnd)
            k = wordEnd
        }
    }

    /// `[a, b]` and `{a: 1}` on one line: indicators, and plain items as `nv`.
    mutating func yamlFlow(end: Int) {
        var level = 0
        while i < end {
            let byte = b[i]
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                level += 1
                emit("p-Indicator", i, i + 1)
                i += 1
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                emit("p-Indicator", i, i + 1)
                i += 1
                level -= 1
                if level == 0 { return }
            } else if byte == UInt8(ascii: ",") {
                emit("p-Indicator", i, i + 1)
                i += 1
            } else if isSpace(byte) {
                i += 1
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                guard let close = quotedEnd(from: i, end: end) else {
                    i = end
                    return
                }
                if !b[i..<close].contains(UInt8(ascii: "\\")) { emitWords("s", i, close) }
                i = close
            } else {
                var k = i
                while k < end, !",[]{}".utf8.contains(b[k]) { k += 1 }
                var itemEnd = k
                while itemEnd > i && isSpace(b[itemEnd - 1]) { itemEnd -= 1 }
                // `key: value` items are read differently by Pygments: left plain.
                if !b[i..<itemEnd].contains(UInt8(ascii: ":")) && !b[i..<itemEnd].contains(UInt8(ascii: "#")) { emit("nv", i, itemEnd) }
                i = k
            }
        }
    }

    // MARK: JSON

    /// JSON: keys (`nt`), strings (`s2`), numbers, `true`/`false`/`null` (`kc`), punctuation.
    mutating func lexJSON(from start: Int, to end: Int) {
        i = start
        while i < end {
            let byte = b[i]
            switch byte {
            case UInt8(ascii: "\""):
                var k = i + 1
                while k < end && b[k] != UInt8(ascii: "\"") && b[k] != UInt8(ascii: "\n") { k += b[k] == UInt8(ascii: "\\") ? 2 : 1 }
                guard k < end, b[k] == UInt8(ascii: "\"") else {
                    i = min(k, end)
                    continue
                }
                var after = k + 1
                while after < end && isSpace(b[after]) { after += 1 }
                emit(after < end && b[after] == UInt8(ascii: ":") ? "nt" : "s2", i, k + 1)
                i = k + 1
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ","), UInt8(ascii: ":"):
                emit("p", i, i + 1)
                i += 1
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digits = byte == UInt8(ascii: "-") ? i + 1 : i
                guard let (numberEnd, kind) = number(at: digits), kind == .integer || kind == .float else {
                    i += 1
                    continue
                }
                if numberEnd < end, isWordByte(b[numberEnd]) || b[numberEnd] == UInt8(ascii: ".") {
                    i = numberEnd
                    continue
                }
                emit(kind == .float ? "mf" : "mi", i, numberEnd)
                i = numberEnd
            default:
                if isWordByte(byte) {
                    let wordEnd = identifierEnd(from: i)
                    if ["true", "false", "null"].contains(text(i, wordEnd)) { emit("kc", i, wordEnd) }
                    i = wordEnd
                } else {
                    i += 1
                }
            }
        }
    }

    // MARK: TOML

    /// TOML: table headers (`k`), bare keys (`n`), strings, numbers, booleans, comments.
    mutating func lexTOML() {
        var lineStart = 0
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let next = min(end + 1, b.count)
            i = skipSpaces(from: lineStart)
            if i < end, b[i] == UInt8(ascii: "[") {
                var close = end
                while close > i && isSpace(b[close - 1]) { close -= 1 }
                if close > i, b[close - 1] == UInt8(ascii: "]") {
                    emit("k", i, close)
                } else if let bracket = b[i..<end].lastIndex(of: UInt8(ascii: "]")) {
                    emit("k", i, bracket + 1)
                    i = skipSpaces(from: bracket + 1)
                    if i < end, b[i] == UInt8(ascii: "#") { emit("c1", i, end) }
                }
                lineStart = next
                continue
            }
            tomlLine(end: end)
            lineStart = next
        }
        i = b.count
    }

    /// Key-value pairs from `i` to `end`; inside `{ }` and `[ ]` the `=` is punctuation.
    mutating func tomlLine(end: Int) {
        var expectsKey = true
        // The open brackets, innermost last: `{` (an inline table, whose entries start with a
        // key) or `[` (an array). Looking back along the line for each `,` was quadratic.
        var open: [UInt8] = []
        while i < end {
            let byte = b[i]
            if isSpace(byte) {
                i += 1
                continue
            }
            if byte == UInt8(ascii: "#") {
                emit("c1", i, end)
                i = end
                return
            }
            let depth = open.count
            if expectsKey, isWordByte(byte) || byte == UInt8(ascii: "-") {
                var keyEnd = i
                while keyEnd < end, isWordByte(b[keyEnd]) || b[keyEnd] == UInt8(ascii: "-") { keyEnd += 1 }
                let equals = skipSpaces(from: keyEnd)
                if equals < end, b[equals] == UInt8(ascii: "=") {
                    emit("n", i, keyEnd)
                    emit(depth > 0 ? "p" : "o", equals, equals + 1)
                    i = equals + 1
                    expectsKey = false
                    continue
                }
                return
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                emit("p", i, i + 1)
                open.append(byte)
                expectsKey = byte == UInt8(ascii: "{")
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                emit("p", i, i + 1)
                if !open.isEmpty { open.removeLast() }
                i += 1
            case UInt8(ascii: ","):
                emit("p", i, i + 1)
                i += 1
                expectsKey = open.last == UInt8(ascii: "{")
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard !matches("\"\"\"", at: i) && !matches("'''", at: i), let close = quotedEnd(from: i, end: end) else { return }
                if byte == UInt8(ascii: "'") || !b[i..<close].contains(UInt8(ascii: "\\")) { emit(byte == UInt8(ascii: "'") ? "s1" : "s2", i, close) }
                i = close
            default:
                if isDigit(byte) || ((byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")) && at(i + 1).map(isDigit) == true) {
                    let digits = isDigit(byte) ? i : i + 1
                    if let (numberEnd, kind) = number(at: digits), numberEnd >= end || !(isWordByte(b[numberEnd]) || ":-.".utf8.contains(b[numberEnd])) {
                        emit(kind == .float ? "mf" : kind == .integer ? "mi" : kind == .hex ? "mh" : kind == .octal ? "mo" : "mb", i, numberEnd)
                        i = numberEnd
                        continue
                    }
                    // A date or time: left plain.
                    while i < end && !isSpace(b[i]) && !",]}".utf8.contains(b[i]) { i += 1 }
                } else if isWordByte(byte) {
                    let wordEnd = identifierEnd(from: i)
                    let word = text(i, wordEnd)
                    if word == "true" || word == "false" { emit("kc", i, wordEnd) }
                    i = wordEnd
                } else {
                    i += 1
                }
            }
        }
    }

    // MARK: INI

    /// INI files: comment lines, `[sections]`, `key = value` with a trailing comment.
    mutating func lexINI() {
        var lineStart = 0
        while lineStart < b.count {
            let end = lineEnd(from: lineStart)
            let content = skipSpaces(from: lineStart)
            var trimmedEnd = end
            while trimmedEnd > content && isSpace(b[trimmedEnd - 1]) { trimmedEnd -= 1 }
            if content < end {
                let first = b[content]
                if first == UInt8(ascii: ";") || first == UInt8(ascii: "#") {
                    emit("c1", content, trimmedEnd)
                } else if first == UInt8(ascii: "["), b[trimmedEnd - 1] == UInt8(ascii: "]") {
                    emit("k", content, trimmedEnd)
                } else if let equals = b[content..<end].firstIndex(where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }), equals > content {
                    var keyEnd = equals
                    while keyEnd > content && isSpace(b[keyEnd - 1]) { keyEnd -= 1 }
                    emit("na", content, keyEnd)
                    emit("o", equals, equals + 1)
                    let valueStart = skipSpaces(from: equals + 1)
                    var comment: Int? = nil
                    var k = valueStart
                    while k < end {
                        if (b[k] == UInt8(ascii: "#") || b[k] == UInt8(ascii: ";")) && k > valueStart && isSpace(b[k - 1]) {
                            comment = k
                            break
                        }
                        k += 1
                    }
                    var valueEnd = comment ?? trimmedEnd
                    while valueEnd > valueStart && isSpace(b[valueEnd - 1]) { valueEnd -= 1 }
                    emit("s", valueStart, valueEnd)
                    if let comment { emit("c1", comment, trimmedEnd) }
                }
            }
            lineStart = min(end + 1, b.count)
        }
        i = b.count
    }
}
