import Foundation
import Testing

/// Runbook blocks marked `{run}`: executed by the real bash only with `--run`, compared with the
/// ```output block after them, rewritten with `--update`.
@Suite struct RunbookTests {
    static let fence = "```"
    static let runbook = """
        # Reinício

        \(fence)bash {run}
        echo "pedidos: $(printf '%s' ok)" > status.txt
        cat status.txt
        echo linha 2
        \(fence)

        \(fence)output
        pedidos: ok
        ...
        \(fence)

        \(fence)bash {run}
        echo "SECRET=${SECRET:-unset}"
        \(fence)

        \(fence)output
        SECRET=leaked
        \(fence)

        \(fence)bash {run}
        echo sem bloco
        \(fence)

        Fim.

        """

    @Test func nothingRunsWithoutRun() throws {
        let tree = try TempTree(["content/runbook.md": Self.runbook])
        #expect(tree.folio("check", "commands").status == 0)
        #expect(tree.folio("check").status == 0)
        #expect(!tree.exists("status.txt"), "no block ran")
    }

    @Test func runComparesOutputsInACleanEnvironment() throws {
        let tree = try TempTree(["content/runbook.md": Self.runbook])
        setenv("SECRET", "leaked", 1)
        defer { unsetenv("SECRET") }
        let run = tree.folio("check", "commands", "--run")
        #expect(run.status == 1)
        #expect(tree.read("status.txt") == "pedidos: ok\n", "blocks run from the repository root")
        #expect(
            run.stdout == [
                "content/runbook.md:14:1: error: the output differs from the expected block at line 18:",
                "--- content/runbook.md (expected)",
                "+++ actual",
                "@@ -19,1 +1,1 @@",
                "-SECRET=leaked",
                "+SECRET=unset (fix the runbook, or run with --update to take the new output) [command.run-failed]",
                "checked 1 file and 5 commands: 1 error, 0 warnings",
            ])
    }

    @Test func updateRewritesOnlyWhatChangedAndAddsMissingOutputBlocks() throws {
        let tree = try TempTree(["content/runbook.md": Self.runbook])
        #expect(tree.folio("check", "commands", "--run", "--update").status == 0)
        let updated = try #require(tree.read("content/runbook.md"))
        #expect(updated.contains("pedidos: ok\n...\n"), "a block that still matches keeps its '...'")
        #expect(updated.contains("\(Self.fence)output\nSECRET=unset\n\(Self.fence)"))
        #expect(updated.contains("echo sem bloco\n\(Self.fence)\n\n\(Self.fence)output\nsem bloco\n\(Self.fence)\n\nFim.\n"))
        #expect(tree.folio("check", "commands", "--run").status == 0, "after --update the runbook passes")
    }

    @Test func timeoutsAndFailuresAreReportedAndJUnitListsEachBlock() throws {
        let tree = try TempTree([
            "content/slow.md": "# Slow\n\n\(Self.fence)bash {run}\nsleep 60\n\(Self.fence)\n\n\(Self.fence)sh {run}\nfalse\necho never\n\(Self.fence)\n\n\(Self.fence)bash {run}\necho ok\n\(Self.fence)\n"
        ])
        let run = tree.folio("check", "commands", "--run", "--run-timeout", "2")
        #expect(
            run.stdout.prefix(2) == [
                "content/slow.md:3:1: error: the block did not finish within 2 s and was stopped (raise --run-timeout, or make the block finish) [command.run-timeout]",
                "content/slow.md:7:1: error: the block exited with status 1 [command.run-failed]",
            ])
        let junit = tree.folio("check", "commands", "--run", "--run-timeout", "2", "--format", "junit").stdout.joined(separator: "\n")
        #expect(junit.contains("<testsuite name=\"folio runbooks\" tests=\"3\" failures=\"2\""))
        #expect(junit.contains("<testcase classname=\"runbooks\" name=\"content/slow.md:12\"/>"))
    }

    @Test func updateNeedsRun() throws {
        let tree = try TempTree(["content/index.md": "# Home\n"])
        let run = tree.folio("check", "commands", "--update")
        #expect(run.status == 2)
        #expect(run.stderr.first == "Error: --update rewrites what --run finds; add --run")
        let links = tree.folio("check", "links", "--run")
        #expect(links.status == 2, "--run means nothing to the link check")
        #expect(links.stderr.first?.hasPrefix("Error: --run runs the runbooks of the command check") == true)
    }
}
