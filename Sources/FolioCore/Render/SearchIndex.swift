import FolioMarkdown
import Foundation

/// The site's search index: every page cut into sections at its headings, as plain text, written
/// to `assets/search-index.js` and read by the theme's search box (`assets/folio.js`) the first
/// time it is used. A script rather than JSON so that search also works from `file://`.
///
/// Shape: `{"pages":[{"t":title,"u":url}],"sections":[{"p":page,"t":heading,"a":id,"x":text}]}`.
/// Each page has a section for itself (its title, no id, its text before the first heading), then
/// one per heading of level 2 to 6; its first H1 is its title and opens nothing. Pages come in
/// reading order, so the same site gives the same bytes.
///
/// Built from each page's HTML byte by byte, in parallel, straight into escaped JSON: the
/// String-based first version doubled the time of a 10,000-page build.
enum SearchIndex {
    static let path = "assets/search-index.js"

    /// The script for `site`'s pages in reading order.
    static func script(for site: Site) -> [UInt8] {
        let order = site.navigation.everyPage(count: site.pages.count)
        let pieces = parallelMap(Array(order.enumerated())) { position, index in
            var writer = SectionWriter(page: position)
            writer.read(site.pages[index])
            return writer.json
        }
        var out = Array("window.folioSearchIndex={\"pages\":[".utf8)
        for (position, index) in order.enumerated() {
            let page = site.pages[index]
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += Array("{\"t\":".utf8)
            appendJSON(Array(page.title.utf8), to: &out)
            out += Array(",\"u\":".utf8)
            appendJSON(Array(Routes.encode(page.url).utf8), to: &out)
            out.append(UInt8(ascii: "}"))
        }
        out += Array("],\"sections\":[".utf8)
        for (position, piece) in pieces.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += piece
        }
        out += Array("]};\n".utf8)
        return out
    }

    /// A JSON string that may sit in a script element: `<` is escaped.
    static func appendJSON(_ bytes: [UInt8], to out: inout [UInt8]) {
        JSONValue.appendQuoted(bytes, to: &out, escapingLessThan: true)
    }
}

/// Reads one page's HTML into its sections' JSON: tags dropped (block tags leave a space),
/// whitespace collapsed, character references decoded, comments, scripts and styles dropped, and
/// a new section at each heading Folio gave an id.
struct SectionWriter {
    let page: Int
    private(set) var json: [UInt8] = []
    private var title: [UInt8] = []
    private var anchor: [UInt8] = []
    private var text: [UInt8] = []
    private var pendingSpace = false

    init(page: Int) {
        self.page = page
    }

    mutating func read(_ page: Page) {
        let headings = Dictionary(page.document.headings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let titleHeading = page.document.headings.first { $0.level == 1 }?.id
        title = Array(page.title.utf8)
        let bytes = Array(page.document.html.utf8)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                index = appendReference(bytes, at: index)
                continue
            }
            guard byte == UInt8(ascii: "<"), let tag = Tag(bytes, at: index) else {
                appendText(byte)
                index += 1
                continue
            }
            index = tag.end
            if tag.isComment { continue }
            if tag.isHeading && !tag.isClosing, let id = tag.attribute("id", in: bytes), let heading = headings[id] {
                index = HTMLAttributes.skip(bytes, from: index, past: tag.closingTag)
                if id == titleHeading { continue }
                finishSection()
                title = Array(heading.text.utf8)
                anchor = Array(id.utf8)
            } else if !tag.isClosing && (tag.name == Self.script || tag.name == Self.style) {
                index = HTMLAttributes.skip(bytes, from: index, past: tag.closingTag)
            } else if Self.blockTags.contains(tag.key) {
                pendingSpace = !text.isEmpty
            }
        }
        finishSection()
    }

    private static let script = Array("script".utf8), style = Array("style".utf8)

    /// Tags after which words do not run together, by `Tag.key`.
    private static let blockTags: Set<UInt64> = Set(
        [
            "p", "div", "li", "ul", "ol", "dd", "dt", "dl", "td", "th", "tr", "table", "thead", "tbody", "pre", "blockquote", "br", "hr",
            "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "details", "summary", "figure", "img",
        ].map { Tag.key(Array($0.utf8)) })

    private mutating func appendText(_ byte: UInt8) {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
            pendingSpace = !text.isEmpty
        case 0..<0x20:
            break  // Folio's own markers; never text
        default:
            if pendingSpace {
                text.append(0x20)
                pendingSpace = false
            }
            text.append(byte)
        }
    }

    /// Decodes the character reference at `index` (`&amp;`, `&#233;`), or keeps the `&`.
    private mutating func appendReference(_ bytes: [UInt8], at index: Int) -> Int {
        var end = index + 1
        while end < bytes.count, end - index < 12, bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "&") { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: ";") {
            let decoded = HTMLAttributes.decodeReferences(bytes[index...end])
            if !decoded.utf8.elementsEqual(bytes[index...end]) {
                for byte in decoded.utf8 { appendText(byte) }
                return end + 1
            }
        }
        appendText(UInt8(ascii: "&"))
        return index + 1
    }

    private mutating func finishSection() {
        if !json.isEmpty { json.append(UInt8(ascii: ",")) }
        json += Array("{\"p\":\(page),\"t\":".utf8)
        SearchIndex.appendJSON(title, to: &json)
        json += Array(",\"a\":".utf8)
        SearchIndex.appendJSON(anchor, to: &json)
        json += Array(",\"x\":".utf8)
        SearchIndex.appendJSON(text, to: &json)
        json.append(UInt8(ascii: "}"))
        text.removeAll(keepingCapacity: true)
        pendingSpace = false
    }
}

/// One tag of rendered HTML: its lowercased name, whether it closes, and where it ends.
/// (`HTMLAttributes` reads attributes of start tags only; the search index also needs closing
/// tags, to leave spaces between blocks.)
private struct Tag {
    var name: [UInt8]
    var isClosing: Bool
    var isComment: Bool
    var start: Int
    var end: Int

    /// `nil` when the `<` at `start` does not open a tag.
    init?(_ bytes: [UInt8], at start: Int) {
        self.start = start
        var cursor = start + 1
        isClosing = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "/")
        if isClosing { cursor += 1 }
        let nameStart = cursor
        while cursor < bytes.count, Self.isNameByte(bytes[cursor]) { cursor += 1 }
        name = bytes[nameStart..<cursor].map { $0 | ($0 >= 0x41 && $0 <= 0x5A ? 0x20 : 0) }
        isComment = false
        if name.isEmpty {
            // Comments, doctypes and processing instructions are dropped whole.
            guard !isClosing, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "!") || bytes[cursor] == UInt8(ascii: "?") else { return nil }
            let closing = Array((bytes[cursor...].starts(with: Array("!--".utf8)) ? "-->" : ">").utf8)
            end = HTMLAttributes.skip(bytes, from: cursor, past: closing)
            isComment = true
            return
        }
        var quote: UInt8?
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            cursor += 1
        }
        end = min(cursor + 1, bytes.count)
    }

    var isHeading: Bool {
        name.count == 2 && name[0] == UInt8(ascii: "h") && name[1] >= UInt8(ascii: "1") && name[1] <= UInt8(ascii: "6")
    }

    /// `</name>`, which ends the element this tag opens.
    var closingTag: [UInt8] { Array("</".utf8) + name + [UInt8(ascii: ">")] }

    /// Up to eight name bytes in one number, for a set lookup without building strings.
    var key: UInt64 { Self.key(name) }

    static func key(_ name: [UInt8]) -> UInt64 {
        guard name.count <= 8 else { return 0 }
        return name.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The decoded value of attribute `name`.
    func attribute(_ name: String, in bytes: [UInt8]) -> String? {
        HTMLAttributes.scan(Array(bytes[start..<end])).first { $0.name == name }.map(\.value)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}
