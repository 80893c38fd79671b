import ArgumentParser
import FolioModel
import FolioServe
import Foundation

/// `folio serve`.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Build the site into .folio/serve/, serve it on 127.0.0.1, and rebuild when a file changes.",
        discussion: """
            Open pages reload themselves after each rebuild. The output folder is not touched. Problems \
            print as 'folio build' prints them. Exit status: 2 for a configuration error or a port that \
            cannot be used; otherwise it runs until stopped.
            """)

    @Option(name: .long, help: ArgumentHelp("Configuration file; its folder is the repository root.", valueName: "path"))
    var config: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Port to listen on (0: any free port).", valueName: "port"))
    var port: Int = 8000

    @Option(name: .long, help: ArgumentHelp("Address to listen on; 0.0.0.0 shows the site to the network.", valueName: "address"))
    var host = "127.0.0.1"

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be from 0 to 65535") }
    }

    func execute(workingDirectory: String, output: (String) -> Void, errors: (String) -> Void) -> Int32 {
        let build = BuildOptions(workingDirectory: workingDirectory, configPath: config, progress: { FolioCommand.printError($0) })
        // Lines are written at once, not when a buffer fills: a terminal or a script is waiting for them.
        return Preview.run(
            PreviewOptions(build: build, host: host, port: port, laterProblems: { FolioCommand.printError($0) }),
            output: { line in
                output(line)
                fflush(nil)
            }, errors: errors)
    }
}
