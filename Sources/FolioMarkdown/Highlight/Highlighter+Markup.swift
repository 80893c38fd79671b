/// XML and HTML: tags, attributes, values, comments, declarations and entities.
extension Lexer {
    // MARK: XML and HTML

    /// Markup: tags, attributes, values, comments, declarations and entities. In HTML the
    /// contents of `<script>` and `<style>` stay plain.
    mutating func lexMarkup(html: Bool) {
        i = 0
        while i < b.count {
            let byte = b[i]
            if byte == UInt8(ascii: "&") {
                var k = i + 1
                while k < b.count && k - i < 32 && (isWordByte(b[k]) || b[k] == UInt8(ascii: "#")) { k += 1 }
                if k < b.count, b[k] == UInt8(ascii: ";"), k > i + 1 { emit("ni", i, k + 1) }
                i = k
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                i += 1
                continue
            }
            if matches("<!--", at: i) {
                let close = find("-->", from: i + 4).map { $0 + 3 } ?? b.count
                emit("cm", i, close)
                i = close
                continue
            }
            if matches("<?", at: i) || (matches("<!", at: i) && !matches("<![CDATA[", at: i)) {
                guard let close = find(">", from: i) else { return }
                emit("cp", i, close + 1)
                i = close + 1
                continue
            }
            let closing = at(i + 1) == UInt8(ascii: "/")
            let nameStart = closing ? i + 2 : i + 1
            var nameEnd = nameStart
            while nameEnd < b.count, isWordByte(b[nameEnd]) || ":-.".utf8.contains(b[nameEnd]) { nameEnd += 1 }
            guard nameEnd > nameStart, isWordByte(b[nameStart]) else {
                i += 1
                continue
            }
            let name = text(nameStart, nameEnd).lowercased()
            if html {
                emit("p", i, i + 1)
                if closing { emit("p", i + 1, i + 2) }
                emit("nt", nameStart, nameEnd)
            } else if closing {
                let close = find(">", from: nameEnd) ?? b.count - 1
                emit("nt", i, close + 1)
                i = close + 1
                continue
            } else {
                emit("nt", i, nameEnd)
            }
            i = nameEnd
            markupAttributes(html: html)
            if html, !closing, name == "script" || name == "style", !unclosedElements.contains(name) {
                if let close = find("</\(name)", from: i) { i = close } else { unclosedElements.insert(name) }
            }
        }
    }

    /// The attributes of a tag, up to and including its `>`.
    mutating func markupAttributes(html: Bool) {
        while i < b.count {
            let byte = b[i]
            if isSpace(byte) {
                i += 1
            } else if byte == UInt8(ascii: ">") || (byte == UInt8(ascii: "/") && at(i + 1) == UInt8(ascii: ">")) {
                let end = byte == UInt8(ascii: ">") ? i + 1 : i + 2
                if html {
                    for k in i..<end { emit("p", k, k + 1) }
                } else {
                    emit("nt", i, end)
                }
                i = end
                return
            } else if isWordByte(byte) {
                var nameEnd = i
                while nameEnd < b.count, isWordByte(b[nameEnd]) || ":-.".utf8.contains(b[nameEnd]) { nameEnd += 1 }
                let equals = nameEnd
                guard at(equals) == UInt8(ascii: "=") else {
                    emit("na", i, nameEnd)
                    i = nameEnd
                    continue
                }
                if html {
                    emit("na", i, nameEnd)
                    emit("o", equals, equals + 1)
                } else {
                    emit("na", i, equals + 1)
                }
                i = equals + 1
                if let quote = current, quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                    let close = b[(i + 1)...].firstIndex(of: quote) ?? b.count - 1
                    emit("s", i, close + 1)
                    i = close + 1
                } else {
                    var k = i
                    while k < b.count && !isSpace(b[k]) && b[k] != UInt8(ascii: ">") { k += 1 }
                    emit("s", i, k)
                    i = k
                }
            } else {
                return
            }
        }
    }

    /// The first offset of `needle` at or after `offset`.
    func find(_ needle: String, from offset: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first else { return offset }
        var k = offset
        while k + pattern.count <= b.count {
            if b[k] == first && Array(b[k..<(k + pattern.count)]) == pattern { return k }
            k += 1
        }
        return nil
    }
}
