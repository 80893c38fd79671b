@testable import FolioMarkdown
import Testing

@Suite struct SluggerTests {
    @Test(arguments: [
        ("Instalação rápida", "instalação-rápida"),
        ("Configuração do worker", "configuração-do-worker"),
        ("Getting Started", "getting-started"),
        ("What's new in 2.0?", "whats-new-in-20"),
        ("Q&A: build & deploy", "qa-build--deploy"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Über Größe", "über-größe"),
        ("Resumo das entregas", "resumo-das-entregas"),
    ])
    func githubRule(heading: String, slug: String) {
        #expect(Slugger.slug(heading) == slug)
    }

    @Test func repeatsGetNumberedSuffixes() {
        var slugger = Slugger()
        let ids = ["Setup", "Setup", "Setup", "Setup-1"].map { slugger.uniqueSlug($0) }
        #expect(ids == ["setup", "setup-1", "setup-2", "setup-1-1"])
    }

    /// The byte-at-a-time rule for ASCII headings gives what the scalar rule gives: every ASCII
    /// character alone, and 20,000 random ASCII headings (a fixed seed).
    @Test func asciiHeadingsTakeTheFastRuleWithTheSameResult() {
        for byte in UInt8(0)..<0x80 {
            let text = String(decoding: [UInt8(ascii: "A"), byte, UInt8(ascii: "z")], as: UTF8.self)
            #expect(Slugger.asciiSlug(text) == Slugger.unicodeSlug(text), "\(byte)")
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<20_000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(state % 24) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                bytes.append(UInt8(truncatingIfNeeded: state >> 33) & 0x7F)
            }
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(Slugger.asciiSlug(text) == Slugger.unicodeSlug(text), "\(bytes)")
        }
        #expect(Slugger.asciiSlug("Instalação") == nil)
    }
}
