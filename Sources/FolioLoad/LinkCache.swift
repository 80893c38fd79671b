import FolioModel
import Foundation

/// `.folio/cache/links.json`: external URLs that worked, with when. Failures are never stored,
/// so a broken or flaky URL is asked again next run; a working one is not, until `maxAge`.
package struct LinkCache: Sendable {
    package init(folder: String, maxAge: Double, now: Date) {
        self.folder = folder
        self.maxAge = maxAge
        self.now = now
    }

    package struct Entry: Sendable, Equatable {
        package var status: Int
        /// Seconds since 1970.
        package var checked: Double
        /// The page's ids, when it was downloaded for a fragment check.
        package var anchors: [String]?

        package init(status: Int, checked: Double, anchors: [String]?) {
            self.status = status
            self.checked = checked
            self.anchors = anchors
        }
    }

    let folder: String
    let maxAge: Double
    package let now: Date

    var file: String { folder + "/links.json" }

    /// The fresh entries; an unreadable or stale file reads as empty.
    package func load() -> [String: Entry] {
        guard maxAge > 0, let data = FileGate.contents(file, root: folder), case .success(let stored) = JSONReader.read(Array(data)),
            stored["version"]?.double == 1, let pairs = stored["entries"]?.pairs
        else { return [:] }
        let limit = now.timeIntervalSince1970 - maxAge
        var entries: [String: Entry] = [:]
        for (url, value) in pairs {
            guard let status = value["status"]?.double, let checked = value["checked"]?.double, let exact = Int(exactly: status) else { continue }
            let anchors = value["anchors"]?.items.map { $0.compactMap(\.string) }
            if checked >= limit && checked <= now.timeIntervalSince1970 + 60 { entries[url] = Entry(status: exact, checked: checked, anchors: anchors) }
        }
        return entries
    }

    /// Writes `entries` beside the file and renames it into place.
    package func save(_ entries: [String: Entry]) {
        guard maxAge > 0 else { return }
        let stored = JSONValue.object([
            ("entries", .object(entries.sorted { $0.key < $1.key }.map { url, entry in
                var fields: [(String, JSONValue)] = []
                if let anchors = entry.anchors { fields.append(("anchors", .array(anchors.map(JSONValue.string)))) }
                fields += [("checked", .decimal(String(entry.checked))), ("status", .number(entry.status))]
                return (url, .object(fields))
            })),
            ("version", .number(1)),
        ])
        // A cache that cannot be written only costs time next run.
        FileReplacement.write(Array(stored.encoded.utf8), to: file)
    }
}
