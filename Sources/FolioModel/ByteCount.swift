import Foundation

/// Sizes in words for messages: `16 MB`, `1.5 KB`, `300 bytes`.
package enum ByteCount {
    /// `16777216` -> `16 MB`, `3006` -> `2.9 KB`.
    package static func describe(_ bytes: Int) -> String {
        for (unit, size) in [("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)] where bytes >= size {
            return bytes % size == 0 ? "\(bytes / size) \(unit)" : String(format: "%.1f %@", Double(bytes) / Double(size), unit)
        }
        return "\(bytes) bytes"
    }
}
