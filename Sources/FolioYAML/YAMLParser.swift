import FolioText

internal import CYAML

/// Parses YAML text with libyaml's event parser into a `YAMLNode` tree.
///
/// This is the only file that touches libyaml. Marks are 1-based and shifted by `firstLine`, so YAML
/// embedded in a larger file (front matter) reports the file's real lines.
public struct YAMLParser: Sendable {
    /// How many nodes alias expansion may produce before the document is refused.
    public var aliasExpansionLimit: Int

    /// Nesting deeper than this is refused rather than risking the stack.
    package static let maxDepth = 256

    /// What a repeated mapping key does: Folio's own files refuse it; PyYAML (and so MkDocs)
    /// keeps the last value, and ``parseLeniently(_:firstLine:)`` does as PyYAML does.
    public var keepsLastDuplicate = false
    /// Called for every node with an explicit tag that is not one of YAML's own (`!ENV`,
    /// `!!python/name:…`): returns the node to use instead. Scalars keep their tag either way;
    /// this is how a tagged sequence or mapping (`!ENV [VAR, default]`) is seen at all.
    public var resolveTag: (@Sendable (String, YAMLNode) -> YAMLNode)?

    /// Makes a parser; the default limit is far above any real front matter or config.
    public init(aliasExpansionLimit: Int = 100_000) {
        self.aliasExpansionLimit = aliasExpansionLimit
    }

    /// Parses a single document; `nil` for an empty stream.
    public func parse(_ text: String, firstLine: Int = 1) throws(YAMLError) -> YAMLNode? {
        try parseLeniently(text, firstLine: firstLine).node
    }

    /// A key given twice in one mapping, when ``keepsLastDuplicate`` is on.
    public struct Duplicate: Sendable, Equatable {
        public var key: String
        /// Where it was first given (the value dropped) and where again (the value kept).
        public var first: TextPosition
        public var again: TextPosition
    }

    /// Parses a single document and says which keys were repeated (with ``keepsLastDuplicate``).
    public func parseLeniently(_ text: String, firstLine: Int = 1) throws(YAMLError) -> (node: YAMLNode?, duplicates: [Duplicate]) {
        let session = EventReader(text: text, lineOffset: firstLine - 1)
        var builder = TreeBuilder(limit: aliasExpansionLimit)
        builder.keepsLastDuplicate = keepsLastDuplicate
        builder.resolveTag = resolveTag
        let node = try builder.build(from: session)
        return (node, builder.duplicates)
    }
}

/// Owns one `yaml_parser_t` and its input buffer; frees both in `deinit`.
private final class EventReader {
    private var parser = yaml_parser_t()
    private let bytes: [UInt8]
    private let buffer: UnsafeMutablePointer<UInt8>
    let lineOffset: Int

    init(text: String, lineOffset: Int) {
        bytes = Array(text.utf8)
        buffer = .allocate(capacity: max(bytes.count, 1))
        buffer.initialize(from: bytes, count: bytes.count)
        self.lineOffset = lineOffset
        yaml_parser_initialize(&parser)
        yaml_parser_set_input_string(&parser, buffer, bytes.count)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(&parser)
        buffer.deallocate()
    }

    /// The next event, copied into Swift values.
    func next() throws(YAMLError) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError() }
        defer { yaml_event_delete(&event) }
        let mark = self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_STREAM_END_EVENT: return .streamEnd
        case YAML_DOCUMENT_START_EVENT: return .documentStart(mark)
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(string(event.data.alias.anchor) ?? "", mark)
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
            let scalar = YAMLScalar(string: text, isPlain: data.style == YAML_PLAIN_SCALAR_STYLE, tag: string(data.tag), mark: mark)
            return .scalar(scalar, anchor: string(data.anchor))
        case YAML_SEQUENCE_START_EVENT:
            return .sequenceStart(anchor: string(event.data.sequence_start.anchor), tag: string(event.data.sequence_start.tag), mark)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT:
            return .mappingStart(anchor: string(event.data.mapping_start.anchor), tag: string(event.data.mapping_start.tag), mark)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// A libyaml mark as a 1-based Folio mark; libyaml already counts columns in characters
    /// (Unicode scalars), as Folio does.
    private func mark(_ mark: yaml_mark_t) -> TextPosition {
        TextPosition(line: Int(mark.line) + 1 + lineOffset, column: Int(mark.column) + 1)
    }

    private func syntaxError() -> YAMLError {
        var problem = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        if let context = parser.context.map({ String(cString: $0) }) {
            problem = "\(context): \(problem)"
        }
        let position = parser.problem_mark
        return .syntax(problem, mark(position))
    }
}

/// libyaml events, as Swift values.
private enum Event {
    case streamStart, streamEnd, documentEnd, sequenceEnd, mappingEnd
    case documentStart(TextPosition)
    case alias(String, TextPosition)
    case scalar(YAMLScalar, anchor: String?)
    case sequenceStart(anchor: String?, tag: String?, TextPosition)
    case mappingStart(anchor: String?, tag: String?, TextPosition)
}

/// Turns events into nodes: resolves aliases within a budget and refuses duplicate keys.
private struct TreeBuilder {
    let limit: Int
    var anchors: [String: (node: YAMLNode, size: Int)] = [:]
    var total = 0
    var depth = 0
    var keepsLastDuplicate = false
    var resolveTag: (@Sendable (String, YAMLNode) -> YAMLNode)?
    var duplicates: [YAMLParser.Duplicate] = []
    /// Nesting deeper than this is refused rather than risking the stack.
    static let maxDepth = YAMLParser.maxDepth

    init(limit: Int) { self.limit = limit }

    mutating func build(from reader: EventReader) throws(YAMLError) -> YAMLNode? {
        var root: YAMLNode?
        var documents = 0
        while true {
            switch try reader.next() {
            case .streamEnd: return root
            case .documentStart(let mark):
                documents += 1
                if documents > 1 { throw .multipleDocuments(mark) }
                let (node, _) = try node(after: reader.next(), reader)
                root = node
            default: continue
            }
        }
    }

    /// Builds the node that starts with `event`; returns it and its expanded size.
    private mutating func node(after event: Event, _ reader: EventReader) throws(YAMLError) -> (YAMLNode, Int) {
        switch event {
        case .scalar(let scalar, let anchor):
            return try remember(resolved(.scalar(scalar), tag: scalar.tag), size: 1, anchor: anchor)
        case .alias(let name, let mark):
            guard let anchored = anchors[name] else { throw .unknownAnchor(name, mark) }
            try count(anchored.size, at: mark)
            return (anchored.node, anchored.size)
        case .sequenceStart(let anchor, let tag, let mark):
            try enter(at: mark)
            defer { depth -= 1 }
            var items: [YAMLNode] = []
            var size = 1
            while true {
                let next = try reader.next()
                if case .sequenceEnd = next { break }
                let (item, itemSize) = try node(after: next, reader)
                items.append(item)
                size += itemSize
            }
            return try remember(resolved(.sequence(items, mark), tag: tag), size: size, anchor: anchor)
        case .mappingStart(let anchor, let tag, let mark):
            try enter(at: mark)
            defer { depth -= 1 }
            var pairs: [YAMLPair] = []
            var seen: Set<String> = []
            var size = 1
            while true {
                let next = try reader.next()
                if case .mappingEnd = next { break }
                let (key, keySize) = try node(after: next, reader)
                let (value, valueSize) = try node(after: try reader.next(), reader)
                if let name = key.scalar?.string, !seen.insert(name).inserted {
                    guard keepsLastDuplicate, let earlier = pairs.firstIndex(where: { $0.key.scalar?.string == name }) else {
                        throw .duplicateKey(name, key.mark)
                    }
                    duplicates.append(YAMLParser.Duplicate(key: name, first: pairs[earlier].key.mark, again: key.mark))
                    pairs.remove(at: earlier)
                }
                pairs.append(YAMLPair(key: key, value: value))
                size += keySize + valueSize
            }
            return try remember(resolved(.mapping(pairs, mark), tag: tag), size: size, anchor: anchor)
        default:
            throw .syntax("unexpected YAML event", TextPosition(line: 1, column: 1))
        }
    }

    /// YAML's own tags (`!!str`, `!!map`...), which never go to ``YAMLParser/resolveTag``.
    static let coreTags: Set<String> = Set(
        ["str", "int", "float", "bool", "null", "seq", "map", "omap", "set", "binary", "timestamp", "merge", "value"].map { "tag:yaml.org,2002:" + $0 })

    /// The node, or what ``YAMLParser/resolveTag`` makes of it when it has a tag of its own.
    private func resolved(_ node: YAMLNode, tag: String?) -> YAMLNode {
        guard let tag, let resolveTag, !Self.coreTags.contains(tag) else { return node }
        return resolveTag(tag, node)
    }

    private mutating func remember(_ node: YAMLNode, size: Int, anchor: String?) throws(YAMLError) -> (YAMLNode, Int) {
        try count(1, at: node.mark)
        if let anchor { anchors[anchor] = (node, size) }
        return (node, size)
    }

    private mutating func enter(at mark: TextPosition) throws(YAMLError) {
        depth += 1
        if depth > Self.maxDepth { throw .syntax("nesting deeper than \(Self.maxDepth) levels", mark) }
    }

    /// Adds to the expanded-node count; past the limit the document is refused.
    private mutating func count(_ nodes: Int, at mark: TextPosition) throws(YAMLError) {
        total += nodes
        if total > limit { throw .aliasBomb(limit: limit, mark) }
    }
}
