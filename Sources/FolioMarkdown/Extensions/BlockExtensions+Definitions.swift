import Foundation

/// Definition lists and HTML blocks with Markdown inside.
extension BlockExtensions {
    // MARK: Definition lists

    /// `:   definition` after a paragraph of terms: returns the length of the prefix (`:` and
    /// its spaces) when `content` starts a definition.
    static func definitionStart(_ content: [UInt8]) -> Int? {
        guard content.first == UInt8(ascii: ":"), content.count > 2 else { return nil }
        var offset = 1
        while offset < content.count, offset <= 4, content[offset] == UInt8(ascii: " ") { offset += 1 }
        guard offset > 1, offset <= 4, offset < content.count else { return nil }
        return offset
    }

    /// A definition list ending at the last definition that follows: the terms are the lines
    /// already written since the last blank line. `nil` when there are none.
    mutating func definitionList(_ lines: ArraySlice<Line>, at start: Int, indent: Int, terms given: [Line]? = nil) -> Int? {
        var termStart = output.count
        while termStart > 0, !Self.isBlank(output[termStart - 1].bytes) { termStart -= 1 }
        let terms = given ?? Array(output[termStart...])
        var continuing = false
        if terms.isEmpty {
            // A definition after a blank line continues the list just written, if any; else
            // the paragraph (or HTML) before the blank line holds its terms, as Python-Markdown
            // reads a loose list.
            var last = output.count - 1
            while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
            guard last >= 0 else { return nil }
            if case .raw("</dd>\n</dl>\n")? = markerFragment(output[last].bytes) {
                output.removeSubrange(last...)
                continuing = true
            } else {
                var first = last
                while first > 0, !Self.isBlank(output[first - 1].bytes) { first -= 1 }
                let previous = Array(output[first...last])
                guard previous.allSatisfy({ Self.isTerm($0.bytes, indent: indent) || Self.isCommentLine($0.bytes, indent: indent) }) else {
                    return nil
                }
                output.removeSubrange(first...)
                return definitionList(lines, at: start, indent: indent, terms: previous)
            }
        } else if given == nil {
            guard terms.allSatisfy({ Self.isTerm($0.bytes, indent: indent) }) else { return nil }
            output.removeSubrange(termStart...)
        }
        let origin = lines[start].origin
        if continuing {
            emitMarker(.raw("</dd>\n"), indent: indent, origin: origin)
        } else {
            if case .raw("</dd>\n</dl>\n")? = lastMarker() {
                // Terms right after a list: the same list.
                var last = output.count - 1
                while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
                output.removeSubrange(last...)
                fragments[fragments.count - 1] = .raw("")
                emitMarker(.raw("</dd>\n"), indent: indent, origin: origin)
            } else {
                emitMarker(.raw("<dl>\n"), indent: indent, origin: origin)
            }
            for term in terms {
                let (skip, _) = Self.indentation(term.bytes)
                emitMarker(.title(open: "<dt>", close: "</dt>\n"), indent: indent, origin: term.origin, title: Array(term.bytes[skip...]), titleShift: skip)
            }
        }
        var cursor = start
        var first = true
        while cursor < lines.endIndex {
            let (skip, columns) = Self.indentation(lines[cursor].bytes)
            guard columns == indent, let prefix = Self.definitionStart(Array(lines[cursor].bytes[skip...])) else { break }
            if !first { emitMarker(.raw("</dd>\n"), indent: indent, origin: lines[cursor].origin) }
            first = false
            emitMarker(.raw("<dd>\n"), indent: indent, origin: lines[cursor].origin)
            let end = Self.bodyEnd(lines, after: cursor, indent: indent)
            var firstLine = lines[cursor]
            firstLine.bytes = [UInt8](repeating: UInt8(ascii: " "), count: indent + 4) + Array(firstLine.bytes[(skip + prefix)...])
            firstLine.origin.shift += skip + prefix - indent - 4
            var body = [firstLine]
            body += lines[(cursor + 1)..<end]
            processIndented(Self.dedented(body[...], by: indent + 4), indent: indent)
            cursor = end
            var next = cursor
            while next < lines.endIndex, Self.isBlank(lines[next].bytes) { next += 1 }
            guard next < lines.endIndex, Self.indentation(lines[next].bytes).columns == indent,
                Self.definitionStart(Array(lines[next].bytes[Self.indentation(lines[next].bytes).bytes...])) != nil
            else { break }
            cursor = next
        }
        emitMarker(.raw("</dd>\n</dl>\n"), indent: indent, origin: origin)
        return cursor
    }

    /// A line that can be a term: a paragraph line at the list's indentation, not a heading,
    /// quote, table row, HTML, list item or marker.
    static func isTerm(_ bytes: [UInt8], indent: Int) -> Bool {
        let (skip, columns) = indentation(bytes)
        guard columns == indent, skip < bytes.count, !bytes.contains(0xEE) else { return false }
        let content = Array(bytes[skip...])
        if "#>|<".utf8.contains(content[0]) || listItemContentIndent(content) != nil || fenceOpening(content) != nil { return false }
        return true
    }

    /// `<!-- … -->` alone on a line: Python-Markdown keeps it in a paragraph, which can be a term.
    static func isCommentLine(_ bytes: [UInt8], indent: Int) -> Bool {
        let (skip, columns) = indentation(bytes)
        let content = trimmed(Array(bytes[skip...]))
        return columns == indent && content.starts(with: Array("<!--".utf8)) && content.reversed().starts(with: Array("-->".utf8).reversed())
    }

    func markerFragment(_ bytes: [UInt8]) -> Fragment? {
        let trimmed = Array(Self.trimmed(bytes))
        guard trimmed.starts(with: [0xEE, 0x80, 0x80]), let end = Self.find([0xEE, 0x80, 0x81], in: trimmed),
            let number = Int(String(decoding: trimmed[3..<end], as: UTF8.self)), fragments.indices.contains(number)
        else { return nil }
        return fragments[number]
    }

    func lastMarker() -> Fragment? {
        var last = output.count - 1
        while last >= 0, Self.isBlank(output[last].bytes) { last -= 1 }
        return last >= 0 ? markerFragment(output[last].bytes) : nil
    }

    // MARK: HTML with markdown

    /// `<div class="x" markdown>` (or `markdown="1"`, `"block"`) alone on a line: the tag's name
    /// and the line without the attribute.
    static func markdownHTMLOpening(_ content: [UInt8]) -> ([UInt8], [UInt8])? {
        let line = trimmed(content)
        guard line.first == UInt8(ascii: "<"), line.last == UInt8(ascii: ">"), line.count > 3 else { return nil }
        var end = 1
        while end < line.count, isWordByte(line[end]), line[end] < 0x80 { end += 1 }
        let name = Array(line[1..<end])
        guard !name.isEmpty, name.first.map({ $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }) == true else { return nil }
        // Drop ` markdown` / ` markdown="…"` from the tag.
        for variant in [" markdown=\"1\"", " markdown=\"block\"", " markdown=\"span\"", " markdown='1'", " markdown"] {
            let pattern = Array(variant.utf8)
            if let found = find(pattern, in: Array(line)) {
                let after = found + pattern.count
                let next = line[line.startIndex + after]
                if next != UInt8(ascii: ">") && next != UInt8(ascii: " ") && next != UInt8(ascii: "/") { continue }
                var cleaned = Array(line)
                cleaned.removeSubrange(found..<after)
                return (name, cleaned)
            }
        }
        return nil
    }
}
