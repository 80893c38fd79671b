import FolioModel
import Foundation

/// What `folio check` found, in the one form every output format is made from: the JSON
/// contract `{"version":1,"findings":[...],"summary":{...}}`.
public struct CheckReport: Sendable {
    /// The checks that ran (`links`), for titles.
    public var checks: [String]
    /// Every finding, sorted by file, line and column.
    public var findings: [Diagnostic]
    /// The files read, repository-relative and sorted (JUnit lists the clean ones too).
    public var files: [String]
    /// How many links were read (`nil` when the link check did not run).
    public var links: Int?
    /// How many commands were read (`nil` when the command check did not run).
    public var commands: Int?

    public var errors: Int { findings.filter { $0.severity == .error }.count }
    public var warnings: Int { findings.filter { $0.severity == .warning }.count }

    /// A runbook block run by `--run`: where its fence is, and why it failed (`nil`: it passed).
    public struct Run: Sendable {
        public var file: String
        public var line: Int
        public var failure: String?
   
        package init(file: String, line: Int, failure: String?) {
            self.file = file
            self.line = line
            self.failure = failure
        }
 }

    /// The runbook blocks run, in order (JUnit lists each as a test case).
    public var runs: [Run] = []

    public init(checks: [String], findings: [Diagnostic], files: [String], links: Int?, commands: Int? = nil, runs: [Run] = []) {
        self.runs = runs
        self.checks = checks
        self.findings = findings
        self.files = files
        self.links = links
        self.commands = commands
    }

    /// The report in `format`.
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .text: return ReportText.text(self)
        case .json: return json()
        case .github: return ReportText.github(self)
        case .markdown: return ReportText.markdown(self)
        case .junit: return ReportXML.junit(self)
        case .sarif: return ReportSARIF.sarif(self)
        }
    }

    /// The JSON contract, keys in a fixed order, one finding per line.
    public func json() -> String {
        var text = "{\"version\":1,\"findings\":["
        text += findings.map { "\n" + Self.json($0) }.joined(separator: ",")
        text += findings.isEmpty ? "]," : "\n],"
        var summary = "\"files\":\(files.count)"
        if let links { summary += ",\"links\":\(links)" }
        if let commands { summary += ",\"commands\":\(commands)" }
        text += "\"summary\":{\(summary),\"errors\":\(errors),\"warnings\":\(warnings)}}\n"
        return text
    }

    static func json(_ finding: Diagnostic) -> String {
        let fields: [(String, JSONValue)] = [
            ("check", .string(Rules.check(of: finding.rule))), ("rule", .string(finding.rule)), ("severity", .string(finding.severity.rawValue)),
            ("file", finding.location.map { .string($0.path) } ?? .null), ("line", finding.location?.line.map(JSONValue.number) ?? .null),
            ("column", finding.location?.column.map(JSONValue.number) ?? .null),
            (finding.rule.hasPrefix("command.") ? "command" : "target", finding.target.map(JSONValue.string) ?? .null),
            ("message", .string(finding.message)), ("suggestion", finding.suggestion.map(JSONValue.string) ?? .null),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1.encoded)" }.joined(separator: ",") + "}"
    }
}

/// The output formats of `folio check`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, github, junit, sarif, markdown
}
