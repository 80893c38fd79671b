import Foundation

/// `{#id .class key=value}` (Python-Markdown's `attr_list`).
struct AttributeList: Equatable {
    var id: String?
    var classes: [String] = []
    var pairs: [(String, String)] = []

    static func == (lhs: AttributeList, rhs: AttributeList) -> Bool {
        lhs.id == rhs.id && lhs.classes == rhs.classes && lhs.pairs.map(\.0) == rhs.pairs.map(\.0) && lhs.pairs.map(\.1) == rhs.pairs.map(\.1)
    }

    /// Attribute names never taken from an attribute list: they could carry script or change
    /// where a link goes.
    static func isAllowed(_ name: String) -> Bool {
        let lower = name.lowercased()
        guard let first = lower.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        guard lower.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" || $0 == ":" })
        else { return false }
        return !lower.hasPrefix("on") && !["href", "src", "srcset", "style", "action", "formaction", "xlink:href", "id", "class"].contains(lower)
    }

    /// Parses the inside of `{...}` (an optional leading `:`); `nil` when it is not an attribute list.
    static func parse(_ text: Substring) -> AttributeList? {
        var rest = text.drop { $0 == " " }
        if rest.first == ":" { rest = rest.dropFirst() }
        var list = AttributeList()
        var sawAny = false
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { break }
            if first == "#" || first == "." {
                let word = rest.dropFirst().prefix { !$0.isWhitespace && $0 != "}" }
                guard !word.isEmpty else { return nil }
                if first == "#" { list.id = String(word) } else { list.classes.append(String(word)) }
                rest = rest.dropFirst(word.count + 1)
                sawAny = true
                continue
            }
            let key = rest.prefix { !$0.isWhitespace && $0 != "=" }
            guard !key.isEmpty else { return nil }
            rest = rest.dropFirst(key.count)
            guard rest.first == "=" else {
                // A bare word: Python-Markdown ignores it.
                sawAny = true
                continue
            }
            rest = rest.dropFirst()
            var value: Substring
            if let quote = rest.first, quote == "\"" || quote == "'" {
                guard let close = rest.dropFirst().firstIndex(of: quote) else { return nil }
                value = rest[rest.index(after: rest.startIndex)..<close]
                rest = rest[rest.index(after: close)...]
            } else {
                value = rest.prefix { !$0.isWhitespace }
                rest = rest.dropFirst(value.count)
            }
            if key == "id" {
                list.id = String(value)
            } else if key == "class" {
                list.classes += value.split(separator: " ").map(String.init)
            } else if isAllowed(String(key)) {
                list.pairs.append((String(key), String(value)))
            }
            sawAny = true
        }
        return sawAny ? list : nil
    }

    /// ` id="…" class="…" key="…"`, escaped.
    func html(includingID: Bool = true) -> String {
        var result = ""
        if includingID, let id { result += " id=\"\(escapeHTML(id))\"" }
        if !classes.isEmpty { result += " class=\"\(escapeHTML(classes.joined(separator: " ")))\"" }
        for (key, value) in pairs { result += " \(key.lowercased())=\"\(escapeHTML(value))\"" }
        return result
    }

    /// An attribute list that ends `text` (after a space, for headings): the list and where it starts.
    static func trailing(in text: String, needsSpace: Bool) -> (AttributeList, String.Index)? {
        var end = text.endIndex
        while end > text.startIndex, text[text.index(before: end)] == " " { end = text.index(before: end) }
        guard end > text.startIndex, text[text.index(before: end)] == "}", let open = text[..<end].lastIndex(of: "{") else { return nil }
        if needsSpace {
            guard open > text.startIndex, text[text.index(before: open)] == " " else { return nil }
        }
        let inside = text[text.index(after: open)..<text.index(before: end)]
        guard !inside.contains("\n"), let list = parse(inside) else { return nil }
        return (list, open)
    }
}
