/// A stable 64-bit hash of bytes (FNV-1a), the same in every run and on every machine, unlike
/// Swift's `Hasher`: the incremental build's cache keys are made of it.
package struct ContentHash: Sendable, Hashable {
    package private(set) var value: UInt64 = 0xCBF2_9CE4_8422_2325

    package init() {}

    /// Adds bytes.
    package mutating func combine(_ bytes: UnsafeRawBufferPointer) {
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        value = hash
    }

    /// Adds a string's UTF-8 and its length (so that `ab`+`c` and `a`+`bc` differ).
    package mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine(UnsafeRawBufferPointer($0)) }
        combine(text.utf8.count)
    }

    /// Adds bytes and their count.
    package mutating func combine(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { combine($0) }
        combine(bytes.count)
    }

    /// Adds a number.
    package mutating func combine(_ number: Int) {
        withUnsafeBytes(of: UInt64(bitPattern: Int64(number)).littleEndian) { combine($0) }
    }

    /// Sixteen hexadecimal digits.
    package var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
