import Foundation
import Testing

@testable import FolioMarkdown
@testable import FolioModel
@testable import FolioRender
@testable import FolioText

/// The byte scans made faster for the 10,000-page build, against the plain way of doing the same.
@Suite struct ByteScanTests {
    @Test func containsBytesFindsANeedleAnywhereAndNothingElse() {
        #expect(containsBytes("<table>", "<table"))
        #expect(containsBytes("x<table", "<table"))
        #expect(!containsBytes("x<tabl", "<table"))
        #expect(!containsBytes("", "<table"))
        #expect(containsBytes("<<<<table", "<table"))
        #expect(containsBytes("ação <table", "<table"))
        #expect(containsBytes("anything", ""))
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = String((0..<Int.random(in: 0...20, using: &random)).map { _ in "<tabe".randomElement(using: &random)! })
            #expect(containsBytes(text, "<table") == text.contains("<table"), "\(text)")
        }
    }

    /// The one byte search (ByteSearch) against the plain way, over random texts, starts and ends.
    @Test func byteSearchFindsWhatASliceComparisonFinds() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &random)).map { _ in Array("abab-".utf8).randomElement(using: &random)! }
            let needle = Array("ab-a".utf8.prefix(Int.random(in: 1...4, using: &random)))
            let start = Int.random(in: 0...bytes.count, using: &random), end = Int.random(in: start...bytes.count, using: &random)
            let expected = start + needle.count > end ? nil : (start...(end - needle.count)).first { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
            #expect(ByteSearch.firstOffset(of: needle, in: bytes, from: start, upTo: end) == expected, "\(bytes) \(needle) \(start)..<\(end)")
        }
        #expect(ByteSearch.firstOffset(of: [], in: Array("abc".utf8)) == nil)
        #expect(LineIndex(bytes: Array("ab\ncd ab".utf8)).find(Array("ab".utf8), from: 1) == 6)
        #expect(LineIndex(bytes: Array("ab\ncd ab".utf8)).find(Array("ab".utf8), from: 1, sameLine: true) == nil)
    }

    /// A position's column counted eight bytes at a time, against the text's own count of its
    /// scalars, at every byte of random lines of one-, two-, three- and four-byte characters.
    @Test func columnsCountScalarsAsTheStringDoes() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "ç", "ã", "€", "😀", " ", "e\u{301}", "\t"]
        for _ in 0..<300 {
            let line = (0..<Int.random(in: 0...40, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let index = LineIndex("x\n" + line + "\ny")
            let bytes = Array(line.utf8)
            for byteColumn in 1...(bytes.count + 1) {
                let scalars = String(decoding: bytes[..<(byteColumn - 1)], as: UTF8.self).unicodeScalars.count
                // A column inside a character counts the scalar it starts in the middle of as begun.
                let begun = bytes[..<(byteColumn - 1)].count { ($0 & 0xC0) != 0x80 }
                #expect(index.position(line: 2, byteColumn: byteColumn) == TextPosition(line: 2, column: begun + 1), "\(line) \(byteColumn)")
                if bytes.indices.contains(byteColumn - 1), (bytes[byteColumn - 1] & 0xC0) != 0x80 { #expect(begun == scalars) }
            }
        }
    }

    /// The single-byte search (`memchr`) against `firstIndex(of:)`, from every start and past the end.
    @Test func singleByteSearchFindsWhatFirstIndexFinds() {
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let bytes = (0..<Int.random(in: 0...24, using: &random)).map { _ in Array("ab\n\u{1}".utf8).randomElement(using: &random)! }
            let byte = Array("ab\n\u{1}x".utf8).randomElement(using: &random)!
            for start in 0...(bytes.count + 1) {
                let expected = start < bytes.count ? bytes[start...].firstIndex(of: byte) : nil
                #expect(bytes.withUnsafeBufferPointer { ByteSearch.firstOffset(of: byte, in: $0, from: start) } == expected, "\(bytes) \(byte) \(start)")
            }
        }
    }

    /// JSON strings as JSONSerialization reads them back, over random text with every character
    /// that needs an escape.
    @Test func quotedJSONReadsBackAsTheSameText() throws {
        var random = SystemRandomNumberGenerator()
        let pieces = ["a", "ç", "\"", "\\", "<", "\n", "\r", "\t", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2026}", " ", "é"]
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            for escaping in [false, true] {
                var out: [UInt8] = []
                JSONValue.appendQuoted(Array(text.utf8), to: &out, escapingLessThan: escaping)
                let json = String(decoding: out, as: UTF8.self)
                #expect(!json.contains("\u{2028}") && !json.contains("\u{2029}") && !json.contains("\n"))
                #expect(!escaping || !json.contains("<"))
                let back = try JSONSerialization.jsonObject(with: Data(("[" + json + "]").utf8)) as? [String]
                #expect(back == [text], "\(json)")
            }
        }
    }
}

/// Runbook dates counted by arithmetic, against Foundation's Gregorian calendar in UTC.
@Suite struct RunbookDayTests {
    @Test func daysAgreeWithFoundationsCalendar() {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 1899, month: 12, day: 25))!
        for offset in stride(from: 0, to: 200 * 366, by: 1) {
            let date = start.addingTimeInterval(Double(offset) * 86_400)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let text = String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
            #expect(Runbook.format(date) == text)
            #expect(Runbook.day(text) == date, "\(text)")
            if offset % 997 == 0 { #expect(Runbook.format(date.addingTimeInterval(86_399)) == text) }
        }
        for wrong in ["2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31", "2024-4-1", "24-04-01", "2024-04-0x", "2024/04/01", ""] {
            #expect(Runbook.day(wrong) == nil, "\(wrong)")
        }
        #expect(Runbook.day("2024-02-29") != nil && Runbook.day("2000-02-29") != nil && Runbook.day("1900-02-29") == nil)
    }

    /// `Runbook.format` pads as `%04d` and `%02d` do, beyond the years the test above meets.
    @Test func paddingAgreesWithPrintf() {
        for value in [-12_345, -100, -5, 0, 7, 42, 999, 1_000, 9_999, 10_000, 123_456] {
            for width in 1...6 { #expect(Runbook.padded(value, to: width) == String(format: "%0\(width)d", value), "\(value) \(width)") }
        }
    }
}

/// A run's word lists, 16 bits a number until one does not fit, read back as they were added.
@Suite struct WordListsTests {
    @Test(arguments: [100, 70_000]) func listsReadBackAsAdded(largest: Int) {
        var random = SystemRandomNumberGenerator()
        var lists = WordLists()
        var pages: [[Int32]] = []
        for page in 0..<300 {
            // The numbers grow with the pages, as a run's vocabulary does.
            let top = Int32(max(1, largest * (page + 1) / 300))
            let numbers = (0..<Int.random(in: 0...40, using: &random)).map { _ in Int32.random(in: 0..<top, using: &random) }
            pages.append(numbers)
            lists.append(numbers)
        }
        lists.fit()
        #expect(lists.count == pages.count)
        var read = [[Int32]](repeating: [], count: pages.count)
        lists.forEach { page, number in read[page].append(Int32(number)) }
        #expect(read == pages)
    }
}

/// Page positions, in 16 bits up to 65,535 pages and 32 past it, read back as written.
@Suite struct CompactIntegersTests {
    @Test(arguments: [1, 65_535, 65_536, 200_000]) func positionsReadBackAsWritten(pages: Int) {
        var random = SystemRandomNumberGenerator()
        let written = (0..<1_000).map { _ in Int.random(in: 0..<pages, using: &random) } + [pages - 1, 0]
        var positions = CompactIntegers(zeros: written.count, largest: pages)
        for (index, page) in written.enumerated() { positions[index] = page }
        #expect(written.indices.map { positions[$0] } == written)
    }
}

/// Numbers written as bytes, as `String` writes them.
@Suite struct DecimalTests {
    @Test func decimalsAreWrittenAsStringWritesThem() {
        var random = SystemRandomNumberGenerator()
        var values = [0, 1, 9, 10, 99, 100, 12_345, -1, -10, Int.max, Int.min]
        values += (0..<5_000).map { _ in Int.random(in: -1_000_000...1_000_000, using: &random) }
        values += (0..<500).map { _ in Int.random(in: Int.min...Int.max, using: &random) }
        for value in values {
            var bytes = Array("x".utf8)
            bytes.appendDecimal(value)
            #expect(bytes == Array(("x" + String(value)).utf8))
        }
    }
}

/// The search index's word numbering (open addressing, grown as it fills) against a dictionary.
@Suite struct SearchVocabularyTests {
    @Test func wordsAreNumberedOnceInTheOrderFirstMetAcrossPages() {
        var random = SystemRandomNumberGenerator()
        var vocabulary = SearchVocabulary()
        var reference: [String: Int32] = [:]
        var order: [String] = []
        for page in 0..<120 {
            let words = (0..<200).map { _ in "w\(Int.random(in: 0..<30_000, using: &random))" + (Bool.random(using: &random) ? "" : "ção") }
            let texts = [Array(words.joined(separator: " ").utf8)]
            var expected: [Int32] = []
            var seen = Set<Int32>()
            for word in words {
                let number = reference[word] ?? {
                    let made = Int32(order.count)
                    reference[word] = made
                    order.append(word)
                    return made
                }()
                if seen.insert(number).inserted { expected.append(number) }
            }
            #expect(vocabulary.numbers(in: texts, page: Int32(page)) == expected)
        }
        #expect(order.count > 8_192, "the table grew at least twice")
        #expect(vocabulary.makeWords() == order.map { $0.replacingOccurrences(of: "ção", with: "cao") }, "words are folded as the box folds a query")
        #expect(SearchWords.distinct(in: [Array("Rollback rollback ROLLBACK Instalação instalação".utf8)]) == ["rollback", "instalacao"])
    }

    /// Words that differ only in their last byte, at every length around the hash's eight-byte
    /// steps, are numbered apart.
    @Test func wordsDifferingInOneByteAtAnyLengthAreToldApart() {
        var words: [String] = []
        for length in 1...40 {
            for last in ["a", "b", "z"] { words.append(String(repeating: "a", count: length - 1) + last) }
            words.append("b" + String(repeating: "a", count: length - 1))
        }
        var unique: [String] = []
        for word in words where !unique.contains(word) { unique.append(word) }
        var vocabulary = SearchVocabulary()
        #expect(vocabulary.numbers(in: [Array(words.joined(separator: " ").utf8)], page: 0) == (0..<Int32(unique.count)).map { $0 })
        #expect(vocabulary.makeWords() == unique)
    }

    /// The tag-name set agrees with a `Set` on random keys, near misses and 0 (a long name).
    @Test func tagKeySetAgreesWithASet() {
        var random = SystemRandomNumberGenerator()
        for round in 0..<200 {
            let keys = (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt64.random(in: 0...600, using: &random) } + (round % 2 == 0 ? [0] : [])
            let set = TagKeySet(keys)
            let reference = Set(keys)
            for probe in UInt64(0)...700 { #expect(set.contains(probe) == reference.contains(probe), "\(probe) in \(keys)") }
            #expect(set.contains(UInt64.max) == reference.contains(UInt64.max))
        }
    }

    /// The table wrapper, which jumps from `<table` to `</table>`, against the first version,
    /// which looked at every `<`, on random HTML made of tables, near misses and text.
    @Test func tablesAreWrappedAsTheTagByTagScanWrappedThem() {
        func reference(_ html: String) -> String {
            let bytes = Array(html.utf8)
            var out: [UInt8] = []
            var copied = 0
            var index = 0
            while let found = bytes[index...].firstIndex(of: UInt8(ascii: "<")) {
                index = found + 1
                if bytes[found...].starts(with: Array("<table".utf8)), found + 6 < bytes.count, bytes[found + 6] == UInt8(ascii: ">") || bytes[found + 6] == UInt8(ascii: " ") {
                    out += bytes[copied..<found] + Array("<div class=\"table-wrap\">".utf8)
                    copied = found
                } else if bytes[found...].starts(with: Array("</table>".utf8)) {
                    out += bytes[copied..<(found + 8)] + Array("</div>".utf8)
                    copied = found + 8
                    index = copied
                }
            }
            out += bytes[copied...]
            return String(decoding: out, as: UTF8.self)
        }
        let pieces = ["<table>", "<table class=\"x\">", "</table>", "<tablex>", "<table", "</table", "<th>", "<", "ação", " ", "<p>", "</tab"]
        var random = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let html = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(wrapTables(html) == reference(html), "\(html.debugDescription)")
        }
    }

    /// The content hash is the same on every machine and run (the parse store and the page keys
    /// of a CI cache are read by other processes), tells apart what differs in a byte, a length
    /// or a split, and spreads short words (the search index's table uses its low bits).
    @Test func theContentHashIsStableAndTellsInputsApart() {
        func hash(_ parts: [String]) -> UInt64 {
            var hash = ContentHash()
            for part in parts { hash.combine(part) }
            return hash.value
        }
        // Pinned: a change to the function must be deliberate (it makes every cache a miss once).
        #expect(ContentHash().hex == "cbf29ce484222325")
        #expect(hash(["folio"]) == 919_823_432_290_320_907)
        #expect(hash(["página", "0123456789abcdefghij"]) == 12_190_743_022_568_940_219)
        #expect(hash([""]) == hash([""]))
        #expect(hash(["ab", "c"]) != hash(["a", "bc"]))
        #expect(hash(["a"]) != hash(["a", ""]))
        let long = String(repeating: "página ", count: 100)
        var seen = Set<UInt64>()
        var lowBits = Set<UInt64>()
        for offset in 0..<long.utf8.count {
            var bytes = Array(long.utf8)
            bytes[offset] ^= 1
            var one = ContentHash()
            one.combine(bytes)
            seen.insert(one.value)
        }
        #expect(seen.count == long.utf8.count, "two one-byte changes of a 700-byte text hash the same")
        for number in 0..<100_000 {
            var one = ContentHash()
            one.combine("w\(number)")
            seen.insert(one.value)
            lowBits.insert(one.value & 0xFFFF)
        }
        #expect(seen.count == long.utf8.count + 100_000)
        // Thrown at random, 100,000 words fill 65,536 x (1 - e^(-100,000 / 65,536)), about 51,280 slots.
        #expect(lowBits.count > 50_500, "100,000 words fill \(lowBits.count) of 65,536 low-bit slots")
    }
}
