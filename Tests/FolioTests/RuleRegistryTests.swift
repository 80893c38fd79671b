import Foundation
import Testing

@testable import FolioModel

/// One rule registry (`Rules.all`): every rule id written in Sources/ is in it, every rule in it
/// is reported somewhere, and the diagnostics reference lists exactly its ids.
@Suite struct RuleRegistryTests {
    static let root = ArchitectureTests.root

    /// Every string literal of Sources/ shaped like a rule id of a registered family
    /// (`link.missing-file`), with the file it is in; file names such as `mkdocs.yml` are not ids.
    static func writtenRuleIDs() throws -> [String: [String]] {
        let families = Set(Rules.all.map { String($0.id.prefix { $0 != "." }) })
        var found: [String: [String]] = [:]
        let sources = root + "/Sources"
        for file in try FileManager.default.subpathsOfDirectory(atPath: sources).sorted() where file.hasSuffix(".swift") {
            guard file != "FolioModel/Rules.swift" else { continue }
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in text.matches(of: /"([a-z]+)\.([a-z0-9-]+)"/) where families.contains(String(match.output.1)) {
                let id = "\(match.output.1).\(match.output.2)"
                if ["yml", "yaml", "md", "json"].contains(String(match.output.2)) { continue }
                found[id, default: []].append(file)
            }
        }
        return found
    }

    @Test func everyWrittenRuleIsRegistered() throws {
        let written = try Self.writtenRuleIDs()
        #expect(written.count > 90)
        for (id, files) in written.sorted(by: { $0.key < $1.key }) {
            #expect(Rules.rule(id) != nil, "'\(id)' (in \(files.joined(separator: ", "))) is not in Rules.all")
        }
    }

    @Test func everyRegisteredRuleIsReportedSomewhere() throws {
        let written = try Self.writtenRuleIDs()
        for rule in Rules.all {
            #expect(written[rule.id] != nil, "Rules.all has '\(rule.id)', which no source file reports")
        }
        #expect(Set(Rules.all.map(\.id)).count == Rules.all.count, "a rule is registered twice")
    }

    @Test func theReferenceListsEveryRule() throws {
        let page = try String(contentsOfFile: Self.root + "/content/reference/diagnostics.md", encoding: .utf8)
        let table = try #require(page.range(of: "## Rules\n")).upperBound
        var documented: Set<String> = []
        for line in page[table...].split(separator: "\n") where line.hasPrefix("| `") {
            let first = line.split(separator: "|")[0]
            for match in first.matches(of: /`([a-z]+\.[a-z0-9-]+)`/) { documented.insert(String(match.output.1)) }
        }
        let registered = Set(Rules.all.map(\.id))
        #expect(documented.subtracting(registered).sorted() == [], "content/reference/diagnostics.md lists rules Folio does not have")
        #expect(registered.subtracting(documented).sorted() == [], "rules missing from content/reference/diagnostics.md")
    }
}
