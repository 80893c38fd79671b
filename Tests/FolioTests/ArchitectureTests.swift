import Foundation
import Testing

/// The stages' targets as Package.swift declares them, as content/architecture.md draws them, and
/// as the sources import them: the three must agree, so that the drawing stays true and no file
/// reaches a stage its target does not depend on (SwiftPM lets a transitive dependency through).
@Suite struct ArchitectureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Each target of Package.swift and the names it depends on (targets and products).
    static func declaredTargets() throws -> [String: Set<String>] {
        let manifest = try String(contentsOfFile: root + "/Package.swift", encoding: .utf8)
        var targets: [String: Set<String>] = [:]
        // Each declaration runs from `.target(` (or an executable, test or system target) to the next one.
        let starts = try Regex(#"(?m)^\s*\.(target|executableTarget|testTarget|systemLibrary|plugin)\(\s*name:\s*"([\w-]+)""#)
        let matches = manifest.matches(of: starts)
        for (index, match) in matches.enumerated() {
            let end = index + 1 < matches.count ? matches[index + 1].range.lowerBound : manifest.endIndex
            let body = manifest[match.range.upperBound..<end]
            var dependencies: Set<String> = []
            if let start = body.range(of: "dependencies:") {
                // The list up to its own closing bracket (a condition holds brackets of its own).
                var depth = 0
                let list = body[start.upperBound...].prefix { character in
                    if character == "[" { depth += 1 } else if character == "]" { depth -= 1 }
                    return depth > 0 || character != "]"
                }
                let text = String(list)
                // `.product(name: "Mustache", package: ...)` and `.target(name: "CMimalloc", condition: ...)` count by name.
                for name in text.matches(of: try Regex(#""([\w-]+)"(?!\))"#)) where !text[..<name.range.lowerBound].hasSuffix("package: ") {
                    dependencies.insert(String(name.output[1].substring ?? ""))
                }
            }
            targets[String(match.output[2].substring ?? "")] = dependencies
        }
        return targets
    }

    /// The rows of the Modules table in content/architecture.md: target -> its imports column.
    static func documentedTargets() throws -> [String: Set<String>] {
        let page = try String(contentsOfFile: root + "/content/architecture.md", encoding: .utf8)
        let section = try #require(page.range(of: "## Modules\n")).upperBound
        var rows: [String: Set<String>] = [:]
        for line in page[section...].split(separator: "\n").drop(while: { !$0.hasPrefix("| target") }).dropFirst(2) {
            guard line.hasPrefix("|") else { break }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func names(_ cell: String) -> [String] { cell.matches(of: /`([\w-]+)`/).map { String($0.output.1) } }
            for target in names(cells[1]) { rows[target] = Set(names(cells[3])) }
        }
        return rows
    }

    @Test func theDrawingIsPackageSwift() throws {
        let declared = try Self.declaredTargets()
        let documented = try Self.documentedTargets()
        let pipeline = declared.keys.filter { $0.hasPrefix("Folio") && !$0.hasSuffix("Tests") }
        #expect(pipeline.count >= 12)
        for target in pipeline.sorted() {
            #expect(documented[target] == declared[target], "content/architecture.md's row for \(target) is not what Package.swift says")
        }
    }

    @Test func everyImportIsADeclaredDependency() throws {
        let declared = try Self.declaredTargets()
        let ours = Set(declared.keys)
        var checked = 0
        for target in declared.keys.sorted() where FileManager.default.fileExists(atPath: Self.root + "/Sources/" + target) {
            let folder = Self.root + "/Sources/" + target
            let files = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".swift") }.sorted()
            for file in files {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                for line in text.split(separator: "\n") {
                    guard let match = line.wholeMatch(of: /\s*(?:@testable\s+|internal\s+|public\s+)?import\s+(\w+)/) else { continue }
                    let module = String(match.output.1)
                    guard ours.contains(module) else { continue }
                    checked += 1
                    #expect(declared[target]?.contains(module) == true, "Sources/\(target)/\(file) imports \(module), which \(target) does not depend on in Package.swift")
                }
            }
        }
        #expect(checked > 100)
    }

    /// The stages, in their order: no target depends on one below it in this list.
    @Test func nothingRunsBackwards() throws {
        let declared = try Self.declaredTargets()
        let order = [
            "FolioYAML", "FolioMarkdown", "FolioModel", "FolioLoad", "FolioParse", "FolioCompile", "FolioCheck", "FolioRender", "FolioWrite",
            "FolioReport", "FolioBuild", "FolioServe", "FolioCLI",
        ]
        for (position, target) in order.enumerated() {
            let later = Set(order[position...])
            let backwards = declared[target, default: []].intersection(later)
            #expect(backwards.isEmpty, "\(target) depends on \(backwards.sorted()), which come after it in the pipeline")
        }
    }

    /// Only load reads the disk (and write writes it): the stages between get the repository's
    /// files from load's reader (`FileSource`), so none of them may open, stat or list a file.
    @Test func onlyLoadAndWriteTouchTheDisk() throws {
        let calls = [
            "FileGate.", "FileManager", "lstat(", " stat(", "fstat(", "opendir(", "fopen(", "realpath(", "contentsOf: URL", "contentsOfFile",
            ".write(to", "rename(", "Glibc.open(", "Glibc.read(",
        ]
        var checked = 0
        for target in ["FolioParse", "FolioCompile", "FolioCheck", "FolioRender", "FolioReport"] {
            let folder = Self.root + "/Sources/" + target
            for file in try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                checked += 1
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    let code = line.trimmingCharacters(in: .whitespaces)
                    guard !code.hasPrefix("//") else { continue }
                    for call in calls where code.contains(call) {
                        Issue.record("Sources/\(target)/\(file):\(number + 1) touches the disk ('\(call)'); read through load's FileSource instead")
                    }
                }
            }
        }
        #expect(checked > 30)
    }
}
