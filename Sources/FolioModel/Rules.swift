/// Every rule a check reports, with what it means: SARIF's rule metadata and the docs' table.
public enum Rules {
    public struct Rule: Sendable {
        public let id: String
        public let severity: Diagnostic.Severity
        public let summary: String
    }

    /// The rules of the link check.
    public static let links: [Rule] = [
        Rule(id: "link.missing-file", severity: .error, summary: "A relative link or image points at a file or folder that does not exist."),
        Rule(id: "link.missing-anchor", severity: .error, summary: "A #fragment names a heading, id or line that its target does not have."),
        Rule(id: "link.outside-repository", severity: .error, summary: "A relative link climbs above the repository root."),
        Rule(id: "link.unknown-scheme", severity: .warning, summary: "A link has a scheme Folio does not know, often a typo such as htps://."),
        Rule(id: "link.unsafe-url", severity: .warning,
            summary: "A link or image URL that could run script (javascript:, data:text/html...) was left out of the page."),
        Rule(id: "link.empty", severity: .warning, summary: "A link or image has an empty target."),
        Rule(id: "link.unused-ignore", severity: .warning, summary: "An ignore pattern or folio-ignore comment matches no link."),
        Rule(id: "link.external-broken", severity: .error, summary: "An external URL answers with a status that is not accepted (404, 410, 500...)."),
        Rule(id: "link.redirect-loop", severity: .error, summary: "An external URL redirects in a loop or more than 10 times."),
        Rule(id: "link.external-anchor", severity: .error, summary: "An external HTML page has no id for the link's #fragment."),
        Rule(id: "link.external-unverified", severity: .warning,
            summary: "An external URL could not be verified after retries: rate-limited (429), timed out or unreachable."),
        Rule(id: "link.outside-site", severity: .warning,
            summary: "folio build: a link to a repository file that is not part of the site, while repository.url is not set."),
    ]

    /// The rules of the command check.
    public static let commands: [Rule] = [
        Rule(id: "command.make-target-missing", severity: .error, summary: "A make command names a target the makefile does not have."),
        Rule(id: "command.makefile-missing", severity: .error, summary: "A make command runs where there is no makefile (or its -f file is missing)."),
        Rule(id: "command.makefile-invalid", severity: .error, summary: "A makefile make could not read: a missing include, a line without a separator."),
        Rule(id: "command.compose-service-missing", severity: .error, summary: "A docker compose command names a service its compose files do not define."),
        Rule(id: "command.compose-file-missing", severity: .error, summary: "A docker compose command has no compose file to read."),
        Rule(id: "command.script-missing", severity: .error, summary: "A command runs a script or module that does not exist."),
        Rule(id: "command.not-executable", severity: .error, summary: "A script run as ./path is not executable."),
        Rule(id: "command.npm-script-missing", severity: .error, summary: "npm, yarn or pnpm runs a script the nearest package.json does not have."),
        Rule(id: "command.directory-missing", severity: .error, summary: "cd (or make -C) names a folder that does not exist."),
        Rule(id: "command.syntax", severity: .error,
            summary: "bash cannot parse a sh or bash block (bash -n), or a command has a quote, $(, backquote or here-document never closed."),
        Rule(id: "command.package-json-invalid", severity: .error, summary: "The package.json an npm, yarn or pnpm command reads is not valid JSON."),
        Rule(id: "command.placeholder", severity: .warning, summary: "A placeholder such as <your-token> is left in a command."),
        Rule(id: "command.run-failed", severity: .error, summary: "A runnable runbook block failed or printed something else than its output block."),
        Rule(id: "command.run-timeout", severity: .error, summary: "A runnable runbook block did not finish within --run-timeout."),
    ]

    /// The rules of the deliverables check.
    public static let deliverables: [Rule] = [
        Rule(id: "deliverable.artifact-missing", severity: .error, summary: "An available artifact's path does not exist in the repository."),
        Rule(id: "deliverable.unknown-requirement", severity: .error, summary: "A deliverable names a requirement that is not defined."),
        Rule(id: "deliverable.uncovered-requirement", severity: .warning, summary: "No deliverable fulfils a requirement."),
        Rule(id: "deliverable.duplicate-id", severity: .error, summary: "Two requirements or two deliverables share an id."),
        Rule(id: "deliverable.unknown-field", severity: .warning, summary: "A field the deliverables schema does not have."),
        Rule(id: "deliverable.invalid-value", severity: .error, summary: "A status or kind that is not one of the known values."),
        Rule(id: "deliverable.artifact-target", severity: .error, summary: "An artifact with both path and url, or an available one with neither."),
        Rule(id: "deliverable.file-missing", severity: .error, summary: "A deliverables file named in folio.yaml does not exist."),
    ]

    /// The rules of `folio` blocks (generated tables).
    public static let directives: [Rule] = [
        Rule(id: "directive.invalid", severity: .error, summary: "A folio block Folio cannot use: not YAML, an unknown directive or option, a bad value."),
        Rule(id: "directive.file-missing", severity: .error, summary: "The file: or data: of a folio block does not exist."),
        Rule(id: "directive.data-invalid", severity: .error, summary: "A file a folio block reads is not valid YAML or not the expected shape."),
        Rule(id: "directive.unknown-column", severity: .warning, summary: "A table column that no entry of the data file has."),
        Rule(id: "directive.empty", severity: .warning, summary: "A makefile where no target says what it does."),
    ]

    /// The check a rule belongs to, for the `check` field of a finding.
    public static func check(of rule: String) -> String {
        switch rule.prefix(while: { $0 != "." }) {
        case "link": return "links"
        case "command": return "commands"
        case "deliverable": return "deliverables"
        case "runbook": return "runbooks"
        case "config", "output": return "config"
        default: return "site"
        }
    }

    /// The metadata of `id`, or a generic entry for rules of other stages.
    public static func rule(_ id: String, severity: Diagnostic.Severity) -> Rule {
        (links + commands + deliverables + directives).first { $0.id == id } ?? Rule(id: id, severity: severity, summary: "See Folio's diagnostics reference for '\(id)'.")
    }
}
