import Foundation
import Testing

@testable import FolioCheck
@testable import FolioLoad
@testable import FolioModel

/// `folio check commands`: the commands the docs tell people to run, checked against the
/// repository without running any (CheckFixtures/commands-repo, the shop's runbook).
@Suite struct CommandCheckTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("CheckFixtures/commands-repo").path

    static func repository() throws -> TempTree {
        let tree = try TempTree(copying: fixture + "/input")
        try tree.gitInit()
        return tree
    }

    @Test func everyKindOfCommandIsCheckedAgainstTheRepository() throws {
        let run = try Self.repository().folio("check", "commands")
        #expect(run.status == 1)
        #expect(
            run.stdout == [
                // Inline code spans that start with a known tool; npm looks for the nearest package.json.
                "content/index.md:3:64: error: 'npm run lint': there is no package.json in '.' or above it [command.npm-script-missing]",
                "content/index.md:7:1: error: 'Makefile' has no target 'lm-setup' (did you mean 'llm-setup'?) [command.make-target-missing]",
                "content/index.md:9:1: error: 'services/orders/Makefile' has no target 'deploy' [command.make-target-missing]",
                "content/index.md:13:1: error: no service 'order' in 'compose.yaml' (did you mean 'orders'?) [command.compose-service-missing]",
                "content/index.md:16:1: error: no service 'gateway' in 'compose.yaml' ('gateway' is defined in 'deploy/compose.prod.yaml': add -f deploy/compose.prod.yaml) [command.compose-service-missing]",
                "content/index.md:19:1: error: './scripts/backup.sh' is run as a program, but 'scripts/backup.sh' is not executable (chmod +x scripts/backup.sh (and commit the mode), or run it with bash) [command.not-executable]",
                "content/index.md:20:1: error: './scripts/missing.sh': the file 'scripts/missing.sh' does not exist [command.script-missing]",
                "content/index.md:23:1: error: 'python -m ml.llm.serve': neither 'ml/llm/serve.py' nor the package 'ml/llm/serve' exists [command.script-missing]",
                "content/index.md:26:1: error: 'web/package.json' has no script 'deploy' [command.npm-script-missing]",
                "content/index.md:27:1: error: 'cd servics': the folder 'servics' does not exist (did you mean 'services'?) [command.directory-missing]",
                // console blocks: only what follows a prompt; the output lines are not commands.
                "content/index.md:37:3: error: 'Makefile' has no target 'nope' [command.make-target-missing]",
                // a block without an info string: the lines that start with a known tool.
                "content/index.md:43:1: error: 'Makefile' has no target 'documentation' [command.make-target-missing]",
                "checked 1 file and 33 commands: 12 errors, 0 warnings",
            ])
    }

    @Test func jsonNamesTheCommandAsWritten() throws {
        let run = try Self.repository().folio("check", "commands", "--format", "json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.joined(separator: "\n").utf8)) as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        let first = try #require(findings.first { $0["line"] as? Int == 7 })
        #expect(first["check"] as? String == "commands")
        #expect(first["command"] as? String == "make lm-setup")
        #expect(first["suggestion"] as? String == "did you mean 'llm-setup'?")
        #expect(root["summary"] as? [String: Int] == ["files": 1, "commands": 33, "errors": 12, "warnings": 0])
    }

    @Test func everyCheckRunsLinksAndCommands() throws {
        let run = try Self.repository().folio("check")
        #expect(run.status == 1)
        #expect(run.stdout.last == "checked 1 file, 0 links and 33 commands: 12 errors, 0 warnings")
    }

    /// An unclosed quote crashed `folio check commands` on a real repository: now it is a finding
    /// at its line, in every kind of block (bash's own words for `bash` blocks), and the rest of
    /// the file is still checked.
    @Test func unclosedQuotesAreFindingsAndTheRestIsChecked() throws {
        let tree = try TempTree([
            "Makefile": "all:\n\ttrue\n",
            "content/index.md": """
                # Home

                ```bash
                echo "x
                ```

                ```console
                $ make "all
                ```

                Run `make 'all` then `make nope`.

                ```
                make $(echo
                ```

                ```bash
                make nope
                ```
                """,
        ])
        let run = tree.folio("check", "commands")
        #expect(run.status == 1)
        #expect(run.stdout.contains("content/index.md:8:8: error: the shell cannot read this command: the double quote is never closed (close it, or mark the block ```template if it is not meant to run as it is) [command.syntax]"))
        #expect(run.stdout.contains("content/index.md:11:11: error: the shell cannot read this command: the single quote is never closed (close it, or mark the block ```template if it is not meant to run as it is) [command.syntax]"))
        #expect(run.stdout.contains("content/index.md:14:6: error: the shell cannot read this command: '$(' is never closed with ')' (close it, or mark the block ```template if it is not meant to run as it is) [command.syntax]"))
        #expect(run.stdout.contains { $0.hasPrefix("content/index.md:4:1: error: bash cannot parse this block:") })
        #expect(run.stdout.contains("content/index.md:11:23: error: 'Makefile' has no target 'nope' [command.make-target-missing]"))
        #expect(run.stdout.contains("content/index.md:18:1: error: 'Makefile' has no target 'nope' [command.make-target-missing]"))
        #expect(run.stdout.last == "checked 1 file and 2 commands: 6 errors, 0 warnings", "a command cut short is not checked as a target")
    }

    @Test func nothingFromAMakefileOrADocumentIsRun() throws {
        let tree = try TempTree([
            "Makefile": "STAMP := $(shell touch ran-by-shell)\nall:\n\ttouch ran-by-recipe\n",
            "content/index.md": "# Home\n\n```bash\nmake all\ntouch ran-by-doc\n```\n",
        ])
        #expect(tree.folio("check").status == 0)
        #expect(!tree.exists("ran-by-shell") && !tree.exists("ran-by-recipe") && !tree.exists("ran-by-doc"))
    }

    @Test func brokenMakefilesAndComposeFilesAreReportedWhereTheyAreAndTheRestGoesOn() throws {
        let tree = try TempTree([
            "Makefile": "include mk/missing.mk\nbuild:\n\tgo build\n",
            "compose.yaml": "services:\n  orders:\n    image: [unclosed\n",
            "content/index.md": "# Home\n\n```sh\nmake build\nmake test\nmake build\ndocker compose up orders\ncd nowhere\n```\n",
        ])
        let run = tree.folio("check", "commands")
        #expect(
            run.stdout == [
                "Makefile:1:1: error: make cannot find the included file 'mk/missing.mk' (create it, or use '-include' if it is optional) [command.makefile-invalid]",
                "compose.yaml:4:1: error: while parsing a flow sequence: did not find expected ',' or ']' (in a compose file) [yaml.syntax]",
                "content/index.md:5:1: error: 'Makefile' has no target 'test' [command.make-target-missing]",
                "content/index.md:8:1: error: 'cd nowhere': the folder 'nowhere' does not exist [command.directory-missing]",
                "checked 1 file and 5 commands: 4 errors, 0 warnings",
            ])
    }

    @Test func composeFilesComeFromTheEnvironmentFile() throws {
        let tree = try TempTree([
            ".env": "COMPOSE_FILE=base.yaml:extra.yaml\n",
            "base.yaml": "services:\n  api: {}\n", "extra.yaml": "services:\n  worker: {}\n",
            "content/index.md": "# Home\n\n`docker compose up -d api worker` and `docker compose restart db`\n",
        ])
        #expect(
            tree.folio("check", "commands").stdout.first
                == "content/index.md:3:40: error: no service 'db' in 'base.yaml', 'extra.yaml' [command.compose-service-missing]")
    }

    @Test func bashParsesEveryBlockAndPlaceholdersAreWarnings() throws {
        let fence = "```"
        let tree = try TempTree([
            "content/deploy.md": """
                # Deploy

                \(fence)bash
                export AÇÃO=YOUR_TOKEN_HERE
                curl -H "Authorization: Bearer <your-token>" https://api.example.org
                \(fence)

                \(fence)bash template
                curl -H "Authorization: Bearer <your-token>" https://api.example.org
                \(fence)

                \(fence)sh
                for i in 1 2 3; do
                  echo $i
                \(fence)

                \(fence)bash
                if [ -f x ]; then echo yes; fi fi
                \(fence)

                """,
        ])
        let run = tree.folio("check", "commands")
        #expect(
            run.stdout == [
                "content/deploy.md:4:13: warning: 'YOUR_TOKEN_HERE' looks like a placeholder left in a command (write a real value, or mark the block ```bash template if it is an example) [command.placeholder]",
                "content/deploy.md:5:32: warning: '<your-token>' looks like a placeholder left in a command (write a real value, or mark the block ```bash template if it is an example) [command.placeholder]",
                "content/deploy.md:14:1: error: bash cannot parse this block: syntax error: unexpected end of file (fix the block, or mark it ```sh template if it is not meant to run as it is) [command.syntax]",
                "content/deploy.md:18:1: error: bash cannot parse this block: syntax error near unexpected token `fi' (fix the block, or mark it ```bash template if it is not meant to run as it is) [command.syntax]",
                "checked 1 file and 8 commands: 2 errors, 2 warnings",
            ])
    }

    @Test func packageManagersMakeFilesAndProjectFolders() throws {
        let fence = "```"
        let tree = try TempTree([
            "web/package.json": #"{"scripts": {"build": "vite build", "test": "vitest"}}"#,
            "ops/build.mk": "release:\n\ttrue\n",
            "ops/empty/Makefile": "# only variables\nX = 1\n",
            "deploy/compose.yaml": "services:\n  api: {}\n",
            "content/index.md": """
                # Home

                \(fence)sh
                cd web
                yarn build
                yarn install
                yarn lint
                pnpm run test
                pnpm add left-pad
                pnpm start
                npm test
                cd ..
                make -f ops/build.mk release
                make -f ops/missing.mk release
                make -C ops/empty
                docker compose --project-directory deploy up -d api
                docker compose --project-directory deploy logs web
                \(fence)

                """,
        ])
        let run = tree.folio("check", "commands")
        #expect(
            run.stdout == [
                "content/index.md:7:1: error: 'web/package.json' has no script 'lint' [command.npm-script-missing]",
                "content/index.md:10:1: error: 'web/package.json' has no script 'start' [command.npm-script-missing]",
                "content/index.md:14:1: error: the makefile 'ops/missing.mk' does not exist in the repository root [command.makefile-missing]",
                "content/index.md:15:1: error: 'ops/empty/Makefile' has no default goal for a bare 'make' (name a target) [command.make-target-missing]",
                "content/index.md:17:1: error: no service 'web' in 'deploy/compose.yaml' [command.compose-service-missing]",
                "checked 1 file and 14 commands: 5 errors, 0 warnings",
            ])
    }
}

/// `package.json` read as npm reads it: strict JSON, and an error where it is.
@Suite struct PackageJSONTests {
    @Test func aPackageJSONNpmCannotReadIsReportedAtItsErrorOnce() throws {
        let tree = try TempTree([
            "package.json": "{\n  \"scripts\": {\n    \"build\": \"tsc\",\n  }\n}\n",
            "content/index.md": "# Home\n\n```bash\nnpm run build\nnpm test\n```\n",
        ])
        let run = tree.folio("check", "commands")
        #expect(run.status == 1)
        #expect(
            run.stdout == [
                "package.json:4:3: error: npm cannot read this package.json: a comma before '}' is not allowed in JSON (fix the JSON; npm refuses it as it is) [command.package-json-invalid]",
                "checked 1 file and 2 commands: 1 error, 0 warnings",
            ])
    }

    /// Valid JSON that Foundation could not hold (a number past Double's range, which npm reads as
    /// Infinity; found by fuzzing) still gives its scripts: numbers are kept as written.
    @Test func numbersPastDoublesRangeKeepTheScripts() throws {
        let tree = try TempTree([
            "package.json": "{\"version\": 5e+1088, \"scripts\": {\"build\": \"tsc\"}}\n",
            "content/index.md": "# Home\n\n```bash\nnpm run build\nnpm run biuld\n```\n",
        ])
        let run = tree.folio("check", "commands")
        #expect(run.status == 1)
        #expect(
            run.stdout == [
                "content/index.md:5:1: error: 'package.json' has no script 'biuld' (did you mean 'build'?) [command.npm-script-missing]",
                "checked 1 file and 2 commands: 1 error, 0 warnings",
            ])
    }

    /// What the reader gives: escapes decoded (surrogate pairs joined, a lone one as U+FFFD),
    /// numbers as written, the last of a repeated key.
    @Test func jsonValuesAreReadAsJavaScriptReadsThem() throws {
        let text = #"{"s": "a\u00e9\n\/\ud83d\ude00\ud800x", "n": [1, -0.5e+10, 5e+1088], "k": 1, "k": 2}"#
        let value = try JSONReader.read(Array(text.utf8)).get()
        #expect(value["s"]?.string == "aé\n/😀\u{FFFD}x")
        #expect(value["n"]?.items?.map(\.encoded) == ["1", "-0.5e+10", "5e+1088"])
        #expect(value["k"]?.double == 2)
        #expect(value.encoded == #"{"s":"aé\n/😀\#u{FFFD}x","n":[1,-0.5e+10,5e+1088],"k":1,"k":2}"#)
    }

    /// The same verdict as Python's strict `json` (NaN and Infinity refused), on valid and broken texts.
    @Test func strictJSONAgreesWithPython() throws {
        let texts = [
            "{}", "[]", "0", "-0.5e+10", "\"a\\u00e9\\n\"", "{\"a\": [1, true, false, null, {\"b\": \"c\"}]}", " \n{\"a\":1}\n ",
            "{\"a\": 1,}", "[1,]", "{a: 1}", "{'a': 1}", "[01]", "[1.]", "[.5]", "[1e]", "\"\\x\"", "\"a\nb\"", "[NaN]", "[Infinity]",
            "{\"a\" 1}", "{\"a\": 1 \"b\": 2}", "[1] 2", "", "   ", "[\"\\u12g4\"]", "{\"a\":}", "[tru]", "nul", "[-]", "{\"a\":1", "\"abc",
            "\u{FEFF}{}", "[1, 2, 3]]", "{\"scripts\": {\"x\": \"y\"}}",
        ]
        let script = "import json,sys\nfor t in json.load(sys.stdin):\n    try:\n        json.loads(t, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))\n        print('ok')\n    except Exception:\n        print('bad')\n"
        let input = try JSONSerialization.data(withJSONObject: texts.map { $0.hasPrefix("\u{FEFF}") ? String($0.dropFirst()) : $0 })
        let result = try #require(Subprocess.run(["python3", "-c", script], input: Array(input)))
        let verdicts = String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(verdicts.count == texts.count)
        for (text, verdict) in zip(texts, verdicts) {
            #expect((JSONReader.firstProblem(in: Array(text.utf8)) == nil) == (verdict == "ok"), "\(text.debugDescription): python says \(verdict)")
        }
    }
}
