import Foundation
import Testing

@testable import FolioCheck
@testable import FolioLoad
@testable import FolioModel

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
                "content/slow.md:3:1: error: the block did not finish within 2 s and was stopped, with every process it started (raise --run-timeout, or make the block finish) [command.run-timeout]",
                "content/slow.md:7:1: error: the block exited with status 1 [command.run-failed]",
            ])
        let junit = tree.folio("check", "commands", "--run", "--run-timeout", "2", "--format", "junit").stdout.joined(separator: "\n")
        #expect(junit.contains("<testsuite name=\"folio runbooks\" tests=\"3\" failures=\"2\""))
        #expect(junit.contains("<testcase classname=\"runbooks\" name=\"content/slow.md:12\"/>"))
    }

    /// A block that leaves a process in the background is stopped at the timeout with it, and
    /// one that ends leaves nothing running; the time spent stays near the timeout.
    @Test func backgroundProcessesAreStoppedWithTheirBlock() throws {
        let marker = "folio-bg-\(UUID().uuidString.prefix(8))"
        let tree = try TempTree([
            "content/bg.md": "# Bg\n\n\(Self.fence)bash {run}\nexec -a \(marker)-a sleep 1234 &\necho started\n\(Self.fence)\n\n\(Self.fence)bash {run}\nbash -c 'exec -a \(marker)-b sleep 1234' &\nsleep 1234\n\(Self.fence)\n"
        ])
        let start = Date()
        let run = tree.folio("check", "commands", "--run", "--run-timeout", "2")
        let elapsed = Date().timeIntervalSince(start)
        #expect(run.stdout.first == "content/bg.md:8:1: error: the block did not finish within 2 s and was stopped, with every process it started (raise --run-timeout, or make the block finish) [command.run-timeout]")
        #expect(run.stdout.count == 2, "the first block ended; its background sleep does not hold it: \(run.stdout)")
        #expect(elapsed < 30, "waited \(elapsed) s")
        let left = Subprocess.run(["pgrep", "-f", marker])
        #expect(left?.status == 1, "still running: \(String(decoding: left?.output ?? [], as: UTF8.self))")
    }

    /// The block is not bash's standard input: `cat > f` reads nothing, and the lines after it run.
    @Test func aBlockDoesNotReadItsOwnLines() throws {
        let tree = try TempTree([
            "content/cat.md": "# Cat\n\n\(Self.fence)bash {run}\ncat > eaten.txt\necho after\n\(Self.fence)\n\n\(Self.fence)output\nafter\n\(Self.fence)\n"
        ])
        let run = tree.folio("check", "commands", "--run")
        #expect(run.status == 0, "\(run.stdout)")
        #expect(tree.read("eaten.txt") == "")
    }

    /// `...` lines match in bounded time: eight of them and a line that never comes, against 60 lines.
    @Test func theMatcherDoesNotBacktrackExponentially() {
        let output = (1...60).map(String.init).joined(separator: "\n")
        let expected = Array(repeating: "...", count: 8).joined(separator: "\n") + "\nnever\n..."
        let start = Date()
        #expect(!Runbooks.matches(output, expected: expected))
        #expect(Runbooks.matches(output, expected: "1\n...\n30\n...\n...\n60"))
        #expect(Runbooks.matches(output, expected: "...\n60\n..."))
        #expect(!Runbooks.matches(output, expected: "...\n59"))
        #expect(Runbooks.matches("", expected: "...\n..."))
        #expect(Date().timeIntervalSince(start) < 5)
    }

    /// A block that prints without end keeps 1 MB, says so, and shows lines cut short.
    @Test func hugeOutputIsCut() throws {
        let tree = try TempTree([
            "content/big.md": "# Big\n\n\(Self.fence)bash {run}\nhead -c 50000000 /dev/zero | tr '\\\\0' x\n\(Self.fence)\n\n\(Self.fence)output\nsmall\n\(Self.fence)\n"
        ])
        let run = tree.folio("check", "commands", "--run")
        #expect(run.status == 1)
        let text = run.stdout.joined(separator: "\n")
        #expect(text.count < 10_000, "\(text.count) characters printed")
        #expect(text.contains("[line cut at 300 characters]"))
        #expect(text.contains("[output cut at 1 MB]"))
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
