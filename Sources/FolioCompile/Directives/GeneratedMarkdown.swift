import FolioMarkdown
import FolioModel
import FolioYAML
import Foundation

/// Markdown written by a directive, line by line, remembering where each line's content came
/// from (a line of a deliverables file, of a compose file, or the directive itself), so that a
/// finding about a generated link is reported where it can be fixed.
///
/// Text from YAML is escaped (`text`) or, for fields documented as Markdown, kept as Markdown
/// whose raw HTML the parse shows as text (`inline`). Links Folio writes are relative to the
/// page, as a person would write them.
struct GeneratedMarkdown {
    private(set) var lines: [String] = []
    private(set) var origins: [SourceLocation] = []
    /// The origin of a link Folio wrote itself, by destination (artifact links of a table row
    /// whose line belongs to the impact text).
    private(set) var linkOrigins: [String: SourceLocation] = [:]
    /// The folder of the file each origin's Markdown was written in: relative links there are
    /// rebased to the page.
    let pageFolder: String

    init(pageSource: String) {
        pageFolder = RepoPath.directory(of: pageSource)
    }

    mutating func line(_ text: String, from origin: SourceLocation) {
        for (number, part) in text.lineSlices.enumerated() {
            lines.append(String(part))
            origins.append(number == 0 ? origin : SourceLocation(path: origin.path, line: origin.line.map { $0 + number }, column: 1))
        }
    }

    mutating func blank(from origin: SourceLocation) { line("", from: origin) }

    /// A link Folio writes to a repository path, relative to the page.
    mutating func link(_ title: String, to path: String, from origin: SourceLocation) -> String {
        let destination = relative(path)
        remember(destination, from: origin)
        return "[\(Self.text(title))](\(Self.destination(destination)))"
    }

    /// Where a link Folio writes to `destination` comes from.
    mutating func remember(_ destination: String, from origin: SourceLocation) {
        if linkOrigins[destination] == nil { linkOrigins[destination] = origin }
    }

    /// `path` (repository-relative) as the page would link to it: `../ml/llm/` from `docs/`.
    /// Like a page URL (`Routes.relativeURL`), but a repository path as written in Markdown: not
    /// percent-encoded, so a finding about it reads as the path.
    func relative(_ path: String) -> String {
        let isFolder = path.hasSuffix("/")
        let steps = RepoPath.steps(from: pageFolder, to: RepoPath.normalize(path) ?? path, isFolder: isFolder)
        let rest = steps.down.joined(separator: "/")
        let result = String(repeating: "../", count: steps.ups) + rest + (isFolder && !rest.isEmpty ? "/" : "")
        return result.isEmpty ? "./" : result
    }

    /// A link destination in `<...>` when it has spaces or parentheses.
    static func destination(_ text: String) -> String {
        text.contains(where: { $0 == " " || $0 == "(" || $0 == ")" }) ? "<\(text)>" : text
    }

    /// Plain text from YAML, escaped so that Markdown reads it as text (and a `|` does not end a cell).
    static func text(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {  // scalars: a prepend scalar must not hide a `<` (see escapeHTML)
            switch scalar {
            case "\\", "`", "*", "_", "[", "]", "<", ">", "#", "|", "!", "~", "&":
                result.append("\\")
                result.append(scalar)
            case "\n", "\r", "\t":
                result.append(" ")
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Markdown from YAML on one line (a table cell): line breaks become spaces and `|` is
    /// escaped so the cell does not end early.
    static func inline(_ markdown: String) -> String {
        var result = String.UnicodeScalarView()
        var escaped = false
        for scalar in markdown.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars {
            if scalar == "\n" || scalar == "\r" {
                result.append(" ")
            } else if scalar == "|" && !escaped {
                result.append(contentsOf: "\\|".unicodeScalars)
            } else {
                result.append(scalar)
            }
            escaped = scalar == "\\" && !escaped
        }
        return String(result)
    }

    /// Inline code, with a fence longer than any run of backticks inside.
    static func code(_ value: String) -> String {
        var longest = 0, run = 0
        for scalar in value.unicodeScalars {
            run = scalar == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: longest + 1)
        let body = value.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
        let padding = body.hasPrefix("`") || body.hasSuffix("`") ? " " : ""
        return fence + padding + body + padding + fence
    }

    /// A table: a header row and rows of cells, each row from its origin.
    mutating func table(_ header: [String], _ rows: [(cells: [String], origin: SourceLocation)], from origin: SourceLocation) {
        line("| " + header.map(Self.text).joined(separator: " | ") + " |", from: origin)
        line("|" + String(repeating: " --- |", count: header.count), from: origin)
        for row in rows {
            line("| " + row.cells.map { $0.isEmpty ? " " : $0 }.joined(separator: " | ") + " |", from: row.origin)
        }
    }

    var markdown: String { lines.joined(separator: "\n") + "\n" }
}
