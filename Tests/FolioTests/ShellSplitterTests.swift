import Testing

@testable import FolioCheck

/// How shell text in the docs is read into commands, without running anything.
@Suite struct ShellSplitterTests {
    func words(_ text: String) -> [[String]] { ShellSplitter.commands(in: text).map(\.words) }

    @Test func operatorsSplitCommands() {
        #expect(words("make build && make test || echo no; ls | wc -l &") == [["make", "build"], ["make", "test"], ["echo", "no"], ["ls"], ["wc", "-l"]])
    }

    @Test func continuationsQuotesAndComments() {
        #expect(words("docker compose \\\n  up -d \\\n  orders # start it\n") == [["docker", "compose", "up", "-d", "orders"]])
        #expect(words("echo 'a && b' \"c; d\" e\\ f") == [["echo", "a && b", "c; d", "e f"]])
        #expect(words("# only a comment\n\nmake x") == [["make", "x"]])
        #expect(words("echo a#b") == [["echo", "a#b"]])
    }

    @Test func environmentPrefixesAndWrappersAreTakenOff() {
        let commands = ShellSplitter.commands(in: "FOO=1 BAR=two sudo -u app -E env -i make llm-setup")
        #expect(commands.map(\.words) == [["make", "llm-setup"]])
        #expect(commands.first?.environment == ["FOO": "1", "BAR": "two"])
        #expect(words("time nohup ./run.sh") == [["./run.sh"]])
    }

    @Test func redirectionsAreNotWords() {
        #expect(words("make build > build.log 2>&1") == [["make", "build"]])
        #expect(words("cat < in.txt >> out.txt") == [["cat"]])
        #expect(words("npm test 2> errors.txt") == [["npm", "test"]])
    }

    @Test func hereDocumentBodiesAreNotCommands() {
        let text = "cat <<EOF > config.yaml\nmake not-a-command\nEOF\nmake after\ncat <<-'END'\n\trm -rf /\n\tEND\nmake last\n"
        #expect(words(text) == [["cat"], ["make", "after"], ["cat"], ["make", "last"]])
    }

    @Test func cdMovesLaterCommands() {
        let commands = ShellSplitter.commands(in: "cd services/orders && make test\nmake lint\ncd ../..\nmake docs\ncd $HOME\nmake x\n")
        #expect(commands.map(\.directory) == ["", "services/orders", "services/orders", "services/orders", "", "", nil])
    }

    @Test func aClonedRepositoryIsTheRootAndAMadeFolderIsUnknown() {
        let commands = ShellSplitter.commands(in: "git clone https://example.org/acme/shop.git && cd shop\nmake docs\nmkdir -p build && cd build\ncmake ..\n")
        #expect(commands.map(\.directory) == ["", "", "", "", "", nil])
        #expect(ShellSplitter.commands(in: "git clone git@host:acme/shop.git copy && cd copy && make\n").last?.directory == "")
        #expect(ShellSplitter.commands(in: "(cd web && npm test)\nnpm run lint\n").map(\.directory) == ["", "web", ""])
    }

    @Test func positionsAndWrittenText() {
        let commands = ShellSplitter.commands(in: "# setup\n  FOO=1 make \\\n    llm-setup && docker compose up -d\n")
        #expect(commands.map { [$0.line, $0.column] } == [[2, 9], [3, 18]])
        #expect(commands.map(\.written) == ["make llm-setup", "docker compose up -d"])
    }

    @Test func commandSubstitutionStaysInItsWord() {
        #expect(words("kubectl logs $(kubectl get pods -o name | head -1) && make x") == [["kubectl", "logs", "$(kubectl get pods -o name | head -1)"], ["make", "x"]])
    }

    /// Blocks parsed a hundred at a time give the same findings as blocks parsed one by one.
    @Test func batchedSyntaxChecksMissNothing() {
        let valid = ["f() { echo hi; }\nf", "cat <<EOF\nbody\nEOF", "", "echo '}'"]
        #expect(CommandSyntax.isValid(valid), "valid blocks pass together, a quoted brace and an empty block too")
        // An unterminated here-document swallows the wrapper: the batch fails, and block by block it is fine.
        #expect(!CommandSyntax.isValid(["cat <<EOF\nunterminated", "echo fine"]))
        #expect(!CommandSyntax.isValid(valid + ["if true; then"]), "one broken block fails the batch")
        #expect(!CommandSyntax.isValid(["echo 'open", "echo fine"]), "an unclosed quote cannot swallow the next block")
        #expect(!CommandSyntax.isValid(["}", "echo fine"]), "a stray brace cannot close the wrapper")
        #expect(CommandSyntax.syntaxErrors("if true; then").count == 1)
        #expect(CommandSyntax.syntaxErrors("cat <<EOF\nunterminated here-document").isEmpty)
    }
}

/// Text the shell cannot read: never a crash, a problem where it opens, the words before it kept.
@Suite struct ShellSplitterProblemTests {
    @Test(arguments: [
        ("echo \"x", 1, 6, "the double quote is never closed"),
        ("make a\necho 'x", 2, 6, "the single quote is never closed"),
        ("echo $(date", 1, 6, "'$(' is never closed with ')'"),
        ("echo `date", 1, 6, "the backquote is never closed"),
        ("cat <<EOF\nbody\n", 1, 5, "the here-document 'EOF' is never closed"),
        ("cat <<-END", 1, 5, "the here-document 'END' is never closed"),
        ("x \"\\", 1, 3, "the double quote is never closed"),
    ])
    func unclosedTextIsAProblem(text: String, line: Int, column: Int, message: String) {
        let (_, problems) = ShellSplitter.split(text)
        #expect(problems == [ShellSplitter.Problem(line: line, column: column, message: message)])
    }

    /// Found by fuzzing: CRLF lines were one "line" to the text shown, but two to the positions.
    @Test func crlfTextKeepsLinesAndWrittenText() {
        let (commands, _) = ShellSplitter.split("make a\r\n\r\nmake b \\\r\n  c\r\n")
        #expect(commands.map(\.line) == [1, 3])
        #expect(commands.map(\.written).first == "make a")
    }

    @Test func commandsBeforeTheProblemAreKept() {
        let (commands, problems) = ShellSplitter.split("make build\nmake \"test")
        #expect(commands.map(\.words) == [["make", "build"]], "the command cut short is not one")
        #expect(problems.count == 1)
    }

    @Test func closedTextHasNoProblem() {
        for text in ["echo \"a\" 'b' $(c) `d`", "cat <<EOF\nx\nEOF", "cat <<EOF\nx\nEOF\n", "echo \\", "echo \"a\\\"b\""] {
            #expect(ShellSplitter.split(text).problems == [], "\(text)")
        }
    }

    /// Every prefix of texts that open something: the splitter never reads past the end.
    @Test func everyPrefixIsRead() {
        let texts = ["echo \"$(cat <<EOF\n`x` 'y'\nEOF\n)\" && make a || (cd b; make c) 2>&1 | tee f", "a\\\n\"\\"]
        for text in texts {
            let scalars = Array(text.unicodeScalars)
            for end in 0...scalars.count {
                let prefix = String(String.UnicodeScalarView(scalars[..<end]))
                for problem in ShellSplitter.split(prefix).problems {
                    #expect(problem.line >= 1 && problem.column >= 1)
                }
            }
        }
    }
}
