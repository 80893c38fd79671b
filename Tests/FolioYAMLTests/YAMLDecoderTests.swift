import FolioText
import Testing

@testable import FolioYAML

@Suite struct YAMLDecoderTests {
    struct Page: Decodable, Equatable {
        var title: String
        var weight: Int?
        var draft: Bool?
        var tags: [String]?
        var owner: Owner?
    }

    struct Owner: Decodable, Equatable {
        var name: String
        var email: String?
    }

    let decoder = YAMLDecoder()

    func error(_ text: String, firstLine: Int = 1) -> YAMLError? {
        do {
            _ = try decoder.decode(Page.self, from: text, firstLine: firstLine)
            return nil
        } catch {
            return error as? YAMLError
        }
    }

    @Test func decodesTypedModels() throws {
        let page = try decoder.decode(Page.self, from: "title: Instalação\nweight: 2\ndraft: false\ntags: [a, b]\nowner: {name: Ana}\n")
        #expect(page == Page(title: "Instalação", weight: 2, draft: false, tags: ["a", "b"], owner: Owner(name: "Ana")))
    }

    @Test func typeErrorNamesKeyAndPosition() {
        let error = error("title: x\nweight: high\n", firstLine: 3)
        #expect(error?.message == "'weight' must be a number, found \"high\"")
        #expect(error?.mark == TextPosition(line: 4, column: 9))
        #expect(error?.rule == "yaml.type")
    }

    @Test func nestedPathsAreDotted() {
        let error = error("title: x\ntags: [a, [b]]\n")
        #expect(error?.message == "'tags[1]' must be text, found a list")
        let owner = self.error("title: x\nowner: {email: a@b.c}\n")
        #expect(owner?.message == "'owner.name' is required")
    }

    @Test func yesIsNotABoolean() {
        #expect(error("title: x\ndraft: yes\n")?.message == "'draft' must be true or false, found \"yes\"")
    }

    @Test func fractionIsNotAWholeNumber() {
        #expect(error("title: x\nweight: 1.5\n")?.message == "'weight' must be a whole number, found \"1.5\"")
    }

    @Test func missingRequiredKeyPointsAtTheMapping() {
        let error = error("weight: 1\n", firstLine: 2)
        #expect(error?.message == "'title' is required")
        #expect(error?.mark == TextPosition(line: 2, column: 1))
    }

    @Test func nullCountsAsAbsentForOptionals() throws {
        let page = try decoder.decode(Page.self, from: "title: x\nweight: ~\n")
        #expect(page.weight == nil)
    }

    @Test func accentedTextBeforeTheErrorColumn() {
        let error = error("title: x\nowner: {name: João, email: [x]}\n")
        #expect(error?.message == "'owner.email' must be text, found a list")
        #expect(error?.mark == TextPosition(line: 2, column: 28))
    }
}
