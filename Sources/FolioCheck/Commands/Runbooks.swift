import FolioLoad
import FolioMarkdown
import FolioModel
import Foundation

/// Runnable runbook blocks: a `sh` or `bash` block marked `{run}` (```` ```bash {run} ````) is
/// executed only by `folio check commands --run`, with bash, from the repository root, in a
/// clean environment (PATH, HOME and LANG, plus what the block sets), under a timeout. Its output
/// is compared with the ```` ```output ```` block right after it: exactly, except that a line
/// `...` matches any number of lines. `--update` rewrites those expected blocks in place.
/// The block is bash's `-c` script with standard input from `/dev/null`, in a process group of
/// its own that is killed at the timeout and when the block ends; 1 MB of output is kept.
package struct Runbooks {
    let root: String
    /// Seconds a block may run.
    let timeout: Double
    let isUpdating: Bool

    package init(root: String, timeout: Double, isUpdating: Bool) {
        self.root = root
        self.timeout = timeout
        self.isUpdating = isUpdating
    }

    /// One runnable block and what it is expected to print.
    package struct Block: Sendable {
        package let file: String
        package let code: CodeBlock
        package let expected: CodeBlock?
    }

    /// What running a block gave.
    package struct Result: Sendable {
        package let block: Block
        package let diagnostic: Diagnostic?
        package let output: String
    }

    static func isRunnable(_ block: CodeBlock) -> Bool {
        CommandSyntax.bashLanguages.contains(block.language.lowercased()) && block.hasMarker("run")
    }

    package static func blocks(in document: MarkdownDocument, file: String) -> [Block] {
        document.codeBlocks.indices.compactMap { index in
            let block = document.codeBlocks[index]
            guard isRunnable(block) else { return nil }
            let next = document.codeBlocks.indices.contains(index + 1) ? document.codeBlocks[index + 1] : nil
            return Block(file: file, code: block, expected: next?.language.lowercased() == "output" ? next : nil)
        }
    }

    /// Runs every block, one after another (runbooks may depend on each other's effects), in
    /// document order.
    package func run(_ blocks: [Block]) -> [Result] {
        blocks.map(run)
    }

    /// Output kept from a block, and shown in a finding.
    static let outputLimit = 1 << 20

    private func run(_ block: Block) -> Result {
        let location = SourceLocation(path: block.file, line: block.code.position.line - 1, column: block.code.position.column)
        let environment = ["PATH=" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"), "HOME=" + (ProcessInfo.processInfo.environment["HOME"] ?? root), "LANG=C.UTF-8"]
        // The block is bash's script argument, not its input: `cat > f` or `ssh host` in a block
        // read /dev/null instead of the lines after them.
        let arguments = ["env", "-i", "-C", root] + environment + ["bash", "-e", "-o", "pipefail", "-c", block.code.code, "runbook"]
        guard let outcome = Subprocess.run(arguments, limits: .init(timeout: timeout, outputBytes: Self.outputLimit)) else {
            return Result(block: block, diagnostic: Diagnostic(.error, "command.run-failed", "bash could not be started", at: location), output: "")
        }
        let status = outcome.status
        var output = String(decoding: outcome.output, as: UTF8.self)
        if outcome.isCut { output += "\n[output cut at \(Self.outputLimit >> 20) MB]" }
        if outcome.timedOut {
            return Result(
                block: block,
                diagnostic: Diagnostic(
                    .error, "command.run-timeout", "the block did not finish within \(Self.seconds(timeout)) and was stopped, with every process it started",
                    at: location, suggestion: "raise --run-timeout, or make the block finish"),
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

    /// The last 20 lines of `text`, indented, each cut at 300 characters.
    private static func indented(_ text: String) -> String {
        text.lineSlices.suffix(20).map { "    " + cut($0) }.joined(separator: "\n")
    }

    private static func cut(_ line: Substring, at limit: Int = 300) -> String {
        line.count <= limit ? String(line) : line.prefix(limit) + " [line cut at \(limit) characters]"
    }

    // MARK: - Comparing

    /// Whether `output` matches `expected`, line by line; trailing spaces and a last newline do not
    /// count, and a line `...` matches any number of lines.
    static func matches(_ output: String, expected: String) -> Bool {
        let actual = lines(output), wanted = lines(expected)
        // Wildcard matching with `...` as the star: on a mismatch, the last `...` takes one more
        // line and matching resumes after it. At most lines x patterns steps, never exponential.
        var a = 0, w = 0
        var star: (pattern: Int, resume: Int)?
        while a < actual.count {
            if w < wanted.count, wanted[w] == "..." {
                star = (w, a)
                w += 1
            } else if w < wanted.count, wanted[w] == actual[a] {
                a += 1
                w += 1
            } else if let last = star {
                star = (last.pattern, last.resume + 1)
                a = last.resume + 1
                w = last.pattern + 1
            } else {
                return false
            }
        }
        while w < wanted.count, wanted[w] == "..." { w += 1 }
        return w == wanted.count
    }

    static func lines(_ text: String) -> [String] {
        var result = text.lineSlices.map {
            String($0.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
        }
        while result.last == "" { result.removeLast() }
        return result
    }

    /// A unified diff of the expected and the actual output, numbered as the file's lines.
    static func unifiedDiff(expected: String, actual: String, file: String, line: Int) -> String {
        let old = lines(expected), new = lines(actual)
        let header = "--- \(file) (expected)\n+++ actual\n@@ -\(line),\(old.count) +1,\(new.count) @@\n"
        guard old.count * new.count <= 1_000_000 else {
            // Too long for a full diff in bounded time: the lines around where they part.
            let same = zip(old, new).prefix { $0 == $1 }.count
            let shown = old[same...].prefix(20).map { "-" + cut($0[...]) } + new[same...].prefix(20).map { "+" + cut($0[...]) }
            return header + (old[..<same].suffix(3).map { " " + cut($0[...]) } + shown).joined(separator: "\n") + "\n[diff cut: the outputs part at line \(same + 1)]"
        }
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
                body.append(" " + cut(old[i][...]))
                i += 1
                j += 1
            } else if i < old.count, j == new.count || table[i + 1][j] >= table[i][j + 1] {
                body.append("-" + cut(old[i][...]))
                i += 1
            } else {
                body.append("+" + cut(new[j][...]))
                j += 1
            }
        }
        return header + body.joined(separator: "\n")
    }

    // MARK: - Updating

    /// With `--update`: each file's text with every expected block that no longer matches
    /// replaced by the block's actual output (or an ```` ```output ```` block added after a block that
    /// has none), nothing else of the file touched; the files are read through `reader`, and the
    /// caller writes them.
    package static func updates(_ results: [Result], reader: any FileSource) -> [(file: String, text: String)] {
        Dictionary(grouping: results, by: \.block.file).sorted { $0.key < $1.key }.compactMap { file, fileResults in
            guard let data = reader.contents(file) else { return nil }
            var lines = String(decoding: data, as: UTF8.self).lineSlices.map(String.init)
            // From the bottom up, so earlier line numbers stay right.
            for result in fileResults.sorted(by: { $0.block.code.position.line > $1.block.code.position.line }) where result.diagnostic == nil {
                let output = Self.lines(result.output)
                if let expected = result.block.expected {
                    if Self.matches(result.output, expected: expected.code) { continue }  // keeps its `...` lines
                    let first = expected.position.line - 1
                    let existing = expected.code.lineSlices.count - 1
                    lines.replaceSubrange(first..<(first + existing), with: output)
                } else {
                    let fence = result.block.code.position.line - 1 + result.block.code.code.lineSlices.count - 1
                    guard fence < lines.count else { continue }
                    lines.insert(contentsOf: ["", "```output"] + output + ["```"], at: fence + 1)
                }
            }
            return (file, lines.joined(separator: "\n"))
        }
    }
}
