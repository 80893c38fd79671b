/// Makes the raw HTML of a page safe to publish, as GitHub does with a README: only allowed
/// elements and attributes are kept (no `<script>`, `<iframe>`, `<form>`, `<style>`, no `on*` or
/// `style` attribute), and a URL attribute keeps only `http`, `https`, `mailto`, relative and
/// fragment URLs (images also `data:image/...`).
///
/// The HTML is read as a browser's tokenizer reads it and written out again from what was read:
/// every kept attribute is double-quoted with its value escaped, comments and declarations are
/// dropped, and a `<` that starts no tag becomes `&lt;`. What the browser parses is therefore
/// exactly what was checked here, whatever quoting or entity tricks the input used.
public enum HTMLSanitizer {
    /// Elements that are kept (their tags; the text between tags is always kept).
    static let elements: Set<String> = [
        "a", "abbr", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br", "caption", "center", "cite",
        "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "footer", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "ins", "kbd", "li", "main", "mark", "meter", "nav", "ol", "p",
        "picture", "pre", "progress", "q", "rp", "rt", "ruby", "s", "samp", "section", "small", "source", "span", "strike", "strong",
        "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var", "video", "wbr",
    ]

    /// Elements dropped with everything inside them, up to their closing tag.
    static let droppedWithContent: Set<String> = [
        "script", "style", "template", "iframe", "object", "embed", "noscript", "noembed", "noframes", "xmp", "textarea", "title",
        "svg", "math", "select", "frameset",
    ]

    /// Attributes any kept element may have.
    static let globalAttributes: Set<String> = [
        "id", "class", "title", "lang", "dir", "align", "valign", "width", "height", "hidden", "role", "name", "translate",
    ]

    /// Attributes of particular elements.
    static let elementAttributes: [String: Set<String>] = [
        "a": ["href", "target", "rel", "hreflang", "download"],
        "img": ["src", "alt", "srcset", "sizes", "loading", "decoding", "border"],
        "source": ["src", "srcset", "sizes", "type", "media"],
        "video": ["src", "poster", "controls", "loop", "muted", "playsinline", "preload"],
        "audio": ["src", "controls", "loop", "muted", "preload"],
        "td": ["colspan", "rowspan", "headers", "scope"],
        "th": ["colspan", "rowspan", "headers", "scope", "abbr"],
        "col": ["span"], "colgroup": ["span"],
        "ol": ["start", "reversed", "type"], "ul": ["type"], "li": ["value"],
        "details": ["open"], "time": ["datetime"], "data": ["value"],
        "del": ["cite", "datetime"], "ins": ["cite", "datetime"], "q": ["cite"], "blockquote": ["cite"],
        "meter": ["value", "min", "max", "low", "high", "optimum"], "progress": ["value", "max"],
        "table": ["border", "cellpadding", "cellspacing", "summary"],
    ]

    /// Attributes whose value is a URL (`srcset`: a list of them).
    static let urlAttributes: Set<String> = ["href", "src", "cite", "poster", "srcset"]

    /// Whether `url` may be published: `http`, `https`, `mailto`, a relative URL or a fragment;
    /// for an image, also `data:image/...` (but not SVG, which can hold script). Tabs and line
    /// breaks inside, and spaces and control characters around, are ignored as browsers ignore them.
    public static func isSafeURL(_ url: String, isImage: Bool = false) -> Bool {
        var copy = url
        return copy.withUTF8 { isSafeURL($0, isImage: isImage) }
    }

    /// ``isSafeURL(_:isImage:)`` on UTF-8 bytes, in one pass without allocating (it runs for
    /// every link of every page).
    static func isSafeURL(_ bytes: UnsafeBufferPointer<UInt8>, isImage: Bool) -> Bool {
        var index = 0
        while index < bytes.count, bytes[index] <= 0x20 { index += 1 }
        var packed: UInt64 = 0  // the scheme's first 8 letters, lowercased
        var length = 0
        var isValid = true
        var sawColon = false
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == 0x09 || byte == 0x0A || byte == 0x0D { continue }
            if byte == UInt8(ascii: ":") {
                sawColon = true
                break
            }
            if byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#") { return true }  // relative
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            let isLetter = lower >= 0x61 && lower <= 0x7A
            let isOther = (lower >= 0x30 && lower <= 0x39) || lower == UInt8(ascii: "+") || lower == UInt8(ascii: "-") || lower == UInt8(ascii: ".")
            if !(isLetter || (length > 0 && isOther)) { isValid = false }
            if length < 8 { packed |= UInt64(lower) << (8 * UInt64(length)) }
            length += 1
        }
        guard sawColon, length > 0, isValid else { return true }  // no scheme (`./a:b`, `1a:b`, `a.md`): relative
        func word(_ text: StaticString) -> UInt64 {
            var value: UInt64 = 0
            for offset in 0..<text.utf8CodeUnitCount { value |= UInt64(text.utf8Start[offset]) << (8 * UInt64(offset)) }
            return value
        }
        if length <= 8, packed == word("http") || packed == word("https") || packed == word("mailto") { return true }
        guard isImage, length == 4, packed == word("data") else { return false }
        // `data:image/png...` but not `data:image/svg+xml`, spaces and controls ignored.
        var type: [UInt8] = []
        while index < bytes.count, type.count < 14 {
            if bytes[index] > 0x20 { type.append(bytes[index] >= 0x41 && bytes[index] <= 0x5A ? bytes[index] | 0x20 : bytes[index]) }
            index += 1
        }
        return type.starts(with: Array("image/".utf8)) && !type.starts(with: Array("image/svg".utf8))
    }

    /// The safe form of `html`. `keepsURL(element, attribute, value)` decides the URL attributes
    /// (`value` with character references decoded); any other URL attribute is kept when
    /// ``isSafeURL(_:isImage:)`` says so.
    public static func sanitize(_ html: [UInt8], keepsURL: (String, String, String) -> Bool = { defaultKeepsURL($0, $1, $2) }) -> [UInt8] {
        var reader = Reader(bytes: html)
        var output: [UInt8] = []
        output.reserveCapacity(html.count)
        var dropping: String?  // inside an element dropped with its content
        while let token = reader.next() {
            switch token {
            case .text(let range):
                if dropping == nil { output += html[range] }
            case .lessThan:
                if dropping == nil { output += Array("&lt;".utf8) }
            case .end(let name):
                if let closing = dropping {
                    if name == closing { dropping = nil }
                } else if elements.contains(name) {
                    output += Array("</\(name)>".utf8)
                }
            case .start(let name, let attributes):
                guard dropping == nil else { continue }
                if droppedWithContent.contains(name) {
                    dropping = name
                    continue
                }
                guard elements.contains(name) else { continue }
                output += Array("<\(name)".utf8)
                var seen = Set<String>()
                for attribute in attributes where seen.insert(attribute.name).inserted {
                    guard globalAttributes.contains(attribute.name) || elementAttributes[name]?.contains(attribute.name) == true
                        || (attribute.name.hasPrefix("aria-") && attribute.name.utf8.dropFirst(5).allSatisfy { $0 >= 0x61 && $0 <= 0x7A })
                    else { continue }
                    if urlAttributes.contains(attribute.name) {
                        guard let value = attribute.value, keepsURL(name, attribute.name, value) else { continue }
                    }
                    output += Array(" \(attribute.name)".utf8)
                    if let value = attribute.value { output += Array("=\"\(escapeHTML(value))\"".utf8) }
                }
                output.append(UInt8(ascii: ">"))
            }
        }
        return output
    }

    /// The default decision for a URL attribute: safe URLs, and for `srcset` every URL of the list.
    public static func defaultKeepsURL(_ element: String, _ attribute: String, _ value: String) -> Bool {
        let isImage = attribute == "src" && element == "img" || attribute == "srcset" || attribute == "poster"
        if attribute == "srcset" {
            return value.split(separator: ",").allSatisfy { candidate in
                isSafeURL(String(candidate.split(separator: " ", omittingEmptySubsequences: true).first ?? ""), isImage: true)
            }
        }
        return isSafeURL(value, isImage: isImage)
    }

    // MARK: - Reading HTML as a browser's tokenizer does

    struct Attribute {
        let name: String
        /// `nil` for an attribute written without `=`.
        let value: String?
    }

    enum Token {
        case text(Range<Int>)
        case lessThan
        case start(String, [Attribute])
        case end(String)
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func next() -> Token? {
            guard index < bytes.count else { return nil }
            guard bytes[index] == UInt8(ascii: "<") else {
                let start = index
                while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
                return .text(start..<index)
            }
            let next = index + 1 < bytes.count ? bytes[index + 1] : 0
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                // Comments, doctypes, CDATA and processing instructions are dropped whole (a
                // comment up to `-->` or `--!>`); what follows is read again as HTML.
                if bytes[index...].starts(with: Array("<!--".utf8)) {
                    index = min(endOfComment(from: index + 4), bytes.count)
                } else {
                    index = HTMLAttributes.skip(bytes, from: index + 2, past: [UInt8(ascii: ">")])
                }
                return .text(index..<index)
            }
            if next == UInt8(ascii: "/"), index + 2 < bytes.count, isLetter(bytes[index + 2]) {
                index += 2
                let name = readName()
                index = HTMLAttributes.skip(bytes, from: index, past: [UInt8(ascii: ">")])
                return .end(name)
            }
            guard isLetter(next) else {
                index += 1
                return .lessThan
            }
            index += 1
            let name = readName()
            var attributes: [Attribute] = []
            while index < bytes.count {
                while index < bytes.count, isSpace(bytes[index]) || bytes[index] == UInt8(ascii: "/") { index += 1 }
                guard index < bytes.count else { break }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    return .start(name, attributes)
                }
                let nameStart = index
                index += 1  // a first `=` belongs to the name, as in a browser
                while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">"),
                    bytes[index] != UInt8(ascii: "=")
                {
                    index += 1
                }
                let attributeName = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
                var cursor = index
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else {
                    attributes.append(Attribute(name: attributeName, value: nil))
                    continue
                }
                cursor += 1
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                let range: Range<Int>
                (range, index) = HTMLAttributes.value(in: bytes, at: cursor)
                attributes.append(Attribute(name: attributeName, value: HTMLAttributes.decodeReferences(bytes[range])))
            }
            return .text(index..<index)  // a tag cut off by the end is no tag: dropped
        }

        private func endOfComment(from start: Int) -> Int {
            var cursor = start
            // `<!-->` and `<!--->` end at once.
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ">") { return cursor + 1 }
            if cursor + 1 < bytes.count, bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: ">") { return cursor + 2 }
            while cursor < bytes.count {
                if bytes[cursor...].starts(with: Array("-->".utf8)) { return cursor + 3 }
                if bytes[cursor...].starts(with: Array("--!>".utf8)) { return cursor + 4 }
                cursor += 1
            }
            return bytes.count
        }

        private mutating func readName() -> String {
            let start = index
            while index < bytes.count, !isSpace(bytes[index]), bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: ">") { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
        }

        private func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
        }

        private func isSpace(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
        }
    }
}
