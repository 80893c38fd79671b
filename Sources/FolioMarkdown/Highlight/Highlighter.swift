/// Syntax highlighting at build time: a small hand-written lexer per language, on bytes, whose
/// tokens carry Pygments' short class names (`k`, `s2`, `c1`, `nf`, `gp`, ...), so the CSS of a
/// MkDocs site and Folio's theme colour the same code the same way.
///
/// A lexer emits a class only where Pygments emits the same class over the same characters
/// (checked in `make test` against PyPI's pygments on Tests/highlight's snippets); where it is not
/// sure it leaves the text plain. Plain is always correct; a wrong colour is not.
public enum Highlighter {
    /// A language Folio highlights, by its canonical name.
    public enum Language: String, CaseIterable, Sendable {
        case console, bash, yaml, json, toml, ini, python, go, javascript, typescript, swift, sql, dockerfile, makefile, hcl, diff, xml, html,
            promql
    }

    /// The names a fence may use for each language (Pygments' aliases, lowercased).
    static let aliases: [String: Language] = {
        var table: [String: Language] = [:]
        let names: [Language: [String]] = [
            .console: ["console", "shell-session", "shellsession", "sh-session", "terminal"],
            .bash: ["bash", "sh", "shell", "zsh", "ksh", "shell-script"],
            .yaml: ["yaml", "yml"],
            .json: ["json", "jsonc", "json-object", "jsonl", "geojson"],
            .toml: ["toml"],
            .ini: ["ini", "cfg", "dosini", "properties", "editorconfig", "gitconfig", "systemd"],
            .python: ["python", "py", "python3", "py3", "pyi"],
            .go: ["go", "golang"],
            .javascript: ["javascript", "js", "mjs", "cjs", "jsx", "node"],
            .typescript: ["typescript", "ts", "tsx", "mts", "cts"],
            .swift: ["swift"],
            .sql: ["sql", "postgresql", "postgres", "mysql", "sqlite", "sqlite3", "plpgsql"],
            .dockerfile: ["dockerfile", "docker", "containerfile"],
            .makefile: ["makefile", "make", "mf", "bsdmake", "gnumake"],
            .hcl: ["hcl", "terraform", "tf", "tfvars"],
            .diff: ["diff", "patch", "udiff"],
            .xml: ["xml", "svg", "xsd", "xsl", "xslt", "rss", "pom", "plist"],
            .html: ["html", "htm", "xhtml"],
            .promql: ["promql"],
        ]
        for (language, list) in names { for name in list { table[name] = language } }
        return table
    }()

    /// The language a fence names (`Python`, `sh`, `shell-session`); `nil` when Folio has no lexer for it.
    public static func language(named name: String) -> Language? {
        aliases[name.lowercased()]
    }

    /// The tokens of `code`: class and byte range, in order, not overlapping; plain text has none.
    public static func tokens(_ code: [UInt8], language: Language) -> [Token] {
        var lexer = Lexer(code)
        lexer.lex(language)
        return lexer.tokens
    }

    /// `code` as HTML: escaped text with `<span class="...">` around each token.
    public static func html(_ code: String, language: Language) -> String {
        let bytes = Array(code.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        HTMLWriter.write(bytes, tokens: tokens(bytes, language: language), lines: nil, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// One token: Pygments' short class name and where it is in the code.
    public struct Token: Equatable, Sendable {
        public let className: StaticString
        public let start: Int
        public let end: Int

        public static func == (lhs: Token, rhs: Token) -> Bool {
            lhs.start == rhs.start && lhs.end == rhs.end && lhs.className.description == rhs.className.description
        }
    }
}

/// Writes code bytes as escaped HTML with token spans; with `lines`, each line in its own
/// `<span class="line">` (plus `hll` for the highlighted ones), tokens closed and reopened at line
/// breaks so every line is well formed on its own.
enum HTMLWriter {
    struct Lines {
        var highlighted: Set<Int>
        /// The first line's number, when lines are numbered (`linenums`): each line carries its
        /// number in `data-n`, which the theme draws before it (not text: copying leaves it out).
        var firstNumber: Int? = nil
    }

    static func write(_ code: [UInt8], tokens: [Highlighter.Token], lines: Lines?, to out: inout [UInt8]) {
        var position = 0
        var line = 1
        var lineOpen = false
        func openLine(_ out: inout [UInt8]) {
            guard let lines, !lineOpen else { return }
            out += lines.highlighted.contains(line) ? Array(#"<span class="line hll""#.utf8) : Array(#"<span class="line""#.utf8)
            if let first = lines.firstNumber { out += Array(" data-n=\"\(first + line - 1)\"".utf8) }
            out.append(UInt8(ascii: ">"))
            lineOpen = true
        }
        func text(_ range: Range<Int>, className: StaticString?, _ out: inout [UInt8]) {
            var index = range.lowerBound
            while index < range.upperBound {
                openLine(&out)
                var end = index
                // Tokens are cut at line breaks only when lines are wrapped.
                if lines == nil { end = range.upperBound } else { while end < range.upperBound && code[end] != UInt8(ascii: "\n") { end += 1 } }
                if end > index {
                    if let className { out += Array("<span class=\"".utf8) + bytes(className) + Array("\">".utf8) }
                    escape(code[index..<end], to: &out)
                    if className != nil { out += Array("</span>".utf8) }
                }
                index = end
                if index < range.upperBound {
                    // The newline itself: outside every span, after the line's end.
                    if lines != nil {
                        out += Array("</span>".utf8)
                        lineOpen = false
                    }
                    out.append(UInt8(ascii: "\n"))
                    line += 1
                    index += 1
                }
            }
        }
        for token in tokens where token.start >= position && token.end > token.start && token.end <= code.count {
            if token.start > position { text(position..<token.start, className: nil, &out) }
            text(token.start..<token.end, className: token.className, &out)
            position = token.end
        }
        if position < code.count { text(position..<code.count, className: nil, &out) }
        if lineOpen { out += Array("</span>".utf8) }
    }

    static func bytes(_ text: StaticString) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount)
    }

    static func escape(_ text: ArraySlice<UInt8>, to out: inout [UInt8]) {
        for byte in text {
            switch byte {
            case UInt8(ascii: "&"): out += Array("&amp;".utf8)
            case UInt8(ascii: "<"): out += Array("&lt;".utf8)
            case UInt8(ascii: ">"): out += Array("&gt;".utf8)
            case UInt8(ascii: "\""): out += Array("&quot;".utf8)
            default: out.append(byte)
            }
        }
    }
}

/// The shared machinery of every lexer: a cursor over the bytes and the tokens found so far.
/// Adjacent tokens of one class are merged, as Pygments' HTML formatter merges them.
struct Lexer {
    let b: [UInt8]
    var i = 0
    private(set) var tokens: [Highlighter.Token] = []
    /// How deep nested contexts (`$(`, backquotes, `${` in templates, f-string fields) are: each
    /// level recursed, and 50,000 nested `$(` overflowed a worker thread's stack (found by the
    /// pathological pages). Past `maximumDepth` an opener stays plain.
    var depth = 0
    static let maximumDepth = 48
    /// The block's lines by their text, for here-documents' delimiters (built when first needed).
    var lineIndex: [[UInt8]: [Int]]? = nil
    /// Elements (`script`, `style`) whose closing tag is nowhere after some point.
    var unclosedElements: Set<String> = []

    init(_ bytes: [UInt8]) {
        b = bytes
    }

    var atEnd: Bool { i >= b.count }

    func at(_ offset: Int) -> UInt8? {
        offset >= 0 && offset < b.count ? b[offset] : nil
    }

    var current: UInt8? { at(i) }

    mutating func emit(_ className: StaticString, _ start: Int, _ end: Int) {
        // A token never ends or starts inside a character: `\` then `é` is one escape of three
        // bytes, not a span that cuts é in two (found by fuzzing: the page showed U+FFFD).
        var start = start, end = min(end, b.count)
        while end < b.count && b[end] & 0xC0 == 0x80 { end += 1 }
        while start < end && b[start] & 0xC0 == 0x80 { start += 1 }
        if let last = tokens.last, start < last.end { start = last.end }
        guard end > start else { return }
        if let last = tokens.last, last.end == start, last.className.utf8Start == className.utf8Start {
            tokens[tokens.count - 1] = Highlighter.Token(className: className, start: last.start, end: end)
        } else {
            tokens.append(Highlighter.Token(className: className, start: start, end: end))
        }
    }

    /// Whether the bytes at `offset` are `text`.
    func matches(_ text: StaticString, at offset: Int) -> Bool {
        let count = text.utf8CodeUnitCount
        guard offset >= 0, offset + count <= b.count else { return false }
        let start = text.utf8Start
        for k in 0..<count where b[offset + k] != start[k] { return false }
        return true
    }

    func lineEnd(from offset: Int) -> Int {
        var end = offset
        while end < b.count && b[end] != UInt8(ascii: "\n") { end += 1 }
        return end
    }

    func skipSpaces(from offset: Int) -> Int {
        var end = offset
        while end < b.count && (b[end] == UInt8(ascii: " ") || b[end] == UInt8(ascii: "\t")) { end += 1 }
        return end
    }

    /// The end of the identifier starting at `offset` (letters, digits, `_`, and any non-ASCII byte).
    func identifierEnd(from offset: Int, extra: UInt8? = nil) -> Int {
        var end = offset
        while end < b.count && (isWordByte(b[end]) || b[end] == extra) { end += 1 }
        return end
    }

    /// The text of `start..<end` as a String (for keyword tables).
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: b[start..<end], as: UTF8.self)
    }

    /// Where a number starting at `offset` ends, and whether it had a fraction or exponent; `nil`
    /// when no digit starts there.
    func number(at offset: Int) -> (end: Int, kind: NumberKind)? {
        guard let first = at(offset), isDigit(first) else { return nil }
        if first == UInt8(ascii: "0"), let next = at(offset + 1) {
            let kind: NumberKind? =
                switch next | 0x20 {
                case UInt8(ascii: "x"): .hex
                case UInt8(ascii: "o"): .octal
                case UInt8(ascii: "b"): .binary
                default: nil
                }
            if let kind {
                var end = offset + 2
                while let byte = at(end), isHexDigit(byte) || byte == UInt8(ascii: "_") { end += 1 }
                if end > offset + 2 { return (end, kind) }
            }
        }
        var end = offset
        var kind = NumberKind.integer
        while let byte = at(end), isDigit(byte) || byte == UInt8(ascii: "_") { end += 1 }
        if at(end) == UInt8(ascii: "."), let next = at(end + 1), isDigit(next) {
            kind = .float
            end += 1
            while let byte = at(end), isDigit(byte) || byte == UInt8(ascii: "_") { end += 1 }
        }
        if let e = at(end), e | 0x20 == UInt8(ascii: "e") {
            var after = end + 1
            if let sign = at(after), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { after += 1 }
            if let digit = at(after), isDigit(digit) {
                kind = .float
                end = after
                while let byte = at(end), isDigit(byte) { end += 1 }
            }
        }
        return (end, kind)
    }

    enum NumberKind {
        case integer, float, hex, octal, binary
    }

    mutating func lex(_ language: Highlighter.Language) {
        switch language {
        case .console: lexConsole()
        case .bash: lexBash(until: b.count)
        case .makefile: lexMakefile()
        case .dockerfile: lexDockerfile()
        case .diff: lexDiff()
        case .yaml: lexYAML()
        case .json: lexJSON(from: 0, to: b.count)
        case .toml: lexTOML()
        case .ini: lexINI()
        case .xml: lexMarkup(html: false)
        case .html: lexMarkup(html: true)
        case .python, .go, .javascript, .typescript, .swift, .sql, .hcl, .promql: lexCode(CodeGrammar.of(language))
        }
    }
}

func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || isDigit(byte)
        || byte == UInt8(ascii: "_") || byte >= 0x80
}

func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

func isHexDigit(_ byte: UInt8) -> Bool {
    isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
}

func isSpace(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
}
