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

/// A JSON value for the hand-written encoders (fixed key order, byte-identical every run).
enum JSONValue {
    case string(String)
    case number(Int)
    case bool(Bool)
    case null
    indirect case array([JSONValue])
    indirect case object([(String, JSONValue)])

    var encoded: String {
        switch self {
        case .string(let text): return Self.quote(text)
        case .number(let number): return String(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.encoded).joined(separator: ",") + "]"
        case .object(let pairs): return "{" + pairs.map { Self.quote($0.0) + ":" + $0.1.encoded }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(Array(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `bytes` (UTF-8) as a JSON string, appended to `out`: quotes, backslashes and control
    /// characters escaped, and U+2028/U+2029 for older JavaScript. With `escapingLessThan`, `<` is
    /// written `\u003c`, so that no value can close a script element (the search index).
    static func appendQuoted(_ bytes: [UInt8], to out: inout [UInt8], escapingLessThan: Bool = false) {
        out.append(UInt8(ascii: "\""))
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case UInt8(ascii: "<") where escapingLessThan: out += Array("\\u003c".utf8)
            case 0x0A: out += Array("\\n".utf8)
            case 0x0D: out += Array("\\r".utf8)
            case 0x09: out += Array("\\t".utf8)
            case 0..<0x20: out += Array(String(format: "\\u%04x", byte).utf8)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                out += Array((bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029").utf8)
                index += 2
            default: out.append(byte)
            }
            index += 1
        }
        out.append(UInt8(ascii: "\""))
    }
}
