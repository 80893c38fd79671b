import FolioMarkdown
import FolioModel
import Foundation

/// The line-based formats: text for people, GitHub workflow commands, a Markdown job summary.
enum ReportText {
    /// `path:line:column: severity: message (suggestion) [rule]`, then a summary line.
    static func text(_ report: CheckReport) -> String {
        var text = report.findings.map { $0.description + "\n" }.joined()
        text += summary(report) + "\n"
        return text
    }

    static func summary(_ report: CheckReport) -> String {
        let read = [count(report.files.count, "file")] + [report.links.map { count($0, "link") }, report.commands.map { count($0, "command") }].compactMap { $0 }
        let listed = read.count > 1 ? read.dropLast().joined(separator: ", ") + " and " + read.last! : read.joined()
        return "checked \(listed): "
            + "\(count(report.errors, "error")), \(count(report.warnings, "warning"))"
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// GitHub Actions workflow commands: `::error file=docs/setup.md,line=12,col=3,title=rule::message`.
    static func github(_ report: CheckReport) -> String {
        var text = ""
        for finding in report.findings {
            let command = finding.severity == .error ? "error" : finding.severity == .warning ? "warning" : "notice"
            var properties: [String] = []
            if let location = finding.location {
                properties.append("file=" + property(location.path))
                if let line = location.line { properties.append("line=\(line)") }
                if let column = location.column { properties.append("col=\(column)") }
            }
            properties.append("title=" + property(finding.rule))
            var message = finding.message
            if let suggestion = finding.suggestion { message += " (\(suggestion))" }
            text += "::\(command) \(properties.joined(separator: ","))::\(data(Printable.escape(message, keepingLines: true)))\n"
        }
        return text + summary(report) + "\n"
    }

    /// Escaping of a workflow command's message.
    private static func data(_ text: String) -> String {
        text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Escaping of a workflow command's property value.
    private static func property(_ text: String) -> String {
        data(Printable.escape(text)).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }

    /// A job summary (`$GITHUB_STEP_SUMMARY`) or a comment: a headline and one table row per finding.
    static func markdown(_ report: CheckReport) -> String {
        let mark = report.errors > 0 ? "❌" : report.warnings > 0 ? "⚠️" : "✅"
        var text = "## \(mark) Folio: \(report.checks.joined(separator: ", "))\n\n\(summary(report)).\n"
        guard !report.findings.isEmpty else { return text }
        text += "\n| | Where | Rule | Problem |\n| --- | --- | --- | --- |\n"
        for finding in report.findings {
            let icon = finding.severity == .error ? "❌ error" : finding.severity == .warning ? "⚠️ warning" : "ℹ️ note"
            var problem = finding.message
            if let suggestion = finding.suggestion { problem += " (\(suggestion))" }
            text += "| \(icon) | \(cell(finding.location?.description ?? "")) | `\(finding.rule)` | \(cell(problem)) |\n"
        }
        return text
    }

    /// A table cell: pipes escaped, Markdown and HTML special characters neutralized.
    private static func cell(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        for scalar in Printable.escape(text, keepingLines: true).unicodeScalars {
            switch scalar {
            case "|", "\\", "`", "*", "_", "[", "]", "<", ">", "#", "!": result.append(contentsOf: ["\\", scalar])
            case "\n": result.append(" ")
            default: result.append(scalar)
            }
        }
        return String(result)
    }
}

/// JUnit XML: one test suite per check, one test case per file read; a file's errors are
/// failures of its test case, its warnings its output.
enum ReportXML {
    static func junit(_ report: CheckReport) -> String {
        let byFile = Dictionary(grouping: report.findings) { $0.location?.path ?? "" }
        let files = Array(Set(report.files).union(byFile.keys)).sorted()
        let failing = files.filter { (byFile[$0] ?? []).contains { $0.severity == .error } }.count
        let name = "folio check " + report.checks.joined(separator: " ")
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"\(escapeHTML(name))\" tests=\"\(files.count)\" failures=\"\(failing)\" errors=\"0\">\n"
        xml += "  <testsuite name=\"\(escapeHTML(name))\" tests=\"\(files.count)\" failures=\"\(failing)\" errors=\"0\" skipped=\"0\">\n"
        for file in files {
            let findings = byFile[file] ?? []
            let shown = file.isEmpty ? "(configuration)" : file
            xml += "    <testcase classname=\"\(escapeHTML(report.checks.joined(separator: ".")))\" name=\"\(escapeHTML(Printable.escape(shown)))\""
            guard !findings.isEmpty else {
                xml += "/>\n"
                continue
            }
            xml += ">\n"
            let errors = findings.filter { $0.severity == .error }
            if !errors.isEmpty {
                let message = errors.count == 1 ? Printable.escape(errors[0].message) : "\(errors.count) errors"
                xml += "      <failure type=\"\(escapeHTML(errors[0].rule))\" message=\"\(escapeHTML(message))\">"
                xml += escapeHTML(errors.map(\.description).joined(separator: "\n")) + "</failure>\n"
            }
            let others = findings.filter { $0.severity != .error }
            if !others.isEmpty {
                xml += "      <system-out>" + escapeHTML(others.map(\.description).joined(separator: "\n")) + "</system-out>\n"
            }
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n"
        if !report.runs.isEmpty {
            let failed = report.runs.filter { $0.failure != nil }.count
            xml += "  <testsuite name=\"folio runbooks\" tests=\"\(report.runs.count)\" failures=\"\(failed)\" errors=\"0\" skipped=\"0\">\n"
            for run in report.runs {
                xml += "    <testcase classname=\"runbooks\" name=\"\(escapeHTML(Printable.escape(run.file))):\(run.line)\""
                if let failure = run.failure {
                    xml += ">\n      <failure type=\"command.run-failed\" message=\"\(escapeHTML(Printable.escape(failure.split(separator: "\n").first.map(String.init) ?? failure)))\">"
                    xml += escapeHTML(Printable.escape(failure, keepingLines: true)) + "</failure>\n    </testcase>\n"
                } else {
                    xml += "/>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }
}

/// SARIF 2.1.0, as GitHub code scanning and other static-analysis viewers read it.
enum ReportSARIF {
    static func sarif(_ report: CheckReport) -> String {
        var ruleIDs: [String] = []
        var severities: [String: Diagnostic.Severity] = [:]
        // Every rule of the checks that ran (a check's rules are its family's: `links`, `link.*`).
        for check in report.checks { ruleIDs += Rules.all.filter { Rules.check(of: $0.id) == check }.map(\.id) }
        for finding in report.findings where !ruleIDs.contains(finding.rule) {
            ruleIDs.append(finding.rule)
            severities[finding.rule] = finding.severity
        }
        let rules: [JSONValue] = ruleIDs.map { id in
            let rule = Rules.rule(id) ?? Rules.Rule(id: id, severity: severities[id] ?? .error, summary: "See Folio's diagnostics reference for '\(id)'.")
            return .object([
                ("id", .string(rule.id)), ("shortDescription", .object([("text", .string(rule.summary))])),
                ("helpUri", .string("https://github.com/folio-docs/folio/blob/main/content/reference/diagnostics.md")),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
            ])
        }
        let results: [JSONValue] = report.findings.map { finding in
            var message = finding.message
            if let suggestion = finding.suggestion { message += " (\(suggestion))" }
            var result: [(String, JSONValue)] = [
                ("ruleId", .string(finding.rule)), ("ruleIndex", .number(ruleIDs.firstIndex(of: finding.rule) ?? 0)),
                ("level", .string(level(finding.severity))), ("message", .object([("text", .string(message))])),
            ]
            if let location = finding.location {
                var region: [(String, JSONValue)] = []
                if let line = location.line { region.append(("startLine", .number(line))) }
                if let column = location.column { region.append(("startColumn", .number(column))) }
                var physical: [(String, JSONValue)] = [
                    ("artifactLocation", .object([("uri", .string(uri(location.path))), ("uriBaseId", .string("%SRCROOT%"))]))
                ]
                if !region.isEmpty { physical.append(("region", .object(region))) }
                result.append(("locations", .array([.object([("physicalLocation", .object(physical))])])))
            }
            return .object(result)
        }
        let driver: JSONValue = .object([
            ("name", .string("folio")), ("semanticVersion", .string(folioVersion)),
            ("informationUri", .string("https://github.com/folio-docs/folio")), ("rules", .array(rules)),
        ])
        let run: JSONValue = .object([("tool", .object([("driver", driver)])), ("results", .array(results))])
        let document: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")), ("version", .string("2.1.0")), ("runs", .array([run])),
        ])
        return document.encoded + "\n"
    }

    private static func level(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    /// A repository path as a relative URI reference.
    private static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }
}
