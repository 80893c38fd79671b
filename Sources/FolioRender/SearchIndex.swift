import FolioCompile
import FolioLoad
import FolioMarkdown
import FolioModel
import FolioText
import Foundation

/// The site's search index, read by the theme's search box (`assets/folio.js`) only when it is
/// used, and only the parts a query needs. Scripts rather than JSON, so search also works from
/// `file://`. Three kinds of file:
///
/// - `assets/search-index.js`: every page's title and URL and its sections' headings and ids,
///   `{"v":2,"pages":[[title,url,[[heading,id],...]],...],"shards":[key,...],"chunks":[0,...]}`, pages in reading
///   order. A page's sections: its own (its text before the first heading), then one per heading
///   of level 2 to 6 (its first H1 is its title).
/// - `assets/search/KEY.js`: an inverted index of the words of the pages' text, split by the
///   words' first two letters (`ro.js` holds `rollback`, `route`...): `{word: [page, +delta, ...]}`.
///   Words are folded as the box folds a query (NFD, marks U+0300-U+036F dropped, lowercase), so
///   "instalacao" finds "Instalação".
/// - `assets/search/text/N.js`: the sections' plain text, for the results' snippets, in chunks of
///   consecutive pages of about 32 KB (`chunks` in the first file lists each chunk's first page).
///
/// A query loads the first file once, then one shard per word prefix and the text of the pages it
/// shows: on the 10,000-page benchmark a few hundred kilobytes, not the whole text of the site.
/// Built from each page's HTML byte by byte, in parallel; the same site gives the same bytes.
package enum SearchIndex {
    package static let path = "assets/search-index.js"
    /// Where the shards and texts go; a published file may not take a path under it.
    package static let folder = "assets/search/"
    /// About how many bytes of text a file of `assets/search/text/` holds.
    static let chunkSize = 32 * 1024
    /// Words longer than this (hashes, base64) are not indexed.
    static let maximumWordLength = 40

    /// Every file of the index, path and bytes, in a stable order.
    /// With `store` (`.folio/cache/search.bin`, a build with its cache), a page whose title, URL,
    /// HTML and headings are the last build's is not read again: its entry and words are the
    /// store's; the store is then saved with this build's pages.
    /// With `spill`, each page's text waits there until its chunk's file is written (holding
    /// every page's text, then every chunk's file, was 66 MB at 10,000 pages, at the build's peak).
    package static func files(for site: Site, store: RecordStore? = nil, spill: BodySpill? = nil) -> Files {
        let timings = Timings()
        let order = site.navigation.everyPage(count: site.pages.count)
        var runs = readPages(site, order: order, store: store, spill: spill)
        timings.mark("    search: pages read, words numbered")
        if let store {
            let records = runs.flatMap(\.records)
            let kept = records.count { if case .kept = $0.record { true } else { false } }
            Timings().note("search: pages read: \(order.count - kept), from \(RepoPath.fileName(store.file)): \(kept)")
            store.save(records, encode: SearchRecord.encode)
            timings.mark("    search: \(RepoPath.fileName(store.file)) saved")
        }
        let pages = runs.flatMap(\.pages)
        for index in runs.indices { runs[index].pages = [] }
        let shards = shardFiles(&runs, spill: spill)
        runs = []
        timings.mark("    search: shards")
        let chunks = textChunks(pages)
        defer { timings.mark("    search: meta and text") }
        let made =
            [(path, SpilledBytes.inline(meta(pages, shards: shards.map(\.key), chunks: chunks.map(\.lowerBound))))]
            + shards.map { (folder + SearchWords.fileName($0.key) + ".js", $0.bytes) }
        return Files(made: made, texts: pages.map(\.text), chunks: chunks)
    }

    /// The index's files: the first file and the shards, made (in a build, waiting in its
    /// ``BodySpill``); the text chunks, each made when it is asked for (``bytes(at:)``), from
    /// the pages' text.
    package struct Files: Sendable {
        let made: [(path: String, bytes: SpilledBytes)]
        let texts: [SpilledBytes]
        let chunks: [Range<Int>]

        /// Every file's path, the first file first.
        package var paths: [String] { made.map(\.path) + chunks.indices.map { folder + "text/\($0).js" } }

        /// File `index`'s bytes.
        package func bytes(at index: Int) -> [UInt8] {
            if index < made.count { return made[index].bytes.bytes }
            let number = index - made.count
            let range = chunks[number]
            var out = Array("folioSearchText(\(number),\(range.lowerBound),[".utf8)
            for position in range {
                if position > range.lowerBound { out.append(UInt8(ascii: ",")) }
                out += texts[position].bytes
            }
            out += Array("]);\n".utf8)
            return out
        }

        /// Every file, made.
        package var all: [(path: String, bytes: [UInt8])] { paths.enumerated().map { ($1, bytes(at: $0)) } }
    }

    /// What the index keeps of a page once it is read: its entry in the first file and its
    /// sections' text, both already written as JSON, and the size `textChunks` counts. The
    /// sections themselves are dropped at once (keeping every page's sections held 100 MB at
    /// 10,000 pages).
    struct PageEntry: Sendable {
        /// `[title,url,[[heading,id],...]]` (in a build, in its ``BodySpill`` too: 4 MB at 10,000
        /// pages, held until the first file is written).
        var meta: SpilledBytes
        /// `[text,...]`, one string per section (in a build, in its ``BodySpill``).
        var text: SpilledBytes
        /// The sections' text bytes, plus 4 per section and 16 (the chunk size's measure).
        var size: Int
    }

    /// A run of consecutive pages, read: its positions in reading order, each page's entry, the
    /// run's words in the order first met, and each page's distinct words by their number there.
    struct ReadRun: Sendable {
        var positions: Range<Int>
        var pages: [PageEntry]
        var words: [String]
        var lists: WordLists
        /// With a store, each page's record for the next build's store.
        var records: [(path: String, record: RecordStore.Record<SearchRecord>)] = []
    }

    /// Each run of consecutive pages (several per core, in parallel): each page's sections,
    /// made into its ``PageEntry``, and its distinct words numbered the first time the run meets
    /// them (``SearchVocabulary``: a `String` per distinct word of the run, not per page).
    private static func readPages(_ site: Site, order: [Int], store: RecordStore?, spill: BodySpill?) -> [ReadRun] {
        let runCount = max(1, min(order.count, ProcessInfo.processInfo.activeProcessorCount * 4))
        let runs = (0..<runCount).map { ($0 * order.count / runCount)..<(($0 + 1) * order.count / runCount) }
        return parallelMap(runs) { run -> ReadRun in
            var vocabulary = SearchVocabulary()
            var entries: [PageEntry] = []
            var lists = WordLists()
            var records: [(path: String, record: RecordStore.Record<SearchRecord>)] = []
            entries.reserveCapacity(run.count)
            for position in run {
                let page = site.pages[order[position]]
                let hash = store.map { _ in SearchRecord.hash(of: page) }
                // The store's words, met in the order the page met them, number the run's words
                // as reading the page would have.
                if let store, let hash, let kept = store.record(of: page.source, hash: hash, SearchRecord.decode) {
                    lists.append(vocabulary.numbers(ofWords: kept.words, page: Int32(position)))
                    var entry = kept.entry
                    if let spill, case .inline(let text) = entry.text { entry.text = spill.keep(text) }
                    if let spill, case .inline(let meta) = entry.meta { entry.meta = spill.keep(meta) }
                    entries.append(entry)
                    records.append((page.source, .kept(hash)))
                    continue
                }
                var writer = SectionWriter()
                writer.read(page)
                let sections = writer.sections
                let numbers = vocabulary.numbers(in: sections.map(\.text), page: Int32(position))
                lists.append(numbers)
                let text = textEntry(sections)
                let meta = metaEntry(page, sections: sections)
                entries.append(
                    PageEntry(
                        meta: spill?.keep(meta) ?? .inline(meta), text: spill?.keep(text) ?? .inline(text),
                        size: sections.reduce(16) { $0 + $1.text.count + 4 }))
                if let hash, let words = vocabulary.words(numbers) {
                    records.append((page.source, .new(hash, SearchRecord(entry: entries[entries.count - 1], words: words))))
                }
            }
            lists.fit()
            return ReadRun(positions: run, pages: entries, words: vocabulary.makeWords(), lists: lists, records: records)
        }
    }

    /// The inverted index, one file per shard key, keys sorted. The runs' word numbers become
    /// the site's, each word's pages are listed in reading order, and each shard's words are
    /// sorted and written (in parallel, one task per shard). The shards name pages, not
    /// sections: the box finds a page's matching sections in its text, which it loads anyway for
    /// the snippets.
    /// Each run's words and lists are let go of as soon as its pages are listed: the lists and
    /// the postings made of them are the same size (12 MB each at 10,000 pages), and were both
    /// held at once.
    /// Each shard waits in the spill, put there as soon as it is made: made all at once and
    /// then spilled, the shards (8 MB at 10,000 pages) were the top of the build's peak.
    private static func shardFiles(_ runs: inout [ReadRun], spill: BodySpill?) -> [(key: String, bytes: SpilledBytes)] {
        let timings = Timings()
        defer { timings.mark("      shards: sorted and written") }
        var numbers: [String: Int32] = [:]
        var words: [String] = []
        // The site's number of each run's words, and how many pages have each word.
        var siteNumbers: [[Int32]] = []
        var counts: [Int32] = []
        for run in runs {
            let site = run.words.map { word -> Int32 in
                if let known = numbers[word] { return known }
                let number = Int32(words.count)
                numbers[word] = number
                words.append(word)
                counts.append(0)
                return number
            }
            run.lists.forEach { _, number in counts[Int(site[number])] += 1 }
            siteNumbers.append(site)
        }
        numbers = [:]
        // Every word's pages in one array, each word's from `starts[word]` (counted first, so
        // that no list grows and no word has an array of its own), in reading order.
        var starts = [Int](repeating: 0, count: words.count + 1)
        for number in words.indices { starts[number + 1] = starts[number] + Int(counts[number]) }
        counts = []
        let pageCount = runs.last?.positions.upperBound ?? 0
        // Pages' positions in reading order, each word's after the one before.
        var postings = CompactIntegers(zeros: starts[words.count], largest: pageCount)
        var next = Array(starts.dropLast())
        for index in runs.indices {
            let run = runs[index]
            runs[index].lists = WordLists()
            runs[index].words = []
            let site = siteNumbers[index]
            run.lists.forEach { offset, number in
                let word = Int(site[number])
                postings[next[word]] = run.positions.lowerBound + offset
                next[word] += 1
            }
            siteNumbers[index] = []
        }
        timings.mark("      shards: pages listed by word")
        var byShard: [UInt64: [Int32]] = [:]
        for (number, word) in words.enumerated() { byShard[SearchWords.shardCode(word), default: []].append(Int32(number)) }
        let keys = byShard.keys.map { (code: $0, key: SearchWords.shardKey(code: $0)) }.sorted { $0.key < $1.key }
        let (allWords, allPostings, allStarts, shards) = (words, postings, starts, byShard)
        let shardFiles = parallelMap(keys) { code, key -> SpilledBytes in
            var out = Array("folioSearchShard(".utf8)
            appendJSON(Array(key.utf8), to: &out)
            out += Array(",{".utf8)
            for (position, number) in shards[code]!.sorted(by: { allWords[Int($0)] < allWords[Int($1)] }).enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                appendJSON(Array(allWords[Int(number)].utf8), to: &out)
                out += Array(":[".utf8)
                var last = 0
                for offset in allStarts[Int(number)]..<allStarts[Int(number) + 1] {
                    let page = allPostings[offset]
                    if offset > allStarts[Int(number)] { out.append(UInt8(ascii: ",")) }
                    out.appendDecimal(page - last)
                    last = page
                }
                out.append(UInt8(ascii: "]"))
            }
            out += Array("});\n".utf8)
            return spill?.keep(out) ?? .inline(out)
        }
        return zip(keys, shardFiles).map { (key: $0.key, bytes: $1) }
    }

    /// The pages in chunks of consecutive pages of about `chunkSize` bytes of text: a file per
    /// page made 10,000 more files to write (and to remove on the next build) for the benchmark.
    private static func textChunks(_ pages: [PageEntry]) -> [Range<Int>] {
        var chunks: [Range<Int>] = []
        var chunkStart = 0, chunkBytes = 0
        for (position, page) in pages.enumerated() {
            chunkBytes += page.size
            if chunkBytes >= chunkSize || position == pages.count - 1 {
                chunks.append(chunkStart..<(position + 1))
                chunkStart = position + 1
                chunkBytes = 0
            }
        }
        return chunks
    }

    /// A page's sections' text: `[text,...]`.
    private static func textEntry(_ sections: [SectionWriter.Section]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, section) in sections.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendJSON(section.text, to: &out)
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// A page's entry in the first file: `[title,url,[[heading,id],...]]`.
    private static func metaEntry(_ page: Page, sections: [SectionWriter.Section]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        appendJSON(Array(page.title.utf8), to: &out)
        out.append(UInt8(ascii: ","))
        appendJSON(Array(Routes.encode(page.url).utf8), to: &out)
        out += Array(",[".utf8)
        for (offset, section) in sections.dropFirst().enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            out.append(UInt8(ascii: "["))
            appendJSON(section.title, to: &out)
            out.append(UInt8(ascii: ","))
            appendJSON(section.anchor, to: &out)
            out.append(UInt8(ascii: "]"))
        }
        out += Array("]]".utf8)
        return out
    }

    /// The first file: pages, sections' headings and ids, and the shards that exist.
    private static func meta(_ pages: [PageEntry], shards: [String], chunks: [Int]) -> [UInt8] {
        var out = Array("window.folioSearchIndex={\"v\":2,\"pages\":[".utf8)
        for (position, page) in pages.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            out += page.meta.bytes
        }
        out += Array("],\"shards\":[".utf8)
        for (position, key) in shards.enumerated() {
            if position > 0 { out.append(UInt8(ascii: ",")) }
            appendJSON(Array(key.utf8), to: &out)
        }
        out += Array("],\"chunks\":[".utf8)
        out += Array(chunks.map(String.init).joined(separator: ",").utf8)
        out += Array("]};\n".utf8)
        return out
    }

    /// A JSON string that may sit in a script element: `<` is escaped.
    static func appendJSON(_ bytes: [UInt8], to out: inout [UInt8]) {
        JSONValue.appendQuoted(bytes, to: &out, escapingLessThan: true)
    }
}

/// The words of a text as the search box reads them: runs of letters and digits, folded (NFD,
/// U+0300-U+036F dropped, lowercase), as `assets/folio.js` folds a query.
enum SearchWords {
    static func each(in text: [UInt8], _ body: (String) -> Void) {
        eachRun(in: text) { run, hasNonASCII in
            if !hasNonASCII {
                if run.count <= SearchIndex.maximumWordLength { body(String(decoding: run, as: UTF8.self)) }
                return
            }
            for folded in unicodeWords(String(decoding: run, as: UTF8.self)) where folded.unicodeScalars.count <= SearchIndex.maximumWordLength {
                body(folded)
            }
        }
    }

    /// The distinct words of a page's section texts, each made a `String` once (a page repeats
    /// its words, and a `String` per occurrence was most of the index's time).
    static func distinct(in texts: [[UInt8]]) -> [String] {
        var vocabulary = SearchVocabulary()
        let numbers = vocabulary.numbers(in: texts, page: 0)
        let words = vocabulary.makeWords()
        return numbers.map { words[Int($0)] }
    }

    /// Each run of word bytes of `text` (ASCII letters lowercased), and whether it holds
    /// non-ASCII bytes (then it is folded and cut by ``unicodeWords(_:)``).
    static func eachRun(in text: [UInt8], _ body: (ArraySlice<UInt8>, Bool) -> Void) {
        // Runs found by index; only a run with capitals is copied (to lowercase it). Each byte's
        // class comes from one table, read through pointers (the byte's tests and the array's
        // bounds checks were most of numbering a page's words).
        var lowered: [UInt8] = []
        byteClasses.withUnsafeBufferPointer { classes in
            text.withUnsafeBufferPointer { bytes in
                var index = 0
                while index < bytes.count {
                    let start = index
                    var seen: UInt8 = 0
                    while index < bytes.count {
                        let kind = classes[Int(bytes[index])]
                        if kind == 0 { break }
                        seen |= kind
                        index += 1
                    }
                    if index > start {
                        if seen & 2 != 0 {
                            lowered.removeAll(keepingCapacity: true)
                            for byte in bytes[start..<index] { lowered.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte) }
                            body(lowered[...], seen & 4 != 0)
                        } else {
                            body(text[start..<index], seen & 4 != 0)
                        }
                    }
                    index += 1
                }
            }
        }
    }

    /// Each byte's class for ``eachRun(in:_:)``: 0 ends a word, 1 a lowercase letter or digit,
    /// 2 a capital, 4 a byte beyond ASCII.
    private static let byteClasses: [UInt8] = (0..<256).map { byte in
        switch byte {
        case 0x80...: 4
        case 0x41...0x5A: 2
        case 0x61...0x7A, 0x30...0x39: 1
        default: 0
        }
    }

    /// A run with non-ASCII letters: folded, then cut at every scalar that is not a letter or a
    /// number (JavaScript's `[^\p{L}\p{N}]`).
    static func unicodeWords(_ text: String) -> [String] {
        let decomposed = text.decomposedStringWithCanonicalMapping.unicodeScalars.filter { !(0x300...0x36F).contains($0.value) }
        let lowered = String(String.UnicodeScalarView(decomposed)).lowercased()
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in lowered.unicodeScalars {
            if isLetterOrNumber(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                words.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    static func isLetterOrNumber(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }

    /// The shard a word is in: its first two scalars.
    static func shardKey(_ word: String) -> String { shardKey(code: shardCode(word)) }

    /// A word's shard as a number: its first scalar, then its second (0: none; a word holds
    /// letters and digits only, never U+0000).
    static func shardCode(_ word: String) -> UInt64 {
        let utf8 = word.utf8
        if let first = utf8.first, first < 0x80 {
            let second = utf8.dropFirst().first ?? 0
            if second < 0x80 { return UInt64(first) << 21 | UInt64(second) }
        }
        var scalars = word.unicodeScalars.makeIterator()
        let first = scalars.next().map { UInt64($0.value) } ?? 0
        let second = scalars.next().map { UInt64($0.value) } ?? 0
        return first << 21 | second
    }

    /// The shard key a ``shardCode(_:)`` stands for.
    static func shardKey(code: UInt64) -> String {
        var key = String.UnicodeScalarView()
        for value in [code >> 21, code & 0x1F_FFFF] where value != 0 {
            if let scalar = Unicode.Scalar(UInt32(value)) { key.append(scalar) }
        }
        return String(key)
    }

    /// A shard key as a file name: `a`-`z` and `0`-`9` as they are, anything else as `_` and its
    /// code point in hexadecimal (`ão` -> `_e3o`), as the box computes it.
    static func fileName(_ key: String) -> String {
        var name = ""
        for scalar in key.unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                name.unicodeScalars.append(scalar)
            } else {
                name += "_" + String(scalar.value, radix: 16)
            }
        }
        return name
    }
}

/// Integers from 0, 16 bits each while every one fits, 32 once one does not: the search
/// index's word numbers and page positions (8 MB each at 10,000 pages in 32 bits).
struct CompactIntegers: Sendable {
    private var narrow: [UInt16] = []
    private var wide: [Int32] = []
    private var isWide = false

    /// None yet.
    init() {}

    /// `count` zeros, room for values up to `largest`.
    init(zeros count: Int, largest: Int) {
        if largest <= Int(UInt16.max) { narrow = [UInt16](repeating: 0, count: count) } else { (wide, isWide) = ([Int32](repeating: 0, count: count), true) }
    }

    var count: Int { isWide ? wide.count : narrow.count }

    /// Value `index`; a value set must fit the width chosen at `init(zeros:largest:)`.
    subscript(index: Int) -> Int {
        get { isWide ? Int(wide[index]) : Int(narrow[index]) }
        set {
            if isWide { wide[index] = Int32(newValue) } else { narrow[index] = UInt16(newValue) }
        }
    }

    /// Adds `values` (each at least 0), widening everything first when one does not fit.
    mutating func append(contentsOf values: [Int32]) {
        if !isWide, values.contains(where: { $0 > Int32(UInt16.max) }) {
            (wide, narrow, isWide) = (narrow.map { Int32($0) }, [], true)
        }
        if isWide { wide += values } else { narrow += values.lazy.map { UInt16(truncatingIfNeeded: $0) } }
    }

    /// Without the room appending left.
    mutating func fit() {
        narrow = narrow.fitted()
        wide = wide.fitted()
    }
}

/// A run's pages' distinct words by their number in the run, one page after another (a run is
/// an eighth of a site on two cores, so its numbers mostly fit in 16 bits). An array of 32-bit
/// numbers per page held 8 MB at 10,000 pages, until the pages were listed by word.
struct WordLists: Sendable {
    private var numbers = CompactIntegers()
    /// Where each page's numbers end.
    private var ends: [Int32] = []

    /// How many pages.
    var count: Int { ends.count }

    /// Adds a page's numbers (each at least 0).
    mutating func append(_ numbers: [Int32]) {
        self.numbers.append(contentsOf: numbers)
        ends.append(Int32(self.numbers.count))
    }

    /// Without the room appending left, once every page is added.
    mutating func fit() {
        numbers.fit()
        ends = ends.fitted()
    }

    /// Each page's position among the pages and each of its numbers, in order.
    func forEach(_ body: (Int, Int) -> Void) {
        var start = 0
        for (page, end) in ends.enumerated() {
            for index in start..<Int(end) { body(page, numbers[index]) }
            start = Int(end)
        }
    }
}

/// Numbers for words, given the first time a word is met: the word is made a `String` then,
/// and found again by a hash of its bytes. A page is the numbers of its distinct words.
struct SearchVocabulary {
    /// Every word's bytes, one after another: word `n` is `bytes[starts[n]..<starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    private var hashes: [UInt64] = []
    /// Open addressing by the words' hashes: a word's number, or -1. (A dictionary of arrays by
    /// hash, and comparing with `String`s, made numbering the words a quarter of the index's cost.)
    private var table = [Int32](repeating: -1, count: 1 << 12)
    /// The last page each word was met on, to take a word once per page.
    private var lastPage: [Int32] = []

    /// The words in the order first met, numbered from 0 (a `String` made for each, each call).
    func makeWords() -> [String] {
        bytes.withUnsafeBufferPointer { all in
            (0..<hashes.count).map { String(decoding: UnsafeBufferPointer(rebasing: all[starts[$0]..<starts[$0 + 1]]), as: UTF8.self) }
        }
    }

    /// The numbers of the distinct words of a page's texts (words as ``SearchWords/each(in:_:)``
    /// takes them), in the order first met.
    mutating func numbers(in texts: [[UInt8]], page: Int32) -> [Int32] {
        var found: [Int32] = []
        for text in texts {
            SearchWords.eachRun(in: text) { run, hasNonASCII in
                if hasNonASCII {
                    for word in SearchWords.unicodeWords(String(decoding: run, as: UTF8.self))
                    where word.unicodeScalars.count <= SearchIndex.maximumWordLength {
                        var word = word
                        word.withUTF8 { take(number(of: $0), page: page, into: &found) }
                    }
                } else if run.count <= SearchIndex.maximumWordLength {
                    run.withUnsafeBufferPointer { take(number(of: $0), page: page, into: &found) }
                }
            }
        }
        return found
    }

    /// The numbers of words already folded and told apart (a page's words as ``words(_:)``
    /// wrote them), in their order.
    mutating func numbers(ofWords words: [UInt8], page: Int32) -> [Int32] {
        var found: [Int32] = []
        words.withUnsafeBufferPointer { all in
            SearchRecord.eachWord(in: all) { take(number(of: $0), page: page, into: &found) }
        }
        return found
    }

    /// The words numbered `numbers`, one after another, each its length (one byte: a word has
    /// at most 40 letters of at most 4 bytes) and its bytes; `nil` if one is longer.
    func words(_ numbers: [Int32]) -> [UInt8]? {
        var out: [UInt8] = []
        for number in numbers {
            let word = bytes[starts[Int(number)]..<starts[Int(number) + 1]]
            guard word.count <= 255 else { return nil }
            out.append(UInt8(word.count))
            out += word
        }
        return out
    }

    private mutating func take(_ number: Int32, page: Int32, into found: inout [Int32]) {
        guard lastPage[Int(number)] != page else { return }
        lastPage[Int(number)] = page
        found.append(number)
    }

    /// The number of the word spelled by `word`, a new one the first time.
    private mutating func number(of word: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(of: word)
        var slot = firstSlot(for: hash)
        while table[slot] >= 0 {
            let number = Int(table[slot])
            if hashes[number] == hash, starts[number + 1] - starts[number] == word.count,
                bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + starts[number], word.baseAddress!, word.count) == 0 })
            {
                return Int32(number)
            }
            slot = (slot + 1) & (table.count - 1)
        }
        let number = Int32(hashes.count)
        bytes.append(contentsOf: word)
        starts.append(bytes.count)
        hashes.append(hash)
        lastPage.append(-1)
        table[slot] = number
        if hashes.count * 2 > table.count { grow() }
        return number
    }

    /// A word's hash for the table: eight bytes at a time, multiplied, then mixed as
    /// SplitMix64 finishes. (`ContentHash`, made for whole pages, cost 120 instructions a word
    /// in its set-up and finish, more than the rest of numbering it.) Only the table's order
    /// depends on it: words are numbered in the order they are met.
    static func hash(of word: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let raw = UnsafeRawBufferPointer(word)
        var hash = 0x9E37_79B9_7F4A_7C15 &* UInt64(word.count &+ 1)
        var index = 0
        while index + 8 <= word.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
            index += 8
        }
        // The last zero to seven bytes as at most three loads (a byte at a time was 80
        // instructions a word).
        var last: UInt64 = 0
        var shift: UInt64 = 0
        if word.count - index >= 4 {
            last = UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
            (shift, index) = (32, index + 4)
        }
        if word.count - index >= 2 {
            last |= UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)) << shift
            (shift, index) = (shift + 16, index + 2)
        }
        if index < word.count { last |= UInt64(raw[index]) << shift }
        hash ^= last
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }

    /// Where a word of this hash is looked for first (then in the slots after it).
    private func firstSlot(for hash: UInt64) -> Int { Int(truncatingIfNeeded: hash ^ (hash >> 29)) & (table.count - 1) }

    /// Twice the slots, every word put in again.
    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        for (number, hash) in hashes.enumerated() {
            var slot = firstSlot(for: hash)
            while table[slot] >= 0 { slot = (slot + 1) & (table.count - 1) }
            table[slot] = Int32(number)
        }
    }
}

/// Reads one page's HTML into its sections: tags dropped (block tags leave a space), whitespace
/// collapsed, character references decoded, comments, scripts and styles dropped, and a new
/// section at each heading Folio gave an id.
struct SectionWriter {
    struct Section: Sendable {
        var title: [UInt8]
        var anchor: [UInt8]
        var text: [UInt8]
    }

    private(set) var sections: [Section] = []
    private var title: [UInt8] = []
    private var anchor: [UInt8] = []
    private var text: [UInt8] = []
    private var pendingSpace = false

    mutating func read(_ page: Page) {
        var html = page.document.html
        html.withUTF8 { read(page, html: $0) }
    }

    /// The page's sections from its HTML, read in place (a copy of every page's HTML was 65 MB
    /// at 10,000 pages).
    private mutating func read(_ page: Page, html bytes: UnsafeBufferPointer<UInt8>) {
        let headings = Dictionary(page.document.headings.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let titleHeading = page.document.headings.first { $0.level == 1 }?.id
        // The tables once, not through their accessors at every tag.
        let (blockTags, script, style) = (Self.blockTags, Self.script, Self.style)
        /// A byte of text that is not a space, a tag or a reference.
        func isText(_ byte: UInt8) -> Bool { byte > 0x20 && byte != UInt8(ascii: "<") && byte != UInt8(ascii: "&") }
        title = Array(page.title.utf8)
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if isText(byte) {
                // A run of text with no tag or reference goes in whole (a byte at a time, this
                // loop was the search index's largest cost), single spaces between words with it
                // (they are what collapsing whitespace would write: a run per word was an append
                // per word).
                var end = index + 1
                while end < count {
                    if isText(bytes[end]) {
                        end += 1
                    } else if bytes[end] == 0x20, end + 1 < count, isText(bytes[end + 1]) {
                        end += 2
                    } else {
                        break
                    }
                }
                if pendingSpace {
                    text.append(0x20)
                    pendingSpace = false
                }
                text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                continue
            }
            if byte == UInt8(ascii: "&") {
                index = appendReference(bytes, at: index)
                continue
            }
            guard byte == UInt8(ascii: "<"), let tag = Tag(bytes, at: index) else {
                appendText(byte)
                index += 1
                continue
            }
            index = tag.end
            if tag.isComment { continue }
            if tag.isHeading && !tag.isClosing, let id = tag.attribute("id", in: bytes), let heading = headings[id] {
                index = HTMLAttributes.skip(bytes, from: index, past: tag.closingTag)
                if id == titleHeading { continue }
                finishSection()
                title = Array(heading.text.utf8)
                anchor = Array(id.utf8)
            } else if !tag.isClosing && (tag.key == script || tag.key == style) {
                index = HTMLAttributes.skip(bytes, from: index, past: tag.closingTag)
            } else if blockTags.contains(tag.key) {
                pendingSpace = !text.isEmpty
            }
        }
        finishSection()
    }

    private static let script = Tag.key(Array("script".utf8)), style = Tag.key(Array("style".utf8))

    /// Tags after which words do not run together, by `Tag.key`.
    private static let blockTags = TagKeySet(
        [
            "p", "div", "li", "ul", "ol", "dd", "dt", "dl", "td", "th", "tr", "table", "thead", "tbody", "pre", "blockquote", "br", "hr",
            "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "details", "summary", "figure", "img",
        ].map { Tag.key(Array($0.utf8)) })

    private mutating func appendText(_ byte: UInt8) {
        switch byte {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
            pendingSpace = !text.isEmpty
        case 0..<0x20:
            break  // Folio's own markers; never text
        default:
            if pendingSpace {
                text.append(0x20)
                pendingSpace = false
            }
            text.append(byte)
        }
    }

    /// Decodes the character reference at `index` (`&amp;`, `&#233;`), or keeps the `&`.
    private mutating func appendReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        var end = index + 1
        while end < bytes.count, end - index < 12, bytes[end] != UInt8(ascii: ";"), bytes[end] != UInt8(ascii: "&") { end += 1 }
        if end < bytes.count, bytes[end] == UInt8(ascii: ";") {
            let reference = Array(bytes[index...end])
            let decoded = HTMLAttributes.decodeReferences(reference[...])
            if !decoded.utf8.elementsEqual(reference) {
                for byte in decoded.utf8 { appendText(byte) }
                return end + 1
            }
        }
        appendText(UInt8(ascii: "&"))
        return index + 1
    }

    private mutating func finishSection() {
        sections.append(Section(title: title, anchor: anchor, text: text))
        text.removeAll(keepingCapacity: true)
        pendingSpace = false
    }
}

/// A few tag names by `Tag.key`, looked up with one multiply and a short probe: a `Set`
/// hashed every tag of every page with SipHash (0.9% of a build).
struct TagKeySet {
    /// 64 slots, open addressing, 0 for an empty one.
    private var slots = [UInt64](repeating: 0, count: 64)
    /// Whether key 0 is in the set: every name longer than eight bytes has it (`blockquote`
    /// among the block tags, so `figcaption` is taken as one too).
    private var hasZero = false

    init(_ keys: [UInt64]) {
        precondition(keys.count < 48, "a few names only")
        hasZero = keys.contains(0)
        for key in keys where key != 0 && !contains(key) {
            var slot = Self.slot(of: key)
            while slots[slot] != 0 { slot = (slot + 1) & 63 }
            slots[slot] = key
        }
    }

    func contains(_ key: UInt64) -> Bool {
        guard key != 0 else { return hasZero }
        var slot = Self.slot(of: key)
        while slots[slot] != 0 {
            if slots[slot] == key { return true }
            slot = (slot + 1) & 63
        }
        return false
    }

    private static func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 58) }
}

/// One tag of rendered HTML: its lowercased name, whether it closes, and where it ends.
/// (`HTMLAttributes` reads attributes of start tags only; the search index also needs closing
/// tags, to leave spaces between blocks.)
private struct Tag {
    /// The name, lowercased: ``key`` holds it when it has at most eight bytes (an array per tag
    /// was a third of the time spent reading pages' text).
    var key: UInt64
    var nameLength: Int
    var isClosing: Bool
    var isComment: Bool
    var start: Int
    var end: Int

    /// `nil` when the `<` at `start` does not open a tag.
    init?(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) {
        self.start = start
        var cursor = start + 1
        isClosing = cursor < bytes.count && bytes[cursor] == UInt8(ascii: "/")
        if isClosing { cursor += 1 }
        let nameStart = cursor
        var key: UInt64 = 0
        while cursor < bytes.count, Self.isNameByte(bytes[cursor]) {
            key = key << 8 | UInt64(Self.lowercased(bytes[cursor]))
            cursor += 1
        }
        nameLength = cursor - nameStart
        self.key = nameLength <= 8 ? key : 0
        isComment = false
        if nameLength == 0 {
            // Comments, doctypes and processing instructions are dropped whole.
            guard !isClosing, cursor < bytes.count, bytes[cursor] == UInt8(ascii: "!") || bytes[cursor] == UInt8(ascii: "?") else { return nil }
            let closing = Array((UnsafeBufferPointer(rebasing: bytes[cursor...]).starts(with: "!--".utf8) ? "-->" : ">").utf8)
            end = HTMLAttributes.skip(bytes, from: cursor, past: closing)
            isComment = true
            return
        }
        var quote: UInt8?
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
            cursor += 1
        }
        end = min(cursor + 1, bytes.count)
    }

    var isHeading: Bool {
        nameLength == 2 && key >> 8 == UInt64(UInt8(ascii: "h")) && key & 0xFF >= UInt64(UInt8(ascii: "1")) && key & 0xFF <= UInt64(UInt8(ascii: "6"))
    }

    /// `</name>`, which ends the element this tag opens (of a name of at most eight bytes).
    var closingTag: [UInt8] {
        var name: [UInt8] = []
        for shift in stride(from: (nameLength - 1) * 8, through: 0, by: -8) { name.append(UInt8(truncatingIfNeeded: key >> UInt64(shift))) }
        return Array("</".utf8) + name + [UInt8(ascii: ">")]
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 { byte | (byte >= 0x41 && byte <= 0x5A ? 0x20 : 0) }

    /// Up to eight name bytes in one number, for a set lookup without building strings.
    static func key(_ name: [UInt8]) -> UInt64 {
        guard name.count <= 8 else { return 0 }
        return name.reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The decoded value of attribute `name`.
    func attribute(_ name: String, in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        HTMLAttributes.scan(Array(bytes[start..<end])).first { $0.name == name }.map(\.value)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "-")
    }
}

/// A page's part of the search index as `.folio/cache/search.bin` keeps it: its entry (the
/// JSON of its first-file entry and of its text, and its size) and its distinct words, folded,
/// in the order the page meets them. Decoding checks every length: bytes that are not a record
/// read as nothing, and the page is read again.
package struct SearchRecord: Sendable {
    var entry: SearchIndex.PageEntry
    /// Each word's length (one byte) and bytes.
    var words: [UInt8]

    /// What the record is made from: the page's title, URL, HTML and headings.
    static func hash(of page: Page) -> ContentHash {
        var hash = ContentHash()
        hash.combine(page.title)
        hash.combine(page.url)
        hash.combine(page.document.html)
        hash.combine(page.document.headings.count)
        for heading in page.document.headings {
            hash.combine(heading.level)
            hash.combine(heading.id)
            hash.combine(heading.text)
        }
        return hash
    }

    @Sendable static func encode(_ record: SearchRecord) -> [UInt8] {
        var writer = RecordWriter()
        writer.data(record.entry.meta.bytes)
        writer.data(record.entry.text.bytes)
        writer.int(record.entry.size)
        writer.data(record.words)
        return writer.bytes
    }

    package static func decode(_ bytes: UnsafeRawBufferPointer) -> SearchRecord? {
        var reader = RecordReader(bytes: bytes)
        do {
            let meta = try reader.data()
            let text = try reader.data()
            let size = try reader.int()
            let words = try reader.data()
            guard reader.isAtEnd, size >= 0, isWordList(words) else { return nil }
            return SearchRecord(entry: SearchIndex.PageEntry(meta: .inline(meta), text: .inline(text), size: size), words: words)
        } catch {
            return nil
        }
    }

    /// Whether `words` is lengths and words that end where the bytes do, none empty.
    static func isWordList(_ words: [UInt8]) -> Bool {
        var index = 0
        while index < words.count {
            let length = Int(words[index])
            guard length > 0, index + 1 + length <= words.count else { return false }
            index += 1 + length
        }
        return true
    }

    /// Each word of a list ``isWordList(_:)`` accepts.
    static func eachWord(in words: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var index = 0
        while index < words.count {
            let length = Int(words[index])
            body(UnsafeBufferPointer(rebasing: words[(index + 1)..<min(words.count, index + 1 + length)]))
            index += 1 + length
        }
    }
}
