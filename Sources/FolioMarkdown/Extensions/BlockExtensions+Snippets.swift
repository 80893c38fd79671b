import FolioText
import Foundation

/// Snippets (`--8<--`), abbreviation definitions and reference definitions: what is read or
/// taken out of the lines before containers are rewritten.
extension BlockExtensions {
    // MARK: Snippets

    static let snippetMark = Array("--8<--".utf8)

    mutating func expandSnippets(_ lines: [Line], depth: Int, including seen: inout [String]) -> [Line] {
        guard lines.contains(where: { Self.find(Self.snippetMark, in: $0.bytes) != nil }) else { return lines }
        var result: [Line] = []
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let (indentBytes, _) = Self.indentation(line.bytes)
            let content = Array(line.bytes[indentBytes...])
            let indent = Array(line.bytes[..<indentBytes])
            if content.first == UInt8(ascii: ";"), content.dropFirst().starts(with: Self.snippetMark) {
                // `;--8<--` is the escaped form: shown as written, without the `;`.
                result.append(Line(bytes: indent + content.dropFirst(), origin: line.origin))
                index += 1
                continue
            }
            guard content.starts(with: Self.snippetMark) else {
                result.append(line)
                index += 1
                continue
            }
            let rest = Self.trimmed(Array(content.dropFirst(Self.snippetMark.count)))
            if rest.isEmpty {
                // Block form: one path per line until the closing `--8<--`.
                var end = index + 1
                while end < lines.count, !Self.trimmed(lines[end].bytes).elementsEqual(Self.snippetMark) { end += 1 }
                guard end < lines.count else {
                    result.append(line)
                    index += 1
                    continue
                }
                for pathLine in lines[(index + 1)..<end] {
                    let name = Self.unquoted(Self.trimmed(pathLine.bytes))
                    guard !name.isEmpty, name.first != UInt8(ascii: "#") else { continue }
                    result += snippet(String(decoding: name, as: UTF8.self), at: pathLine.origin, indent: indent, depth: depth, including: &seen)
                }
                index = end + 1
                continue
            }
            let name = Self.unquoted(rest)
            result += snippet(String(decoding: name, as: UTF8.self), at: line.origin, indent: indent, depth: depth, including: &seen)
            index += 1
        }
        return result
    }

    /// The lines of one snippet (`file.md`, `file.md:3:5` for lines 3 to 5), indented as the
    /// line that named it and expanded in turn; a cycle or a refused path includes nothing.
    mutating func snippet(
        _ name: String, at origin: LineOrigin, indent: [UInt8], depth: Int, including seen: inout [String], reportsMissing: Bool = true
    ) -> [Line] {
        guard let reader = snippetReader else { return [] }
        let (path, range) = Self.snippetName(name)
        let position = TextPosition(line: origin.line, column: origin.shift + indent.count + 1)
        guard depth < 8, !seen.contains(path) else {
            findings.append(
                ExtensionFinding(
                    rule: "snippet.cycle", message: "snippet '\(path)' includes itself (through \(seen.joined(separator: " -> "))); it was left out",
                    file: origin.file, position: position, isError: true))
            return []
        }
        switch reader(path) {
        case .failure(let error):
            if reportsMissing || !error.message.contains("no such file") {
                findings.append(ExtensionFinding(rule: "snippet.missing", message: "snippet '\(path)': \(error.message)", file: origin.file, position: position, isError: true))
            }
            return []
        case .success(let file):
            var lines: [Line] = []
            var number = 0
            var slices = Self.lineSlices(Array(file.text.utf8))
            if slices.last?.isEmpty == true { slices.removeLast() }
            for slice in slices {
                number += 1
                if let range, !range.contains(number) { continue }
                var bytes = Self.withoutMarkers(Array(slice))
                if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
                lines.append(Line(bytes: indent + bytes, origin: LineOrigin(file: file.path, line: number, shift: -indent.count)))
            }
            seen.append(path)
            defer { seen.removeLast() }
            return expandSnippets(lines, depth: depth + 1, including: &seen)
        }
    }

    /// `file.md` (the whole file), `file.md:3` (from line 3), `file.md:3:5` (lines 3 to 5).
    static func snippetName(_ name: String) -> (path: String, lines: ClosedRange<Int>?) {
        var parts = name.split(separator: ":", omittingEmptySubsequences: false)
        var numbers: [Int] = []
        while numbers.count < 2, parts.count > 1, let number = Int(parts[parts.count - 1]) {
            numbers.insert(number, at: 0)
            parts.removeLast()
        }
        guard let start = numbers.first.map({ max(1, $0) }) else { return (name, nil) }
        let end = numbers.count == 2 ? max(start, numbers[1]) : Int.max
        return (parts.joined(separator: ":"), start...end)
    }

    // MARK: Abbreviations

    /// Takes out `*[TERM]: title` lines (leaving them blank, so lines do not move).
    mutating func takingAbbreviations(_ lines: [Line]) -> [Line] {
        var result = lines
        var fence: (UInt8, Int, Int)?
        for index in result.indices {
            let bytes = result[index].bytes
            if let open = fence {
                if Self.closesFence(bytes, open) { fence = nil }
                continue
            }
            if let opened = Self.fenceOpening(bytes) {
                fence = opened
                continue
            }
            guard bytes.starts(with: Array("*[".utf8)), let close = Self.find(Array("]:".utf8), in: bytes), close > 2 else { continue }
            let term = String(decoding: bytes[2..<close], as: UTF8.self)
            let title = String(decoding: Self.trimmed(Array(bytes[(close + 2)...])), as: UTF8.self)
            // A term defined again keeps its last title (Python-Markdown's rule), in one lookup.
            if let known = abbreviationIndex[term] {
                abbreviations[known].title = title
            } else {
                abbreviationIndex[term] = abbreviations.count
                abbreviations.append((term, title))
            }
            result[index].bytes = []
        }
        return result
    }

    /// Blanks every definition of a reference label but the last (Python-Markdown keeps the last).
    static func keepingLastReferences(_ lines: [Line]) -> [Line] {
        var byLabel: [String: [Int]] = [:]
        var fence: (UInt8, Int, Int)?
        for (index, line) in lines.enumerated() {
            if let open = fence {
                if closesFence(line.bytes, open) { fence = nil }
                continue
            }
            if let opened = fenceOpening(line.bytes) {
                fence = opened
                continue
            }
            let (skip, columns) = indentation(line.bytes)
            guard columns < 8, skip < line.bytes.count, line.bytes[skip] == UInt8(ascii: "["),
                let close = line.bytes[skip...].firstIndex(of: UInt8(ascii: "]")), close + 1 < line.bytes.count,
                line.bytes[close + 1] == UInt8(ascii: ":"), close > skip + 1, line.bytes[skip + 1] != UInt8(ascii: "^")
            else { continue }
            let label = String(decoding: line.bytes[(skip + 1)..<close], as: UTF8.self).lowercased()
                .split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
            byLabel[label, default: []].append(index)
        }
        var result = lines
        for indexes in byLabel.values where indexes.count > 1 {
            for index in indexes.dropLast() { result[index].bytes = [] }
        }
        return result
    }
}
