import FolioLoad
import FolioMarkdown
import FolioModel
import Foundation

/// Shell syntax and unfilled placeholders in the blocks the docs ask people to run.
///
/// Every `sh`, `bash` or `shell` block is parsed by the real bash with `bash -n` (which reads
/// and never runs), and an error is reported at the block's own line in the file. A placeholder
/// left in a command (`<your-token>`, `YOUR_TOKEN_HERE`) is a warning, unless the block is marked
/// `template` (```` ```bash template ````).
package enum CommandSyntax {
    static let bashLanguages: Set<String> = ["sh", "bash", "shell"]

    /// A block to check, with where it is.
    package struct Block: Sendable {
        package let file: String
        package let block: CodeBlock
    }

    package static func blocks(in document: MarkdownDocument, file: String) -> [Block] {
        document.codeBlocks.filter { bashLanguages.contains($0.language.lowercased()) && !$0.hasMarker("template") }.map { Block(file: file, block: $0) }
    }

    /// `bash -n` on every block, on every core; identical blocks are parsed once, and blocks are
    /// parsed a hundred at a time (each inside a function of its own, so one cannot swallow the
    /// next silently); only a batch that fails is parsed again block by block, for the lines.
    package static func check(_ blocks: [Block]) -> [Diagnostic] {
        let distinct = Array(Set(blocks.map(\.block.code))).sorted()
        let batches = stride(from: 0, to: distinct.count, by: 100).map { Array(distinct[$0..<min($0 + 100, distinct.count)]) }
        let results = parallelMap(batches) { batch -> [(String, [(Int, String)])] in
            if batch.count > 1, isValid(batch) { return batch.map { ($0, []) } }
            return batch.map { ($0, syntaxErrors($0)) }
        }.flatMap { $0 }
        let byCode = Dictionary(results, uniquingKeysWith: { a, _ in a })
        var diagnostics: [Diagnostic] = []
        for entry in blocks {
            let lineCount = entry.block.code.lineSlices.count
            for (line, message) in byCode[entry.block.code] ?? [] {
                let fileLine = entry.block.position.line + min(max(line, 1), max(lineCount - 1, 1)) - 1
                diagnostics.append(
                    Diagnostic(
                        .error, "command.syntax", "bash cannot parse this block: \(message)",
                        at: SourceLocation(path: entry.block.file ?? entry.file, line: fileLine, column: entry.block.position.column),
                        suggestion: "fix the block, or mark it ```\(entry.block.language) template if it is not meant to run as it is"))
            }
        }
        return diagnostics
    }

    /// Whether every block of `batch` parses: one `bash -n` over them all, each the body of its
    /// own function. An unclosed quote, brace or here-document in one block makes the whole
    /// script fail rather than hiding the blocks after it.
    static func isValid(_ batch: [String]) -> Bool {
        let script = batch.enumerated().map { "folio_block_\($0.offset)() {\n:\n\($0.element)\n}\n" }.joined()
        guard let (status, _) = Subprocess.run(["bash", "-n"], input: Array(script.utf8), mergingErrors: true) else { return false }
        return status == 0
    }

    /// The errors `bash -n` prints, as (line in the block, message).
    static func syntaxErrors(_ code: String) -> [(Int, String)] {
        guard let (status, output) = Subprocess.run(["bash", "-n"], input: Array(code.utf8), mergingErrors: true), status != 0 else { return [] }
        var errors: [(Int, String)] = []
        for line in String(decoding: output, as: UTF8.self).split(separator: "\n") {
            // bash: line 3: syntax error near unexpected token `fi'
            guard let range = line.range(of: "line "), let colon = line[range.upperBound...].firstIndex(of: ":"),
                let number = Int(line[range.upperBound..<colon])
            else { continue }
            let message = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if message.hasPrefix("`") { continue }  // bash repeats the offending line after the error
            errors.append((number, message))
        }
        return errors
    }

    // MARK: - Placeholders

    /// `<your-token>`, `<service name>`, `YOUR_TOKEN_HERE`, `YOUR_API_KEY`: text a reader must
    /// replace before running a command, in the command lines of a document's blocks and spans.
    package static func placeholders(in document: MarkdownDocument, file: String) -> [Diagnostic] {
        var found: [Diagnostic] = []
        for block in document.codeBlocks {
            guard let text = CommandSources.commandText(of: block) else { continue }
            for (offset, line) in text.lineSlices.enumerated() {
                for (column, word) in placeholders(in: String(line)) {
                    found.append(placeholder(word, file: block.file ?? file, line: block.position.line + offset, column: block.position.column + column - 1))
                }
            }
        }
        for span in CommandSources.commandSpans(in: document) {
            for (column, word) in placeholders(in: span.code) {
                found.append(placeholder(word, file: span.file ?? file, line: span.position.line, column: span.position.column + column - 1))
            }
        }
        return found
    }

    /// The placeholders of one line, with their 1-based columns; comments are left alone.
    static func placeholders(in line: String) -> [(Int, String)] {
        var found: [(Int, String)] = []
        let scalars = Array(line.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "#", index == 0 || scalars[index - 1] == " " { break }
            if scalars[index] == "<", let end = scalars[(index + 1)...].firstIndex(of: ">"), end > index + 1 {
                let inner = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                if inner.first?.isLetter == true, !inner.hasSuffix(" "),
                    inner.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == " " || $0 == "." }),
                    inner.lowercased() == inner || inner.contains("-")
                {
                    found.append((index + 1, "<\(inner)>"))
                    index = end + 1
                    continue
                }
            }
            let isWordStart = index == 0 || !(scalars[index - 1].properties.isAlphabetic || scalars[index - 1] == "_" || scalars[index - 1] == "$")
            if isWordStart, scalars[index].properties.isUppercase {
                var end = index
                while end < scalars.count, scalars[end].properties.isUppercase || scalars[end] == "_" || ("0"..."9").contains(scalars[end]) { end += 1 }
                let word = String(String.UnicodeScalarView(scalars[index..<end]))
                if word.hasSuffix("_HERE") || word.hasPrefix("YOUR_") || word == "CHANGEME" { found.append((index + 1, word)) }
                index = max(end, index + 1)
                continue
            }
            index += 1
        }
        return found
    }

    private static func placeholder(_ text: String, file: String, line: Int, column: Int) -> Diagnostic {
        Diagnostic(
            .warning, "command.placeholder", "'\(text)' looks like a placeholder left in a command", at: SourceLocation(path: file, line: line, column: column),
            suggestion: "write a real value, or mark the block ```bash template if it is an example", target: text)
    }
}
