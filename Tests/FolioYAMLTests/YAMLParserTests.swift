import FolioText
import Testing

@testable import FolioYAML

@Suite struct YAMLParserTests {
    let parser = YAMLParser()

    func value(_ text: String) throws -> YAMLValue? {
        try parser.parse("key: \(text)")?["key"]?.scalar?.value
    }

    @Test func coreSchemaResolvesPlainScalars() throws {
        #expect(try value("true") == .bool(true))
        #expect(try value("FALSE") == .bool(false))
        #expect(try value("~") == .null)
        #expect(try value("null") == .null)
        #expect(try value("") == .null)
        #expect(try value("42") == .int(42))
        #expect(try value("-7") == .int(-7))
        #expect(try value("0x1F") == .int(31))
        #expect(try value("0o17") == .int(15))
        #expect(try value("1.5") == .float(1.5))
        #expect(try value("1e3") == .float(1000))
        #expect(try value("-.inf") == .float(-.infinity))
    }

    @Test func yaml11BooleansStayStrings() throws {
        for word in ["no", "on", "yes", "NO", "off", "y", "Yes"] {
            #expect(try value(word) == .string(word), "\(word) must stay a string")
        }
    }

    @Test func quotedAndTaggedScalarsAreStrings() throws {
        #expect(try value("\"true\"") == .string("true"))
        #expect(try value("'12'") == .string("12"))
        #expect(try value("!!str 12") == .string("12"))
        #expect(try value("1.2.3") == .string("1.2.3"))
    }

    @Test func nodesKeepLineAndColumn() throws {
        let node = try #require(try parser.parse("title: Olá\nitems:\n  - um\n  - dois\n"))
        #expect(node["title"]?.mark == TextPosition(line: 1, column: 8))
        let items = try #require(node["items"]?.items)
        #expect(items.map(\.mark) == [TextPosition(line: 3, column: 5), TextPosition(line: 4, column: 5)])
    }

    @Test func firstLineShiftsEveryMark() throws {
        let node = try #require(try parser.parse("a: 1\nb: 2", firstLine: 2))
        #expect(node["b"]?.mark == TextPosition(line: 3, column: 4))
    }

    @Test func anchorsAndAliasesExpand() throws {
        let node = try #require(try parser.parse("base: &b {owner: ana}\ncopy: *b\n"))
        #expect(node["copy"]?["owner"]?.scalar?.string == "ana")
    }

    @Test func duplicateKeyIsAnErrorAtTheSecondKey() {
        #expect(throws: YAMLError.duplicateKey("title", TextPosition(line: 3, column: 1))) {
            try parser.parse("title: a\nweight: 1\ntitle: b\n")
        }
    }

    @Test func aliasBombIsRefused() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...9 {
            let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
            text += "a\(level): &a\(level) [\(refs)]\n"
        }
        do {
            _ = try parser.parse(text)
            Issue.record("a billion-laughs document must be refused")
        } catch {
            #expect(error.rule == "yaml.alias-limit")
        }
    }

    @Test func unknownAliasIsAnError() {
        #expect(throws: YAMLError.unknownAnchor("nope", TextPosition(line: 1, column: 4))) { try parser.parse("a: *nope") }
    }

    @Test func syntaxErrorKeepsLibyamlPositionShifted() {
        do {
            _ = try parser.parse("title: ok\nbad: [unclosed\nnext: 1\n", firstLine: 2)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.rule == "yaml.syntax")
            #expect(error.mark.line >= 3)
            #expect(error.message.contains("flow sequence"))
        }
    }

    @Test func columnsCountAccentedCharactersOnce() {
        // "descrição: " is 11 scalars; the stray ':' value error is after it.
        do {
            _ = try parser.parse("descrição: a: b\n")
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.mark == TextPosition(line: 1, column: 13))
        }
    }

    @Test func secondDocumentIsRefused() {
        #expect(throws: YAMLError.multipleDocuments(TextPosition(line: 2, column: 1))) { try parser.parse("a: 1\n---\nb: 2\n") }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: YAMLError.self) { try parser.parse(text) }
    }

    @Test func emptyTextIsNoDocument() throws {
        #expect(try parser.parse("") == nil)
        #expect(try parser.parse("# only a comment\n") == nil)
    }
}
