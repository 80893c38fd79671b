import FolioMarkdown
import Foundation

/// Runnable runbook blocks: a `sh` or `bash` block marked `{run}` (```` ```bash {run} ````) is
/// executed only by `folio check commands --run`, with bash, from the repository root, in a
/// clean environment (PATH, HOME and LANG, plus what the block sets), under a timeout. Its output
/// is compared with the ```` ```output ```` block right after it: exactly, except that a line
/// `...` matches any number of lines. `--update` rewrites those expected blocks in place.
struct Runbooks {
    let root: String
    /// Seconds a block may run.
    let timeout: Double
    let isUpdating: Bool

    /// One runnable block and what it is expected to print.
    struct Block: Sendable {
        let file: String
        let code: CodeBlock
        let expected: CodeBlock?
    }

    /// What running a block gave.
    struct Result: Sendable {
        let block: Block
        let diagnostic: Diagnostic?
        let output: String
    }

    static func isRunnable(_ block: CodeBlock) -> Bool {
        CommandSyntax.bashLanguages.contains(block.language.lowercased()) && block.hasMarker("run")
    }

    static func blocks(in document: MarkdownDocument, file: String) -> [Block] {
        document.codeBlocks.indices.compactMap { index in
            let block = document.codeBlocks[index]
            guard isRunnable(block) else { return nil }
            let next = document.codeBlocks.indices.contains(index + 1) ? document.codeBlocks[index + 1] : nil
            return Block(file: file, code: block, expected: next?.language.lowercased() == "output" ? next : nil)
        }
    }

    /// Runs every block, one after another (runbooks may depend on each other's effects), in
    /// document order; with `isUpdating`, writes the actual output into the expected blocks.
    func run(_ blocks: [Block]) -> [Result] {
        let results = blocks.map(run)
        if isUpdating { update(results) }
        return results
    }

    private func run(_ block: Block) -> Result {
        let location = SourceLocation(path: block.file, line: block.code.position.line - 1, column: block.code.position.column)
        let environment = ["PATH=" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "HOME=" + (ProcessInfo.processInfo.environment["HOME"] ?? root), "LANG=C.UTF-8"]
        let arguments = ["env", "-i", "-C", root] + environment + ["timeout", "-k", "2", String(format: "%.3f", timeout), "bash", "-e", "-o", "pipefail", "-s"]
        guard let (status, bytes) = Subprocess.run(arguments, input: Array(block.code.code.utf8), mergingErrors: true) else {
            return Result(block: block, diagnostic: Diagnostic(.error, "command.run-failed", "bash could not be started", at: location), output: "")
        }
        let output = String(decoding: bytes, as: UTF8.self)
        if status == 124 || status == 137 {
            return Result(
                block: block,
                diagnostic: Diagnostic(
                    .error, "command.run-timeout", "the block did not finish within \(Self.seconds(timeout)) and was stopped", at: location,
                    suggestion: "raise --run-timeout, or make the block finish"),
                output: output)
        }
        if status != 0 {
            return Result(
                block: block,
                diagnostic: Diagnostic(
                    .error, "command.run-failed", "the block exited with status \(status)" + (output.isEmpty ? "" : ":\n" + Self.indented(output)),
                    at: location),
                output: output)
        }
        if let expected = block.expected, !isUpdating, !Self.matches(output, expected: expected.code) {
            let diff = Self.unifiedDiff(expected: expected.code, actual: output, file: block.file, line: expected.position.line)
            return Result(
                block: block,
                diagnostic: Diagnostic(
                    .error, "command.run-failed", "the output differs from the expected block at line \(expected.position.line - 1):\n" + diff,
                    at: location, suggestion: "fix the runbook, or run with --update to take the new output"),
                output: output)
        }
        return Result(block: block, diagnostic: nil, output: output)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : String(format: "%.1f s", value)
    }

    private static func indented(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).suffix(20).map { "    " + $0 }.joined(separator: "\n")
    }

    // MARK: - Comparing

    /// Whether `output` matches `expected`, line by line; trailing spaces and a last newline do not
    /// count, and a line `...` matches any number of lines.
    static func matches(_ output: String, expected: String) -> Bool {
        let actual = lines(output), wanted = lines(expected)
        func match(_ a: Int, _ w: Int) -> Bool {
            if w == wanted.count { return a == actual.count }
            if wanted[w] == "..." { return (a...actual.count).contains { match($0, w + 1) } }
            return a < actual.count && actual[a] == wanted[w] && match(a + 1, w + 1)
        }
        return match(0, 0)
    }

    static func lines(_ text: String) -> [String] {
        var result = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
        }
        while result.last == "" { result.removeLast() }
        return result
    }

    /// A unified diff of the expected and the actual output, numbered as the file's lines.
    static func unifiedDiff(expected: String, actual: String, file: String, line: Int) -> String {
        let old = lines(expected), new = lines(actual)
        let header = "--- \(file) (expected)\n+++ actual\n@@ -\(line),\(old.count) +1,\(new.count) @@\n"
        // A longest-common-subsequence diff; runbook outputs are short.
        var table = Array(repeating: Array(repeating: 0, count: new.count + 1), count: old.count + 1)
        for i in stride(from: old.count - 1, through: 0, by: -1) {
            for j in stride(from: new.count - 1, through: 0, by: -1) {
                table[i][j] = old[i] == new[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var i = 0, j = 0
        var body: [String] = []
        while i < old.count || j < new.count {
            if i < old.count, j < new.count, old[i] == new[j] {
                body.append(" " + old[i])
                i += 1
                j += 1
            } else if i < old.count, j == new.count || table[i + 1][j] >= table[i][j + 1] {
                body.append("-" + old[i])
                i += 1
            } else {
                body.append("+" + new[j])
                j += 1
            }
        }
        return header + body.joined(separator: "\n")
    }

    // MARK: - Updating

    /// Replaces each expected block that no longer matches with the block's actual output (or adds an
    /// ```` ```output ```` block after a block that has none), touching nothing else of the file.
    private func update(_ results: [Result]) {
        for (file, fileResults) in Dictionary(grouping: results, by: \.block.file) {
            let path = root + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            // From the bottom up, so earlier line numbers stay right.
            for result in fileResults.sorted(by: { $0.block.code.position.line > $1.block.code.position.line }) where result.diagnostic == nil {
                let output = Self.lines(result.output)
                if let expected = result.block.expected {
                    if Self.matches(result.output, expected: expected.code) { continue }  // keeps its `...` lines
                    let first = expected.position.line - 1
                    let existing = expected.code.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                    lines.replaceSubrange(first..<(first + existing), with: output)
                } else {
                    let fence = result.block.code.position.line - 1 + result.block.code.code.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                    guard fence < lines.count else { continue }
                    lines.insert(contentsOf: ["", "```output"] + output + ["```"], at: fence + 1)
                }
            }
            let text = lines.joined(separator: "\n")
            let temporary = path + ".folio-update"
            if (try? Data(text.utf8).write(to: URL(fileURLWithPath: temporary))) != nil { _ = rename(temporary, path) }
        }
    }
}
