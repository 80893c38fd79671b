import FolioCheck
import FolioCompile
import FolioLoad
import FolioMarkdown
import FolioModel
import FolioParse
import FolioRender
import FolioWrite
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `folio serve`'s builds. The first is a whole build, and what it compiled stays in memory: the
/// site, each page's parse, the site's diagnostics and each page's. After an edit of the text or
/// headings of pages (the watcher says which files changed), only those pages are parsed,
/// checked, rendered and written, in place, the pages that link to their anchors are checked
/// again, and the search index is brought up to date afterwards (``updateSearch(after:done:)``).
/// Anything else (an edit of what other pages show of a page: its title, description, weight,
/// front matter; a page with a `folio` block; any file that is not a page) is a whole build, as
/// `folio build` makes it.
package final class LiveBuild: @unchecked Sendable {
    /// What the last whole build left, brought up to date by each edit since.
    struct State {
        let options: BuildOptions
        var compilation: Builder.Compilation
        var renderer: Renderer
        /// The diagnostics of setup, load and compile, by the path they are reported at (`""`:
        /// none): an edit of a page's text leaves them as they are.
        let siteDiagnostics: [String: [Diagnostic]]
        /// The link check's findings, by the path they are reported at.
        var linkDiagnostics: [String: [Diagnostic]]
        /// Every diagnostic, sorted, by path: an edit sorts again only its pages', and puts
        /// them in place in `result`'s.
        var report: [String: [Diagnostic]] = [:]
        let store: BuildCache
        var entry: BuildCache.Entry
        let usesCache: Bool
        var result: BuildResult
        /// Whether the search index is older than the pages.
        var searchIsStale = false
        /// A body could not be read back from the spill (an I/O error on the build's temporary
        /// file): the next rebuild is whole, with a new spill.
        var spillFailed = false
    }

    private var state: State?
    /// Held by a rebuild, and by the search index while it writes: they never write at once.
    private let lock = NSLock()
    /// Counts rebuilds: a search index made for an older one is not written.
    private var generation = 0

    package init() {}

    /// A rebuild's result, and how its findings differ from the last one's.
    package struct Rebuild: Sendable {
        package let result: BuildResult
        /// The findings the last rebuild did not have (every finding, the first time), in order.
        package let new: [Diagnostic]
        /// How many of the last rebuild's findings are gone.
        package let fixed: Int
    }

    func keep(_ state: State) {
        var state = state
        let paths = Set(state.siteDiagnostics.keys).union(state.linkDiagnostics.keys).union(state.compilation.parseDiagnostics.keys)
        for path in paths { state.report[path] = Self.diagnostics(at: path, in: state) }
        self.state = state
    }

    /// The diagnostics reported at `path`, de-duplicated and sorted.
    private static func diagnostics(at path: String, in state: State) -> [Diagnostic] {
        var found = Diagnostics()
        for diagnostic in (state.siteDiagnostics[path] ?? []) + (state.compilation.parseDiagnostics[path] ?? []) + (state.linkDiagnostics[path] ?? []) {
            found.add(diagnostic)
        }
        return found.sorted
    }

    /// Replaces the diagnostics at `path` (`""`: those without a place, last) in a whole
    /// report, sorted as ``Diagnostics/sorted`` sorts, by `section`.
    static func replaceSection(of path: String, in report: inout [Diagnostic], with section: [Diagnostic]) {
        /// Whether a diagnostic comes after those at `path` (or is one of them, with `including`).
        func isPast(_ diagnostic: Diagnostic, including: Bool) -> Bool {
            guard let location = diagnostic.location else { return !path.isEmpty || including }
            return path.isEmpty ? false : including ? location.path >= path : location.path > path
        }
        // Binary search for the first, then a walk to the end of the (short) section.
        var (low, high) = (0, report.count)
        while low < high {
            let middle = (low + high) / 2
            if isPast(report[middle], including: true) { high = middle } else { low = middle + 1 }
        }
        var end = low
        while end < report.count && !isPast(report[end], including: false) { end += 1 }
        report.replaceSubrange(low..<end, with: section)
    }

    /// Rebuilds after `changed` (repository paths; `nil`: unknown, or anything may have
    /// changed): in place when only pages' text changed, else whole.
    package func rebuild(_ options: BuildOptions, changed: Set<String>?) -> Rebuild {
        lock.lock()
        defer { lock.unlock() }
        generation += 1
        let timings = Timings()
        if let changed, let rebuild = update(changed, options: options) {
            timings.mark("rebuilt in place")
            return rebuild
        }
        let previous = state?.result.diagnostics
        state = nil
        let result = Builder.build(options, keepingIn: self)
        guard let previous else { return Rebuild(result: result, new: result.diagnostics, fixed: 0) }
        let before = Set(previous), after = Set(result.diagnostics)
        return Rebuild(result: result, new: result.diagnostics.filter { !before.contains($0) }, fixed: before.subtracting(after).count)
    }

    /// The temporary file the kept site's page bodies wait in (tests close it to make reads fail).
    var spillForTesting: BodySpill? { lock.withLock { state?.compilation.spill } }

    /// The search index of the pages as they are now, when an edit left it behind: made on
    /// another thread once edits pause for `after` seconds (it takes a second at 10,000 pages,
    /// on every core, and the next edit should not wait for it), and written unless a rebuild
    /// came since; its files are replaced one by one, the first one (which names the others)
    /// last. `done` is called when it is written or given up, with a problem to show when the
    /// pages' text could not be read back from the build's temporary file: the index is then
    /// left as it was, and the next change rebuilds the whole site.
    package func updateSearch(after pause: Double = 0, done: @escaping @Sendable (String?) -> Void = { _ in }) {
        let snapshot: (site: Site, generation: Int, spill: BodySpill?)? = lock.withLock {
            guard let state, state.searchIsStale, state.compilation.site.config.search else { return nil }
            return (state.compilation.site, generation, state.compilation.spill)
        }
        guard let snapshot else { return done(nil) }
        Thread.detachNewThread { [self] in
            if pause > 0 {
                Thread.sleep(forTimeInterval: pause)
                guard lock.withLock({ generation == snapshot.generation }) else { return done(nil) }
            }
            let failedBefore = snapshot.spill?.failedReads ?? 0
            let files = SearchIndex.files(for: snapshot.site).all
            let failed = (snapshot.spill?.failedReads ?? 0) - failedBefore
            var problem: String?
            lock.withLock {
                guard generation == snapshot.generation, var state else { return }
                if failed > 0 {
                    state.spillFailed = true
                    self.state = state
                    problem =
                        "the search index was not updated: the text of \(failed) pages could not be read back from the build's temporary file; the next change rebuilds the whole site"
                    return
                }
                let output = state.compilation.setup.output
                for file in files.reversed() where !FileReplacement.write(file.bytes, to: output + "/" + file.path) { return }
                let written = Set(files.map(\.path))
                for path in state.entry.searchFiles where !written.contains(path) { unlink(output + "/" + path) }
                state.entry.searchFiles = files.map(\.path).sorted()
                state.entry.search = nil
                state.searchIsStale = false
                if state.usesCache { state.store.save(state.entry) }
                self.state = state
            }
            done(problem)
        }
    }

    /// The edit in place, or `nil` when it takes a whole build.
    private func update(_ changed: Set<String>, options: BuildOptions) -> Rebuild? {
        guard var state, !changed.isEmpty, !state.spillFailed, state.options.baseURL == options.baseURL, state.options.output == options.output
        else { return nil }
        // The state is changed here, not in a copy: the stored one lets go of it, so that its
        // tables (every page's output key, every finding) are changed in place, not copied on
        // each edit. A return without a rebuild puts it back; a whole build replaces it after
        // reading its findings.
        self.state = nil
        defer { if self.state == nil { self.state = state } }
        let setup = state.compilation.setup
        let config = setup.config
        guard !(options.isStrict || config.strict), !state.compilation.parser.markdown.extensions.has(.snippets) else { return nil }
        let loaded = state.compilation
        let pageFiles = state.compilation.pageFiles
        var edited: [SourceFile] = []
        for path in changed.sorted() {
            if let file = pageFiles[path] {
                edited.append(file)
                continue
            }
            // A file that came and went (an editor's temporary file) changes nothing.
            let existed = loaded.site.tree.files.contains(path) || loaded.site.tree.folders.contains(path)
            var info = stat()
            if !existed && lstat(setup.root + "/" + path, &info) != 0 { continue }
            return nil
        }
        // Only files that came and went: nothing to build.
        if edited.isEmpty {
            var result = state.result
            result.pagesReused = result.pagesWritten
            result.changedPages = []
            return Rebuild(result: result, new: [], fixed: 0)
        }
        let timings = Timings()
        let (parsed, parseDiagnostics, _, _) = Builder.parse(edited, with: state.compilation.parser, cache: options.parseCache)
        timings.mark("  parsed")
        guard parsed.count == edited.count else { return nil }
        var site = state.compilation.site
        var pageParses = state.compilation.parsed
        var newParseDiagnostics = state.compilation.parseDiagnostics
        var resolver = site.resolver
        var replaced: [Int: Page] = [:]
        var anchorsChanged: Set<String> = []
        for page in parsed {
            guard let old = pageParses[page.source], Self.othersSeeTheSame(old, page), let index = site.pageIndex[page.source] else { return nil }
            // New anchors change what links into the page find, not how they are written.
            if Set(old.document.anchors) != Set(page.document.anchors) {
                resolver = resolver.replacingAnchors(ofPageAt: index, with: Set(page.document.anchors))
                anchorsChanged.insert(page.source)
            }
            replaced[index] = site.pages[index].expanded(into: page.document)
            pageParses[page.source] = page
            newParseDiagnostics[page.source] = parseDiagnostics[page.source]
        }
        var relinked: [Int: [ResolvedLink]] = [:]
        for (index, page) in replaced { relinked[index] = resolver.resolveAll(page.document.links, from: page.source, pageAt: index) }
        // The pages that link to an anchor of a page whose anchors changed: checked again.
        var linking: Set<Int> = []
        if !anchorsChanged.isEmpty {
            for (index, links) in site.links.enumerated() where replaced[index] == nil {
                let linksIn = links.contains { link in
                    guard link.fragment != nil, case .page(let target) = link.target else { return false }
                    return anchorsChanged.contains(target)
                }
                guard linksIn else { continue }
                relinked[index] = resolver.resolveAll(site.pages[index].document.links, from: site.pages[index].source, pageAt: index)
                linking.insert(index)
            }
        }
        site = site.replacing(pages: replaced, links: relinked, resolver: resolver)
        let indices = replaced.keys.sorted() + linking.sorted()
        timings.mark("  site")
        let sources = Set(indices.map { site.pages[$0].source })
        var linkDiagnostics = Diagnostics()
        LinkFindings.check(site, reader: state.compilation.reader, only: sources, into: &linkDiagnostics)
        for source in sources { state.linkDiagnostics[source] = nil }
        for (path, found) in Dictionary(grouping: linkDiagnostics.all, by: { $0.location?.path ?? "" }) { state.linkDiagnostics[path, default: []] += found }

        timings.mark("  links checked")
        // Render and write the edited pages, each replaced whole.
        let renderer = state.renderer.with(site)
        var changedPages: Set<String> = []
        let seed = Builder.cacheSeed
        // Pages that link into an edited one are rendered from their spilled bodies: one that
        // could not be read back would be written empty, so the rebuild is whole instead.
        let spill = state.compilation.spill
        let failedBefore = spill?.failedReads ?? 0
        for index in indices {
            let (previous, next) = site.navigation.neighbours(atPosition: site.navigation.order.firstIndex(of: index))
            let prepared = renderer.prepare(page: index, previous: previous, next: next)
            let path = site.pages[index].outputPath
            let key = renderer.key(of: prepared, seed: seed).hex
            if state.entry.outputs[path] == key { continue }
            // The cache entry goes first: it would describe files that are no longer there.
            if changedPages.isEmpty && state.usesCache { state.store.remove() }
            let html = renderer.render(prepared)
            if let spill, spill.failedReads > failedBefore { return nil }
            guard FileReplacement.write(html, to: setup.output + "/" + path) else { return nil }
            state.entry.outputs[path] = key
            changedPages.insert(path)
        }
        state.compilation = Builder.Compilation(
            setup: loaded.setup, theme: loaded.theme, site: site, reader: loaded.reader, parser: loaded.parser, pageFiles: pageFiles,
            parsed: pageParses,
            parseDiagnostics: newParseDiagnostics, spill: spill)
        state.renderer = renderer
        if !changedPages.isEmpty {
            state.searchIsStale = true
            // The cache describes the folder as it is now (the edited pages' keys, no search index
            // to reuse, no report to repeat) once search is up to date; until then there is none.
            state.entry.search = nil
            state.entry.inputs = nil
            state.entry.report = nil
        }
        timings.mark("  rendered, written")
        defer { timings.mark("  diagnostics") }
        var new: [Diagnostic] = []
        var fixed = 0
        let changedPaths = sources.union(linkDiagnostics.all.map { $0.location?.path ?? "" }).sorted()
        for path in changedPaths {
            let before = state.report[path] ?? []
            let after = Self.diagnostics(at: path, in: state)
            new += after.filter { !before.contains($0) }
            fixed += before.filter { !after.contains($0) }.count
            state.report[path] = after
        }
        // The last report with the changed paths' parts replaced, in place: made whole again,
        // 12,000 findings were copied on every edit.
        var diagnostics = state.result.diagnostics
        state.result.diagnostics = []
        for path in changedPaths { Self.replaceSection(of: path, in: &diagnostics, with: state.report[path] ?? []) }
        var result = BuildResult(
            status: diagnostics.contains { $0.severity == .error } ? .findings : .clean, diagnostics: diagnostics, pagesWritten: site.pages.count,
            output: setup.outputDisplay)
        result.pagesReused = site.pages.count - changedPages.count
        result.changedPages = changedPages
        state.result = result
        self.state = state
        return Rebuild(result: result, new: new.sorted(), fixed: fixed)
    }

    /// Whether what the rest of the site shows of a page is the same in both parses: its title,
    /// description, weight and front matter (the navigation, runbook tables), its icons (a
    /// site-wide warning), and no `folio` block (whose table a whole build makes). Its headings
    /// and anchors may differ: other pages show none of them, and the links into the page are
    /// checked again.
    static func othersSeeTheSame(_ old: ParsedPage, _ new: ParsedPage) -> Bool {
        old.title == new.title && old.description == new.description && old.weight == new.weight && old.frontMatter == new.frontMatter
            && old.document.iconShortcodes == new.document.iconShortcodes && old.document.directiveBlocks.isEmpty
            && new.document.directiveBlocks.isEmpty
    }
}
