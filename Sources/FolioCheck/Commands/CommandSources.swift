import FolioMarkdown
import FolioModel

/// A command a document tells its reader to run, with where it is written.
package struct DocumentCommand: Sendable {
    let command: ShellCommand
    /// Repository path of the document.
    let file: String
    /// Where the command's first word is in the document (1-based, scalar columns).
    let line: Int
    let column: Int
}

/// Finds the commands of a document: fenced blocks marked `sh`, `bash`, `shell`, `zsh` or
/// `console` (in `console` blocks only the lines after a `$ ` or `# ` prompt), lines of blocks
/// without an info string that start with a known tool, and code spans that start with one.
package enum CommandSources {
    static let shellLanguages: Set<String> = ["sh", "bash", "shell", "zsh", "console", "shell-session"]
    /// The tools whose commands Folio checks against the repository.
    static let knownTools: Set<String> = ["make", "docker", "docker-compose", "npm", "yarn", "pnpm"]
    /// What else starts a command in a block without an info string.
    static let blockStarters: Set<String> = ["bash", "sh", "zsh", "python", "python3", "cd", "sudo"]

    /// The commands of a document in order, and a `command.syntax` error for each text the
    /// shell could not read (an unclosed quote, `$(`, backquote or here-document) in the blocks
    /// `bash -n` does not see (``CommandSyntax`` reports those of `sh` and `bash` blocks).
    package static func commands(in document: MarkdownDocument, file: String) -> (commands: [DocumentCommand], problems: [Diagnostic]) {
        var found: [DocumentCommand] = []
        var problems: [Diagnostic] = []
        func report(_ problem: ShellSplitter.Problem, in path: String, line: Int, column: Int) {
            problems.append(
                Diagnostic(
                    .error, "command.syntax", "the shell cannot read this command: \(problem.message)",
                    at: SourceLocation(path: path, line: line, column: column),
                    suggestion: "close it, or mark the block ```template if it is not meant to run as it is"))
        }
        for block in document.codeBlocks {
            guard let text = commandText(of: block) else { continue }
            let (commands, blockProblems) = ShellSplitter.split(text)
            for command in commands {
                // A block from a snippet (`--8<--`) is reported in the snippet's file.
                found.append(
                    DocumentCommand(
                        command: command, file: block.file ?? file, line: block.position.line + command.line - 1,
                        column: block.position.column + command.column - 1))
            }
            let language = block.language.lowercased()
            guard !CommandSyntax.bashLanguages.contains(language) else { continue }
            for problem in blockProblems {
                // A console session's here-document body is written after `> ` prompts, which are not commands.
                if language == "console" || language == "shell-session", problem.message.hasPrefix("the here-document") { continue }
                report(problem, in: block.file ?? file, line: block.position.line + problem.line - 1, column: block.position.column + problem.column - 1)
            }
        }
        for span in commandSpans(in: document) {
            let (commands, spanProblems) = ShellSplitter.split(span.code)
            for command in commands where command.line == 1 {
                found.append(
                    DocumentCommand(command: command, file: span.file ?? file, line: span.position.line, column: span.position.column + command.column - 1))
            }
            for problem in spanProblems where problem.line == 1 {
                report(problem, in: span.file ?? file, line: span.position.line, column: span.position.column + problem.column - 1)
            }
        }
        return (found.sorted { ($0.line, $0.column) < ($1.line, $1.column) }, problems)
    }

    /// The part of a block a reader runs, line for line (other lines empty), or `nil` when the
    /// block holds no commands: not shell, or marked `template` (```` ```bash template ````,
    /// an example for another repository).
    static func commandText(of block: CodeBlock) -> String? {
        guard !block.hasMarker("template") else { return nil }
        let language = block.language.lowercased()
        if shellLanguages.contains(language) {
            return language == "console" || language == "shell-session" ? promptedLines(block.code) : block.code
        }
        return language.isEmpty ? linesStartingWithATool(block.code) : nil
    }

    /// The code spans a reader runs: those that start with a known tool.
    static func commandSpans(in document: MarkdownDocument) -> [CodeSpan] {
        document.codeSpans.filter { span in span.code.split(separator: " ").first.map { knownTools.contains(String($0)) } ?? false }
    }

    /// A console session's commands: the text after each `$ ` or `# ` prompt (and the lines
    /// that continue it with `\`); the output lines become empty, so lines keep their numbers.
    static func promptedLines(_ code: String) -> String {
        var result: [String] = []
        var continues = false
        for line in code.lineSlices {
            let trimmed = line.drop { $0 == " " }
            if continues {
                result.append(String(line))
            } else if trimmed.hasPrefix("$ ") || trimmed.hasPrefix("# ") {
                let indent = line.count - trimmed.count
                result.append(String(repeating: " ", count: indent + 2) + trimmed.dropFirst(2))
            } else {
                result.append("")
                continue
            }
            continues = line.hasSuffix("\\")
        }
        return result.joined(separator: "\n")
    }

    /// The lines of a block without an info string that start with a known tool (and the
    /// lines that continue them); the rest become empty.
    static func linesStartingWithATool(_ code: String) -> String {
        var result: [String] = []
        var continues = false
        for line in code.lineSlices {
            let first = line.split(separator: " ").first.map(String.init) ?? ""
            let isCommand = knownTools.contains(first) || blockStarters.contains(first) || first.hasPrefix("./")
            if continues || isCommand {
                result.append(String(line))
                continues = line.hasSuffix("\\")
            } else {
                result.append("")
            }
        }
        return result.joined(separator: "\n")
    }
}

extension CodeBlock {
    /// Whether the info string names `marker` after the language: ```` ```bash template ```` or
    /// ```` ```bash {run} ````.
    func hasMarker(_ marker: String) -> Bool {
        info.split(separator: " ").dropFirst().contains { $0 == marker || $0 == "{\(marker)}" }
    }
}
