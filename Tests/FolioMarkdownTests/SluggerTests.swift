import FolioMarkdown
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
}
