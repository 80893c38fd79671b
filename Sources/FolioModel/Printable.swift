/// Text from the repository (file names, link targets, command output) made safe to print in a
/// terminal, a CI log or an XML report: a control character becomes a visible escape (`\n`,
/// `\t`, `\u{1B}`), so a file named `evil\n::error file=README.md::x` cannot print a line that
/// GitHub Actions obeys, and an ESC byte cannot drive the terminal or break XML.
package enum Printable {
    /// `text` with its control characters (C0, DEL, C1) escaped. With `keepingLines`, a newline
    /// stays a newline (a runbook's output, a diff), but a line after the first that would start
    /// with `::` (GitHub's workflow commands, spaces before it ignored) gets `\:` instead.
    package static func escape(_ text: String, keepingLines: Bool = false) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) || (keepingLines && text.contains("::")) else { return text }
        var result = String.UnicodeScalarView()
        var atLineStart = false
        for scalar in text.unicodeScalars {
            if keepingLines, scalar == "\n" {
                result.append(scalar)
                atLineStart = true
                continue
            }
            if atLineStart, scalar == " " {
                result.append(scalar)
                continue
            }
            if atLineStart, scalar == ":" {
                result.append(contentsOf: "\\:".unicodeScalars)
                atLineStart = false
                continue
            }
            atLineStart = false
            guard needsEscape(scalar) else {
                result.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            default: result.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(result)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
