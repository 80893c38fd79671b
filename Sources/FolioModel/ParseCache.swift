import Foundation

/// `folio serve`'s memory of parsed pages from one rebuild to the next: a page whose bytes and
/// parser settings did not change is not parsed again. In memory only, for one process; never
/// used when snippets are on (a page's parse then depends on other files).
public final class ParseCache: @unchecked Sendable {
    private struct Entry {
        let settings: String
        let bytes: ContentHash
        let page: ParsedPage?
        let diagnostics: Diagnostics
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// How many pages the last build took from the cache, and parsed.
    package private(set) var hits = 0
    package private(set) var misses = 0

    public init() {}

    /// The parse of the page at `path` when its bytes and the parser's settings are the same.
    package func lookup(_ path: String, settings: String, bytes: ContentHash) -> (ParsedPage?, Diagnostics)? {
        lock.withLock {
            guard let entry = entries[path], entry.settings == settings, entry.bytes == bytes else {
                misses += 1
                return nil
            }
            hits += 1
            return (entry.page, entry.diagnostics)
        }
    }

    package func store(_ path: String, settings: String, bytes: ContentHash, _ parsed: (ParsedPage?, Diagnostics)) {
        lock.withLock { entries[path] = Entry(settings: settings, bytes: bytes, page: parsed.0, diagnostics: parsed.1) }
    }

    /// Forgets the pages not in `paths` (deleted or renamed): a whole build's pages.
    package func keep(only paths: Set<String>) {
        lock.withLock { entries = entries.filter { paths.contains($0.key) } }
    }

    /// Starts the counts again, for the parse that begins.
    package func resetCounts() {
        lock.withLock {
            hits = 0
            misses = 0
        }
    }
}
