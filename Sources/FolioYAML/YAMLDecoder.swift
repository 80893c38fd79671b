import FolioText

/// Decodes `Decodable` models from a `YAMLNode`; every error names the key path and the mark.
///
/// `'weight' must be a number, found "high"` at the value's line and column.
public struct YAMLDecoder: Sendable {
    /// Makes a decoder.
    public init() {}

    /// Decodes `type` from a node.
    public func decode<T: Decodable>(_ type: T.Type, from node: YAMLNode) throws -> T {
        try NodeDecoder(node: node, path: []).decodeValue(type)
    }

    /// Parses and decodes in one step; an empty document decodes from an empty mapping.
    public func decode<T: Decodable>(_ type: T.Type, from text: String, firstLine: Int = 1) throws -> T {
        let node = try YAMLParser().parse(text, firstLine: firstLine) ?? .mapping([], TextPosition(line: firstLine, column: 1))
        return try decode(type, from: node)
    }
}

/// A coding key for paths and for free-form access.
struct YAMLKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "\(intValue)"
        self.intValue = intValue
    }
}

/// The key path as users write it: `owner.name`, `items[2].title`.
func render(_ path: [CodingKey]) -> String {
    var text = ""
    for key in path {
        if let index = key.intValue { text += "[\(index)]" } else { text += text.isEmpty ? key.stringValue : ".\(key.stringValue)" }
    }
    return text.isEmpty ? "(document)" : text
}

struct NodeDecoder: Decoder {
    let node: YAMLNode
    let path: [CodingKey]
    var codingPath: [CodingKey] { path }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        if type == YAMLNode.self, let node = node as? T { return node }
        return try T(from: self)
    }

    func typeError(_ expected: String) -> YAMLError {
        .type(path: render(path), expected: expected, found: node.summary, node.mark)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .mapping(let pairs, _) = node else { throw typeError("a mapping") }
        return KeyedDecodingContainer(KeyedNodeContainer<Key>(pairs: pairs, decoder: self))
    }

    func unkeyedContainer() throws -> UnkeyedDecodingContainer {
        guard case .sequence(let items, _) = node else { throw typeError("a list") }
        return UnkeyedNodeContainer(items: items, decoder: self)
    }

    func singleValueContainer() throws -> SingleValueDecodingContainer { self }
}

extension NodeDecoder: SingleValueDecodingContainer {
    func decodeNil() -> Bool {
        if case .scalar(let scalar) = node, case .null = scalar.value { return true }
        return false
    }

    func decode(_ type: Bool.Type) throws -> Bool {
        guard case .scalar(let scalar) = node, case .bool(let value) = scalar.value else { throw typeError("true or false") }
        return value
    }

    func decode(_ type: String.Type) throws -> String {
        guard case .scalar(let scalar) = node, scalar.value != .null else { throw typeError("text") }
        return scalar.string
    }

    func decode(_ type: Double.Type) throws -> Double {
        guard case .scalar(let scalar) = node else { throw typeError("a number") }
        switch scalar.value {
        case .int(let value): return Double(value)
        case .float(let value): return value
        default: throw typeError("a number")
        }
    }

    func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }

    func decode(_ type: Int.Type) throws -> Int {
        guard case .scalar(let scalar) = node else { throw typeError("a number") }
        switch scalar.value {
        case .int(let value): return value
        case .float(let value) where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case .float: throw typeError("a whole number")
        default: throw typeError("a number")
        }
    }

    func decode<T: FixedWidthInteger & Decodable>(integer type: T.Type) throws -> T {
        let value = try decode(Int.self)
        guard let exact = T(exactly: value) else {
            throw YAMLError.invalidValue(path: render(path), message: "is out of range for \(T.self)", node.mark)
        }
        return exact
    }

    func decode(_ type: Int8.Type) throws -> Int8 { try decode(integer: type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decode(integer: type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decode(integer: type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decode(integer: type) }
    func decode(_ type: UInt.Type) throws -> UInt { try decode(integer: type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decode(integer: type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decode(integer: type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decode(integer: type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decode(integer: type) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decodeValue(type) }
}

struct KeyedNodeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let pairs: [YAMLPair]
    let decoder: NodeDecoder
    var codingPath: [CodingKey] { decoder.path }

    var allKeys: [Key] { pairs.compactMap { $0.key.scalar.flatMap { Key(stringValue: $0.string) } } }

    func contains(_ key: Key) -> Bool { value(for: key) != nil }

    private func value(for key: Key) -> YAMLNode? {
        pairs.first { $0.key.scalar?.string == key.stringValue }?.value
    }

    private func child(_ key: Key) throws -> NodeDecoder {
        guard let node = value(for: key) else {
            throw YAMLError.missingKey(path: render(decoder.path + [key]), decoder.node.mark)
        }
        return NodeDecoder(node: node, path: decoder.path + [key])
    }

    func decodeNil(forKey key: Key) throws -> Bool { try child(key).decodeNil() }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T { try child(key).decodeValue(type) }

    /// A missing key and an explicit null both decode as `nil`.
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard value(for: key) != nil else { return nil }
        let child = try child(key)
        return child.decodeNil() ? nil : try child.decodeValue(type)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try child(key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> UnkeyedDecodingContainer { try child(key).unkeyedContainer() }

    func superDecoder() throws -> Decoder { decoder }

    func superDecoder(forKey key: Key) throws -> Decoder { try child(key) }
}

struct UnkeyedNodeContainer: UnkeyedDecodingContainer {
    let items: [YAMLNode]
    let decoder: NodeDecoder
    var currentIndex = 0

    init(items: [YAMLNode], decoder: NodeDecoder) {
        self.items = items
        self.decoder = decoder
    }

    var codingPath: [CodingKey] { decoder.path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }

    private mutating func next() throws -> NodeDecoder {
        guard !isAtEnd else {
            throw YAMLError.invalidValue(path: render(decoder.path), message: "has too few items", decoder.node.mark)
        }
        defer { currentIndex += 1 }
        return NodeDecoder(node: items[currentIndex], path: decoder.path + [YAMLKey(intValue: currentIndex)])
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, NodeDecoder(node: items[currentIndex], path: decoder.path).decodeNil() else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(type) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> Decoder { try next() }
}
