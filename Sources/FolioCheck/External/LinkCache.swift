import FolioLoad
import Foundation

/// `.folio/cache/links.json`: external URLs that worked, with when. Failures are never stored,
/// so a broken or flaky URL is asked again next run; a working one is not, until `maxAge`.
package struct LinkCache: Sendable {
    package init(folder: String, maxAge: Double, now: Date) {
        self.folder = folder
        self.maxAge = maxAge
        self.now = now
    }

    struct Entry: Codable, Sendable {
        var status: Int
        /// Seconds since 1970.
        var checked: Double
        /// The page's ids, when it was downloaded for a fragment check.
        var anchors: [String]?
    }

    let folder: String
    let maxAge: Double
    let now: Date

    var file: String { folder + "/links.json" }

    /// The fresh entries; an unreadable or stale file reads as empty.
    func load() -> [String: Entry] {
        guard maxAge > 0, let data = FileGate.contents(file, root: folder),
            let stored = try? JSONDecoder().decode(Stored.self, from: data), stored.version == 1
        else { return [:] }
        let limit = now.timeIntervalSince1970 - maxAge
        return stored.entries.filter { $0.value.checked >= limit && $0.value.checked <= now.timeIntervalSince1970 + 60 }
    }

    /// Writes `entries` beside the file and renames it into place.
    func save(_ entries: [String: Entry]) {
        guard maxAge > 0 else { return }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        guard let data = try? encoder.encode(Stored(version: 1, entries: entries)) else { return }
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let temporary = file + ".\(getpid()).tmp"
            try data.write(to: URL(fileURLWithPath: temporary))
            if rename(temporary, file) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            // A cache that cannot be written only costs time next run.
        }
    }

    private struct Stored: Codable {
        var version: Int
        var entries: [String: Entry]
    }
}
