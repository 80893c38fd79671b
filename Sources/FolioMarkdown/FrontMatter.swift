/// A page split into its front matter and its Markdown body, with line numbers kept.
///
/// The body keeps the front matter's lines as empty lines, so every position cmark reports in the
/// body is already the file's real line.
public struct FrontMatterSplit: Sendable, Equatable {
    /// The YAML between the fences, or `nil` when the page has none (or it is unterminated).
    public var yaml: String?
    /// The file line of the first YAML line (2 when the page starts with `---`).
    public var yamlFirstLine: Int
    /// The Markdown to parse, the same number of lines as the file.
    public var body: String
    /// Set when a `---` opens front matter that is never closed.
    public var isUnterminated: Bool

    /// Splits `text`: front matter starts with a first line `---` and ends at a line `---` or `...`.
    /// Scans UTF-8 bytes only as far as the closing fence.
    public init(_ text: String) {
        yamlFirstLine = 2
        isUnterminated = false
        yaml = nil
        body = text
        guard !text.isEmpty else { return }
        let bytes = text.utf8
        var lineStart = bytes.startIndex
        var lineNumber = 0
        var yamlStart: String.Index?
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            lineNumber += 1
            let line = text[lineStart..<lineEnd]
            if lineNumber == 1 {
                guard Self.isFence(line, closing: false) else { return }
                yamlStart = lineEnd < bytes.endIndex ? bytes.index(after: lineEnd) : lineEnd
            } else if Self.isFence(line, closing: true), let yamlStart {
                // The YAML ends before the newline that precedes the closing fence (empty if none).
                let yamlEnd = lineStart == yamlStart ? lineStart : bytes.index(before: lineStart)
                yaml = String(text[yamlStart..<yamlEnd])
                let rest = lineEnd < bytes.endIndex ? text[bytes.index(after: lineEnd)...] : ""
                body = String(repeating: "\n", count: lineNumber) + rest
                return
            }
            guard lineEnd < bytes.endIndex else { break }
            lineStart = bytes.index(after: lineEnd)
        }
        isUnterminated = true
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var bytes = line.utf8[...]
        while let last = bytes.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") || last == UInt8(ascii: "\r") {
            bytes = bytes.dropLast()
        }
        return bytes.elementsEqual("---".utf8) || (closing && bytes.elementsEqual("...".utf8))
    }
}
