/// The table-driven lexer for programming languages; each language is a ``CodeGrammar``.
extension Lexer {
    /// The table-driven lexer for programming languages.
    mutating func lexCode(_ g: CodeGrammar, until limit: Int? = nil, closing: UInt8? = nil) {
        let limit = limit ?? b.count
        if i == 0, g.hashbang, matches("#!", at: 0) {
            emit("ch", 0, lineEnd(from: 0))
            i = lineEnd(from: 0)
        }
        var nextName: StaticString? = nil
        var importing = false  // Python: after `import`, or between `from` and `import`, dotted module names are `nn`
        var previous: UInt8 = UInt8(ascii: "(")  // the last byte that was not a space (for regex literals)
        var previousWord = ""
        var brackets = 0
        var inBraces = false  // PromQL: label matchers
        // A watchdog: if a rule ever stood still, the rest would stay plain rather than hang the
        // build (one did, found by fuzzing: TypeScript's value after `:` on `x:.14`).
        var steps = 0
        while i < limit {
            steps += 1
            if steps > 4 * (limit - i) + 4 * b.count + 64 { i = limit; return }
            let byte = b[i]
            if let closing, byte == closing, brackets == 0 { return }
            if byte == UInt8(ascii: "\n") {
                importing = false
                i += 1
                continue
            }
            if isSpace(byte) {
                i += 1
                continue
            }
            let start = i
            defer {
                if i > start, i <= b.count, !isSpace(b[i - 1]) { previous = b[i - 1] }
            }
            // Comments.
            if g.lineComments.contains(where: { matches($0, at: i) }) {
                let end = lineEnd(from: i)
                emit(g.lineCommentClass, i, min(end, limit))
                i = min(end, limit)
                continue
            }
            if let (open, close) = g.blockComment, matches(open, at: i) {
                let end = find(String(describing: close), from: i + open.utf8CodeUnitCount).map { $0 + close.utf8CodeUnitCount } ?? limit
                emit(g.blockCommentClass, i, min(end, limit))
                i = min(end, limit)
                continue
            }
            // Strings, with Python's prefixes.
            if g.python, isWordByte(byte), let quoteAt = pythonStringStart(at: i) {
                emit("sa", i, quoteAt)
                let prefix = text(i, quoteAt).lowercased()
                i = quoteAt
                lexPythonString(raw: prefix.contains("r"), formatted: prefix.contains("f"), g, limit: limit)
                previousWord = ""
                continue
            }
            if let stringClass = g.strings[byte] {
                if g.python {
                    lexPythonString(raw: false, formatted: false, g, limit: limit)
                } else if g.hclValues && !(previous == UInt8(ascii: "=") || previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",") || previous == UInt8(ascii: "(")) {
                    // A block's labels (`resource "aws_instance" "web"`): Pygments names them; left plain.
                    i = quotedEnd(from: i, end: lineEnd(from: i)) ?? lineEnd(from: i)
                } else if g.promQL {
                    let end = lineEnd(from: i)
                    guard let close = quotedEnd(from: i, end: end) else {
                        i = end
                        continue
                    }
                    emit("p", i, i + 1)
                    emit("s", i + 1, close - 1)
                    emit("p", close - 1, close)
                    i = close
                } else {
                    lexString(quote: byte, className: stringClass, g, limit: limit)
                }
                previousWord = ""
                continue
            }
            // Regular expressions where a value is expected.
            if g.regexLiterals, byte == UInt8(ascii: "/"), "(,=:[!&|?{};+-*%<>~^".utf8.contains(previous) || ["return", "typeof", "case", "in", "of", "yield"].contains(previousWord),
                let end = regexEnd(from: i)
            {
                emit("sr", i, end)
                i = end
                continue
            }
            // Numbers.
            if isDigit(byte) || (byte == UInt8(ascii: ".") && at(i + 1).map(isDigit) == true && !g.hclValues && !g.caseInsensitive) {
                if g.typeAfterColon, previous == UInt8(ascii: ":") {
                    // TypeScript's lexer calls a value after `:` a type (`{ id: 1 }`): left plain.
                    // (At least one byte on: `:.5` stood still here, found by fuzzing.)
                    var k = i + 1
                    while k < limit, isWordByte(b[k]) || b[k] == UInt8(ascii: ".") { k += 1 }
                    i = k
                    continue
                }
                lexNumber(g)
                previousWord = ""
                continue
            }
            // Decorators.
            if g.python, byte == UInt8(ascii: "@"), let next = at(i + 1), isWordByte(next) {
                var end = identifierEnd(from: i + 1)
                while at(end) == UInt8(ascii: "."), let after = at(end + 1), isWordByte(after) { end = identifierEnd(from: end + 1) }
                emit("nd", i, end)
                i = end
                continue
            }
            if isWordByte(byte) {
                var end = identifierEnd(from: i)
                let word = text(i, end)
                let key = g.caseInsensitive ? word.lowercased() : word
                let afterDot = i > 0 && b[i - 1] == UInt8(ascii: ".")
                defer {
                    previousWord = key
                    i = end
                }
                if let className = nextName {
                    nextName = nil
                    let magic = g.python && word.hasPrefix("__") && word.hasSuffix("__") && word.count > 4
                    emit(magic && className.description == "nf" ? "fm" : className, i, end)
                    continue
                }
                if importing && !afterDot, key != "import", key != "as" {
                    var dotted = end
                    while at(dotted) == UInt8(ascii: "."), let after = at(dotted + 1), isWordByte(after) { dotted = identifierEnd(from: dotted + 1) }
                    if previousWord != "as" { emit("nn", i, dotted) }
                    end = dotted
                    continue
                }
                if g.typeAfterColon, previous == UInt8(ascii: ":"), !afterDot, g.keywords[key] == nil, isAnnotation(before: i) {
                    emit("kt", i, end)
                    continue
                }
                if g.promQL {
                    end = lexPromQLWord(word: key, end: end, g, inBraces: inBraces)
                    continue
                }
                if g.hclValues { continue }
                if let call = g.callNames[key], !afterDot {
                    if at(end) == UInt8(ascii: "(") {
                        emit(call.call, i, end)
                    } else if let other = call.other {
                        emit(other, i, end)
                    }
                    continue
                }
                if let className = g.keywords[key], !(afterDot && (g.plainAfterDot || className.description == "nb" || className.description == "bp")) {
                    emit(className, i, end)
                    // `from a.b import c`: `a.b` is a module, `c` is not; `import a.b`: a module.
                    if g.python && key == "from" && previousWord != "raise" && previousWord != "yield" { importing = true }
                    if g.python && key == "import" { importing = !importing }
                    if let name = g.names[key] { nextName = name }
                    continue
                }
                // Any other name (a magic name Pygments does not list among them) stays plain.
                continue
            }
            // Brackets for template interpolation and nesting.
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { brackets += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { brackets -= 1 }
            if g.promQL {
                lexPromQLPunctuation(&inBraces)
                continue
            }
            if g.hclValues, byte == UInt8(ascii: "=") {
                emit("o", i, i + 1)
            }
            nextName = nil
            i += 1
        }
    }

    /// Whether the `:` before `offset` annotates a type (`id: number`), not a ternary's (`a ? b : c`).
    func isAnnotation(before offset: Int) -> Bool {
        var k = offset - 1
        while k >= 0 && isSpace(b[k]) { k -= 1 }
        return k > 0 && b[k] == UInt8(ascii: ":") && !isSpace(b[k - 1])
    }

    /// A number by the grammar's classes; one followed by a letter is left plain.
    mutating func lexNumber(_ g: CodeGrammar) {
        guard let (end, kind) = number(at: i) else {
            i += 1
            return
        }
        if let next = at(end), isWordByte(next) {
            // `10s`, PromQL's `5m`, Python's `2j`: plain.
            i = identifierEnd(from: end)
            return
        }
        if g.caseInsensitive, at(end) == UInt8(ascii: ".") {
            // SQL reads `10.5` as two integers around a dot.
            emit("mi", i, end)
            i = end
            return
        }
        let className: StaticString? =
            switch kind {
            case .integer: g.integer
            case .float: g.float
            case .hex: g.hex
            case .octal: g.octal
            case .binary: g.binary
            }
        if let className { emit(className, i, end) }
        i = end
    }

    /// A string of `quote` with the grammar's escapes and interpolation.
    mutating func lexString(quote: UInt8, className: StaticString, _ g: CodeGrammar, limit: Int) {
        let multiline = g.multiline.contains(quote)
        let interpolation = g.interpolation.flatMap { $0.quote == quote ? $0 : nil }
        var k = i + 1
        // Find the end first: an unterminated string is left plain.
        var scan = k
        while scan < limit && b[scan] != quote {
            if b[scan] == UInt8(ascii: "\\") { scan += 1 } else if b[scan] == UInt8(ascii: "\n") && !multiline { break }
            scan += 1
        }
        guard scan < limit, b[scan] == quote else {
            // (A `\` as the last byte stepped past the end: found by fuzzing.)
            i = min(scan, limit)
            return
        }
        if interpolation == nil {
            emit(className, i, scan + 1)
            i = scan + 1
            return
        }
        emit(className, i, i + 1)
        while k < limit && b[k] != quote {
            if let interpolation, matches(interpolation.open, at: k), depth < Self.maximumDepth {
                let openEnd = k + interpolation.open.utf8CodeUnitCount
                emit(interpolation.class, k, openEnd)
                i = openEnd
                let closer = interpolation.open.utf8Start[interpolation.open.utf8CodeUnitCount - 1] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: ")")
                depth += 1
                lexCode(g, until: limit, closing: closer)
                depth -= 1
                if i < limit {
                    emit(interpolation.class, i, i + 1)
                    i += 1
                }
                k = i
                continue
            }
            let step = b[k] == UInt8(ascii: "\\") ? 2 : 1
            emit(className, k, min(k + step, limit))
            k += step
        }
        if k < limit {
            emit(className, k, k + 1)
            k += 1
        }
        i = k
    }

    /// Where a Python string's quote is after a prefix (`f"`, `rb'`) at `offset`; `nil` if none.
    func pythonStringStart(at offset: Int) -> Int? {
        var k = offset
        while k < b.count, k - offset < 2, "rRbBfFuU".utf8.contains(b[k]) { k += 1 }
        guard k > offset, let quote = at(k), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
        if offset > 0, isWordByte(b[offset - 1]) { return nil }
        let prefix = text(offset, k).lowercased()
        return ["r", "b", "f", "u", "rb", "br", "fr", "rf"].contains(prefix) ? k : nil
    }

    /// A Python string at `i` (its quote): triple quotes, docstrings, escapes, f-string fields.
    mutating func lexPythonString(raw: Bool, formatted: Bool, _ g: CodeGrammar, limit: Int) {
        let quote = b[i]
        let triple = at(i + 1) == quote && at(i + 2) == quote
        let quoteLength = triple ? 3 : 1
        let className: StaticString = quote == UInt8(ascii: "\"") ? "s2" : "s1"
        // A docstring: a triple-quoted string that starts its line (looked back for only then:
        // for every string of a long line it was quadratic).
        var startsLine = false
        if triple {
            var lineStart = i
            while lineStart > 0 && (b[lineStart - 1] == UInt8(ascii: " ") || b[lineStart - 1] == UInt8(ascii: "\t")) { lineStart -= 1 }
            startsLine = lineStart == 0 || b[lineStart - 1] == UInt8(ascii: "\n")
        }
        var k = i + quoteLength
        var end: Int? = nil
        while k < limit {
            if b[k] == UInt8(ascii: "\\") {
                k += 2
                continue
            }
            if !triple && b[k] == UInt8(ascii: "\n") { break }
            if b[k] == quote && (!triple || (at(k + 1) == quote && at(k + 2) == quote)) {
                end = k + quoteLength
                break
            }
            k += 1
        }
        guard let end, end <= limit else {
            i = min(k, limit)
            return
        }
        if triple && startsLine && !formatted && !raw {
            emit("sd", i, end)
            i = end
            return
        }
        emit(className, i, i + quoteLength)
        k = i + quoteLength
        let bodyEnd = end - quoteLength
        while k < bodyEnd {
            if !raw && b[k] == UInt8(ascii: "\\") && k + 1 < bodyEnd {
                let escapeEnd = pythonEscapeEnd(from: k, limit: bodyEnd)
                emit("se", k, escapeEnd)
                k = escapeEnd
                continue
            }
            if formatted && b[k] == UInt8(ascii: "{") && depth < Self.maximumDepth {
                if at(k + 1) == UInt8(ascii: "{") {
                    emit("se", k, k + 2)
                    k += 2
                    continue
                }
                emit("si", k, k + 1)
                i = k + 1
                depth += 1
                lexFormatField(g, limit: bodyEnd)
                depth -= 1
                k = i
                continue
            }
            if formatted && b[k] == UInt8(ascii: "}") && at(k + 1) == UInt8(ascii: "}") {
                emit("se", k, k + 2)
                k += 2
                continue
            }
            emit(className, k, k + 1)
            k += 1
        }
        emit(className, bodyEnd, end)
        i = end
    }

    /// The end of the escape at `offset` (`\n`, `\x41`, `\u00e9`, `\N{...}`, `\012`).
    func pythonEscapeEnd(from offset: Int, limit: Int) -> Int {
        guard let kind = at(offset + 1) else { return offset + 1 }
        var length = 2
        switch kind {
        case UInt8(ascii: "x"): length = 4
        case UInt8(ascii: "u"): length = 6
        case UInt8(ascii: "U"): length = 10
        case UInt8(ascii: "N"):
            if at(offset + 2) == UInt8(ascii: "{"), let close = b[(offset + 2)..<limit].firstIndex(of: UInt8(ascii: "}")) { return close + 1 }
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var k = offset + 1
            while k < limit && k < offset + 4 && b[k] >= UInt8(ascii: "0") && b[k] <= UInt8(ascii: "7") { k += 1 }
            return k
        default: break
        }
        return min(offset + length, limit)
    }

    /// An f-string field from `i` (after `{`): the expression as code, then `!r`, `:spec` and
    /// `}` as `si`.
    mutating func lexFormatField(_ g: CodeGrammar, limit: Int) {
        var nesting = 0
        let expressionStart = i
        var k = i
        while k < limit {
            let byte = b[k]
            if byte == UInt8(ascii: "(") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { nesting += 1 }
            if byte == UInt8(ascii: ")") || byte == UInt8(ascii: "]") { nesting -= 1 }
            if nesting == 0 && (byte == UInt8(ascii: "}") || byte == UInt8(ascii: ":") || (byte == UInt8(ascii: "!") && at(k + 1) != UInt8(ascii: "="))) { break }
            if byte == UInt8(ascii: "}") { nesting -= 1 }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { break }
            k += 1
        }
        i = expressionStart
        lexCode(g, until: k)
        i = k
        guard let close = b[k..<limit].firstIndex(of: UInt8(ascii: "}")) else {
            i = limit
            return
        }
        emit("si", k, close + 1)
        i = close + 1
    }

    /// The end of a JavaScript regular expression literal at `offset` (its flags included).
    func regexEnd(from offset: Int) -> Int? {
        var k = offset + 1
        var inClass = false
        guard let first = at(k), first != UInt8(ascii: "/"), first != UInt8(ascii: "*"), first != UInt8(ascii: " ") else { return nil }
        while k < b.count {
            let byte = b[k]
            if byte == UInt8(ascii: "\n") { return nil }
            if byte == UInt8(ascii: "\\") {
                k += 2
                continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if byte == UInt8(ascii: "/") && !inClass {
                k += 1
                while k < b.count, b[k] < 0x80, isWordByte(b[k]) { k += 1 }
                return k
            }
            k += 1
        }
        return nil
    }

    /// A PromQL word: keyword, function, label name (inside `{}`) or metric name (which may hold
    /// `:`). Returns where it ends.
    mutating func lexPromQLWord(word: String, end: Int, _ g: CodeGrammar, inBraces: Bool) -> Int {
        if inBraces {
            emit("nl", i, end)
        } else if let className = g.keywords[word] {
            emit(className, i, end)
        } else {
            var metricEnd = end
            while metricEnd < b.count, isWordByte(b[metricEnd]) || b[metricEnd] == UInt8(ascii: ":") { metricEnd += 1 }
            emit("nv", i, metricEnd)
            return metricEnd
        }
        return end
    }

    /// PromQL punctuation: `{}` `[]` `,` as `p`, `(` `)` and comparison operators as `o`; `[5m]`'s
    /// duration as `s`.
    mutating func lexPromQLPunctuation(_ inBraces: inout Bool) {
        let byte = b[i]
        switch byte {
        case UInt8(ascii: "{"):
            inBraces = true
            emit("p", i, i + 1)
        case UInt8(ascii: "}"):
            inBraces = false
            emit("p", i, i + 1)
        case UInt8(ascii: "["):
            emit("p", i, i + 1)
            if let close = b[i..<lineEnd(from: i)].firstIndex(of: UInt8(ascii: "]")) {
                emit("s", i + 1, close)
                emit("p", close, close + 1)
                i = close + 1
                return
            }
        case UInt8(ascii: "]"), UInt8(ascii: ","):
            emit("p", i, i + 1)
        case UInt8(ascii: "("), UInt8(ascii: ")"):
            emit("o", i, i + 1)
        case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: ">"):
            var end = i + 1
            while end < b.count, "=~".utf8.contains(b[end]) { end += 1 }
            emit("o", i, end)
            i = end
            return
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "%"), UInt8(ascii: "^"):
            emit("o", i, i + 1)
        default:
            break
        }
        i += 1
    }
}
