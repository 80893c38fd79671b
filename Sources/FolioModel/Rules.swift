/// The rule registry: every rule id Folio reports, with its default severity and what it means.
/// SARIF's rule metadata comes from here; the diagnostics reference lists the same ids.
public enum Rules {
    public struct Rule: Sendable {
        public let id: String
        public let severity: Diagnostic.Severity
        public let summary: String

        package init(id: String, severity: Diagnostic.Severity, summary: String) {
            self.id = id
            self.severity = severity
            self.summary = summary
        }
    }

    /// The YAML layer: every file Folio reads as YAML.
    public static let yaml: [Rule] = [
        Rule(id: "yaml.alias-limit", severity: .error, summary: "Aliases expand past 100,000 nodes."),
        Rule(id: "yaml.duplicate-key", severity: .error, summary: "A mapping repeats a key."),
        Rule(id: "yaml.invalid-value", severity: .error, summary: "A value that is not one of those allowed."),
        Rule(id: "yaml.missing-key", severity: .error, summary: "A required key is missing."),
        Rule(id: "yaml.multiple-documents", severity: .error, summary: "A file holds a second YAML document where one is expected."),
        Rule(id: "yaml.syntax", severity: .error, summary: "YAML that libyaml cannot parse."),
        Rule(id: "yaml.type", severity: .error, summary: "A value of the wrong type: 'weight' must be a number, found \"high\"."),
        Rule(id: "yaml.unknown-anchor", severity: .error, summary: "An alias names no anchor."),
    ]

    /// Pages and the content folder: reading, front matter, routes, extensions, navigation.
    public static let pages: [Rule] = [
        Rule(id: "frontmatter.invalid", severity: .error, summary: "Front matter the decoder rejects for a reason other than a YAML error."),
        Rule(id: "frontmatter.type", severity: .error, summary: "Front matter that is not a mapping of keys."),
        Rule(id: "frontmatter.unknown-key", severity: .warning, summary: "A key that looks like a typo of title, description or weight."),
        Rule(id: "frontmatter.unterminated", severity: .error, summary: "A page opens front matter with --- and never closes it."),
        Rule(id: "page.encoding", severity: .error, summary: "Invalid UTF-8, at the first bad byte."),
        Rule(
            id: "page.too-complex", severity: .error,
            summary: "A page whose tables would make more than 500,000 cells, or whose HTML would be over 100 times its Markdown: published empty."),
        Rule(
            id: "route.conflict", severity: .error,
            summary: "Two pages would publish at one URL, or a published file at a path the site needs (a page's index.html, the theme's assets/)."),
        Rule(
            id: "snippet.cycle", severity: .error,
            summary: "A snippet that includes itself, directly or through others (or nests more than 8 deep)."),
        Rule(
            id: "snippet.missing", severity: .error,
            summary: "A --8<-- snippet that cannot be read: no such file in the snippet base paths, outside the repository, under .git, not a regular file or too large."),
        Rule(id: "anchor.duplicate", severity: .warning, summary: "Two headings given the same {#id}: links reach only the first."),
        Rule(
            id: "emoji.icon", severity: .warning,
            summary: "Material icon shortcodes (:material-check:) are shown as text: Folio has no icon set."),
        Rule(id: "nav.missing", severity: .warning, summary: "mkdocs.yml's nav names a page that does not exist."),
        Rule(
            id: "nav.omitted", severity: .note,
            summary: "A page mkdocs.yml's nav does not list: built, reachable by links (validation.nav.omitted_files and not_in_nav decide)."),
        Rule(id: "content.empty", severity: .warning, summary: "The content folder has no pages."),
        Rule(id: "content.symlink-git", severity: .warning, summary: "A symbolic link into .git: not followed or published."),
        Rule(
            id: "content.symlink-outside", severity: .warning,
            summary: "A symbolic link in the content folder whose target is outside the repository."),
        Rule(id: "load.broken-symlink", severity: .warning, summary: "A symbolic link points to nothing."),
        Rule(
            id: "load.special-file", severity: .warning,
            summary: "A FIFO, socket or device in the content folder (or a link to one): skipped."),
        Rule(id: "load.symlink-loop", severity: .error, summary: "A symbolic link leads back to a folder being read."),
        Rule(id: "load.too-large", severity: .error, summary: "A page larger than limits.file_size: not read."),
        Rule(id: "load.unreadable", severity: .error, summary: "A file or folder cannot be read."),
    ]

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
        Rule(id: "deliverable.empty", severity: .error, summary: "A deliverables file that is empty."),
        Rule(id: "deliverable.type", severity: .error, summary: "A deliverables file that is not a mapping with deliverables."),
    ]

    /// The rules of `folio` blocks (generated tables).
    public static let directives: [Rule] = [
        Rule(id: "directive.invalid", severity: .error, summary: "A folio block Folio cannot use: not YAML, an unknown directive or option, a bad value."),
        Rule(id: "directive.file-missing", severity: .error, summary: "The file: or data: of a folio block does not exist."),
        Rule(id: "directive.data-invalid", severity: .error, summary: "A file a folio block reads is not valid YAML or not the expected shape."),
        Rule(id: "directive.unknown-column", severity: .warning, summary: "A table column that no entry of the data file has."),
        Rule(id: "directive.empty", severity: .warning, summary: "A makefile where no target says what it does."),
    ]

    /// Runbook metadata.
    public static let runbooks: [Rule] = [
        Rule(id: "runbook.invalid-date", severity: .error, summary: "A last_reviewed that is not a date."),
        Rule(id: "runbook.invalid-duration", severity: .error, summary: "A review_every Folio cannot read (such as 90d, 6w or 3m)."),
        Rule(id: "runbook.overdue", severity: .warning, summary: "A runbook past its next review date."),
    ]

    /// Configuration, output folder, theme and the commands themselves; most end the run with exit code 2.
    public static let configuration: [Rule] = [
        Rule(id: "config.base-url", severity: .error, summary: "base_url is not an absolute http or https URL."),
        Rule(
            id: "config.content-outside", severity: .error,
            summary: "The content folder is outside the repository (the folder of folio.yaml)."),
        Rule(id: "config.deliverables", severity: .error, summary: "folio report: folio.yaml names no deliverables file."),
        Rule(id: "config.duplicate-key", severity: .warning, summary: "mkdocs.yml gives a key twice."),
        Rule(id: "config.language", severity: .warning, summary: "A language the theme has no words for."),
        Rule(id: "config.missing", severity: .error, summary: "A configuration file (given with --config, or named by INHERIT) does not exist."),
        Rule(id: "config.missing-content", severity: .error, summary: "The content folder does not exist."),
        Rule(id: "config.missing-templates", severity: .warning, summary: "templates is set in folio.yaml but the folder does not exist."),
        Rule(id: "config.pattern", severity: .error, summary: "An invalid regular expression in links."),
        Rule(
            id: "config.repository", severity: .error,
            summary: "repository.url is not a web address, or its host is unknown and file_url/folder_url are missing."),
        Rule(id: "config.slugs", severity: .error, summary: "An unknown anchors.slugs."),
        Rule(id: "config.type", severity: .error, summary: "A configuration value of the wrong type or shape."),
        Rule(id: "config.unknown-extension", severity: .warning, summary: "A Markdown extension Folio does not know."),
        Rule(id: "config.unknown-key", severity: .warning, summary: "An unknown key in folio.yaml, with the closest known one."),
        Rule(id: "config.unreadable", severity: .error, summary: "A configuration file that cannot be read."),
        Rule(id: "config.urls", severity: .error, summary: "urls other than folders or files."),
        Rule(id: "mkdocs.hook", severity: .warning, summary: "An MkDocs hook Folio does not run."),
        Rule(id: "mkdocs.plugin", severity: .warning, summary: "An MkDocs plugin Folio does not run, with what the site will miss."),
        Rule(id: "mkdocs.theme", severity: .note, summary: "mkdocs.yml's theme settings Folio's theme does not use."),
        Rule(id: "output.not-folio", severity: .error, summary: "The output folder holds files Folio did not write."),
        Rule(
            id: "output.unsafe", severity: .error,
            summary: "The output folder is, or contains, the repository root, the content or the templates, or lies inside the templates."),
        Rule(id: "template.syntax", severity: .error, summary: "A template that does not parse, at its line and column."),
        Rule(
            id: "template.unsafe", severity: .warning,
            summary: "A template or asset that leads out of the repository, into .git, or is not a regular file: left out."),
        Rule(id: "write.failed", severity: .error, summary: "The site could not be written."),
        Rule(
            id: "serve.listen", severity: .error,
            summary: "folio serve cannot listen on the address and port asked for (the port is in use, or the address is not this machine's)."),
        Rule(
            id: "serve.search-stale", severity: .warning,
            summary: "folio serve could not read the pages' text back from the build's temporary file: the search index stays as it was until the next change, which rebuilds the whole site."),
        Rule(id: "build.strict", severity: .note, summary: "With --strict, a finding kept the previous site."),
    ]

    /// Every rule Folio reports, once each: a test requires every rule id written in Sources/ to
    /// be here and in the diagnostics reference (content/reference/diagnostics.md).
    public static let all: [Rule] = yaml + pages + links + commands + deliverables + directives + runbooks + configuration

    private static let byID = Dictionary(all.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

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

    /// The metadata of `id`; `nil` only for an id that is not registered (a test rules that out).
    public static func rule(_ id: String) -> Rule? { byID[id] }
}
