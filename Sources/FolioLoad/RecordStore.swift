import FolioModel
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A file of `.folio/cache/` holding one record per page, by path and a hash of what the record
/// was made from, so that the next build reuses the records of the pages that did not change:
/// `parse.bin` (``ParseStore``: each page's parse) and `search.bin` (each page's part of the
/// search index).
///
/// The file holds one build's records under a key (the Folio binary, and the settings the
/// records depend on): a file with another key, or one that does not read, is empty. It is
/// replaced whole after a build that made any record anew (a record kept is copied as it is, not
/// decoded and encoded again), so a run killed halfway leaves the old file. Layout: the store's
/// first line (`FOLIO-PARSE 2\n`), the key, the records one after the other, then an index (the
/// count, and for each page its path, hash and record length, in the records' order), then the
/// index's offset in eight bytes: the records are written as they are encoded, a few hundred at
/// a time, and never all held at once.
package struct RecordStore: Sendable {
    /// One page's record: the hash of what it was made from, and where its bytes are.
    struct Entry: Sendable {
        let hash: UInt64
        let range: Range<Int>
    }

    /// The largest store read: Folio writes it (a 10,000-page site's parses are about 90 MB).
    static let sizeLimit = 1 << 31

    /// The file, `.folio/cache/NAME.bin` of the repository.
    package let file: String
    /// The store's first line, which names its kind and layout.
    let magic: [UInt8]
    /// The binary and settings the records were made with.
    let key: String
    private let data: [UInt8]
    private let entries: [String: Entry]

    /// The store at `file` when it starts with `magic` and its key is `key`; otherwise an empty
    /// one that will replace it.
    package init(file: String, magic: String, key: String) {
        self.file = file
        self.magic = Array(magic.utf8)
        self.key = key
        let folder = RepoPath.directory(of: file)
        guard case .success(let data) = FileGate.read(file, root: folder, limit: Self.sizeLimit),
            let entries = Self.index(of: data, magic: self.magic, key: key)
        else {
            self.data = []
            self.entries = [:]
            return
        }
        self.data = data
        self.entries = entries
    }

    /// How many pages the store holds.
    package var count: Int { entries.count }

    /// The record kept for the page at `path` when it was made from what hashes to `hash`,
    /// decoded; `nil` when there is none, or it does not decode.
    package func record<Value>(of path: String, hash: ContentHash, _ decode: (UnsafeRawBufferPointer) -> Value?) -> Value? {
        guard let entry = entries[path], entry.hash == hash.value else { return nil }
        return data.withUnsafeBytes { decode(UnsafeRawBufferPointer(rebasing: $0[entry.range])) }
    }

    /// Whether the store has a record for the page at `path` made from what hashes to `hash`.
    package func holds(_ path: String, hash: ContentHash) -> Bool { entries[path]?.hash == hash.value }

    /// What the next build's store holds for one page.
    package enum Record<Value: Sendable>: Sendable {
        /// The record this store has for the page (it was read from here).
        case kept(ContentHash)
        /// A record made anew, from what hashes to this, to be encoded.
        case new(ContentHash, Value)

        var hash: ContentHash {
            switch self {
            case .kept(let hash), .new(let hash, _): hash
            }
        }
    }

    /// Replaces the file with `records`, by page path, unless they are what it holds; new ones
    /// are encoded with `encode`, a few hundred at a time on every core. A store that cannot be
    /// written only costs making the records again next time.
    package func save<Value: Sendable>(_ records: [(path: String, record: Record<Value>)], encode: @Sendable (Value) -> [UInt8]) {
        let unchanged =
            records.count == entries.count
            && records.allSatisfy { if case .kept(let hash) = $0.record { entries[$0.path]?.hash == hash.value } else { false } }
        guard !unchanged else { return }
        FileReplacement.write(to: file) { sink in
            var head = RecordWriter()
            head.append(magic)
            head.string(key)
            head.bytes.withUnsafeBytes { sink.write($0) }
            var index = RecordWriter()
            index.count(records.count)
            var offset = head.bytes.count
            var start = 0
            while start < records.count {
                let batch = Array(records[start..<min(start + 256, records.count)])
                start += batch.count
                let encoded = parallelMap(batch) { _, record -> [UInt8]? in
                    guard case .new(_, let value) = record else { return nil }
                    return encode(value)
                }
                for ((path, record), bytes) in zip(batch, encoded) {
                    let length: Int
                    if let bytes {
                        bytes.withUnsafeBytes { sink.write($0) }
                        length = bytes.count
                    } else if let entry = entries[path], entry.hash == record.hash.value {
                        data.withUnsafeBytes { sink.write(UnsafeRawBufferPointer(rebasing: $0[entry.range])) }
                        length = entry.range.count
                    } else {
                        // Not a record of this store: the index would be wrong, so nothing is kept.
                        sink.fail()
                        return
                    }
                    index.string(path)
                    index.fixed(record.hash.value)
                    index.count(length)
                    offset += length
                }
            }
            index.fixed(UInt64(offset))
            index.bytes.withUnsafeBytes { sink.write($0) }
        }
    }

    /// Each page's entry when `data` is a store with `key`.
    static func index(of data: [UInt8], magic: [UInt8], key: String) -> [String: Entry]? {
        guard data.starts(with: magic), data.count >= magic.count + 8 else { return nil }
        return data.withUnsafeBytes { bytes -> [String: Entry]? in
            do {
                var footer = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[(bytes.count - 8)...]))
                let indexOffset = try footer.fixed()
                var head = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[magic.count...]))
                guard try head.string() == key else { return nil }
                var start = magic.count + head.offset
                guard indexOffset >= start, indexOffset <= bytes.count - 8 else { return nil }
                var reader = RecordReader(bytes: UnsafeRawBufferPointer(rebasing: bytes[Int(indexOffset)..<(bytes.count - 8)]))
                let count = try reader.count()
                var entries: [String: Entry] = [:]
                entries.reserveCapacity(count)
                for _ in 0..<count {
                    let path = try reader.string()
                    let hash = try reader.fixed()
                    let length = try reader.int()
                    guard length >= 0, length <= Int(indexOffset) - start else { return nil }
                    entries[path] = Entry(hash: hash, range: start..<(start + length))
                    start += length
                }
                return start == Int(indexOffset) && reader.isAtEnd ? entries : nil
            } catch {
                return nil
            }
        }
    }
}

/// `.folio/cache/parse.bin`: every page's parse from the last build (``ParseRecord``), by path
/// and a hash of the page's bytes, so that `folio build` after an edit parses only the pages
/// that changed and reads the others' parses. Its key is the Folio binary and the parser's
/// settings.
package struct ParseStore: Sendable {
    package typealias Record = RecordStore.Record<ParseRecord.Value>

    static let magic = "FOLIO-PARSE 2\n"

    package let store: RecordStore

    package init(file: String, key: String) { store = RecordStore(file: file, magic: Self.magic, key: key) }

    package var file: String { store.file }
    package var count: Int { store.count }

    /// The parse kept for the page at `path` when its bytes hash to `hash`.
    package func parse(of path: String, hash: ContentHash) -> ParseRecord.Value? { store.record(of: path, hash: hash, ParseRecord.decode) }

    package func holds(_ path: String, hash: ContentHash) -> Bool { store.holds(path, hash: hash) }

    package func save(_ records: [(path: String, record: Record)]) { store.save(records) { ParseRecord.encode($0.0, $0.1) } }
}
