import FolioCompile
import FolioLoad
import FolioModel
import FolioRender
import FolioWrite
import Foundation

/// Something a build writes into the site: the pages, the published files, the theme's assets,
/// the search index, the 404 page, redirects, the sitemap.
///
/// Adding one is one new file with a type that conforms to this protocol, and one line in
/// ``SiteOutputs/all``: its paths are kept from published files that would take them, and it
/// writes into the staging folder that is swapped in whole.
protocol SiteOutput: Sendable {
    /// The site paths it writes (a folder ends in `/`), which a published file may not take.
    func reservedPaths(config: Config, theme: Theme) -> Set<String>
    /// Writes its files for `site` into the staging folder.
    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws
}

/// What every output may use besides the site.
struct OutputContext: Sendable {
    let renderer: Renderer
    let theme: Theme
    /// Absolute repository root, to copy published files from.
    let root: String
    /// What the last build wrote, and what this one writes (``OutputCache``).
    let cache: OutputCache
    /// The search index's files, being made on another thread while the pages are written,
    /// when there is no last index it could reuse (a clean build).
    var searchFiles: Background<SearchIndex.Files>?
}

/// A value made on a thread of its own; reading it waits until it is made.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        Thread.detachNewThread { [self] in
            result = work()
            done.signal()
        }
    }

    var value: Value {
        done.wait()
        done.signal()
        return result!
    }
}

/// Every output of a build, listed once, in the order they are written.
enum SiteOutputs {
    static let all: [any SiteOutput] = [
        PageOutput(), PublishedFiles(), ThemeAssets(), SearchIndexOutput(), NotFoundPage(), Redirects(), Sitemap(),
    ]

    /// The site paths the outputs write, which a published file may not take.
    static func reservedPaths(config: Config, theme: Theme) -> Set<String> {
        all.reduce(into: [SiteWriter.marker]) { $0.formUnion($1.reservedPaths(config: config, theme: theme)) }
    }

    /// Writes `jobs` on every core; the first failure, in words, is thrown once all are done.
    static func writeAll<Job: Sendable>(_ jobs: [Job], _ write: @Sendable (Job) throws -> Void, named name: @Sendable (Job) -> String) throws {
        let failures = parallelMap(jobs) { job -> String? in
            do {
                try write(job)
                return nil
            } catch {
                return "\(name(job)): \(error.localizedDescription)"
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: failure]) }
    }
}

/// Every page, rendered on every core and written as it is rendered; previous and next follow
/// the reading order, which leaves out the pages mkdocs.yml's nav does not list.
struct PageOutput: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { [] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        let pages = site.pages
        try writer.createFolders(pages.map { RepoPath.directory(of: $0.outputPath) })
        let navigation = site.navigation
        let positions = Dictionary(navigation.order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let renderer = context.renderer
        let cache = context.cache
        try SiteOutputs.writeAll(Array(pages.indices), { page in
            let (previous, next) = navigation.neighbours(atPosition: positions[page])
            let prepared = renderer.prepare(page: page, previous: previous, next: next)
            let path = pages[page].outputPath
            guard cache.keepsKeys else {
                try writer.write(renderer.render(prepared), to: path)
                return cache.recordWritten()
            }
            let key = renderer.key(of: prepared, seed: cache.seed)
            // A page whose key did not change is the last build's file, linked, not rendered again.
            if cache.isFresh(path, key: key) && writer.reuse(path) {
                cache.record(path, key: key, reused: true)
                return
            }
            try writer.write(renderer.render(prepared), to: path)
            cache.record(path, key: key, reused: false)
        }, named: { pages[$0].source })
    }
}

/// The files of the content folder published as they are, copied through the file gate.
struct PublishedFiles: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { [] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        try writer.createFolders(site.files.map { RepoPath.directory(of: $0.sitePath) })
        let root = context.root
        try SiteOutputs.writeAll(site.files, { try writer.copy(from: $0.absolutePath, root: root, to: $0.sitePath) }, named: \.path)
    }
}

/// The theme's `assets/`: the built-in ones with the user's laid over them.
struct ThemeAssets: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { Set(theme.assets.keys) }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        for (path, bytes) in context.theme.assets.sorted(by: { $0.key < $1.key }) { try writer.write(bytes, to: path) }
    }
}

/// The search index (`assets/search-index.js` and `assets/search/`), when search is on.
struct SearchIndexOutput: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { config.search ? [SearchIndex.path, SearchIndex.folder] : [] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        guard site.config.search else { return }
        try writer.createFolders([SearchIndex.folder, SearchIndex.folder + "text/"])
        // The index is made of the pages (their text, titles, headings, URLs and order), so it is
        // the last build's when no page's key changed.
        var key = context.cache.seed
        key.combine("search")
        for (path, pageKey) in context.cache.outputs.sorted(by: { $0.key < $1.key }) {
            key.combine(path)
            key.combine(pageKey)
        }
        for index in site.navigation.everyPage(count: site.pages.count) { key.combine(site.pages[index].source) }
        if let previous = context.cache.freshSearchFiles(key: key), !previous.isEmpty, previous.allSatisfy(writer.reuse) {
            context.cache.recordSearch(key: key, files: previous)
            return
        }
        let files = context.searchFiles?.value ?? SearchIndex.files(for: site)
        let paths = files.paths
        try SiteOutputs.writeAll(Array(paths.indices), { try writer.write(files.bytes(at: $0), to: paths[$0]) }, named: { paths[$0] })
        context.cache.recordSearch(key: key, files: paths.sorted())
    }
}

/// `404.html`, which hosts serve for a missing page.
struct NotFoundPage: SiteOutput {
    func reservedPaths(config: Config, theme: Theme) -> Set<String> { ["404.html"] }

    func write(_ site: Site, with context: OutputContext, to writer: SiteWriter) throws {
        try writer.write(context.renderer.renderNotFound(), to: "404.html")
    }
}
