import Foundation

/// Admonitions, details, tabs and GitHub's alerts: marker paragraphs around a dedented body.
extension BlockExtensions {
    // MARK: Containers

    mutating func emit(_ line: Line) { output.append(line) }

    mutating func emitBlank(_ origin: LineOrigin) { output.append(Line(bytes: [], origin: origin)) }

    /// A marker paragraph for `fragment` (with a title: the title's Markdown after the marker),
    /// surrounded by blank lines.
    mutating func emitMarker(_ fragment: Fragment, indent: Int, origin: LineOrigin, title: [UInt8]? = nil, titleShift: Int = 0) {
        fragments.append(fragment)
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: indent)
        bytes += [0xEE, 0x80, 0x80] + Array(String(fragments.count - 1).utf8) + [0xEE, 0x80, 0x81]
        var markerOrigin = origin
        if let title {
            // The title's first character is at `titleShift` in the source line, and after the
            // indentation, the two marker characters and the number here.
            let prefixScalars = indent + 2 + String(fragments.count - 1).utf8.count
            bytes += title + [0xEE, 0x80, 0x82]
            markerOrigin.shift = origin.shift + titleShift - prefixScalars
        }
        if output.last.map({ !Self.isBlank($0.bytes) }) ?? false { emitBlank(origin) }
        output.append(Line(bytes: bytes, origin: markerOrigin))
        emitBlank(origin)
    }

    /// Rewrites `lines` (relative indentation 0) into `output`.
    mutating func process(_ lines: ArraySlice<Line>) {
        var index = lines.startIndex
        var fence: (UInt8, Int, Int)?
        /// The content indentation of the list items the current line may belong to.
        var listIndents: [Int] = []
        var htmlDepth: [(name: [UInt8], depth: Int)] = []
        while index < lines.endIndex {
            let line = lines[index]
            if let open = fence {
                emit(line)
                if Self.closesFence(line.bytes, open) { fence = nil }
                index += 1
                continue
            }
            if Self.isBlank(line.bytes) {
                emit(line)
                index += 1
                continue
            }
            let (indentBytes, indent) = Self.indentation(line.bytes)
            let content = Array(line.bytes[indentBytes...])
            while let last = listIndents.last, indent < last - 2 { listIndents.removeLast() }
            let atBlockIndent = indent == 0 || (indent % 4 == 0 && listIndents.contains(indent))
            if indent < 4 || atBlockIndent, let opened = Self.fenceOpening(line.bytes) {
                fence = opened
                emit(line)
                index += 1
                continue
            }
            if indent < 4, let contentIndent = Self.listItemContentIndent(content) {
                listIndents.append(indent + contentIndent)
            }
            guard atBlockIndent else {
                emit(line)
                index += 1
                continue
            }
            if depth < Self.maximumDepth, let header = Self.container(content, extensions) {
                index = container(header, lines, at: index, indent: indent)
                continue
            }
            if depth < Self.maximumDepth, extensions.has(.defList), Self.definitionStart(content) != nil,
                let end = definitionList(lines, at: index, indent: indent)
            {
                index = end
                continue
            }
            if extensions.has(.mdInHTML), indent == 0, let (name, cleaned) = Self.markdownHTMLOpening(content) {
                // `<div markdown>`: the tag alone on its line, then its content as Markdown.
                emitBlank(line.origin)
                emit(Line(bytes: cleaned, origin: line.origin))
                emitBlank(line.origin)
                htmlDepth.append((name, 1))
                index += 1
                continue
            }
            if let open = htmlDepth.last, indent == 0 {
                let opening = Array("<".utf8) + open.name
                let closing = Array("</".utf8) + open.name + Array(">".utf8)
                if Self.trimmed(content).elementsEqual(closing) {
                    if open.depth == 1 {
                        htmlDepth.removeLast()
                        emitBlank(line.origin)
                        emit(line)
                        emitBlank(line.origin)
                    } else {
                        htmlDepth[htmlDepth.count - 1].depth -= 1
                        emit(line)
                    }
                    index += 1
                    continue
                }
                if content.starts(with: opening), content.count > opening.count, [UInt8(ascii: " "), UInt8(ascii: ">")].contains(content[opening.count]) {
                    htmlDepth[htmlDepth.count - 1].depth += 1
                }
            }
            emit(line)
            index += 1
        }
    }

    /// What starts a container.
    struct Header {
        enum Kind { case admonition, details(open: Bool), tab(selected: Bool, newSet: Bool), alert }
        var kind: Kind
        var classes: [String]
        /// The title as written (`nil`: the default one; empty: none).
        var title: [UInt8]?
        /// Where the title starts in the line's content.
        var titleOffset: Int
    }

    static let alertTypes = ["NOTE": "note", "TIP": "tip", "IMPORTANT": "important", "WARNING": "warning", "CAUTION": "caution"]

    static func container(_ content: [UInt8], _ extensions: MarkdownExtensions) -> Header? {
        guard content.count >= 3 else { return nil }
        let first = content[0]
        if first == UInt8(ascii: ">") {
            // `> [!NOTE]`: GitHub's alert, always on.
            var offset = 1
            while offset < content.count, content[offset] == UInt8(ascii: " ") { offset += 1 }
            let rest = trimmed(Array(content[offset...]))
            guard rest.count > 4, rest.first == UInt8(ascii: "["), rest[1] == UInt8(ascii: "!"), rest.last == UInt8(ascii: "]") else { return nil }
            let name = String(decoding: rest[2..<(rest.count - 1)], as: UTF8.self).uppercased()
            guard let type = alertTypes[name] else { return nil }
            return Header(kind: .alert, classes: [type], title: nil, titleOffset: 0)
        }
        guard content[1] == first, content[2] == first else { return nil }
        var offset = 3
        let kind: Header.Kind
        switch first {
        case UInt8(ascii: "!") where extensions.has(.admonition):
            kind = .admonition
        case UInt8(ascii: "?") where extensions.has(.details):
            let open = offset < content.count && content[offset] == UInt8(ascii: "+")
            if open { offset += 1 }
            kind = .details(open: open)
        case UInt8(ascii: "=") where extensions.has(.tabbed):
            var selected = false, newSet = false
            while offset < content.count, content[offset] == UInt8(ascii: "+") || content[offset] == UInt8(ascii: "!") {
                if content[offset] == UInt8(ascii: "+") { selected = true } else { newSet = true }
                offset += 1
            }
            kind = .tab(selected: selected, newSet: newSet)
        default:
            return nil
        }
        // ` type more-classes "Title"`, every part optional except a tab's quoted title.
        var classes: [String] = []
        var title: [UInt8]?
        var titleOffset = 0
        while offset < content.count {
            while offset < content.count, content[offset] == UInt8(ascii: " ") { offset += 1 }
            guard offset < content.count else { break }
            if content[offset] == UInt8(ascii: "\"") {
                guard let close = content[(offset + 1)...].lastIndex(of: UInt8(ascii: "\"")) else { return nil }
                guard trimmed(Array(content[(close + 1)...])).isEmpty else { return nil }
                title = Array(content[(offset + 1)..<close])
                titleOffset = offset + 1
                offset = content.count
                break
            }
            var end = offset
            while end < content.count, isWordByte(content[end]) { end += 1 }
            guard end > offset, end == content.count || content[end] == UInt8(ascii: " ") else { return nil }
            classes.append(String(decoding: content[offset..<end], as: UTF8.self).lowercased())
            offset = end
        }
        if case .tab = kind, title == nil { return nil }
        if case .admonition = kind, classes.isEmpty { return nil }
        return Header(kind: kind, classes: classes, title: title, titleOffset: titleOffset)
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default: return byte >= 0x80
        }
    }

    /// The body of a container that starts at `start`: the lines after it indented by 4 more
    /// (blank lines inside it kept, blank lines after it not). Returns the end of the body.
    static func bodyEnd(_ lines: ArraySlice<Line>, after start: Int, indent: Int) -> Int {
        var end = start + 1
        var last = start + 1
        while end < lines.endIndex {
            let bytes = lines[end].bytes
            if isBlank(bytes) {
                end += 1
                continue
            }
            guard indentation(bytes).columns >= indent + 4 else { break }
            end += 1
            last = end
        }
        return last
    }

    /// Lines with `columns` of indentation taken off (a tab counts to the next multiple of 4).
    static func dedented(_ lines: ArraySlice<Line>, by columns: Int) -> [Line] {
        lines.map { line in
            var taken = 0, column = 0
            var bytes = line.bytes
            while taken < bytes.count, column < columns {
                if bytes[taken] == UInt8(ascii: " ") {
                    column += 1
                } else if bytes[taken] == UInt8(ascii: "\t") {
                    let width = 4 - column % 4
                    if column + width > columns {
                        // A tab wider than what is left: the rest of it stays as spaces.
                        bytes.replaceSubrange(taken...taken, with: [UInt8](repeating: UInt8(ascii: " "), count: column + width - columns))
                        break
                    }
                    column += width
                } else {
                    break
                }
                taken += 1
            }
            var origin = line.origin
            origin.shift += taken
            return Line(bytes: Array(bytes[taken...]), origin: origin)
        }
    }

    /// Writes lines processed at indentation 0 back at `indent`.
    mutating func processIndented(_ body: [Line], indent: Int) {
        depth += 1
        defer { depth -= 1 }
        guard indent > 0 else {
            process(body[...])
            return
        }
        let start = output.count
        process(body[...])
        let prefix = [UInt8](repeating: UInt8(ascii: " "), count: indent)
        for index in start..<output.count where !output[index].bytes.isEmpty {
            output[index].bytes = prefix + output[index].bytes
            output[index].origin.shift -= indent
        }
    }

    mutating func container(_ header: Header, _ lines: ArraySlice<Line>, at start: Int, indent: Int) -> Int {
        switch header.kind {
        case .alert: return alert(header, lines, at: start, indent: indent)
        case .admonition, .details: return admonition(header, lines, at: start, indent: indent)
        case .tab: return tabSet(header, lines, at: start, indent: indent)
        }
    }

    /// `> [!NOTE]` and the quote's lines after it, without their `>`.
    private mutating func alert(_ header: Header, _ lines: ArraySlice<Line>, at start: Int, indent: Int) -> Int {
        let line = lines[start]
        // The body: the following lines that start with `>`, without it.
        var end = start + 1
        var body: [Line] = []
        while end < lines.endIndex {
            let bytes = lines[end].bytes
            let (skip, _) = Self.indentation(bytes)
            guard skip < bytes.count, bytes[skip] == UInt8(ascii: ">") else { break }
            var cut = skip + 1
            if cut < bytes.count, bytes[cut] == UInt8(ascii: " ") { cut += 1 }
            var origin = lines[end].origin
            origin.shift += cut
            body.append(Line(bytes: Array(bytes[cut...]), origin: origin))
            end += 1
        }
        let type = header.classes[0]
        emitMarker(.raw("<div class=\"admonition \(type)\">\n"), indent: indent, origin: line.origin)
        emitMarker(
            .title(open: "<p class=\"admonition-title\">", close: "</p>\n"), indent: indent, origin: line.origin,
            title: Array(Self.capitalized(type).utf8))
        processIndented(body, indent: indent)
        emitMarker(.raw("</div>\n"), indent: indent, origin: line.origin)
        return end
    }

    /// `!!! type "Title"` or `??? type "Title"` and the lines indented under it.
    private mutating func admonition(_ header: Header, _ lines: ArraySlice<Line>, at start: Int, indent: Int) -> Int {
        let line = lines[start]
        let titleShift = Self.indentation(line.bytes).bytes + header.titleOffset
        let end = Self.bodyEnd(lines, after: start, indent: indent)
        let isDetails: Bool
        if case .details = header.kind { isDetails = true } else { isDetails = false }
        let classes = header.classes.map(escapeHTML).joined(separator: " ")
        let title = header.title ?? Array(Self.capitalized(header.classes.first ?? (isDetails ? "details" : "note")).utf8)
        if case .details(let open) = header.kind {
            emitMarker(
                .raw("<details\(classes.isEmpty ? "" : " class=\"\(classes)\"")\(open ? " open=\"open\"" : "")>"), indent: indent,
                origin: line.origin)
            emitMarker(.title(open: "<summary>", close: "</summary>\n"), indent: indent, origin: line.origin, title: title, titleShift: titleShift)
        } else {
            emitMarker(.raw("<div class=\"admonition \(classes)\">\n"), indent: indent, origin: line.origin)
            if !title.isEmpty {
                emitMarker(
                    .title(open: "<p class=\"admonition-title\">", close: "</p>\n"), indent: indent, origin: line.origin, title: title,
                    titleShift: header.title == nil ? 0 : titleShift)
            }
        }
        processIndented(Self.dedented(lines[(start + 1)..<end], by: indent + 4), indent: indent)
        emitMarker(.raw(isDetails ? "</details>\n" : "</div>\n"), indent: indent, origin: line.origin)
        return end
    }

    /// `=== "Label"` and the tabs that follow it: one set.
    private mutating func tabSet(_ header: Header, _ lines: ArraySlice<Line>, at start: Int, indent: Int) -> Int {
        let line = lines[start]
        // A set: this tab and the ones that follow it, blank lines between them allowed.
        var tabs: [(header: Header, line: Int, end: Int)] = []
        var cursor = start
        var current = header
        while true {
            let end = Self.bodyEnd(lines, after: cursor, indent: indent)
            tabs.append((current, cursor, end))
            var next = end
            while next < lines.endIndex, Self.isBlank(lines[next].bytes) { next += 1 }
            guard next < lines.endIndex else { break }
            let (skip, columns) = Self.indentation(lines[next].bytes)
            guard columns == indent, let following = Self.container(Array(lines[next].bytes[skip...]), extensions),
                case .tab(_, let newSet) = following.kind, !newSet
            else { break }
            cursor = next
            current = following
        }
        tabSets += 1
        let set = tabSets
        var selected = tabs.firstIndex { if case .tab(true, _) = $0.header.kind { return true } else { return false } } ?? 0
        if selected >= tabs.count { selected = 0 }
        // Tab ids: `__tabbed_1_2`, or the label's slug (after the heading's id and `--`,
        // which ``finish(_:fragments:)`` fills in at U+E004).
        if extensions.tabbedSlugify { hasSlugTabs = true }
        let ids: [String] = tabs.indices.map { number in
            guard extensions.tabbedSlugify else { return "__tabbed_\(set)_\(number + 1)" }
            let label = InlineRewriter.removingShortcodes(String(decoding: tabs[number].header.title ?? [], as: UTF8.self))
            // U+E005 marks an id to make unique when rendered.
            return "\u{E005}" + (extensions.tabbedCombineHeaderSlug ? "\u{E004}" : "") + escapeHTML(Self.tabSlug(label))
        }
        var opening = "<div class=\"tabbed-set tabbed-alternate\" data-tabs=\"\(set):\(tabs.count)\">"
        for number in tabs.indices {
            opening += "<input\(number == selected ? " checked=\"checked\"" : "") id=\"\(ids[number])\" name=\"__tabbed_\(set)\" type=\"radio\" />"
        }
        opening += "<div class=\"tabbed-labels\">"
        emitMarker(.raw(opening), indent: indent, origin: line.origin)
        for (number, tab) in tabs.enumerated() {
            let tabLine = lines[tab.line]
            emitMarker(
                .title(open: "<label for=\"\(ids[number])\">", close: "</label>"), indent: indent, origin: tabLine.origin,
                title: tab.header.title ?? [], titleShift: Self.indentation(tabLine.bytes).bytes + tab.header.titleOffset)
        }
        emitMarker(.raw("</div>\n<div class=\"tabbed-content\">\n"), indent: indent, origin: line.origin)
        for tab in tabs {
            emitMarker(.raw("<div class=\"tabbed-block\">\n"), indent: indent, origin: lines[tab.line].origin)
            processIndented(Self.dedented(lines[(tab.line + 1)..<tab.end], by: indent + 4), indent: indent)
            emitMarker(.raw("</div>\n"), indent: indent, origin: lines[tab.line].origin)
        }
        emitMarker(.raw("</div>\n</div>\n"), indent: indent, origin: line.origin)
        return tabs.last!.end
    }

    /// pymdownx.slugs.slugify(case="lower"): trimmed, lowercased, then only word characters,
    /// `-` and spaces kept, and each space becomes `-` (`... or even me` -> `-or-even-me`).
    static func tabSlug(_ label: String) -> String {
        let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let kept = trimmed.unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_" || $0 == "-" || $0 == " " }
        return String(String.UnicodeScalarView(kept)).replacingOccurrences(of: " ", with: "-")
    }
}
