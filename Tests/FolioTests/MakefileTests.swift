import Foundation
import Testing

@testable import FolioCheck
@testable import FolioLoad
@testable import FolioModel

/// The makefile reader against GNU make's own database (`make -pRrq`) on the fixtures in
/// CheckFixtures/makefiles: the same targets and the same default goal, without running a recipe.
@Suite struct MakefileTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CheckFixtures/makefiles").path
    static let cases = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted()

    /// GNU make's explicit targets and default goal for the makefile in `folder`, in a clean
    /// environment plus `environment`.
    static func makeDatabase(in folder: String, environment: [String: String] = [:]) throws -> (targets: Set<String>, defaultGoal: String?) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["make", "-pRrq"]
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        // Make reads every environment variable (CI sets `CI`, `make test` sets `MAKEFLAGS`); the
        // oracle reads the fixture alone, with only what the test gives it.
        process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        var targets = Set<String>()
        var defaultGoal: String?
        var inFiles = false
        var notTarget = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(".DEFAULT_GOAL := ") { defaultGoal = String(line.dropFirst(17)) }
            if line == "# Files" { inFiles = true }
            if line.hasPrefix("# files hash") { inFiles = false }
            guard inFiles else { continue }
            if line == "# Not a target:" {
                notTarget = true
                continue
            }
            guard let first = line.first, first != "#", first != " ", first != "\t", let colon = line.firstIndex(of: ":") else { continue }
            defer { notTarget = false }
            let name = String(line[..<colon])
            if notTarget || name.hasPrefix(".") { continue }
            targets.insert(name)
        }
        return (targets, defaultGoal)
    }

    @Test func fixturesExist() { #expect(Self.cases.contains("basic")) }

    @Test(arguments: cases)
    func sameTargetsAndDefaultGoalAsGNUMake(_ name: String) throws {
        let folder = Self.root + "/" + name
        // Folio never reads the environment: a conditional on a variable the makefile does not
        // set (`ifdef CI`) counts both ways, so its targets are make's with and without it.
        let make = try Self.makeDatabase(in: folder)
        let makeInCI = try Self.makeDatabase(in: folder, environment: ["CI": "true"])
        let folio = MakefileDatabase.read(folder + "/Makefile", directory: folder, root: folder)
        #expect(Set(folio.targets.keys.filter { !$0.hasPrefix(".") }) == make.targets.union(makeInCI.targets))
        #expect(folio.defaultGoal == make.defaultGoal)
        #expect(folio.problems.isEmpty, "\(folio.problems)")
    }

    /// `A = $(A)` stops make at the line that expands it; Folio reports it there instead of
    /// expanding forever or saying a target is missing.
    @Test func aVariableThatRefersToItselfIsReportedWhereMakeStops() throws {
        let tree = try TempTree(["Makefile": "A = $(A) more\nB = $(C)\nC = $(B)\nok:\n\t@true\n$(A):\n\t@true\nx: $(B)\n"])
        let folio = MakefileDatabase.read(tree.root + "/Makefile", directory: tree.root, root: tree.root)
        #expect(
            folio.problems.map(\.description) == [
                "Makefile:6:1: error: the variable 'A' refers to itself (eventually): make stops here (use ':=' to expand the old value once, as in 'A := $(A) more') [command.makefile-invalid]",
                "Makefile:8:1: error: the variable 'B' refers to itself (eventually): make stops here (use ':=' to expand the old value once, as in 'B := $(B) more') [command.makefile-invalid]",
            ])
        #expect(folio.targets["ok"] != nil)
    }

    /// A makefile saved with CRLF line ends is read line by line, as make reads it (Swift reads
    /// "\r\n" as one Character, and splitting at "\n" once left such a file in one piece).
    @Test func crlfMakefilesAreReadLineByLine() throws {
        let tree = try TempTree(["Makefile": "V = built\r\nall: $(V)\r\n\t@true\r\n$(V):\r\n\t@true\r\n"])
        let folio = MakefileDatabase.read(tree.root + "/Makefile", directory: tree.root, root: tree.root)
        #expect(Set(folio.targets.keys) == ["all", "built"])
        #expect(folio.targets["built"]?.line == 4)
        #expect(folio.problems.isEmpty)
    }

    @Test func patternRulesAndFilesCount() throws {
        let folder = Self.root + "/basic"
        let folio = MakefileDatabase.read(folder + "/Makefile", directory: folder, root: folder)
        #expect(folio.knows("deploy-orders", directory: folder), "deploy-%: build, and build is a target")
        #expect(folio.knows("docs-guide", directory: folder), "docs-%: %.md, and guide.md exists")
        #expect(!folio.knows("docs-nothing", directory: folder), "nothing.md does not exist")
        #expect(folio.knows("guide.md", directory: folder), "an existing file is up to date")
        #expect(!folio.knows("not-a-target", directory: folder), "a target inside define is not one")
        #expect(folio.targets["llm-setup"] == SourceLocation(path: "Makefile", line: 36, column: 1))
        #expect(folio.targets["extra-target"]?.path == "mk/extra.mk")
    }

    @Test func aConditionalOnAVariableTheMakefileNeverSetsCountsBothWays() throws {
        let tree = try TempTree([
            "Makefile": """
                MODE := fast
                undefine GONE
                ifdef CI
                in-ci:
                else
                not-in-ci:
                endif
                ifeq ($(OS),Windows_NT)
                windows:
                endif
                ifeq ($(MODE),fast)
                fast:
                else
                slow:
                endif
                ifdef GONE
                gone:
                endif

                """,
        ])
        let folio = MakefileDatabase.read(tree.root + "/Makefile", directory: tree.root, root: tree.root)
        // CI and OS may come from the environment or the command line: both branches count.
        // MODE is set by the makefile and GONE undefined by it: their conditionals are exact.
        #expect(Set(folio.targets.keys) == ["in-ci", "not-in-ci", "windows", "fast"])
    }

    @Test func whatMakeCannotReadIsReportedAtItsLine() throws {
        let tree = try TempTree([
            "Makefile": "all:\n\techo ok\ninclude missing.mk\nthis line has no separator\n",
        ])
        let folio = MakefileDatabase.read(tree.root + "/Makefile", directory: tree.root, root: tree.root)
        #expect(
            folio.problems.map(\.description) == [
                "Makefile:3:1: error: make cannot find the included file 'missing.mk' (create it, or use '-include' if it is optional) [command.makefile-invalid]",
                "Makefile:4:1: error: missing separator: make cannot read this line [command.makefile-invalid]",
            ])
        #expect(folio.targets.keys.contains("all"))
    }

    @Test func anUnclosedIfOrDefineIsReportedWhereItOpens() throws {
        let tree = try TempTree([
            "Makefile": "ifdef CI\nci:\n\ttrue\nendif\nifeq ($(X),1)\nall:\n",
            "other.mk": "define HELP\ntext\n",
        ])
        let folio = MakefileDatabase.read(tree.root + "/Makefile", directory: tree.root, root: tree.root)
        #expect(folio.problems.map(\.description) == ["Makefile:5:1: error: this 'if' has no 'endif' before the end of the file [command.makefile-invalid]"])
        let other = MakefileDatabase.read(tree.root + "/other.mk", directory: tree.root, root: tree.root)
        #expect(other.problems.map(\.description) == ["other.mk:1:1: error: this 'define' has no 'endef' before the end of the file [command.makefile-invalid]"])
    }
}

extension MakefileDatabase {
    /// The makefile at `file`, read as the command check reads it: through load's reader.
    static func read(_ file: String, directory: String, root: String) -> MakefileDatabase {
        read(file, directory: directory, reader: RepositoryReader(root: root, tree: RepositoryTree()))
    }

    func knows(_ goal: String, directory: String) -> Bool {
        knows(goal, directory: directory, reader: RepositoryReader(root: directory, tree: RepositoryTree()))
    }
}
