import FolioCheck
import FolioCompile
import FolioLoad
import FolioMarkdown
import FolioModel
import FolioParse
import FolioRender
import FolioWrite
import Foundation

/// `folio build`: load -> parse -> compile -> check -> render -> write, one call per stage.
public enum Builder {
    /// What load -> parse -> compile produce: the settings, the theme and the site.
    struct Compilation {
        let setup: Setup
        let theme: Theme
        let site: Site
        /// Load's reader of repository files, for the checks.
        let reader: RepositoryReader
        /// The parser the pages were parsed with, each page's parse, and each page file's
        /// diagnostics from it, by repository path (`folio serve` parses an edited page again).
        let parser: PageParser
        /// The page files load listed, by repository path.
        var pageFiles: [String: SourceFile]
        /// Empty in a one-shot build once compiled: only `folio serve` and a check read it again.
        var parsed: [String: ParsedPage]
        let parseDiagnostics: [String: [Diagnostic]]
        /// The parse store being saved (`.folio/cache/parse.bin`), waited for before the build ends.
        var parseSaved: Background<Bool>?
        /// How many pages were parsed (the others' parses were read from the store).
        var parsedCount = 0
        /// Where the pages' HTML waits for render (``BodySpill``), when it is not in memory.
        var spill: BodySpill?
    }

    /// What load produces: the settings, the theme, the repository's files and their reader.
    struct Loaded {
        let setup: Setup
        let theme: Theme
        let sources: Loader.Sources
        let reader: RepositoryReader
    }

    /// Runs a build and reports; never throws and never crashes on bad input.
    public static func build(_ options: BuildOptions) -> BuildResult { build(options, keepingIn: nil) }

    /// A build; with `live` (`folio serve`), what it compiled is kept there for the next edit.
    static func build(_ options: BuildOptions, keepingIn live: LiveBuild?) -> BuildResult {
        var diagnostics = Diagnostics()
        guard let loaded = load(options, into: &diagnostics) else {
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: nil)
        }
        let setup = loaded.setup
        let store = BuildCache(folder: setup.root + "/.folio/cache", output: setup.output)
        let seed = cacheSeed
        let previous = options.usesCache ? store.load(seed: seed.hex) : nil
        // What the build reads, as `stat` sees it: only a build that keeps its cache needs it.
        let inputs =
            options.usesCache
            ? InputState.fingerprint(of: loaded.sources.tree, root: setup.root, settings: settings(of: loaded, options: options, seed: seed)) : nil
        // Nothing the build reads changed since the last build into this folder: that build's
        // site stands as it is, and its report is said again.
        if live == nil, let previous, let report = previous.report, let inputs, previous.inputs == inputs.adding(previous.outside).hash.hex,
            let status = BuildResult.Status(rawValue: Int32(report.status))
        {
            var result = BuildResult(status: status, diagnostics: report.diagnostics, pagesWritten: report.pages, output: setup.outputDisplay)
            result.pagesReused = report.pages
            result.changedPages = []
            Timings().note("nothing changed since the last build: its site is kept")
            return result
        }
        // A build keeps its pages' parses for the next one (a check parses differently, and is
        // not the step a writer repeats after each edit).
        guard var compilation = compile(loaded, options, keepsParses: options.usesCache, into: &diagnostics) else {
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: nil)
        }
        // Nothing after compile reads the parses (their front matter was most of them) or the
        // pages' files unless `folio serve` keeps them for the next edit.
        if live == nil { (compilation.parsed, compilation.pageFiles) = ([:], [:]) }
        let (theme, site, spill) = (compilation.theme, compilation.site, compilation.spill)
        // No thread outlives a build: the parse store is written before it returns.
        defer { _ = compilation.parseSaved?.value }
        // The search index is made on its own thread from here on, while the link check, the
        // sidebars and the pages keep the other core busy; after an edit too, on the guess that
        // a page changed. When none did the last build's files are linked, and a strict build
        // may stop: either way the build still waits for this thread, so that none outlives it
        // (its timings went on while the findings were printed).
        // With the cache, each page's part of the index is kept in `.folio/cache/search.bin`.
        let searchStore = options.usesCache ? (file: setup.root + "/.folio/cache/search.bin", key: seed.hex) : nil
        let search =
            site.config.search
            ? Background {
                SearchIndex.files(
                    for: site, store: searchStore.map { RecordStore(file: $0.file, magic: "FOLIO-SEARCH 1\n", key: $0.key) }, spill: spill)
            } : nil
        defer { _ = search?.value }
        // The site's own diagnostics, then each page's: `folio serve` replaces an edited page's.
        // (Only `folio serve` keeps them apart: a copy of 10,000 findings is 2 MB.)
        let siteDiagnostics = live == nil ? Diagnostics() : diagnostics
        for path in compilation.parseDiagnostics.keys.sorted() { for found in compilation.parseDiagnostics[path]! { diagnostics.add(found) } }
        var linkDiagnostics = Diagnostics()
        LinkFindings.check(site, reader: compilation.reader, into: &linkDiagnostics)
        diagnostics.add(contentsOf: linkDiagnostics)

        let kept = SiteWriter(output: setup.output).hasPreviousSite ? "the previous site was kept" : "no site was written"
        if (options.isStrict || setup.config.strict) && diagnostics.hasFindings {
            diagnostics.add(Diagnostic(.note, "build.strict", "--strict: \(kept)", at: nil))
            return BuildResult(status: .findings, diagnostics: diagnostics.sorted, pagesWritten: 0, output: setup.outputDisplay)
        }
        let lock = BuildLock.acquire(forOutput: setup.output) {
            options.progress("folio: another build is writing '\(setup.outputDisplay)'; waiting for it to finish")
        }
        defer { withExtendedLifetime(lock) {} }
        let cache = OutputCache(seed: seed, previous: previous, keepsKeys: options.usesCache || live != nil)
        let renderer = Renderer(site: site, theme: theme)
        do {
            // The entry is gone before anything changes: a build killed from here on leaves no
            // entry that could describe a site it did not write.
            store.remove()
            try write(site, renderer: renderer, theme: theme, setup: setup, cache: cache, search: search, spill: spill)
        } catch {
            diagnostics.error(
                "write.failed", "the site could not be written (\(error.localizedDescription)); \(kept)",
                at: SourceLocation(path: setup.outputDisplay))
            return BuildResult(status: .configuration, diagnostics: diagnostics.sorted, pagesWritten: 0, output: setup.outputDisplay)
        }
        let status: BuildResult.Status = diagnostics.hasErrors ? .findings : .clean
        var result = BuildResult(status: status, diagnostics: diagnostics.sorted, pagesWritten: site.pages.count, output: setup.outputDisplay)
        result.pagesReused = cache.reused
        result.pagesParsed = compilation.parsedCount
        result.changedPages = cache.changedPages
        var entry = cache.entry
        if let inputs {
            let outside = compilation.reader.outside.all
            let read = inputs.adding(outside)
            if read.isSettled {
                entry.inputs = read.hash.hex
                entry.outside = outside
                entry.report = BuildCache.Report(status: Int(status.rawValue), pages: site.pages.count, diagnostics: result.diagnostics)
            }
            store.save(entry)
        }
        result.compiled = site
        live?.keep(
            LiveBuild.State(
                options: options, compilation: compilation, renderer: renderer,
                siteDiagnostics: Dictionary(grouping: siteDiagnostics.all) { $0.location?.path ?? "" },
                linkDiagnostics: Dictionary(grouping: linkDiagnostics.all) { $0.location?.path ?? "" }, store: store, entry: entry,
                usesCache: options.usesCache, result: result))
        return result
    }

    /// The Folio binary the cache's keys are made with (`folio serve`'s edits in place too).
    static var cacheSeed: ContentHash {
        var seed = ContentHash()
        seed.combine(BuildCache.binaryIdentity)
        seed.combine(folioVersion)
        return seed
    }

    /// Everything besides the repository's files that a build's site and report are made of:
    /// Folio, the configuration (and the variables it read), the theme, the options, the day.
    private static func settings(of loaded: Loaded, options: BuildOptions, seed: ContentHash) -> ContentHash {
        var hash = seed
        hash.combine(loaded.setup.configInputs.hex)
        hash.combine(loaded.theme.fingerprint.hex)
        for value in [loaded.setup.root, loaded.setup.configDisplay, loaded.setup.output, loaded.setup.templates, options.baseURL ?? "\u{0}"] {
            hash.combine(value)
        }
        hash.combine(options.isStrict ? 1 : 0)
        // Runbooks are overdue by the day (midnight UTC).
        let seconds = options.today.timeIntervalSince1970
        hash.combine(Int((seconds / 86_400).rounded(.down)))
        hash.combine(seconds == (seconds / 86_400).rounded(.down) * 86_400 ? 1 : 0)
        return hash
    }

    /// What a compilation is for. A build renders every page's HTML, gives each page a title
    /// and the site its navigation, and refuses an output folder that would swallow the
    /// sources. A check writes nothing: it renders no HTML, builds no navigation, leaves the
    /// output folder alone, and reads front matter only when a check needs it (runbooks,
    /// deliverables).
    enum Purpose {
        case build
        /// A check: front matter is read for `folio check` (every check), code (spans, and code
        /// blocks' text) only for the command check.
        case check(readingFrontMatter: Bool, readingCode: Bool)

        var writes: Bool { if case .build = self { true } else { false } }
        var readsFrontMatter: Bool { if case .check(let reading, _) = self { reading } else { true } }
        var readsCode: Bool { if case .check(_, let reading) = self { reading } else { false } }
    }

    /// load -> parse -> compile; `nil` (with diagnostics) for a configuration error.
    static func compile(_ options: BuildOptions, for purpose: Purpose = .build, into diagnostics: inout Diagnostics) -> Compilation? {
        guard let loaded = load(options, for: purpose, into: &diagnostics), let compilation = compile(loaded, options, for: purpose, into: &diagnostics)
        else { return nil }
        for path in compilation.parseDiagnostics.keys.sorted() { for found in compilation.parseDiagnostics[path]! { diagnostics.add(found) } }
        return compilation
    }

    /// load: the settings, the theme, the repository tree and the pages' files; `nil` (with
    /// diagnostics) for a configuration error.
    static func load(_ options: BuildOptions, for purpose: Purpose = .build, into diagnostics: inout Diagnostics) -> Loaded? {
        guard let setup = Setup.resolve(options, forWriting: purpose.writes, into: &diagnostics) else { return nil }
        let templates = TemplateFolder.read(setup.templates, displayPath: setup.templatesDisplay, root: setup.root, into: &diagnostics)
        guard let theme = Theme.load(overrides: templates, into: &diagnostics) else { return nil }
        let timings = Timings()
        let sources = excluding(load(setup, into: &diagnostics), config: setup.config)
        timings.mark("load")
        return Loaded(setup: setup, theme: theme, sources: sources, reader: RepositoryReader(root: setup.root, tree: sources.tree))
    }

    /// parse -> compile of what load read; the pages' own diagnostics (parse) are in the
    /// compilation, the site's in `diagnostics`.
    /// With `keepsParses` (`folio build` with its cache), the pages' parses are kept in
    /// `.folio/cache/parse.bin` for the next build, and read from it.
    static func compile(
        _ loaded: Loaded, _ options: BuildOptions, for purpose: Purpose = .build, keepsParses: Bool = false, into diagnostics: inout Diagnostics
    ) -> Compilation? {
        let (setup, sources, reader) = (loaded.setup, loaded.sources, loaded.reader)
        let timings = Timings()
        let parser = pageParser(setup, reader: reader, for: purpose)
        let store = keepsParses ? ParseStore(file: setup.root + "/.folio/cache/parse.bin", key: cacheSeed.hex + String(reflecting: parser)) : nil
        // A build that writes keeps its pages' HTML in a file without a name beside the output
        // until it renders them, rather than all in memory.
        let spill = purpose.writes ? BodySpill(folder: RepoPath.directory(of: setup.output)) : nil
        // The pages a whole build does not have are forgotten (an edit in place parses only
        // its own pages, and forgets none).
        options.parseCache?.keep(only: Set(sources.pages.map(\.path)))
        let (pages, parseDiagnostics, parseSaved, parsedCount) = parse(
            sources.pages, with: parser, cache: options.parseCache, store: store, spill: spill)
        timings.mark("parse")
        var deliverables = DeliverablesLoad(tree: sources.tree, reader: reader)
        deliverables.read(setup.config.deliverables, configPath: setup.configDisplay)
        let site = Site.compile(
            pages, sources: sources, reader: reader, config: setup.config, deliverables: deliverables, contentFolder: setup.contentFolder,
            reserved: SiteOutputs.reservedPaths(config: setup.config, theme: loaded.theme), forWriting: purpose.writes, today: options.today,
            into: &diagnostics)
        // The build reports the problems of the deliverables files its pages show.
        let deliverableProblems = site.deliverables.diagnostics.all + DeliverableCheck(site.deliverables.files, tree: site.tree).diagnostics.all
        for problem in deliverableProblems where site.shownDeliverables.contains(problem.location?.path ?? "") { diagnostics.add(problem) }
        timings.mark("compile")
        return Compilation(
            setup: setup, theme: loaded.theme, site: site, reader: reader, parser: parser,
            pageFiles: Dictionary(sources.pages.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first }),
            parsed: Dictionary(pages.map { ($0.source, $0) }, uniquingKeysWith: { first, _ in first }), parseDiagnostics: parseDiagnostics,
            parseSaved: parseSaved, parsedCount: parsedCount, spill: spill)
    }

    /// The parser of a stage's pages: what it reads of them, with the site's settings.
    static func pageParser(_ setup: Setup, reader: RepositoryReader, for purpose: Purpose) -> PageParser {
        var markdown = setup.config.markdownParser(reader: reader)
        markdown.collectsCode = purpose.readsCode
        return PageParser(markdown: markdown, renderingHTML: purpose.writes, readingFrontMatter: purpose.readsFrontMatter)
            .keepingLinkText(onlyIn: setup.config.literateNavFile)
    }

    /// load: the repository tree, the pages' bytes, the files to publish.
    static func load(_ setup: Setup, into diagnostics: inout Diagnostics) -> Loader.Sources {
        let skipping: Set<String> = [setup.output, SiteWriter(output: setup.output).staging, setup.root + "/.folio"]
        return Loader(root: setup.root, content: setup.contentFolder, skipping: skipping, pageLimit: setup.config.fileSizeLimit).load(into: &diagnostics)
    }

    /// mkdocs.yml's `exclude_docs` and `draft_docs`: pages and files of the content folder
    /// that are not published (gitignore-style patterns inside the content folder).
    static func excluding(_ sources: Loader.Sources, config: Config) -> Loader.Sources {
        let patterns = MkDocsConfig.patterns(config.excludeDocs + config.draftDocs)
        guard !patterns.isEmpty else { return sources }
        func isExcluded(_ path: String) -> Bool { patterns.contains { $0.matches(path) } }
        return Loader.Sources(
            tree: sources.tree, pages: sources.pages.filter { !isExcluded($0.contentPath) }, files: sources.files.filter { !isExcluded($0.sitePath) })
    }

    /// parse: every page's front matter and Markdown. cmark-gfm itself runs under one lock (it is
    /// not thread-safe); reading front matter, YAML and the HTML clean-up run on every core.
    /// A page whose bytes did not change since the last build is not parsed again: its parse is
    /// taken from `cache` (`folio serve`, in memory) or `store` (`.folio/cache/parse.bin`).
    /// The store is saved on a thread of its own (`saved`), while compile goes on.
    static func parse(
        _ files: [SourceFile], with parser: PageParser, cache: ParseCache? = nil, store: ParseStore? = nil, spill: BodySpill? = nil
    ) -> (pages: [ParsedPage], diagnostics: [String: [Diagnostic]], saved: Background<Bool>?, parsedCount: Int) {
        // A page's parse depends on its bytes, its paths and the parser's settings, and with
        // snippets on also on other files: then nothing is kept.
        let snippets = parser.markdown.extensions.has(.snippets)
        let cache = snippets ? nil : cache
        let store = snippets ? nil : store
        cache?.resetCounts()
        let settings = cache == nil ? "" : String(reflecting: parser)
        /// A page's parse with its body moved to the spill.
        @Sendable func spilled(_ result: (ParsedPage?, Diagnostics)) -> (ParsedPage?, Diagnostics) {
            guard let spill, let page = result.0 else { return result }
            return (page.spilling(into: spill), result.1)
        }
        let parsed = parallelMap(files) { file -> ((ParsedPage?, Diagnostics), ParseStore.Record?) in
            guard cache != nil || store != nil, case .success(let bytes) = file.read() else { return (spilled(parser.parse(file)), nil) }
            var hash = ContentHash()
            hash.combine(bytes)
            hash.combine(file.contentPath)
            if let known = cache?.lookup(file.path, settings: settings, bytes: hash) {
                guard let store else { return (known, nil) }
                return (known, store.holds(file.path, hash: hash) ? .kept(hash) : .new(hash, known))
            }
            if let known = store?.parse(of: file.path, hash: hash).map(spilled) {
                cache?.store(file.path, settings: settings, bytes: hash, known)
                return (known, .kept(hash))
            }
            let result = spilled(parser.parse(file, bytes: bytes))
            cache?.store(file.path, settings: settings, bytes: hash, result)
            return (result, store == nil ? nil : .new(hash, result))
        }
        if let cache { Timings().note("pages parsed: \(cache.misses), kept from the last build: \(cache.hits)") }
        var saved: Background<Bool>?
        let kept = parsed.count { if case .kept = $0.1 { true } else { false } }
        if let store {
            Timings().note("pages parsed: \(files.count - kept), read from \(RepoPath.fileName(store.file)): \(kept)")
            let records = zip(files, parsed).compactMap { file, result in result.1.map { (path: file.path, record: $0) } }
            saved = Background {
                store.save(records)
                return true
            }
        }
        var diagnostics: [String: [Diagnostic]] = [:]
        for (file, ((_, found), _)) in zip(files, parsed) where !found.all.isEmpty { diagnostics[file.path, default: []] += found.all }
        return (parsed.compactMap(\.0.0), diagnostics, saved, files.count - kept)
    }

    /// write: every output (``SiteOutputs``) into a staging folder, swapped in when all are
    /// written. With the cache (`.folio/cache/build-*.json`), a file whose inputs did not change
    /// since the last build into the same folder is that build's file, linked.
    private static func write(
        _ site: Site, renderer: Renderer, theme: Theme, setup: Setup, cache: OutputCache, search: Background<SearchIndex.Files>?,
        spill: BodySpill?
    ) throws {
        let writer = SiteWriter(output: setup.output)
        try writer.begin()
        do {
            var context = OutputContext(renderer: renderer, theme: theme, root: setup.root, cache: cache)
            context.searchFiles = search
            let timings = Timings()
            for output in SiteOutputs.all {
                try output.write(site, with: context, to: writer)
                timings.mark("  \(type(of: output))")
            }
            // A body that could not be read back from the spill was written empty: such a site
            // is not swapped in.
            if let spill, spill.failedReads > 0 {
                throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "\(spill.failedReads) pages could not be read back from the build's temporary file"])
            }
            try writer.commit()
            timings.mark("  swapped in, previous site removed")
        } catch {
            writer.abort()
            throw error
        }
        Timings().note("pages reused: \(cache.reused), rendered: \(cache.written)")
    }
}
