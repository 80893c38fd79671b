import Foundation

/// Rewrites the text of one text node: what the inline extensions turn into HTML.
struct InlineRewriter {
    enum Segment: Equatable {
        case text(String)
        case html(String)
    }

    let extensions: MarkdownExtensions
    let abbreviationTable: Abbreviations

    init(extensions: MarkdownExtensions, abbreviations: [(term: String, title: String)]) {
        self.extensions = extensions
        abbreviationTable = Abbreviations(abbreviations)
    }

    static let emoji: [String: String] = {
        var table: [String: String] = [:]
        for line in PymdownxTables.emoji.split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            var scalars = String.UnicodeScalarView()
            for code in line[line.index(after: space)...].split(separator: "-") {
                if let value = UInt32(code, radix: 16), let scalar = Unicode.Scalar(value) { scalars.append(scalar) }
            }
            table[String(line[..<space])] = String(scalars)
        }
        return table
    }()

    /// pymdownx.keys' table: each name (an alias too) -> (its canonical name, its label).
    static let keys: [String: (name: String, label: String)] = {
        var labels: [String: String] = [:]
        var aliases: [String: String] = [:]
        for line in PymdownxTables.keys.split(separator: "\n") {
            guard let tab = line.firstIndex(of: "\t") else { continue }
            let name = String(line[..<tab]), label = String(line[line.index(after: tab)...])
            if label.hasPrefix("=") { aliases[name] = String(label.dropFirst()) } else { labels[name] = label }
        }
        var table: [String: (name: String, label: String)] = [:]
        for (name, label) in labels { table[name] = (name, label) }
        for (alias, target) in aliases { if let label = labels[target] { table[alias] = (target, label) } }
        return table
    }()

    /// pymdownx.smartsymbols' replacements, longest first.
    static let symbols: [(String, String)] = [
        ("<-->", "\u{2194}"), ("-->", "\u{2192}"), ("<--", "\u{2190}"), ("(tm)", "\u{2122}"), ("(TM)", "\u{2122}"), ("(c)", "\u{00A9}"),
        ("(C)", "\u{00A9}"), ("(r)", "\u{00AE}"), ("(R)", "\u{00AE}"), ("c/o", "\u{2105}"), ("+/-", "\u{00B1}"), ("=/=", "\u{2260}"),
        ("1/4", "\u{00BC}"), ("1/2", "\u{00BD}"), ("3/4", "\u{00BE}"),
    ]

    /// The bytes an extension's syntax starts with (`+`, `=`, `^`, `:`, `(`, `-`, `<`, `/`).
    static let triggers: [Bool] = (0..<256).map { "+=^:(-</~".utf8.contains(UInt8($0)) }

    /// The first occurrence of `needle` in `text`, compared as UTF-8 bytes (Foundation's
    /// `range(of:)` goes through NSString and took most of the time of a page with marks).
    static func find(_ needle: String, in text: Substring) -> Range<String.Index>? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return nil }
        let utf8 = text.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            if utf8[index] == first {
                var matched = true
                var probe = index
                for byte in pattern {
                    guard probe != utf8.endIndex, utf8[probe] == byte else {
                        matched = false
                        break
                    }
                    probe = utf8.index(after: probe)
                }
                if matched { return index..<probe }
            }
            index = utf8.index(after: index)
        }
        return nil
    }

    static func contains(_ text: String, _ needle: String) -> Bool { find(needle, in: Substring(text)) != nil }

    /// The segments of `text`, or `nil` when nothing changes.
    func rewrite(_ text: String, icons: inout [String]) -> [Segment]? {
        // Most text has none of the characters any extension starts with.
        if abbreviationTable.isEmpty && !text.utf8.contains(where: { Self.triggers[Int($0)] }) { return nil }
        var segments: [Segment] = [.text(text)]
        if extensions.has(.keys) { segments = split(segments, open: "++", close: "++", render: Self.keysHTML) }
        if extensions.has(.mark) { segments = split(segments, open: "==", close: "==") { "<mark>\(escapeHTMLText($0))</mark>" } }
        if extensions.has(.tilde) {
            segments = split(segments, open: "~", close: "~", allowsSpaces: false) { "<sub>\(escapeHTMLText($0))</sub>" }
        }
        if extensions.has(.caret) {
            segments = split(segments, open: "^^", close: "^^") { "<ins>\(escapeHTMLText($0))</ins>" }
            segments = split(segments, open: "^", close: "^", allowsSpaces: false) { "<sup>\(escapeHTMLText($0))</sup>" }
        }
        if extensions.has(.emoji) { segments = segments.flatMap { emoji($0, icons: &icons) } }
        if extensions.has(.smartSymbols) { segments = segments.map(symbols) }
        if !abbreviationTable.isEmpty { segments = segments.flatMap(abbreviate) }
        if segments == [.text(text)] { return nil }
        return segments
    }

    /// Splits the text segments at `open`…`close` pairs whose content does not start or end
    /// with a space (and has none, without `allowsSpaces`).
    private func split(_ segments: [Segment], open: String, close: String, allowsSpaces: Bool = true, render: (String) -> String?) -> [Segment] {
        var result: [Segment] = []
        for segment in segments {
            guard case .text(let text) = segment, Self.contains(text, open) else {
                result.append(segment)
                continue
            }
            var rest = Substring(text)
            var plain = ""
            while let start = Self.find(open, in: rest) {
                let after = rest[start.upperBound...]
                // `===` or a space after the opener is not one.
                guard let first = after.first, !first.isWhitespace, !after.hasPrefix(String(open.last!)) else {
                    plain += rest[..<start.upperBound]
                    rest = after
                    continue
                }
                guard let end = Self.closing(close, in: after, allowsSpaces: allowsSpaces) else {
                    // No closer after this opener means none after a later one either (the text
                    // after it is a part of this text): the rest is plain. Searching again from
                    // each opener made 40,000 unclosed `==` quadratic.
                    if allowsSpaces { break }
                    plain += rest[..<start.upperBound]
                    rest = after
                    continue
                }
                let inner = String(after[..<end.lowerBound])
                guard let html = render(inner) else {
                    // Not a mark after all (`++not a key++`): the pair stays text, and the
                    // search goes on after it.
                    plain += rest[..<end.upperBound]
                    rest = after[end.upperBound...]
                    continue
                }
                plain += rest[..<start.lowerBound]
                if !plain.isEmpty { result.append(.text(plain)) }
                plain = ""
                result.append(.html(html))
                rest = after[end.upperBound...]
            }
            plain += rest
            if !plain.isEmpty { result.append(.text(plain)) }
        }
        return result
    }

    private static func closing(_ close: String, in whole: Substring, allowsSpaces: Bool) -> Range<Substring.Index>? {
        // Without spaces (`^sup^`, `~sub~`), the closer is before the first space or nowhere.
        let text = allowsSpaces ? whole : whole[..<(whole.firstIndex(where: \.isWhitespace) ?? whole.endIndex)]
        var from = text.startIndex
        while let found = find(close, in: text[from...]) {
            let inner = text[..<found.lowerBound]
            if let last = inner.last, !last.isWhitespace, !text[found.upperBound...].hasPrefix(String(close.last!)) { return found }
            from = found.upperBound
        }
        return nil
    }

    /// `++ctrl+alt+del++` as pymdownx.keys writes it.
    static func keysHTML(_ inner: String) -> String? {
        let parts = inner.split(separator: "+", omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && !$0.contains(" ") || ($0.hasPrefix("\"") && $0.hasSuffix("\"") && $0.count >= 2) })
        else { return nil }
        var html = "<span class=\"keys\">"
        for (number, part) in parts.enumerated() {
            if number > 0 { html += "<span>+</span>" }
            if part.hasPrefix("\"") {
                html += "<kbd>\(escapeHTMLText(String(part.dropFirst().dropLast())))</kbd>"
                continue
            }
            let name = part.lowercased()
            guard let (canonical, label) = keys[name] else { return nil }
            html += "<kbd class=\"key-\(escapeHTML(canonical))\">\(escapeHTMLText(label))</kbd>"
        }
        return html + "</span>"
    }

    private func emoji(_ segment: Segment, icons: inout [String]) -> [Segment] {
        guard case .text(let text) = segment, text.utf8.contains(UInt8(ascii: ":")) else { return [segment] }
        var result: [Segment] = []
        var plain = ""
        var rest = Substring(text)
        while let colon = rest.firstIndex(of: ":") {
            let after = rest[rest.index(after: colon)...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" }
            if !name.isEmpty, after.dropFirst(name.count).first == ":", Self.isIcon(name) {
                icons.append(String(name))
                plain += rest[...colon]
                rest = after
            } else if !name.isEmpty, after.dropFirst(name.count).first == ":", let value = Self.emoji[String(name)] {
                plain += rest[..<colon]
                result.append(.text(plain))
                plain = ""
                result.append(.text(value))
                rest = after.dropFirst(name.count + 1)
            } else {
                plain += rest[...colon]
                rest = after
            }
        }
        plain += rest
        result.append(.text(plain))
        return result.filter { $0 != .text("") }
    }

    /// `text` without its emoji and icon shortcodes.
    static func removingShortcodes(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let colon = rest.firstIndex(of: ":") {
            let after = rest[rest.index(after: colon)...]
            let name = after.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "+" }
            if !name.isEmpty, after.dropFirst(name.count).first == ":", isIcon(name) || emoji[String(name)] != nil {
                result += rest[..<colon]
                rest = after.dropFirst(name.count + 1)
            } else {
                result += rest[...colon]
                rest = after
            }
        }
        return result + rest
    }

    /// Material's icon shortcodes (`:material-check:`, `:fontawesome-brands-github:`): SVG
    /// icons Folio does not ship.
    static func isIcon(_ name: Substring) -> Bool {
        ["material-", "fontawesome-", "octicons-", "simple-"].contains { name.hasPrefix($0) }
    }

    private func symbols(_ segment: Segment) -> Segment {
        guard case .text(var text) = segment else { return segment }
        for (pattern, symbol) in Self.symbols {
            // `c/o` and fractions only as words of their own: not in `1/2/2024` or `abc/output`.
            let needsBoundary = pattern.first?.isLetter == true || pattern.first?.isNumber == true
            var from = text.startIndex
            while let range = Self.find(pattern, in: text[from...]) {
                let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : nil
                let after = range.upperBound < text.endIndex ? text[range.upperBound] : nil
                func isWordy(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "_" } ?? false }
                if needsBoundary && (isWordy(before) || isWordy(after)) {
                    from = range.upperBound
                    continue
                }
                text.replaceSubrange(range, with: symbol)
                from = text.startIndex
            }
        }
        return .text(text)
    }

    /// Every whole-word occurrence of a defined abbreviation as `<abbr title="…">`.
    /// Abbreviations by term: those made of word characters are looked up word by word; the
    /// others (`C++`, `e.g.`) are tried at each word start (at most 200 of them).
    struct Abbreviations {
        var words: [String: String] = [:]
        var others: [(term: String, title: String)] = []
        var isEmpty: Bool { words.isEmpty && others.isEmpty }

        init(_ list: [(term: String, title: String)]) {
            for (term, title) in list where !term.isEmpty {
                if term.allSatisfy(InlineRewriter.isWordCharacter) { words[term] = title } else if others.count < 200 { others.append((term, title)) }
            }
            others.sort { $0.term.count > $1.term.count }
        }
    }

    static func isWordCharacter(_ character: Character) -> Bool { character.isLetter || character.isNumber || character == "_" }

    /// Every whole-word occurrence of a defined abbreviation as `<abbr title="…">`, in one pass
    /// over the words (a term list tried at every character made 20,000 definitions over a long
    /// text hang).
    private func abbreviate(_ segment: Segment) -> [Segment] {
        guard case .text(let text) = segment else { return [segment] }
        var result: [Segment] = []
        var plain = ""
        var rest = Substring(text)
        var previousIsWord = false
        func emit(_ term: Substring, _ title: String) {
            if !plain.isEmpty { result.append(.text(plain)) }
            plain = ""
            result.append(.html("<abbr title=\"\(escapeHTML(title))\">\(escapeHTMLText(String(term)))</abbr>"))
        }
        outer: while let first = rest.first {
            // A container's marker (U+E000, its number, U+E001) is copied as it is: an
            // abbreviation "2" replaced its number (found by fuzzing).
            if first == "\u{E000}", let end = rest.unicodeScalars.firstIndex(of: "\u{E001}") {
                // Scalars, not Characters: a title starting with a combining mark merges with U+E001.
                let after = rest.unicodeScalars.index(after: end)
                plain += rest[..<after]
                rest = rest[after...]
                previousIsWord = false
                continue
            }
            if !previousIsWord {
                for (term, title) in abbreviationTable.others where rest.hasPrefix(term) {
                    let after = rest.dropFirst(term.count).first
                    if !(after.map(Self.isWordCharacter) ?? false) {
                        emit(rest.prefix(term.count), title)
                        rest = rest.dropFirst(term.count)
                        previousIsWord = false
                        continue outer
                    }
                }
                if Self.isWordCharacter(first) {
                    let word = rest.prefix(while: Self.isWordCharacter)
                    if let title = abbreviationTable.words[String(word)] {
                        emit(word, title)
                    } else {
                        plain += word
                    }
                    rest = rest.dropFirst(word.count)
                    previousIsWord = true
                    continue
                }
            }
            previousIsWord = Self.isWordCharacter(first)
            plain.append(first)
            rest = rest.dropFirst()
        }
        if !plain.isEmpty { result.append(.text(plain)) }
        return result
    }
}
