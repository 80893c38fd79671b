import FolioCompile
import FolioMarkdown
import FolioModel
import Foundation

/// The offline part of the link check, shared by `folio build` and `folio check links`: every
/// relative link, image and raw-HTML reference against the repository tree, every `#fragment`
/// against its target's anchors, unknown schemes and empty links; ignores applied. External URLs
/// are collected for `ExternalCheck`.
package struct LinkCheck {
    let site: Site
    /// The repository's files, to read targets that are not pages.
    let reader: any FileSource
    let settings: LinkSettings
    /// Where folio.yaml is, repository-relative, for findings about its ignore patterns.
    var configPath = "folio.yaml"
    /// Whether external URLs are collected for ``ExternalCheck``: a build checks none, and its
    /// 14,000 at 10,000 pages (a string and a place each) were held until its last page was written.
    package var collectsExternals = true

    package init(site: Site, reader: any FileSource, settings: LinkSettings, configPath: String = "folio.yaml") {
        self.site = site
        self.reader = reader
        self.settings = settings
        self.configPath = configPath
    }

    /// An external URL and where it was written.
    package struct ExternalUse: Sendable {
        let url: String
        let location: SourceLocation
    }

    package struct Outcome: Sendable {
        package var diagnostics = Diagnostics()
        package var externals: [ExternalUse] = []
        /// How many links were read (ignored ones included).
        package var links = 0
        /// Ignore patterns and comments that matched no link: `folio check` warns about them.
        package var unusedIgnores: [Diagnostic] = []

        package init() {}
    }

    /// Checks `sources` (each on its own core) and reports each problem at the position of the link.
    /// Diagnostics with the severities mkdocs.yml's `validation` gives their rules (`nil`: left out).
    static func withLevels(_ diagnostics: Diagnostics, _ levels: [String: Diagnostic.Severity?]) -> Diagnostics {
        guard !levels.isEmpty else { return diagnostics }
        var result = Diagnostics()
        for var diagnostic in diagnostics.all {
            if let level = levels[diagnostic.rule] {
                guard let level else { continue }
                diagnostic.severity = level
            }
            result.add(diagnostic)
        }
        return result
    }

    package func run(_ sources: [LinkSource]) -> Outcome {
        let timings = Timings()
        let filesBySitePath = Dictionary(site.files.map { ($0.sitePath, $0.path) }, uniquingKeysWith: { a, _ in a })
        let index = targetIndex(for: sources, filesBySitePath: filesBySitePath)
        timings.mark("  target index")
        let hasMissing = sources.contains { $0.resolved.contains { if case .missing = $0.target { true } else { false } } }
        let names = hasMissing ? site.tree.namesByFolder() : [:]
        timings.mark("  names")
        let results = parallelMap(sources) { source in
            check(source, index: index, filesBySitePath: filesBySitePath, names: names)
        }
        timings.mark("  checked")
        var outcome = Outcome()
        var usedPatterns = Set<Int>()
        defer { timings.mark("  merged") }
        for result in results {
            outcome.diagnostics.add(contentsOf: Self.withLevels(result.outcome.diagnostics, settings.levels))
            outcome.externals += result.outcome.externals
            outcome.links += result.outcome.links
            outcome.unusedIgnores += result.outcome.unusedIgnores
            usedPatterns.formUnion(result.usedPatterns)
        }
        for (number, pattern) in settings.ignore.enumerated() where !usedPatterns.contains(number) {
            outcome.unusedIgnores.append(
                Diagnostic(
                    .warning, "link.unused-ignore", "the ignore pattern '\(pattern.source)' matched no link",
                    at: SourceLocation(configPath, pattern.mark),
                    suggestion: "remove it from links.ignore"))
        }
        return outcome
    }

    /// The findings of one file, and which ignore patterns matched its links.
    private func check(
        _ source: LinkSource, index: TargetIndex, filesBySitePath: [String: String], names: [String: [String]]
    ) -> (outcome: Outcome, usedPatterns: Set<Int>) {
        var outcome = Outcome()
        var usedPatterns = Set<Int>()
        if let refusal = source.document.refusal { outcome.diagnostics.add(Diagnostic(refusal, in: source.path)) }
        let suppressed = Dictionary(source.document.ignoredLines.map { ($0.suppressesLine, $0) }, uniquingKeysWith: { a, _ in a })
        var usedComments = Set<Int>()
        // By index: a `zip` copied each `Link` (five strings), 2% of a link check.
        let links = source.document.links
        for number in links.indices where number < source.resolved.count {
            outcome.links += 1
            if links[number].file == nil, !suppressed.isEmpty, let comment = suppressed[links[number].position.line] {
                usedComments.insert(comment.line)
                continue
            }
            if !settings.ignore.isEmpty, let matched = settings.ignore.indices.first(where: { settings.ignore[$0].matches(links[number].destination) }) {
                usedPatterns.insert(matched)
                continue
            }
            if Self.isFine(source.resolved[number]) { continue }
            let link = links[number], resolved = source.resolved[number]
            let location = SourceLocation(path: link.file ?? source.path, line: link.position.line, column: link.position.column)
            // A link the page leaves out: a scheme that can run script. An unknown scheme (`htps:`,
            // a typo) is left out too, and reported as such below, with its suggestion.
            if !site.config.unsafeHTML,
                !HTMLSanitizer.isSafeURL(link.destination, isImage: link.kind == .image || (link.kind == .html && link.text == "src")),
                Self.knownSchemes.contains(Self.scheme(of: link.destination))
            {
                outcome.diagnostics.warning(
                    "link.unsafe-url", "'\(link.destination)' is left out of the page: only http, https, mailto, relative and fragment URLs are published",
                    at: location, suggestion: "link to an https:// page, or set markdown.unsafe_html: true in folio.yaml if the site must run it",
                    target: link.destination)
                continue
            }
            var context = Context(
                written: link.destination, location: location, source: source, index: index, filesBySitePath: filesBySitePath, names: names)
            context.isImage = link.kind == .image || (link.kind == .html && link.text == "src")
            check(resolved, context, into: &outcome)
        }
        for comment in source.document.ignoredLines where !usedComments.contains(comment.line) {
            outcome.unusedIgnores.append(
                Diagnostic(
                    .warning, "link.unused-ignore", "this folio-ignore comment suppresses nothing: line \(comment.suppressesLine) has no link",
                    at: SourceLocation(path: source.path, line: comment.line, column: 1), suggestion: "remove the comment"))
        }
        return (outcome, usedPatterns)
    }

    /// Whether a `folio-ignore` comment or a `links.ignore` pattern suppresses `link`.
    func isIgnored(_ link: Link, in document: MarkdownDocument) -> Bool {
        (link.file == nil && document.ignoredLines.contains { $0.suppressesLine == link.position.line }) || settings.ignore.contains { $0.matches(link.destination) }
    }

    /// A link to a page, with no fragment or one the page has: most links, decided without
    /// building a context.
    private static func isFine(_ resolved: ResolvedLink) -> Bool {
        if case .page = resolved.target { return !resolved.isFragmentMissing }
        return false
    }

    private struct Context {
        let written: String
        let location: SourceLocation
        let source: LinkSource
        let index: TargetIndex
        let filesBySitePath: [String: String]
        let names: [String: [String]]
        /// An image (`![x](a.png#only-dark)`): its fragment tells a theme when to show it
        /// (GitHub's `#gh-dark-mode-only`, Material's `#only-light`); it names no anchor.
        var isImage = false
    }

    private func check(_ resolved: ResolvedLink, _ context: Context, into outcome: inout Outcome) {
        let written = context.written
        func error(_ rule: String, _ message: String, _ suggestion: String?) {
            outcome.diagnostics.error(rule, message, at: context.location, suggestion: suggestion, target: written)
        }
        switch resolved.target {
        case .empty:
            outcome.diagnostics.warning(
                "link.empty", "the link has no target", at: context.location,
                suggestion: "write where it should lead, or remove the link", target: written)
        case .external:
            checkScheme(written, context, into: &outcome)
        case .outsideRepository:
            error("link.outside-repository", "'\(written)' leads outside the repository", "link to a file inside the repository, or use a full https:// URL")
        case .missing(let path) where written.hasPrefix("(") && written.hasSuffix(")"):
            error(
                "link.missing-file", "'\(written)' is read as a relative path to a file that does not exist: the parentheses are part of the link",
                missingSuggestion(written, path, context))
        case .missing(let path):
            error("link.missing-file", "'\(written)' points at '\(path)', which does not exist", missingSuggestion(written, path, context))
        case .page(let target) where resolved.isFragmentMissing:
            let anchors = site.page(named: target)?.document.anchors ?? []
            let name = target == context.source.page ? "this page" : "'\(target)'"
            reportMissingAnchor(resolved, in: name, anchors: anchors, context, into: &outcome)
        case .page:
            break
        case .repository(let path, let isFolder):
            checkFragment(resolved, at: path, isFolder: isFolder, context, into: &outcome)
        case .file(let sitePath):
            checkFragment(resolved, at: context.filesBySitePath[sitePath] ?? sitePath, isFolder: false, context, into: &outcome)
        }
    }

    /// `https:` and friends pass (http and https go to the external check); anything else is
    /// probably a typo or a pasted prefix.
    private func checkScheme(_ written: String, _ context: Context, into outcome: inout Outcome) {
        if written.hasPrefix("//") {
            if collectsExternals { outcome.externals.append(ExternalUse(url: "https:" + written, location: context.location)) }
            return
        }
        let scheme = Self.scheme(of: written)
        if scheme == "http" || scheme == "https" {
            if collectsExternals { outcome.externals.append(ExternalUse(url: written, location: context.location)) }
            return
        }
        guard !Self.knownSchemes.contains(scheme) else { return }
        let rest = String(written.dropFirst(scheme.count + 1))
        var suggestion: String?
        if let inner = rest.range(of: "://"), Self.knownSchemes.contains(rest[..<inner.lowerBound].lowercased()) {
            suggestion = "did you mean '\(rest)'?"
        } else if let guess = Suggestions.closest(to: scheme, in: ["http", "https", "mailto", "ftp", "tel", "ssh"]) {
            suggestion = "did you mean '\(guess):\(rest)'?"
        }
        outcome.diagnostics.warning(
            "link.unknown-scheme",
            "'\(written)' has the unknown scheme '\(scheme):'; it is not checked" + (site.config.unsafeHTML ? "" : " and is left out of the page"),
            at: context.location,
            suggestion: suggestion ?? "add it to links.ignore if it is intended", target: written)
    }

    /// The scheme of a URL as a browser reads it (tabs and line breaks ignored), lowercased.
    static func scheme(of url: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in url.unicodeScalars {
            if scalar == ":" { break }
            // Spaces and controls before it, and tabs and line breaks in it, are not part of it.
            if scalar.value <= 0x20 && (scalars.isEmpty || scalar == "\t" || scalar == "\n" || scalar == "\r") { continue }
            scalars.append(scalar.isASCII ? Unicode.Scalar(UInt8(scalar.value) | (scalar.properties.isUppercase ? 0x20 : 0)) : scalar)
        }
        return String(scalars)
    }

    /// The schemes a documentation link may use on purpose.
    static let knownSchemes: Set<String> = [
        "http", "https", "mailto", "tel", "ftp", "ftps", "sftp", "ssh", "git", "file", "data", "irc", "ircs", "news", "xmpp", "sms",
        "geo", "magnet", "webcal", "urn", "slack", "vscode", "zoommtg", "msteams", "javascript", "vbscript", "about", "chrome", "s3", "gs",
    ]

    /// A missing file: the closest name in that folder, or, for `((https://x))`, the parentheses.
    private func missingSuggestion(_ written: String, _ path: String, _ context: Context) -> String? {
        if written.hasPrefix("("), written.hasSuffix(")") {
            var inner = Substring(written)
            while inner.hasPrefix("("), inner.hasSuffix(")") { inner = inner.dropFirst().dropLast() }
            return "remove the extra parentheses: '\(inner)'"
        }
        guard let guess = Suggestions.closest(to: RepoPath.fileName(path), in: context.names[RepoPath.directory(of: path)] ?? []) else { return nil }
        return "did you mean '\(Self.replacingLastName(of: written, with: guess))'?"
    }

    /// A fragment on a repository file or folder that is not a site page.
    private func checkFragment(_ resolved: ResolvedLink, at path: String, isFolder: Bool, _ context: Context, into outcome: inout Outcome) {
        guard let fragment = Fragment.checked(resolved.fragment), !context.isImage else { return }
        var target = path
        if isFolder {
            guard let readme = site.resolver.readme(in: path) else {
                outcome.diagnostics.error(
                    "link.missing-anchor", "'\(context.written)': the folder '\(path)' has no README to hold '#\(fragment)'", at: context.location,
                    suggestion: "link to the file that has the heading", target: context.written)
                return
            }
            target = readme
        }
        switch context.index[target] {
        case .anchors(let ids, let sorted)?:
            if !Fragment.isFound(fragment, in: ids, onGitHub: true) {
                reportMissingAnchor(resolved, in: "'\(target)'", anchors: sorted, context, into: &outcome)
            }
        case .lines(let count)?:
            guard let range = Fragment.lineRange(fragment) else {
                outcome.diagnostics.error(
                    "link.missing-anchor", "'\(context.written)': '\(target)' is not Markdown or HTML; only line anchors like #L10 or #L10-L20 exist there",
                    at: context.location, target: context.written)
                return
            }
            if range.upperBound > count {
                outcome.diagnostics.error(
                    "link.missing-anchor", "'\(context.written)': '\(target)' has \(count) line\(count == 1 ? "" : "s")", at: context.location,
                    suggestion: count > 0 ? "the last line is #L\(count)" : nil, target: context.written)
            }
        case .unreadable?, nil:
            break
        }
    }

    private func reportMissingAnchor(
        _ resolved: ResolvedLink, in name: String, anchors: [String], _ context: Context, into outcome: inout Outcome
    ) {
        let fragment = resolved.fragment ?? ""
        let shown = Fragment.id(fragment)
        let base = context.written.firstIndex(of: "#").map { String(context.written[..<$0]) } ?? context.written
        // GitHub's page script forgives the case of a fragment; ids, browsers and other renderers do not.
        if let exact = anchors.first(where: { $0.lowercased() == shown.lowercased() }) {
            outcome.diagnostics.error(
                "link.missing-anchor",
                "'\(context.written)': \(name) has the anchor '\(exact)', not '\(shown)'; only GitHub forgives the case of a fragment",
                at: context.location, suggestion: "write '\(base)#\(exact)'", target: context.written)
            return
        }
        let guess = Suggestions.closestAnchor(to: shown, in: anchors)
        outcome.diagnostics.error(
            "link.missing-anchor", "'\(context.written)': \(name) has no heading or anchor '\(shown)'", at: context.location,
            suggestion: guess.map { "did you mean '\(base)#\($0)'?" }, target: context.written)
    }

    /// The anchors or line counts of every non-page target that a link names with a fragment.
    private func targetIndex(for sources: [LinkSource], filesBySitePath: [String: String]) -> TargetIndex {
        var needed = Set<String>()
        for source in sources {
            for resolved in source.resolved {
                guard Fragment.checked(resolved.fragment) != nil else { continue }
                switch resolved.target {
                case .repository(let path, let isFolder):
                    if isFolder {
                        if let readme = site.resolver.readme(in: path) { needed.insert(readme) }
                    } else {
                        needed.insert(path)
                    }
                case .file(let sitePath):
                    needed.insert(filesBySitePath[sitePath] ?? sitePath)
                default: continue
                }
            }
        }
        guard !needed.isEmpty else { return TargetIndex() }
        let known = Dictionary(sources.filter { $0.page == nil }.map { ($0.path, $0.document) }, uniquingKeysWith: { a, _ in a })
        return TargetIndex.build(needed, known: known, reader: reader, parser: site.config.markdownParser(reader: reader))
    }

    /// `../docs/setpu.md#x` with `setup.md` -> `../docs/setup.md#x`.
    static func replacingLastName(of destination: String, with name: String) -> String {
        var path = Substring(destination)
        var suffix = ""
        if let mark = path.firstIndex(where: { $0 == "#" || $0 == "?" }) {
            suffix = String(path[mark...])
            path = path[..<mark]
        }
        let trailing = path.hasSuffix("/") ? "/" : ""
        if !trailing.isEmpty { path = path.dropLast() }
        let folder = path.lastIndex(of: "/").map { String(path[...$0]) } ?? ""
        return folder + name + trailing + suffix
    }
}
