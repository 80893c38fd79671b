import FolioLoad
import FolioMarkdown
import FolioModel
import FolioText
import FolioYAML
import Foundation

/// The compile step that replaces each `folio` block with what it asks for: deliverables
/// tables, requirement coverage, a runbook index, a compose file's services, a makefile's
/// targets, any YAML list as a table.
///
/// Each directive writes Markdown (`GeneratedMarkdown`) that is parsed like a page, so its
/// tables are the tables a person would write, its headings get ids and its links are resolved
/// and checked like the page's own, reported at the line of the file they came from.
struct DirectiveExpander {
    let config: Config
    let tree: RepositoryTree
    /// The repository's files, read through load's reader.
    let reader: any FileSource
    /// The words of generated tables, in the site's language.
    let labels: [String: String]
    var diagnostics = Diagnostics()
    /// The deliverables files read: those named in folio.yaml (read by the load stage), and
    /// those a directive names with `file:`, read here once each.
    private(set) var deliverables: DeliverablesLoad
    /// The repository paths of the deliverables files a page shows: the build reports their problems.
    private(set) var shownDeliverables: Set<String> = []
    private var readDeliverables: Set<String>

    init(config: Config, tree: RepositoryTree, reader: any FileSource, deliverables: DeliverablesLoad) {
        self.config = config
        self.tree = tree
        self.reader = reader
        self.labels = Strings.table(for: config)
        self.deliverables = deliverables
        readDeliverables = Set(config.deliverables.compactMap { RepoPath.normalize($0.path) })
    }

    func label(_ key: String) -> String { labels[key] ?? key }

    /// Every page with its directives expanded (the runbook index reads the pages' runbooks).
    mutating func expand(_ pages: [Page]) -> [Page] {
        let runbooks = pages.filter { $0.runbook != nil && !$0.isGenerated }.sorted { $0.source < $1.source }
        return pages.map { page in
            let blocks = page.document.directiveBlocks
            guard !blocks.isEmpty else { return page }
            var generated: [Int: MarkdownDocument] = [:]
            var headings = page.document.headings.map(\.text)
            let directives = blocks.compactMap { number in
                Directive.read(page.document.codeBlocks[number], path: page.source, into: &diagnostics).map { (number, $0) }
            }
            // Details link each requirement to the coverage table when the page has one: to the
            // heading above it.
            let coverageAnchor = directives.first { $0.1.kind is RequirementsCoverageDirective }.flatMap { coverage in
                page.document.headings.last { $0.position.line < coverage.1.location.line ?? 0 }?.id
            }
            let context = DirectiveContext(page: page, runbooks: runbooks, coverageAnchor: coverageAnchor)
            for (number, directive) in directives {
                guard let markdown = generate(directive, in: context) else { continue }
                let fragment = parse(markdown, for: page, headingsBefore: headings)
                headings += fragment.headings.map(\.text)
                generated[number] = fragment
            }
            return page.expanded(into: page.document.expandingDirectives(generated))
        }
    }

    private mutating func generate(_ directive: Directive, in context: DirectiveContext) -> GeneratedMarkdown? {
        var output = GeneratedMarkdown(pageSource: context.page.source)
        return directive.kind.generate(directive, in: context, with: &self, into: &output) ? output : nil
    }

    /// Parses generated Markdown as part of `page`: raw HTML from YAML shown as text, heading ids
    /// after the page's own, each link placed at its origin (and, when it was written in a data
    /// file, made relative to the page).
    private func parse(_ output: GeneratedMarkdown, for page: Page, headingsBefore: [String]) -> MarkdownDocument {
        var parser = MarkdownParser(slugs: config.anchors.slugs)
        parser.extensions = config.markdownExtensions
        parser.extensions.enabled.remove(.snippets)
        parser.allowsRawHTML = false
        parser.headingsBefore = headingsBefore
        var document = parser.parse(output.markdown, renderingHTML: !page.document.html.isEmpty)
        for index in document.links.indices {
            let link = document.links[index]
            let line = link.position.line - 1
            let fallback = output.origins.last ?? SourceLocation(path: page.source)
            var origin = output.origins.indices.contains(line) ? output.origins[line] : fallback
            if let own = output.linkOrigins[link.destination] {
                origin = own
            } else if origin.path != page.source {
                document.links[index].destination = rebased(link.destination, writtenIn: origin.path, output: output)
            }
            document.links[index].file = origin.path == page.source ? nil : origin.path
            document.links[index].position = TextPosition(line: origin.line ?? 1, column: origin.column ?? 1)
        }
        for index in document.headings.indices {
            document.headings[index].position = TextPosition(line: output.origins.first?.line ?? 1, column: 1)
        }
        return document
    }

    /// A relative link written in the data file at `file`, as the page links to the same target.
    private func rebased(_ destination: String, writtenIn file: String, output: GeneratedMarkdown) -> String {
        guard !destination.isEmpty, !Routes.hasScheme(destination), !destination.hasPrefix("/"), !destination.hasPrefix("#") else {
            return destination
        }
        let end = destination.firstIndex { $0 == "#" || $0 == "?" } ?? destination.endIndex
        let path = String(destination[..<end])
        guard let normalized = RepoPath.normalize(RepoPath.join(RepoPath.directory(of: file), path.removingPercentEncoding ?? path)) else {
            return destination
        }
        return output.relative(normalized + (path.hasSuffix("/") ? "/" : "")) + destination[end...]
    }

    // MARK: - Files named by directives

    /// A path written in a page: relative to it, or to the repository root with a leading `/`.
    func repositoryPath(_ written: String, from source: String) -> String? {
        RepoPath.normalize(written.hasPrefix("/") ? written : RepoPath.join(RepoPath.directory(of: source), written))
    }

    /// The repository path of a file a directive names, or an error at the directive.
    mutating func locate(_ written: String, at location: SourceLocation, what: String) -> String? {
        guard let path = repositoryPath(written, from: location.path) else {
            diagnostics.error(
                "directive.file-missing", "the \(what) '\(written)' is outside the repository; Folio reads data from the repository only", at: location,
                suggestion: "paths are relative to the page; start with '/' for the repository root")
            return nil
        }
        if tree.files.contains(path) { return path }
        let guess = Suggestions.closest(to: RepoPath.fileName(written), in: tree.names(in: RepoPath.directory(of: path)))
        diagnostics.error(
            "directive.file-missing", "the \(what) '\(written)' does not exist", at: location,
            suggestion: guess.map { "did you mean '\($0)'?" } ?? "paths are relative to the page; start with '/' for the repository root")
        return nil
    }

    /// The text of a repository file, or an error at the directive.
    mutating func read(_ written: String, at location: SourceLocation, what: String) -> (path: String, text: String)? {
        guard let path = locate(written, at: location, what: what) else { return nil }
        let data: [UInt8]
        switch reader.read(path) {
        case .success(let bytes): data = bytes
        case .failure(let problem):
            diagnostics.error("load.unreadable", "cannot read the \(what) '\(path)': \(problem.message)", at: location)
            return nil
        }
        return (path, String(decoding: data, as: UTF8.self))
    }

    /// The deliverables file a directive shows: its `file:`, else the one named in folio.yaml.
    mutating func deliverablesFile(for directive: Directive) -> DeliverablesFile? {
        let path: String
        if let (written, location) = directive.file {
            guard let found = locate(written, at: location, what: "deliverables file") else { return nil }
            path = found
        } else if config.deliverables.count == 1, let named = RepoPath.normalize(config.deliverables[0].path) {
            path = named
        } else {
            diagnostics.error(
                "directive.invalid",
                config.deliverables.isEmpty
                    ? "no deliverables file is named in folio.yaml" : "folio.yaml names \(config.deliverables.count) deliverables files: say which one",
                at: directive.location,
                suggestion: config.deliverables.isEmpty ? "add 'deliverables: path/to/deliverables.yaml' to folio.yaml, or 'file:' here" : "add 'file: path' to the block")
            return nil
        }
        shownDeliverables.insert(path)
        if readDeliverables.insert(path).inserted {
            deliverables.read([NamedPath(path: path, mark: TextPosition(line: directive.location.line ?? 1, column: 1))], configPath: directive.location.path)
        }
        if let file = deliverables.files.first(where: { $0.path == path }) { return file }
        if !tree.files.contains(path) {
            diagnostics.error(
                "directive.file-missing", "the deliverables file '\(path)' named in folio.yaml does not exist", at: directive.location,
                suggestion: "fix 'deliverables:' in folio.yaml, or name a file with 'file:'")
        }
        // Otherwise it could not be read, and its problems are reported at their lines.
        return nil
    }
}
