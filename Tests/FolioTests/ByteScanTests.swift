import Foundation
import Testing

@testable import FolioMarkdown
@testable import FolioModel

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
