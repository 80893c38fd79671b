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
    public init(_ text: String) {
        yamlFirstLine = 2
        isUnterminated = false
        yaml = nil
        body = text
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { Substring($0) }
        guard let first = lines.first, Self.isFence(first, closing: false) else { return }
        guard let end = lines.indices.dropFirst().first(where: { Self.isFence(lines[$0], closing: true) }) else {
            isUnterminated = true
            return
        }
        yaml = lines[1..<end].joined(separator: "\n")
        for index in 0...end { lines[index] = "" }
        body = lines.joined(separator: "\n")
    }

    private static func isFence(_ line: Substring, closing: Bool) -> Bool {
        var trimmed = line
        while let last = trimmed.unicodeScalars.last, last == " " || last == "\t" || last == "\r" {
            trimmed = Substring(trimmed.unicodeScalars.dropLast())
        }
        return trimmed == "---" || (closing && trimmed == "...")
    }
}
