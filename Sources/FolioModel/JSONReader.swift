/// Folio's one JSON reader: strict JSON (RFC 8259), as npm reads `package.json`, into a
/// ``JSONValue``, or the first error with its byte offset, so that it can be reported at its line
/// and column. (Foundation's reader accepts trailing commas that npm refuses, says where only as
/// a character count, when at all, and cannot hold a number past Double's range; numbers are
/// kept here as written.)
package struct JSONReader {
    /// A syntax error: its byte offset and what was expected.
    package struct Problem: Error, Equatable {
        package let offset: Int
        package let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// The JSON text of `bytes` (a byte order mark skipped), or its first syntax error.
    package static func read(_ bytes: [UInt8]) -> Result<JSONValue, Problem> {
        var reader = JSONReader(bytes: bytes)
        do throws(Problem) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
            reader.skipSpace()
            let value = try reader.value()
            reader.skipSpace()
            if reader.index < bytes.count { throw reader.problem("unexpected text after the end of the JSON value") }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// The first syntax error of `bytes`, or `nil` when they are one valid JSON text.
    package static func firstProblem(in bytes: [UInt8]) -> Problem? {
        if case .failure(let problem) = read(bytes) { return problem }
        return nil
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func problem(_ message: String) -> Problem { Problem(offset: min(index, bytes.count), message: message) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Problem) {
        skipSpace()
        guard current == byte else { throw problem(current == nil ? "the file ends where \(what) was expected" : "expected \(what)") }
        index += 1
    }

    private mutating func value() throws(Problem) -> JSONValue {
        skipSpace()
        guard let byte = current else { throw problem("the file ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try container(close: UInt8(ascii: "}"), isObject: true)
        case UInt8(ascii: "["): return try container(close: UInt8(ascii: "]"), isObject: false)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw problem("expected a value: an object, array, string, number, true, false or null")
        }
    }

    private mutating func container(close: UInt8, isObject: Bool) throws(Problem) -> JSONValue {
        depth += 1
        guard depth <= 512 else { throw problem("nested more than 512 levels deep") }
        defer { depth -= 1 }
        index += 1
        skipSpace()
        var pairs: [(String, JSONValue)] = []
        var items: [JSONValue] = []
        if current == close {
            index += 1
            return isObject ? .object([]) : .array([])
        }
        while true {
            var key = ""
            if isObject {
                skipSpace()
                guard current == UInt8(ascii: "\"") else {
                    throw problem(current == close ? "a comma before '}' is not allowed in JSON" : "expected a key in double quotes")
                }
                key = try string()
                try expect(UInt8(ascii: ":"), "':' after the key")
            }
            skipSpace()
            if current == close { throw problem("a comma before '\(Character(Unicode.Scalar(close)))' is not allowed in JSON") }
            let item = try value()
            if isObject { pairs.append((key, item)) } else { items.append(item) }
            skipSpace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(close, "',' or '\(Character(Unicode.Scalar(close)))'")
            return isObject ? .object(pairs) : .array(items)
        }
    }

    /// A string's text: escapes decoded (a lone surrogate as U+FFFD, as npm's reader keeps it
    /// unprintable), bytes that are not UTF-8 as U+FFFD.
    private mutating func string() throws(Problem) -> String {
        let start = index
        index += 1
        var text: [UInt8] = []
        var units: [UInt16] = []
        func flushUnits() {
            guard !units.isEmpty else { return }
            text += Array(String(decoding: units, as: UTF16.self).utf8)
            units = []
        }
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flushUnits()
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = current else { break }
                index += 1
                if escaped == UInt8(ascii: "u") {
                    var unit: UInt16 = 0
                    for _ in 0..<4 {
                        guard let hex = current, let digit = Self.hexValue(hex) else {
                            throw problem("'\\u' needs four hexadecimal digits")
                        }
                        unit = unit << 4 | UInt16(digit)
                        index += 1
                    }
                    units.append(unit)
                    continue
                }
                flushUnits()
                switch escaped {
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): text.append(escaped)
                default:
                    index -= 1
                    throw problem("unknown escape in a string")
                }
            case 0..<0x20:
                index -= 1
                throw problem("a control character (a line break, a tab) must be escaped inside a string")
            default:
                flushUnits()
                text.append(byte)
            }
        }
        index = start
        throw problem("this string is never closed")
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) throws(Problem) {
        let expected = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        guard bytes[index...].starts(with: expected) else { throw problem("expected \(word)") }
        index += expected.count
    }

    private mutating func number() throws(Problem) -> JSONValue {
        let start = index
        func digits() -> Int {
            let start = index
            while let byte = current, byte >= 0x30 && byte <= 0x39 { index += 1 }
            return index - start
        }
        if current == UInt8(ascii: "-") { index += 1 }
        if current == UInt8(ascii: "0") {
            index += 1
        } else if digits() == 0 {
            throw problem("expected a digit")
        }
        if current == UInt8(ascii: ".") {
            index += 1
            if digits() == 0 { throw problem("expected a digit after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            if digits() == 0 { throw problem("expected a digit in the exponent") }
        }
        let written = String(decoding: bytes[start..<index], as: UTF8.self)
        return Int(written).map(JSONValue.number) ?? .decimal(written)
    }
}
