import FolioBuild
import FolioLoad
import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What `folio serve` is asked for.
public struct PreviewOptions: Sendable {
    public var build: BuildOptions
    public var host: String
    public var port: Int
    /// How often the repository is looked at for changes, in seconds.
    public var interval: Double
    /// Where a problem found between rebuilds goes (the search index's update runs on its own
    /// thread, after the rebuild was reported): standard error, from the command line.
    public var laterProblems: @Sendable (String) -> Void

    public init(
        build: BuildOptions, host: String = "127.0.0.1", port: Int = 8000, interval: Double = 0.5,
        laterProblems: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.build = build
        self.host = host
        self.port = port
        self.interval = interval
        self.laterProblems = laterProblems
    }
}

/// `folio serve`: builds the site into `.folio/serve/` (the output folder is not touched), serves
/// it over HTTP, and rebuilds when a file of the repository changes; open pages reload
/// themselves. Nothing is ever served from outside the built site.
public enum Preview {
    /// Runs until the process is stopped; returns only on a configuration or listening error (2).
    public static func run(_ options: PreviewOptions, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        var probe = Diagnostics()
        guard let setup = Setup.resolve(options.build, forWriting: false, into: &probe) else {
            for diagnostic in probe.sorted { errors(diagnostic.description) }
            return 2
        }
        let folder = setup.root + "/.folio/serve"
        var build = options.build
        build.output = folder
        build.parseCache = ParseCache()
        let server = PreviewServer(serving: folder, host: options.host)
        let port: Int
        do {
            port = try server.listen(host: options.host, port: options.port)
        } catch {
            let message = (error as? ServeError)?.message ?? "\(error)"
            errors(
                Diagnostic(.error, "serve.listen", message, at: nil, suggestion: "choose another port with --port, or 0 for any free one").description
            )
            return 2
        }
        // Listening comes first, so that a port in use fails at once, before a long build.
        // The preview is the site at its own address: its 404 page, canonical links and sitemap say so.
        build.baseURL = "http://\(options.host):\(port)/"
        // The watcher starts before the first build, so that an edit made during it is not missed.
        let watcher = Watcher(root: setup.root, skipping: [".git", ".folio", setup.outputDisplay, ".build", "node_modules"], interval: options.interval)
        let live = LiveBuild()
        guard let first = rebuild(live, build, changed: nil, isFirst: true, output: output, errors: errors)?.pagesWritten else { return 2 }
        output("serving \(first) pages at http://\(options.host):\(port)/ from .folio/serve/; rebuilds when a file changes (Ctrl-C stops)")
        Thread.detachNewThread { server.serveForever() }
        while true {
            let changed = watcher.next()
            if let result = rebuild(live, build, changed: changed, isFirst: false, output: output, errors: errors) {
                server.siteChanged(pages: result.changedPages)
            }
            // After the pages, once edits pause: search is a second behind an edit of a large
            // site, the pages are not.
            let laterProblems = options.laterProblems
            live.updateSearch(after: 0.5) { problem in
                if let problem { laterProblems(Diagnostic(.warning, "serve.search-stale", problem, at: nil).description) }
            }
        }
    }

    /// One build into the preview folder, reported as `folio build` reports it the first time;
    /// afterwards only the findings that are new are printed, and the summary says how many
    /// are new and how many were fixed (a site with thousands of findings would print them all
    /// again on every save). `nil` after a configuration error, when nothing was written (the
    /// previous preview stays).
    private static func rebuild(
        _ live: LiveBuild, _ options: BuildOptions, changed: Set<String>?, isFirst: Bool, output: (String) -> Void, errors: (String) -> Void
    ) -> BuildResult? {
        let rebuild = live.rebuild(options, changed: changed)
        let result = rebuild.result
        guard result.status != .configuration else {
            if !result.diagnostics.isEmpty { errors(result.diagnostics.map(\.description).joined(separator: "\n")) }
            if !isFirst { output("the site was not rebuilt; the previous one is still served") }
            return nil
        }
        if !rebuild.new.isEmpty { errors(rebuild.new.map(\.description).joined(separator: "\n")) }
        if isFirst {
            output("built \(result.summary())")
        } else {
            var summary = result.summary()
            summary.removeLast()
            output("rebuilt \(summary); \(rebuild.new.count) new, \(rebuild.fixed) fixed)")
        }
        return result
    }
}

/// Learns which files of the repository changed. On Linux it asks the kernel (inotify, a watch
/// on every folder but the skipped ones), so that an edit is seen at once; where that is not
/// available (another system, or more folders than `fs.inotify.max_user_watches` allows) it
/// looks every `interval` seconds at every file's size and modification time (`readdir` and
/// `lstat`: measured idle on the 10,000-page corpus, 5% of one core at two looks a second).
/// Either way it waits until the files have been quiet for a moment (an editor writes several
/// files, or writes then renames) and says which paths changed.
final class Watcher {
    let root: String
    let skipping: Set<String>
    let interval: Double
    /// Quiet time that ends a burst of changes.
    let settle: Double
    private var notify: Int32 = -1
    private var folders: [Int32: String] = [:]
    private var snapshot: [String: [Int]] = [:]

    /// `polling`: look every `interval` seconds even where the kernel could tell.
    init(root: String, skipping: Set<String>, interval: Double, settle: Double = 0.02, polling: Bool = false) {
        self.root = root
        self.skipping = skipping
        self.interval = interval
        self.settle = settle
        #if os(Linux)
            if !polling { notify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC)) }
            if notify >= 0 && !watch("") {
                close(notify)
                notify = -1
            }
        #endif
        if notify < 0 { snapshot = Self.snapshot(of: root, skipping: skipping) }
        Timings().note(notify >= 0 ? "watching \(folders.count) folders (inotify)" : "looking for changes every \(interval) s")
    }

    deinit { if notify >= 0 { close(notify) } }

    /// Whether the kernel tells of changes (else the watcher polls).
    var isNotified: Bool { notify >= 0 }

    /// Whether a folder is left out: the output and cache folders, `.git`, dependencies.
    static func isSkipped(_ path: String, name: String, skipping: Set<String>) -> Bool {
        skipping.contains(path) || path.hasPrefix(".build") || name == ".git" || name == "node_modules" || name.hasSuffix(".folio-staging")
    }

    /// Blocks until something changed and has settled; the repository paths that changed, or
    /// `nil` when the watcher cannot say (too many changes at once, or a folder it could not watch).
    func next() -> Set<String>? {
        notify >= 0 ? nextNotified() : nextPolled()
    }

    private func nextPolled() -> Set<String>? {
        while true {
            Thread.sleep(forTimeInterval: interval)
            var now = Self.snapshot(of: root, skipping: skipping)
            guard now != snapshot else { continue }
            // Let an editor finish writing before building.
            var changed: Set<String> = []
            repeat {
                changed.formUnion(Self.differences(snapshot, now))
                snapshot = now
                Thread.sleep(forTimeInterval: max(settle, 0.1))
                now = Self.snapshot(of: root, skipping: skipping)
            } while now != snapshot
            return changed
        }
    }

    static func differences(_ old: [String: [Int]], _ new: [String: [Int]]) -> Set<String> {
        var changed = Set(new.filter { old[$0.key] != $0.value }.keys)
        for path in old.keys where new[path] == nil { changed.insert(path) }
        return changed
    }

    /// Every file's size and modification time, by repository path.
    static func snapshot(of root: String, skipping: Set<String>) -> [String: [Int]] {
        var files: [String: [Int]] = [:]
        var folders = [""]
        while let folder = folders.popLast() {
            for entry in DirectoryListing.entries(of: folder.isEmpty ? root : root + "/" + folder) ?? [] {
                let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
                if entry.kind == .directory {
                    if !isSkipped(path, name: entry.name, skipping: skipping) { folders.append(path) }
                    continue
                }
                var info = stat()
                guard lstat(root + "/" + path, &info) == 0 else { continue }
                files[path] = [Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec, Int(info.st_ino)]
            }
        }
        return files
    }

    #if os(Linux)
        /// Watches `folder` and every folder under it; `false` when one cannot be watched.
        private func watch(_ folder: String) -> Bool {
            let mask = UInt32(
                IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF
                    | IN_ONLYDIR | IN_DONT_FOLLOW)
            let descriptor = inotify_add_watch(notify, folder.isEmpty ? root : root + "/" + folder, mask)
            guard descriptor >= 0 else { return false }
            folders[descriptor] = folder
            for entry in DirectoryListing.entries(of: folder.isEmpty ? root : root + "/" + folder) ?? [] where entry.kind == .directory {
                let path = folder.isEmpty ? entry.name : folder + "/" + entry.name
                if !Self.isSkipped(path, name: entry.name, skipping: skipping) && !watch(path) { return false }
            }
            return true
        }

        private func nextNotified() -> Set<String>? {
            var changed: Set<String> = []
            var known = true
            var burst: Date?
            while true {
                var descriptor = pollfd(fd: notify, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, burst == nil ? -1 : Int32(settle * 1000))
                if ready < 0 {
                    if errno == EINTR { continue }
                    Thread.sleep(forTimeInterval: interval)
                    return nil
                }
                // Quiet for `settle` seconds after a change: the burst is over.
                if ready == 0 { return known ? changed : nil }
                read(into: &changed, known: &known)
                if changed.isEmpty && known { continue }
                // A burst that never settles (a tool writing into the repository) is cut after a second.
                if let started = burst, Date().timeIntervalSince(started) > 1 { return known ? changed : nil }
                if burst == nil { burst = Date() }
            }
        }

        /// Reads the waiting events into the paths they name.
        private func read(into changed: inout Set<String>, known: inout Bool) {
            var buffer = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(notify, $0.baseAddress, $0.count) }
                guard count > 0 else { return }
                var offset = 0
                while offset + 16 <= count {
                    let (descriptor, mask, length) = buffer.withUnsafeBytes {
                        ($0.load(fromByteOffset: offset, as: Int32.self), $0.load(fromByteOffset: offset + 4, as: UInt32.self),
                         Int($0.load(fromByteOffset: offset + 12, as: UInt32.self)))
                    }
                    let nameBytes = buffer[(offset + 16)..<min(offset + 16 + length, count)].prefix { $0 != 0 }
                    offset += 16 + length
                    if mask & UInt32(IN_Q_OVERFLOW) != 0 {
                        known = false
                        continue
                    }
                    if mask & UInt32(IN_IGNORED) != 0 {
                        folders[descriptor] = nil
                        continue
                    }
                    guard let folder = folders[descriptor] else { continue }
                    if nameBytes.isEmpty {
                        // The watched folder itself was removed or moved.
                        if !folder.isEmpty { changed.insert(folder) }
                        continue
                    }
                    let name = String(decoding: nameBytes, as: UTF8.self)
                    let path = folder.isEmpty ? name : folder + "/" + name
                    if mask & UInt32(IN_ISDIR) != 0 {
                        if Self.isSkipped(path, name: name, skipping: skipping) { continue }
                        // A new folder is watched too, with what is already in it.
                        if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 && !watch(path) { known = false }
                    }
                    changed.insert(path)
                }
            }
        }
    #else
        private func watch(_ folder: String) -> Bool { false }
        private func nextNotified() -> Set<String>? { nextPolled() }
    #endif
}
