import FolioMarkdown
import FolioText
import FolioYAML

/// A page's parse as bytes, for the parse cache on disk (``ParseStore``): everything
/// ``PageParser`` returns, the page and its diagnostics, so that a build after an edit reads the
/// other pages' parses instead of parsing them again.
///
/// The encoding is Folio's own (variable-length integers, strings as length and UTF-8) and may
/// change with any binary: the store is keyed by the binary, so it carries no version. Decoding
/// trusts nothing: a count past the end, an unknown tag, nesting deeper than YAML allows or bytes
/// left over read as `nil`, and the page is parsed again (`ParseRecordTests`, and the
/// `parserecord` fuzz target).
package enum ParseRecord {
    /// What a page's parse is: the page (none when it could not be read) and its diagnostics.
    package typealias Value = (ParsedPage?, Diagnostics)

    /// The bytes of one parse.
    package static func encode(_ page: ParsedPage?, _ diagnostics: Diagnostics) -> [UInt8] {
        var writer = RecordWriter()
        if let page {
            writer.byte(1)
            writer.page(page)
        } else {
            writer.byte(0)
        }
        writer.count(diagnostics.all.count)
        for diagnostic in diagnostics.all { writer.diagnostic(diagnostic) }
        return writer.bytes
    }

    /// The parse `encode` wrote, or `nil` when the bytes are not one.
    package static func decode(_ bytes: UnsafeRawBufferPointer) -> (ParsedPage?, Diagnostics)? {
        var reader = RecordReader(bytes: bytes)
        do {
            let page: ParsedPage? = try reader.flag() ? reader.page() : nil
            var diagnostics = Diagnostics()
            for _ in 0..<(try reader.count()) { diagnostics.add(try reader.diagnostic()) }
            guard reader.isAtEnd else { return nil }
            return (page, diagnostics)
        } catch {
            return nil
        }
    }
}

/// Appends values as bytes: integers as zigzag LEB128, strings as their UTF-8 length and bytes.
package struct RecordWriter {
    package private(set) var bytes: [UInt8] = []

    package init() {}

    package mutating func append(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    /// Eight bytes, least significant first.
    package mutating func fixed(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }

    package mutating func byte(_ value: UInt8) { bytes.append(value) }

    package mutating func int(_ value: Int) {
        var rest = UInt64(bitPattern: Int64((value << 1) ^ (value >> (Int.bitWidth - 1))))
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    package mutating func count(_ value: Int) { int(value) }

    package mutating func flag(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes, as their count and themselves.
    package mutating func data(_ value: [UInt8]) {
        int(value.count)
        bytes.append(contentsOf: value)
    }

    /// A case of an enumeration, as its place among all cases.
    package mutating func code<Value: CaseIterable & Equatable>(_ value: Value) {
        bytes.append(UInt8(Value.allCases.distance(from: Value.allCases.startIndex, to: Value.allCases.firstIndex(of: value)!)))
    }

    package mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    package mutating func string(_ value: String?) {
        flag(value != nil)
        if let value { string(value) }
    }

    package mutating func int(_ value: Int?) {
        flag(value != nil)
        if let value { int(value) }
    }

    package mutating func position(_ value: TextPosition) {
        int(value.line)
        int(value.column)
    }

    package mutating func page(_ page: ParsedPage) {
        string(page.source)
        string(page.contentPath)
        string(page.title)
        string(page.description)
        int(page.weight)
        flag(page.frontMatter != nil)
        if let node = page.frontMatter { yaml(node) }
        document(page.document)
    }

    package mutating func yaml(_ node: YAMLNode) {
        switch node {
        case .scalar(let scalar):
            byte(0)
            string(scalar.string)
            flag(scalar.isPlain)
            string(scalar.tag)
            position(scalar.mark)
        case .sequence(let items, let mark):
            byte(1)
            count(items.count)
            for item in items { yaml(item) }
            position(mark)
        case .mapping(let pairs, let mark):
            byte(2)
            count(pairs.count)
            for pair in pairs {
                yaml(pair.key)
                yaml(pair.value)
            }
            position(mark)
        }
    }

    package mutating func document(_ document: MarkdownDocument) {
        count(document.headings.count)
        for heading in document.headings {
            int(heading.level)
            string(heading.text)
            string(heading.id)
            position(heading.position)
        }
        count(document.links.count)
        for link in document.links {
            string(link.destination)
            string(link.text)
            code(link.kind)
            flag(link.isAutolink)
            position(link.position)
            string(link.written)
            string(link.file)
        }
        count(document.codeBlocks.count)
        for block in document.codeBlocks {
            string(block.language)
            string(block.info)
            string(block.code)
            position(block.position)
            flag(block.isFenced)
            string(block.file)
        }
        count(document.codeSpans.count)
        for span in document.codeSpans {
            string(span.code)
            position(span.position)
            string(span.file)
        }
        count(document.anchors.count)
        for anchor in document.anchors { string(anchor) }
        string(document.html)
        count(document.ignoredLines.count)
        for comment in document.ignoredLines {
            int(comment.line)
            int(comment.suppressesLine)
        }
        flag(document.isSanitized)
        flag(document.refusal != nil)
        if let refusal = document.refusal {
            int(refusal.line)
            string(refusal.message)
        }
        count(document.findings.count)
        for finding in document.findings {
            string(finding.rule)
            string(finding.message)
            string(finding.file)
            position(finding.position)
            flag(finding.isError)
        }
        count(document.iconShortcodes.count)
        for shortcode in document.iconShortcodes { string(shortcode) }
    }

    package mutating func diagnostic(_ diagnostic: Diagnostic) {
        code(diagnostic.severity)
        string(diagnostic.rule)
        string(diagnostic.message)
        flag(diagnostic.location != nil)
        if let location = diagnostic.location {
            string(location.path)
            int(location.line)
            int(location.column)
        }
        string(diagnostic.suggestion)
        string(diagnostic.target)
    }
}

/// Reads what ``RecordWriter`` wrote, checking every count against the bytes left.
package struct RecordReader {
    package struct Malformed: Error {}

    let bytes: UnsafeRawBufferPointer
    package private(set) var offset = 0

    package init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    package var isAtEnd: Bool { offset == bytes.count }

    package mutating func byte() throws(Malformed) -> UInt8 {
        guard offset < bytes.count else { throw Malformed() }
        defer { offset += 1 }
        return bytes[offset]
    }

    package mutating func int() throws(Malformed) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = try byte()
            guard shift < 64 else { throw Malformed() }
            value |= UInt64(next & 0x7F) << shift
            if next < 0x80 { break }
            shift += 7
        }
        let unsigned = Int(truncatingIfNeeded: value)
        return Int(bitPattern: UInt(bitPattern: unsigned) >> 1) ^ -(unsigned & 1)
    }

    /// A count of things each at least one byte long: never more than the bytes left.
    package mutating func fixed() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(try byte()) << UInt64(shift) }
        return value
    }

    package mutating func count() throws(Malformed) -> Int {
        let value = try int()
        guard value >= 0, value <= bytes.count - offset else { throw Malformed() }
        return value
    }

    package mutating func code<Value: CaseIterable>() throws(Malformed) -> Value {
        let place = Int(try byte())
        guard place < Value.allCases.count else { throw Malformed() }
        return Value.allCases[Value.allCases.index(Value.allCases.startIndex, offsetBy: place)]
    }

    package mutating func flag() throws(Malformed) -> Bool {
        switch try byte() {
        case 0: false
        case 1: true
        default: throw Malformed()
        }
    }

    package mutating func string() throws(Malformed) -> String {
        let length = try count()
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
    }

    package mutating func data() throws(Malformed) -> [UInt8] {
        let length = try count()
        defer { offset += length }
        return Array(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]))
    }

    package mutating func optionalString() throws(Malformed) -> String? { try flag() ? try string() : nil }

    package mutating func optionalInt() throws(Malformed) -> Int? { try flag() ? try int() : nil }

    package mutating func position() throws(Malformed) -> TextPosition { TextPosition(line: try int(), column: try int()) }

    package mutating func page() throws(Malformed) -> ParsedPage {
        let source = try string()
        let contentPath = try string()
        let title = try optionalString()
        let description = try optionalString()
        let weight = try optionalInt()
        let frontMatter = try flag() ? try yaml(depth: 0) : nil
        let document = try document()
        return ParsedPage(
            source: source, contentPath: contentPath, title: title, description: description, weight: weight, frontMatter: frontMatter,
            document: document)
    }

    package mutating func yaml(depth: Int) throws(Malformed) -> YAMLNode {
        guard depth <= YAMLParser.maxDepth else { throw Malformed() }
        switch try byte() {
        case 0:
            let string = try string()
            let isPlain = try flag()
            let tag = try optionalString()
            return .scalar(YAMLScalar(string: string, isPlain: isPlain, tag: tag, mark: try position()))
        case 1:
            var items: [YAMLNode] = []
            for _ in 0..<(try count()) { items.append(try yaml(depth: depth + 1)) }
            return .sequence(items, try position())
        case 2:
            var pairs: [YAMLPair] = []
            for _ in 0..<(try count()) {
                let key = try yaml(depth: depth + 1)
                pairs.append(YAMLPair(key: key, value: try yaml(depth: depth + 1)))
            }
            return .mapping(pairs, try position())
        default:
            throw Malformed()
        }
    }

    package mutating func document() throws(Malformed) -> MarkdownDocument {
        var headings: [Heading] = []
        for _ in 0..<(try count()) {
            let level = try int()
            let text = try string()
            let id = try string()
            headings.append(Heading(level: level, text: text, id: id, position: try position()))
        }
        var links: [Link] = []
        for _ in 0..<(try count()) {
            let destination = try string()
            let text = try string()
            let kind: Link.Kind = try code()
            let isAutolink = try flag()
            let position = try position()
            var link = Link(destination: destination, text: text, kind: kind, isAutolink: isAutolink, position: position, written: try string())
            link.file = try optionalString()
            links.append(link)
        }
        var codeBlocks: [CodeBlock] = []
        for _ in 0..<(try count()) {
            let language = try string()
            let info = try string()
            let code = try string()
            let position = try position()
            var block = CodeBlock(language: language, info: info, code: code, position: position, isFenced: try flag())
            block.file = try optionalString()
            codeBlocks.append(block)
        }
        var codeSpans: [CodeSpan] = []
        for _ in 0..<(try count()) {
            let code = try string()
            var span = CodeSpan(code: code, position: try position())
            span.file = try optionalString()
            codeSpans.append(span)
        }
        var anchors: [String] = []
        for _ in 0..<(try count()) { anchors.append(try string()) }
        // Packed as a parse packs them: a build from the store holds as little as a clean one.
        var document = MarkdownDocument(headings: headings, links: Link.packed(links), codeBlocks: codeBlocks, anchors: anchors, html: try string())
        document.codeSpans = codeSpans
        for _ in 0..<(try count()) {
            let line = try int()
            document.ignoredLines.append(IgnoreComment(line: line, suppressesLine: try int()))
        }
        document.isSanitized = try flag()
        if try flag() {
            let line = try int()
            document.refusal = MarkdownDocument.Refusal(line: line, message: try string())
        }
        for _ in 0..<(try count()) {
            let rule = try string()
            let message = try string()
            let file = try optionalString()
            let position = try position()
            document.findings.append(ExtensionFinding(rule: rule, message: message, file: file, position: position, isError: try flag()))
        }
        for _ in 0..<(try count()) { document.iconShortcodes.append(try string()) }
        return document
    }

    package mutating func diagnostic() throws(Malformed) -> Diagnostic {
        let severity: Diagnostic.Severity = try code()
        let rule = try string()
        let message = try string()
        var location: SourceLocation?
        if try flag() {
            let path = try string()
            let line = try optionalInt()
            location = SourceLocation(path: path, line: line, column: try optionalInt())
        }
        let suggestion = try optionalString()
        return Diagnostic(severity, rule, message, at: location, suggestion: suggestion, target: try optionalString())
    }
}
