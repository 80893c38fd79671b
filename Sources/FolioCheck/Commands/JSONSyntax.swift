
/// Strict JSON (RFC 8259), as npm reads `package.json`: where the first error is, so that it can
/// be reported at its line and column. (Foundation's reader accepts trailing commas that npm
/// refuses, and says where only as a character count, when at all.)
struct JSONSyntax {
    /// A syntax error: its byte offset and what was expected.
    struct Problem: Error, Equatable {
        let offset: Int
        let message: String
    }

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// The first syntax error of `bytes`, or `nil` when they are one valid JSON text.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var reader = JSONSyntax(bytes: bytes)
        do throws(Problem) {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
            reader.skipSpace()
            try reader.value()
            reader.skipSpace()
            if reader.index < bytes.count { throw reader.problem("unexpected text after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
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

    private mutating func value() throws(Problem) {
        skipSpace()
        guard let byte = current else { throw problem("the file ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), isObject: true)
        case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), isObject: false)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw problem("expected a value: an object, array, string, number, true, false or null")
        }
    }

    private mutating func container(close: UInt8, isObject: Bool) throws(Problem) {
        depth += 1
        guard depth <= 512 else { throw problem("nested more than 512 levels deep") }
        defer { depth -= 1 }
        index += 1
        skipSpace()
        if current == close {
            index += 1
            return
        }
        while true {
            if isObject {
                skipSpace()
                guard current == UInt8(ascii: "\"") else {
                    throw problem(current == close ? "a comma before '}' is not allowed in JSON" : "expected a key in double quotes")
                }
                try string()
                try expect(UInt8(ascii: ":"), "':' after the key")
            }
            skipSpace()
            if current == close { throw problem("a comma before '\(Character(Unicode.Scalar(close)))' is not allowed in JSON") }
            try value()
            skipSpace()
            if current == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(close, "',' or '\(Character(Unicode.Scalar(close)))'")
            return
        }
    }

    private mutating func string() throws(Problem) {
        let start = index
        index += 1
        while let byte = current {
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return
            case UInt8(ascii: "\\"):
                guard let escaped = current else { break }
                index += 1
                if escaped == UInt8(ascii: "u") {
                    for _ in 0..<4 {
                        guard let hex = current, (hex >= 0x30 && hex <= 0x39) || ((hex | 0x20) >= 0x61 && (hex | 0x20) <= 0x66) else {
                            throw problem("'\\u' needs four hexadecimal digits")
                        }
                        index += 1
                    }
                } else if !"\"\\/bfnrt".utf8.contains(escaped) {
                    index -= 1
                    throw problem("unknown escape in a string")
                }
            case 0..<0x20:
                index -= 1
                throw problem("a control character (a line break, a tab) must be escaped inside a string")
            default: break
            }
        }
        index = start
        throw problem("this string is never closed")
    }

    private mutating func literal(_ word: StaticString) throws(Problem) {
        let expected = Array(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
        guard bytes[index...].starts(with: expected) else { throw problem("expected \(word)") }
        index += expected.count
    }

    private mutating func number() throws(Problem) {
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
    }
}
