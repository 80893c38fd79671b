import FolioText

/// A YAML node after parsing: aliases are already expanded, every node keeps where it started.
public indirect enum YAMLNode: Sendable, Hashable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode], TextPosition)
    case mapping([YAMLPair], TextPosition)

    /// Where the node starts in the text.
    public var mark: TextPosition {
        switch self {
        case .scalar(let scalar): return scalar.mark
        case .sequence(_, let mark), .mapping(_, let mark): return mark
        }
    }

    /// The scalar, when this node is one.
    public var scalar: YAMLScalar? {
        if case .scalar(let scalar) = self { return scalar }
        return nil
    }

    /// The key-value pairs, when this node is a mapping.
    public var pairs: [YAMLPair]? {
        if case .mapping(let pairs, _) = self { return pairs }
        return nil
    }

    /// The items, when this node is a sequence.
    public var items: [YAMLNode]? {
        if case .sequence(let items, _) = self { return items }
        return nil
    }

    /// The value for a scalar key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        pairs?.first { $0.key.scalar?.string == key }?.value
    }

    /// A short description for error messages: `"high"`, `a list`, `a mapping`, `nothing (null)`.
    public var summary: String {
        switch self {
        case .scalar(let scalar):
            if case .null = scalar.value { return "nothing (null)" }
            let text = scalar.string.count > 40 ? String(scalar.string.prefix(40)) + "…" : scalar.string
            return "\"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }
}

/// One entry of a mapping, in document order.
public struct YAMLPair: Sendable, Hashable {
    public var key: YAMLNode
    public var value: YAMLNode

    /// Makes a pair.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A scalar as written, with its style and tag, resolved by the YAML 1.2 core schema on demand.
public struct YAMLScalar: Sendable, Hashable {
    /// The scalar's text after YAML's own unescaping and folding.
    public var string: String
    /// Whether it was written without quotes (only plain scalars resolve to null, bool or numbers).
    public var isPlain: Bool
    /// The explicit tag, if any, e.g. `tag:yaml.org,2002:str`.
    public var tag: String?
    /// Where the scalar starts.
    public var mark: TextPosition

    /// Makes a scalar.
    public init(string: String, isPlain: Bool = true, tag: String? = nil, mark: TextPosition) {
        self.string = string
        self.isPlain = isPlain
        self.tag = tag
        self.mark = mark
    }

    /// The value by the core schema: `no`, `on`, `yes` stay strings; `true`, `~`, `12`, `1.5` do not.
    public var value: YAMLValue { YAMLValue.resolve(self) }
}
