import FolioMarkdown
import FolioText
import Testing

@Suite struct FrontMatterTests {
    @Test func splitsYamlAndKeepsBodyLines() {
        let split = FrontMatterSplit("---\ntitle: X\nweight: 2\n---\n# Heading\n")
        #expect(split.yaml == "title: X\nweight: 2")
        #expect(split.yamlFirstLine == 2)
        #expect(split.body == "\n\n\n\n# Heading\n")
        #expect(!split.isUnterminated)
    }

    @Test func bodyPositionsAreFileLines() {
        let split = FrontMatterSplit("---\ntitle: X\n---\n\nSee [a](a.md).\n")
        let document = MarkdownParser().parse(split.body)
        #expect(document.links.first?.position == TextPosition(line: 5, column: 5))
    }

    @Test func noFrontMatterLeavesTextAlone() {
        let split = FrontMatterSplit("# Title\n---\n")
        #expect(split.yaml == nil)
        #expect(split.body == "# Title\n---\n")
    }

    @Test func unterminatedFrontMatterIsFlagged() {
        let split = FrontMatterSplit("---\ntitle: X\n# Body\n")
        #expect(split.isUnterminated)
        #expect(split.yaml == nil)
    }

    @Test func dotsCloseAndCRLFIsAccepted() {
        #expect(FrontMatterSplit("---\r\na: 1\r\n...\r\nbody").yaml == "a: 1\r")
    }
}

@Suite struct FrontMatterEdgeTests {
    @Test func emptyFrontMatterIsEmptyYAML() {
        let split = FrontMatterSplit("---\n---\n# T\n")
        #expect(split.yaml == "")
        #expect(split.body == "\n\n# T\n")
    }

    @Test func accentedYAMLAndBodyKeepTheirLines() {
        let split = FrontMatterSplit("---\ntítulo: Instalação\n---\nCorpo é aqui\n")
        #expect(split.yaml == "título: Instalação")
        #expect(split.body == "\n\n\nCorpo é aqui\n")
    }

    @Test func fenceWithTrailingSpacesCounts() {
        #expect(FrontMatterSplit("---  \na: 1\n---\t\nx").yaml == "a: 1")
    }

    @Test func aLongerDashLineIsNotAFence() {
        #expect(FrontMatterSplit("----\na: 1\n---\n").yaml == nil)
    }
}
